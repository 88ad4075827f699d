/**
 * Blauwe Knop Plus at the bronhouder, measured in one run:
 *   1. notification latency: from recording a raadpleging (RDW's register, in-process) to the
 *      afnemer's 202 for its SET, p50/p95/p99, with BENCH_CONSENTS active consents (10,000)
 *      and BENCH_RATE raadplegingen per second (100) for BENCH_SECONDS (30), each for a random
 *      citizen with a consent. The path is the real one: the transaction with the log entry and
 *      the signed SET in the outbox, the delivery worker, an HTTP push to a receiver on
 *      127.0.0.1 (a child process, so it does not share this event loop).
 *   2. consent-check overhead: an afnemer read (the rijbewijs document, signed, plus its log
 *      entry) with and without the consent check, interleaved, as a ratio. Every read has to
 *      find the consent and the BSN behind it (whose data, under which pseudonym); "without"
 *      does that lookup, "with" is the handler's path (the same one query, plus the check and
 *      the usage counted only while still active). A third figure, the read with the consent
 *      already in hand (no lookup at all), shows what the lookup itself costs.
 *
 *   npm run bench:plus                 the full run (goal: p95 < 1 s, overhead < 10%)
 *   BENCH_SMOKE=1 npm run bench:plus   a short run for CI (500 consents, 20/s for 3 s)
 *   DATABASE_URL=postgresql://… npm run bench:plus   the same on PostgreSQL (a schema per role)
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes, randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { BENCH_RATE_LIMITS } from './rate-limits.js';
import { createRoleService } from '../src/roles/index.js';
import { stelselPubliekeSleutelPath } from '../src/roles/stelselbeheerder/index.js';
import { runStelsel } from '../src/roles/stelselbeheerder/commando.js';
import type { OrganisatieContext } from '../src/roles/organisatie/context.js';
import { rijbewijsDocument } from '../src/roles/organisatie/documents/rdw.js';
import { signDocument } from '../src/protocol/sign-document.js';
import { dropSchema } from '../test/helpers/database.js';
import { freePort } from '../test/helpers/processes.js';
import { GEBEURTENISTYPEN } from '../src/protocol/security-event.js';
import { inTransaction, registreerGebruik, toestemmingMetBsn, type ToestemmingRecord } from '../src/data/plus.js';
import { nieuweTraceId, schrijfVerwerking, VERWERKINGSACTIVITEITEN } from '../src/roles/organisatie/plus/logboek.js';

const SMOKE = process.env.BENCH_SMOKE === '1';
const CONSENTS = Number(process.env.BENCH_CONSENTS ?? (SMOKE ? 500 : 10_000));
const RATE = Number(process.env.BENCH_RATE ?? (SMOKE ? 20 : 100));
const SECONDS = Number(process.env.BENCH_SECONDS ?? (SMOKE ? 3 : 30));
const READS = Number(process.env.BENCH_READS ?? (SMOKE ? 100 : 1_000));
const RDW = '00000099000000000006';
const AFNEMER = 'urn:nl:blauwe-knop:afnemer:bench-melder';
const DOEL = 'rijbewijs-raadplegingen-melden';

// ---- child: the afnemer's push receiver --------------------------------------------------------

if (process.argv[2] === 'ontvanger') {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const at = Date.now();
      res.writeHead(202).end();
      const jti = (JSON.parse(Buffer.from(body.split('.')[1] ?? '', 'base64url').toString()) as { jti: string }).jti;
      process.send?.({ jti, at });
    });
  });
  server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as { port: number }).port }));
} else {
  await main();
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'bk-bench-plus-'));
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(root, { recursive: true, force: true })];
  try {
    // The receiver, in its own process; it reports each SET's jti and the moment it answered 202.
    const child = fork(fileURLToPath(import.meta.url), ['ontvanger'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    cleanups.unshift(() => void child.kill());
    const received = new Map<string, number>();
    const port = await new Promise<number>((resolve) =>
      child.on('message', (m: { port?: number; jti?: string; at?: number }) => {
        if (m.port) resolve(m.port);
        else if (m.jti) received.set(m.jti, m.at!);
      }),
    );

    // On PostgreSQL (DATABASE_URL=postgresql://…) every role gets a schema of its own, dropped afterwards.
    const databaseOf = (name: string): Record<string, string> => {
      const base = process.env.DATABASE_URL;
      if (!base?.startsWith('postgres')) return {};
      const url = new URL(base);
      const schema = `bk_bench_plus_${name}_${process.pid}`;
      url.searchParams.set('schema', schema);
      cleanups.push(() => dropSchema(base, schema));
      return { DATABASE_URL: url.toString() };
    };
    const start = async (role: 'stelselbeheerder' | 'organisatie', name: string, env: Record<string, string>) => {
      const p = await freePort();
      const baseUrl = `http://127.0.0.1:${p}/v1`;
      const config = loadConfig({ ...BENCH_RATE_LIMITS, BK_ROLE: role, DATA_DIR: join(root, name), LOG_LEVEL: 'silent', PORT: String(p), PUBLIC_BASE_URL: baseUrl, ...databaseOf(name), ...env });
      const service = await createRoleService(config, { logger: pino({ level: 'silent' }) });
      await service.app.listen({ port: p, host: '127.0.0.1' });
      cleanups.unshift(() => service.app.close());
      return { ...service, baseUrl };
    };
    const operator = await start('stelselbeheerder', 'stelselbeheerder', {});
    const rdw = await start('organisatie', 'rdw', {
      ORGANISATION_OIN: RDW,
      STELSEL_URL: operator.baseUrl,
      STELSEL_SLEUTEL: stelselPubliekeSleutelPath(join(root, 'stelselbeheerder')),
      // Set-up changes the scheme right after start; in the run the document is cached.
      STELSEL_VERVERS_SECONDEN: '1',
    });
    const ctx = rdw.ctx as OrganisatieContext;
    const stelsel = (args: string[]) =>
      runStelsel(args, { config: operator.ctx.config, db: operator.ctx.db, keyring: operator.ctx.keyring, now: () => new Date(), out: () => undefined });
    const { publicKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = await exportJWK(publicKey);
    const keyFile = join(root, 'afnemer.jwk');
    writeFileSync(keyFile, JSON.stringify({ ...jwk, kid: await calculateJwkThumbprint(jwk) }));
    await stelsel(['add-organisation', '--discovery-url', `${rdw.baseUrl}/organisatie`]);
    await stelsel(['add-doel', '--id', DOEL, '--description', 'Meldingen', '--bronhouder', RDW, '--event-types', 'rijbewijs-geraadpleegd', '--scopes', 'rijbewijs', '--max-days', '365', '--retention-days', '30']);
    await stelsel(['add-afnemer', '--id', AFNEMER, '--name', 'Bench-melder', '--endpoint', `http://127.0.0.1:${port}/gebeurtenissen`, '--purposes', DOEL, '--keys-file', keyFile]);

    // CONSENTS citizens, each with a licence and an active consent (written in bulk: the
    // grant path is not what is measured; its hash and subject are computed as the grant does).
    process.stdout.write(`Setting up ${CONSENTS} citizens with a licence and an active consent...\n`);
    const { dienst } = ctx.plus!;
    const db = ctx.db.prisma;
    const now = new Date();
    const documentnummers: string[] = [];
    for (let from = 0; from < CONSENTS; from += 1000) {
      const batch = Array.from({ length: Math.min(1000, CONSENTS - from) }, (_, i) => from + i);
      await db.citizen.createMany({ data: batch.map((i) => ({ bsn: `8${String(i).padStart(8, '0')}` })) });
      const citizens = await db.citizen.findMany({ where: { bsn: { in: batch.map((i) => `8${String(i).padStart(8, '0')}`) } }, select: { id: true, bsn: true } });
      await db.rijbewijs.createMany({
        data: citizens.map((c) => ({ organisationId: dienst.organisationId, citizenId: c.id, documentnummer: `7${c.bsn.slice(1)}0`, afgiftedatum: '2020-01-01', geldigTot: '2030-01-01', afgegevenDoor: 'Bench' })),
      });
      documentnummers.push(...citizens.map((c) => `7${c.bsn.slice(1)}0`));
      const rows = await Promise.all(
        citizens.map(async (c) => {
          const inhoud = {
            toestemmingId: randomUUID(),
            organisationId: dienst.organisationId,
            citizenId: c.id,
            afnemer: AFNEMER,
            onderwerp: randomBytes(32).toString('base64url'),
            doel: DOEL,
            doelVersie: 1,
            gebeurtenistypen: [GEBEURTENISTYPEN.rijbewijsGeraadpleegd],
            scopes: ['rijbewijs'],
            geldigVanaf: now,
            geldigTot: new Date(now.getTime() + 365 * 86_400_000),
          };
          return { ...inhoud, gebeurtenistypen: inhoud.gebeurtenistypen.join(','), scopes: 'rijbewijs', inhoudHash: await dienst.inhoudHash(inhoud), status: 'actief', statusReden: 'bench', statusGewijzigdOp: now };
        }),
      );
      await db.toestemming.createMany({ data: rows });
    }

    await new Promise((resolve) => setTimeout(resolve, 1_500)); // RDW sees the new scheme document

    // 1. Latency at RATE per second for SECONDS.
    process.stdout.write(`Recording ${RATE} raadplegingen per second for ${SECONDS} s...\n`);
    const sent = new Map<string, number>(); // trace id → t0
    const committed: number[] = []; // how long the raadpleging's own transaction took
    const errors: string[] = [];
    const total = RATE * SECONDS;
    const startedAt = Date.now();
    const pending: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = startedAt + (i * 1000) / RATE;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const t0 = Date.now();
      pending.push(
        dienst
          .registreerRaadpleging({
            documentnummer: documentnummers[Math.floor(Math.random() * documentnummers.length)]!,
            categorie: 'politie',
            resultaat: 'gevonden',
            wie: 'Politie',
            waarom: 'Bench',
            vertrouwelijk: false,
          })
          .then((r) => {
            if (r.traceId) sent.set(r.traceId, t0);
            committed.push(Date.now() - t0);
          })
          .catch((error: Error) => void errors.push(error.message)),
      );
    }
    await Promise.all(pending);
    const offeredSeconds = (Date.now() - startedAt) / 1000;
    const jtiToTrace = new Map<string, string>();
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const rows = await db.plusGebeurtenis.findMany({ where: { gebeurtenistype: GEBEURTENISTYPEN.rijbewijsGeraadpleegd }, select: { jti: true, setJws: true, status: true } });
      for (const r of rows) if (!jtiToTrace.has(r.jti)) jtiToTrace.set(r.jti, (JSON.parse(Buffer.from(r.setJws.split('.')[1]!, 'base64url').toString()) as { txn: string }).txn);
      if (rows.length >= sent.size && rows.every((r) => received.has(r.jti))) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const latencies = [...jtiToTrace.entries()].filter(([jti]) => received.has(jti)).map(([jti, trace]) => received.get(jti)! - sent.get(trace)!).sort((a, b) => a - b);

    // 2. Consent-check overhead on an afnemer read, interleaved so drift hits all equally.
    const sample = await db.toestemming.findMany({ take: 50, select: { toestemmingId: true } });
    const inHand = await Promise.all(sample.map(async (s) => (await toestemmingMetBsn(ctx.db, dienst.organisationId, s.toestemmingId))!));
    const lees = async (t: ToestemmingRecord, bsn: string) => {
      const document = await rijbewijsDocument(ctx, bsn, t.onderwerp);
      await signDocument(Buffer.from(JSON.stringify(document)), ctx.keyring.active, ctx.organisation.oin, ctx.now());
    };
    // The same writes as registreerVerstrekking, without its "still active" condition.
    const verstrekZonderControle = (t: ToestemmingRecord, startOp: Date) =>
      inTransaction(ctx.db, async (tx) => {
        await registreerGebruik(tx, t.id, ctx.now());
        await schrijfVerwerking(tx, dienst.organisationId, {
          citizenId: t.citizenId,
          traceId: nieuweTraceId(),
          operatie: 'rijbewijs-verstrekken',
          verwerkingsactiviteit: VERWERKINGSACTIVITEITEN.verstrekking,
          anderePartij: t.afnemer,
          toestemmingId: t.toestemmingId,
          startOp,
          eindOp: ctx.now(),
          status: 'geslaagd',
        });
      });
    let inHandMs = 0;
    let without = 0;
    let withCheck = 0;
    for (let i = 0; i < READS; i++) {
      const { toestemming: t, bsn } = inHand[i % inHand.length]!;
      const a = performance.now();
      await lees(t, bsn);
      await verstrekZonderControle(t, ctx.now());
      const b = performance.now();
      const gevonden = (await toestemmingMetBsn(ctx.db, dienst.organisationId, t.toestemmingId))!;
      await lees(gevonden.toestemming, gevonden.bsn);
      await verstrekZonderControle(gevonden.toestemming, ctx.now());
      const c = performance.now();
      const start = ctx.now();
      const gecontroleerd = await dienst.controleerVoorAfnemer(AFNEMER, t.toestemmingId, 'rijbewijs');
      await lees(gecontroleerd.toestemming, gecontroleerd.bsn);
      await dienst.registreerVerstrekking(gecontroleerd.toestemming, 'rijbewijs', start);
      const d = performance.now();
      inHandMs += b - a;
      without += c - b;
      withCheck += d - c;
    }

    const lines = [
      `Blauwe Knop Plus bench${SMOKE ? ' (smoke)' : ''} on ${process.env.DATABASE_URL?.startsWith('postgres') ? 'PostgreSQL' : 'SQLite'}: ${CONSENTS} active consents, ${total} raadplegingen offered at ${RATE}/s (took ${offeredSeconds.toFixed(1)} s), ${errors.length} failed${errors[0] ? ` (${errors[0]})` : ''}`,
      `Notification latency, raadpleging -> afnemer's 202 (${latencies.length} of ${sent.size} delivered):`,
      `  p50 ${percentile(latencies, 50)} ms   p95 ${percentile(latencies, 95)} ms   p99 ${percentile(latencies, 99)} ms   (goal p95 < 1000 ms)`,
      `  of which recording (the raadpleging's transaction): p50 ${percentile(committed.sort((a, b) => a - b), 50)} ms   p95 ${percentile(committed, 95)} ms`,
      `Afnemer read (${READS} each, interleaved): without consent check ${(without / READS).toFixed(2)} ms, with ${(withCheck / READS).toFixed(2)} ms, ratio ${(withCheck / without).toFixed(3)} (goal < 1.10)`,
      `  (the same read with the consent already in hand, no lookup: ${(inHandMs / READS).toFixed(2)} ms; with the check against that: ${(withCheck / inHandMs).toFixed(3)})`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    for (const cleanup of cleanups) await cleanup();
  }
}
