/**
 * The two reads of a document request stay indexed look-ups however many citizens there
 * are: no full scan of the citizens or of the read model. SQLite's plan is the same at any
 * size; PostgreSQL's depends on its statistics, so the test gives it a population (and
 * ANALYZE) large enough that a scan would be chosen if an index were missing. SQLite, or
 * PostgreSQL when DATABASE_URL points there; bench:scale prints the same plans at scale.
 */
import t from 'tap';
import { leesmodelQueries, LEESMODEL_VERSIES_QUERY } from '../../src/data/financiele-zaken.js';
import { DEFAULT_ORGANISATION_OIN } from '../../src/config.js';
import { scaleBsn, seedScale } from '../../src/data/seed/scale.js';
import { createTestDatabase } from '../helpers/database.js';

t.test('the document reads use indexes, never a scan of the large tables', async (t) => {
  const db = await createTestDatabase();
  t.teardown(() => db.close());
  await seedScale(db, { oin: DEFAULT_ORGANISATION_OIN, citizens: 3_000 });
  if (db.provider === 'postgresql') await db.prisma.$executeRawUnsafe('ANALYZE');
  for (const [name, sql] of Object.entries(leesmodelQueries(db.provider))) {
    const plan = await db.statements.plan(sql, { bsn: scaleBsn(1_234), oin: DEFAULT_ORGANISATION_OIN });
    const text = plan.join('\n');
    t.comment(`${name} (${db.provider}):\n${text}`);
    if (db.provider === 'sqlite') {
      t.ok(plan.length >= 3, `${name}: a step per table`);
      t.ok(plan.every((line) => /^SEARCH .* USING (COVERING |INTEGER PRIMARY KEY|PRIMARY KEY|INDEX)/.test(line)), `${name}: every step an indexed search`);
    } else {
      t.notMatch(text, /Seq Scan on (citizen|financiele_zaken_leesmodel)\b/, `${name}: no scan of the citizens or the read model`);
      t.match(text, /Index (Only )?Scan using citizen_bsn_key/, `${name}: the citizen by the BSN's unique index`);
      t.match(plan[0], /rows=1 loops=1\)$/, `${name}: one row`);
    }
  }
  if (db.provider === 'postgresql') {
    // The batched version read of concurrent requests (PostgreSQL only): a list of BSNs.
    const bsns = [1, 1_234, 2_999].map((i) => scaleBsn(i));
    const plan = (await db.statements.plan(LEESMODEL_VERSIES_QUERY, { bsns, oin: DEFAULT_ORGANISATION_OIN })).join('\n');
    t.comment(`versies (postgresql):\n${plan}`);
    t.notMatch(plan, /Seq Scan on (citizen|financiele_zaken_leesmodel)\b/, 'versies: no scan of the citizens or the read model');
    // An index scan or, for a few keys, a bitmap scan of the same index: either way the index.
    t.match(plan, /(Index (Only )?Scan using|Bitmap Index Scan on) citizen_bsn_key/, 'versies: the citizens by the BSN index');
    t.match(plan.split('\n')[0], /rows=3 loops=1\)$/, 'versies: a row per BSN');
  }
});
