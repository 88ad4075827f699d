import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compiledEntry } from '../../scripts/compiled.js';
import t from 'tap';
import { PILOTS, startSimulatedCentraal } from '../helpers/simulated-centraal.js';

/** The CLI as a child process; asynchronous, because the simulated servers live in this process. */
function run(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [compiledEntry('src/cli/blauwe-knop.ts'), ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

t.test('blauwe-knop overzicht prints a Dutch table, progress on stderr, and writes a bundle that verifieer accepts offline', async (t) => {
  const centraal = await startSimulatedCentraal();
  t.teardown(() => centraal.close());
  const dir = mkdtempSync(join(tmpdir(), 'bk-cli-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const keyFile = join(dir, 'operator.jwk');
  writeFileSync(keyFile, JSON.stringify(centraal.operatorPublicJwk));
  const bundle = join(dir, 'bundel.json');
  centraal.byOin(PILOTS[1].oin).misbehave.delayMs = 60_000; // never answers in time

  const result = await run(['overzicht', '--stelsel', centraal.stelselUrl, '--bsn', '999993653', '--operator-key', keyFile, '--bundle', bundle, '--timeout', '5000', '--staat', join(dir, 'staat.json')]);
  t.equal(result.status, 0, result.stderr);
  t.match(result.stdout, /Overzicht voor BSN 999993653/);
  t.match(result.stdout, /Gemeente Tholen \(demo\)\s+time-out/);
  t.match(result.stdout, /CAK \(demo\)\s+opgehaald\s+\d+ \w+ 20\d\d \d\d:\d\d/);
  t.match(result.stdout, /Totaal\s+\d+ zaken\s+€ [\d.]+,\d\d/);
  t.match(result.stderr, /Stelseldocument van .* geaccepteerd: 6 organisaties/);
  t.match(result.stderr, /✓ Gemeente Tilburg \(demo\): ok/);
  t.match(result.stderr, /✗ Gemeente Tholen \(demo\): time-out/);
  t.match(JSON.parse(readFileSync(join(dir, 'staat.json'), 'utf8')), { laatst_geaccepteerd: String });
  // The RDW's documents, readable: not just their type names.
  t.match(result.stdout, /Voertuigen op uw naam \(RDW \(demo\)\):\nKenteken\s+Soort\s+Merk en type/);
  t.match(result.stdout, /^GB-123-X\s+Personenauto\s+VOLKSWAGEN GOLF\s+12 april 2019\s+1 augustus 2022\s+12 april 2027$/m);
  t.match(result.stdout, /Wie uw rijbewijs raadpleegde:/);
  t.match(result.stdout, /Vaartuigen op uw naam \(RDW \(demo\)\)/);
  t.notMatch(result.stderr, /overschreven/, 'a new bundle replaces nothing');
  // The hint is a command that runs from the repository, as printed.
  const hint = /Controleer hem later, zonder netwerk, met:\n {2}(npm run verifieer -- .+)\n/.exec(result.stderr);
  if (!t.ok(hint, result.stderr)) return;
  t.match(hint![1], `npm run verifieer -- ${bundle} --operator-key ${keyFile}`);
  const again = await run(['overzicht', '--stelsel', centraal.stelselUrl, '--bsn', '999993653', '--operator-key', keyFile, '--bundle', bundle, '--timeout', '5000', '--staat', join(dir, 'staat.json')]);
  t.match(again.stderr, /Bundel opgeslagen in .*bundel\.json \(de vorige bundel daar is overschreven/, 'overwriting the bundle is said');

  // The servers are closed from here on: verification is offline.
  await centraal.close();
  const ok = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn('sh', ['-c', hint![1]!], { env: process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
  t.equal(ok.status, 0, `the printed hint runs: ${ok.stderr}`);
  t.match(ok.stdout, /^Geldig: elk document in de bundel is echt/m);
  t.match(ok.stdout, /CAK \(demo\): financiele-verplichtingen ondertekend op/);

  const stored = JSON.parse(readFileSync(bundle, 'utf8'));
  const tamperedAmount = structuredClone(stored);
  tamperedAmount.overzicht.totalen.saldo += 100;
  writeFileSync(join(dir, 'bedrag.json'), JSON.stringify(tamperedAmount));
  const r1 = await run(['verifieer', join(dir, 'bedrag.json'), '--operator-key', keyFile]);
  t.equal(r1.status, 1);
  t.match(r1.stderr, /Het overzicht in de bundel komt niet overeen met de ondertekende documenten/);

  const tamperedDocument = structuredClone(stored);
  const doc = tamperedDocument.organisaties.find((o: { oin: string }) => o.oin === PILOTS[4].oin).documenten[0];
  const [h, p, s] = doc.jws.split('.');
  const payload = Buffer.from(p, 'base64url').toString().replace(/"saldo":(\d+)/, (_m: string, n: string) => `"saldo":${Number(n) + 1}`);
  doc.jws = `${h}.${Buffer.from(payload).toString('base64url')}.${s}`;
  writeFileSync(join(dir, 'document.json'), JSON.stringify(tamperedDocument));
  const r2 = await run(['verifieer', join(dir, 'document.json'), '--operator-key', keyFile]);
  t.equal(r2.status, 1);
  t.match(r2.stderr, /CAK \(demo\): Document financiele-verplichtingen: de handtekening klopt niet/);

  const otherKey = join(dir, 'other.jwk');
  const other = await startSimulatedCentraal({ organisaties: [] });
  writeFileSync(otherKey, JSON.stringify(other.operatorPublicJwk));
  await other.close();
  const r3 = await run(['verifieer', bundle, '--operator-key', otherKey]);
  t.equal(r3.status, 1);
  t.match(r3.stderr, /Stelseldocument: Het stelseldocument is niet ondertekend met de vastgepinde sleutel/);

  const usage = await run(['overzicht']);
  t.equal(usage.status, 2);
  t.match(usage.stderr, /--bsn BSN is verplicht/);
});
