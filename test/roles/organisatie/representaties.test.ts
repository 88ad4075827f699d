/**
 * One URL, three representations: every document operation answers JSON, application/jose
 * and application/pdf, picked by `Accept`. What a cache in between (a browser, a proxy) must
 * be told so that it never hands one representation, or one citizen's document, for another
 * request: `Vary: Accept, Authorization` on every answer (401, 406 and 304 included, and
 * alongside CORS's `Origin`), `Cache-Control: no-store` (personal data, standards doc), and
 * an entity tag per representation, so that a JSON tag never gives a 304 to a PDF request or
 * the other way round. The document cache holds the signed JSON only; every representation
 * is made from it, so a cached document answers each `Accept` with its own form.
 * SQLite, or PostgreSQL when DATABASE_URL points there.
 */
import t from 'tap';
import type { components } from '../../../src/generated/api.js';
import { verifyCompactDocument, type PublishedKey } from '../../../src/protocol/verify-document.js';
import { verifyCertifiedPdf } from '../../../src/weergave/pdf-controle.js';
import { bearer, RDW, startTestService, type TestService } from '../../helpers/service.js';

type FinancieleVerplichtingenDocument = components['schemas']['FinancieleVerplichtingenDocument'];

const CITIZEN = '999993653';
const FCID = '/v1/financiele-verplichtingen';
const REPRESENTATIES = [
  { accept: 'application/json', type: /^application\/json/ },
  { accept: 'application/jose', type: /^application\/jose$/ },
  { accept: 'application/pdf', type: /^application\/pdf$/ },
] as const;

/** The field names of a `Vary` header, lowercased. */
const varyOf = (header: unknown): string[] =>
  String(header ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');

async function keysOf(service: TestService) {
  return (await service.get('/v1/sleutels')).json() as { keys: PublishedKey[] };
}

t.test('every document operation answers each representation from one URL, varying on Accept and Authorization', async (t) => {
  const gemeente = await startTestService(t);
  const rdw = await startTestService(t, { env: { ORGANISATION_OIN: RDW } });
  const operations: [TestService, string][] = [
    [gemeente, FCID],
    [rdw, '/v1/voertuigen'],
    [rdw, '/v1/rijbewijs'],
    [rdw, '/v1/vaartuigen'],
  ];
  for (const [service, path] of operations) {
    const headers = bearer(await service.tokenFor(CITIZEN));
    const keys = await keysOf(service);
    for (const { accept, type } of REPRESENTATIES) {
      const res = await service.get(path, { ...headers, accept });
      t.equal(res.statusCode, 200, `${path} ${accept}: 200`);
      t.match(String(res.headers['content-type']), type, `${path} ${accept}: that representation`);
      t.same(varyOf(res.headers.vary).sort(), ['accept', 'authorization'], `${path} ${accept}: Vary names Accept and Authorization`);
      t.equal(res.headers['cache-control'], 'no-store', `${path} ${accept}: personal data is never stored`);
      if (accept === 'application/jose') t.ok(await verifyCompactDocument(res.body, keys), `${path}: the JWS verifies`);
      if (accept === 'application/pdf') t.ok(await verifyCertifiedPdf(res.rawPayload, keys), `${path}: the PDF verifies`);
    }
    const refused = await service.get(path, { ...headers, accept: 'text/html' });
    t.equal(refused.statusCode, 406, `${path}: a representation it does not offer`);
    t.ok(varyOf(refused.headers.vary).includes('accept'), `${path}: the 406 varies on Accept too`);
    const anonymous = await service.get(path, { accept: 'application/pdf' });
    t.equal(anonymous.statusCode, 401, `${path}: no token`);
    t.same(varyOf(anonymous.headers.vary).sort(), ['accept', 'authorization'], `${path}: the 401 varies on Authorization too`);
  }
});

t.test('CORS adds Origin to Vary without dropping Accept and Authorization', async (t) => {
  const allowed = 'https://app.blauweknop.example';
  const service = await startTestService(t, { env: { CORS_ORIGINS: allowed } });
  const res = await service.get(FCID, { ...bearer(await service.tokenFor(CITIZEN)), origin: allowed, accept: 'application/pdf' });
  t.equal(res.statusCode, 200);
  t.same(varyOf(res.headers.vary).sort(), ['accept', 'authorization', 'origin']);
  // Open resources are the same for everyone who asks in the same form: no Authorization.
  const contract = await service.get('/v1/openapi.json');
  t.notOk(varyOf(contract.headers.vary).includes('authorization'), 'the open contract does not vary on Authorization');
});

t.test('an entity tag belongs to one representation: no 304 across JSON, JOSE and PDF', async (t) => {
  const service = await startTestService(t, { now: () => new Date('2026-11-28T10:00:00Z') });
  const headers = bearer(await service.tokenFor(CITIZEN));
  const tags = new Map<string, string>();
  for (const { accept } of REPRESENTATIES) {
    const res = await service.get(FCID, { ...headers, accept });
    t.equal(res.statusCode, 200);
    tags.set(accept, String(res.headers.etag));
  }
  t.equal(new Set(tags.values()).size, 3, 'three representations, three entity tags');
  for (const { accept: held } of REPRESENTATIES) {
    for (const { accept: asked, type } of REPRESENTATIES) {
      const res = await service.get(FCID, { ...headers, accept: asked, 'if-none-match': tags.get(held)! });
      if (held === asked) {
        t.equal(res.statusCode, 304, `holding the ${held} tag, asking ${asked}: 304`);
        t.equal(res.headers.etag, tags.get(asked));
        t.same(varyOf(res.headers.vary).sort(), ['accept', 'authorization'], 'a 304 names the same Vary as the 200 would (RFC 9110 §15.4.5)');
      } else {
        t.equal(res.statusCode, 200, `holding the ${held} tag, asking ${asked}: the document, not a 304`);
        t.match(String(res.headers['content-type']), type, `holding the ${held} tag, asking ${asked}: in the form asked for`);
        t.equal(res.headers.etag, tags.get(asked), `and the tag of ${asked}`);
      }
    }
  }
  // `Accept` spelled differently, same representation: the same tag.
  const wildcard = await service.get(FCID, { ...headers, accept: 'application/pdf;q=0.9, text/html' });
  t.equal(wildcard.headers.etag, tags.get('application/pdf'), 'the tag follows the representation chosen, not the header text');
});

t.test('a cached document answers each Accept in its own form, from the one signed JSON', async (t) => {
  const service = await startTestService(t, { now: () => new Date('2026-11-28T10:00:00Z') });
  const headers = bearer(await service.tokenFor(CITIZEN));
  const keys = await keysOf(service);
  // The PDF first, twice: a document is kept from its second fetch on, and the second PDF
  // request puts the signed JSON in the cache.
  await service.get(FCID, { ...headers, accept: 'application/pdf' });
  t.equal(service.ctx.documentCache.size, 0, 'a document fetched once is not kept');
  const pdf = await service.get(FCID, { ...headers, accept: 'application/pdf' });
  t.equal(service.ctx.documentCache.size, 1, 'the second PDF request cached the signed document');
  const json = await service.get(FCID, { ...headers, accept: 'application/json' });
  t.match(String(json.headers['content-type']), /^application\/json/, 'a JSON request after a PDF one gets JSON');
  const jose = await service.get(FCID, { ...headers, accept: 'application/jose' });
  t.match(String(jose.headers['content-type']), /^application\/jose$/, 'a JOSE request gets the JWS');
  const pdfAgain = await service.get(FCID, { ...headers, accept: 'application/pdf' });
  t.match(String(pdfAgain.headers['content-type']), /^application\/pdf$/, 'and a PDF request after those a PDF');
  t.equal(service.ctx.documentCache.size, 1, 'still one cached document: the representations are made from it');

  // All four carry the same signature over the same JSON bytes.
  const fromJose = Buffer.from((await verifyCompactDocument(jose.body, keys)).payload).toString('utf8');
  t.equal(fromJose, json.body, 'the JWS signs exactly the JSON served');
  for (const [name, res] of [['first PDF', pdf], ['second PDF', pdfAgain]] as const) {
    const checked = await verifyCertifiedPdf(res.rawPayload, keys);
    t.equal(Buffer.from(checked.verified.payload).toString('utf8'), json.body, `${name}: its attachment signs the same JSON`);
    t.equal(res.headers['payload-signature'], json.headers['payload-signature'], `${name}: the same signature`);
  }
  t.equal((json.json() as FinancieleVerplichtingenDocument).onderwerp.bsn, CITIZEN);
});
