import { usableSigningKey } from '../../../http/signing-key.js';
import type { SigningKeyring } from '../../../keys/keyring.js';
import { peekAppCredential, verifyAppCredential } from '../../../protocol/app-credential.js';
import type { VerifiedDpopProof } from '../../../protocol/dpop.js';
import { issueSessionToken, verifySessionToken, type SessionClaims } from '../../../protocol/session-token.js';
import type { StelselAppBeheerder } from '../../../protocol/stelseldocument.js';
import { ServiceError } from '../../errors.js';
import type { StelselBron } from './stelsel-bron.js';

export interface SessionServiceOptions {
  oin: string;
  keyring: SigningKeyring;
  stelsel: StelselBron;
  now: () => Date;
  sessieSeconden: number;
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
    const claims: SessionClaims = { bsn: verified.bsn, jkt: verified.jkt, registratieId: verified.sub, appBeheerder: beheerder.id };
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

  /** Verifies a session token of this organisation (signature, typ, issuer, audience, expiry). */
  async verify(token: string): Promise<SessionClaims> {
    const { keys } = await this.options.keyring.published();
    return verifySessionToken(token, keys, { oin: this.options.oin, now: this.options.now() });
  }
}
