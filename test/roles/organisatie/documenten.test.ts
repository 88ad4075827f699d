import t from 'tap';
import type { components } from '../../../src/generated/api.js';
import { contentDigestMatches } from '../../../src/protocol/content-digest.js';
import { verifyCompactDocument, verifyPayloadSignature, type PublishedKey } from '../../../src/protocol/verify-document.js';
import { failureReason } from '../../helpers/verification.js';
import { bearer, RDW, startTestService } from '../../helpers/service.js';
import { verifyDetachedWithNodeCrypto } from '../../helpers/verify-with-node-crypto.js';

type FinancieleVerplichtingenDocument = components['schemas']['FinancieleVerplichtingenDocument'];

const CITIZEN = '999993653';

t.test('financiële verplichtingen: a signed FCID document for the citizen in the token', async (t) => {
  const service = await startTestService(t);
  const token = await service.tokenFor(CITIZEN);
  const res = await service.get('/v1/financiele-verplichtingen', bearer(token));
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^application\/json/);
  const document = res.json() as FinancieleVerplichtingenDocument;
  t.equal(document.documenttype, 'financiele-verplichtingen');
  t.equal(document.documentversie, '4.1.0');
  t.equal(document.onderwerp.bsn, CITIZEN);
  t.equal(document.uitgever.oin, service.ctx.organisation.oin);
  t.ok(document.gegevens.financiele_zaken.length > 0, 'the demo citizen has debts at the municipality');
  const totaal = document.gegevens.financiele_zaken.reduce((sum, zaak) => sum + zaak.saldo, 0);
  t.equal(document.gegevens.saldo, totaal, 'the document saldo is the sum of its zaken');

  const keys = (await service.get('/v1/sleutels')).json() as { keys: PublishedKey[] };
  const body = res.rawPayload;
  const signature = String(res.headers['payload-signature']);
  const verified = await verifyPayloadSignature(body, signature, keys);
  t.equal(verified.header.kid, service.ctx.keyring.active.kid, 'signed with the active key (jose)');
  t.equal(verified.header.iss, service.ctx.organisation.oin, 'the protected header names the issuer OIN');
  t.equal(verified.header.typ, 'bk-document+jws');
  t.match(verified.header.sigT, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, 'the protected header carries the signing time');
  t.ok(verifyDetachedWithNodeCrypto(body, signature, keys.keys), 'verifies with node:crypto alone');
  t.ok(await contentDigestMatches(body, String(res.headers['content-digest'])), 'Content-Digest matches the body');

  const tampered = Buffer.from(body);
  const at = tampered.indexOf('"saldo":') + 8;
  tampered.writeUInt8(tampered.readUInt8(at) ^ 1, at);
  t.equal(await failureReason(verifyPayloadSignature(tampered, signature, keys)), 'ERR_DOCUMENT_SIGNATURE', 'one changed byte breaks the signature (jose)');
  t.notOk(verifyDetachedWithNodeCrypto(tampered, signature, keys.keys), 'one changed byte breaks the signature (node:crypto)');
  t.notOk(await contentDigestMatches(tampered, String(res.headers['content-digest'])), 'one changed byte breaks the digest');
});

t.test('Accept: application/jose gives the compact JWS of the same document', async (t) => {
  const service = await startTestService(t, { now: () => new Date('2026-11-28T10:00:00Z') });
  const token = await service.tokenFor(CITIZEN);
  const json = await service.get('/v1/financiele-verplichtingen', bearer(token));
  const jose = await service.get('/v1/financiele-verplichtingen', { ...bearer(token), accept: 'application/jose' });
  t.equal(jose.statusCode, 200);
  t.match(jose.headers['content-type'], /^application\/jose/);
  t.ok(await contentDigestMatches(jose.rawPayload, String(jose.headers['content-digest'])), 'Content-Digest covers the JWS body');
  const keys = (await service.get('/v1/sleutels')).json() as { keys: PublishedKey[] };
  const verified = await verifyCompactDocument(jose.body, keys);
  t.equal(Buffer.from(verified.payload).toString('utf8'), json.body, 'the JWS payload is byte-for-byte the JSON document');
  const detached = String(jose.headers['payload-signature']).split('.');
  const compact = jose.body.split('.');
  t.same([detached[0], detached[2]], [compact[0], compact[2]], 'the Payload-Signature header is the same JWS, detached');
});

t.test('a citizen sees only their own data, and an unknown citizen gets a signed "nothing"', async (t) => {
  const service = await startTestService(t);
  const others = ['999990019', '999990020', '999990032'];
  const documents = new Map<string, FinancieleVerplichtingenDocument>();
  for (const bsn of [CITIZEN, ...others]) {
    const res = await service.get('/v1/financiele-verplichtingen', bearer(await service.tokenFor(bsn)));
    t.equal(res.statusCode, 200);
    documents.set(bsn, res.json() as FinancieleVerplichtingenDocument);
  }
  for (const [bsn, document] of documents) {
    t.equal(document.onderwerp.bsn, bsn);
    const eventBsns = document.gegevens.financiele_zaken.flatMap((z) => z.gebeurtenissen.flatMap((g) => ('bsn' in g ? [g.bsn] : [])));
    t.same([...new Set(eventBsns)].filter((b) => b !== bsn), [], `no event of another citizen in ${bsn.slice(0, 2)}…'s document`);
  }
  const ownZaken = new Set(documents.get(CITIZEN)!.gegevens.financiele_zaken.map((z) => z.zaakkenmerk));
  for (const bsn of others) {
    for (const zaak of documents.get(bsn)!.gegevens.financiele_zaken) t.notOk(ownZaken.has(zaak.zaakkenmerk), 'zaken are not shared');
  }

  const nobody = '999990135';
  const res = await service.get('/v1/financiele-verplichtingen', bearer(await service.tokenFor(nobody)));
  t.equal(res.statusCode, 200, 'a citizen without debts gets a document, not a 404');
  const empty = res.json() as FinancieleVerplichtingenDocument;
  t.same(empty.gegevens.financiele_zaken, []);
  t.equal(empty.gegevens.saldo, 0);
  t.ok(res.headers['payload-signature'], 'the "no debts" document is signed too');
});

t.test('peildatum: saldo at the end of a past day; invalid input lists every error', async (t) => {
  const service = await startTestService(t, { now: () => new Date('2026-11-28T10:00:00Z') });
  const headers = bearer(await service.tokenFor(CITIZEN));
  const past = await service.get('/v1/financiele-verplichtingen?peildatum=2026-01-31', headers);
  t.equal(past.statusCode, 200);
  const document = past.json() as FinancieleVerplichtingenDocument;
  t.equal(document.gegevens.saldo_datumtijd, '2026-01-31T23:59:59+01:00');
  for (const zaak of document.gegevens.financiele_zaken) {
    for (const g of zaak.gebeurtenissen) t.ok(Date.parse(g.datumtijd_gebeurtenis) <= Date.parse('2026-02-01T00:00:00+01:00'), 'no event after the peildatum');
  }

  const invalid = await service.get('/v1/financiele-verplichtingen?peildatum=2026-02-30&bsn=999993653', headers);
  t.equal(invalid.statusCode, 400);
  const problem = invalid.json() as components['schemas']['Probleem'];
  t.same(
    problem.errors?.map((e) => [e.in, e.location, e.code]).sort(),
    [
      ['query', 'bsn', 'additionalProperties'],
      ['query', 'peildatum', 'format'],
    ],
    'both errors at once: an unknown parameter and an impossible date',
  );
  t.notMatch(invalid.body, /999993653/, 'the problem does not echo input back');

  const future = await service.get('/v1/financiele-verplichtingen?peildatum=2026-11-29', headers);
  t.equal(future.statusCode, 400);
  t.equal((future.json() as components['schemas']['Probleem']).errors?.[0]?.code, 'toekomst');
});

t.test('peildatum: a day before 1970 is a 400 naming the range, never a 500', async (t) => {
  const service = await startTestService(t, { now: () => new Date('2026-11-28T10:00:00Z') });
  const headers = bearer(await service.tokenFor(CITIZEN));
  // 1892-04-30 and earlier once gave a 500: Amsterdam's offset then was not whole minutes.
  for (const day of ['0000-01-01', '1000-06-15', '1892-04-30', '1892-05-01', '1937-06-30', '1969-12-31']) {
    const res = await service.get(`/v1/financiele-verplichtingen?peildatum=${day}`, headers);
    t.equal(res.statusCode, 400, `${day}: 400`);
    const problem = res.json() as components['schemas']['Probleem'];
    t.match(problem.errors, [{ in: 'query', location: 'peildatum', code: 'bereik', detail: /1970-01-01/ }], `${day}: the error names the range`);
    t.notOk(res.body.includes(day), `${day}: not echoed`);
  }
  const first = await service.get('/v1/financiele-verplichtingen?peildatum=1970-01-01', headers);
  t.equal(first.statusCode, 200, 'the first day of the range');
  t.equal((first.json() as FinancieleVerplichtingenDocument).gegevens.saldo_datumtijd, '1970-01-01T23:59:59+01:00');
});

t.test('a municipality does not offer RDW documents: 404 and absent from discovery', async (t) => {
  const service = await startTestService(t);
  const headers = bearer(await service.tokenFor(CITIZEN));
  for (const path of ['/v1/voertuigen', '/v1/rijbewijs', '/v1/vaartuigen']) {
    const res = await service.get(path, headers);
    t.equal(res.statusCode, 404, path);
    t.match(res.headers['content-type'], /^application\/problem\+json/);
  }
  const unauthenticated = await service.get('/v1/voertuigen');
  t.equal(unauthenticated.statusCode, 404, 'not offered is 404 even without a token');
  const discovery = (await service.get('/v1/organisatie')).json() as components['schemas']['Organisatie'];
  t.same(discovery.documenten.map((d) => d.documenttype), ['financiele-verplichtingen']);
  t.equal(discovery.documenten[0]!.url, 'http://localhost:8080/v1/financiele-verplichtingen');
  t.same(discovery.documenten[0]!.mediatypen, ['application/json', 'application/jose', 'application/pdf']);
  t.same(discovery.ondertekening.algoritmen, ['ES256']);
  t.equal(discovery.contractversie, service.ctx.contract.version);
});

t.test('RDW: vehicles, licence with per-category dates and look-ups, vessels', async (t) => {
  const service = await startTestService(t, { env: { ORGANISATION_OIN: RDW } });
  const headers = bearer(await service.tokenFor(CITIZEN));
  const keys = (await service.get('/v1/sleutels')).json() as { keys: PublishedKey[] };
  const discovery = (await service.get('/v1/organisatie')).json() as components['schemas']['Organisatie'];
  t.same(discovery.documenten.map((d) => d.documenttype).sort(), ['rijbewijs', 'vaartuigen', 'voertuigen']);
  t.equal((await service.get('/v1/financiele-verplichtingen', headers)).statusCode, 404);

  const voertuigen = await service.get('/v1/voertuigen', headers);
  t.equal(voertuigen.statusCode, 200);
  t.ok((voertuigen.json() as components['schemas']['VoertuigenDocument']).gegevens.voertuigen.length > 0, 'the demo citizen has a vehicle');
  const rijbewijs = await service.get('/v1/rijbewijs', headers);
  const licence = (rijbewijs.json() as components['schemas']['RijbewijsDocument']).gegevens;
  t.ok(licence.rijbewijs && licence.rijbewijs.categorieen.length > 0, 'the demo citizen has a licence with categories');
  const vaartuigen = await service.get('/v1/vaartuigen', headers);
  t.equal(vaartuigen.statusCode, 200);
  for (const res of [voertuigen, rijbewijs, vaartuigen]) {
    const verified = await verifyPayloadSignature(res.rawPayload, String(res.headers['payload-signature']), keys);
    t.equal(verified.header.iss, RDW);
  }
  const nobody = await service.get('/v1/voertuigen', bearer(await service.tokenFor('999990135')));
  t.same((nobody.json() as components['schemas']['VoertuigenDocument']).gegevens.voertuigen, [], 'no vehicles is a signed empty list');
});
