import type { Logger } from 'pino';
import { Dialog, dialogKey } from './dialog.js';
import {
  header,
  headerList,
  isParseError,
  parseCSeq,
  parseSipMessage,
  tagOf,
  type SipRequest,
  type SipResponse,
} from './sip-message.js';
import { SourceRateLimiter } from './rate-limiter.js';
import { Registrar, type PhoneAccount, type PhoneBinding } from './registrar.js';
import { TransactionLayer, buildResponse, newTag, type ClientTransaction, type ResponseHandler, type ServerTransaction } from './sip-transactions.js';
import { startSipTransport, type Flow, type SipTransport } from './sip-transport.js';

/**
 * The SIP stack of the platform: transport, transactions, the registrar and dispatch. New INVITEs
 * go to the call manager; requests inside a dialog go to whoever owns the dialog. Everything that
 * is not understood is answered with the right 4xx/5xx or dropped; nothing here throws into the
 * socket's event loop.
 */

export const ALLOWED_METHODS = 'INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, REFER, NOTIFY, REGISTER';
/** Methods we know but do not offer: 405 with Allow, rather than 501 (RFC 3261 §21.4.6). */
const KNOWN_NOT_ALLOWED = new Set(['SUBSCRIBE', 'PUBLISH', 'MESSAGE', 'UPDATE', 'PRACK']);
const SUPPORTED_EXTENSIONS = new Set(['replaces']);

export type DialogHandler = {
  onRequest(req: SipRequest, tx: ServerTransaction | null, flow: Flow): void;
  /** Our ACK to the peer's 2xx was lost (the 2xx came again): send it again. */
  resendAck?(): void;
};

export type SipStackOptions = {
  host: string;
  port: number;
  /** The address written in Contact and SDP (the node's address as phones and gateways see it). */
  publicAddress: string;
  realm: string;
  log: Logger;
  findAccount(username: string): Promise<PhoneAccount | null>;
  onInvite(req: SipRequest, flow: Flow, tx: ServerTransaction): void;
  onBindingChange?(username: string, binding: PhoneBinding | null): void;
  inviteRatePerSecond?: number;
  registerRatePerSecond?: number;
  timers?: { T1?: number; T2?: number; T4?: number };
};

export type SipStackStats = { received: number; malformed: number; rateLimited: number; dialogs: number };

export class SipStack {
  readonly transactions: TransactionLayer;
  readonly registrar: Registrar;
  private readonly dialogs = new Map<string, DialogHandler>();
  private readonly inviteLimiter: SourceRateLimiter;
  private readonly registerLimiter: SourceRateLimiter;
  readonly stats: SipStackStats = { received: 0, malformed: 0, rateLimited: 0, dialogs: 0 };

  private constructor(
    private readonly transport: SipTransport,
    private readonly options: SipStackOptions,
  ) {
    this.transactions = new TransactionLayer(transport, { onRequest: (req, flow, tx) => this.dispatch(req, flow, tx), onStrayResponse: (res) => this.onStrayResponse(res) }, options.timers);
    this.registrar = new Registrar({ realm: options.realm, findAccount: options.findAccount, onChange: options.onBindingChange });
    const inviteRate = options.inviteRatePerSecond ?? 100;
    const registerRate = options.registerRatePerSecond ?? 20;
    this.inviteLimiter = new SourceRateLimiter(inviteRate, inviteRate * 2);
    this.registerLimiter = new SourceRateLimiter(registerRate, registerRate * 2);
  }

  static async start(options: SipStackOptions): Promise<SipStack> {
    let stack: SipStack | null = null;
    const transport = await startSipTransport({
      host: options.host,
      port: options.port,
      onMessage: (bytes, flow) => stack?.receive(bytes, flow),
      onError: (err) => options.log.warn({ err }, 'SIP transport error'),
    });
    stack = new SipStack(transport, options);
    return stack;
  }

  get port(): number {
    return this.transport.port;
  }

  get publicAddress(): string {
    return this.options.publicAddress;
  }

  contactFor(user: string, transport: Flow['transport'] = 'udp'): string {
    return `<sip:${user}@${this.options.publicAddress}:${this.transport.port}${transport === 'tcp' ? ';transport=tcp' : ''}>`;
  }

  /** One message from the wire. Never throws. */
  receive(bytes: Buffer, flow: Flow): void {
    this.stats.received++;
    try {
      const message = parseSipMessage(bytes);
      if (isParseError(message)) {
        this.stats.malformed++;
        this.answerMalformed(message.error, message.partial, flow);
        return;
      }
      if (message.kind === 'request') this.transactions.receiveRequest(message, flow);
      else this.transactions.receiveResponse(message, flow);
    } catch (err) {
      this.stats.malformed++;
      this.options.log.warn({ err, from: `${flow.address}:${flow.port}` }, 'SIP message could not be handled');
    }
  }

  /** A request we could read enough of to answer gets a 400 naming the problem; anything else is dropped. */
  private answerMalformed(error: string, partial: { method?: string; headers: Map<string, string[]> } | undefined, flow: Flow) {
    if (!partial?.method || partial.method === 'ACK') return;
    const h = partial.headers;
    if (!h.get('via')?.length || !h.get('call-id')?.length || !h.get('from')?.length || !h.get('to')?.length || !h.get('cseq')?.length) return;
    const req: SipRequest = { kind: 'request', method: partial.method, uri: '', headers: h, body: Buffer.alloc(0) };
    const reason = `Bad Request (${error})`.replace(/[\r\n]/g, ' ').slice(0, 100);
    this.transactions.sendStatelessResponse(buildResponse(req, error === 'message too large' ? 513 : 400, { reason, toTag: newTag() }), flow);
  }

  private dispatch(req: SipRequest, flow: Flow, tx: ServerTransaction | null): void {
    const maxForwards = header(req, 'max-forwards');
    if (tx && maxForwards !== undefined && Number(maxForwards) <= 0) {
      tx.respond(483);
      return;
    }
    const toTag = tagOf(header(req, 'to'));
    if (toTag) {
      const handler = this.dialogs.get(dialogKey(header(req, 'call-id')!, toTag, tagOf(header(req, 'from')) ?? ''));
      if (handler) handler.onRequest(req, tx, flow);
      else tx?.respond(481);
      return;
    }
    if (!tx) return; // an ACK outside any dialog
    // Option tags we do not support in Require get a 420 naming them (RFC 3261 §8.2.2.3).
    const unsupported = headerList(req, 'require').filter((tag) => !SUPPORTED_EXTENSIONS.has(tag.toLowerCase()));
    if (unsupported.length && req.method !== 'CANCEL') {
      tx.respond(420, { headers: [['Unsupported', unsupported.join(', ')]] });
      return;
    }
    switch (req.method) {
      case 'REGISTER':
        if (!this.registerLimiter.allow(flow.address)) return this.refuseFlood(tx);
        this.registrar.handle(req, flow, tx).catch((err) => {
          this.options.log.error({ err }, 'REGISTER failed');
          tx.respond(500);
        });
        return;
      case 'INVITE':
        if (!this.inviteLimiter.allow(flow.address)) return this.refuseFlood(tx);
        this.options.onInvite(req, flow, tx);
        return;
      case 'OPTIONS':
        tx.respond(200, { headers: [['Allow', ALLOWED_METHODS], ['Accept', 'application/sdp'], ['Supported', [...SUPPORTED_EXTENSIONS].join(', ')]] });
        return;
      case 'BYE':
      case 'INFO':
      case 'REFER':
      case 'NOTIFY':
        tx.respond(481);
        return;
      default:
        tx.respond(KNOWN_NOT_ALLOWED.has(req.method) ? 405 : 501, { headers: [['Allow', ALLOWED_METHODS]] });
    }
  }

  private refuseFlood(tx: ServerTransaction) {
    this.stats.rateLimited++;
    tx.respond(503, { reason: 'Rate limited', headers: [['Retry-After', '5']] });
  }

  /** A 2xx to INVITE retransmitted after the transaction ended: our ACK was lost, send it again. */
  private onStrayResponse(res: SipResponse) {
    const cseq = parseCSeq(header(res, 'cseq') ?? '');
    if (!cseq || cseq.method !== 'INVITE' || res.status < 200 || res.status >= 300) return;
    const key = dialogKey(header(res, 'call-id') ?? '', tagOf(header(res, 'from')) ?? '', tagOf(header(res, 'to')) ?? '');
    this.dialogs.get(key)?.resendAck?.();
  }

  addDialog(dialog: Dialog, handler: DialogHandler): void {
    this.dialogs.set(dialog.key, handler);
    this.stats.dialogs = this.dialogs.size;
  }

  removeDialog(dialog: Dialog): void {
    this.dialogs.delete(dialog.key);
    this.stats.dialogs = this.dialogs.size;
  }

  findDialog(callId: string, localTag: string, remoteTag: string): DialogHandler | undefined {
    return this.dialogs.get(dialogKey(callId, localTag, remoteTag));
  }

  sendInDialog(dialog: Dialog, req: SipRequest, onResponse: ResponseHandler): ClientTransaction {
    return this.transactions.request(req, dialog.flow, onResponse);
  }

  sendRequest(req: SipRequest, flow: Flow, onResponse: ResponseHandler): ClientTransaction {
    return this.transactions.request(req, flow, onResponse);
  }

  async close(): Promise<void> {
    this.transactions.clear();
    await this.transport.close();
  }
}
