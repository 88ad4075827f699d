import { createHash, randomBytes } from 'node:crypto';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import type { Test as TapTest } from 'tap';
import { withCanonicalSignature } from '../../src/protocol/canonical-signature.js';
import { freePort } from './processes.js';

type Test = Pick<TapTest, 'teardown'>;

export interface TestOidcProvider {
  issuer: string;
  /** Who "logs in" at the next authorization request (a real provider would ask DigiD). */
  citizen: { bsn: string };
  /** The authorization requests it received, for assertions on PKCE and parameters. */
  authorizationRequests: Array<Record<string, string>>;
  tokenRequests: Array<Record<string, string>>;
  app: FastifyInstance;
}

/**
 * A small OpenID Connect provider for tests: discovery, an authorization endpoint that
 * logs in `citizen` at once, a token endpoint that checks the PKCE verifier (S256), the
 * client and the redirect URI, and a key set. It issues an ID token (audience: the client)
 * and a JWT access token for the API (audience `blauwe-knop`, with the BSN claim).
 */
export async function startOidcProvider(t: Test, options: { clientId: string; audience?: string }): Promise<TestOidcProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-idp', alg: 'ES256', use: 'sig' };
  const codes = new Map<string, { challenge: string; redirectUri: string; nonce: string; bsn: string }>();
  const app = Fastify();
  await app.register(formbody);
  const provider: TestOidcProvider = { issuer, citizen: { bsn: '' }, authorizationRequests: [], tokenRequests: [], app };

  app.get('/.well-known/openid-configuration', async () => ({
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['ES256'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none'],
  }));
  app.get('/jwks', async () => ({ keys: [jwk] }));
  app.get('/authorize', async (request, reply) => {
    const query = request.query as Record<string, string>;
    provider.authorizationRequests.push(query);
    if (query.client_id !== options.clientId || query.response_type !== 'code' || query.code_challenge_method !== 'S256' || !query.code_challenge) {
      return reply.code(400).send({ error: 'invalid_request' });
    }
    const code = randomBytes(16).toString('base64url');
    codes.set(code, { challenge: query.code_challenge, redirectUri: query.redirect_uri!, nonce: query.nonce ?? '', bsn: provider.citizen.bsn });
    const target = new URL(query.redirect_uri!);
    target.searchParams.set('code', code);
    target.searchParams.set('state', query.state ?? '');
    target.searchParams.set('iss', issuer);
    return reply.redirect(target.href, 302);
  });
  app.post('/token', async (request, reply) => {
    const body = request.body as Record<string, string>;
    provider.tokenRequests.push(body);
    const grant = codes.get(body.code ?? '');
    codes.delete(body.code ?? '');
    const challenge = createHash('sha256')
      .update(body.code_verifier ?? '')
      .digest('base64url');
    if (!grant || body.grant_type !== 'authorization_code' || body.client_id !== options.clientId || body.redirect_uri !== grant.redirectUri || challenge !== grant.challenge) {
      return reply.code(400).send({ error: 'invalid_grant' });
    }
    const sign = (claims: Record<string, unknown>, audience: string) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'test-idp', typ: 'JWT' }).setIssuer(issuer).setAudience(audience).setSubject(`pseudo-${grant.bsn}`).setIssuedAt().setExpirationTime('10m').sign(privateKey).then(withCanonicalSignature);
    return {
      token_type: 'Bearer',
      expires_in: 600,
      access_token: await sign({ bsn: grant.bsn }, options.audience ?? 'blauwe-knop'),
      id_token: await sign({ nonce: grant.nonce }, options.clientId),
    };
  });
  await app.listen({ port, host: '127.0.0.1' });
  t.teardown(() => app.close());
  return provider;
}
