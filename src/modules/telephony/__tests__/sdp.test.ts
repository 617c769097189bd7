import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { answerDirection, buildSdp, negotiate, parseSdp } from '../media/sdp.js';

const crlf = (lines: string[]): string => lines.join('\r\n') + '\r\n';

// What SIPp's uac_pcap scenario sends (after keyword substitution).
const SIPP_OFFER = crlf([
  'v=0',
  'o=user1 53655765 2353687637 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 6000 RTP/AVP 8 101',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-11,16',
]);

// baresip with opus and G.722 loaded: connection at media level, PCMU ahead of PCMA.
const BARESIP_OFFER = crlf([
  'v=0',
  'o=- 1392434582 2030561498 IN IP4 192.168.1.23',
  's=-',
  't=0 0',
  'm=audio 10134 RTP/AVP 96 9 0 8 101',
  'c=IN IP4 192.168.1.23',
  'b=AS:64',
  'a=rtpmap:96 opus/48000/2',
  'a=fmtp:96 stereo=1;sprop-stereo=1',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-15',
  'a=sendrecv',
  'a=label:1',
  'a=ssrc:1270776578 cname:9ad2ab3b-1d87-4c5a-9c26-6d2f53c16e57',
  'a=rtcp-rsize',
  'a=ptime:20',
]);

describe('SDP', () => {
  it('parses a SIPp offer (session-level connection)', () => {
    const m = parseSdp(SIPP_OFFER)!;
    assert.deepEqual(m, {
      address: '127.0.0.1',
      port: 6000,
      codecs: [
        { payloadType: 8, name: 'PCMA', clockRate: 8000 },
        { payloadType: 101, name: 'telephone-event', clockRate: 8000 },
      ],
      telephoneEventPayloadType: 101,
      direction: 'sendrecv',
    });
    assert.deepEqual(negotiate(m), { codec: 'PCMA', payloadType: 8, telephoneEventPayloadType: 101 });
  });

  it("parses a baresip offer and follows the offerer's codec order", () => {
    const m = parseSdp(BARESIP_OFFER)!;
    assert.equal(m.address, '192.168.1.23');
    assert.equal(m.port, 10134);
    assert.deepEqual(m.codecs.map((c) => `${c.payloadType}:${c.name}/${c.clockRate}`), ['96:opus/48000', '9:G722/8000', '0:PCMU/8000', '8:PCMA/8000', '101:telephone-event/8000']);
    assert.deepEqual(negotiate(m), { codec: 'PCMU', payloadType: 0, telephoneEventPayloadType: 101 });
    assert.deepEqual(negotiate(m, ['PCMA']), { codec: 'PCMA', payloadType: 8, telephoneEventPayloadType: 101 });
  });

  it('knows static payload types without rtpmap, and drops dynamic ones without it', () => {
    const m = parseSdp(crlf(['v=0', 'o=- 1 1 IN IP4 10.0.0.1', 's=-', 'c=IN IP4 10.0.0.1', 't=0 0', 'm=audio 4000 RTP/AVP 18 0 8 97']))!;
    assert.deepEqual(m.codecs.map((c) => c.name), ['G729', 'PCMU', 'PCMA']);
    assert.equal(m.telephoneEventPayloadType, null);
    assert.deepEqual(negotiate(m), { codec: 'PCMU', payloadType: 0, telephoneEventPayloadType: null });
  });

  it('finds nothing to agree on when only other codecs are offered', () => {
    const m = parseSdp(crlf(['v=0', 'o=- 1 1 IN IP4 10.0.0.1', 's=-', 'c=IN IP4 10.0.0.1', 't=0 0', 'm=audio 4000 RTP/AVP 9 18']))!;
    assert.equal(negotiate(m), null);
  });

  it('reads direction from media or session level, and c=0.0.0.0 as (old-style) hold', () => {
    const base = ['v=0', 'o=- 1 2 IN IP4 10.0.0.1', 's=-', 'c=IN IP4 10.0.0.1', 't=0 0'];
    assert.equal(parseSdp(crlf([...base, 'a=sendonly', 'm=audio 4000 RTP/AVP 8']))!.direction, 'sendonly');
    assert.equal(parseSdp(crlf([...base, 'a=sendonly', 'm=audio 4000 RTP/AVP 8', 'a=inactive']))!.direction, 'inactive');
    const held = parseSdp(crlf(['v=0', 'o=- 1 2 IN IP4 10.0.0.1', 's=-', 'c=IN IP4 0.0.0.0', 't=0 0', 'm=audio 4000 RTP/AVP 8']))!;
    assert.equal(held.address, '0.0.0.0');
    assert.equal(held.direction, 'sendonly');
    assert.equal(answerDirection('sendonly'), 'recvonly');
    assert.equal(answerDirection('recvonly'), 'sendonly');
    assert.equal(answerDirection('sendrecv'), 'sendrecv');
  });

  it('returns null for non-SDP, no audio, or no connection address', () => {
    assert.equal(parseSdp(''), null);
    assert.equal(parseSdp('hello world'), null);
    assert.equal(parseSdp(crlf(['v=0', 'o=- 1 1 IN IP4 10.0.0.1', 's=-', 'c=IN IP4 10.0.0.1', 't=0 0', 'm=video 4000 RTP/AVP 96'])), null);
    assert.equal(parseSdp(crlf(['v=0', 'o=- 1 1 IN IP4 10.0.0.1', 's=-', 't=0 0', 'm=audio 4000 RTP/AVP 8'])), null);
  });

  it('builds an answer with the chosen codec that parses back', () => {
    const answer = buildSdp({
      sessionId: 1700000000,
      sessionVersion: 1,
      address: '192.168.1.5',
      port: 20000,
      codecs: [{ payloadType: 0, name: 'PCMU' }],
      telephoneEventPayloadType: 101,
      direction: 'sendrecv',
    });
    assert.equal(
      answer,
      crlf([
        'v=0',
        'o=- 1700000000 1 IN IP4 192.168.1.5',
        's=-',
        'c=IN IP4 192.168.1.5',
        't=0 0',
        'm=audio 20000 RTP/AVP 0 101',
        'a=rtpmap:0 PCMU/8000',
        'a=rtpmap:101 telephone-event/8000',
        'a=fmtp:101 0-16',
        'a=ptime:20',
        'a=sendrecv',
      ]),
    );
    const back = parseSdp(answer)!;
    assert.deepEqual(negotiate(back), { codec: 'PCMU', payloadType: 0, telephoneEventPayloadType: 101 });
  });

  it('builds an offer with PCMA, PCMU and telephone-event', () => {
    const offer = buildSdp({
      sessionId: 42,
      sessionVersion: 3,
      address: '10.1.2.3',
      port: 30000,
      codecs: [
        { payloadType: 8, name: 'PCMA' },
        { payloadType: 0, name: 'PCMU' },
      ],
      telephoneEventPayloadType: 101,
      direction: 'sendonly',
    });
    assert.match(offer, /\r\nm=audio 30000 RTP\/AVP 8 0 101\r\n/);
    assert.ok(!/[^\r]\n/.test(offer), 'CRLF line ends only');
    const back = parseSdp(offer)!;
    assert.equal(back.direction, 'sendonly');
    assert.deepEqual(back.codecs.map((c) => c.name), ['PCMA', 'PCMU', 'telephone-event']);
  });
});
