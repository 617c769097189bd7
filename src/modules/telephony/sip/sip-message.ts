/**
 * SIP messages (RFC 3261 §7): parsing from the wire and serialising back. The parser never throws:
 * anything it cannot read comes back as a `SipParseError` saying what was wrong, so a malformed
 * datagram can be answered with a 400 (when it is a request with a Via) or dropped.
 */

export const MAX_SIP_MESSAGE_BYTES = 65_535;

/** Compact header forms (RFC 3261 §7.3.3 and the extensions that define one). */
const COMPACT_FORMS: Record<string, string> = {
  i: 'call-id',
  m: 'contact',
  e: 'content-encoding',
  l: 'content-length',
  c: 'content-type',
  f: 'from',
  s: 'subject',
  k: 'supported',
  t: 'to',
  v: 'via',
  r: 'refer-to',
  b: 'referred-by',
  o: 'event',
};

/** How headers are written back: their usual capitalisation, not title case (Call-ID, CSeq, WWW-Authenticate). */
const CANONICAL_NAMES: Record<string, string> = {
  'call-id': 'Call-ID',
  cseq: 'CSeq',
  'www-authenticate': 'WWW-Authenticate',
  'record-route': 'Record-Route',
  'max-forwards': 'Max-Forwards',
  'content-length': 'Content-Length',
  'content-type': 'Content-Type',
  'user-agent': 'User-Agent',
  'refer-to': 'Refer-To',
  'referred-by': 'Referred-By',
  'rseq': 'RSeq',
};

export function canonicalHeaderName(lower: string): string {
  return CANONICAL_NAMES[lower] ?? lower.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

/** Header name (lower case, compact forms expanded) → each value in order; comma lists stay one value per line as received. */
export type SipHeaders = Map<string, string[]>;

export type SipRequest = {
  kind: 'request';
  method: string;
  uri: string;
  headers: SipHeaders;
  body: Buffer;
};

export type SipResponse = {
  kind: 'response';
  status: number;
  reason: string;
  headers: SipHeaders;
  body: Buffer;
};

export type SipMessage = SipRequest | SipResponse;

export type SipParseError = {
  error: string;
  /** The headers read before the error, so a request with a Via can still be answered with a 400. */
  partial?: { method?: string; headers: SipHeaders };
};

const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;
const REQUEST_LINE = /^([A-Za-z0-9\-.!%*_+`'~]+) (\S+) SIP\/2\.0$/;
const STATUS_LINE = /^SIP\/2\.0 ([1-6]\d\d) ?(.*)$/;

/** Mandatory in every request (RFC 3261 §8.1.1); Max-Forwards is tolerated when missing, as most stacks do. */
const REQUIRED_REQUEST_HEADERS = ['via', 'from', 'to', 'call-id', 'cseq'];

/**
 * Parses one complete message (a datagram, or one message cut from a TCP stream by its
 * Content-Length). A Content-Length larger than the bytes is an error and a smaller one truncates
 * the body (RFC 3261 §18.3).
 */
export function parseSipMessage(buf: Buffer): SipMessage | SipParseError {
  if (buf.length > MAX_SIP_MESSAGE_BYTES) return { error: 'message too large' };
  const headEnd = buf.indexOf('\r\n\r\n');
  if (headEnd < 0) return { error: 'no end of headers' };
  const head = buf.subarray(0, headEnd).toString('utf8');
  const lines = unfold(head.split('\r\n'));
  const startLine = lines[0] ?? '';
  const headers: SipHeaders = new Map();
  let request: RegExpExecArray | null = null;
  let status: RegExpExecArray | null = null;
  if ((request = REQUEST_LINE.exec(startLine)) === null && (status = STATUS_LINE.exec(startLine)) === null) {
    return { error: 'bad start line' };
  }
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon <= 0) return { error: `bad header line ${i}`, partial: { method: request?.[1], headers } };
    const rawName = line.slice(0, colon).trim();
    if (!TOKEN.test(rawName)) return { error: `bad header name "${rawName.slice(0, 40)}"`, partial: { method: request?.[1], headers } };
    const lower = rawName.toLowerCase();
    const name = COMPACT_FORMS[lower] ?? lower;
    const value = line.slice(colon + 1).trim();
    const list = headers.get(name);
    if (list) list.push(value);
    else headers.set(name, [value]);
  }
  const partial = { method: request?.[1], headers };

  let body = buf.subarray(headEnd + 4);
  const lengthHeader = headers.get('content-length')?.[0];
  if (lengthHeader !== undefined) {
    if (!/^\d{1,6}$/.test(lengthHeader)) return { error: 'bad Content-Length', partial };
    const length = Number(lengthHeader);
    if (length > body.length) return { error: 'Content-Length larger than the body', partial };
    body = body.subarray(0, length);
  }

  const cseq = headers.get('cseq')?.[0];
  if (request) {
    const method = request[1]!;
    for (const h of REQUIRED_REQUEST_HEADERS) if (!headers.get(h)?.[0]) return { error: `missing ${canonicalHeaderName(h)}`, partial };
    // The top Via says where the response goes and names the transaction: it must be readable.
    if (!parseVia(splitCommaList(headers.get('via')![0]!)[0] ?? '')) return { error: 'bad Via', partial };
    const parsedCseq = cseq ? parseCSeq(cseq) : null;
    if (!parsedCseq) return { error: 'bad CSeq', partial };
    if (parsedCseq.method !== method) return { error: 'CSeq method does not match the request', partial };
    return { kind: 'request', method, uri: request[2]!, headers, body };
  }
  for (const h of ['via', 'call-id', 'cseq', 'from', 'to']) if (!headers.get(h)?.[0]) return { error: `missing ${canonicalHeaderName(h)}` };
  if (!parseCSeq(cseq!)) return { error: 'bad CSeq' };
  return { kind: 'response', status: Number(status![1]), reason: status![2] ?? '', headers, body };
}

export function isParseError(m: SipMessage | SipParseError): m is SipParseError {
  return 'error' in m;
}

/** Header continuation lines (leading whitespace) join the line before (RFC 3261 §7.3.1). */
function unfold(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && out.length > 1) out[out.length - 1] += ' ' + line.trim();
    else out.push(line);
  }
  return out;
}

export function serializeSipMessage(m: SipMessage): Buffer {
  const start = m.kind === 'request' ? `${m.method} ${m.uri} SIP/2.0` : `SIP/2.0 ${m.status} ${m.reason}`;
  let head = start + '\r\n';
  for (const [name, values] of m.headers) {
    if (name === 'content-length') continue;
    const canonical = canonicalHeaderName(name);
    for (const v of values) head += `${canonical}: ${v}\r\n`;
  }
  head += `Content-Length: ${m.body.length}\r\n\r\n`;
  return m.body.length ? Buffer.concat([Buffer.from(head, 'utf8'), m.body]) : Buffer.from(head, 'utf8');
}

// ─── header helpers ──────────────────────────────────────────────────────────────────────────────

export function header(m: { headers: SipHeaders }, name: string): string | undefined {
  return m.headers.get(name)?.[0];
}

/** Every value of a list header (Via, Contact, Route, Record-Route), comma-separated values split. */
export function headerList(m: { headers: SipHeaders }, name: string): string[] {
  const out: string[] = [];
  for (const v of m.headers.get(name) ?? []) out.push(...splitCommaList(v));
  return out;
}

/** Splits on commas outside quotes and angle brackets. */
export function splitCommaList(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (quoted) {
      // Inside a quoted string a backslash escapes the next character (RFC 3261 §25.1 quoted-pair).
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '<') depth++;
    else if (c === '>') depth = Math.max(0, depth - 1);
    else if (depth === 0 && c === ',') {
      const part = value.slice(start, i).trim();
      if (part) out.push(part);
      start = i + 1;
    }
  }
  const last = value.slice(start).trim();
  if (last) out.push(last);
  return out;
}

export function parseCSeq(value: string): { seq: number; method: string } | null {
  const m = /^(\d{1,10})\s+([A-Za-z0-9\-.!%*_+`'~]+)$/.exec(value.trim());
  if (!m) return null;
  const seq = Number(m[1]);
  return seq < 2 ** 31 ? { seq, method: m[2]! } : null;
}

/** `;name=value;flag` parameters into a map (names lower case; a flag maps to ''). */
export function parseParams(text: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of text.split(';')) {
    const p = part.trim();
    if (!p) continue;
    const eq = p.indexOf('=');
    if (eq < 0) params.set(p.toLowerCase(), '');
    else params.set(p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1'));
  }
  return params;
}

export type SipUri = {
  scheme: 'sip' | 'sips' | 'tel';
  user: string | null;
  host: string;
  port: number | null;
  params: Map<string, string>;
  /** `?Replaces=…` and other headers of the URI, decoded. */
  headers: Map<string, string>;
};

export function parseUri(text: string): SipUri | null {
  // tel: (RFC 3966) has no host: the number is the user part, as callers read the dialled number from `user`.
  const tel = /^tel:([^;?]+)((?:;[^?]*)?)$/i.exec(text.trim());
  if (tel) return { scheme: 'tel', user: safeDecode(tel[1]!), host: '', port: null, params: parseParams(tel[2] ?? ''), headers: new Map() };
  const m = /^(sips?|tel):(?:([^@;?]*)@)?(\[[^\]]+\]|[^;:?]+)(?::(\d{1,5}))?((?:;[^?]*)?)(?:\?(.*))?$/i.exec(text.trim());
  if (!m) return null;
  const scheme = m[1]!.toLowerCase() as SipUri['scheme'];
  const headers = new Map<string, string>();
  for (const pair of (m[6] ?? '').split('&')) {
    const eq = pair.indexOf('=');
    if (eq > 0) {
      try {
        headers.set(pair.slice(0, eq).toLowerCase(), decodeURIComponent(pair.slice(eq + 1)));
      } catch {
        return null;
      }
    }
  }
  let user = m[2] ?? null;
  // A password in the URI (user:password@) is deprecated and never used here.
  if (user?.includes(':')) user = user.slice(0, user.indexOf(':'));
  const port = m[4] ? Number(m[4]) : null;
  if (port !== null && (port < 1 || port > 65535)) return null;
  return { scheme, user: user ? safeDecode(user) : null, host: m[3]!.toLowerCase(), port, params: parseParams(m[5] ?? ''), headers };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export type NameAddr = { display: string | null; uri: string; params: Map<string, string> };

/** `"Name" <sip:u@h>;tag=x`, `<sip:u@h>;expires=60` or a bare `sip:u@h;tag=x` (whose ;params belong to the header). */
export function parseNameAddr(value: string): NameAddr | null {
  const v = value.trim();
  if (v.startsWith('"')) {
    // A quoted display name may contain '<', ',' and escaped quotes: look for '<' only after it.
    let end = 1;
    while (end < v.length && v[end] !== '"') end += v[end] === '\\' ? 2 : 1;
    if (end >= v.length) return null;
    const lt = v.indexOf('<', end + 1);
    const gt = lt < 0 ? -1 : v.indexOf('>', lt);
    if (gt < 0 || v.slice(end + 1, lt).trim() !== '') return null;
    const display = v.slice(1, end).replace(/\\(.)/g, '$1') || null;
    return { display, uri: v.slice(lt + 1, gt).trim(), params: parseParams(v.slice(gt + 1)) };
  }
  const lt = v.indexOf('<');
  if (lt >= 0) {
    const gt = v.indexOf('>', lt);
    if (gt < 0) return null;
    const display = v.slice(0, lt).trim() || null;
    return { display, uri: v.slice(lt + 1, gt).trim(), params: parseParams(v.slice(gt + 1)) };
  }
  const semi = v.indexOf(';');
  const uri = semi < 0 ? v : v.slice(0, semi);
  if (!uri || /\s/.test(uri)) return v === '*' ? { display: null, uri: '*', params: new Map() } : null;
  return { display: null, uri, params: parseParams(semi < 0 ? '' : v.slice(semi)) };
}

export function tagOf(value: string | undefined): string | null {
  if (!value) return null;
  return parseNameAddr(value)?.params.get('tag') || null;
}

export type Via = {
  transport: string;
  host: string;
  port: number | null;
  params: Map<string, string>;
};

export function parseVia(value: string): Via | null {
  const m = /^SIP\s*\/\s*2\.0\s*\/\s*([A-Za-z]+)\s+(\[[^\]]+\]|[^;:\s]+)(?:\s*:\s*(\d{1,5}))?\s*(.*)$/i.exec(value.trim());
  if (!m) return null;
  const port = m[3] ? Number(m[3]) : null;
  // Responses go to this port: 0 or > 65535 would make the socket throw.
  if (port !== null && (port < 1 || port > 65535)) return null;
  return { transport: m[1]!.toUpperCase(), host: m[2]!, port, params: parseParams(m[4] ?? '') };
}

export function formatVia(via: Via): string {
  let s = `SIP/2.0/${via.transport} ${via.host}${via.port ? `:${via.port}` : ''}`;
  for (const [k, v] of via.params) s += v === '' ? `;${k}` : `;${k}=${v}`;
  return s;
}

/** RFC 3261 magic cookie: branches that start with it identify transactions by themselves. */
export const BRANCH_MAGIC = 'z9hG4bK';

export const REASON_PHRASES: Record<number, string> = {
  100: 'Trying',
  180: 'Ringing',
  183: 'Session Progress',
  200: 'OK',
  202: 'Accepted',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  415: 'Unsupported Media Type',
  420: 'Bad Extension',
  423: 'Interval Too Brief',
  480: 'Temporarily Unavailable',
  481: 'Call/Transaction Does Not Exist',
  482: 'Loop Detected',
  483: 'Too Many Hops',
  486: 'Busy Here',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  491: 'Request Pending',
  500: 'Server Internal Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
  513: 'Message Too Large',
  603: 'Decline',
};
