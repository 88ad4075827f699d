/** Delivery failures of issue 8: endpoint down past the schedule, timeout after processing, 410 and 400, redirects and http in production. Each a refusal and nothing lost. */
import t from 'tap';
import { GEBEURTENISTYPEN } from '../../../../src/protocol/security-event.js';
import { json } from '../../../helpers/centraal.js';
import { runPlusAflevering } from '../../../../src/roles/organisatie/plus/aflevering-commando.js';
import { runEntry } from '../../../helpers/processes.js';
import { BURGER, citizen, MELDER, outbox, startPlus } from '../../../helpers/plus.js';

t.test('11. the afnemer down longer than the retry schedule: the events stay pollable and nothing is lost', async (t) => {
  const plus = await startPlus(t);
  const bezorger = plus.bezorger();
  plus.ontvanger.standaard = { status: 503 };
  const { toestemming } = await plus.verleen(BURGER);
  await plus.raadpleging();
  for (let round = 0; round < 10; round++) {
    await bezorger.ronde();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  t.equal(plus.ontvanger.ontvangen.length, bezorger.maxPogingen, 'the first event was tried on the whole schedule, then push gave up');
  t.equal(new Set(plus.ontvanger.ontvangen.map((o) => o.set)).size, 1, 'the same SET every time; the second waits behind it');
  const token = await plus.afnemerToken();
  const poll = await plus.alsAfnemer(token, 'POST', '/plus/gebeurtenissen', { returnImmediately: true, maxEvents: 1 });
  const first = (json(poll) as { sets: Record<string, string>; moreAvailable: boolean });
  t.equal(Object.keys(first.sets).length, 1);
  t.equal(first.moreAvailable, true);
  const ack = await plus.alsAfnemer(token, 'POST', '/plus/gebeurtenissen', { ack: Object.keys(first.sets), returnImmediately: true });
  const second = (json(ack) as { sets: Record<string, string> }).sets;
  t.equal((await plus.verifieer(Object.values(second)[0]!)).gebeurtenistype, GEBEURTENISTYPEN.rijbewijsGeraadpleegd);
  await plus.alsAfnemer(token, 'POST', '/plus/gebeurtenissen', { ack: Object.keys(second), maxEvents: 0 });
  const rows = await outbox(plus, toestemming.toestemming_id);
  t.same(rows.map((r) => r.status), ['afgeleverd', 'afgeleverd'], 'both delivered by poll');
  const log = json(await plus.rdw.request({ method: 'GET', url: '/v1/verwerkingen', headers: await citizen(plus) })) as { verwerkingen: { operatie: string }[] };
  t.equal(log.verwerkingen.filter((v) => v.operatie === 'gebeurtenis-afleveren-poll').length, 2);
});

t.test('12. a timeout after the afnemer processed the event: the same jti comes again; 410 pauses push; 400 is permanent', async (t) => {
  const plus = await startPlus(t);
  const bezorger = plus.bezorger();
  plus.ontvanger.antwoorden.push('hang');
  const { toestemming } = await plus.verleen(BURGER);
  t.equal(await bezorger.ronde(), 1);
  await new Promise((resolve) => setTimeout(resolve, 20));
  await bezorger.ronde();
  t.equal(plus.ontvanger.ontvangen.length, 2);
  t.equal(plus.ontvanger.ontvangen[0]!.set, plus.ontvanger.ontvangen[1]!.set, 'the same signed SET, so the same jti');
  t.equal((await outbox(plus, toestemming.toestemming_id))[0]!.status, 'afgeleverd');

  plus.ontvanger.antwoorden.push({ status: 400, body: JSON.stringify({ err: 'invalid_key', description: 'onbekende sleutel' }) });
  await plus.raadpleging();
  await bezorger.ronde();
  const refused = (await outbox(plus, toestemming.toestemming_id))[1]!;
  t.equal(refused.status, 'geweigerd', 'a 400 is not retried');
  t.equal(refused.pogingen, 0);

  plus.ontvanger.antwoorden.push({ status: 410 });
  await plus.raadpleging();
  await bezorger.ronde();
  const before = plus.ontvanger.ontvangen.length;
  await plus.raadpleging();
  await bezorger.ronde();
  t.equal(plus.ontvanger.ontvangen.length, before, 'after a 410 nothing is pushed');
  const poll = await plus.alsAfnemer(await plus.afnemerToken(), 'POST', '/plus/gebeurtenissen', { returnImmediately: true });
  t.equal(Object.keys((json(poll) as { sets: object }).sets).length, 2, 'but both events are pollable');
});

t.test('13. a redirecting endpoint is not followed; a non-https endpoint is not pushed to in production', async (t) => {
  const plus = await startPlus(t);
  const bezorger = plus.bezorger();
  plus.ontvanger.antwoorden.push({ status: 307, headers: { location: `${plus.ontvanger.url}/elders` } });
  const { toestemming } = await plus.verleen(BURGER);
  t.equal(await bezorger.bezorg((await outbox(plus, toestemming.toestemming_id))[0]!), 'opnieuw');
  t.equal(plus.ontvanger.ontvangen.length, 1, 'the redirect target was not requested');
  const row = (await outbox(plus, toestemming.toestemming_id))[0]!;
  t.match(row, { status: 'wachtend', pogingen: 1 });
  t.match((await plus.rdw.ctx.db.prisma.plusGebeurtenis.findUniqueOrThrow({ where: { id: row.id } })).laatsteFout, /Doorverwijzing \(307\)/);

  plus.rdw.ctx.config.environment = 'production';
  t.teardown(() => void (plus.rdw.ctx.config.environment = 'development'));
  t.equal(await bezorger.bezorg(row), 'opnieuw');
  t.equal(plus.ontvanger.ontvangen.length, 1, 'http is not used in production');
  t.match((await plus.rdw.ctx.db.prisma.plusGebeurtenis.findUniqueOrThrow({ where: { id: row.id } })).laatsteFout, /geen https/);
});

t.test('12b. a push paused by 410 is probed with backoff, brought forward by a poll, and resumes when the endpoint accepts again', async (t) => {
  let tijd = Date.now();
  const plus = await startPlus(t, { now: () => new Date(tijd) });
  // The service's own worker (stopped; rounds run by hand): the afnemer's poll reaches it.
  const bezorger = plus.rdw.ctx.plus!.bezorger;
  const ontvangen = () => plus.ontvanger.ontvangen.length;
  plus.ontvanger.antwoorden.push({ status: 410 });
  const { toestemming } = await plus.verleen(BURGER);
  await bezorger.ronde();
  t.equal(ontvangen(), 1);
  await plus.raadpleging();
  await bezorger.ronde();
  t.equal(ontvangen(), 1, 'paused: nothing pushed');

  tijd += 59_000;
  await bezorger.ronde();
  t.equal(ontvangen(), 1, 'no probe within the first minute');
  plus.ontvanger.antwoorden.push({ status: 410 });
  tijd += 2_000;
  await bezorger.ronde();
  t.equal(ontvangen(), 2, 'after a minute: one probe');
  t.equal(plus.ontvanger.ontvangen[1]!.set, plus.ontvanger.ontvangen[0]!.set, 'the probe is the oldest event again, the same SET (same jti)');
  tijd += 61_000;
  await bezorger.ronde();
  t.equal(ontvangen(), 2, 'a refused probe doubles the interval (2 minutes now)');

  // A poll is a sign of life: the next probe comes a first interval after the last one.
  const token = await plus.afnemerToken();
  const poll = await plus.alsAfnemer(token, 'POST', '/plus/gebeurtenissen', { returnImmediately: true, maxEvents: 0 });
  t.equal(poll.statusCode, 200, poll.body);
  await bezorger.ronde();
  t.equal(ontvangen(), 4, 'probed at once after the poll; the 202 resumed push and the waiting raadpleging went out in the same round');
  t.same((await outbox(plus, toestemming.toestemming_id)).map((r) => r.status), ['afgeleverd', 'afgeleverd']);
  t.same(await plus.rdw.ctx.db.prisma.plusAflevering.count(), 0, 'no pause left');
});

t.test('12c. the operator sees the pause and resumes push by hand (npm run plus-aflevering)', async (t) => {
  const plus = await startPlus(t);
  const bezorger = plus.bezorger();
  plus.ontvanger.antwoorden.push({ status: 410 });
  const { toestemming } = await plus.verleen(BURGER);
  await bezorger.ronde();
  const uit: string[] = [];
  const deps = { db: plus.rdw.ctx.db, out: (line: string) => void uit.push(line) };
  await runPlusAflevering(['status'], deps);
  t.match(JSON.parse(uit.pop()!), [{ afnemer: MELDER, reden: /410/ }]);
  await t.rejects(runPlusAflevering(['hervat'], deps), /--afnemer nodig/);
  await t.rejects(runPlusAflevering(['herstart'], deps), /Onbekende opdracht herstart/);

  const env = { DATA_DIR: plus.rdw.dataDir, DATABASE_URL: plus.rdw.ctx.config.databaseUrl ?? '' };
  const cli = runEntry('src/cli/plus-aflevering.ts', ['hervat', '--afnemer', MELDER], env);
  t.equal(cli.status, 0, cli.stderr);
  t.equal(cli.stdout, `Push-aflevering aan ${MELDER} hervat.\n`);
  await bezorger.ronde();
  t.equal(plus.ontvanger.ontvangen.length, 2, 'pushed again right after');
  t.equal((await outbox(plus, toestemming.toestemming_id))[0]!.status, 'afgeleverd');
  await runPlusAflevering(['hervat', '--afnemer', MELDER], deps);
  t.match(uit.pop(), /was niet gepauzeerd/, 'resuming twice is harmless');
  await runPlusAflevering(['status'], deps);
  t.equal(uit.pop(), '[]');
});
