import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT } from 'jose';
import t from 'tap';
import { generateAppKey } from '../../src/sdk/app-key.js';
import { DPOP_MAX_AGE_SECONDS } from '../../src/protocol/constants.js';
import { withCanonicalSignature } from '../../src/protocol/canonical-signature.js';
import { accessTokenHash, createDpopProof, dpopChallenge, htuOf, recordDpopProof, verifyDpopProof, type ReplayStore } from '../../src/protocol/dpop.js';

const appKey = await generateAppKey();
const url = 'https://org.example/v1/sessies';
const now = new Date();

function memoryReplay(): ReplayStore {
  const seen = new Set<string>();
  return { remember: async (key) => !seen.has(key) && Boolean(seen.add(key)) };
}
const expect = (extra: Record<string, unknown> = {}) => ({ method: 'POST', url, now, ...extra });
const code = (c: string) => ({ name: 'DpopError', code: c });

t.test('a proof made here verifies there: htm, htu without query, ath, the key thumbprint', async (t) => {
  const proof = await createDpopProof(appKey, { method: 'get', url: 'https://org.example/v1/voertuigen?x=1#y', accessToken: 'token' });
  const claims = decodeJwt(proof);
  t.equal(claims.htm, 'GET');
  t.equal(claims.htu, 'https://org.example/v1/voertuigen');
  t.equal(claims.ath, await accessTokenHash('token'));
  t.notOk('d' in (decodeProtectedHeader(proof).jwk ?? {}), 'no private member in the header');
  const verified = await verifyDpopProof(proof, expect({ method: 'GET', url: 'https://org.example/v1/voertuigen', accessToken: 'token' }));
  t.equal(verified.jkt, appKey.thumbprint);
  t.equal(htuOf('not a url'), 'not a url');
  t.equal(dpopChallenge('invalid_token', 'a "quoted" reason'), 'DPoP algs="ES256", error="invalid_token", error_description="a quoted reason"');
});

t.test('each refusal has its code', async (t) => {
  await t.rejects(verifyDpopProof(undefined, expect()), code('ERR_DPOP_MISSING'));
  await t.rejects(verifyDpopProof('geen-jwt', expect()), code('ERR_DPOP_MALFORMED'));
  const claims = { htm: 'POST', htu: url, jti: 'abcdefgh-1234' };
  const sign = (header: Record<string, unknown>, key = appKey.signingKey, payload: Record<string, unknown> = claims) =>
    new SignJWT(payload).setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: appKey.publicJwk, ...header }).setIssuedAt().sign(key).then(withCanonicalSignature);
  await t.rejects(verifyDpopProof(await sign({ typ: 'JWT' }), expect()), code('ERR_DPOP_TYPE'));
  const p384 = await generateKeyPair('ES384');
  await t.rejects(verifyDpopProof(await sign({ alg: 'ES384', jwk: await exportJWK(p384.publicKey) }, p384.privateKey), expect()), code('ERR_DPOP_ALGORITHM'));
  await t.rejects(verifyDpopProof(await sign({ jwk: undefined }), expect()), code('ERR_DPOP_KEY'));
  const other = await generateAppKey();
  await t.rejects(verifyDpopProof(await sign({}, other.signingKey), expect()), code('ERR_DPOP_SIGNATURE'));
  await t.rejects(verifyDpopProof(await sign({}, appKey.signingKey, { ...claims, nbf: Math.floor(Date.now() / 1000) + 3600 }), expect()), code('ERR_DPOP_MALFORMED'), 'not yet valid as a JWT');
  await t.rejects(verifyDpopProof(await createDpopProof(appKey, { method: 'GET', url }), expect()), code('ERR_DPOP_METHOD'));
  await t.rejects(verifyDpopProof(await createDpopProof(appKey, { method: 'POST', url: 'https://org.example/v1/anders' }), expect()), code('ERR_DPOP_URL'));
  await t.rejects(verifyDpopProof(await createDpopProof(appKey, { method: 'POST', url, jti: 'kort' }), expect()), code('ERR_DPOP_CLAIMS'));
  const old = new Date(now.getTime() - (DPOP_MAX_AGE_SECONDS + 5) * 1000);
  await t.rejects(verifyDpopProof(await createDpopProof(appKey, { method: 'POST', url, issuedAt: old }), expect()), code('ERR_DPOP_TIME'));
  await t.rejects(verifyDpopProof(await createDpopProof(appKey, { method: 'POST', url, accessToken: 'ander' }), expect({ accessToken: 'token' })), code('ERR_DPOP_ATH'));
  const once = await createDpopProof(appKey, { method: 'POST', url });
  const replay = memoryReplay();
  // Verifying records nothing (a refused request must leave no trace); recording does.
  const verified = await verifyDpopProof(once, expect());
  await verifyDpopProof(once, expect());
  await recordDpopProof(verified, replay, now);
  await t.rejects(recordDpopProof(verified, replay, now), code('ERR_DPOP_REPLAY'));
});
