import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { PILOTS, startSimulatedCentraal } from '../helpers/simulated-centraal.js';

/** The CLI as a child process; asynchronous, because the simulated servers live in this process. */
function run(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/blauwe-knop.ts', ...args], { env: { ...process.env, ...env } });
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

  // The servers are closed from here on: verification is offline.
  await centraal.close();
  const ok = await run(['verifieer', bundle, '--operator-key', keyFile]);
  t.equal(ok.status, 0, ok.stderr);
  t.match(ok.stdout, /^Geldig: elk document in de bundel is echt/);
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
