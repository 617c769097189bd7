import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import {
  DtmfDetector,
  dtmfDigit,
  dtmfEvent,
  parseRtp,
  parseTelephoneEvent,
  writeRtpHeader,
  writeTelephoneEvent,
  type RtpPacket,
  type TelephoneEvent,
} from '../media/rtp-packet.js';

const SIPP_DIR = '/usr/share/sip-tester';
const SIPP_FILES: Record<string, string> = { '*': 'star', '#': 'pound' };

/** UDP payloads of a classic pcap with Ethernet + IPv4 (no options) + UDP framing. */
function pcapPayloads(path: string): Buffer[] {
  const b = fs.readFileSync(path);
  assert.equal(b.readUInt32LE(0), 0xa1b2c3d4, 'little-endian microsecond pcap');
  const out: Buffer[] = [];
  for (let off = 24; off + 16 <= b.length; ) {
    const len = b.readUInt32LE(off + 8);
    const frame = b.subarray(off + 16, off + 16 + len);
    off += 16 + len;
    const ihl = (frame[14]! & 0x0f) * 4;
    out.push(frame.subarray(14 + ihl + 8));
  }
  return out;
}

function sippDigit(digit: string): RtpPacket[] {
  return pcapPayloads(`${SIPP_DIR}/dtmf_2833_${SIPP_FILES[digit] ?? digit}.pcap`).map((p) => parseRtp(p)!);
}

function packet(h: Partial<RtpPacket> & { payload: Buffer }): Buffer {
  const out = Buffer.alloc(12 + h.payload.length);
  writeRtpHeader(out, { payloadType: 0, marker: false, sequence: 0, timestamp: 0, ssrc: 0, ...h });
  h.payload.copy(out, 12);
  return out;
}

function eventPacket(seq: number, ts: number, e: TelephoneEvent, marker = false, ssrc = 0x1234): RtpPacket {
  const payload = Buffer.alloc(4);
  writeTelephoneEvent(payload, 0, e);
  return parseRtp(packet({ payloadType: 101, marker, sequence: seq, timestamp: ts, ssrc, payload }))!;
}

/** A stream as baresip (and RFC 4733 §2.5.1) sends it: marked start, updates every 20 ms, end three times. */
function rfc4733Stream(digit: string, seq: number, ts: number, ssrc = 0x1234): RtpPacket[] {
  const event = dtmfEvent(digit);
  const pkts: RtpPacket[] = [];
  for (let d = 0; d <= 800; d += 160) pkts.push(eventPacket(seq++, ts, { event, end: false, volume: 10, duration: d }, d === 0, ssrc));
  for (let i = 0; i < 3; i++) pkts.push(eventPacket(seq++, ts, { event, end: true, volume: 10, duration: 960 }, false, ssrc));
  return pkts;
}

function detect(detector: DtmfDetector, pkts: RtpPacket[]): string {
  return pkts.map((p) => detector.push(p) ?? '').join('');
}

describe('RTP packets', () => {
  it('writes and parses the fixed header', () => {
    const buf = packet({ payloadType: 8, marker: true, sequence: 0xfffe, timestamp: 0xfffffff0, ssrc: 0xdeadbeef, payload: Buffer.from([1, 2, 3]) });
    assert.equal(buf.subarray(0, 2).toString('hex'), '8088');
    const p = parseRtp(buf)!;
    assert.deepEqual({ ...p, payload: [...p.payload] }, {
      payloadType: 8,
      marker: true,
      sequence: 0xfffe,
      timestamp: 0xfffffff0,
      ssrc: 0xdeadbeef,
      payload: [1, 2, 3],
    });
    assert.equal(p.payload.buffer, buf.buffer, 'payload is a view, not a copy');
  });

  it('skips CSRCs and the header extension, and strips padding', () => {
    const buf = Buffer.concat([
      Buffer.from([0xb2, 0x00, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3]), // V=2 P=1 X=1 CC=2
      Buffer.alloc(8, 0xcc), // two CSRCs
      Buffer.from([0xbe, 0xde, 0, 1, 0x10, 0xaa, 0, 0]), // one-word extension
      Buffer.from('hello'),
      Buffer.from([0, 0, 3]), // three bytes of padding
    ]);
    assert.equal(parseRtp(buf)!.payload.toString(), 'hello');
  });

  it('returns null for junk, truncation, other versions and multiplexed RTCP, without throwing', () => {
    const good = packet({ payloadType: 0, payload: Buffer.alloc(160) });
    assert.equal(parseRtp(Buffer.alloc(0)), null);
    assert.equal(parseRtp(good.subarray(0, 11)), null);
    assert.equal(parseRtp(Buffer.from('INVITE sip:12333@example.com SIP/2.0')), null);
    const v1 = Buffer.from(good);
    v1[0] = 0x40;
    assert.equal(parseRtp(v1), null);
    assert.equal(parseRtp(Buffer.from([0x80, 200, 0, 6, ...Array(24).fill(0)])), null, 'RTCP SR');
    assert.equal(parseRtp(Buffer.from([0x8f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2])), null, 'CSRC count beyond the end');
    assert.equal(parseRtp(Buffer.from([0x90, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xbe, 0xde, 0, 9])), null, 'extension beyond the end');
    assert.equal(parseRtp(Buffer.from([0xa0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0])), null, 'zero padding count');
    assert.equal(parseRtp(Buffer.from([0xa0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 9])), null, 'padding longer than the payload');
    for (let i = 0; i < 2000; i++) parseRtp(Buffer.from(Array.from({ length: i % 40 }, () => (Math.random() * 256) | 0)));
  });

  it('round-trips telephone-event payloads (RFC 4733 §2.3)', () => {
    const buf = Buffer.alloc(8);
    const e = { event: 11, end: true, volume: 10, duration: 1280 };
    assert.equal(writeTelephoneEvent(buf, 4, e), 8);
    assert.equal(buf.subarray(4).toString('hex'), '0b8a0500');
    assert.deepEqual(parseTelephoneEvent(buf.subarray(4)), e);
    assert.equal(parseTelephoneEvent(Buffer.alloc(3)), null);
  });

  it('maps DTMF digits to events and back', () => {
    assert.equal([...Array(16).keys()].map((e) => dtmfDigit(e)).join(''), '0123456789*#ABCD');
    assert.equal(dtmfDigit(16), null);
    assert.equal(dtmfDigit(-1), null);
    for (const d of '0123456789*#ABCD') assert.equal(dtmfDigit(dtmfEvent(d)), d);
    assert.equal(dtmfEvent('a'), 12);
    assert.throws(() => dtmfEvent('E'), RangeError);
    assert.throws(() => dtmfEvent('12'), RangeError);
  });
});

describe('DtmfDetector', () => {
  it("finds '1' exactly once in SIPp's dtmf_2833_1.pcap (start, updates, end sent three times)", () => {
    const pkts = sippDigit('1');
    assert.equal(pkts.length, 10);
    assert.equal(detect(new DtmfDetector(101), pkts), '1');
  });

  it('reads every SIPp DTMF capture, played one after another', () => {
    const digits = [...'0123456789*#'];
    assert.equal(detect(new DtmfDetector(101), digits.flatMap(sippDigit)), digits.join(''));
  });

  it('counts a SIPp capture played twice as two presses, though timestamps and sequence numbers repeat', () => {
    assert.equal(detect(new DtmfDetector(101), [...sippDigit('1'), ...sippDigit('1'), ...sippDigit('0'), ...sippDigit('1')]), '1101');
  });

  it('handles an RFC 4733 sender (baresip): one digit per event, repeats and retransmitted ends ignored', () => {
    const pkts = [...rfc4733Stream('5', 100, 8000), ...rfc4733Stream('5', 109, 16000), ...rfc4733Stream('#', 118, 24000)];
    assert.equal(detect(new DtmfDetector(101), pkts), '55#');
  });

  it('still reports a digit whose start packets were lost, and ignores duplicated packets', () => {
    const pkts = rfc4733Stream('7', 1, 1000);
    assert.equal(detect(new DtmfDetector(), pkts.slice(4)), '7');
    assert.equal(detect(new DtmfDetector(), pkts.flatMap((p) => [p, p])), '7');
  });

  it('starts afresh on a new SSRC and ignores other payload types and non-DTMF events', () => {
    const d = new DtmfDetector(101);
    assert.equal(detect(d, rfc4733Stream('3', 1, 5000, 1)), '3');
    assert.equal(detect(d, rfc4733Stream('3', 1, 5000, 2)), '3');
    const audio = parseRtp(packet({ payloadType: 8, payload: Buffer.from([1, 0x8a, 0, 0]) }))!;
    assert.equal(d.push(audio), null);
    assert.equal(d.push(eventPacket(50, 9000, { event: 16, end: false, volume: 0, duration: 0 }, true)), null, 'flash');
    assert.equal(d.push({ ...audio, payloadType: 101, payload: Buffer.alloc(2) }), null, 'short payload');
  });
});
