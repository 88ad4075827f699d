import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { SigningKeyring, type SigningKeyStore, type StoredSigningKey } from '../../src/keys/keyring.js';
import { signDocument } from '../../src/protocol/sign-document.js';
import { generateSigningKey } from '../../src/keys/signing-key.js';
import { verifyCompactDocument, verifyPayloadSignature, type PublishedKey } from '../../src/protocol/verify-document.js';
import { bearer, startTestService } from '../helpers/service.js';
import { failureReason } from '../helpers/verification.js';
import { verifyDetachedWithNodeCrypto } from '../helpers/verify-with-node-crypto.js';

const CITIZEN = '999993653';

t.test('a rotated key keeps verifying what it signed; the new key signs from then on', async (t) => {
  const service = await startTestService(t);
  const headers = bearer(await service.tokenFor(CITIZEN));
  const before = await service.get('/v1/financiele-verplichtingen', headers);
  const oldKid = service.ctx.keyring.active.kid;

  await service.ctx.keyring.rotate();
  const after = await service.get('/v1/financiele-verplichtingen', headers);
  const keys = (await service.get('/v1/sleutels')).json() as { keys: PublishedKey[] };
  const statuses = Object.fromEntries(keys.keys.map((k) => [k.kid, k.status]));
  t.equal(statuses[oldKid], 'uitgefaseerd', 'the old key stays published, retired');
  t.equal(statuses[service.ctx.keyring.active.kid], 'actief');
  t.not(service.ctx.keyring.active.kid, oldKid);

  const oldVerified = await verifyPayloadSignature(before.rawPayload, String(before.headers['payload-signature']), keys);
  t.equal(oldVerified.header.kid, oldKid, 'the document from before the rotation still verifies');
  t.ok(verifyDetachedWithNodeCrypto(before.rawPayload, String(before.headers['payload-signature']), keys.keys));
  const newVerified = await verifyPayloadSignature(after.rawPayload, String(after.headers['payload-signature']), keys);
  t.equal(newVerified.header.kid, service.ctx.keyring.active.kid, 'the new document is signed with the new key');

  const discovery = (await service.get('/v1/organisatie')).json() as { ondertekening: { algoritmen: string[] } };
  t.same(discovery.ondertekening.algoritmen, ['ES256']);

  await t.rejects(service.ctx.keyring.revoke(service.ctx.keyring.active.kid, 'buiten-gebruik'), /active key/, 'the active key cannot be revoked');
  await service.ctx.keyring.revoke(oldKid, 'buiten-gebruik');
  const revoked = (await service.get('/v1/sleutels')).json() as { keys: PublishedKey[] };
  const marked = revoked.keys.find((k) => k.kid === oldKid)!;
  t.equal(marked.status, 'ingetrokken');
  t.ok(marked.ingetrokken_op, 'the revocation time is published');
  t.equal(marked.intrekkingsreden, 'buiten-gebruik', 'and its reason');
  // Retired and destroyed: signed before the revocation, still valid evidence.
  await verifyPayloadSignature(before.rawPayload, String(before.headers['payload-signature']), revoked);

  // Later found compromised: the reason escalates, the moment stays, and nothing it signed is trusted.
  await service.ctx.keyring.revoke(oldKid, 'gecompromitteerd');
  const compromised = (await service.get('/v1/sleutels')).json() as { keys: PublishedKey[] };
  const escalated = compromised.keys.find((k) => k.kid === oldKid)!;
  t.equal(escalated.intrekkingsreden, 'gecompromitteerd');
  t.equal(escalated.ingetrokken_op, marked.ingetrokken_op, 'the first revocation moment is kept');
  t.equal(await failureReason(verifyPayloadSignature(before.rawPayload, String(before.headers['payload-signature']), compromised)), 'ERR_DOCUMENT_REVOKED_KEY', 'a compromised key vouches for nothing');
  await service.ctx.keyring.revoke(oldKid, 'buiten-gebruik');
  t.equal(((await service.get('/v1/sleutels')).json() as { keys: PublishedKey[] }).keys.find((k) => k.kid === oldKid)!.intrekkingsreden, 'gecompromitteerd', 'a compromise is never taken back');
});

t.test('a revoked key: retired, it vouches for what it signed before; compromised, for nothing, whatever sigT says', async (t) => {
  const key = await generateSigningKey('ES256');
  const signed = await signDocument(Buffer.from('{"a":1}'), key, '00000099000000000001', new Date('2026-06-01T00:00:00Z'));
  const published = (ingetrokken_op: string, intrekkingsreden?: PublishedKey['intrekkingsreden']): { keys: PublishedKey[] } => ({
    keys: [{ ...key.publicJwk, status: 'ingetrokken', ingetrokken_op, ...(intrekkingsreden ? { intrekkingsreden } : {}) }],
  });
  t.equal(await failureReason(verifyCompactDocument(signed.compactJws, published('2026-05-01T00:00:00Z', 'buiten-gebruik'))), 'ERR_DOCUMENT_REVOKED_KEY', 'signed after a retirement');
  await verifyCompactDocument(signed.compactJws, published('2026-07-01T00:00:00Z', 'buiten-gebruik'));

  // The forgery of issue 11, item 7: a thief holding the key dates the signature before the
  // revocation. sigT is the signer's own claim, so a compromised key proves nothing at all.
  const backdated = await signDocument(Buffer.from('{"vals":true}'), key, '00000099000000000001', new Date('2026-01-01T00:00:00Z'));
  const compromised = published('2026-07-01T00:00:00Z', 'gecompromitteerd');
  t.equal(await failureReason(verifyCompactDocument(backdated.compactJws, compromised)), 'ERR_DOCUMENT_REVOKED_KEY', 'a backdated forgery is refused');
  t.equal(await failureReason(verifyCompactDocument(signed.compactJws, compromised)), 'ERR_DOCUMENT_REVOKED_KEY', 'so is an honest document from before: the citizen fetches a new copy');
  await t.rejects(verifyCompactDocument(signed.compactJws, compromised), /gecompromitteerd.*nieuw exemplaar/, 'and the refusal says why and what to do');
  t.equal(await failureReason(verifyCompactDocument(signed.compactJws, published('2026-07-01T00:00:00Z'))), 'ERR_DOCUMENT_REVOKED_KEY', 'no reason published (another implementation): fail closed');
  t.equal(await failureReason(verifyCompactDocument(signed.compactJws, { keys: [] })), 'ERR_DOCUMENT_UNKNOWN_KEY');
});

for (const algorithm of ['PS256', 'EdDSA'] as const) {
  t.test(`SIGNING_ALGORITHM=${algorithm} signs documents with ${algorithm}`, async (t) => {
    const service = await startTestService(t, { env: { SIGNING_ALGORITHM: algorithm } });
    const res = await service.get('/v1/financiele-verplichtingen', bearer(await service.tokenFor(CITIZEN)));
    const keys = (await service.get('/v1/sleutels')).json() as { keys: PublishedKey[] };
    const verified = await verifyPayloadSignature(res.rawPayload, String(res.headers['payload-signature']), keys);
    t.equal(verified.header.alg, algorithm);
    t.ok(verifyDetachedWithNodeCrypto(res.rawPayload, String(res.headers['payload-signature']), keys.keys), 'node:crypto agrees');
  });
}

t.test('SIGNING_KEY_FILE: the configured PEM key signs', async (t) => {
  const dir = t.testdir();
  const writeKey = (name: string) => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const path = join(dir, name);
    writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    return path;
  };
  const first = writeKey('first.pem');
  const service = await startTestService(t, { env: { SIGNING_KEY_FILE: first } });
  const res = await service.get('/v1/financiele-verplichtingen', bearer(await service.tokenFor(CITIZEN)));
  const keys = (await service.get('/v1/sleutels')).json() as { keys: PublishedKey[] };
  await verifyPayloadSignature(res.rawPayload, String(res.headers['payload-signature']), keys);
  await t.rejects(service.ctx.keyring.rotate(), /SIGNING_KEY_FILE/, 'production keys are rotated by configuration, not generated');

  const wrongAlgorithm = startTestService(t, { env: { SIGNING_KEY_FILE: first, SIGNING_ALGORITHM: 'EdDSA' } });
  await t.rejects(wrongAlgorithm, /ec key, but SIGNING_ALGORITHM is EdDSA/, 'a key that does not fit the algorithm stops start-up');
});

t.test('starting with a new key file retires the previous key; a revoked key file refuses to start', async (t) => {
  const rows: StoredSigningKey[] = [];
  const store: SigningKeyStore = {
    list: async () => rows.map((r) => ({ ...r })),
    insert: async (key) => void rows.push({ ...key }),
    setStatus: async (kid, status, at) => {
      const row = rows.find((r) => r.kid === kid)!;
      row.status = status;
      if (status === 'uitgefaseerd') row.retiredAt = at;
      if (status === 'ingetrokken') row.revokedAt = at;
    },
    revoke: async (kid, reason, at) => {
      const row = rows.find((r) => r.kid === kid)!;
      Object.assign(row, { status: 'ingetrokken', revokedAt: at, revocationReason: reason });
    },
  };
  const dir = t.testdir();
  const keyFile = (name: string) => {
    const path = join(dir, name);
    writeFileSync(path, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    return path;
  };
  const oin = '00000099000000000001';
  const first = await SigningKeyring.open(store, oin, { algorithm: 'ES256', dataDir: dir, keyFile: keyFile('a.pem') });
  const again = await SigningKeyring.open(store, oin, { algorithm: 'ES256', dataDir: dir, keyFile: join(dir, 'a.pem') });
  t.equal(again.active.kid, first.active.kid, 'the same key file gives the same kid (replicas agree)');
  t.equal(rows.length, 1);
  const second = await SigningKeyring.open(store, oin, { algorithm: 'ES256', dataDir: dir, keyFile: keyFile('b.pem') });
  t.same(
    Object.fromEntries(rows.map((r) => [r.kid, r.status])),
    { [first.active.kid]: 'uitgefaseerd', [second.active.kid]: 'actief' },
  );
  await second.revoke(first.active.kid, 'buiten-gebruik');
  await t.rejects(
    SigningKeyring.open(store, oin, { algorithm: 'ES256', dataDir: dir, keyFile: join(dir, 'a.pem') }),
    /has been revoked/,
  );
});
