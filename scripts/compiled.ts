/**
 * The compiled build of one of the package's entry points: `src/server.ts` is
 * `dist/src/server.js`, what `npm start` runs. The demo and the tests start their processes
 * from the build, not from the sources through tsx: tsx compiles every module again in each
 * process, about 1 CPU-s per start on this project (`node dist/src/cli/token.js --help`:
 * 0.36 CPU-s; through tsx 1.35, measured 3 December), and the demo starts nine processes, the
 * tests over a hundred.
 *
 * The caller makes sure the build is current: `npm run demo` and `npm run plus` run
 * scripts/build-if-changed.mjs first (as `npm start` does), and so does tap before any test
 * file (.taprc, `before`).
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

export function compiledEntry(entry: string): string {
  if (!/^src\/.+\.ts$/.test(entry)) throw new Error(`not an entry point under src/: ${entry}`);
  return join(ROOT, 'dist', entry.replace(/\.ts$/, '.js'));
}
