import { header, headerList, parseCSeq, parseNameAddr, tagOf, type SipHeaders, type SipRequest, type SipResponse } from './sip-message.js';
import type { Flow } from './sip-transport.js';

/**
 * A dialog (RFC 3261 §12): the peer-to-peer relationship an INVITE sets up, identified by Call-ID
 * and the two tags. It builds the requests sent inside it (BYE, re-INVITE, INFO, NOTIFY) with the
 * right CSeq, route set and target, and checks the order of the requests it receives.
 */
export class Dialog {
  localSeq: number;
  remoteSeq: number | null;

  constructor(
    readonly callId: string,
    readonly localTag: string,
    public remoteTag: string,
    /** From/To values without tags, as this side writes them. */
    readonly localUri: string,
    readonly remoteUri: string,
    public remoteTarget: string,
    readonly routeSet: string[],
    /** The flow the peer talks to us on; in-dialog requests go back this way (NAT). */
    public flow: Flow,
    readonly localContact: string,
    localSeq: number,
    remoteSeq: number | null,
  ) {
    this.localSeq = localSeq;
    this.remoteSeq = remoteSeq;
  }

  get key(): string {
    return dialogKey(this.callId, this.localTag, this.remoteTag);
  }

  /** UAS side: from the INVITE we answer with `localTag` (RFC 3261 §12.1.1). */
  static asUas(invite: SipRequest, flow: Flow, localTag: string, localContact: string): Dialog {
    const from = header(invite, 'from')!;
    const to = header(invite, 'to')!;
    const contact = parseNameAddr(headerList(invite, 'contact')[0] ?? '');
    return new Dialog(
      header(invite, 'call-id')!,
      localTag,
      tagOf(from) ?? '',
      stripTag(to),
      stripTag(from),
      contact?.uri ?? parseNameAddr(from)?.uri ?? invite.uri,
      headerList(invite, 'record-route'),
      flow,
      localContact,
      Math.floor(Math.random() * 10_000) + 1,
      parseCSeq(header(invite, 'cseq')!)!.seq,
    );
  }

  /** UAC side: from our INVITE and the 2xx that answered it (RFC 3261 §12.1.2). */
  static asUac(invite: SipRequest, response: SipResponse, flow: Flow, localContact: string): Dialog {
    const contact = parseNameAddr(headerList(response, 'contact')[0] ?? '');
    return new Dialog(
      header(invite, 'call-id')!,
      tagOf(header(invite, 'from')) ?? '',
      tagOf(header(response, 'to')) ?? '',
      stripTag(header(invite, 'from')!),
      stripTag(header(invite, 'to')!),
      contact?.uri ?? invite.uri,
      headerList(response, 'record-route').reverse(),
      flow,
      localContact,
      parseCSeq(header(invite, 'cseq')!)!.seq,
      null,
    );
  }

  /** A request inside the dialog. ACK reuses the INVITE's CSeq number; CANCEL is never built here. */
  request(method: string, opts: { body?: Buffer | string; contentType?: string; headers?: [string, string][]; cseq?: number } = {}): SipRequest {
    const seq = opts.cseq ?? (method === 'ACK' ? this.localSeq : ++this.localSeq);
    const headers: SipHeaders = new Map();
    if (this.routeSet.length) headers.set('route', [...this.routeSet]);
    headers.set('max-forwards', ['70']);
    headers.set('from', [`${this.localUri};tag=${this.localTag}`]);
    headers.set('to', [`${this.remoteUri};tag=${this.remoteTag}`]);
    headers.set('call-id', [this.callId]);
    headers.set('cseq', [`${seq} ${method}`]);
    if (method === 'INVITE' || method === 'UPDATE' || method === 'REFER' || method === 'NOTIFY') headers.set('contact', [this.localContact]);
    for (const [name, value] of opts.headers ?? []) headers.set(name.toLowerCase(), [...(headers.get(name.toLowerCase()) ?? []), value]);
    const body = typeof opts.body === 'string' ? Buffer.from(opts.body) : (opts.body ?? Buffer.alloc(0));
    if (body.length) headers.set('content-type', [opts.contentType ?? 'application/sdp']);
    return { kind: 'request', method, uri: this.remoteTarget, headers, body };
  }

  /**
   * Checks a request's CSeq against the last one (RFC 3261 §12.2.2): a lower number is out of
   * order and gets a 500. ACK and CANCEL carry the INVITE's number and are not checked.
   */
  acceptsSequence(req: SipRequest): boolean {
    if (req.method === 'ACK' || req.method === 'CANCEL') return true;
    const seq = parseCSeq(header(req, 'cseq') ?? '')?.seq;
    if (seq === undefined) return false;
    if (this.remoteSeq !== null && seq <= this.remoteSeq) return false;
    this.remoteSeq = seq;
    return true;
  }
}

export function dialogKey(callId: string, localTag: string, remoteTag: string): string {
  return `${callId}|${localTag}|${remoteTag}`;
}

export function stripTag(value: string): string {
  return value.replace(/;\s*tag=[^;]*/i, '');
}
