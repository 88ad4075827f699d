import { SignJWT } from 'jose';
import t from 'tap';
import { generateSigningKey } from '../../src/keys/signing-key.js';
import { withCanonicalSignature } from '../../src/protocol/canonical-signature.js';
import { issueAppCredential, peekAppCredential, verifyAppCredential } from '../../src/protocol/app-credential.js';
import type { StelselAppBeheerder, StelselSleutel } from '../../src/protocol/stelseldocument.js';

const key = await generateSigningKey('ES256');
const now = new Date('2026-11-28T10:00:00Z');
const claims = { iss: 'app-beheerder-demo', sub: 'reg-1', bsn: '999993653', jkt: 'thumbprint-of-the-app-key' };
const sleutel = (extra: Partial<StelselSleutel> = {}): StelselSleutel => ({ ...(key.publicJwk as StelselSleutel), geldig_vanaf: '2026-01-01T00:00:00Z', ...extra });
const beheerder = (sleutels = [sleutel()]): StelselAppBeheerder => ({ id: claims.iss, naam: 'Demo', url: 'https://am.example/v1', sleutels });
const verify = (token: string, extra: { b?: StelselAppBeheerder; at?: Date; jkt?: string } = {}) =>
  verifyAppCredential(token, extra.b ?? beheerder(), { now: extra.at ?? now, jkt: extra.jkt ?? claims.jkt });
const code = (c: string) => ({ name: 'AppCredentialError', code: c });
const raw = (header: Record<string, unknown>, payload: Record<string, unknown>, signer = key.privateKey) =>
  new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'bk-app-credential+jwt', ...header }).sign(signer).then(withCanonicalSignature);

t.test('an issued credential verifies and says who and which key', async (t) => {
  const { token, expiresAt } = await issueAppCredential(key, claims, now, 3600);
  t.equal(expiresAt.toISOString(), '2026-11-28T10:15:00.000Z', 'at most 15 minutes');
  t.same(peekAppCredential(token), { iss: claims.iss, kid: key.kid });
  t.match(await verify(token), { ...claims, iat: now.getTime() / 1000 });
});

t.test('each refusal has its code', async (t) => {
  const { token } = await issueAppCredential(key, claims, now, 600);
  const iat = now.getTime() / 1000;
  await t.rejects(verify('geen-jwt'), code('ERR_CREDENTIAL_MALFORMED'));
  await t.rejects(verify(await raw({ typ: 'JWT' }, { ...claims, iat, exp: iat + 60 })), code('ERR_CREDENTIAL_TYPE'));
  const ps = await generateSigningKey('PS256');
  await t.rejects(verify(await raw({ alg: 'PS256' }, { ...claims, iat, exp: iat + 60 }, ps.privateKey)), code('ERR_CREDENTIAL_ALGORITHM'));
  await t.rejects(verify(await raw({}, { sub: 'reg-1', iat, exp: iat + 60 })), code('ERR_CREDENTIAL_CLAIMS'), 'no iss');
  await t.rejects(verify(token, { b: beheerder([]) }), code('ERR_CREDENTIAL_UNKNOWN_KEY'));
  await t.rejects(verify(token, { b: beheerder([sleutel({ ingetrokken_op: '2026-11-28T09:00:00Z' })]) }), code('ERR_CREDENTIAL_REVOKED_KEY'));
  await t.rejects(verify(token, { b: beheerder([sleutel({ geldig_tot: '2026-11-28T09:00:00Z' })]) }), code('ERR_CREDENTIAL_RETIRED_KEY'));
  const other = await generateSigningKey('ES256');
  await t.rejects(verify(token, { b: beheerder([{ ...(other.publicJwk as StelselSleutel), kid: key.kid, geldig_vanaf: '2026-01-01T00:00:00Z' }]) }), code('ERR_CREDENTIAL_SIGNATURE'));
  await t.rejects(verify(token, { at: new Date('2026-11-28T10:11:00Z') }), code('ERR_CREDENTIAL_EXPIRED'));
  await t.rejects(verify(await raw({}, { ...claims, cnf: { jkt: claims.jkt }, iat, exp: iat + 3600 })), code('ERR_CREDENTIAL_TOO_LONG'));
  await t.rejects(verify(token, { jkt: 'another-app-key' }), code('ERR_CREDENTIAL_BINDING'));
  await t.rejects(verify((await issueAppCredential(key, { ...claims, bsn: '123456789' }, now, 600)).token), code('ERR_CREDENTIAL_CLAIMS'), 'a BSN that fails the elfproef');
});
