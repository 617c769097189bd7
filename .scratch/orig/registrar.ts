import { header, headerList, parseNameAddr, parseUri, type SipRequest } from './sip-message.js';
import type { ServerTransaction } from './sip-transactions.js';
import type { Flow } from './sip-transport.js';
import { AuthLockout, DigestAuthenticator, parseDigestAuthorization } from './digest-auth.js';

/**
 * The registrar (RFC 3261 §10) for agents' phones: REGISTER with digest authentication against
 * each phone account's HA1, bindings kept in memory on the node the phone talks to, together with
 * the flow the REGISTER came on, so calls to a phone behind NAT go back the way it came (the
 * idea of RFC 5626, without its extra headers).
 */

export type PhoneAccount = { username: string; ha1: string; enabled: boolean; centerId: number; displayName: string };

export type PhoneBinding = {
  username: string;
  contact: string;
  flow: Flow;
  expiresAt: number;
  callId: string;
  cseq: number;
  userAgent: string | null;
};

export type RegistrarOptions = {
  realm: string;
  findAccount(username: string): Promise<PhoneAccount | null>;
  minExpires?: number;
  maxExpires?: number;
  now?: () => number;
  lockout?: AuthLockout;
  onChange?(username: string, binding: PhoneBinding | null): void;
};

export class Registrar {
  private readonly bindings = new Map<string, PhoneBinding>();
  readonly digest: DigestAuthenticator;
  readonly lockout: AuthLockout;
  private readonly now: () => number;

  constructor(private readonly options: RegistrarOptions) {
    this.now = options.now ?? Date.now;
    this.digest = new DigestAuthenticator(options.realm, 5 * 60_000, this.now);
    this.lockout = options.lockout ?? new AuthLockout(undefined, this.now);
  }

  /** The live binding of a phone, if it is registered. */
  lookup(username: string): PhoneBinding | null {
    const b = this.bindings.get(username);
    if (!b) return null;
    if (b.expiresAt <= this.now()) {
      this.bindings.delete(username);
      this.options.onChange?.(username, null);
      return null;
    }
    return b;
  }

  registered(): PhoneBinding[] {
    return [...this.bindings.keys()].map((u) => this.lookup(u)).filter((b): b is PhoneBinding => b !== null);
  }

  async handle(req: SipRequest, flow: Flow, tx: ServerTransaction): Promise<void> {
    const to = parseNameAddr(header(req, 'to') ?? '');
    const aor = to ? parseUri(to.uri) : null;
    if (!aor?.user) {
      tx.respond(400, { reason: 'Bad To' });
      return;
    }
    const username = aor.user;
    if (this.lockout.isLocked(username, flow.address)) {
      tx.respond(403, { reason: 'Too many failed attempts' });
      return;
    }
    const creds = parseDigestAuthorization(header(req, 'authorization'));
    if (!creds) {
      tx.respond(401, { headers: [['WWW-Authenticate', this.digest.challengeHeader()]]});
      return;
    }
    const account = creds.username === username ? await this.options.findAccount(username) : null;
    // Unknown accounts get the same answer as wrong passwords, so phone numbers cannot be probed.
    const verdict = account?.enabled ? this.digest.verify(creds, 'REGISTER', account.ha1) : 'wrong';
    if (verdict === 'stale' || verdict === 'bad_nonce') {
      tx.respond(401, { headers: [['WWW-Authenticate', this.digest.challengeHeader(verdict === 'stale')]] });
      return;
    }
    if (verdict !== 'ok') {
      this.lockout.recordFailure(username, flow.address);
      tx.respond(verdict === 'replay' ? 401 : 403, verdict === 'replay' ? { headers: [['WWW-Authenticate', this.digest.challengeHeader()]] } : {});
      return;
    }
    this.lockout.recordSuccess(username, flow.address);
    this.update(req, flow, tx, username);
  }

  private update(req: SipRequest, flow: Flow, tx: ServerTransaction, username: string) {
    const minExpires = this.options.minExpires ?? 60;
    const maxExpires = this.options.maxExpires ?? 3600;
    const contacts = headerList(req, 'contact');
    const expiresHeader = header(req, 'expires');
    const callId = header(req, 'call-id')!;
    const cseq = Number((header(req, 'cseq') ?? '0').split(/\s+/)[0]);

    if (contacts.length === 1 && contacts[0] === '*') {
      if (expiresHeader !== '0') {
        tx.respond(400, { reason: 'Wildcard needs Expires: 0' });
        return;
      }
      this.remove(username);
      tx.respond(200);
      return;
    }
    if (contacts.length === 0) {
      // A query: list the current binding.
      const b = this.lookup(username);
      tx.respond(200, { headers: b ? [['Contact', `<${b.contact}>;expires=${Math.round((b.expiresAt - this.now()) / 1000)}`]] : [] });
      return;
    }
    const contact = parseNameAddr(contacts[0]!);
    if (!contact || !parseUri(contact.uri)) {
      tx.respond(400, { reason: 'Bad Contact' });
      return;
    }
    const requested = Number(contact.params.get('expires') ?? expiresHeader ?? maxExpires);
    if (!Number.isFinite(requested) || requested < 0) {
      tx.respond(400, { reason: 'Bad Expires' });
      return;
    }
    if (requested === 0) {
      this.remove(username);
      tx.respond(200);
      return;
    }
    if (requested < minExpires) {
      tx.respond(423, { headers: [['Min-Expires', String(minExpires)]] });
      return;
    }
    const existing = this.bindings.get(username);
    // An older REGISTER arriving late must not overwrite a newer one (RFC 3261 §10.3 step 7).
    if (existing && existing.callId === callId && cseq <= existing.cseq && existing.expiresAt > this.now()) {
      tx.respond(500, { reason: 'Out of order', headers: [['Retry-After', '1']] });
      return;
    }
    const expires = Math.min(requested, maxExpires);
    const binding: PhoneBinding = {
      username,
      contact: contact.uri,
      flow,
      expiresAt: this.now() + expires * 1000,
      callId,
      cseq,
      userAgent: header(req, 'user-agent') ?? null,
    };
    this.bindings.set(username, binding);
    this.options.onChange?.(username, binding);
    tx.respond(200, { headers: [['Contact', `<${contact.uri}>;expires=${expires}`], ['Date', new Date(this.now()).toUTCString()]] });
  }

  private remove(username: string) {
    if (this.bindings.delete(username)) this.options.onChange?.(username, null);
  }
}
