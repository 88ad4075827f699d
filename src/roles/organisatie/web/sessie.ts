/**
 * The web page's session: an encrypted cookie (JWE, `dir` + A256GCM) that only this server
 * can read or make, so a forged or altered cookie is simply not a session. It holds a
 * random session id (the anchor for CSRF tokens) and, once logged in, the citizen's access
 * token for the API; the token never reaches the browser in readable form, nor a URL.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { EncryptJWT, jwtDecrypt } from 'jose';

export const SESSIE_COOKIE = 'bk_sessie';
/** Carries the OIDC state, nonce and PKCE verifier across the identity provider's redirect. */
export const OIDC_COOKIE = 'bk_oidc';

export interface Sessie {
  sid: string;
  /** The citizen's access token for this organisation's API; absent before login. */
  token?: string;
  /** Seconds since the epoch at which the session ends. */
  verloopt: number;
}

export interface OidcTransactie {
  state: string;
  nonce: string;
  verifier: string;
}

export type Cookies = Record<string, string>;

/** Parses a Cookie header; the first value of a name wins, as in RFC 6265 §5.4. */
export function cookiesOf(header: string | undefined): Cookies {
  const cookies: Cookies = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    if (!(name in cookies)) cookies[name] = part.slice(eq + 1).trim();
  }
  return cookies;
}

export interface CookieOpties {
  maxAgeSeconden: number;
  /** Strict for the session; Lax only for the one cookie that must survive the IdP's redirect back. */
  sameSite: 'Strict' | 'Lax';
  path?: string;
}

export function setCookie(name: string, value: string, opties: CookieOpties): string {
  return `${name}=${value}; Path=${opties.path ?? '/'}; Max-Age=${opties.maxAgeSeconden}; HttpOnly; Secure; SameSite=${opties.sameSite}`;
}

export function clearCookie(name: string, path = '/'): string {
  return `${name}=; Path=${path}; Max-Age=0; HttpOnly; Secure; SameSite=Strict`;
}

export class SessieSleutel {
  private readonly key: Uint8Array;

  /** `secret`: 32 bytes, base64url (WEB_SESSIE_SLEUTEL); random per process when absent. */
  constructor(secret?: string) {
    this.key = secret ? Buffer.from(secret, 'base64url') : randomBytes(32);
    if (this.key.length !== 32) throw new Error('WEB_SESSIE_SLEUTEL must be 32 bytes, base64url');
  }

  private async seal(claims: Record<string, unknown>, seconden: number): Promise<string> {
    return new EncryptJWT(claims).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).setIssuedAt().setExpirationTime(`${seconden}s`).encrypt(this.key);
  }

  private async open(value: string | undefined): Promise<Record<string, unknown> | undefined> {
    if (!value) return undefined;
    try {
      const { payload } = await jwtDecrypt(value, this.key, { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] });
      return payload;
    } catch {
      return undefined;
    }
  }

  nieuweSessie(seconden: number, token?: string): Sessie {
    return { sid: randomBytes(16).toString('base64url'), verloopt: Math.floor(Date.now() / 1000) + seconden, ...(token ? { token } : {}) };
  }

  async sessieCookie(sessie: Sessie): Promise<string> {
    const seconden = Math.max(1, sessie.verloopt - Math.floor(Date.now() / 1000));
    return setCookie(SESSIE_COOKIE, await this.seal({ sid: sessie.sid, ...(sessie.token ? { tok: sessie.token } : {}) }, seconden), { maxAgeSeconden: seconden, sameSite: 'Strict' });
  }

  /** The session in the cookie; `undefined` when there is none, `'ongeldig'` when it was forged, altered or expired. */
  async sessieUit(cookies: Cookies): Promise<Sessie | 'ongeldig' | undefined> {
    const value = cookies[SESSIE_COOKIE];
    if (!value) return undefined;
    const claims = await this.open(value);
    if (!claims || typeof claims.sid !== 'string' || typeof claims.exp !== 'number') return 'ongeldig';
    return { sid: claims.sid, verloopt: claims.exp, ...(typeof claims.tok === 'string' ? { token: claims.tok } : {}) };
  }

  async oidcCookie(transactie: OidcTransactie, path: string): Promise<string> {
    return setCookie(OIDC_COOKIE, await this.seal({ ...transactie }, 600), { maxAgeSeconden: 600, sameSite: 'Lax', path });
  }

  async oidcUit(cookies: Cookies): Promise<OidcTransactie | undefined> {
    const claims = await this.open(cookies[OIDC_COOKIE]);
    if (!claims || typeof claims.state !== 'string' || typeof claims.nonce !== 'string' || typeof claims.verifier !== 'string') return undefined;
    return { state: claims.state, nonce: claims.nonce, verifier: claims.verifier };
  }

  /** A CSRF token bound to one session: a token from another session, or none, does not match. */
  csrfToken(sessie: Sessie): string {
    return createHmac('sha256', this.key).update(`csrf:${sessie.sid}`).digest('base64url');
  }

  csrfKlopt(sessie: Sessie, token: unknown): boolean {
    if (typeof token !== 'string') return false;
    const expected = Buffer.from(this.csrfToken(sessie));
    const given = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
