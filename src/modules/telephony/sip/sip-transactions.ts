import { randomBytes } from 'node:crypto';
import {
  BRANCH_MAGIC,
  REASON_PHRASES,
  formatVia,
  header,
  headerList,
  parseCSeq,
  parseVia,
  serializeSipMessage,
  type SipHeaders,
  type SipRequest,
  type SipResponse,
} from './sip-message.js';
import type { Flow, SipTransport } from './sip-transport.js';

/**
 * The transaction layer (RFC 3261 §17, with RFC 6026's Accepted state for 2xx to INVITE): it
 * retransmits over UDP, absorbs the other side's retransmissions, sends the ACK for a failed
 * INVITE and times out dead peers, so the layer above sees each request and each response once.
 */

export const SIP_TIMERS = { T1: 500, T2: 4000, T4: 5000 };

export type ResponseOptions = {
  reason?: string;
  /** Extra headers, in order. */
  headers?: [string, string][];
  body?: Buffer | string;
  contentType?: string;
  /** Added to To when it has no tag yet (every final response and 1xx other than 100 needs one). */
  toTag?: string;
};

export function newBranch(): string {
  return BRANCH_MAGIC + randomBytes(8).toString('hex');
}

export function newTag(): string {
  return randomBytes(6).toString('hex');
}

export function buildResponse(req: SipRequest, status: number, opts: ResponseOptions = {}): SipResponse {
  const headers: SipHeaders = new Map();
  headers.set('via', req.headers.get('via') ?? []);
  headers.set('from', req.headers.get('from') ?? []);
  let to = header(req, 'to') ?? '';
  if (opts.toTag && status > 100 && !/;\s*tag=/i.test(to)) to += `;tag=${opts.toTag}`;
  headers.set('to', [to]);
  headers.set('call-id', req.headers.get('call-id') ?? []);
  headers.set('cseq', req.headers.get('cseq') ?? []);
  for (const [name, value] of opts.headers ?? []) {
    const list = headers.get(name.toLowerCase());
    if (list) list.push(value);
    else headers.set(name.toLowerCase(), [value]);
  }
  const body = typeof opts.body === 'string' ? Buffer.from(opts.body, 'utf8') : (opts.body ?? Buffer.alloc(0));
  if (body.length) headers.set('content-type', [opts.contentType ?? 'application/sdp']);
  return { kind: 'response', status, reason: opts.reason ?? REASON_PHRASES[status] ?? 'Unknown', headers, body };
}

/** A transaction's running timers (unref'd: they never keep the process alive), cleared together. */
class TransactionTimers {
  private list: NodeJS.Timeout[] = [];

  after(ms: number, fn: () => void): void {
    const t = setTimeout(fn, ms);
    t.unref?.();
    this.list.push(t);
  }

  clear(): void {
    for (const t of this.list) clearTimeout(t);
    this.list = [];
  }
}

type ServerState = 'proceeding' | 'completed' | 'confirmed' | 'accepted' | 'terminated';

export class ServerTransaction {
  state: ServerState = 'proceeding';
  lastResponse: Buffer | null = null;
  lastStatus = 0;
  /** Called once when the other side CANCELs this INVITE (the layer has already answered the CANCEL). */
  onCancel: (() => void) | null = null;
  /** The To tag of every response this transaction sends; a dialog it creates takes it as its local tag. */
  readonly toTag = newTag();
  private readonly timers = new TransactionTimers();

  constructor(
    readonly layer: TransactionLayer,
    readonly key: string,
    readonly request: SipRequest,
    readonly flow: Flow,
  ) {}

  get isInvite(): boolean {
    return this.request.method === 'INVITE';
  }

  respond(status: number, opts: ResponseOptions = {}): SipResponse {
    const response = buildResponse(this.request, status, { ...opts, toTag: opts.toTag ?? this.toTag });
    this.sendResponse(response);
    return response;
  }

  sendResponse(response: SipResponse): void {
    if (this.state === 'terminated' || this.state === 'completed' || this.state === 'confirmed') return;
    if (this.state === 'accepted' && response.status >= 300) return;
    const bytes = serializeSipMessage(response);
    this.lastResponse = bytes;
    this.lastStatus = response.status;
    this.layer.sendToFlow(bytes, this.responseFlow());
    if (response.status < 200) return;
    const { T1, T2 } = this.layer.timers;
    const udp = this.flow.transport === 'udp';
    if (this.isInvite && response.status < 300) {
      // Accepted (RFC 6026): the dialog layer's ACK ends it; retransmit the 2xx until then.
      this.state = 'accepted';
      if (udp) this.retransmit(T1, T2);
      this.after(64 * T1, () => this.terminate());
    } else if (this.isInvite) {
      this.state = 'completed';
      if (udp) this.retransmit(T1, T2);
      // Timer H: no ACK came.
      this.after(64 * T1, () => this.terminate());
    } else {
      this.state = 'completed';
      // Timer J absorbs retransmitted requests over UDP.
      this.after(udp ? 64 * T1 : 0, () => this.terminate());
    }
  }

  /** Where responses go: the flow the request came on; over UDP without rport, the Via's port (RFC 3261 §18.2.2). */
  private responseFlow(): Flow {
    if (this.flow.transport !== 'udp') return this.flow;
    const via = parseVia(headerList(this.request, 'via')[0] ?? '');
    if (!via || via.params.has('rport')) return this.flow;
    return { ...this.flow, port: via.port ?? 5060 };
  }

  private retransmit(interval: number, cap: number) {
    this.after(interval, () => {
      if (!this.lastResponse || (this.state !== 'completed' && this.state !== 'accepted')) return;
      this.layer.sendToFlow(this.lastResponse, this.responseFlow());
      this.retransmit(Math.min(interval * 2, cap), cap);
    });
  }

  /** A retransmission of the request arrived. */
  onRetransmission(): void {
    if (this.lastResponse && this.state !== 'terminated') this.layer.sendToFlow(this.lastResponse, this.responseFlow());
  }

  /** The ACK for a non-2xx final response. */
  onAck(): void {
    if (this.state !== 'completed') return;
    this.state = 'confirmed';
    this.clearTimers();
    this.after(this.flow.transport === 'udp' ? this.layer.timers.T4 : 0, () => this.terminate());
  }

  /** The dialog got its ACK: stop retransmitting the 2xx. */
  acknowledged(): void {
    if (this.state === 'accepted') this.terminate();
  }

  terminate(): void {
    this.state = 'terminated';
    this.timers.clear();
    this.layer.forgetServer(this);
  }

  private after(ms: number, fn: () => void) {
    this.timers.after(ms, fn);
  }

  private clearTimers() {
    this.timers.clear();
  }
}

export type ResponseHandler = (response: SipResponse) => void;

export class ClientTransaction {
  state: 'calling' | 'proceeding' | 'completed' | 'accepted' | 'terminated' = 'calling';
  readonly branch: string;
  private readonly timers = new TransactionTimers();
  private retransmitTimer: NodeJS.Timeout | null = null;
  private readonly bytes: Buffer;
  gotProvisional = false;

  constructor(
    readonly layer: TransactionLayer,
    readonly request: SipRequest,
    readonly flow: Flow,
    private readonly onResponse: ResponseHandler,
  ) {
    const via = parseVia(headerList(request, 'via')[0] ?? '');
    this.branch = via?.params.get('branch') ?? '';
    this.bytes = serializeSipMessage(request);
  }

  get isInvite(): boolean {
    return this.request.method === 'INVITE';
  }

  start(): void {
    this.layer.sendToFlow(this.bytes, this.flow);
    const { T1, T2 } = this.layer.timers;
    if (this.flow.transport === 'udp') this.scheduleRetransmit(T1, this.isInvite ? Infinity : T2);
    // Timer B / F: the other side never answered.
    this.after(64 * T1, () => {
      if (this.state === 'calling' || (this.state === 'proceeding' && !this.isInvite)) {
        this.terminate();
        this.onResponse(this.syntheticTimeout());
      }
    });
  }

  private scheduleRetransmit(interval: number, cap: number) {
    this.retransmitTimer = setTimeout(() => {
      if (this.state !== 'calling' && !(this.state === 'proceeding' && !this.isInvite)) return;
      this.layer.sendToFlow(this.bytes, this.flow);
      this.scheduleRetransmit(Math.min(interval * 2, cap), cap);
    }, interval);
    this.retransmitTimer.unref?.();
  }

  receive(response: SipResponse): void {
    if (this.state === 'terminated') return;
    const status = response.status;
    if (status < 200) {
      if (this.state === 'calling') this.state = 'proceeding';
      this.gotProvisional = true;
      if (this.isInvite && this.retransmitTimer) clearTimeout(this.retransmitTimer);
      this.onResponse(response);
      return;
    }
    if (this.isInvite && status < 300) {
      // Every 2xx (retransmissions and forks too) goes up: the dialog layer sends the ACK (RFC 6026 Accepted).
      const first = this.state !== 'accepted';
      if (first) {
        this.state = 'accepted';
        this.clearTimers();
        this.after(64 * this.layer.timers.T1, () => this.terminate());
      }
      this.onResponse(response);
      return;
    }
    if (this.isInvite) {
      this.layer.sendToFlow(serializeSipMessage(this.ackFor(response)), this.flow);
      if (this.state === 'completed') return;
      this.state = 'completed';
      this.clearTimers();
      this.after(this.flow.transport === 'udp' ? 32_000 : 0, () => this.terminate());
      this.onResponse(response);
      return;
    }
    if (this.state === 'completed') return;
    this.state = 'completed';
    this.clearTimers();
    this.after(this.flow.transport === 'udp' ? this.layer.timers.T4 : 0, () => this.terminate());
    this.onResponse(response);
  }

  /** ACK for a non-2xx final response: same branch, the To of the response (RFC 3261 §17.1.1.3). */
  private ackFor(response: SipResponse): SipRequest {
    const headers: SipHeaders = new Map();
    headers.set('via', [headerList(this.request, 'via')[0]!]);
    headers.set('max-forwards', ['70']);
    headers.set('from', this.request.headers.get('from')!);
    headers.set('to', response.headers.get('to')!);
    headers.set('call-id', this.request.headers.get('call-id')!);
    headers.set('cseq', [`${parseCSeq(header(this.request, 'cseq')!)!.seq} ACK`]);
    const route = this.request.headers.get('route');
    if (route) headers.set('route', route);
    return { kind: 'request', method: 'ACK', uri: this.request.uri, headers, body: Buffer.alloc(0) };
  }

  private syntheticTimeout(): SipResponse {
    return buildResponse(this.request, 408, { reason: 'Request Timeout (no response)' });
  }

  terminate(): void {
    this.state = 'terminated';
    this.clearTimers();
    this.layer.forgetClient(this);
  }

  private after(ms: number, fn: () => void) {
    this.timers.after(ms, fn);
  }

  private clearTimers() {
    this.timers.clear();
    if (this.retransmitTimer) clearTimeout(this.retransmitTimer);
    this.retransmitTimer = null;
  }
}

export type TransactionUser = {
  /** A new request (not a retransmission). ACKs for 2xx arrive here with `tx` null. */
  onRequest(request: SipRequest, flow: Flow, tx: ServerTransaction | null): void;
  /** A response that matched no client transaction: a 2xx retransmission after Accepted ended. */
  onStrayResponse?(response: SipResponse, flow: Flow): void;
};

export class TransactionLayer {
  private readonly servers = new Map<string, ServerTransaction>();
  private readonly clients = new Map<string, ClientTransaction>();
  readonly timers: typeof SIP_TIMERS;

  constructor(
    private readonly transport: Pick<SipTransport, 'send' | 'port' | 'host'>,
    private readonly user: TransactionUser,
    timers: Partial<typeof SIP_TIMERS> = {},
  ) {
    this.timers = { ...SIP_TIMERS, ...timers };
  }

  get activeCount(): { server: number; client: number } {
    return { server: this.servers.size, client: this.clients.size };
  }

  sendToFlow(bytes: Buffer, flow: Flow): void {
    this.transport.send(bytes, flow);
  }

  /** A parsed request from the wire. Its top Via gets received/rport (RFC 3581) before anything else. */
  receiveRequest(request: SipRequest, flow: Flow): void {
    stampReceived(request, flow);
    const key = serverKey(request);
    if (request.method === 'ACK') {
      const tx = key ? this.servers.get(key.replace(/\|ACK$/, '|INVITE')) : undefined;
      if (tx && tx.state !== 'accepted') {
        tx.onAck();
        return;
      }
      this.user.onRequest(request, flow, null);
      return;
    }
    if (key) {
      const existing = this.servers.get(key);
      if (existing) {
        existing.onRetransmission();
        return;
      }
    }
    const tx = new ServerTransaction(this, key ?? `nobranch:${Math.random()}`, request, flow);
    if (key) this.servers.set(key, tx);
    if (request.method === 'CANCEL') {
      const invite = key ? this.servers.get(key.replace(/\|CANCEL$/, '|INVITE')) : undefined;
      if (!invite) {
        tx.respond(481);
        return;
      }
      // The 200 to CANCEL carries the INVITE's To tag (RFC 3261 §9.2).
      tx.respond(200, { toTag: invite.toTag });
      if (invite.state === 'proceeding') {
        invite.onCancel?.();
        invite.respond(487);
      }
      return;
    }
    if (request.method === 'INVITE') tx.respond(100);
    this.user.onRequest(request, flow, tx);
  }

  receiveResponse(response: SipResponse, flow: Flow): void {
    const via = parseVia(headerList(response, 'via')[0] ?? '');
    const cseq = parseCSeq(header(response, 'cseq') ?? '');
    const branch = via?.params.get('branch');
    const tx = branch && cseq ? this.clients.get(`${branch}|${cseq.method}`) : undefined;
    if (tx) tx.receive(response);
    else this.user.onStrayResponse?.(response, flow);
  }

  /** Sends a request in a new client transaction; its top Via is added here. */
  request(request: SipRequest, flow: Flow, onResponse: ResponseHandler, branch = newBranch()): ClientTransaction {
    const via = formatVia({
      transport: flow.transport.toUpperCase(),
      host: this.transport.host === '0.0.0.0' ? '127.0.0.1' : this.transport.host,
      port: this.transport.port,
      params: new Map([['branch', branch], ['rport', '']]),
    });
    request.headers.set('via', [via, ...(request.headers.get('via') ?? [])]);
    if (!request.headers.has('max-forwards')) request.headers.set('max-forwards', ['70']);
    const tx = new ClientTransaction(this, request, flow, onResponse);
    this.clients.set(`${branch}|${request.method}`, tx);
    tx.start();
    return tx;
  }

  /** ACK for a 2xx is end to end, outside any transaction (RFC 3261 §13.2.2.4). */
  sendAck(ack: SipRequest, flow: Flow): void {
    if (!ack.headers.has('via')) {
      ack.headers.set('via', [
        formatVia({ transport: flow.transport.toUpperCase(), host: this.transport.host, port: this.transport.port, params: new Map([['branch', newBranch()], ['rport', '']]) }),
      ]);
    }
    if (!ack.headers.has('max-forwards')) ack.headers.set('max-forwards', ['70']);
    this.transport.send(serializeSipMessage(ack), flow);
  }

  /** Sends a response outside a transaction (a 400 to a request that could not be parsed). */
  sendStatelessResponse(response: SipResponse, flow: Flow): void {
    this.transport.send(serializeSipMessage(response), flow);
  }

  forgetServer(tx: ServerTransaction): void {
    if (this.servers.get(tx.key) === tx) this.servers.delete(tx.key);
  }

  forgetClient(tx: ClientTransaction): void {
    const key = `${tx.branch}|${tx.request.method}`;
    if (this.clients.get(key) === tx) this.clients.delete(key);
  }

  clear(): void {
    for (const tx of [...this.servers.values()]) tx.terminate();
    for (const tx of [...this.clients.values()]) tx.terminate();
  }
}

/** branch + sent-by + method (RFC 3261 §17.2.3); null for pre-3261 branches, which we do not match. */
function serverKey(request: SipRequest): string | null {
  const via = parseVia(headerList(request, 'via')[0] ?? '');
  const branch = via?.params.get('branch');
  if (!via || !branch?.startsWith(BRANCH_MAGIC)) return null;
  return `${branch}|${via.host}:${via.port ?? ''}|${request.method}`;
}

/** RFC 3261 §18.2.1 and RFC 3581: note where the request really came from in its top Via. */
function stampReceived(request: SipRequest, flow: Flow): void {
  const vias = request.headers.get('via');
  if (!vias?.length) return;
  const first = vias[0]!;
  const list = headerList({ headers: new Map([['via', [first]]]) }, 'via');
  const via = parseVia(list[0] ?? '');
  if (!via) return;
  let changed = false;
  // RFC 3581 §4: with rport, received is always added, even when the host already matches.
  if (via.host !== flow.address || via.params.has('rport')) {
    via.params.set('received', flow.address);
    changed = true;
  }
  if (via.params.has('rport') && via.params.get('rport') === '') {
    via.params.set('rport', String(flow.port));
    changed = true;
  }
  if (!changed) return;
  const rest = list.slice(1);
  vias[0] = [formatVia(via), ...rest].join(', ');
}
