import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { MAX_SIP_MESSAGE_BYTES, header, headerList, isParseError, parseCSeq, parseSipMessage, parseVia, serializeSipMessage, type SipMessage } from '../sip/sip-message.js';
import { SDP_OFFER, UdpPeer, sipRequest, startTestStack, unique } from './sip-test-peers.js';

/**
 * Fuzzing of the SIP parser: valid messages from real phones and gateways, mutated thousands of
 * times with a seeded PRNG. Reproduce a failure with SIP_FUZZ_SEED=<seed printed in the failure>.
 */

const SEED = Number(process.env.SIP_FUZZ_SEED ?? 0x5eed_1233);
const ITERATIONS = Number(process.env.SIP_FUZZ_ITERATIONS ?? 20_000);

/** mulberry32: small, fast and the same on every machine. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)]! };
}
type Rng = ReturnType<typeof prng>;

const crlf = (lines: string[]) => lines.join('\r\n');
const withBody = (lines: string[], body = '') => crlf([...lines, `Content-Length: ${Buffer.byteLength(body)}`, '', body]);

const CORPUS: string[] = [
  // SIPp uac INVITE with SDP.
  withBody(
    [
      'INVITE sip:12333@10.0.0.1:5060 SIP/2.0',
      'Via: SIP/2.0/UDP 10.0.0.9:5061;branch=z9hG4bK-4211-1-0',
      'From: sipp <sip:sipp@10.0.0.9:5061>;tag=4211SIPpTag001',
      'To: 12333 <sip:12333@10.0.0.1:5060>',
      'Call-ID: 1-4211@10.0.0.9',
      'CSeq: 1 INVITE',
      'Contact: sip:sipp@10.0.0.9:5061',
      'Max-Forwards: 70',
      'Subject: Performance Test',
      'Content-Type: application/sdp',
    ],
    SDP_OFFER,
  ),
  // baresip REGISTER with digest credentials.
  withBody([
    'REGISTER sip:10.0.0.1 SIP/2.0',
    'Via: SIP/2.0/UDP 192.168.1.23:42311;branch=z9hG4bK7c4e0bd2a1d4f6c8;rport',
    'Contact: <sip:8001-0x55d1c3a8a0b0@192.168.1.23:42311>;expires=3600',
    'Max-Forwards: 70',
    'To: <sip:8001@10.0.0.1>',
    'From: <sip:8001@10.0.0.1>;tag=4f2b7f5d6c0a8e31',
    'Call-ID: 0a3c8d6e2f4b1a97',
    'CSeq: 2 REGISTER',
    'User-Agent: baresip v3.10.1 (x86_64/linux)',
    'Authorization: Digest username="8001", realm="12333", nonce="AAABjW2kYb8rI1x0q1xQk9gQ", uri="sip:10.0.0.1", response="6629fae49393a05397450978507c4ef1", algorithm=MD5, cnonce="0a4f113b", qop=auth, nc=00000001',
    'Allow: INVITE,ACK,BYE,CANCEL,OPTIONS,NOTIFY,SUBSCRIBE,INFO,MESSAGE,UPDATE,REFER',
    'Supported: replaces,norefersub,gruu',
  ]),
  // Compact forms, two Vias on one line and one folded header.
  withBody(
    [
      'INVITE sip:12333@10.0.0.1 SIP/2.0',
      'v: SIP/2.0/UDP 10.0.0.20:5060;branch=z9hG4bKc1, SIP/2.0/UDP 10.0.0.21:5060;branch=z9hG4bKc0',
      'f: "Zhang, San <x>" <sip:zs@10.0.0.20>;tag=zz',
      't: <sip:12333@10.0.0.1>',
      'i: compact@10.0.0.20',
      'CSeq: 10 INVITE',
      'm: <sip:zs@10.0.0.20>',
      'Subject: a folded',
      '\tsubject line',
      'c: application/sdp',
    ],
    SDP_OFFER,
  ),
  withBody([
    'OPTIONS sip:12333@10.0.0.1 SIP/2.0',
    'Via: SIP/2.0/TCP [2001:db8::9]:5070;branch=z9hG4bKv6;received=2001:db8::1',
    'From: <sip:probe@[2001:db8::9]>;tag=p1',
    'To: <sip:12333@10.0.0.1>',
    'Call-ID: v6-probe',
    'CSeq: 99 OPTIONS',
    'Accept: application/sdp',
  ]),
  withBody([
    'BYE sip:8001@192.168.1.23:42311 SIP/2.0',
    'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKbye1;rport',
    'Via: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bKbye0',
    'Route: <sip:10.0.0.3;lr>, <sip:10.0.0.4;lr>',
    'From: <sip:12333@10.0.0.1>;tag=a1',
    'To: <sip:8001@10.0.0.1>;tag=b2',
    'Call-ID: bye-1',
    'CSeq: 3 BYE',
  ]),
  withBody([
    'ACK sip:8001@192.168.1.23 SIP/2.0',
    'Via: SIP/2.0/UDP 10.0.0.9:5061;branch=z9hG4bKack',
    'From: <sip:a@10.0.0.9>;tag=1',
    'To: <sip:12333@10.0.0.1>;tag=2',
    'Call-ID: ack-1',
    'CSeq: 1 ACK',
  ]),
  withBody([
    'CANCEL sip:12333@10.0.0.1 SIP/2.0',
    'Via: SIP/2.0/UDP 10.0.0.9:5061;branch=z9hG4bK-4211-1-0',
    'From: sipp <sip:sipp@10.0.0.9:5061>;tag=4211SIPpTag001',
    'To: <sip:12333@10.0.0.1>',
    'Call-ID: 1-4211@10.0.0.9',
    'CSeq: 1 CANCEL',
  ]),
  withBody(
    [
      'INFO sip:12333@10.0.0.1 SIP/2.0',
      'Via: SIP/2.0/UDP 10.0.0.9:5061;branch=z9hG4bKinfo',
      'From: <sip:a@10.0.0.9>;tag=1',
      'To: <sip:12333@10.0.0.1>;tag=2',
      'Call-ID: info-1',
      'CSeq: 4 INFO',
      'Content-Type: application/dtmf-relay',
    ],
    'Signal=5\r\nDuration=160\r\n',
  ),
  withBody(
    [
      'SIP/2.0 200 OK',
      'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKout;rport=5060;received=10.0.0.1',
      'Record-Route: <sip:10.0.0.3;lr>',
      'From: <sip:12333@10.0.0.1>;tag=a1',
      'To: "Agent 8001" <sip:8001@10.0.0.1>;tag=b2',
      'Call-ID: out-1',
      'CSeq: 1 INVITE',
      'Contact: <sip:8001@192.168.1.23:42311>',
      'Content-Type: application/sdp',
    ],
    SDP_OFFER,
  ),
  withBody([
    'SIP/2.0 401 Unauthorized',
    'Via: SIP/2.0/UDP 192.168.1.23:42311;branch=z9hG4bKr;rport=42311',
    'From: <sip:8001@10.0.0.1>;tag=4f2b',
    'To: <sip:8001@10.0.0.1>;tag=x1',
    'Call-ID: 0a3c8d6e2f4b1a97',
    'CSeq: 1 REGISTER',
    'WWW-Authenticate: Digest realm="12333", nonce="abc", algorithm=MD5, qop="auth"',
  ]),
];

const HEADER_NAMES = ['Via', 'v', 'From', 'To', 'Call-ID', 'i', 'CSeq', 'Content-Length', 'l', 'Contact', 'Max-Forwards', 'Require', 'Expires', 'Authorization', 'X-Foo', ''];
const NASTY = ['\0', '\r', '\n', '\r\n', '\r\n\r\n', ':', ';', ',', '<', '>', '"', '\\', ' ', '\t', '\xff', '%', '@', '[', ']', '=', '?', '&'];

function randomBytes(rng: Rng, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = rng.int(256);
  return b;
}

function splitLines(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let from = 0;
  for (let i = buf.indexOf('\r\n'); i >= 0; i = buf.indexOf('\r\n', from)) {
    out.push(buf.subarray(from, i));
    from = i + 2;
  }
  out.push(buf.subarray(from));
  return out;
}

const joinLines = (lines: Buffer[]) => Buffer.concat(lines.flatMap((l, i) => (i ? [Buffer.from('\r\n'), l] : [l])));

const MUTATIONS: { name: string; apply(buf: Buffer, rng: Rng): Buffer }[] = [
  {
    name: 'flip bytes',
    apply(buf, rng) {
      const b = Buffer.from(buf);
      for (let n = 1 + rng.int(8); n > 0; n--) b[rng.int(b.length)] = rng.int(256);
      return b;
    },
  },
  { name: 'truncate', apply: (buf, rng) => buf.subarray(0, rng.int(buf.length + 1)) },
  {
    name: 'duplicate a line',
    apply(buf, rng) {
      const lines = splitLines(buf);
      const i = rng.int(lines.length);
      lines.splice(i, 0, lines[i]!);
      return joinLines(lines);
    },
  },
  {
    name: 'remove a line',
    apply(buf, rng) {
      const lines = splitLines(buf);
      lines.splice(rng.int(lines.length), 1);
      return joinLines(lines);
    },
  },
  {
    name: 'insert a random header',
    apply(buf, rng) {
      const lines = splitLines(buf);
      const name = rng.next() < 0.5 ? rng.pick(HEADER_NAMES) : randomBytes(rng, 1 + rng.int(12)).toString('latin1');
      const value = rng.next() < 0.5 ? rng.pick(NASTY).repeat(1 + rng.int(5)) : randomBytes(rng, rng.int(40)).toString('latin1');
      lines.splice(1 + rng.int(Math.max(1, lines.length - 1)), 0, Buffer.from(`${name}:${value}`, 'latin1'));
      return joinLines(lines);
    },
  },
  {
    name: 'huge value',
    apply(buf, rng) {
      const lines = splitLines(buf);
      const size = rng.pick([1_000, 10_000, 65_000, 70_000]);
      const filler = rng.pick(['a', ',', '"', '<', ';x=', ' ', '\\']).repeat(size);
      lines.splice(1 + rng.int(Math.max(1, lines.length - 1)), 0, Buffer.from(`${rng.pick(HEADER_NAMES) || 'X'}: ${filler}`));
      return joinLines(lines);
    },
  },
  {
    name: 'NUL bytes',
    apply(buf, rng) {
      const at = rng.int(buf.length + 1);
      return Buffer.concat([buf.subarray(0, at), Buffer.alloc(1 + rng.int(4)), buf.subarray(at)]);
    },
  },
  {
    name: 'non-UTF-8 bytes',
    apply(buf, rng) {
      const at = rng.int(buf.length + 1);
      const bad = rng.pick([[0xff], [0xfe, 0xff], [0xc3], [0xe2, 0x82], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]]);
      return Buffer.concat([buf.subarray(0, at), Buffer.from(bad), buf.subarray(at)]);
    },
  },
  {
    name: 'CRLF / LF / CR mixture',
    apply(buf, rng) {
      const lines = splitLines(buf);
      const out: Buffer[] = [];
      lines.forEach((l, i) => {
        if (i) out.push(Buffer.from(rng.pick(['\r\n', '\r\n', '\n', '\r', '\n\r', '\r\n\r\n'])));
        out.push(l);
      });
      return Buffer.concat(out);
    },
  },
  {
    name: 'replace a character by a nasty one',
    apply(buf, rng) {
      const at = rng.int(buf.length);
      return Buffer.concat([buf.subarray(0, at), Buffer.from(rng.pick(NASTY), 'latin1'), buf.subarray(at + 1)]);
    },
  },
  {
    name: 'random Content-Length',
    apply(buf, rng) {
      const value = rng.pick(['0', '-1', '999999', '1000000', 'abc', '', ' 5 ', '4294967296', String(rng.int(2000)), '0x10', '1e3']);
      return Buffer.from(buf.toString('latin1').replace(/Content-Length: \d+/, `Content-Length: ${value}`), 'latin1');
    },
  },
  {
    name: 'splice two messages',
    apply(buf, rng) {
      const other = Buffer.from(rng.pick(CORPUS));
      return Buffer.concat([buf.subarray(0, rng.int(buf.length)), other.subarray(rng.int(other.length))]);
    },
  },
];

/** A few mutations on top of each other, from a random corpus message. */
function mutant(rng: Rng): { input: Buffer; steps: string[] } {
  let input: Buffer = Buffer.from(rng.pick(CORPUS));
  const steps: string[] = [];
  for (let n = 1 + rng.int(3); n > 0; n--) {
    const m = rng.pick(MUTATIONS);
    input = m.apply(input, rng);
    steps.push(m.name);
  }
  return { input, steps };
}

/** What any result of parseSipMessage must satisfy; returns the reason it does not, or null. */
function violation(input: Buffer, result: unknown): string | null {
  if (typeof result !== 'object' || result === null) return 'not an object';
  if ('error' in result) {
    const e = (result as { error: unknown }).error;
    if (typeof e !== 'string' || e === '') return 'error without a message';
    if ('kind' in result) return 'both an error and a message';
    return null;
  }
  const m = result as SipMessage;
  if (!Buffer.isBuffer(m.body)) return 'body is not a Buffer';
  if (m.body.length > input.length) return 'body longer than the input';
  const length = header(m, 'content-length');
  if (length !== undefined && Number(length) !== m.body.length) return `body of ${m.body.length} bytes with Content-Length ${length}`;
  for (const name of ['via', 'from', 'to', 'call-id', 'cseq']) if (!header(m, name)) return `a ${m.kind} without ${name}`;
  const cseq = parseCSeq(header(m, 'cseq')!);
  if (!cseq) return 'unreadable CSeq';
  if (m.kind === 'request') {
    if (!/^[A-Za-z0-9\-.!%*_+`'~]+$/.test(m.method)) return `bad method "${m.method}"`;
    if (cseq.method !== m.method) return 'CSeq method differs from the request method';
    const via = parseVia(headerList(m, 'via')[0] ?? '');
    if (!via) return 'a request whose top Via cannot be read';
    if (via.port !== null && (via.port < 1 || via.port > 65535)) return `Via port ${via.port}`;
  } else if (m.kind === 'response') {
    if (!(m.status >= 100 && m.status <= 699)) return `status ${m.status}`;
  } else return 'neither a request nor a response';
  // Whatever was accepted must survive being written out and read again (unless writing it out made
  // it too large: compact names are written in full and a missing Content-Length is added).
  const out = serializeSipMessage(m);
  if (out.length > MAX_SIP_MESSAGE_BYTES) return null;
  const again = parseSipMessage(out);
  if (isParseError(again)) return `re-parse failed: ${again.error}`;
  if (!again.body.equals(m.body)) return 're-parse changed the body';
  for (const [name, values] of m.headers) if (name !== 'content-length' && JSON.stringify(again.headers.get(name)) !== JSON.stringify(values)) return `re-parse changed ${name}`;
  return null;
}

/** Keeps a failing input for a closer look, and says where. */
function saved(input: Buffer): string {
  const file = path.join(os.tmpdir(), `sip-fuzz-${SEED}-${createHash('sha1').update(input).digest('hex').slice(0, 10)}.bin`);
  fs.writeFileSync(file, input);
  return `input (${input.length} bytes) saved in ${file}; starts ${JSON.stringify(input.subarray(0, 200).toString('latin1'))}`;
}

function check(input: Buffer, context: string) {
  let result: unknown;
  try {
    result = parseSipMessage(input);
  } catch (err) {
    assert.fail(`parseSipMessage threw (${context}; SIP_FUZZ_SEED=${SEED}): ${(err as Error).stack}\n${saved(input)}`);
  }
  const problem = violation(input, result);
  if (problem) assert.fail(`${problem} (${context}; SIP_FUZZ_SEED=${SEED})\n${saved(input)}`);
  return result as SipMessage | { error: string };
}

describe('SIP parser fuzzing', () => {
  it('parses every corpus message', () => {
    for (const [i, text] of CORPUS.entries()) {
      const m = check(Buffer.from(text), `corpus ${i}`);
      assert.ok(!('error' in m), `corpus ${i}: ${'error' in m ? m.error : ''}`);
    }
  });

  it('never throws on any truncation of any corpus message, and accepts none before the end of headers', () => {
    for (const [i, text] of CORPUS.entries()) {
      const buf = Buffer.from(text);
      const headEnd = buf.indexOf('\r\n\r\n') + 4;
      for (let cut = 0; cut < buf.length; cut++) {
        const r = check(buf.subarray(0, cut), `corpus ${i} cut at ${cut}`);
        if (cut < headEnd) assert.ok('error' in r, `corpus ${i} cut at ${cut} was accepted`);
        // With its Content-Length, a message missing the end of its body is an error, never a shorter body.
        else if (cut < buf.length) assert.ok('error' in r, `corpus ${i} cut in the body at ${cut} was accepted`);
      }
    }
  });

  it(`never throws and returns a well-formed message or an error for ${ITERATIONS} seeded mutations`, () => {
    const rng = prng(SEED);
    let accepted = 0;
    const errors = new Map<string, number>();
    for (let i = 0; i < ITERATIONS; i++) {
      const { input, steps } = mutant(rng);
      const r = check(input, `iteration ${i}: ${steps.join(' + ')}`);
      if ('error' in r) errors.set(r.error.replace(/\d+|".*"/g, '#'), (errors.get(r.error.replace(/\d+|".*"/g, '#')) ?? 0) + 1);
      else accepted++;
    }
    // The mutations must exercise both sides: some survive, most are refused for many reasons.
    assert.ok(accepted > ITERATIONS * 0.05, `only ${accepted} accepted`);
    assert.ok(errors.size >= 10, `only ${errors.size} kinds of error: ${[...errors.keys()].join(', ')}`);
  });
});

describe('SIP stack under fuzzed datagrams', () => {
  it('survives a few hundred mutated datagrams and still answers OPTIONS', async () => {
    const t = await startTestStack();
    const peer = await UdpPeer.open(t.stack.port);
    try {
      const rng = prng(SEED ^ 0xa5a5);
      // The corpus as seen from this peer, so that responses with a usable Via come back here.
      const sent = 400;
      for (let i = 0; i < sent; i++) {
        let { input } = mutant(rng);
        input = Buffer.from(input.toString('latin1').replace(/10\.0\.0\.9:5061|192\.168\.1\.23:42311/g, `127.0.0.1:${peer.port}`), 'latin1');
        if (input.length > 60_000) input = input.subarray(0, 60_000);
        if (input.length === 0) continue;
        await peer.send(input);
        if (i % 50 === 0) await new Promise((r) => setImmediate(r));
      }
      const callId = unique('after-fuzz');
      await peer.send(sipRequest({ method: 'OPTIONS', port: peer.port, callId }));
      const res = await peer.response(callId, { status: 200, timeoutMs: 3000 });
      assert.equal(res.status, 200);
      assert.ok(t.stack.stats.received > sent / 2, `${t.stack.stats.received} received`);
      assert.ok(t.stack.stats.malformed > 0);
    } finally {
      await peer.close();
      await t.close();
    }
  });
});
