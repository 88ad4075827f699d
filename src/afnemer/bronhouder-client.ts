import { createClientAssertion, CLIENT_ASSERTION_TYPE } from '../protocol/client-assertion.js';
import { createDpopProof } from '../protocol/dpop.js';
import { joinUrl, problemDetail } from '../sdk/http.js';
import { apiBaseOf } from '../sdk/organisatie.js';
import type { StelselOrganisatie } from '../sdk/protocol.js';
import type { PollAanvraag, PollAntwoord } from './poller.js';
import type { AfnemerSleutel } from './sleutel.js';

/** Where a bronhouder serves the afnemer (openapi/blauwe-knop.yaml, tag Afnemers): the token, poll and revoke endpoints. */
export interface BronhouderEndpoints {
  token: string;
  poll: string;
  intrekken: (toestemmingId: string) => string;
}

/** The endpoints under the bronhouder's API base, which the scheme gives as its discovery URL. */
export function bronhouderEndpoints(organisatie: StelselOrganisatie): BronhouderEndpoints {
  const base = apiBaseOf(organisatie);
  return {
    token: joinUrl(base, 'plus/token'),
    poll: joinUrl(base, 'plus/gebeurtenissen'),
    intrekken: (id) => joinUrl(base, `plus/toestemmingen/${encodeURIComponent(id)}/intrekking`),
  };
}

export class BronhouderError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'BronhouderError';
  }
}

/** A token is renewed this long (ms) before it expires, so a request never carries one that expires on the way. */
const RENEW_MARGIN_MS = 30_000;

/**
 * The afnemer's side of the bronhouder's API: it authenticates with a `private_key_jwt`
 * client assertion (RFC 7523) and a DPoP proof (RFC 9449), both signed with its key from the
 * scheme, gets a short-lived DPoP-bound access token, and uses it, with a fresh proof per
 * request, to poll for SETs (RFC 8936) and to revoke a consent.
 */
export class BronhouderClient {
  private token?: { value: string; expiresAt: number };

  constructor(
    private readonly endpoints: BronhouderEndpoints,
    private readonly sleutel: AfnemerSleutel,
    private readonly afnemerId: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt - RENEW_MARGIN_MS > this.now().getTime()) return this.token.value;
    const url = this.endpoints.token;
    const assertion = await createClientAssertion(
      { kid: this.sleutel.publiek.kid, algorithm: 'ES256', privateKey: this.sleutel.appKey.signingKey },
      { clientId: this.afnemerId, audience: url, now: this.now() },
    );
    const res = await this.send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', dpop: await createDpopProof(this.sleutel.appKey, { method: 'POST', url }) },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: assertion }).toString(),
    });
    if (res.status !== 200) throw new BronhouderError(`Token geweigerd (${await problemDetail(res)}).`, res.status);
    const body = (await res.json()) as { access_token?: unknown; token_type?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== 'string' || String(body.token_type).toLowerCase() !== 'dpop') throw new BronhouderError('Het tokenantwoord heeft geen DPoP-token.');
    const seconds = typeof body.expires_in === 'number' ? body.expires_in : 60;
    this.token = { value: body.access_token, expiresAt: this.now().getTime() + seconds * 1000 };
    return body.access_token;
  }

  /** A request with the access token and a fresh proof bound to it; once more with a new token when the old one was refused. */
  private async authorised(method: string, url: string, body?: unknown): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken();
      const res = await this.send(url, {
        method,
        headers: {
          authorization: `DPoP ${token}`,
          dpop: await createDpopProof(this.sleutel.appKey, { method, url, accessToken: token }),
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (res.status !== 401 || attempt > 0) return res;
      this.token = undefined;
    }
  }

  async poll(aanvraag: PollAanvraag): Promise<PollAntwoord> {
    const res = await this.authorised('POST', this.endpoints.poll, aanvraag);
    if (res.status !== 200) throw new BronhouderError(`Poll geweigerd (${await problemDetail(res)}).`, res.status);
    return (await res.json()) as PollAntwoord;
  }

  /** Revokes a consent as the afnemer. Revoking an already revoked consent is a success (idempotent). */
  async trekIn(toestemmingId: string): Promise<void> {
    const res = await this.authorised('POST', this.endpoints.intrekken(toestemmingId));
    if (res.status < 200 || res.status > 299) throw new BronhouderError(`Intrekken geweigerd (${await problemDetail(res)}).`, res.status);
  }

  private async send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(10_000) });
    } catch (error) {
      throw new BronhouderError(`${url} is niet bereikbaar (${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}).`);
    }
  }
}
