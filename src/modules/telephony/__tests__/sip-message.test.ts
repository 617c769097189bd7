import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDigestAuthorization } from '../sip/digest-auth.js';
import {
  MAX_SIP_MESSAGE_BYTES,
  header,
  headerList,
  isParseError,
  parseCSeq,
  parseNameAddr,
  parseSipMessage,
  parseUri,
  parseVia,
  serializeSipMessage,
  splitCommaList,
  tagOf,
  type SipMessage,
  type SipParseError,
  type SipRequest,
  type SipResponse,
} from '../sip/sip-message.js';

const crlf = (lines: string[]): string => lines.join('\r\n');

const SIPP_SDP = crlf([
  'v=0',
  'o=user1 53655765 2353687637 IN IP4 127.0.1.1',
  's=-',
  'c=IN IP4 127.0.1.1',
  't=0 0',
  'm=audio 6000 RTP/AVP 0',
  'a=rtpmap:0 PCMU/8000',
  '',
]);

// SIPp's built-in uac scenario after keyword substitution (note the padded Content-Length).
const SIPP_INVITE = crlf([
  'INVITE sip:service@127.0.0.1:5060 SIP/2.0',
  'Via: SIP/2.0/UDP 127.0.1.1:5061;branch=z9hG4bK-4211-1-0',
  'From: sipp <sip:sipp@127.0.1.1:5061>;tag=4211SIPpTag001',
  'To: service <sip:service@127.0.0.1:5060>',
  'Call-ID: 1-4211@127.0.1.1',
  'CSeq: 1 INVITE',
  'Contact: sip:sipp@127.0.1.1:5061',
  'Max-Forwards: 70',
  'Subject: Performance Test',
  'Content-Type: application/sdp',
  `Content-Length:   ${Buffer.byteLength(SIPP_SDP)}`,
  '',
  SIPP_SDP,
]);

// baresip 3.x answering a 401 challenge.
const BARESIP_REGISTER = crlf([
  'REGISTER sip:192.168.1.10 SIP/2.0',
  'Via: SIP/2.0/UDP 192.168.1.23:42311;branch=z9hG4bK7c4e0bd2a1d4f6c8;rport',
  'Contact: <sip:8001-0x55d1c3a8a0b0@192.168.1.23:42311>;expires=3600',
  'Max-Forwards: 70',
  'To: <sip:8001@192.168.1.10>',
  'From: <sip:8001@192.168.1.10>;tag=4f2b7f5d6c0a8e31',
  'Call-ID: 0a3c8d6e2f4b1a97',
  'CSeq: 2 REGISTER',
  'User-Agent: baresip v3.10.1 (x86_64/linux)',
  'Authorization: Digest username="8001", realm="12333", nonce="AAABjW2kYb8rI1x0q1xQk9gQb0xKJ2mO1pJd", uri="sip:192.168.1.10", response="6629fae49393a05397450978507c4ef1", algorithm=MD5, cnonce="0a4f113b", qop=auth, nc=00000001',
  'Allow: INVITE,ACK,BYE,CANCEL,OPTIONS,NOTIFY,SUBSCRIBE,INFO,MESSAGE,UPDATE,REFER',
  'Supported: replaces,norefersub,gruu',
  'Content-Length: 0',
  '',
  '',
]);

function parse(text: string | Buffer): SipMessage {
  const m = parseSipMessage(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
  if (isParseError(m)) assert.fail(`unexpected parse error: ${m.error}`);
  return m;
}

function parseRequest(text: string): SipRequest {
  const m = parse(text);
  assert.equal(m.kind, 'request');
  return m as SipRequest;
}

function parseFails(text: string | Buffer): SipParseError {
  const m = parseSipMessage(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
  assert.ok(isParseError(m), `expected a parse error, got a ${(m as SipMessage).kind}`);
  return m;
}

/** A minimal valid request with some lines replaced (`null` drops a line). */
function request(replace: Record<string, string | null> = {}, body = ''): string {
  const base: Record<string, string> = {
    start: 'OPTIONS sip:12333@10.0.0.1 SIP/2.0',
    via: 'Via: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bKabc',
    from: 'From: <sip:a@10.0.0.2>;tag=1',
    to: 'To: <sip:12333@10.0.0.1>',
    callId: 'Call-ID: c1@10.0.0.2',
    cseq: 'CSeq: 7 OPTIONS',
    length: `Content-Length: ${Buffer.byteLength(body)}`,
  };
  const lines = Object.entries({ ...base, ...replace }).flatMap(([, v]) => (v === null ? [] : [v]));
  return lines.join('\r\n') + '\r\n\r\n' + body;
}

describe('parsing real-world SIP messages', () => {
  it('reads a SIPp INVITE: request line, headers and exactly the SDP body', () => {
    const m = parseRequest(SIPP_INVITE);
    assert.equal(m.method, 'INVITE');
    assert.equal(m.uri, 'sip:service@127.0.0.1:5060');
    assert.equal(header(m, 'call-id'), '1-4211@127.0.1.1');
    assert.equal(header(m, 'content-length'), String(Buffer.byteLength(SIPP_SDP)));
    assert.equal(tagOf(header(m, 'from')), '4211SIPpTag001');
    assert.equal(tagOf(header(m, 'to')), null);
    assert.equal(m.body.toString('utf8'), SIPP_SDP);
    assert.equal(parseNameAddr(header(m, 'contact')!)?.uri, 'sip:sipp@127.0.1.1:5061');
  });

  it('reads a baresip REGISTER and its digest Authorization', () => {
    const m = parseRequest(BARESIP_REGISTER);
    assert.equal(m.method, 'REGISTER');
    assert.equal(m.body.length, 0);
    const contact = parseNameAddr(headerList(m, 'contact')[0]!)!;
    assert.equal(contact.uri, 'sip:8001-0x55d1c3a8a0b0@192.168.1.23:42311');
    assert.equal(contact.params.get('expires'), '3600');
    assert.deepEqual(headerList(m, 'supported'), ['replaces', 'norefersub', 'gruu']);
    const creds = parseDigestAuthorization(header(m, 'authorization'));
    assert.deepEqual(creds, {
      username: '8001',
      realm: '12333',
      nonce: 'AAABjW2kYb8rI1x0q1xQk9gQb0xKJ2mO1pJd',
      uri: 'sip:192.168.1.10',
      response: '6629fae49393a05397450978507c4ef1',
      algorithm: 'MD5',
      qop: 'auth',
      nc: '00000001',
      cnonce: '0a4f113b',
    });
    const via = parseVia(headerList(m, 'via')[0]!)!;
    assert.equal(via.params.has('rport'), true);
    assert.equal(via.params.get('rport'), '');
  });

  it('expands compact header names (v, i, l, f, t, m, c, k)', () => {
    const m = parseRequest(
      crlf([
        'INVITE sip:12333@10.0.0.1 SIP/2.0',
        'v: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bKcompact',
        'f: <sip:a@10.0.0.2>;tag=77',
        't: <sip:12333@10.0.0.1>',
        'i: compact-1@10.0.0.2',
        'CSeq: 1 INVITE',
        'm: <sip:a@10.0.0.2:5060>',
        'k: replaces',
        'c: application/sdp',
        'l: 4',
        '',
        'v=0\r\nextra',
      ]),
    );
    assert.equal(header(m, 'call-id'), 'compact-1@10.0.0.2');
    assert.equal(header(m, 'via'), 'SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bKcompact');
    assert.equal(tagOf(header(m, 'from')), '77');
    assert.equal(header(m, 'contact'), '<sip:a@10.0.0.2:5060>');
    assert.equal(header(m, 'supported'), 'replaces');
    assert.equal(header(m, 'content-type'), 'application/sdp');
    assert.equal(m.body.toString(), 'v=0\r', 'l: 4 cuts the body to four bytes');
    assert.equal(m.headers.has('v'), false);
    assert.equal(m.headers.has('i'), false);
  });

  it('joins folded header lines (leading space or tab) to the line before', () => {
    const m = parseRequest(
      request({
        extra: 'Subject: I know you are there,\r\n     pick up the phone\r\n\tand talk to me!',
        via: 'Via: SIP/2.0/UDP 10.0.0.2:5060\r\n ;branch=z9hG4bKfold',
      }),
    );
    assert.equal(header(m, 'subject'), 'I know you are there, pick up the phone and talk to me!');
    assert.equal(parseVia(header(m, 'via')!)?.params.get('branch'), 'z9hG4bKfold');
  });

  it('keeps Via order whether they share a line or come on several lines', () => {
    const m = parseRequest(
      request({
        via: crlf([
          'Via: SIP/2.0/UDP first.example.com:4000;branch=z9hG4bK1, SIP/2.0/TCP second.example.com;branch=z9hG4bK2',
          'Via: SIP/2.0/UDP third.example.com:5070;branch=z9hG4bK3',
        ]),
      }),
    );
    assert.equal(m.headers.get('via')?.length, 2, 'two header lines as received');
    const vias = headerList(m, 'via').map((v) => parseVia(v)!);
    assert.deepEqual(
      vias.map((v) => [v.transport, v.host, v.port, v.params.get('branch')]),
      [
        ['UDP', 'first.example.com', 4000, 'z9hG4bK1'],
        ['TCP', 'second.example.com', null, 'z9hG4bK2'],
        ['UDP', 'third.example.com', 5070, 'z9hG4bK3'],
      ],
    );
  });

  it('reads an IPv6 Via with a port and an IPv6 received parameter', () => {
    const m = parseRequest(request({ via: 'Via: SIP/2.0/UDP [2001:db8::9:1]:5070;branch=z9hG4bKv6;received=2001:db8::9:255' }));
    const via = parseVia(header(m, 'via')!)!;
    assert.equal(via.host, '[2001:db8::9:1]');
    assert.equal(via.port, 5070);
    assert.equal(via.params.get('received'), '2001:db8::9:255');
  });

  it('reads a REGISTER with Contact: * (remove all bindings)', () => {
    const m = parseRequest(
      request({ start: 'REGISTER sip:10.0.0.1 SIP/2.0', cseq: 'CSeq: 3 REGISTER', contact: 'Contact: *', expires: 'Expires: 0' }),
    );
    assert.deepEqual(headerList(m, 'contact'), ['*']);
    assert.equal(parseNameAddr('*')?.uri, '*');
  });

  it('reads quoted display names that contain commas, "<" and escaped quotes', () => {
    const m = parseRequest(
      request({
        from: 'From: "Zhang, San <Agent \\"7\\">" <sip:8001@10.0.0.2>;tag=zs1',
        contact: 'Contact: "Li, Si" <sip:8002@10.0.0.3>;expires=60, <sip:8002@10.0.0.4;transport=tcp>;q=0.5',
      }),
    );
    const from = parseNameAddr(header(m, 'from')!)!;
    assert.equal(from.display, 'Zhang, San <Agent "7">');
    assert.equal(from.uri, 'sip:8001@10.0.0.2');
    assert.equal(tagOf(header(m, 'from')), 'zs1');
    const contacts = headerList(m, 'contact').map((c) => parseNameAddr(c)!);
    assert.deepEqual(
      contacts.map((c) => [c.display, c.uri, [...c.params]]),
      [
        ['Li, Si', 'sip:8002@10.0.0.3', [['expires', '60']]],
        [null, 'sip:8002@10.0.0.4;transport=tcp', [['q', '0.5']]],
      ],
    );
  });

  it('takes a token display name and a bare URI whose ;params belong to the header', () => {
    assert.deepEqual(parseNameAddr('Bob <sip:bob@h>'), { display: 'Bob', uri: 'sip:bob@h', params: new Map() });
    assert.deepEqual(parseNameAddr('sip:bob@h;tag=9'), { display: null, uri: 'sip:bob@h', params: new Map([['tag', '9']]) });
    assert.equal(parseNameAddr('"unterminated <sip:bob@h>'), null);
    assert.equal(parseNameAddr('"Bob" sip:bob@h'), null, 'a quoted display name needs <addr-spec>');
    assert.equal(parseNameAddr('<sip:bob@h'), null);
  });

  it('reads a response with its reason phrase, and one without a reason', () => {
    const ok = parse(
      crlf([
        'SIP/2.0 401 Unauthorized',
        'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKr',
        'From: <sip:8001@10.0.0.1>;tag=a',
        'To: <sip:8001@10.0.0.1>;tag=b',
        'Call-ID: r1',
        'CSeq: 1 REGISTER',
        'WWW-Authenticate: Digest realm="12333", nonce="n", qop="auth"',
        'Content-Length: 0',
        '',
        '',
      ]),
    ) as SipResponse;
    assert.equal(ok.kind, 'response');
    assert.equal(ok.status, 401);
    assert.equal(ok.reason, 'Unauthorized');
    assert.equal(header(ok, 'www-authenticate'), 'Digest realm="12333", nonce="n", qop="auth"');
    const bare = parse(crlf(['SIP/2.0 200', 'Via: SIP/2.0/UDP h;branch=z9hG4bKx', 'From: <sip:a@h>;tag=1', 'To: <sip:b@h>', 'Call-ID: x', 'CSeq: 2 BYE', '', ''])) as SipResponse;
    assert.equal(bare.status, 200);
    assert.equal(bare.reason, '');
  });

  it('truncates the body to a smaller Content-Length (RFC 3261 §18.3)', () => {
    const m = parseRequest(request({ length: 'Content-Length: 3' }, 'abcdef'));
    assert.equal(m.body.toString(), 'abc');
  });
});

describe('parse errors', () => {
  it('refuses a bad start line', () => {
    for (const start of ['INVITE sip:a@b SIP/3.0', 'INVITE  sip:a@b SIP/2.0', 'INVITE sip:a@b', 'HELLO', 'SIP/2.0 700 Weird', 'SIP/2.0 20 Short', 'IN VITE sip:a@b SIP/2.0', '']) {
      assert.equal(parseFails(request({ start })).error, 'bad start line', start);
    }
  });

  it('names a missing mandatory header and keeps what it read for a 400', () => {
    for (const [key, name] of [['callId', 'Call-ID'], ['cseq', 'CSeq'], ['via', 'Via'], ['from', 'From'], ['to', 'To']] as const) {
      const err = parseFails(request({ [key]: null }));
      assert.equal(err.error, `missing ${name}`);
      assert.equal(err.partial?.method, 'OPTIONS');
    }
    const err = parseFails(request({ callId: null }));
    assert.equal(err.partial?.headers.get('via')?.[0], 'SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bKabc');
  });

  it('treats an empty mandatory header as missing', () => {
    assert.equal(parseFails(request({ callId: 'Call-ID:' })).error, 'missing Call-ID');
    assert.equal(parseFails(request({ via: 'Via:   ' })).error, 'missing Via');
  });

  it('refuses a request whose top Via cannot be read or has an impossible port', () => {
    assert.equal(parseFails(request({ via: 'Via: nonsense' })).error, 'bad Via');
    assert.equal(parseFails(request({ via: 'Via: SIP/2.0/UDP 10.0.0.2:0;branch=z9hG4bKp' })).error, 'bad Via');
    assert.equal(parseFails(request({ via: 'Via: SIP/2.0/UDP 10.0.0.2:99999;branch=z9hG4bKp' })).error, 'bad Via');
  });

  it('refuses a CSeq whose method is not the request method, or that is not a CSeq', () => {
    assert.equal(parseFails(request({ cseq: 'CSeq: 7 INVITE' })).error, 'CSeq method does not match the request');
    assert.equal(parseFails(request({ cseq: 'CSeq: OPTIONS' })).error, 'bad CSeq');
    assert.equal(parseFails(request({ cseq: 'CSeq: 2147483648 OPTIONS' })).error, 'bad CSeq');
  });

  it('refuses a Content-Length that is not a number of at most six digits', () => {
    for (const value of ['abc', '-1', '1.5', '0x10', '1234567', '']) {
      const err = parseFails(request({ length: `Content-Length: ${value}` }));
      assert.equal(err.error, 'bad Content-Length', value);
      assert.equal(err.partial?.headers.get('call-id')?.[0], 'c1@10.0.0.2', 'a 400 can still be built');
    }
  });

  it('refuses a Content-Length larger than the body', () => {
    assert.equal(parseFails(request({ length: 'Content-Length: 10' }, 'short')).error, 'Content-Length larger than the body');
  });

  it('refuses a message larger than 65535 bytes, and accepts one of exactly 65535', () => {
    // The body length has five digits, as has the 10000 used to measure the head.
    const bodyLength = MAX_SIP_MESSAGE_BYTES - request({ length: 'Content-Length: 10000' }).length;
    const padded = request({ length: `Content-Length: ${bodyLength}` }, 'x'.repeat(bodyLength));
    assert.equal(Buffer.byteLength(padded), MAX_SIP_MESSAGE_BYTES);
    assert.equal(isParseError(parseSipMessage(Buffer.from(padded))), false);
    assert.equal(parseFails(padded + 'z').error, 'message too large');
  });

  it('refuses a message without the blank line that ends the headers, and a header line without a colon', () => {
    assert.equal(parseFails(request().slice(0, -2)).error, 'no end of headers');
    const err = parseFails(request({ extra: 'this line has no colon' }));
    assert.match(err.error, /^bad header line/);
    assert.equal(err.partial?.method, 'OPTIONS');
    assert.equal(parseFails(request({ extra: 'Bad Name: x' })).error, 'bad header name "Bad Name"');
  });

  it('refuses a response without To or with a bad CSeq', () => {
    const res = (lines: string[]) => crlf(['SIP/2.0 200 OK', 'Via: SIP/2.0/UDP h;branch=z9hG4bKx', 'From: <sip:a@h>;tag=1', 'Call-ID: x', ...lines, '', '']);
    assert.equal(parseFails(res(['CSeq: 1 INVITE'])).error, 'missing To');
    assert.equal(parseFails(res(['To: <sip:b@h>', 'CSeq: one INVITE'])).error, 'bad CSeq');
  });
});

describe('serialising SIP messages', () => {
  function withoutLength(h: Map<string, string[]>): Map<string, string[]> {
    const copy = new Map(h);
    copy.delete('content-length');
    return copy;
  }

  it('parses back to the same headers and body', () => {
    for (const text of [SIPP_INVITE, BARESIP_REGISTER, request({ contact: 'Contact: "Li, Si" <sip:8002@h>' }, 'body\r\n\r\nwith blank line')]) {
      const m = parse(text);
      const again = parse(serializeSipMessage(m));
      assert.deepEqual(withoutLength(again.headers), withoutLength(m.headers));
      assert.deepEqual(again.body, m.body);
      assert.equal(again.kind, m.kind);
      if (again.kind === 'request' && m.kind === 'request') assert.deepEqual([again.method, again.uri], [m.method, m.uri]);
    }
  });

  it('recomputes Content-Length from the body and writes it once', () => {
    const m = parse(SIPP_INVITE);
    m.body = Buffer.from('v=0\r\n多字节\r\n', 'utf8');
    const text = serializeSipMessage(m).toString('utf8');
    assert.deepEqual(text.match(/^Content-Length: .*$/gm), [`Content-Length: ${m.body.length}`]);
    assert.equal(parse(text).body.toString('utf8'), 'v=0\r\n多字节\r\n');
  });

  it('writes compact forms in full with their usual capitalisation', () => {
    const m = parse(crlf(['SIP/2.0 200 OK', 'v: SIP/2.0/UDP h;branch=z9hG4bKx', 'f: <sip:a@h>;tag=1', 't: <sip:b@h>;tag=2', 'i: abc', 'CSEQ: 1 OPTIONS', 'www-authenticate: Digest realm="r"', '', '']));
    const text = serializeSipMessage(m).toString();
    assert.match(text, /^SIP\/2\.0 200 OK\r\nVia: SIP\/2\.0\/UDP h;branch=z9hG4bKx\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:b@h>;tag=2\r\nCall-ID: abc\r\nCSeq: 1 OPTIONS\r\nWWW-Authenticate: Digest realm="r"\r\nContent-Length: 0\r\n\r\n$/);
  });
});

describe('parseUri', () => {
  it('reads user, host, port and parameters', () => {
    const u = parseUri('sip:8001@10.0.0.2:5070;transport=tcp;lr')!;
    assert.deepEqual([u.scheme, u.user, u.host, u.port], ['sip', '8001', '10.0.0.2', 5070]);
    assert.deepEqual([...u.params], [['transport', 'tcp'], ['lr', '']]);
    assert.deepEqual(parseUri('SIPS:Alice@Example.COM'), { scheme: 'sips', user: 'Alice', host: 'example.com', port: null, params: new Map(), headers: new Map() });
    assert.deepEqual([parseUri('sip:[2001:db8::1]:5061')?.host, parseUri('sip:[2001:db8::1]:5061')?.port], ['[2001:db8::1]', 5061]);
    assert.equal(parseUri('sip:12333@10.0.0.1')?.port, null);
  });

  it('decodes the user and the ?headers, and drops a password', () => {
    assert.equal(parseUri('sip:%2B8610123@gw')?.user, '+8610123');
    assert.equal(parseUri('sip:alice:secret@h')?.user, 'alice');
    const refer = parseUri('sip:8002@10.0.0.1?Replaces=abc%40h%3Bto-tag%3D12%3Bfrom-tag%3D34&Subject=hi%20there')!;
    assert.equal(refer.user, '8002');
    assert.equal(refer.headers.get('replaces'), 'abc@h;to-tag=12;from-tag=34');
    assert.equal(refer.headers.get('subject'), 'hi there');
    assert.equal(parseUri('sip:a@h?Replaces=%E0%A4%A'), null, 'a broken escape is refused');
  });

  it('puts the number of a tel: URI in user', () => {
    const tel = parseUri('tel:+86-10-12333;phone-context=+86')!;
    assert.equal(tel.scheme, 'tel');
    assert.equal(tel.user, '+86-10-12333');
    assert.equal(tel.params.get('phone-context'), '+86');
    assert.equal(parseUri('tel:12333')?.user, '12333');
  });

  it('refuses what is not a SIP or tel URI, and impossible ports', () => {
    for (const bad of ['http://example.com', 'sip:', 'mailto:a@b', 'sip:a@h:0', 'sip:a@h:70000', '']) assert.equal(parseUri(bad), null, bad);
  });
});

describe('parseVia', () => {
  it('reads transport, host, port and parameters, tolerating spaces around / and :', () => {
    const v = parseVia('SIP / 2.0 / udp 10.0.0.2 : 5062 ;branch=z9hG4bKsp;rport;received=1.2.3.4')!;
    assert.deepEqual([v.transport, v.host, v.port], ['UDP', '10.0.0.2', 5062]);
    assert.deepEqual([...v.params], [['branch', 'z9hG4bKsp'], ['rport', ''], ['received', '1.2.3.4']]);
    assert.equal(parseVia('SIP/2.0/TLS pbx.example.com;branch=z9hG4bKt')?.port, null);
  });

  it('refuses what is not a Via', () => {
    for (const bad of ['SIP/2.0 10.0.0.2:5060', 'HTTP/1.1/TCP h', 'SIP/2.0/UDP', 'SIP/2.0/UDP h:0', 'SIP/2.0/UDP h:65536', '']) assert.equal(parseVia(bad), null, bad);
  });
});

describe('splitCommaList', () => {
  it('splits on commas outside quotes and angle brackets', () => {
    assert.deepEqual(splitCommaList('<sip:a@h;x=1,2>, "Doe, J" <sip:b@h>,sip:c@h'), ['<sip:a@h;x=1,2>', '"Doe, J" <sip:b@h>', 'sip:c@h']);
  });

  it('honours escaped quotes inside a quoted string, and an escaped backslash before the closing quote', () => {
    assert.deepEqual(splitCommaList('"say \\"hi, there\\"" <sip:a@h>, <sip:b@h>'), ['"say \\"hi, there\\"" <sip:a@h>', '<sip:b@h>']);
    assert.deepEqual(splitCommaList('"back\\\\" <sip:a@h>, <sip:b@h>'), ['"back\\\\" <sip:a@h>', '<sip:b@h>']);
  });

  it('drops empty elements', () => {
    assert.deepEqual(splitCommaList(' , a,, b ,'), ['a', 'b']);
    assert.deepEqual(splitCommaList(''), []);
  });
});

describe('parseCSeq', () => {
  it('accepts 0 to 2^31-1 and any token method', () => {
    assert.deepEqual(parseCSeq('0 INVITE'), { seq: 0, method: 'INVITE' });
    assert.deepEqual(parseCSeq('2147483647 BYE'), { seq: 2147483647, method: 'BYE' });
    assert.deepEqual(parseCSeq('  12\t  X-CUSTOM  '), { seq: 12, method: 'X-CUSTOM' });
  });

  it('refuses numbers of 2^31 or more, negatives, missing parts and trailing words', () => {
    for (const bad of ['2147483648 INVITE', '99999999999 INVITE', '-1 INVITE', 'INVITE', '1', '1 INVITE extra', '1 INV/ITE', '']) assert.equal(parseCSeq(bad), null, bad);
  });
});
