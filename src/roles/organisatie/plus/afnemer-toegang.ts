/**
 * How an afnemer gets in: `private_key_jwt` (RFC 7523) with a key from the scheme document,
 * a DPoP proof (RFC 9449) with a key from the scheme document, and a short-lived access
 * token bound to that key. Every call checks the token, a fresh proof and that the afnemer
 * is still active in the scheme; the consent itself is checked by the handler.
 */
import { createPublicKey, randomUUID } from 'node:crypto';
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, importJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import { publicUrlOf, withDpopProof } from '../../../auth/dpop-request.js';
import { ProblemError } from '../../../http/problem.js';
import { usableSigningKey } from '../../../http/signing-key.js';
import { hasNonCanonicalSignature, withCanonicalSignature } from '../../../protocol/canonical-signature.js';
import { validationProblem } from '../../../http/error-handler.js';
import { CLIENT_ASSERTION_TYPE, ClientAssertionError, recordClientAssertion, verifyClientAssertion } from '../../../protocol/client-assertion.js';
import { dpopChallenge } from '../../../protocol/dpop.js';
import type { PlusDienst } from './dienst.js';

export const AFNEMER_TOKEN_TYPE = 'bk-afnemer-token+jwt';
/** An afnemer token lives at most this long (seconds). */
export const AFNEMER_TOKEN_SECONDS = 300;

function invalidClient(detail: string): ProblemError {
  return new ProblemError(401, detail, { headers: { 'www-authenticate': dpopChallenge('invalid_client') }, reden: 'afnemer-client' });
}

async function thumbprints(keys: JWK[]): Promise<string[]> {
  return Promise.all(keys.map(({ kid: _k, use: _u, alg: _a, ...rest }) => calculateJwkThumbprint(rest as JWK)));
}

/** `POST /plus/token`: form fields checked all at once, then the DPoP proof, then the assertion. */
export async function geefAfnemerToken(dienst: PlusDienst, request: FastifyRequest): Promise<{ access_token: string; token_type: 'DPoP'; expires_in: number }> {
  const { ctx } = dienst;
  const body = (request.body ?? {}) as Record<string, unknown>;
  const problems = [];
  if (body.grant_type !== 'client_credentials') problems.push({ in: 'body' as const, location: 'grant_type', code: 'enum', detail: 'grant_type moet client_credentials zijn.' });
  if (body.client_assertion_type !== CLIENT_ASSERTION_TYPE) problems.push({ in: 'body' as const, location: 'client_assertion_type', code: 'enum', detail: `client_assertion_type moet ${CLIENT_ASSERTION_TYPE} zijn.` });
  if (typeof body.client_assertion !== 'string' || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(body.client_assertion)) {
    problems.push({ in: 'body' as const, location: 'client_assertion', code: 'pattern', detail: 'client_assertion moet een JWT zijn.' });
  }
  if (problems.length > 0) {
    const problem = validationProblem(problems);
    throw new ProblemError(400, problem.detail, { errors: problem.errors! });
  }
  // Everything is checked first (proof, assertion, the afnemer's status, the proof's key);
  // only then are the assertion's and the proof's jti recorded, together (withDpopProof).
  const toegang = await withDpopProof(
    ctx,
    request,
    undefined,
    async (proof) => {
      let claimed: string | undefined;
      try {
        claimed = decodeJwt(body.client_assertion as string).iss;
      } catch {
        claimed = undefined; // verifyClientAssertion refuses it below
      }
      const schema = await dienst.schema(claimed ? { afnemer: claimed } : {});
      let verified;
      try {
        verified = await verifyClientAssertion(body.client_assertion as string, {
          audience: publicUrlOf(ctx, request),
          now: ctx.now(),
          keysFor: (id) => schema.afnemers.find((a) => a.id === id)?.sleutels,
        });
      } catch (error) {
        if (error instanceof ClientAssertionError) throw invalidClient(error.message);
        throw error;
      }
      const afnemer = schema.afnemers.find((a) => a.id === verified.clientId)!;
      if (afnemer.status !== 'actief') throw new ProblemError(403, 'Deze afnemer is opgeschort in het stelsel.');
      if (!(await thumbprints(afnemer.sleutels)).includes(proof.jkt)) throw invalidClient('Het DPoP-bewijs is niet gemaakt met een sleutel van deze afnemer uit het stelseldocument.');
      // Per afnemer, once it has proven who it is (a guessed id spends nobody's budget); before
      // the jti are stored, so a refused request writes nothing.
      await request.server.rateLimits.check('afnemer', afnemer.id);
      return { proof, afnemer, verified };
    },
    async ({ verified }, replay) => {
      try {
        await recordClientAssertion(verified, replay, ctx.now());
      } catch (error) {
        if (error instanceof ClientAssertionError) throw invalidClient(error.message);
        throw error;
      }
    },
  );
  const now = Math.floor(ctx.now().getTime() / 1000);
  const key = await usableSigningKey(ctx.keyring);
  const token = await new SignJWT({ cnf: { jkt: toegang.proof.jkt } })
    .setProtectedHeader({ alg: key.algorithm, kid: key.kid, typ: AFNEMER_TOKEN_TYPE })
    .setIssuer(`urn:nld:oin:${ctx.organisation.oin}`)
    .setSubject(toegang.afnemer.id)
    .setAudience(ctx.config.publicBaseUrl)
    .setIssuedAt(now)
    .setExpirationTime(now + AFNEMER_TOKEN_SECONDS)
    .setJti(randomUUID())
    .sign(key.privateKey);
  ctx.keyring.signed('afnemertoken');
  // ES256 tokens leave in low-s form; afnemerAuthenticatie refuses the other.
  return { access_token: withCanonicalSignature(token), token_type: 'DPoP', expires_in: AFNEMER_TOKEN_SECONDS };
}

/** The hook of afnemer operations: `Authorization: DPoP <token>`, a fresh proof with the bound key, an active afnemer. */
export function afnemerAuthenticatie(dienst: PlusDienst): onRequestAsyncHookHandler {
  const { ctx } = dienst;
  const refuse = (detail: string, error = 'invalid_token') =>
    new ProblemError(401, detail, { headers: { 'www-authenticate': dpopChallenge(error) }, reden: error === 'invalid_token' ? 'afnemertoken' : 'afnemer-dpop' });
  return async (request) => {
    const authorization = request.headers.authorization ?? '';
    if (!/^DPoP [A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(authorization)) throw refuse('De Authorization-header moet de vorm "DPoP <toegangstoken>" hebben.');
    const token = authorization.slice(5);
    if (hasNonCanonicalSignature(token)) throw refuse('De handtekening van het toegangstoken is niet canoniek (ECDSA met hoge s).');
    let claims;
    try {
      const header = decodeProtectedHeader(token);
      const active = ctx.keyring.active;
      const jwk =
        header.kid === active.kid
          ? createPublicKey(active.privateKey)
          : await importJWK((await ctx.keyring.published()).keys.find((k) => k.kid === header.kid && k.status !== 'ingetrokken') as JWK, String(header.alg));
      ({ payload: claims } = await jwtVerify(token, jwk, {
        typ: AFNEMER_TOKEN_TYPE,
        issuer: `urn:nld:oin:${ctx.organisation.oin}`,
        audience: ctx.config.publicBaseUrl,
        currentDate: ctx.now(),
        requiredClaims: ['sub', 'exp', 'cnf'],
      }));
    } catch {
      throw refuse('Het toegangstoken is ongeldig of verlopen.');
    }
    const afnemer = await withDpopProof(ctx, request, token, async (proof) => {
      if (proof.jkt !== (claims.cnf as { jkt?: string } | undefined)?.jkt) throw refuse('Dit toegangstoken hoort bij een andere sleutel.', 'invalid_dpop_proof');
      const bekend = (await dienst.schema()).afnemers.find((a) => a.id === claims.sub);
      if (!bekend) throw refuse('Deze afnemer staat niet meer in het stelseldocument.');
      if (bekend.status !== 'actief') throw new ProblemError(403, 'Deze afnemer is opgeschort in het stelsel.');
      return bekend;
    });
    request.afnemer = { id: afnemer.id };
  };
}
