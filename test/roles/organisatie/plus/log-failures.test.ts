/** Issue 8: confidential lookups, a failing log write, and no BSN in any SET. Each a refusal and nothing lost. */
import t from 'tap';
import { findToestemming } from '../../../../src/data/plus.js';
import { json } from '../../../helpers/centraal.js';
import { BURGER, citizen, outbox, startPlus } from '../../../helpers/plus.js';

t.test('14. a confidential lookup is never notified, not shown, and leaves no gap in the sequence', async (t) => {
  const plus = await startPlus(t);
  const { toestemming } = await plus.verleen(BURGER);
  const headers = await citizen(plus);
  const before = json(await plus.rdw.request({ method: 'GET', url: '/v1/rijbewijs', headers })) as { gegevens: { raadplegingen: unknown[] } };
  t.equal((await plus.raadpleging({ vertrouwelijk: true })).gebeurtenissen, 0);
  await plus.raadpleging();
  const rows = await outbox(plus, toestemming.toestemming_id);
  t.same(rows.map((r) => r.volgnummer), [1, 2], 'no number used by the confidential one');
  const after = json(await plus.rdw.request({ method: 'GET', url: '/v1/rijbewijs', headers })) as { gegevens: { raadplegingen: unknown[] } };
  t.equal(after.gegevens.raadplegingen.length, before.gegevens.raadplegingen.length + 1, 'only the ordinary one is in the citizen\'s document');
  const log = json(await plus.rdw.request({ method: 'GET', url: '/v1/verwerkingen', headers })) as { verwerkingen: { operatie: string }[] };
  t.equal(log.verwerkingen.filter((v) => v.operatie === 'rijbewijs-raadplegen').length, 1);
  t.equal(await plus.rdw.ctx.db.prisma.raadpleging.count({ where: { vertrouwelijk: true } }), 1, 'but the register has it');
});

t.test('15. the log write fails: no event, no answer, nothing changed', async (t) => {
  const plus = await startPlus(t);
  const { toestemming } = await plus.verleen(BURGER);
  const db = plus.rdw.ctx.db.prisma;
  const registerBefore = await db.raadpleging.count();
  await db.$executeRawUnsafe('ALTER TABLE verwerking RENAME TO verwerking_weg');
  t.teardown(() => db.$executeRawUnsafe('ALTER TABLE verwerking_weg RENAME TO verwerking').catch(() => undefined));
  await t.rejects(plus.raadpleging(), /verwerkingenlogboek kan niet worden bijgewerkt/);
  t.equal(await db.raadpleging.count(), registerBefore, 'the raadpleging itself was rolled back');
  t.equal((await outbox(plus, toestemming.toestemming_id)).length, 1, 'no event');
  const revoke = await plus.rdw.request({ method: 'POST', url: `/v1/toestemmingen/${toestemming.toestemming_id}/intrekking`, headers: await citizen(plus) });
  t.equal(revoke.statusCode, 503);
  t.match(json(revoke).detail, /verwerkingenlogboek/);
  await db.$executeRawUnsafe('ALTER TABLE verwerking_weg RENAME TO verwerking');
  t.equal((await findToestemming(plus.rdw.ctx.db, plus.dienst.organisationId, toestemming.toestemming_id))!.status, 'actief', 'the revocation did not happen');
});

t.test('16. no BSN in any SET the bronhouder produced', async (t) => {
  const plus = await startPlus(t);
  const { toestemming } = await plus.verleen(BURGER);
  await plus.raadpleging();
  await plus.rdw.request({ method: 'POST', url: `/v1/toestemmingen/${toestemming.toestemming_id}/intrekking`, headers: await citizen(plus) });
  const rows = await outbox(plus, toestemming.toestemming_id);
  t.equal(rows.length, 3);
  for (const row of rows) {
    const payload = Buffer.from(row.setJws.split('.')[1]!, 'base64url').toString('utf8');
    t.notMatch(payload, BURGER, `${row.gebeurtenistype} has no BSN`);
    t.notMatch(payload, /\b\d{9}\b/, 'nor anything shaped like one');
  }
});
