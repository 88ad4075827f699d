/**
 * Every command-line tool answers --help and -h with its Dutch usage and exit code 0, and an
 * unknown option with a Dutch message, the usage and a non-zero exit (issue 12).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compiledEntry } from '../../scripts/compiled.js';
import t from 'tap';

/** Each tool, and arguments that reach its option parsing (after a command, where it has them). */
const CLIS: { entry: string; before: string[] }[] = [
  { entry: 'src/cli/token.ts', before: [] },
  { entry: 'src/cli/keys.ts', before: ['list'] },
  { entry: 'src/cli/verify.ts', before: [] },
  { entry: 'src/cli/conformance.ts', before: [] },
  { entry: 'src/cli/stelsel.ts', before: ['publish'] },
  { entry: 'src/cli/blauwe-knop.ts', before: ['overzicht'] },
  { entry: 'src/cli/seed-scale.ts', before: [] },
  { entry: 'src/cli/raadpleging.ts', before: [] },
  { entry: 'src/cli/plus-aflevering.ts', before: ['status'] },
  { entry: 'src/afnemer/cli.ts', before: ['meldingen'] },
];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const dataDir = mkdtempSync(join(tmpdir(), 'bk-help-'));
t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));

function run(entry: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [compiledEntry(entry), ...args],
      { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' }, encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

t.test('every tool answers --help, -h and an unknown option in Dutch', async (t) => {
  const runs = await Promise.all(
    CLIS.map(async ({ entry, before }) => ({
      entry,
      help: await run(entry, ['--help']),
      short: await run(entry, [...before, '-h']),
      unknown: await run(entry, [...before, '--onzin']),
    })),
  );
  for (const { entry, help, short, unknown } of runs) {
    t.equal(help.code, 0, `${entry} --help exits 0 (${help.stderr})`);
    t.match(help.stdout, /^Gebruik:/, `${entry} --help prints the Dutch usage on stdout`);
    t.equal(short.code, 0, `${entry} -h exits 0`);
    t.equal(short.stdout, help.stdout, `${entry} -h prints the same usage`);
    t.not(unknown.code, 0, `${entry} --onzin exits non-zero`);
    t.match(unknown.stderr, /^Onbekende optie --onzin\./, `${entry} --onzin names the option in Dutch`);
    t.match(unknown.stderr, /Gebruik:/, `${entry} --onzin shows the usage`);
    t.notMatch(unknown.stderr, /Unknown option/, `${entry} --onzin has no English`);
  }
});
