/**
 * Cached documents and conditional requests: a repeated request gets the same signed bytes;
 * a document from the cache is byte-identical to one a fresh replica makes for the same
 * data version (its signing time aside); after a write, the next read on every replica
 * shows it; an ETag per data version answers If-None-Match with 304. SQLite, or
 * PostgreSQL when DATABASE_URL points there (two replicas on one database either way).
 */
import t from 'tap';
import { insertGebeurtenis, readFinancieleZaken } from '../../../src/data/financiele-zaken.js';
import type { components } from '../../../src/generated/api.js';
import { verifyCompactDocument, verifyPayloadSignature, type PublishedKey } from '../../../src/protocol/verify-document.js';
import { bearer, startTestService, TILBURG, type TestService } from '../../helpers/service.js';

type FinancieleVerplichtingenDocument = components['schemas']['FinancieleVerplichtingenDocument'];

const CITIZEN = '999993653';
const URL_ = '/v1/financiele-verplichtingen';

/** A clock the test moves by hand: documents then carry the same aangemaakt_op. */
function fixedClock(iso: string) {
  const clock = { at: new Date(iso), now: () => clock.at };
  return clock;
}

async function publishedKeys(service: TestService) {
  return (await service.get('/v1/sleutels')).json() as { keys: PublishedKey[] };
}

async function payAgainst(service: TestService, kenmerk: string): Promise<void> {
  const { zaken, gebeurtenissen } = await readFinancieleZaken(service.ctx.db, TILBURG, CITIZEN);
  const zaak = zaken[0]!;
  const opgelegd = gebeurtenissen.find((g) => g.zaakkenmerk === zaak.zaakkenmerk && g.gebeurtenis_type === 'BetalingsverplichtingOpgelegd') as
    | { betalingskenmerk: string }
    | undefined;
  await insertGebeurtenis(service.ctx.db, TILBURG, {
    gebeurtenis_type: 'BetalingVerwerkt',
    gebeurtenis_kenmerk: kenmerk,
    datumtijd_gebeurtenis: '2026-11-20T10:00:00+01:00',
    zaakkenmerk: zaak.zaakkenmerk,
    betalingskenmerk: opgelegd!.betalingskenmerk,
    datumtijd_ontvangen: '2026-11-20T09:59:00+01:00',
    bedrag: 100,
  });
}

const hasEvent = (body: string, kenmerk: string) =>
  (JSON.parse(body) as FinancieleVerplichtingenDocument).gegevens.financiele_zaken.some((z) =>
    z.gebeurtenissen.some((g) => g.gebeurtenis_kenmerk === kenmerk),
  );

t.test('a cached document is byte-identical to a fresh one for the same data version, sigT aside', async (t) => {
  const clock = fixedClock('2026-11-30T11:00:00Z');
  const first = await startTestService(t, { now: clock.now });
  const token = await first.tokenFor(CITIZEN);
  const made = await first.get(URL_, bearer(token));
  t.equal(made.statusCode, 200);
  t.equal(first.ctx.documentCache.size, 0, 'a document fetched once is not kept');
  // Kept from the second fetch on (bounded-lru.ts, admitOnSecondSight).
  const kept = await first.get(URL_, bearer(token));
  t.equal(first.ctx.documentCache.size, 1, 'one cached document');
  const again = await first.get(URL_, bearer(token));
  t.equal(again.body, made.body, 'repeated request: same bytes');
  t.equal(again.headers['payload-signature'], kept.headers['payload-signature'], 'served from the cache: the same signature');
  t.equal(again.headers['content-digest'], made.headers['content-digest']);

  // A replica with an empty cache, same database, same clock, a second later for sigT.
  clock.at = new Date('2026-11-30T11:00:01Z');
  const replica = await startTestService(t, { now: () => new Date('2026-11-30T11:00:00Z'), replicaOf: first });
  const fresh = await replica.get(URL_, bearer(token));
  t.equal(fresh.body, made.body, 'a fresh document has exactly the cached bytes');
  t.equal(fresh.headers['etag'], made.headers['etag'], 'and the same entity tag');
  const keys = await publishedKeys(first);
  const cachedSignature = await verifyPayloadSignature(made.rawPayload, String(made.headers['payload-signature']), keys);
  const freshSignature = await verifyPayloadSignature(fresh.rawPayload, String(fresh.headers['payload-signature']), keys);
  const { sigT: _a, ...cachedHeader } = cachedSignature.header;
  const { sigT: _b, ...freshHeader } = freshSignature.header;
  t.strictSame(freshHeader, cachedHeader, 'the protected headers differ at most in sigT');

  // The application/jose representation of a cached document is that same signature.
  const jose = await first.get(URL_, { ...bearer(token), accept: 'application/jose' });
  t.equal(jose.statusCode, 200);
  const verified = await verifyCompactDocument(jose.body, keys);
  t.equal(Buffer.from(verified.payload).toString('utf8'), made.body, 'JOSE form carries the same bytes');
  t.not(jose.headers['etag'], made.headers['etag'], 'another representation, another entity tag');
});

t.test('after a write the next read shows it, on every replica', async (t) => {
  const a = await startTestService(t);
  const b = await startTestService(t, { replicaOf: a });
  const token = await a.tokenFor(CITIZEN);
  await a.get(URL_, bearer(token));
  const beforeA = await a.get(URL_, bearer(token));
  const beforeB = await b.get(URL_, bearer(token));
  t.equal((await a.get(URL_, bearer(token))).headers['payload-signature'], beforeA.headers['payload-signature'], 'A serves from its cache (kept at the second fetch)');
  t.notOk(hasEvent(beforeB.body, 'cache-test-betaling'));

  // Written through replica A's database connection; B learns of it from the version it
  // reads in the same query as the data.
  await payAgainst(a, 'cache-test-betaling');
  for (const [name, replica] of [['A', a], ['B', b]] as const) {
    const after = await replica.get(URL_, bearer(token));
    t.equal(after.statusCode, 200);
    t.ok(hasEvent(after.body, 'cache-test-betaling'), `replica ${name} shows the write at its next read`);
    t.not(after.headers['etag'], beforeA.headers['etag'], `replica ${name}: a new entity tag`);
  }
});

t.test('If-None-Match with the current ETag is a 304, until the data changes', async (t) => {
  const service = await startTestService(t);
  const token = await service.tokenFor(CITIZEN);
  const res = await service.get(URL_, bearer(token));
  const etag = String(res.headers['etag']);
  t.match(etag, /^"[A-Za-z0-9_-]+"$/, 'a strong entity tag');

  const unchanged = await service.get(URL_, { ...bearer(token), 'if-none-match': etag });
  t.equal(unchanged.statusCode, 304, 'the app already holds this version');
  t.equal(unchanged.body, '', 'no body');
  t.equal(unchanged.headers['etag'], etag);
  t.equal((await service.get(URL_, { ...bearer(token), 'if-none-match': `"other", W/${etag}` })).statusCode, 304, 'listed among others, weakly');
  t.equal((await service.get(URL_, { ...bearer(token), 'if-none-match': '"other"' })).statusCode, 200, 'another tag: the document');

  // Another citizen with the same If-None-Match gets their own document, never a 304.
  const other = await service.tokenFor('999990019');
  const theirs = await service.get(URL_, { ...bearer(other), 'if-none-match': etag });
  t.equal(theirs.statusCode, 200, 'an entity tag is bound to the citizen');
  t.equal((theirs.json() as FinancieleVerplichtingenDocument).onderwerp.bsn, '999990019');

  await payAgainst(service, 'etag-test-betaling');
  const changed = await service.get(URL_, { ...bearer(token), 'if-none-match': etag });
  t.equal(changed.statusCode, 200, 'after a write the old tag no longer matches');
  t.ok(hasEvent(changed.body, 'etag-test-betaling'));
  t.not(changed.headers['etag'], etag);
});

t.test('on a database that says whether anything was committed, an unchanged document costs no query', async (t) => {
  const a = await startTestService(t);
  const marks = a.ctx.db.statements.changeMark;
  if (!marks) {
    // PostgreSQL: no local change signal, so every request reads the version (tested above).
    t.equal(a.ctx.db.provider, 'postgresql', 'only PostgreSQL lacks the change mark');
    return;
  }
  const b = await startTestService(t, { replicaOf: a });
  const token = await a.tokenFor(CITIZEN);
  const reads: string[] = [];
  const first = a.ctx.db.statements.first.bind(a.ctx.db.statements);
  a.ctx.db.statements.first = (name, sql, parameters) => {
    reads.push(name);
    return first(name, sql, parameters);
  };

  await a.get(URL_, bearer(token));
  t.same(reads, ['financiele_zaken_leesmodel_sjabloon'], 'the first request reads the document made ahead at the seeding write (one query)');
  reads.length = 0;
  // A document is kept from its second fetch on: this one reads and signs again, and keeps it.
  const made = await a.get(URL_, bearer(token));
  t.same(reads, ['financiele_zaken_leesmodel_sjabloon'], 'the second as well');
  reads.length = 0;
  const again = await a.get(URL_, bearer(token));
  t.equal(again.headers['payload-signature'], made.headers['payload-signature'], 'the cached document');
  t.same(reads, [], 'nothing committed since: no query at all');
  t.equal((await a.get(URL_, { ...bearer(token), 'if-none-match': String(made.headers['etag']) })).statusCode, 304, 'and a 304 likewise');
  t.same(reads, [], 'without a query');

  // Another citizen's write (through the other replica's connection) moves the mark: the
  // version is read again, found unchanged, and the cached document served.
  const other = await b.tokenFor('999990019');
  await b.get(URL_, bearer(other));
  const { zaken } = await readFinancieleZaken(b.ctx.db, TILBURG, '999990019');
  t.ok(zaken.length > 0, 'the other citizen has zaken at Tilburg');
  const before = marks();
  await insertGebeurtenis(b.ctx.db, TILBURG, {
    gebeurtenis_type: 'GebeurtenisIngetrokken',
    gebeurtenis_kenmerk: 'mark-test-intrekking',
    datumtijd_gebeurtenis: '2026-11-20T10:00:00+01:00',
    zaakkenmerk: zaken[0]!.zaakkenmerk,
    ingetrokken_gebeurtenis_kenmerk: (await readFinancieleZaken(b.ctx.db, TILBURG, '999990019')).gebeurtenissen[0]!.gebeurtenis_kenmerk,
  });
  t.not(marks(), before, 'a commit by another connection moves the mark');
  const afterOther = await a.get(URL_, bearer(token));
  t.same(reads, ['financiele_zaken_leesmodel_versie'], 'the version is read again');
  t.equal(afterOther.headers['payload-signature'], made.headers['payload-signature'], 'unchanged for this citizen: still the cached document');
  reads.length = 0;
  await a.get(URL_, bearer(token));
  t.same(reads, [], 'and then no query again');

  // This citizen's own write: the next read shows it.
  await payAgainst(b, 'mark-test-betaling');
  const after = await a.get(URL_, bearer(token));
  t.ok(hasEvent(after.body, 'mark-test-betaling'), 'the write is shown at the next read');
  t.not(after.headers['etag'], made.headers['etag']);
});

t.test('on PostgreSQL the version reads of concurrent requests go out together, each after its request', async (t) => {
  const a = await startTestService(t);
  if (a.ctx.db.provider !== 'postgresql') {
    t.ok(a.ctx.db.statements.changeMark, 'SQLite answers from its change mark instead (tested above)');
    return;
  }
  const b = await startTestService(t, { replicaOf: a });
  const tokens = await Promise.all(['999993653', '999990019', '999992107'].map((bsn) => a.tokenFor(bsn)));
  // Twice each: a document is kept from its second fetch on.
  for (const token of tokens) for (let fetch = 0; fetch < 2; fetch++) t.equal((await a.get(URL_, bearer(token))).statusCode, 200, 'documents made and cached');
  const queries: string[][] = [];
  const all = a.ctx.db.statements.all.bind(a.ctx.db.statements);
  a.ctx.db.statements.all = (name, sql, parameters) => {
    queries.push([...((parameters.bsns as string[] | undefined) ?? [])]);
    return all(name, sql, parameters);
  };
  const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => a.get(URL_, bearer(tokens[i % 3]!))));
  t.ok(answers.every((res) => res.statusCode === 200), 'every request answered');
  t.ok(queries.length > 0 && queries.length < 30, `30 requests, ${queries.length} version queries`);
  t.ok(queries.every((bsns) => new Set(bsns).size === bsns.length), 'a citizen once per query');

  // A write through the other replica, then concurrent reads: every one shows it.
  await payAgainst(b, 'bundel-test-betaling');
  const after = await Promise.all(Array.from({ length: 10 }, () => a.get(URL_, bearer(tokens[0]!))));
  t.ok(after.every((res) => hasEvent(res.body, 'bundel-test-betaling')), 'each read after the write shows it');
});
