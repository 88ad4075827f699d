/**
 * `npm run bench`: the document bench (bench/documenten.ts), then the PDF bench
 * (bench/pdf.ts), each in a process of its own and each given the same arguments, so that
 * `npm run bench -- --smoke` makes both short (npm hands the arguments to one command only).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

for (const bench of ['documenten.ts', 'pdf.ts']) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, bench), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
