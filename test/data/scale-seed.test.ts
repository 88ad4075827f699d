/**
 * The synthetic population of `npm run seed:scale`: valid, distinct, deterministic BSNs;
 * contract-valid events that fold; a read model equal to the tables; vehicles at the RDW.
 */
import t from 'tap';
import { loadFinancieleZaken, readFinancieleZaken } from '../../src/data/financiele-zaken.js';
import { loadVoertuigen } from '../../src/data/rdw.js';
import { OIN } from '../../src/data/seed/index.js';
import { scaleBsn, scaleInwoner, seedScale } from '../../src/data/seed/scale.js';
import { foldFinancieleVerplichtingen } from '../../src/fcid/index.js';
import { schemaErrors } from '../helpers/contract.js';
import { createTestDatabase, sjabloonSpannen } from '../helpers/database.js';

/** The 11-check, written out here independently of the code under test. */
function elfproef(bsn: string): boolean {
  if (!/^\d{9}$/.test(bsn)) return false;
  const d = [...bsn].map(Number);
  return (9 * d[0]! + 8 * d[1]! + 7 * d[2]! + 6 * d[3]! + 5 * d[4]! + 4 * d[5]! + 3 * d[6]! + 2 * d[7]! - d[8]!) % 11 === 0;
}

t.test('BSNs: valid by the 11-check, distinct, deterministic, apart from the demo', async (t) => {
  const seen = new Set<string>();
  for (const index of [...Array.from({ length: 20_000 }, (_, i) => i), 999_999, 1_000_000, 5_000_000]) {
    const bsn = scaleBsn(index);
    if (!elfproef(bsn)) t.fail(`citizen ${index}: ${bsn} fails the 11-check`);
    if (bsn.startsWith('9999')) t.fail(`citizen ${index}: ${bsn} in the demo range`);
    seen.add(bsn);
  }
  t.equal(seen.size, 20_003, 'all distinct');
  t.equal(scaleBsn(12_345), scaleBsn(12_345));
  t.strictSame(scaleInwoner(77, 'tlb'), scaleInwoner(77, 'tlb'), 'same citizen, same data');
});

t.test('events are contract-valid and fold; about 20 per citizen', async (t) => {
  for (let index = 0; index < 200; index += 7) {
    const inwoner = scaleInwoner(index, 'tlb');
    const gebeurtenissen = inwoner.zaken.flatMap((z) => z.gebeurtenissen);
    t.equal(gebeurtenissen.length, 20);
    for (const g of gebeurtenissen) {
      const errors = schemaErrors('Gebeurtenis', g);
      if (errors.length) t.fail(`${g.gebeurtenis_kenmerk}: ${errors.join('; ')}`);
    }
    const zaken = inwoner.zaken.map(({ gebeurtenissen: _g, ...zaak }) => zaak);
    const gegevens = foldFinancieleVerplichtingen({ gebeurtenissen, zaken, contactopties: [], peilmoment: new Date('2026-11-30T12:00:00Z') });
    t.same(schemaErrors('FinancieleVerplichtingen', gegevens), [], `citizen ${index}: the fold is a valid document body`);
  }
});

t.test('seeded in batches: read model equals the tables; vehicles at the RDW', async (t) => {
  const db = await createTestDatabase();
  t.teardown(() => db.close());
  const progress: number[] = [];
  const counts = await seedScale(db, { oin: OIN.tilburg, citizens: 25, batchSize: 10, rdwOin: OIN.rdw, onProgress: (done) => progress.push(done) });
  t.strictSame(progress, [10, 20, 25], 'progress per batch');
  t.strictSame(counts, { citizens: 25, zaken: 50, gebeurtenissen: 500, voertuigen: 13 });
  for (let index = 0; index < 25; index++) {
    const bsn = scaleBsn(index);
    const fromTables = await loadFinancieleZaken(db, OIN.tilburg, bsn);
    const { versie, ...fromReadModel } = await readFinancieleZaken(db, OIN.tilburg, bsn);
    t.equal(versie, 1);
    t.strictSame(fromReadModel, fromTables, `citizen ${index}: read model equals the tables`);
    t.equal(fromTables.gebeurtenissen.length, 20);
    const voertuigen = await loadVoertuigen(db, OIN.rdw, bsn);
    t.equal(voertuigen.length, index % 2 === 0 ? 1 : 0, `citizen ${index}: vehicles`);
    for (const v of voertuigen) t.same(schemaErrors('Voertuig', v), []);
  }
  const spannen = await sjabloonSpannen(db, OIN.tilburg);
  t.ok(spannen.length >= 25, 'every seeded citizen has a template');
  t.strictSame(spannen.map((s) => s.kolom), spannen.map((s) => s.kop), "each template's span end is in its indexed column too");
  if (db.provider === 'postgresql') {
    // The load ends with VACUUM (ANALYZE) of what it wrote, in this schema only.
    const rows = await db.prisma.$queryRawUnsafe<{ relname: string }[]>(
      `SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema() AND last_vacuum IS NOT NULL AND last_analyze IS NOT NULL ORDER BY relname`,
    );
    t.strictSame(rows.map((r) => r.relname), ['citizen', 'financiele_zaak', 'financiele_zaken_leesmodel', 'gebeurtenis', 'voertuig', 'zaak_contactoptie'].filter((name) => rows.some((r) => r.relname === name)), 'no table it did not write (a VACUUM without a table would take them all)');
    t.ok(['citizen', 'gebeurtenis', 'financiele_zaken_leesmodel', 'voertuig'].every((name) => rows.some((r) => r.relname === name)), 'the loaded tables were vacuumed and analysed');
  }
  await t.rejects(seedScale(db, { oin: OIN.tilburg, citizens: 1 }), 'a second run over the same citizens is refused');
});
