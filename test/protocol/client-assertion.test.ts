import t from 'tap';
import { highSTwin, refusalReason } from '../helpers/verification.js';
import { SignJWT } from 'jose';
import { generateSigningKey } from '../../src/keys/signing-key.js';
import { withCanonicalSignature } from '../../src/protocol/canonical-signature.js';
import { createClientAssertion, recordClientAssertion, verifyClientAssertion, type AssertionReplayStore } from '../../src/protocol/client-assertion.js';

const AFNEMER = 'urn:nl:blauwe-knop:afnemer:rijbewijs-melder';
const TOKEN_URL = 'https://rdw.example/v1/plus/token';

function memoryReplay(): AssertionReplayStore {
  const seen = new Set<string>();
  return {
    async remember(key) {
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    },
  };
}

t.test('an assertion by a key from the scheme verifies; verifying spends nothing, recording spends its jti once', async (t) => {
  const key = await generateSigningKey('ES256');
  const now = new Date();
  const replay = memoryReplay();
  const expectation = { audience: TOKEN_URL, now, keysFor: (id: string) => (id === AFNEMER ? [key.publicJwk] : undefined) };
  const assertion = await createClientAssertion(key, { clientId: AFNEMER, audience: TOKEN_URL, now });
  const verified = await verifyClientAssertion(assertion, expectation);
  t.equal(verified.clientId, AFNEMER);
  t.equal(verified.kid, key.kid);
  t.ok(verified.replayableUntil.getTime() > verified.expiresAt.getTime(), 'remembered past its expiry (clock skew)');
  t.equal(await refusalReason(verifyClientAssertion(assertion, expectation)), 'accepted', 'verifying twice spends nothing');
  await recordClientAssertion(verified, replay, now);
  t.equal(await refusalReason(recordClientAssertion(verified, replay, now)), 'replayed');
});

t.test('refuses an unknown afnemer, a foreign key, a wrong audience, expiry and long lifetimes', async (t) => {
  const key = await generateSigningKey('ES256');
  const other = await generateSigningKey('ES256');
  const now = new Date();
  const expectation = { audience: TOKEN_URL, now, keysFor: (id: string) => (id === AFNEMER ? [key.publicJwk] : undefined) };
  t.equal(await refusalReason(verifyClientAssertion(await createClientAssertion(key, { clientId: 'urn:nl:blauwe-knop:afnemer:onbekend', audience: TOKEN_URL, now }), expectation)), 'unknown-client');
  t.equal(await refusalReason(verifyClientAssertion(await createClientAssertion(other, { clientId: AFNEMER, audience: TOKEN_URL, now }), expectation)), 'unknown-client');
  t.equal(await refusalReason(verifyClientAssertion(await createClientAssertion({ ...other, kid: key.kid }, { clientId: AFNEMER, audience: TOKEN_URL, now }), expectation)), 'bad-signature');
  t.equal(await refusalReason(verifyClientAssertion(await createClientAssertion(key, { clientId: AFNEMER, audience: 'https://elders.example/token', now }), expectation)), 'wrong-audience');
  const old = new Date(now.getTime() - 10 * 60 * 1000);
  t.equal(await refusalReason(verifyClientAssertion(await createClientAssertion(key, { clientId: AFNEMER, audience: TOKEN_URL, now: old }), expectation)), 'expired');
  const iat = Math.floor(now.getTime() / 1000);
  const long = await new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'client-authentication+jwt' })
    .setIssuer(AFNEMER).setSubject(AFNEMER).setAudience(TOKEN_URL).setIssuedAt(iat).setExpirationTime(iat + 3600).setJti('a-long-lived-one')
    .sign(key.privateKey)
    .then(withCanonicalSignature);
  t.equal(await refusalReason(verifyClientAssertion(long, expectation)), 'too-long');
  const untyped = await new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: key.kid })
    .setIssuer(AFNEMER).setSubject(AFNEMER).setAudience(TOKEN_URL).setIssuedAt(iat).setExpirationTime(iat + 60).setJti('untyped')
    .sign(key.privateKey)
    .then(withCanonicalSignature);
  t.equal(await refusalReason(verifyClientAssertion(untyped, expectation)), 'malformed');
  const otherSubject = await new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'client-authentication+jwt' })
    .setIssuer(AFNEMER).setSubject('someone-else').setAudience(TOKEN_URL).setIssuedAt(iat).setExpirationTime(iat + 60).setJti('sub')
    .sign(key.privateKey)
    .then(withCanonicalSignature);
  t.equal(await refusalReason(verifyClientAssertion(otherSubject, expectation)), 'malformed');
  t.equal(await refusalReason(verifyClientAssertion(undefined, expectation)), 'malformed');
});

t.test('the high-s twin of an assertion is refused; the canonical one is still usable', async (t) => {
  const key = await generateSigningKey('ES256');
  const now = new Date();
  const expectation = { audience: TOKEN_URL, now, keysFor: (id: string) => (id === AFNEMER ? [key.publicJwk] : undefined) };
  const assertion = await createClientAssertion(key, { clientId: AFNEMER, audience: TOKEN_URL, now });
  t.equal(await refusalReason(verifyClientAssertion(highSTwin(assertion), expectation)), 'bad-signature');
  await t.rejects(verifyClientAssertion(highSTwin(assertion), expectation), /niet canoniek/);
  const verified = await verifyClientAssertion(assertion, expectation);
  t.equal(await refusalReason(recordClientAssertion(verified, memoryReplay(), now)), 'accepted');
});
