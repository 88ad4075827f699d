#!/usr/bin/env node
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { JWK } from 'jose';
import { AppBeheerderError, fileStelselStore, haalOverzicht, readPinnedOperatorKey, renderOverzicht, StelselError, verifyBundle, type Voortgang } from '../sdk/node.js';

/**
 * `blauwe-knop overzicht …` and `blauwe-knop verifieer BUNDEL`: the app side of Blauwe Knop
 * Centraal on the command line (docs/sdk.md). Exit codes: 0 done / valid, 1 refused / invalid,
 * 2 usage error.
 */

const DEMO_STELSEL_URL = 'http://127.0.0.1:8090/v1';
const DEMO_OPERATOR_KEY = 'data/demo/stelselbeheerder-sleutel.jwk';

const USAGE = `Gebruik:
  blauwe-knop overzicht --bsn BSN [opties]
      Haalt bij iedere organisatie in het stelsel de gewaarmerkte gegevens op (parallel) en
      toont één overzicht. Inloggen gaat via de ontwikkel-login van de app-beheerder.
      --stelsel URL         de stelselbeheerder (standaard ${DEMO_STELSEL_URL}, of BK_STELSEL_URL)
      --operator-key FILE   de vastgepinde publieke sleutel van de stelselbeheerder (JWK)
                            (standaard ${DEMO_OPERATOR_KEY}, of BK_STELSEL_SLEUTEL)
      --bundle FILE         waar de bundel komt (standaard data/app/blauwe-knop-bundel.json)
      --timeout MS          per organisatie (standaard 10000)
      --app-beheerder ID    welke app-beheerder uit het stelseldocument (standaard de eerste)
      --staat FILE          onthoudt het laatst geaccepteerde stelseldocument
                            (standaard data/app/stelsel-staat.json)
      --json                het overzicht als JSON op stdout in plaats van de tabel

  blauwe-knop verifieer BUNDEL [--operator-key FILE]
      Controleert een bewaarde bundel zonder netwerk: het stelseldocument tegen de vastgepinde
      sleutel, ieder document tegen de sleutels die het stelsel voor die organisatie noemt,
      en of het overzicht uit die documenten volgt.
`;

function readOperatorKey(path: string): JWK {
  try {
    return readPinnedOperatorKey(path);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

class UsageError extends Error {}

function progressLine(p: Voortgang): string {
  switch (p.soort) {
    case 'stelsel':
      return `Stelseldocument van ${p.uitgegeven_op} geaccepteerd: ${p.organisaties} organisaties.`;
    case 'geregistreerd':
      return `App geregistreerd bij ${p.app_beheerder}.`;
    case 'organisatie-start':
      return `… ${p.naam}`;
    case 'organisatie-klaar':
      return `${p.status === 'ok' ? '✓' : '✗'} ${p.naam}: ${p.status} (${Math.round(p.duur_ms)} ms)${p.reden ? ` — ${p.reden}` : ''}`;
  }
}

async function overzicht(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      stelsel: { type: 'string' },
      bsn: { type: 'string' },
      'operator-key': { type: 'string' },
      bundle: { type: 'string' },
      timeout: { type: 'string' },
      'app-beheerder': { type: 'string' },
      staat: { type: 'string' },
      json: { type: 'boolean' },
    },
    strict: true,
  });
  if (!values.bsn || !/^\d{9}$/.test(values.bsn)) throw new UsageError('--bsn BSN is verplicht (9 cijfers).');
  const timeoutMs = values.timeout ? Number(values.timeout) : 10_000;
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new UsageError('--timeout verwacht een positief aantal milliseconden.');
  const operatorKey = readOperatorKey(values['operator-key'] ?? process.env.BK_STELSEL_SLEUTEL ?? DEMO_OPERATOR_KEY);
  const bundlePath = resolve(values.bundle ?? 'data/app/blauwe-knop-bundel.json');

  const result = await haalOverzicht({
    stelselUrl: values.stelsel ?? process.env.BK_STELSEL_URL ?? DEMO_STELSEL_URL,
    operatorKey,
    store: fileStelselStore(resolve(values.staat ?? 'data/app/stelsel-staat.json')),
    login: { ontwikkelBsn: values.bsn },
    timeoutMs,
    ...(values['app-beheerder'] ? { appBeheerderId: values['app-beheerder'] } : {}),
    onProgress: (p) => process.stderr.write(`${progressLine(p)}\n`),
  });
  mkdirSync(dirname(bundlePath), { recursive: true });
  const replaced = existsSync(bundlePath);
  writeFileSync(bundlePath, `${JSON.stringify(result.bundel, null, 2)}\n`, { mode: 0o600 });
  process.stdout.write(values.json ? `${JSON.stringify(result.overzicht, null, 2)}\n` : renderOverzicht(result.overzicht, result.resultaten));
  process.stderr.write(
    `Bundel opgeslagen in ${bundlePath}${replaced ? ' (de vorige bundel daar is overschreven; kies met --bundle een ander bestand om die te bewaren)' : ''}.\n` +
      `Controleer hem later, zonder netwerk, met:\n  ${verifyCommand(bundlePath, values['operator-key'] ?? process.env.BK_STELSEL_SLEUTEL)}\n`,
  );
  return 0;
}

/**
 * A command that verifies the bundle from where the user is: through npm in this repository
 * (npm runs scripts from the package root, where relative paths then resolve), else the installed bin.
 */
function verifyCommand(bundlePath: string, operatorKeyPath: string | undefined): string {
  const cwd = process.cwd();
  const viaNpm = process.env.npm_lifecycle_event !== undefined || existsSync(resolve(cwd, 'src/cli/blauwe-knop.ts'));
  const shown = (path: string) => {
    const fromHere = relative(cwd, resolve(path));
    const chosen = fromHere.startsWith('..') || isAbsolute(fromHere) ? resolve(path) : fromHere;
    return /^[\w./-]+$/.test(chosen) ? chosen : `'${chosen.replace(/'/g, "'\\''")}'`;
  };
  const args = [shown(bundlePath), ...(operatorKeyPath ? ['--operator-key', shown(operatorKeyPath)] : [])].join(' ');
  return viaNpm ? `npm run verifieer -- ${args}` : `blauwe-knop verifieer ${args}`;
}

async function verifieer(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { 'operator-key': { type: 'string' } }, allowPositionals: true, strict: true });
  const [path] = positionals;
  if (!path || positionals.length > 1) throw new UsageError('Geef precies één bundel: blauwe-knop verifieer BUNDEL');
  const operatorKey = readOperatorKey(values['operator-key'] ?? process.env.BK_STELSEL_SLEUTEL ?? DEMO_OPERATOR_KEY);
  let bundle: unknown;
  try {
    bundle = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    process.stderr.write(`Ongeldig: ${path} is geen leesbare JSON-bundel (${(error as Error).message}).\n`);
    return 1;
  }
  const result = await verifyBundle(bundle, operatorKey);
  if (result.geldig) {
    process.stdout.write(`Geldig: elk document in de bundel is echt en het overzicht volgt eruit (of er documenten zijn weggelaten, kan een bundel niet bewijzen).\n${result.gecontroleerd.map((c) => `  ✓ ${c}`).join('\n')}\n`);
    return 0;
  }
  process.stderr.write(`Ongeldig: deze bundel is niet te vertrouwen.\n${result.problemen.map((p) => `  ✗ ${p}`).join('\n')}\n`);
  return 1;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'overzicht') return await overzicht(rest);
    if (command === 'verifieer') return await verifieer(rest);
    if (command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(USAGE);
      return 0;
    }
    throw new UsageError(command ? `Onbekende opdracht: ${command}` : 'Geef een opdracht: overzicht of verifieer.');
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof StelselError && error.code === 'ERR_STELSEL_UNREACHABLE') {
      process.stderr.write(`${error.message}\nDraait de stelselbeheerder (npm run demo), en klopt --stelsel?\n`);
      return 1;
    }
    if (error instanceof StelselError) {
      process.stderr.write(`Het stelseldocument is geweigerd (${error.code}): ${error.message}\n`);
      return 1;
    }
    if (error instanceof AppBeheerderError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    const cause = (error as Error & { cause?: Error }).cause;
    process.stderr.write(`Mislukt: ${(error as Error).message}${cause ? ` (${cause.message})` : ''}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
