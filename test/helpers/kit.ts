import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
// One lock per checkout: packing rebuilds dist/ and packages/conformance/, which two test
// files packing at the same time would overwrite under each other.
const LOCK = join(tmpdir(), `bk-pack-${Buffer.from(REPO_ROOT).toString('base64url')}.lock`);

async function withLock<T>(action: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // A lock older than any pack is left by a killed run.
      const age = Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 300_000) rmSync(LOCK, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await action();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

export interface PackResult {
  code: number;
  stderr: string;
  /** The path of the tarball the pack script wrote into the destination. */
  tarball: string;
}

/** Builds and packs the conformance kit into `destination`, as `npm run pack:conformance` does for a user. */
export function packConformanceKit(destination: string): Promise<PackResult> {
  return packPackage('pack:conformance', destination);
}

/** Builds and packs the SDK into `destination`, as `npm run pack:sdk` does for an app builder. */
export function packSdk(destination: string): Promise<PackResult> {
  return packPackage('pack:sdk', destination);
}

/** Both packages build dist/ first: one at a time, behind the same lock. */
function packPackage(script: 'pack:conformance' | 'pack:sdk', destination: string): Promise<PackResult> {
  return withLock(() =>
    run('npm', ['run', '-s', script], {
      cwd: REPO_ROOT,
      env: { ...process.env, PACK_DESTINATION: destination },
      maxBuffer: 16 * 1024 * 1024,
      timeout: 240_000,
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stderr, tarball: stdout.trim().split('\n').at(-1) ?? '' }),
      (error: { code?: number; stderr?: string }) => ({ code: typeof error.code === 'number' ? error.code : 1, stderr: error.stderr ?? String(error), tarball: '' }),
    ),
  );
}
