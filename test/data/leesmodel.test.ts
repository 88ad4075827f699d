/**
 * The FCID read model (financiele_zaken_leesmodel) holds exactly what the tables hold, for
 * every demo citizen at every organisation, after seeding and after further writes; its
 * data version rises with every write; and a database written before the read model
 * existed gets it at start-up. SQLite, or PostgreSQL when DATABASE_URL points there.
 */
import t from 'tap';
import { insertFinancieleZaak, insertGebeurtenis, loadFinancieleZaken, readFinancieleZaken } from '../../src/data/financiele-zaken.js';
import { openDatabase } from '../../src/data/open.js';
import { DEMO_CITIZENS, DEMO_ORGANISATIONS, OIN } from '../../src/data/seed/index.js';
import { foldFinancieleVerplichtingen } from '../../src/fcid/index.js';
import { createTestDatabase } from '../helpers/database.js';

const PEILMOMENT = new Date('2026-11-30T12:00:00Z');

t.test('the read model equals the tables, and so does the fold over it', async (t) => {
  const db = await createTestDatabase();
  t.teardown(() => db.close());
  let compared = 0;
  for (const organisation of DEMO_ORGANISATIONS) {
    for (const { bsn } of DEMO_CITIZENS) {
      const fromTables = await loadFinancieleZaken(db, organisation.oin, bsn);
      const { versie, ...fromReadModel } = await readFinancieleZaken(db, organisation.oin, bsn);
      t.strictSame(fromReadModel, fromTables, `${organisation.code}: read model of a citizen`);
      t.equal(versie === 0, fromTables.zaken.length === 0, 'version 0 exactly when nothing was written');
      const fold = (data: typeof fromTables) =>
        foldFinancieleVerplichtingen({ ...data, contactopties: organisation.contactopties, peilmoment: PEILMOMENT });
      t.strictSame(fold(fromReadModel), fold(fromTables), 'same fold');
      if (fromTables.zaken.length > 0) compared++;
    }
  }
  t.ok(compared >= 5, `${compared} citizens with zaken compared`);
});

t.test('every write raises the data version and rewrites the read model', async (t) => {
  const db = await createTestDatabase();
  t.teardown(() => db.close());
  const bsn = '999993653';
  const before = await readFinancieleZaken(db, OIN.tilburg, bsn);
  const zaak = before.zaken[0]!;
  const betaling = before.gebeurtenissen.find((g) => g.zaakkenmerk === zaak.zaakkenmerk && g.gebeurtenis_type === 'BetalingsverplichtingOpgelegd');
  t.ok(betaling, 'a payment obligation to pay against');
  await insertGebeurtenis(db, OIN.tilburg, {
    gebeurtenis_type: 'BetalingVerwerkt',
    gebeurtenis_kenmerk: 'leesmodel-test-betaling',
    datumtijd_gebeurtenis: '2026-11-20T10:00:00+01:00',
    zaakkenmerk: zaak.zaakkenmerk,
    betalingskenmerk: (betaling as { betalingskenmerk: string }).betalingskenmerk,
    datumtijd_ontvangen: '2026-11-20T09:59:00+01:00',
    bedrag: 100,
  });
  const after = await readFinancieleZaken(db, OIN.tilburg, bsn);
  t.equal(after.versie, before.versie + 1, 'one write, one version');
  t.ok(after.gebeurtenissen.some((g) => g.gebeurtenis_kenmerk === 'leesmodel-test-betaling'), 'the new event is in the read model');
  const { versie: _v, ...rest } = after;
  t.strictSame(rest, await loadFinancieleZaken(db, OIN.tilburg, bsn), 'and it still equals the tables');
  t.equal((await readFinancieleZaken(db, OIN.cak, bsn)).versie, (await readFinancieleZaken(db, OIN.cak, bsn)).versie, 'other organisation untouched');

  // A new citizen gets a read model with the first write.
  await insertFinancieleZaak(db, OIN.tilburg, '999990019', { zaakkenmerk: 'leesmodel-test-zaak' });
  const fresh = await readFinancieleZaken(db, OIN.tilburg, '999990019');
  t.ok(fresh.zaken.some((z) => z.zaakkenmerk === 'leesmodel-test-zaak'));
  t.strictSame({ zaken: fresh.zaken, gebeurtenissen: fresh.gebeurtenissen }, await loadFinancieleZaken(db, OIN.tilburg, '999990019'));

  // A failed write changes nothing: the version claim rolls back with it.
  const versie = (await readFinancieleZaken(db, OIN.tilburg, bsn)).versie;
  await t.rejects(
    insertGebeurtenis(db, OIN.tilburg, {
      gebeurtenis_type: 'GebeurtenisIngetrokken',
      gebeurtenis_kenmerk: 'leesmodel-test-intrekking',
      datumtijd_gebeurtenis: '2026-11-20T10:00:00+01:00',
      zaakkenmerk: zaak.zaakkenmerk,
      ingetrokken_gebeurtenis_kenmerk: 'bestaat-niet',
    }),
  );
  t.equal((await readFinancieleZaken(db, OIN.tilburg, bsn)).versie, versie, 'no version for a refused write');
});

t.test('a database written before the read model existed gets it at start-up', async (t) => {
  const db = await createTestDatabase();
  t.teardown(() => db.close());
  const bsn = '999993653';
  const expected = await loadFinancieleZaken(db, OIN.tilburg, bsn);
  await db.prisma.financieleZakenLeesmodel.deleteMany({});
  t.equal((await readFinancieleZaken(db, OIN.tilburg, bsn)).versie, 0, 'read model gone');
  const reopened = await openDatabase({ ...(db.databaseUrl ? { databaseUrl: db.databaseUrl } : {}), dataDir: db.dataDir, seed: true });
  t.teardown(() => reopened.close());
  const { versie, ...data } = await readFinancieleZaken(reopened, OIN.tilburg, bsn);
  t.equal(versie, 1);
  t.strictSame(data, expected, 'rebuilt from the tables');
});
