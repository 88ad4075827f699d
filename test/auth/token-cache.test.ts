import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTVerifyGetKey } from 'jose';
import t from 'tap';
import { AuthenticationError, createCitizenVerifier } from '../../src/auth/citizen-authentication.js';
import { withCanonicalSignature } from '../../src/protocol/canonical-signature.js';

const ISSUER = 'https://idp.test.example';
const AUDIENCE = 'blauwe-knop';
const T0 = Date.parse('2026-11-30T09:00:00Z');

async function setUp(tokenCacheEntries?: number) {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }] });
  let keyLookups = 0;
  // Counts how often a signature is actually checked: jose asks for the key every time.
  const keys: JWTVerifyGetKey = (header, token) => {
    keyLookups++;
    return jwks(header, token);
  };
  const clock = { ms: T0 };
  const verifier = createCitizenVerifier({
    issuer: ISSUER,
    audience: AUDIENCE,
    keys,
    bsnClaim: 'bsn',
    now: () => clock.ms,
    ...(tokenCacheEntries === undefined ? {} : { tokenCacheEntries }),
  });
  const token = (bsn: string, expSeconds = T0 / 1000 + 60) =>
    new SignJWT({ bsn })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(T0 / 1000)
      .setExpirationTime(expSeconds)
      .sign(privateKey)
      .then(withCanonicalSignature);
  return { verifier, token, clock, lookups: () => keyLookups };
}

t.test('a verified token is not verified again until it expires', async (t) => {
  const { verifier, token, clock, lookups } = await setUp();
  const a = await token('999993653');
  t.same(await verifier.verify(`Bearer ${a}`), { bsn: '999993653' });
  t.equal(lookups(), 1);
  // Kept from its second use on: a token used once (most are) costs the cache nothing.
  t.same(await verifier.verify(`Bearer ${a}`), { bsn: '999993653' });
  t.equal(lookups(), 2, 'the second use is checked too, and kept');
  t.same(await verifier.verify(`Bearer ${a}`), { bsn: '999993653' }, 'same citizen from the cache');
  t.equal(lookups(), 2, 'no third signature check');

  const b = await token('999990019');
  t.same(await verifier.verify(`Bearer ${b}`), { bsn: '999990019' }, 'another token is another citizen');
  t.equal(lookups(), 3);

  // Past exp and the 30 s clock tolerance the cached entry is gone and the token refused.
  clock.ms = T0 + 91_000;
  await t.rejects(verifier.verify(`Bearer ${a}`), AuthenticationError, 'expired token refused, not served from the cache');
  t.equal(lookups(), 4, 'checked again once its cache entry expired');
});

t.test('a token used once is not kept, one used twice is', async (t) => {
  const { verifier, token, lookups } = await setUp(8);
  const once = await Promise.all(['999993653', '999990019', '999993033'].map((bsn) => token(bsn)));
  for (const x of once) await verifier.verify(`Bearer ${x}`);
  const cached = await token('999990019');
  await verifier.verify(`Bearer ${cached}`);
  await verifier.verify(`Bearer ${cached}`);
  t.equal(lookups(), 5);
  await verifier.verify(`Bearer ${cached}`);
  t.equal(lookups(), 5, 'the token used twice is kept');
  await verifier.verify(`Bearer ${once[0]}`);
  t.equal(lookups(), 6, 'one used once was not: its second use is checked');
});

t.test('failures are not cached, and the cache is bounded', async (t) => {
  const { verifier, token, lookups } = await setUp(2);
  const expired = await token('999993653', T0 / 1000 - 3600);
  await t.rejects(verifier.verify(`Bearer ${expired}`), AuthenticationError);
  await t.rejects(verifier.verify(`Bearer ${expired}`), AuthenticationError);
  t.equal(lookups(), 2, 'a refused token is checked every time');

  const tokens = await Promise.all(['999993653', '999990019', '999993033'].map((bsn) => token(bsn)));
  // Each used twice: kept from the second use on.
  for (const x of tokens) for (let use = 0; use < 2; use++) await verifier.verify(`Bearer ${x}`);
  t.equal(lookups(), 8);
  await verifier.verify(`Bearer ${tokens[2]}`);
  t.equal(lookups(), 8, 'the most recent token is cached');
  await verifier.verify(`Bearer ${tokens[0]}`);
  t.equal(lookups(), 9, 'the oldest was evicted: at most 2 entries');
});
