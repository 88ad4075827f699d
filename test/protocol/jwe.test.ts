import { CompactEncrypt, importJWK } from 'jose';
import t from 'tap';
import { generateAppKey } from '../../src/sdk/app-key.js';
import { decryptForApp, encryptForApp } from '../../src/protocol/jwe.js';

const appKey = await generateAppKey();
const jws = 'eyJhbGciOiJFUzI1NiJ9.e30.c2ln';
const code = (c: string) => ({ name: 'JweError', code: c });

t.test('a document encrypted to the app key decrypts only there', async (t) => {
  const jwe = await encryptForApp(jws, appKey.publicJwk, appKey.thumbprint);
  t.equal(jwe.split('.').length, 5);
  t.equal(await decryptForApp(jwe, appKey), jws);
  await t.rejects(decryptForApp(jws, appKey), code('ERR_JWE_MALFORMED'));
  const other = await generateAppKey();
  await t.rejects(decryptForApp(await encryptForApp(jws, other.publicJwk, appKey.thumbprint), appKey), code('ERR_JWE_DECRYPTION'));
  await t.rejects(decryptForApp(await encryptForApp(jws, appKey.publicJwk, other.thumbprint), appKey), code('ERR_JWE_RECIPIENT'));
  const wrongCty = await new CompactEncrypt(new TextEncoder().encode(jws))
    .setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', cty: 'JWT', kid: appKey.thumbprint })
    .encrypt(await importJWK(appKey.publicJwk, 'ECDH-ES+A256KW'));
  await t.rejects(decryptForApp(wrongCty, appKey), code('ERR_JWE_CONTENT_TYPE'));
});
