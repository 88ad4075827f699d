/**
 * The service answers the FCID document from the template its last write made (see
 * src/documenten/fcid-sjabloon.ts) while that holds, and folds otherwise: for a peildatum,
 * outside the template's span (which makes it anew), and after a write (which makes a new one). To tell the two
 * paths apart the test marks a stored template; the document the route serves then carries
 * the mark. SQLite, or PostgreSQL when DATABASE_URL points there.
 */
import t from 'tap';
import { insertGebeurtenis, readFinancieleZaken, vernieuwLeesmodelSjabloon } from '../../../src/data/financiele-zaken.js';
import { formatRfc3339Amsterdam } from '../../../src/domain/time.js';
import type { components } from '../../../src/generated/api.js';
import { bearer, startTestService, TILBURG, type TestService } from '../../helpers/service.js';

type FinancieleVerplichtingenDocument = components['schemas']['FinancieleVerplichtingenDocument'];

const CITIZEN = '999993653';
const URL_ = '/v1/financiele-verplichtingen';
/** The mark: the issuer's name in capitals, as long as the name itself, so the template's slot offsets still hold. */
const marked = (naam: string) => naam.toUpperCase();

async function leesmodelRij(service: TestService) {
  const row = await service.ctx.db.prisma.financieleZakenLeesmodel.findFirst({
    where: { citizen: { bsn: CITIZEN }, organisation: { oin: TILBURG } },
  });
  if (!row?.sjabloon || !row.sjabloonKop) throw new Error('the seeded citizen has no template');
  const [, , vanaf, tot] = row.sjabloonKop.split(';');
  return { row, vanaf: Number(vanaf), tot: tot === '' ? undefined : Number(tot) };
}

/** Marks the issuer's name in the stored template only: a document with the mark came from there. */
async function markTemplate(service: TestService): Promise<void> {
  const { row } = await leesmodelRij(service);
  const naam = service.ctx.organisation.naam;
  await service.ctx.db.prisma.financieleZakenLeesmodel.update({
    where: { organisationId_citizenId: { organisationId: row.organisationId, citizenId: row.citizenId } },
    data: { sjabloon: row.sjabloon!.replace(`"naam":"${naam}"`, `"naam":"${marked(naam)}"`) },
  });
}

const uitgeverOf = (body: string) => (JSON.parse(body) as FinancieleVerplichtingenDocument).uitgever.naam;

t.test('within its span the stored template is the document; outside it, and for a peildatum, the fold is', async (t) => {
  const seeded = await startTestService(t);
  const { vanaf, tot } = await leesmodelRij(seeded);
  await markTemplate(seeded);
  const naam = seeded.ctx.organisation.naam;
  t.not(marked(naam), naam, 'the mark shows');

  // A replica whose clock stands at the moment the template was made: it holds.
  const within = await startTestService(t, { now: () => new Date(vanaf), replicaOf: seeded });
  const token = await within.tokenFor(CITIZEN);
  const served = await within.get(URL_, bearer(token));
  t.equal(served.statusCode, 200);
  t.equal(uitgeverOf(served.body), marked(naam), 'served from the template');
  const document = JSON.parse(served.body) as FinancieleVerplichtingenDocument;
  const moment = formatRfc3339Amsterdam(new Date(vanaf));
  t.equal(document.aangemaakt_op, moment, 'its slots hold the moment of the request');
  t.ok([document.gegevens.saldo_datumtijd, ...document.gegevens.financiele_zaken.map((z) => z.saldo_datumtijd)].every((s) => s === moment));

  // A peildatum names another moment: folded, and the template stays as it is.
  const kop = (await leesmodelRij(seeded)).row.sjabloonKop;
  const dated = await within.get(`${URL_}?peildatum=${moment.slice(0, 10)}`, bearer(token));
  t.equal(dated.statusCode, 200);
  t.equal(uitgeverOf(dated.body), naam, 'for a peildatum the fold runs');
  t.equal((await leesmodelRij(seeded)).row.sjabloonKop, kop, 'a peildatum renews nothing');

  // Before the template was made, and from its boundary on: folded.
  const before = await startTestService(t, { now: () => new Date(vanaf - 1), replicaOf: seeded });
  t.equal(uitgeverOf((await before.get(URL_, bearer(token))).body), naam, 'not before it was made');
  if (tot !== undefined) {
    const after = await startTestService(t, { now: () => new Date(tot), replicaOf: seeded });
    t.equal(uitgeverOf((await after.get(URL_, bearer(token))).body), naam, 'not from its boundary on');
  }
});

t.test('a request the template does not hold for makes it anew, for the same data version', async (t) => {
  const seeded = await startTestService(t);
  const made = await leesmodelRij(seeded);
  await markTemplate(seeded);
  const naam = seeded.ctx.organisation.naam;
  // An hour before the template was made (a replica's clock behind, or a span that passed).
  const earlier = new Date(made.vanaf - 3_600_000);
  const replica = await startTestService(t, { now: () => earlier, replicaOf: seeded });
  const token = await replica.tokenFor(CITIZEN);
  t.equal(uitgeverOf((await replica.get(URL_, bearer(token))).body), naam, 'it does not hold then: folded');
  const renewed = await leesmodelRij(seeded);
  t.equal(renewed.vanaf, earlier.getTime(), 'and made anew at that moment');
  t.equal(renewed.row.versie, made.row.versie, 'the data version stays');

  // The next cold request (a replica without cached documents) fills the new one in.
  await markTemplate(seeded);
  const next = await startTestService(t, { now: () => earlier, replicaOf: seeded });
  t.equal(uitgeverOf((await next.get(URL_, bearer(token))).body), marked(naam), 'the next request is served from it');
});

t.test('a template stored in an earlier format is not filled in: the request folds and makes it anew', async (t) => {
  const seeded = await startTestService(t);
  await markTemplate(seeded);
  const made = await leesmodelRij(seeded);
  // As the release before wrote it: format 1, whose slots counted characters, not bytes.
  await seeded.ctx.db.prisma.financieleZakenLeesmodel.update({
    where: { organisationId_citizenId: { organisationId: made.row.organisationId, citizenId: made.row.citizenId } },
    data: { sjabloonKop: made.row.sjabloonKop!.replace(/^2;/, '1;') },
  });
  const naam = seeded.ctx.organisation.naam;
  const replica = await startTestService(t, { now: () => new Date(made.vanaf), replicaOf: seeded });
  const token = await replica.tokenFor(CITIZEN);
  t.equal(uitgeverOf((await replica.get(URL_, bearer(token))).body), naam, 'folded, not filled in');
  const renewed = await leesmodelRij(seeded);
  t.match(renewed.row.sjabloonKop, /^2;/, 'made anew in the current format');
  t.equal(renewed.row.versie, made.row.versie, 'the data version stays');
});

t.test('a write makes the template anew, in the same transaction as the data', async (t) => {
  const service = await startTestService(t);
  await markTemplate(service);
  const { zaken, gebeurtenissen } = await readFinancieleZaken(service.ctx.db, TILBURG, CITIZEN);
  const opgelegd = gebeurtenissen.find((g) => g.zaakkenmerk === zaken[0]!.zaakkenmerk && g.gebeurtenis_type === 'BetalingsverplichtingOpgelegd') as
    | { betalingskenmerk: string }
    | undefined;
  await insertGebeurtenis(service.ctx.db, TILBURG, {
    gebeurtenis_type: 'BetalingVerwerkt',
    gebeurtenis_kenmerk: 'sjabloon-test-betaling',
    datumtijd_gebeurtenis: '2026-11-20T10:00:00+01:00',
    zaakkenmerk: zaken[0]!.zaakkenmerk,
    betalingskenmerk: opgelegd!.betalingskenmerk,
    datumtijd_ontvangen: '2026-11-20T09:59:00+01:00',
    bedrag: 100,
  });
  const { row, vanaf } = await leesmodelRij(service);
  t.notMatch(row.sjabloon, marked(service.ctx.organisation.naam), 'the marked template is gone');
  t.match(row.sjabloon, 'sjabloon-test-betaling', 'the new one has the new event');

  // A renewal made from the data before the write does not overwrite what the write made.
  const stale = await vernieuwLeesmodelSjabloon(service.ctx.db, { organisationId: row.organisationId, citizenId: row.citizenId, versie: row.versie - 1 }, CITIZEN, service.ctx.organisation, { zaken, gebeurtenissen }, new Date(vanaf + 1));
  t.equal(stale, false, 'a renewal for an older data version writes nothing');
  t.equal((await leesmodelRij(service)).row.sjabloon, row.sjabloon, 'the template is the one the write made');

  const now = await startTestService(t, { now: () => new Date(vanaf), replicaOf: service });
  const served = await now.get(URL_, bearer(await now.tokenFor(CITIZEN)));
  t.equal(served.statusCode, 200);
  t.match(served.body, 'sjabloon-test-betaling', 'the next read shows the write');
});
