/**
 * The bulk renewal of FCID templates whose span has passed (src/roles/organisatie/sjabloon-vernieuwer.ts):
 * it finds them by the indexed end of their span, makes them anew as of now for the same data
 * version, so that a citizen's next cold request fills one in instead of folding; it goes on
 * past a row it cannot renew, and it runs by itself in a started service. SQLite, or
 * PostgreSQL when DATABASE_URL points there.
 */
import t from 'tap';
import { insertGebeurtenis, readFinancieleZaken, vernieuwLeesmodelSjabloon } from '../../../src/data/financiele-zaken.js';
import { SjabloonVernieuwer } from '../../../src/roles/organisatie/sjabloon-vernieuwer.js';
import type { components } from '../../../src/generated/api.js';
import { sjabloonSpannen } from '../../helpers/database.js';
import { opgelegd } from '../../helpers/fcid-builders.js';
import { bearer, startTestService, TILBURG, type TestService } from '../../helpers/service.js';

type FinancieleVerplichtingenDocument = components['schemas']['FinancieleVerplichtingenDocument'];

const URL_ = '/v1/financiele-verplichtingen';

/** The read model rows of the organisation, as the renewal sees them. */
async function rijen(service: TestService) {
  return service.ctx.db.prisma.financieleZakenLeesmodel.findMany({
    where: { organisation: { oin: TILBURG } },
    select: { organisationId: true, citizenId: true, versie: true, sjabloonKop: true, sjabloon: true, sjabloonTot: true, citizen: { select: { bsn: true } } },
    orderBy: { citizenId: 'asc' },
  });
}

/**
 * Makes every citizen's template anew as of 1 January 2020, before any demo event: each then
 * ends at its citizen's first event. Returns those ends, earliest first.
 */
async function sjablonenVan2020(service: TestService): Promise<number[]> {
  const op = new Date('2020-01-01T00:00:00Z');
  for (const row of await rijen(service)) {
    const { versie, ...zaken } = await readFinancieleZaken(service.ctx.db, TILBURG, row.citizen.bsn);
    await vernieuwLeesmodelSjabloon(service.ctx.db, { organisationId: row.organisationId, citizenId: row.citizenId, versie }, row.citizen.bsn, service.ctx.organisation, zaken, op);
  }
  const eindes = (await sjabloonSpannen(service.ctx.db, TILBURG)).flatMap((s) => (s.kolom === null ? [] : [s.kolom]));
  if (new Set(eindes).size < 2) throw new Error('the demo data has too few citizens with events');
  return eindes.sort((a, b) => a - b);
}

/** A second after the last of them: every template has ended. */
async function naAlleEindes(service: TestService): Promise<Date> {
  return new Date((await sjablonenVan2020(service)).at(-1)! + 1_000);
}

t.test('every row is written with the end of its span in the indexed column', async (t) => {
  const service = await startTestService(t);
  const seeded = await sjabloonSpannen(service.ctx.db, TILBURG);
  t.ok(seeded.some((s) => s.kop !== null), 'some seeded templates have an end');
  t.strictSame(seeded.map((s) => s.kolom), seeded.map((s) => s.kop), 'the seed writes it');

  const bsn = (await rijen(service)).find((r) => r.sjabloonTot !== null)!.citizen.bsn;
  const { zaken } = await readFinancieleZaken(service.ctx.db, TILBURG, bsn);
  // A dated event a year ahead: the template of this write ends when it becomes part of the document.
  await insertGebeurtenis(
    service.ctx.db,
    TILBURG,
    opgelegd('vernieuwer-test-later', '2027-12-01T10:00:00+01:00', 'vernieuwer-test-verplichting', 12_345, { zaakkenmerk: zaken[0]!.zaakkenmerk, bsn }),
  );
  const written = await sjabloonSpannen(service.ctx.db, TILBURG);
  t.strictSame(written.map((s) => s.kolom), written.map((s) => s.kop), 'a write writes it');
  const row = (await rijen(service)).find((r) => r.citizen.bsn === bsn)!;
  t.ok(row.sjabloonTot !== null && Number(row.sjabloonTot) <= Date.parse('2027-12-01T09:00:00Z'), 'the span of that template ends no later than the dated event');
});

t.test('a pass renews every template whose span has passed, as of now, for the same data version, in batches', async (t) => {
  const seeded = await startTestService(t);
  // Just before the last end: every template but the last one (or ones) has ended.
  const nu = new Date((await sjablonenVan2020(seeded)).at(-1)! - 1);
  const voor = await rijen(seeded);
  const verlopen = voor.filter((r) => r.sjabloonTot !== null && Number(r.sjabloonTot) <= nu.getTime());
  t.ok(verlopen.length >= 1 && verlopen.length < voor.length, `${verlopen.length} of ${voor.length} templates have ended by then`);

  // A replica whose clock stands after every span; batches of two, so the pass pages through ties.
  const replica = await startTestService(t, { now: () => nu, replicaOf: seeded });
  const vernieuwer = new SjabloonVernieuwer(replica.ctx, { intervalMs: 60_000, batch: 2 });
  t.strictSame(await vernieuwer.ronde(), { bekeken: verlopen.length, vernieuwd: verlopen.length, mislukt: 0 }, 'each ended template once, each renewed');

  const na = await rijen(seeded);
  for (const row of na) {
    const eerder = voor.find((r) => r.citizenId === row.citizenId)!;
    t.equal(row.versie, eerder.versie, `citizen ${row.citizenId}: the data version stays`);
    if (!verlopen.includes(eerder)) {
      t.equal(row.sjabloonKop, eerder.sjabloonKop, `citizen ${row.citizenId}: a template that still held is left as it was`);
      continue;
    }
    t.equal(Number(row.sjabloonKop!.split(';')[2]), nu.getTime(), `citizen ${row.citizenId}: made anew as of now`);
    t.ok(row.sjabloonTot === null || Number(row.sjabloonTot) > nu.getTime(), `citizen ${row.citizenId}: its new span lies ahead`);
  }
  const spannen = await sjabloonSpannen(seeded.ctx.db, TILBURG);
  t.strictSame(spannen.map((s) => s.kolom), spannen.map((s) => s.kop), 'the renewal writes the end of the new span too');
  t.strictSame(await vernieuwer.ronde(), { bekeken: 0, vernieuwd: 0, mislukt: 0 }, 'the next pass finds nothing');

  // A cold request now fills in the renewed template: mark it (the issuer's name in capitals,
  // same length) and a fresh replica serves the mark.
  const bsn = verlopen[0]!.citizen.bsn;
  const naam = seeded.ctx.organisation.naam;
  const row = na.find((r) => r.citizen.bsn === bsn)!;
  await seeded.ctx.db.prisma.financieleZakenLeesmodel.updateMany({
    where: { citizenId: row.citizenId, organisation: { oin: TILBURG } },
    data: { sjabloon: row.sjabloon!.replace(`"naam":"${naam}"`, `"naam":"${naam.toUpperCase()}"`) },
  });
  const cold = await startTestService(t, { now: () => nu, replicaOf: seeded });
  const served = await cold.get(URL_, bearer(await cold.tokenFor(bsn)));
  t.equal(served.statusCode, 200);
  t.equal((JSON.parse(served.body) as FinancieleVerplichtingenDocument).uitgever.naam, naam.toUpperCase(), 'served from the renewed template, without a fold');
});

t.test('a row that cannot be renewed is reported once and passed over; the others are renewed', async (t) => {
  const seeded = await startTestService(t);
  const nu = await naAlleEindes(seeded);
  const verlopen = (await rijen(seeded)).filter((r) => r.sjabloonTot !== null);
  // Data no fold can read: its renewal throws.
  await seeded.ctx.db.prisma.financieleZakenLeesmodel.updateMany({
    where: { citizenId: verlopen[0]!.citizenId, organisation: { oin: TILBURG } },
    data: { gegevens: '{not json' },
  });
  const replica = await startTestService(t, { now: () => nu, replicaOf: seeded });
  const fouten: unknown[] = [];
  const vernieuwer = new SjabloonVernieuwer(replica.ctx, { intervalMs: 60_000, batch: 1, onFout: (error) => fouten.push(error) });
  t.strictSame(await vernieuwer.ronde(), { bekeken: verlopen.length, vernieuwd: verlopen.length - 1, mislukt: 1 }, 'the pass goes on past it, and ends');
  t.equal(fouten.length, 1, 'reported once');
  t.type(fouten[0], SyntaxError);
  t.strictSame(await vernieuwer.ronde(), { bekeken: 1, vernieuwd: 0, mislukt: 1 }, 'the next pass tries that row again, and only it');
});

t.test('a started service sweeps by itself, and counts it in its metrics', async (t) => {
  const seeded = await startTestService(t);
  const nu = await naAlleEindes(seeded);
  const verlopen = (await rijen(seeded)).filter((r) => r.sjabloonTot !== null).length;
  const replica = await startTestService(t, { now: () => nu, replicaOf: seeded, env: { FCID_SJABLOON_VERNIEUWING_SECONDEN: '1' } });
  await replica.app.ready();
  const deadline = Date.now() + 10_000;
  let metric = '';
  while (Date.now() < deadline) {
    metric = (await replica.app.inject({ method: 'GET', url: '/metrics' })).body;
    if (metric.includes(`bk_fcid_sjablonen_vernieuwd_total{uitkomst="vernieuwd"} ${verlopen}`)) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  t.match(metric, `bk_fcid_sjablonen_vernieuwd_total{uitkomst="vernieuwd"} ${verlopen}`, 'every ended template renewed, and counted');
  t.ok((await rijen(seeded)).every((r) => r.sjabloonTot === null || Number(r.sjabloonTot) > nu.getTime()), 'none has ended any more');
  await replica.app.close();
  t.pass('it stops with the service');
});
