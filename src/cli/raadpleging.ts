/**
 * `npm run raadpleging -- --documentnummer <nr> --categorie <categorie> [--resultaat gevonden]
 * [--wie <naam>] [--waarom <doel>] [--vertrouwelijk]`: records a raadpleging of a driving
 * licence in this RDW instance's register (same environment as the service: DATA_DIR or
 * DATABASE_URL, ORGANISATION_OIN, STELSEL_URL, STELSEL_SLEUTEL), as the register's own
 * systems would. Blauwe Knop Plus turns it, in the same transaction, into an event for every
 * active consent; the running service's delivery worker pushes them within about a second.
 */
import { parseArgs } from 'node:util';
import pino from 'pino';
import { ConfigError, loadConfig } from '../config.js';
import { createOrganisatieService } from '../roles/organisatie/index.js';
import { RAADPLEGER_CATEGORIEEN, RAADPLEGING_RESULTATEN } from '../protocol/security-event.js';

const USAGE = `Usage: npm run raadpleging -- --documentnummer <10 cijfers> --categorie <${RAADPLEGER_CATEGORIEEN.join('|')}>
       [--resultaat <${RAADPLEGING_RESULTATEN.join('|')}>] [--wie <naam>] [--waarom <doel>] [--vertrouwelijk]`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      documentnummer: { type: 'string' },
      categorie: { type: 'string' },
      resultaat: { type: 'string', default: 'gevonden' },
      wie: { type: 'string' },
      waarom: { type: 'string', default: 'Controle' },
      vertrouwelijk: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const categorie = values.categorie as (typeof RAADPLEGER_CATEGORIEEN)[number];
  const resultaat = values.resultaat as (typeof RAADPLEGING_RESULTATEN)[number];
  const problems = [
    ...(!values.documentnummer || !/^[0-9]{10}$/.test(values.documentnummer) ? ['--documentnummer moet 10 cijfers zijn'] : []),
    ...(!RAADPLEGER_CATEGORIEEN.includes(categorie) ? [`--categorie moet een van ${RAADPLEGER_CATEGORIEEN.join(', ')} zijn`] : []),
    ...(!RAADPLEGING_RESULTATEN.includes(resultaat) ? [`--resultaat moet een van ${RAADPLEGING_RESULTATEN.join(', ')} zijn`] : []),
  ];
  if (problems.length > 0) fail(`${problems.join('\n')}\n${USAGE}`);
  let config;
  try {
    config = loadConfig({ ...process.env, BK_ROLE: 'organisatie' });
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : String(error));
  }
  const { app, ctx } = await createOrganisatieService(config, { logger: pino({ level: 'silent' }) });
  try {
    if (!ctx.plus) fail('Blauwe Knop Plus is niet ingericht: zet STELSEL_URL en STELSEL_SLEUTEL.');
    // Delivery is the running service's job; this process only records.
    await ctx.plus.bezorger.stop();
    const result = await ctx.plus.dienst.registreerRaadpleging({
      documentnummer: values.documentnummer!,
      categorie,
      resultaat,
      wie: values.wie ?? categorie,
      waarom: values.waarom!,
      vertrouwelijk: values.vertrouwelijk!,
    });
    process.stdout.write(
      `${JSON.stringify({ geregistreerd: true, vertrouwelijk: values.vertrouwelijk, gebeurtenissen: result.gebeurtenissen, ...(result.traceId ? { trace_id: result.traceId } : {}) })}\n`,
    );
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
