/**
 * The FCID document made ahead (src/documenten/fcid-sjabloon.ts) against the document made
 * at the request: for synthetic citizens and made-at moments spread over their events, a
 * filled template has, at every moment of the span it claims, exactly the bytes the route's
 * own serialiser gives for the fold at that moment; outside the span, for another issuer or
 * format, it gives nothing.
 */
import Fastify from 'fastify';
import t from 'tap';
import { loadContract } from '../../src/contract/contract.js';
import { routeSchemaOf } from '../../src/contract/routes.js';
import { maakFcidSjabloon, uitgeverVingerafdruk, vulFcidSjabloon, type FcidSjabloon, type GelezenFcidSjabloon } from '../../src/documenten/fcid-sjabloon.js';
import { financieleVerplichtingenDocument, type FcidInvoer, type FcidUitgever } from '../../src/documenten/financiele-verplichtingen.js';
import { scaleInwoner } from '../../src/data/seed/scale.js';

const DAY_MS = 86_400_000;
const UITGEVER: FcidUitgever = {
  oin: '00000099000000000001',
  // Not ASCII, as many a real document is not: the slots' offsets count bytes, not characters.
  naam: 'Gemeente Súdwest-Fryslân',
  contactopties: [{ contactvorm: 'telefoon', waarde: '14 013', omschrijving: 'Belastingen "en" heffingen' }],
};

/** The serialiser Fastify compiles for the route's 200 answer: the bytes a fold at the request would be sent as. */
async function routeSerialiser(): Promise<(document: unknown) => string> {
  const contract = loadContract('organisatie');
  const app = Fastify();
  let serialiser: ((document: unknown) => string) | undefined;
  app.get('/', { schema: routeSchemaOf(contract, contract.document.paths['/financiele-verplichtingen']!.get!) }, async (_request, reply) => {
    serialiser = reply.getSerializationFunction('200') as (document: unknown) => string;
    return reply.send('');
  });
  await app.inject({ url: '/' });
  await app.close();
  return serialiser!;
}

/** A synthetic citizen's zaken and events (src/data/seed/scale.ts): ten events and three due dates per zaak, over three months. */
function invoerOf(index: number): { bsn: string; invoer: FcidInvoer } {
  const { bsn, zaken } = scaleInwoner(index, 'tlb');
  return {
    bsn,
    invoer: { zaken: zaken.map(({ gebeurtenissen: _g, ...zaak }) => zaak), gebeurtenissen: zaken.flatMap((z) => z.gebeurtenissen) },
  };
}

/** The template as a request reads it from the database: its text as the UTF-8 bytes stored. */
function gelezen(sjabloon: FcidSjabloon): GelezenFcidSjabloon {
  return { kop: sjabloon.kop, tekst: Buffer.from(sjabloon.tekst, 'utf8') };
}

function spanOf(sjabloon: FcidSjabloon): { vanaf: number; tot: number } {
  const [, , vanaf, tot] = sjabloon.kop.split(';');
  return { vanaf: Number(vanaf), tot: tot === '' ? Number.POSITIVE_INFINITY : Number(tot) };
}

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
}

t.test('a filled template is the fold serialised by the route, at every moment of its span', async (t) => {
  const serialise = await routeSerialiser();
  const fresh = (bsn: string, invoer: FcidInvoer, at: Date) => Buffer.from(serialise(financieleVerplichtingenDocument(UITGEVER, bsn, at, at, invoer)), 'utf8');
  const vingerafdruk = uitgeverVingerafdruk(UITGEVER);
  const next = random(20261201);
  let compared = 0;
  let finite = 0;
  for (let index = 0; index < 40; index++) {
    const { bsn, invoer } = invoerOf(index);
    const times = invoer.gebeurtenissen.map((g) => Date.parse(g.datumtijd_gebeurtenis));
    const first = Math.min(...times);
    const last = Math.max(...times);
    // Made before, between and after the events and due dates (a zaak spans some 90 days).
    for (let k = 0; k < 6; k++) {
      const op = new Date(Math.floor(first - 5 * DAY_MS + next() * (last - first + 130 * DAY_MS)));
      const gemaakt = maakFcidSjabloon(UITGEVER, bsn, invoer, op);
      if (!gemaakt) throw new Error('synthetic events always fold');
      if (Buffer.byteLength(gemaakt.tekst, 'utf8') === gemaakt.tekst.length) throw new Error('the text must hold characters outside ASCII');
      const sjabloon = gelezen(gemaakt);
      const { vanaf, tot } = spanOf(gemaakt);
      t.equal(vanaf, op.getTime(), 'valid from the moment it was made');
      if (Number.isFinite(tot)) finite++;
      // The claimed span, capped: an unbounded claim is checked far beyond every event.
      const end = Math.min(tot, op.getTime() + 400 * DAY_MS);
      const moments = [op.getTime(), op.getTime() + 1, end - 1, ...Array.from({ length: 8 }, () => op.getTime() + Math.floor(next() * (end - op.getTime())))];
      for (const ms of moments) {
        const at = new Date(ms);
        const filled = vulFcidSjabloon(sjabloon, vingerafdruk, at);
        if (!filled?.equals(fresh(bsn, invoer, at))) {
          t.fail(`citizen ${index}, made at ${op.toISOString()}: differs from the fold at ${at.toISOString()}`);
          return;
        }
        compared++;
      }
      t.equal(vulFcidSjabloon(sjabloon, vingerafdruk, new Date(vanaf - 1)), undefined, 'not before it was made');
      if (Number.isFinite(tot)) t.equal(vulFcidSjabloon(sjabloon, vingerafdruk, new Date(tot)), undefined, 'not from its boundary on');
    }
  }
  t.ok(compared >= 2_000, `${compared} moments compared byte for byte`);
  t.ok(finite > 100, 'most templates made among the events end at a boundary');
});

t.test('the span ends at the first moment the fold changes: a new event, or a due date passing', async (t) => {
  const serialise = await routeSerialiser();
  const { bsn, invoer } = invoerOf(7);
  const strip = (body: string) => body.replace(/"(aangemaakt_op|saldo_datumtijd)":"[^"]*"/g, '');
  const times = invoer.gebeurtenissen.map((g) => Date.parse(g.datumtijd_gebeurtenis)).sort((a, b) => a - b);
  // Just after the first event: the second one (a minute later) ends the span exactly.
  const op = new Date(times[0]! + 1);
  const sjabloon = maakFcidSjabloon(UITGEVER, bsn, invoer, op)!;
  t.equal(spanOf(sjabloon).tot, times[1], 'the next event is the boundary');
  const before = serialise(financieleVerplichtingenDocument(UITGEVER, bsn, new Date(times[1]! - 1), new Date(times[1]! - 1), invoer));
  const at = serialise(financieleVerplichtingenDocument(UITGEVER, bsn, new Date(times[1]!), new Date(times[1]!), invoer));
  t.not(strip(at), strip(before), 'and there the document does change');

  // After the last event only due dates lie ahead: the span ends the millisecond after the
  // end of a vervaldatum (Amsterdam), or holds for good once every one has passed.
  const late = new Date(times[times.length - 1]! + 1);
  const lateSpan = spanOf(maakFcidSjabloon(UITGEVER, bsn, invoer, late)!);
  if (Number.isFinite(lateSpan.tot)) {
    t.match(new Date(lateSpan.tot - 1).toISOString(), /T2[23]:59:59\.999Z$/, 'a boundary at the end of an Amsterdam day');
  }
  const afterAll = new Date(times[times.length - 1]! + 400 * DAY_MS);
  t.equal(spanOf(maakFcidSjabloon(UITGEVER, bsn, invoer, afterAll)!).tot, Number.POSITIVE_INFINITY, 'nothing ahead: no end');
});

t.test('another issuer, document version or format: the template is not used', async (t) => {
  const { bsn, invoer } = invoerOf(3);
  const op = new Date('2030-01-01T00:00:00Z');
  const sjabloon = gelezen(maakFcidSjabloon(UITGEVER, bsn, invoer, op)!);
  const vingerafdruk = uitgeverVingerafdruk(UITGEVER);
  t.ok(Buffer.isBuffer(vulFcidSjabloon(sjabloon, vingerafdruk, op)), 'the issuer it was made for');
  for (const other of [
    { ...UITGEVER, naam: 'Gemeente Tilburg (nieuw)' },
    { ...UITGEVER, contactopties: [] },
    { ...UITGEVER, oin: '00000099000000000002' },
  ]) {
    t.equal(vulFcidSjabloon(sjabloon, uitgeverVingerafdruk(other), op), undefined, 'a changed issuer folds afresh');
  }
  t.equal(vulFcidSjabloon({ ...sjabloon, kop: sjabloon.kop.replace(/^2;/, '1;') }, vingerafdruk, op), undefined, 'another format');
});

t.test('slots that do not fit the text (a damaged row): no document, never bytes that were not written', async (t) => {
  const { bsn, invoer } = invoerOf(5);
  const op = new Date('2030-01-01T00:00:00Z');
  const sjabloon = gelezen(maakFcidSjabloon(UITGEVER, bsn, invoer, op)!);
  const vingerafdruk = uitgeverVingerafdruk(UITGEVER);
  const kop = sjabloon.kop.split(';');
  const withSlots = (slots: string) => ({ ...sjabloon, kop: [...kop.slice(0, 4), slots].join(';') });
  const slots = kop[4]!.split(',');
  t.ok(vulFcidSjabloon(withSlots(slots.join(',')), vingerafdruk, op), 'the slots as made fit');
  t.equal(vulFcidSjabloon(withSlots([...slots, String(sjabloon.tekst.length + 1)].join(',')), vingerafdruk, op), undefined, 'a slot past the end');
  t.equal(vulFcidSjabloon(withSlots([...slots].reverse().join(',')), vingerafdruk, op), undefined, 'slots out of order');
  t.equal(vulFcidSjabloon(withSlots([...slots, '-1'].join(',')), vingerafdruk, op), undefined, 'a negative slot');
  t.equal(vulFcidSjabloon(withSlots([...slots, 'x'].join(',')), vingerafdruk, op), undefined, 'a slot that is no number');
});

t.test('events that cannot be folded make no template', async (t) => {
  const { bsn, invoer } = invoerOf(1);
  const doubled = { ...invoer, zaken: [...invoer.zaken, invoer.zaken[0]!] };
  t.equal(maakFcidSjabloon(UITGEVER, bsn, doubled, new Date('2030-01-01T00:00:00Z')), null, 'a zaak listed twice');
});
