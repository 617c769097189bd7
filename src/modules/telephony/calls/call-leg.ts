import { randomUUID } from 'node:crypto';
import { buildSdp, negotiate, parseSdp, type MediaDescription } from '../media/sdp.js';
import type { RtpEndpoint } from '../media/rtp-endpoint.js';
import { Dialog } from '../sip/dialog.js';
import { header, headerList, parseNameAddr, parseUri, type SipHeaders, type SipRequest, type SipResponse } from '../sip/sip-message.js';
import type { SipStack } from '../sip/sip-stack.js';
import { newTag, type ClientTransaction, type ServerTransaction } from '../sip/sip-transactions.js';
import type { Flow } from '../sip/sip-transport.js';

/**
 * One side of a call as the platform sees it: a SIP INVITE session (dialog, offer/answer,
 * re-INVITE, BYE, CANCEL, INFO, REFER) and the RTP endpoint that carries its audio. A call from a
 * citizen is one leg; bridging to an agent adds a second leg, and the call manager relays audio
 * between them. A leg never decides what the call does: it reports (ended, digit, held, refer) to
 * its owner.
 */

export type LegEndCause = 'remote_bye' | 'local_hangup' | 'cancelled' | 'rtp_timeout' | 'no_ack' | 'rejected' | 'failed';
export type Direction = MediaDescription['direction'];

export type LegEvents = {
  ended(cause: LegEndCause): void;
  digit(digit: string): void;
  /** The peer put us on hold (true) or took us off it (false) with a re-INVITE. */
  hold(held: boolean): void;
  /** The peer asked us to transfer its partner (REFER). `replaces` names a dialog for an attended transfer. */
  refer(target: { user: string | null; uri: string; replaces: { callId: string; toTag: string; fromTag: string } | null }, leg: CallLeg): void;
};

export class DialFailure extends Error {
  constructor(
    readonly status: number,
    readonly outcome: 'no_answer' | 'busy' | 'rejected' | 'failed' | 'cancelled',
  ) {
    super(`dial failed: ${status} (${outcome})`);
  }
}

export class CallLeg {
  readonly id = randomUUID();
  dialog: Dialog | null = null;
  state: 'offered' | 'answered' | 'ended' = 'offered';
  /** The peer put this leg on hold. */
  heldByPeer = false;
  private sdpVersion = 1;
  private readonly sdpSession = Math.floor(Math.random() * 1e9);
  private direction: Direction = 'sendrecv';
  private inviteTx: ServerTransaction | null = null;
  private clientInvite: ClientTransaction | null = null;
  private ackRequest: SipRequest | null = null;
  private listeners: Partial<LegEvents> = {};
  private ackTimer: NodeJS.Timeout | null = null;
  answeredAt: Date | null = null;

  private constructor(
    private readonly stack: SipStack,
    readonly endpoint: RtpEndpoint,
    readonly side: 'uas' | 'uac',
    /** The peer's identity: the caller's number or the agent phone's user. */
    readonly peerUser: string | null,
  ) {}

  on<K extends keyof LegEvents>(event: K, fn: LegEvents[K]): void {
    this.listeners[event] = fn;
  }

  // ─── incoming (UAS) ────────────────────────────────────────────────────────────────────────

  /**
   * A leg for an incoming INVITE. Returns null after answering 488 when the offer has no codec we
   * speak. An INVITE without SDP (late offer) is allowed: our 200 carries the offer.
   */
  static incoming(stack: SipStack, invite: SipRequest, flow: Flow, tx: ServerTransaction, endpoint: RtpEndpoint): CallLeg | null {
    const from = parseNameAddr(header(invite, 'from') ?? '');
    const leg = new CallLeg(stack, endpoint, 'uas', (from && parseUri(from.uri)?.user) ?? null);
    leg.inviteTx = tx;
    if (invite.body.length) {
      const offer = parseSdp(invite.body.toString('utf8'));
      if (!offer || !leg.applyRemote(offer)) {
        tx.respond(488, { headers: [['Warning', '305 12333 "Incompatible media format"']] });
        return null;
      }
    }
    leg.dialog = Dialog.asUas(invite, flow, tx.toTag, stack.contactFor(parseUri(invite.uri)?.user ?? '12333', flow.transport));
    tx.onCancel = () => leg.finish('cancelled');
    stack.addDialog(leg.dialog, { onRequest: (req, t) => leg.onRequest(req, t) });
    return leg;
  }

  ring(): void {
    if (this.state === 'offered' && this.inviteTx) this.inviteTx.respond(180, { headers: [['Contact', this.dialog!.localContact]] });
  }

  answer(): void {
    if (this.state !== 'offered' || !this.inviteTx) return;
    this.state = 'answered';
    this.answeredAt = new Date();
    this.inviteTx.respond(200, {
      body: this.localSdp(),
      headers: [['Contact', this.dialog!.localContact], ['Allow', 'INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, REFER, NOTIFY']],
    });
    // Timer H's counterpart for 2xx: a caller that never ACKs is gone (RFC 3261 §13.3.1.4).
    this.ackTimer = setTimeout(() => this.state === 'answered' && this.inviteTx && this.hangup('no_ack'), 64 * this.stack.transactions.timers.T1);
    this.ackTimer.unref?.();
  }

  reject(status: number, reason?: string): void {
    if (this.state !== 'offered' || !this.inviteTx) return;
    this.inviteTx.respond(status, reason ? { reason } : {});
    this.finish('rejected');
  }

  // ─── outgoing (UAC) ────────────────────────────────────────────────────────────────────────

  /**
   * Calls a phone or a gateway. Resolves when it answers; rejects with a DialFailure on a final
   * error, after `ringTimeoutMs` (CANCEL) or when `abort` fires.
   */
  static dial(
    stack: SipStack,
    endpoint: RtpEndpoint,
    target: { requestUri: string; flow: Flow; toUri: string; peerUser: string | null },
    from: { user: string; display?: string },
    opts: { ringTimeoutMs: number; onRinging?(): void; abort?: AbortSignal },
  ): Promise<CallLeg> {
    const leg = new CallLeg(stack, endpoint, 'uac', target.peerUser);
    const localTag = newTag();
    const callId = `${randomUUID()}@${stack.publicAddress}`;
    const headers: SipHeaders = new Map([
      ['from', [`${from.display ? `"${from.display}" ` : ''}<sip:${from.user}@${stack.publicAddress}>;tag=${localTag}`]],
      ['to', [`<${target.toUri}>`]],
      ['call-id', [callId]],
      ['cseq', ['1 INVITE']],
      ['contact', [stack.contactFor(from.user, target.flow.transport)]],
      ['allow', ['INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, REFER, NOTIFY']],
      ['content-type', ['application/sdp']],
    ]);
    const invite: SipRequest = { kind: 'request', method: 'INVITE', uri: target.requestUri, headers, body: Buffer.from(leg.localSdp(true)) };
    return new Promise<CallLeg>((resolve, reject) => {
      let settled = false;
      const fail = (err: DialFailure) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        leg.finish('failed');
        reject(err);
      };
      const cancel = (outcome: DialFailure['outcome']) => {
        if (settled) return;
        leg.sendCancel(invite, target.flow);
        fail(new DialFailure(487, outcome));
      };
      const timer = setTimeout(() => cancel('no_answer'), opts.ringTimeoutMs);
      opts.abort?.addEventListener('abort', () => cancel('cancelled'), { once: true });
      leg.clientInvite = stack.sendRequest(invite, target.flow, (res: SipResponse) => {
        if (res.status < 200) {
          if (res.status === 180 || res.status === 183) opts.onRinging?.();
          return;
        }
        if (res.status >= 300) {
          fail(new DialFailure(res.status, res.status === 486 || res.status === 600 ? 'busy' : res.status === 408 || res.status === 480 ? 'no_answer' : res.status === 487 ? 'cancelled' : 'rejected'));
          return;
        }
        // 2xx: establish the dialog (once), ACK every copy.
        if (!leg.dialog) {
          leg.dialog = Dialog.asUac(invite, res, target.flow, stack.contactFor(from.user, target.flow.transport));
          stack.addDialog(leg.dialog, { onRequest: (req, t) => leg.onRequest(req, t), resendAck: () => leg.resendAck() });
          leg.ackRequest = leg.dialog.request('ACK');
        }
        const answer = parseSdp(res.body.toString('utf8'));
        if (settled) {
          // Answered after we gave up (CANCEL crossed the 200): ACK, then hang up.
          leg.resendAck();
          leg.state = 'answered';
          leg.hangup('local_hangup');
          return;
        }
        leg.resendAck();
        if (!answer || !leg.applyRemote(answer)) {
          leg.state = 'answered';
          leg.hangup('failed');
          fail(new DialFailure(488, 'failed'));
          return;
        }
        settled = true;
        clearTimeout(timer);
        leg.state = 'answered';
        leg.answeredAt = new Date();
        resolve(leg);
      });
    });
  }

  private sendCancel(invite: SipRequest, flow: Flow) {
    const tx = this.clientInvite;
    if (!tx || tx.state === 'terminated' || tx.state === 'completed') return;
    const headers: SipHeaders = new Map([
      ['from', invite.headers.get('from')!],
      ['to', invite.headers.get('to')!],
      ['call-id', invite.headers.get('call-id')!],
      ['cseq', [`${(header(invite, 'cseq') ?? '1').split(' ')[0]} CANCEL`]],
    ]);
    const route = invite.headers.get('route');
    if (route) headers.set('route', route);
    this.stack.transactions.request({ kind: 'request', method: 'CANCEL', uri: invite.uri, headers, body: Buffer.alloc(0) }, flow, () => {}, tx.branch);
  }

  resendAck(): void {
    if (this.ackRequest && this.dialog) this.stack.transactions.sendAck({ ...this.ackRequest, headers: new Map(this.ackRequest.headers) }, this.dialog.flow);
  }

  // ─── both sides ───────────────────────────────────────────────────────────────────────────

  /** Ends the leg from our side: BYE when answered, CANCEL/487 before. */
  hangup(cause: LegEndCause = 'local_hangup'): void {
    if (this.state === 'ended') return;
    if (this.state === 'offered') {
      if (this.inviteTx) this.inviteTx.respond(487);
      this.finish(cause);
      return;
    }
    if (this.dialog) this.stack.sendInDialog(this.dialog, this.dialog.request('BYE'), () => {});
    this.finish(cause);
  }

  /** Hold (sendonly: we may still play music) or resume with a re-INVITE. */
  setDirection(direction: Direction): Promise<boolean> {
    if (this.state !== 'answered' || !this.dialog) return Promise.resolve(false);
    this.direction = direction;
    this.sdpVersion++;
    const req = this.dialog.request('INVITE', { body: this.localSdp() });
    return new Promise((resolve) => {
      this.stack.sendInDialog(this.dialog!, req, (res) => {
        if (res.status < 200) return;
        if (res.status < 300 && this.dialog) {
          const ack = this.dialog.request('ACK', { cseq: this.dialog.localSeq });
          this.stack.transactions.sendAck(ack, this.dialog.flow);
          const answer = parseSdp(res.body.toString('utf8'));
          if (answer) this.applyRemote(answer);
        }
        resolve(res.status < 300);
      });
    });
  }

  sendRequest(method: string, opts: Parameters<Dialog['request']>[1], onResponse: (res: SipResponse) => void = () => {}): void {
    if (this.dialog && this.state === 'answered') this.stack.sendInDialog(this.dialog, this.dialog.request(method, opts), onResponse);
  }

  /** NOTIFY of a REFER's progress (RFC 3515 §2.4.4): a sipfrag status line. */
  notifyReferProgress(status: number, reason: string, final: boolean): void {
    this.sendRequest('NOTIFY', {
      body: `SIP/2.0 ${status} ${reason}\r\n`,
      contentType: 'message/sipfrag;version=2.0',
      headers: [['Event', 'refer'], ['Subscription-State', final ? 'terminated;reason=noresource' : 'active;expires=60']],
    });
  }

  private onRequest(req: SipRequest, tx: ServerTransaction | null): void {
    if (this.state === 'ended') {
      tx?.respond(481);
      return;
    }
    if (!this.dialog!.acceptsSequence(req)) {
      tx?.respond(500, { reason: 'Out of order CSeq' });
      return;
    }
    switch (req.method) {
      case 'ACK': {
        if (this.ackTimer) clearTimeout(this.ackTimer);
        this.ackTimer = null;
        // Late offer: the answer comes in the ACK.
        if (req.body.length) {
          const answer = parseSdp(req.body.toString('utf8'));
          if (answer) this.applyRemote(answer);
        }
        this.inviteTx?.acknowledged();
        this.inviteTx = null;
        return;
      }
      case 'BYE':
        tx!.respond(200);
        this.finish('remote_bye');
        return;
      case 'INVITE':
        this.onReInvite(req, tx!);
        return;
      case 'INFO':
        this.onInfo(req, tx!);
        return;
      case 'REFER':
        this.onRefer(req, tx!);
        return;
      case 'NOTIFY':
      case 'OPTIONS':
        tx!.respond(200);
        return;
      default:
        tx?.respond(501);
    }
  }

  private onReInvite(req: SipRequest, tx: ServerTransaction) {
    if (req.body.length) {
      const offer = parseSdp(req.body.toString('utf8'));
      if (!offer || !this.applyRemote(offer)) {
        tx.respond(488);
        return;
      }
      const held = offer.direction === 'sendonly' || offer.direction === 'inactive' || offer.address === '0.0.0.0';
      // Answer in kind (RFC 3264 §6.1): they send only, so we receive only.
      this.direction = held ? (offer.direction === 'inactive' ? 'inactive' : 'recvonly') : 'sendrecv';
      this.sdpVersion++;
      if (held !== this.heldByPeer) {
        this.heldByPeer = held;
        this.listeners.hold?.(held);
      }
    }
    const target = parseNameAddr(headerList(req, 'contact')[0] ?? '');
    if (target && this.dialog) this.dialog.remoteTarget = target.uri;
    this.inviteTx = tx;
    tx.respond(200, { body: this.localSdp(), headers: [['Contact', this.dialog!.localContact]] });
  }

  /** SIP INFO DTMF, the fallback when RFC 4733 is not offered: application/dtmf-relay or application/dtmf. */
  private onInfo(req: SipRequest, tx: ServerTransaction) {
    const type = (header(req, 'content-type') ?? '').toLowerCase();
    const body = req.body.toString('utf8');
    let digit: string | null = null;
    if (type.startsWith('application/dtmf-relay')) digit = /Signal\s*=\s*([0-9*#A-Da-d])/.exec(body)?.[1] ?? null;
    else if (type.startsWith('application/dtmf')) digit = /^\s*([0-9*#A-Da-d])\s*$/.exec(body)?.[1] ?? null;
    tx.respond(200);
    if (digit) this.listeners.digit?.(digit.toUpperCase());
  }

  private onRefer(req: SipRequest, tx: ServerTransaction) {
    const referTo = parseNameAddr(header(req, 'refer-to') ?? '');
    const uri = referTo ? parseUri(referTo.uri) : null;
    if (!referTo || !uri) {
      tx.respond(400, { reason: 'Bad Refer-To' });
      return;
    }
    let replaces: { callId: string; toTag: string; fromTag: string } | null = null;
    const r = uri.headers.get('replaces');
    if (r) {
      const [callId, ...params] = r.split(';');
      const p = new Map(params.map((x) => x.split('=') as [string, string]));
      if (!callId || !p.get('to-tag') || !p.get('from-tag')) {
        tx.respond(400, { reason: 'Bad Replaces' });
        return;
      }
      replaces = { callId, toTag: p.get('to-tag')!, fromTag: p.get('from-tag')! };
    }
    tx.respond(202);
    this.notifyReferProgress(100, 'Trying', false);
    this.listeners.refer?.({ user: uri.user, uri: referTo.uri.split('?')[0]!, replaces }, this);
  }

  /** Negotiates against a remote SDP and points the RTP endpoint at it; false when no codec fits. */
  private applyRemote(remote: MediaDescription): boolean {
    const chosen = negotiate(remote);
    if (!chosen) return false;
    this.endpoint.codec = chosen.codec;
    this.endpoint.payloadType = chosen.payloadType;
    this.endpoint.telephoneEventPayloadType = chosen.telephoneEventPayloadType;
    if (remote.address !== '0.0.0.0' && remote.port > 0) this.endpoint.setRemote(remote.address, remote.port);
    return true;
  }

  private localSdp(offer = false): string {
    const e = this.endpoint;
    return buildSdp({
      sessionId: this.sdpSession,
      sessionVersion: this.sdpVersion,
      address: this.stack.publicAddress,
      port: e.localPort,
      codecs: offer ? [{ payloadType: 8, name: 'PCMA' }, { payloadType: 0, name: 'PCMU' }] : [{ payloadType: e.payloadType, name: e.codec }],
      telephoneEventPayloadType: offer ? 101 : e.telephoneEventPayloadType,
      direction: this.direction,
    });
  }

  private finish(cause: LegEndCause) {
    if (this.state === 'ended') return;
    this.state = 'ended';
    if (this.ackTimer) clearTimeout(this.ackTimer);
    if (this.dialog) {
      const d = this.dialog;
      // Keep answering retransmitted BYEs for a while before forgetting the dialog.
      setTimeout(() => this.stack.removeDialog(d), 32_000).unref?.();
    }
    this.endpoint.close();
    this.listeners.ended?.(cause);
  }
}
