import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { AuthLockout, DigestAuthenticator, digestHa1, parseDigestAuthorization, type DigestCredentials } from '../sip/digest-auth.js';
import { SourceRateLimiter } from '../sip/rate-limiter.js';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const REALM = '12333';
const HA1 = md5(`8001:${REALM}:secret-pass`);
const URI = 'sip:10.0.0.1';

/** A client's answer to a challenge, computed as RFC 2617 §3.2.2 says. */
function answer(nonce: string, opts: { password?: string; nc?: string; cnonce?: string; qop?: 'auth' | null; method?: string } = {}): DigestCredentials {
  const ha1 = opts.password ? md5(`8001:${REALM}:${opts.password}`) : HA1;
  const ha2 = md5(`${opts.method ?? 'REGISTER'}:${URI}`);
  const qop = opts.qop === undefined ? 'auth' : opts.qop;
  const nc = opts.nc ?? '00000001';
  const cnonce = opts.cnonce ?? '0a4f113b';
  const response = qop ? md5(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`) : md5(`${ha1}:${nonce}:${ha2}`);
  return { username: '8001', realm: REALM, nonce, uri: URI, response, algorithm: 'MD5', qop, nc: qop ? nc : null, cnonce: qop ? cnonce : null };
}

function clock(start = 1_700_000_000_000) {
  const c = { t: start, now: () => c.t };
  return c;
}

describe('DigestAuthenticator', () => {
  it('stores HA1 as MD5(user:realm:password)', () => {
    assert.equal(digestHa1('8001', REALM, 'secret-pass'), HA1);
  });

  it('challenges with its realm, a fresh nonce each time, MD5 and qop="auth"', () => {
    const auth = new DigestAuthenticator(REALM);
    const a = auth.challengeHeader();
    const b = auth.challengeHeader(true);
    assert.match(a, /^Digest realm="12333", nonce="[A-Za-z0-9_-]+", algorithm=MD5, qop="auth"$/);
    assert.match(b, /, stale=TRUE$/);
    assert.notEqual(/nonce="([^"]+)"/.exec(a)![1], /nonce="([^"]+)"/.exec(b)![1]);
  });

  it('accepts a correct qop=auth response and a correct response without qop (RFC 2069)', () => {
    const auth = new DigestAuthenticator(REALM);
    assert.equal(auth.verify(answer(auth.issueNonce()), 'REGISTER', HA1), 'ok');
    assert.equal(auth.verify(answer(auth.issueNonce(), { qop: null }), 'REGISTER', HA1), 'ok');
  });

  it('refuses a wrong password, another method, another qop or algorithm, and a qop response without nc/cnonce', () => {
    const auth = new DigestAuthenticator(REALM);
    const nonce = auth.issueNonce();
    assert.equal(auth.verify(answer(nonce, { password: 'guess' }), 'REGISTER', HA1), 'wrong');
    assert.equal(auth.verify(answer(nonce, { method: 'INVITE' }), 'REGISTER', HA1), 'wrong');
    assert.equal(auth.verify({ ...answer(nonce), qop: 'auth-int' }, 'REGISTER', HA1), 'wrong');
    assert.equal(auth.verify({ ...answer(nonce), algorithm: 'SHA-256' }, 'REGISTER', HA1), 'wrong');
    assert.equal(auth.verify({ ...answer(nonce), cnonce: null }, 'REGISTER', HA1), 'wrong');
    assert.equal(auth.verify({ ...answer(nonce), nc: null }, 'REGISTER', HA1), 'wrong');
    assert.equal(auth.verify({ ...answer(nonce), algorithm: 'md5' }, 'REGISTER', HA1), 'ok', 'the algorithm name is case-insensitive');
  });

  it('says stale for a correct response on an expired nonce, but wrong for a wrong one', () => {
    const c = clock();
    const auth = new DigestAuthenticator(REALM, 60_000, c.now);
    const nonce = auth.issueNonce();
    c.t += 60_000;
    assert.equal(auth.verify(answer(nonce), 'REGISTER', HA1), 'ok', 'still valid at exactly the TTL');
    c.t += 1;
    assert.equal(auth.verify(answer(nonce, { nc: '00000002' }), 'REGISTER', HA1), 'stale');
    assert.equal(auth.verify(answer(nonce, { nc: '00000003', password: 'guess' }), 'REGISTER', HA1), 'wrong', 'stale=TRUE only for the right password');
  });

  it('refuses tampered nonces and nonces it did not issue', () => {
    const auth = new DigestAuthenticator(REALM);
    const other = new DigestAuthenticator(REALM);
    const nonce = auth.issueNonce();
    const flipped = nonce.slice(0, 5) + (nonce[5] === 'A' ? 'B' : 'A') + nonce.slice(6);
    assert.equal(auth.verify(answer(flipped), 'REGISTER', HA1), 'bad_nonce');
    assert.equal(auth.verify(answer(other.issueNonce()), 'REGISTER', HA1), 'bad_nonce');
    assert.equal(auth.verify(answer(nonce.slice(0, -4)), 'REGISTER', HA1), 'bad_nonce');
    assert.equal(auth.verify(answer('not-a-nonce'), 'REGISTER', HA1), 'bad_nonce');
    // A nonce with its timestamp moved forward (to live longer) no longer matches its MAC.
    const raw = Buffer.from(nonce, 'base64url');
    raw.writeBigUInt64BE(raw.readBigUInt64BE(0) + 3_600_000n, 0);
    assert.equal(auth.verify(answer(raw.toString('base64url')), 'REGISTER', HA1), 'bad_nonce');
  });

  it('refuses a replayed or lower nonce-count, and accepts the next one', () => {
    const auth = new DigestAuthenticator(REALM);
    const nonce = auth.issueNonce();
    assert.equal(auth.verify(answer(nonce, { nc: '00000001' }), 'REGISTER', HA1), 'ok');
    assert.equal(auth.verify(answer(nonce, { nc: '00000001' }), 'REGISTER', HA1), 'replay');
    assert.equal(auth.verify(answer(nonce, { nc: '0000000a' }), 'REGISTER', HA1), 'ok', 'nc is hexadecimal');
    assert.equal(auth.verify(answer(nonce, { nc: '00000009' }), 'REGISTER', HA1), 'replay');
    assert.equal(auth.verify(answer(nonce, { nc: '0000000b' }), 'REGISTER', HA1), 'ok');
    assert.equal(auth.verify(answer(nonce, { nc: 'zzzzzzzz' }), 'REGISTER', HA1), 'replay');
  });

  it('accepts a response without qop only once per nonce, since it has no nonce-count', () => {
    const auth = new DigestAuthenticator(REALM);
    const nonce = auth.issueNonce();
    assert.equal(auth.verify(answer(nonce, { qop: null }), 'REGISTER', HA1), 'ok');
    assert.equal(auth.verify(answer(nonce, { qop: null }), 'REGISTER', HA1), 'replay');
  });
});

describe('parseDigestAuthorization', () => {
  it('reads quoted values with commas and escaped quotes, in any order and case', () => {
    const creds = parseDigestAuthorization('Digest  NC=00000002,username="a\\"b",realm="r, with comma" ,  nonce=abc, uri="sip:h", response="ABCDEF0123", qop=auth, cnonce="x,y"');
    assert.deepEqual(creds, { username: 'a"b', realm: 'r, with comma', nonce: 'abc', uri: 'sip:h', response: 'abcdef0123', algorithm: 'MD5', qop: 'auth', nc: '00000002', cnonce: 'x,y' });
  });

  it('refuses other schemes and headers without username, nonce, uri or response', () => {
    assert.equal(parseDigestAuthorization('Basic ODAwMTpzZWNyZXQ='), null);
    assert.equal(parseDigestAuthorization(undefined), null);
    assert.equal(parseDigestAuthorization('Digest realm="r", nonce="n", uri="u", response="x"'), null);
    assert.equal(parseDigestAuthorization('Digest username="u", realm="r", nonce="n", uri="u"'), null);
  });

  it('reads a 60 KB hostile header in linear time', () => {
    const started = performance.now();
    for (const hostile of ['a'.repeat(60_000), 'a=b '.repeat(15_000), 'username="' + 'x'.repeat(60_000), ',a="\\'.repeat(12_000)]) {
      assert.equal(parseDigestAuthorization(`Digest ${hostile}`), null);
    }
    // The old scan-from-every-offset regex took about 8 s on the first one.
    assert.ok(performance.now() - started < 500, `took ${Math.round(performance.now() - started)} ms`);
  });
});

describe('AuthLockout', () => {
  const policy = { maxFailures: 5, windowMs: 10 * 60_000, lockMs: 15 * 60_000, maxFailuresPerAddress: 20 };

  it('locks a user at one address after maxFailures within the window, and only that pair', () => {
    const c = clock();
    const lock = new AuthLockout(policy, c.now);
    for (let i = 0; i < 4; i++) lock.recordFailure('8001', '10.0.0.9');
    assert.equal(lock.isLocked('8001', '10.0.0.9'), false);
    lock.recordFailure('8001', '10.0.0.9');
    assert.equal(lock.isLocked('8001', '10.0.0.9'), true);
    assert.equal(lock.isLocked('8001', '10.0.0.10'), false, 'the user from elsewhere');
    assert.equal(lock.isLocked('8002', '10.0.0.9'), false, 'another user from that address');
  });

  it('unlocks after lockMs', () => {
    const c = clock();
    const lock = new AuthLockout(policy, c.now);
    for (let i = 0; i < 5; i++) lock.recordFailure('8001', '10.0.0.9');
    c.t += policy.lockMs - 1;
    assert.equal(lock.isLocked('8001', '10.0.0.9'), true);
    c.t += 1;
    assert.equal(lock.isLocked('8001', '10.0.0.9'), false);
  });

  it('does not lock for failures spread over more than the window', () => {
    const c = clock();
    const lock = new AuthLockout(policy, c.now);
    for (let i = 0; i < 4; i++) lock.recordFailure('8001', '10.0.0.9');
    c.t += policy.windowMs + 1;
    lock.recordFailure('8001', '10.0.0.9');
    assert.equal(lock.isLocked('8001', '10.0.0.9'), false);
  });

  it('forgets the failures of a user who then logs in', () => {
    const c = clock();
    const lock = new AuthLockout(policy, c.now);
    for (let i = 0; i < 4; i++) lock.recordFailure('8001', '10.0.0.9');
    lock.recordSuccess('8001', '10.0.0.9');
    lock.recordFailure('8001', '10.0.0.9');
    assert.equal(lock.isLocked('8001', '10.0.0.9'), false);
  });

  it('locks a whole address that fails across many users (password spraying)', () => {
    const c = clock();
    const lock = new AuthLockout(policy, c.now);
    for (let i = 0; i < 19; i++) lock.recordFailure(`80${String(i).padStart(2, '0')}`, '10.0.0.66');
    assert.equal(lock.isLocked('8099', '10.0.0.66'), false);
    lock.recordFailure('8019', '10.0.0.66');
    assert.equal(lock.isLocked('8099', '10.0.0.66'), true, 'even a user it never tried');
    assert.equal(lock.isLocked('8099', '10.0.0.67'), false);
  });

  it('keeps a running lock when more failures are recorded after the window has passed', () => {
    const c = clock();
    const lock = new AuthLockout(policy, c.now);
    for (let i = 0; i < 5; i++) lock.recordFailure('8001', '10.0.0.9');
    c.t += policy.windowMs + 1; // still inside the 15 min lock
    lock.recordFailure('8001', '10.0.0.9');
    assert.equal(lock.isLocked('8001', '10.0.0.9'), true);
    c.t += policy.lockMs - policy.windowMs; // the lock that started at 0 is over
    assert.equal(lock.isLocked('8001', '10.0.0.9'), false, 'failures during the lock do not extend it');
  });
});

describe('SourceRateLimiter', () => {
  it('lets a burst through, then refills at the rate per second', () => {
    const c = clock(0);
    const limiter = new SourceRateLimiter(2, 4, c.now);
    const burst = Array.from({ length: 6 }, () => limiter.allow('10.0.0.9'));
    assert.deepEqual(burst, [true, true, true, true, false, false]);
    c.t += 499;
    assert.equal(limiter.allow('10.0.0.9'), false, 'just under one token');
    c.t += 1;
    assert.equal(limiter.allow('10.0.0.9'), true);
    assert.equal(limiter.allow('10.0.0.9'), false);
  });

  it('never holds more than the burst after a long silence', () => {
    const c = clock(0);
    const limiter = new SourceRateLimiter(2, 4, c.now);
    limiter.allow('10.0.0.9');
    c.t += 3_600_000;
    const allowed = Array.from({ length: 10 }, () => limiter.allow('10.0.0.9')).filter(Boolean).length;
    assert.equal(allowed, 4);
  });

  it('keeps one bucket per source', () => {
    const c = clock(0);
    const limiter = new SourceRateLimiter(1, 1, c.now);
    assert.equal(limiter.allow('10.0.0.1'), true);
    assert.equal(limiter.allow('10.0.0.1'), false);
    assert.equal(limiter.allow('10.0.0.2'), true);
  });
});
