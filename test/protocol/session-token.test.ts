import t from 'tap';
import { generateSigningKey } from '../../src/keys/signing-key.js';
import { issueSessionToken, verifySessionToken } from '../../src/protocol/session-token.js';
import { decodeProtectedHeader } from 'jose';

const key = await generateSigningKey('EdDSA');
const oin = '00000001001172773000';
const now = new Date('2026-11-28T10:00:00Z');
const claims = { bsn: '999993653', jkt: 'app-key-thumbprint', registratieId: 'reg-1', appBeheerder: 'am' };
const keys = [{ ...key.publicJwk, status: 'actief' as const }];
const code = (c: string) => ({ name: 'SessionTokenError', code: c });

t.test('a session token is for this organisation only, bound to the app key, and expires', async (t) => {
  const { token, expiresAt } = await issueSessionToken(key, claims, { oin, now, seconds: 3600 });
  t.equal(expiresAt.toISOString(), '2026-11-28T10:15:00.000Z', 'at most 15 minutes');
  t.equal(decodeProtectedHeader(token).typ, 'bk-sessie+jwt');
  t.same(await verifySessionToken(token, keys, { oin, now }), claims);
  await t.rejects(verifySessionToken('x', keys, { oin, now }), code('ERR_SESSION_MALFORMED'));
  await t.rejects(verifySessionToken(token, [{ ...keys[0]!, status: 'ingetrokken' }], { oin, now }), code('ERR_SESSION_UNKNOWN_KEY'));
  await t.rejects(verifySessionToken(token, keys, { oin, now: new Date('2026-11-28T10:16:00Z') }), code('ERR_SESSION_EXPIRED'));
  await t.rejects(verifySessionToken(token, keys, { oin: '00000001002220647000', now }), code('ERR_SESSION_INVALID'), 'another organisation');
});
