import t from 'tap';
import { generateSigningKey } from '../../src/keys/signing-key.js';
import { issueAppCredential } from '../../src/protocol/app-credential.js';
import { hasNonCanonicalSignature, withCanonicalSignature } from '../../src/protocol/canonical-signature.js';
import { createClientAssertion } from '../../src/protocol/client-assertion.js';
import { createDpopProof } from '../../src/protocol/dpop.js';
import { createSecurityEvent, GEBEURTENISTYPEN } from '../../src/protocol/security-event.js';
import { issueSessionToken } from '../../src/protocol/session-token.js';
import { signDocument } from '../../src/protocol/sign-document.js';

/**
 * Every ES256 issuer emits the low-s form, because the verifiers refuse the other. WebCrypto
 * picks either at random, so an issuer without the conversion fails this with probability
 * 1 - 2^-SIGNATURES.
 */
const SIGNATURES = 40;
const now = new Date();
const BSN = '999993653';

t.test('every ES256 issuer, Plus included, signs in low-s form', async (t) => {
  const key = await generateSigningKey('ES256');
  const appKey = { publicJwk: key.publicJwk, signingKey: key.privateKey };
  const issuers: Record<string, () => Promise<string>> = {
    'DPoP proof': () => createDpopProof(appKey, { method: 'POST', url: 'https://org.example/v1/sessies' }),
    'app credential': async () => (await issueAppCredential(key, { iss: 'ab', sub: 'r', bsn: BSN, jkt: 'j' }, now, 60)).token,
    'session token': async () => (await issueSessionToken(key, { bsn: BSN, jkt: 'j', registratieId: 'r', appBeheerder: 'ab' }, { oin: '1', now, seconds: 60 })).token,
    'client assertion (afnemer)': () => createClientAssertion(key, { clientId: 'urn:afnemer', audience: 'https://org.example/v1/plus/token', now }),
    'security event (bronhouder)': () =>
      createSecurityEvent(key, {
        bronhouderOin: '00000001003214345000',
        afnemer: 'urn:nl:blauwe-knop:afnemer:rijbewijs-melder',
        subject: 'pYx3mQ0l9bH2fZrT8wV1cN5kJ4aS6dE7gU0iO9pL2mX',
        gebeurtenistype: GEBEURTENISTYPEN.rijbewijsGeraadpleegd,
        toestemmingId: '0b7c2a8e-5d41-4f3a-9c6b-2e8f1d0a7b34',
        volgnummer: 1,
        txn: '4bf92f3577b34da6a3ce929d0e0e4736',
        toe: now,
        iat: now,
        jti: 'f2c1d0e9-8b7a-4c6d-9e5f-0a1b2c3d4e5f',
        data: { categorie: 'politie', resultaat: 'gevonden' },
      }),
    'document / ontvangstbewijs / logboekhoofd': async () => (await signDocument(new TextEncoder().encode('{"a":1}'), key, '00000001003214345000', now)).compactJws,
  };
  for (const [name, issue] of Object.entries(issuers)) {
    const high: string[] = [];
    for (let i = 0; i < SIGNATURES; i++) {
      const jws = await issue();
      if (hasNonCanonicalSignature(jws)) high.push(jws);
    }
    t.same(high, [], `${name}: no high-s signature in ${SIGNATURES}`);
  }
});

t.test('the high-s twin of an issued token is detected and converts back; other algorithms are not judged', async (t) => {
  const key = await generateSigningKey('ES256');
  const issued = (await signDocument(new TextEncoder().encode('{"a":1}'), key, '1', now)).compactJws;
  const [h, p, s] = issued.split('.') as [string, string, string];
  const bytes = Buffer.from(s, 'base64url');
  const n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
  const flipped = (n - BigInt(`0x${bytes.subarray(32).toString('hex')}`)).toString(16).padStart(64, '0');
  const twin = `${h}.${p}.${Buffer.concat([bytes.subarray(0, 32), Buffer.from(flipped, 'hex')]).toString('base64url')}`;
  t.ok(hasNonCanonicalSignature(twin), 'the n - s twin is high-s');
  t.equal(withCanonicalSignature(twin), issued, 'and converts back to the issued token');
  const eddsa = await generateSigningKey('EdDSA');
  const other = (await signDocument(new TextEncoder().encode('x'), eddsa, '1', now)).compactJws;
  t.notOk(hasNonCanonicalSignature(other));
  t.equal(withCanonicalSignature(other), other);
});
