/**
 * Helpers for the SIP tests (not a test file itself): a stack started as the platform starts it,
 * UDP and TCP peers that talk to it over real sockets, and a builder for requests.
 */
import { createHash } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import { pino } from 'pino';
import { digestHa1 } from '../sip/digest-auth.js';
import { header, isParseError, parseSipMessage, type SipMessage, type SipRequest, type SipResponse } from '../sip/sip-message.js';
import { SipStack, type SipStackOptions } from '../sip/sip-stack.js';
import type { ServerTransaction } from '../sip/sip-transactions.js';
import type { Flow } from '../sip/sip-transport.js';

export const REALM = '12333';
export const PASSWORD = 'secret-pass';

export type TestStack = {
  stack: SipStack;
  /** Every INVITE handed to onInvite, in order. */
  invites: { req: SipRequest; flow: Flow; tx: ServerTransaction }[];
  /** What onInvite does; by default it answers 486 at once. */
  onInvite: (req: SipRequest, flow: Flow, tx: ServerTransaction) => void;
  close(): Promise<void>;
};

export async function startTestStack(overrides: Partial<SipStackOptions> = {}): Promise<TestStack> {
  const t: TestStack = {
    stack: null as unknown as SipStack,
    invites: [],
    onInvite: (_req, _flow, tx) => tx.respond(486),
    close: () => t.stack.close(),
  };
  t.stack = await SipStack.start({
    host: '127.0.0.1',
    port: 0,
    publicAddress: '127.0.0.1',
    realm: REALM,
    log: pino({ level: 'silent' }),
    findAccount: async (u) => (u === '8001' ? { username: '8001', ha1: digestHa1('8001', REALM, PASSWORD), enabled: true, centerId: 1, displayName: 'x' } : null),
    onInvite: (req, flow, tx) => {
      t.invites.push({ req, flow, tx });
      t.onInvite(req, flow, tx);
    },
    timers: { T1: 50, T2: 400, T4: 500 },
    ...overrides,
  });
  return t;
}

let counter = 0;
export function unique(prefix: string): string {
  counter++;
  return `${prefix}-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

export function newBranch(): string {
  return unique('z9hG4bK');
}

export type RequestSpec = {
  method: string;
  /** The peer's own port, written in the Via. */
  port: number;
  uri?: string;
  transport?: 'UDP' | 'TCP';
  branch?: string;
  /** The whole top Via value; replaces the default one. */
  via?: string;
  callId?: string;
  cseq?: number;
  cseqMethod?: string;
  from?: string;
  to?: string;
  /** Extra header lines, `Name: value`. */
  headers?: string[];
  /** Lower-case names of default headers to leave out. */
  omit?: string[];
  body?: string;
  /** Written instead of the real length. */
  contentLength?: string;
};

export function sipRequest(spec: RequestSpec): string {
  const transport = spec.transport ?? 'UDP';
  const lines: [string, string][] = [
    ['via', `Via: ${spec.via ?? `SIP/2.0/${transport} 127.0.0.1:${spec.port};branch=${spec.branch ?? newBranch()};rport`}`],
    ['max-forwards', 'Max-Forwards: 70'],
    ['from', `From: ${spec.from ?? '<sip:caller@127.0.0.1>;tag=caller1'}`],
    ['to', `To: ${spec.to ?? '<sip:12333@127.0.0.1>'}`],
    ['call-id', `Call-ID: ${spec.callId ?? unique('call')}`],
    ['cseq', `CSeq: ${spec.cseq ?? 1} ${spec.cseqMethod ?? spec.method}`],
  ];
  const body = spec.body ?? '';
  let text = `${spec.method} ${spec.uri ?? 'sip:12333@127.0.0.1'} SIP/2.0\r\n`;
  for (const [name, line] of lines) if (!spec.omit?.includes(name)) text += line + '\r\n';
  for (const line of spec.headers ?? []) text += line + '\r\n';
  if (body && !spec.headers?.some((h) => /^content-type:/i.test(h))) text += 'Content-Type: application/sdp\r\n';
  if (!spec.omit?.includes('content-length')) text += `Content-Length: ${spec.contentLength ?? Buffer.byteLength(body)}\r\n`;
  return text + '\r\n' + body;
}

export const SDP_OFFER = [
  'v=0',
  'o=user1 53655765 2353687637 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 6000 RTP/AVP 8 101',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:101 telephone-event/8000',
  '',
].join('\r\n');

export type Received = { at: number; raw: Buffer; message: SipMessage | null };

/** Collects what arrives and lets a test wait for a message that matches. */
class Inbox {
  readonly received: Received[] = [];
  private waiters: (() => void)[] = [];

  push(raw: Buffer) {
    const parsed = parseSipMessage(raw);
    this.received.push({ at: performance.now(), raw, message: isParseError(parsed) ? null : parsed });
    this.notify();
  }

  /** Wakes every waitFor so it looks again. */
  protected notify() {
    for (const w of this.waiters.splice(0)) w();
  }

  get messages(): SipMessage[] {
    return this.received.flatMap((r) => (r.message ? [r.message] : []));
  }

  responses(callId: string, cseqMethod?: string): SipResponse[] {
    return this.messages.filter(
      (m): m is SipResponse => m.kind === 'response' && header(m, 'call-id') === callId && (!cseqMethod || (header(m, 'cseq') ?? '').endsWith(` ${cseqMethod}`)),
    );
  }

  async waitFor<T>(find: () => T | undefined, timeoutMs = 2000, what = 'message'): Promise<T> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; received: ${this.received.map((r) => r.raw.toString('latin1').split('\r\n')[0]).join(' | ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The first response to `callId` (optionally with this status and CSeq method). */
  response(callId: string, opts: { status?: number; method?: string; timeoutMs?: number } = {}): Promise<SipResponse> {
    return this.waitFor(
      () => this.responses(callId, opts.method).find((r) => opts.status === undefined || r.status === opts.status),
      opts.timeoutMs,
      `response ${opts.status ?? ''} to ${callId}`,
    );
  }
}

export class UdpPeer extends Inbox {
  private constructor(
    private readonly socket: dgram.Socket,
    readonly port: number,
    private readonly target: number,
  ) {
    super();
    socket.on('message', (msg) => this.push(msg));
  }

  static async open(targetPort: number): Promise<UdpPeer> {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new UdpPeer(socket, socket.address().port, targetPort);
  }

  send(data: string | Buffer): Promise<void> {
    return new Promise((resolve, reject) => this.socket.send(typeof data === 'string' ? Buffer.from(data, 'utf8') : data, this.target, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

export class TcpPeer extends Inbox {
  /** Every byte received, in order (for the keep-alive pong). */
  bytes: Buffer = Buffer.alloc(0);
  private pending: Buffer = Buffer.alloc(0);
  closed = false;

  private constructor(readonly socket: net.Socket) {
    super();
    socket.on('data', (chunk) => {
      this.bytes = Buffer.concat([this.bytes, chunk]);
      this.pending = Buffer.concat([this.pending, chunk]);
      this.drain();
      this.notify();
    });
    socket.on('close', () => {
      this.closed = true;
      this.notify();
    });
    socket.on('error', () => {});
  }

  get port(): number {
    return this.socket.localPort!;
  }

  static async connect(port: number): Promise<TcpPeer> {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new TcpPeer(socket);
  }

  private drain() {
    for (;;) {
      while (this.pending.length >= 2 && this.pending[0] === 13 && this.pending[1] === 10) this.pending = this.pending.subarray(2);
      const end = this.pending.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec('\r\n' + this.pending.subarray(0, end).toString('latin1'))?.[1] ?? 0);
      if (this.pending.length < end + 4 + length) return;
      this.push(Buffer.from(this.pending.subarray(0, end + 4 + length)));
      this.pending = this.pending.subarray(end + 4 + length);
    }
  }

  write(data: string | Buffer): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(data, (err) => (err ? reject(err) : resolve())));
  }

  close(): void {
    this.socket.destroy();
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function md5hex(s: string): string {
  return createHash('md5').update(s).digest('hex');
}

/** The nonce of a `WWW-Authenticate: Digest …` challenge. */
export function nonceOf(res: SipResponse): string {
  const challenge = header(res, 'www-authenticate') ?? '';
  const nonce = /nonce="([^"]+)"/.exec(challenge)?.[1];
  if (!nonce) throw new Error(`no nonce in "${challenge}"`);
  return nonce;
}

/** An Authorization header computed as RFC 2617 says (qop=auth), independently of the code under test. */
export function authorization(opts: { username?: string; password?: string; nonce: string; uri?: string; nc?: string; cnonce?: string; qop?: boolean; method?: string }): string {
  const username = opts.username ?? '8001';
  const uri = opts.uri ?? 'sip:127.0.0.1';
  const nc = opts.nc ?? '00000001';
  const cnonce = opts.cnonce ?? 'f00dcafe';
  const ha1 = md5hex(`${username}:${REALM}:${opts.password ?? PASSWORD}`);
  const ha2 = md5hex(`${opts.method ?? 'REGISTER'}:${uri}`);
  if (opts.qop === false) {
    const response = md5hex(`${ha1}:${opts.nonce}:${ha2}`);
    return `Authorization: Digest username="${username}", realm="${REALM}", nonce="${opts.nonce}", uri="${uri}", response="${response}", algorithm=MD5`;
  }
  const response = md5hex(`${ha1}:${opts.nonce}:${nc}:${cnonce}:auth:${ha2}`);
  return `Authorization: Digest username="${username}", realm="${REALM}", nonce="${opts.nonce}", uri="${uri}", response="${response}", algorithm=MD5, cnonce="${cnonce}", qop=auth, nc=${nc}`;
}
