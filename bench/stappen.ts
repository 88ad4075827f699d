/**
 * Where a cold document request's work goes, step by step, in one process (part of
 * `npm run bench`): each step of building a certified FCID document timed over the same
 * citizens, in the order the service runs them, so the share of the cryptography (token
 * verification and signature, the crypto floor's two steps) stands beside the rest. No HTTP:
 * the servers' table above has that.
 */
import { DEFAULT_ORGANISATION_OIN, loadConfig } from '../src/config.js';
import { readLeesmodelSjabloon, type LeesmodelSjabloon } from '../src/data/financiele-zaken.js';
import { openDatabase } from '../src/data/open.js';
import { findOrganisation } from '../src/data/organisations.js';
import { uitgeverVingerafdruk, vulFcidSjabloon } from '../src/documenten/fcid-sjabloon.js';
import { generateSigningKey } from '../src/keys/signing-key.js';
import { signDocument } from '../src/protocol/sign-document.js';
import { entityTag } from '../src/roles/organisatie/document-cache.js';
import { spreadBsn, uncachedVerifier, type Population } from './population.js';

export interface Stap {
  stap: string;
  microseconds: number;
  crypto: boolean;
}

export async function measureSteps(population: Population, tokens: readonly string[], rounds = 3): Promise<Stap[]> {
  const config = loadConfig({ DATA_DIR: population.dataDir, ORGANISATION_OIN: DEFAULT_ORGANISATION_OIN, LOG_LEVEL: 'silent' } as Record<string, string>);
  const db = await openDatabase({ dataDir: population.dataDir, seed: false, ...(population.databaseUrl ? { databaseUrl: population.databaseUrl } : {}) });
  try {
    const organisation = await findOrganisation(db, DEFAULT_ORGANISATION_OIN);
    if (!organisation) throw new Error('the bench organisation is missing');
    const key = await generateSigningKey(config.signing.algorithm);
    const verifier = await uncachedVerifier(config);
    // As many citizens as tokens, spread over the whole population as the tokens are.
    const count = Math.min(tokens.length, population.citizens);
    const bsns = Array.from({ length: count }, (_, i) => spreadBsn(population, i, count));
    const now = new Date();
    const vingerafdruk = uitgeverVingerafdruk(organisation);
    const rows: LeesmodelSjabloon[] = [];
    const bodies: Buffer[] = [];
    const steps: { stap: string; crypto: boolean; run: (i: number) => unknown }[] = [
      { stap: 'token verification (ES256, no cache)', crypto: true, run: (i) => verifier.verify(`Bearer ${tokens[i]}`) },
      { stap: 'read model: one indexed read', crypto: false, run: async (i) => (rows[i] = await readLeesmodelSjabloon(db, organisation.oin, bsns[i]!)) },
      {
        stap: 'filling in the document made ahead',
        crypto: false,
        run: (i) => {
          const { sjabloon } = rows[i]!;
          const body = sjabloon ? vulFcidSjabloon(sjabloon, vingerafdruk, now) : undefined;
          if (body === undefined) throw new Error('the population has no document made ahead that holds now');
          bodies[i] = body;
        },
      },
      { stap: 'signature and Content-Digest', crypto: true, run: (i) => signDocument(bodies[i]!, key, organisation.oin, now) },
      { stap: 'entity tag', crypto: false, run: (i) => entityTag(key, bsns[i]!, 1, 'application/json') },
    ];
    // Every step over every citizen in turn (the next step needs the previous one's output);
    // the first round warms up, the rest are timed.
    const totals = new Map<string, number>();
    for (let round = 0; round <= rounds; round++) {
      for (const step of steps) {
        const started = performance.now();
        for (let i = 0; i < count; i++) await step.run(i);
        if (round > 0) totals.set(step.stap, (totals.get(step.stap) ?? 0) + performance.now() - started);
      }
    }
    return steps.map((step) => ({ stap: step.stap, crypto: step.crypto, microseconds: ((totals.get(step.stap) ?? 0) * 1000) / (count * rounds) }));
  } finally {
    await db.close();
  }
}

export function printSteps(steps: readonly Stap[]): void {
  const total = steps.reduce((sum, s) => sum + s.microseconds, 0);
  const crypto = steps.filter((s) => s.crypto).reduce((sum, s) => sum + s.microseconds, 0);
  process.stdout.write('\nA cold document step by step (in process, no HTTP):\n');
  for (const s of steps) {
    process.stdout.write(`  ${s.stap.padEnd(40)}${s.microseconds.toFixed(1).padStart(9)} µs${((100 * s.microseconds) / total).toFixed(1).padStart(7)}%${s.crypto ? '  crypto' : ''}\n`);
  }
  process.stdout.write(`  ${'total'.padEnd(40)}${total.toFixed(1).padStart(9)} µs; crypto ${(crypto / total).toFixed(3)} of it\n`);
}
