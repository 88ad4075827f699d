import { usableSigningKey } from '../../../http/signing-key.js';
import type { SigningKeyring } from '../../../keys/keyring.js';
import { peekAppCredential, verifyAppCredential } from '../../../protocol/app-credential.js';
import type { VerifiedDpopProof } from '../../../protocol/dpop.js';
import { issueSessionToken, verifySessionToken, type SessionClaims } from '../../../protocol/session-token.js';
import { isIngetrokkenOp, type StelselAppBeheerder } from '../../../protocol/stelseldocument.js';
import { ServiceError } from '../../errors.js';
import type { StelselBron } from './stelsel-bron.js';

export interface SessionServiceOptions {
  oin: string;
  keyring: SigningKeyring;
  stelsel: StelselBron;
  now: () => Date;
  sessieSeconden: number;
  /**
   * How long an `actief` registration status is trusted without asking the app manager
   * again; the bound on how long a revoked app keeps an open session. 0: ask on every request.
   */
  statusSeconden: number;
  fetcher?: typeof fetch;
}

/**
 * Organisation sessions (docs/centraal.md §3): checks an app credential against the app
 * managers in the scheme document and the registration status, and issues a session token
 * bound to the app key; later verifies that token on document requests. The wire rules are
 * src/protocol's; what is decided here is who may have a session.
 */
export class SessionService {
  private readonly fetcher: typeof fetch;
  /** registratie_id → when the app manager last said `actief` (ms); bounded by pruning on age. */
  private readonly actiefGezien = new Map<string, number>();
  /** Concurrent requests of one session share one status request. */
  private readonly inflight = new Map<string, Promise<void>>();

  constructor(private readonly options: SessionServiceOptions) {
    this.fetcher = options.fetcher ?? fetch;
  }

  /** The app manager by id, fetching the scheme again once when it (or the key `kid`) is not in the cached one. */
  private async appBeheerder(iss: string, kid: string | undefined): Promise<StelselAppBeheerder | undefined> {
    const find = async (refresh: boolean) => (await this.options.stelsel.document({ refresh })).app_beheerders.find((b) => b.id === iss);
    const cached = await find(false);
    if (cached && cached.sleutels.some((k) => k.kid === kid)) return cached;
    return (await find(true).catch(() => undefined)) ?? cached;
  }

  async create(credential: string, proof: VerifiedDpopProof): Promise<{ token: string; expiresAt: Date; claims: SessionClaims }> {
    const now = this.options.now();
    const { iss, kid } = peekAppCredential(credential);
    const beheerder = await this.appBeheerder(iss, kid);
    if (!beheerder) throw new ServiceError('ERR_SESSION_UNKNOWN_APP_MANAGER', 'De app-credential komt van een app-beheerder die niet in het stelseldocument staat.');
    const verified = await verifyAppCredential(credential, beheerder, { now, jkt: proof.jkt });
    await this.checkRegistration(beheerder, verified.sub);
    const claims: SessionClaims = { bsn: verified.bsn, jkt: verified.jkt, registratieId: verified.sub, appBeheerder: beheerder.id, ...(kid ? { appBeheerderKid: kid } : {}) };
    const issued = await issueSessionToken(await usableSigningKey(this.options.keyring), claims, { oin: this.options.oin, now, seconds: this.options.sessieSeconden });
    this.options.keyring.signed('sessietoken');
    return { ...issued, claims };
  }

  /** The registration must be active at the app manager right now. */
  private async checkRegistration(beheerder: StelselAppBeheerder, registratieId: string): Promise<void> {
    const url = `${beheerder.url.replace(/\/$/, '')}/app-registraties/${encodeURIComponent(registratieId)}/status`;
    let response: Response;
    try {
      response = await this.fetcher(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(5000) });
    } catch (error) {
      throw new ServiceError('ERR_SESSION_APP_MANAGER_UNAVAILABLE', 'De app-beheerder is niet bereikbaar om de registratie te controleren.', { cause: error });
    }
    if (response.status === 404) throw new ServiceError('ERR_SESSION_REGISTRATION_UNKNOWN', 'De app-beheerder kent deze registratie niet.');
    if (!response.ok) throw new ServiceError('ERR_SESSION_APP_MANAGER_UNAVAILABLE', 'De app-beheerder kon de registratie niet bevestigen.');
    const body = (await response.json().catch(() => ({}))) as { status?: unknown };
    if (body.status !== 'actief') throw new ServiceError('ERR_SESSION_REGISTRATION_REVOKED', 'De registratie van deze app is ingetrokken.');
  }

  /**
   * Whether an open session may still be used (docs/centraal.md §3): its app manager is in
   * the scheme document with the key that vouched for it not revoked (the document is at
   * most STELSEL_VERVERS_SECONDEN old), and its registration is `actief` at the app manager
   * (asked again once the last answer is `statusSeconden` old). Without this a revoked app
   * kept its session, up to 15 minutes.
   */
  async checkOpen(claims: SessionClaims): Promise<void> {
    const now = this.options.now();
    const document = await this.options.stelsel.document();
    const beheerder = document.app_beheerders.find((b) => b.id === claims.appBeheerder);
    if (!beheerder) throw new ServiceError('ERR_SESSION_UNKNOWN_APP_MANAGER', 'De app-beheerder van deze sessie staat niet meer in het stelseldocument.');
    const key = claims.appBeheerderKid === undefined ? undefined : beheerder.sleutels.find((k) => k.kid === claims.appBeheerderKid);
    if (claims.appBeheerderKid !== undefined && (!key || isIngetrokkenOp(key, now))) {
      throw new ServiceError('ERR_SESSION_REGISTRATION_REVOKED', 'De sleutel van de app-beheerder waarmee deze sessie begon is ingetrokken.');
    }
    const seen = this.actiefGezien.get(claims.registratieId);
    if (seen !== undefined && now.getTime() - seen < this.options.statusSeconden * 1000) return;
    let pending = this.inflight.get(claims.registratieId);
    if (!pending) {
      pending = this.checkRegistration(beheerder, claims.registratieId).finally(() => this.inflight.delete(claims.registratieId));
      this.inflight.set(claims.registratieId, pending);
    }
    try {
      await pending;
    } catch (error) {
      this.actiefGezien.delete(claims.registratieId);
      throw error;
    }
    this.remember(claims.registratieId, now.getTime());
  }

  private remember(registratieId: string, at: number): void {
    this.actiefGezien.delete(registratieId);
    this.actiefGezien.set(registratieId, at);
    // Insertion order is age order: drop what is too old to be used (memory stays bounded by the sessions of the last bound).
    for (const [id, seen] of this.actiefGezien) {
      if (at - seen < this.options.statusSeconden * 1000) break;
      this.actiefGezien.delete(id);
    }
  }

  /** Verifies a session token of this organisation (signature, typ, issuer, audience, expiry). */
  async verify(token: string): Promise<SessionClaims> {
    const { keys } = await this.options.keyring.published();
    return verifySessionToken(token, keys, { oin: this.options.oin, now: this.options.now() });
  }
}
