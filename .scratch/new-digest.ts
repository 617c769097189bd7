import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * HTTP digest authentication for REGISTER (RFC 3261 §22, RFC 2617 with qop=auth, MD5 because
 * that is what every deployed SIP phone speaks). Nonces are stateless: a timestamp and random
 * bytes signed with a per-process secret, so any nonce we did not issue, or one older than
 * `nonceTtlMs`, is refused; an expired one gets `stale=TRUE` so the phone retries without asking
 * the agent for the password again. Stored secrets are HA1 = MD5(user:realm:password), never the
 * password.
 */

export function md5(s: string): string {
  return createHash('md5').update(s).digest('hex');
}

export function digestHa1(username: string, realm: string, password: string): string {
  return md5(`${username}:${realm}:${password}`);
}

export type DigestCredentials = {
  username: string;
  realm: string;
  nonce: string;
  uri: string;
  response: string;
  algorithm: string;
  qop: string | null;
  nc: string | null;
  cnonce: string | null;
};

/** `Digest username="…", realm="…", …` → its fields; null when it is not a digest header. */
export function parseDigestAuthorization(value: string | undefined): DigestCredentials | null {
  if (!value) return null;
  const m = /^\s*Digest\s+(.*)$/is.exec(value);
  if (!m) return null;
  // Parameters are comma separated and values may be quoted (and contain commas). The regex is
  // sticky: each parameter must start where the last one ended, so reading stops at the first
  // malformed one instead of retrying from every later position (quadratic on a long header).
  const fields = new Map<string, string>();
  const re = /[\s,]*([A-Za-z-]+)\s*=\s*("((?:[^"\\]|\\.)*)"|[^,\s]*)\s*(?:,|$)/y;
  const params = m[1]!;
  let part: RegExpExecArray | null;
  while (re.lastIndex < params.length && (part = re.exec(params)) !== null) {
    if (part[0] === '') break;
    fields.set(part[1]!.toLowerCase(), part[3] !== undefined ? part[3].replace(/\\(.)/g, '$1') : part[2]!);
  }
  const username = fields.get('username');
  const realm = fields.get('realm');
  const nonce = fields.get('nonce');
  const uri = fields.get('uri');
  const response = fields.get('response');
  if (!username || realm === undefined || !nonce || !uri || !response) return null;
  return {
    username,
    realm,
    nonce,
    uri,
    response: response.toLowerCase(),
    algorithm: fields.get('algorithm') ?? 'MD5',
    qop: fields.get('qop') ?? null,
    nc: fields.get('nc') ?? null,
    cnonce: fields.get('cnonce') ?? null,
  };
}

export type DigestVerdict = 'ok' | 'stale' | 'bad_nonce' | 'wrong' | 'replay';

export class DigestAuthenticator {
  private readonly secret = randomBytes(32);
  /** Highest nonce-count seen per nonce, to refuse replayed responses (RFC 2617 §3.2.2). */
  private readonly nonceCounts = new Map<string, number>();

  constructor(
    readonly realm: string,
    private readonly nonceTtlMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  challengeHeader(stale = false): string {
    return `Digest realm="${this.realm}", nonce="${this.issueNonce()}", algorithm=MD5, qop="auth"${stale ? ', stale=TRUE' : ''}`;
  }

  issueNonce(): string {
    const body = Buffer.alloc(16);
    body.writeBigUInt64BE(BigInt(this.now()), 0);
    randomBytes(8).copy(body, 8);
    const mac = createHmac('sha256', this.secret).update(body).digest().subarray(0, 12);
    return Buffer.concat([body, mac]).toString('base64url');
  }

  private checkNonce(nonce: string): 'ok' | 'stale' | 'bad_nonce' {
    const raw = Buffer.from(nonce, 'base64url');
    if (raw.length !== 28) return 'bad_nonce';
    const body = raw.subarray(0, 16);
    const expected = createHmac('sha256', this.secret).update(body).digest().subarray(0, 12);
    if (!timingSafeEqual(expected, raw.subarray(16))) return 'bad_nonce';
    const issued = Number(body.readBigUInt64BE(0));
    return this.now() - issued > this.nonceTtlMs ? 'stale' : 'ok';
  }

  /** Checks a response against the stored HA1 of the user it names. */
  verify(creds: DigestCredentials, method: string, ha1: string): DigestVerdict {
    const nonceState = this.checkNonce(creds.nonce);
    if (nonceState === 'bad_nonce') return 'bad_nonce';
    if (creds.algorithm.toUpperCase() !== 'MD5') return 'wrong';
    const ha2 = md5(`${method}:${creds.uri}`);
    let expected: string;
    if (creds.qop) {
      if (creds.qop !== 'auth' || !creds.nc || !creds.cnonce) return 'wrong';
      expected = md5(`${ha1}:${creds.nonce}:${creds.nc}:${creds.cnonce}:${creds.qop}:${ha2}`);
    } else {
      expected = md5(`${ha1}:${creds.nonce}:${ha2}`);
    }
    const a = Buffer.from(expected);
    const b = Buffer.from(creds.response);
    if (a.length !== b.length || !timingSafeEqual(a, b)) return 'wrong';
    if (nonceState === 'stale') return 'stale';
    // Without qop there is no nonce-count: such a response is good once per nonce, else anyone who
    // saw it could replay it (with another Contact) until the nonce expires.
    const nc = creds.qop ? parseInt(creds.nc!, 16) : 1;
    const seen = this.nonceCounts.get(creds.nonce) ?? 0;
    if (!(nc > seen)) return 'replay';
    this.nonceCounts.set(creds.nonce, nc);
    if (this.nonceCounts.size > 50_000) this.nonceCounts.delete(this.nonceCounts.keys().next().value!);
    return 'ok';
  }
}

/**
 * Brute-force lockout: after `maxFailures` wrong responses for one user from one address within
 * `windowMs`, that pair is refused for `lockMs`; an address failing across many users is locked
 * as a whole (password spraying).
 */
export class AuthLockout {
  private readonly failures = new Map<string, { count: number; first: number; lockedUntil: number }>();

  constructor(
    private readonly policy = { maxFailures: 5, windowMs: 10 * 60_000, lockMs: 15 * 60_000, maxFailuresPerAddress: 20 },
    private readonly now: () => number = Date.now,
  ) {}

  isLocked(username: string, address: string): boolean {
    const t = this.now();
    return [this.failures.get(`${username}@${address}`), this.failures.get(`*@${address}`)].some((f) => f !== undefined && f.lockedUntil > t);
  }

  recordFailure(username: string, address: string): void {
    this.bump(`${username}@${address}`, this.policy.maxFailures);
    this.bump(`*@${address}`, this.policy.maxFailuresPerAddress);
  }

  recordSuccess(username: string, address: string): void {
    this.failures.delete(`${username}@${address}`);
  }

  private bump(key: string, max: number) {
    const t = this.now();
    let f = this.failures.get(key);
    // A new window starts when the old one is over, but never while a lock is running (a failure
    // recorded during the lock must not lift it).
    if (!f || (t - f.first > this.policy.windowMs && f.lockedUntil <= t)) {
      f = { count: 0, first: t, lockedUntil: 0 };
      this.failures.set(key, f);
    }
    f.count++;
    if (f.count >= max && f.lockedUntil <= t) f.lockedUntil = t + this.policy.lockMs;
    if (this.failures.size > 100_000) this.failures.delete(this.failures.keys().next().value!);
  }
}
