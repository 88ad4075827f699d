/**
 * Production log-in for the page: OpenID Connect authorization code flow with PKCE (S256)
 * against the configured identity provider (DigiD through a broker in real life), with
 * openid-client doing the protocol: discovery, state, nonce, the ID token's checks and the
 * code exchange. The code and tokens travel back-channel; only the code is ever in a URL.
 */
import * as client from 'openid-client';
import type { OidcTransactie } from './sessie.js';

export interface OidcInstellingen {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  scope: string;
  redirectUri: string;
  /** Plain http to the identity provider: only for a provider on this machine in development and tests. */
  onveiligToegestaan: boolean;
}

export class OidcInlog {
  private configuration: Promise<client.Configuration> | undefined;

  constructor(private readonly instellingen: OidcInstellingen) {}

  /** Discovery once, on first use: the page starts even while the provider is down. */
  private async config(): Promise<client.Configuration> {
    const { issuer, clientId, clientSecret, onveiligToegestaan } = this.instellingen;
    this.configuration ??= client
      .discovery(new URL(issuer), clientId, clientSecret, clientSecret ? client.ClientSecretPost(clientSecret) : client.None(), onveiligToegestaan ? { execute: [client.allowInsecureRequests] } : {})
      .catch((error: unknown) => {
        this.configuration = undefined;
        throw error;
      });
    return this.configuration;
  }

  async start(): Promise<{ url: URL; transactie: OidcTransactie }> {
    const config = await this.config();
    const transactie: OidcTransactie = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier() };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.instellingen.redirectUri,
      scope: this.instellingen.scope,
      code_challenge: await client.calculatePKCECodeChallenge(transactie.verifier),
      code_challenge_method: 'S256',
      state: transactie.state,
      nonce: transactie.nonce,
    });
    return { url, transactie };
  }

  /** Exchanges the code for tokens; returns the access token the API accepts. */
  async afronden(callback: URL, transactie: OidcTransactie): Promise<string> {
    const tokens = await client.authorizationCodeGrant(await this.config(), callback, {
      pkceCodeVerifier: transactie.verifier,
      expectedState: transactie.state,
      expectedNonce: transactie.nonce,
      idTokenExpected: true,
    });
    return tokens.access_token;
  }
}
