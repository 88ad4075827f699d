import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { compiledEntry } from '../../scripts/compiled.js';

/** Runs one of the package's entry points (`src/…/x.ts`), from its compiled build. */
export function runEntry(entry: string, args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [compiledEntry(entry), ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/**
 * A port for a service a test starts in another process. The port is free when chosen, but the
 * child binds it seconds later (after migrating and seeding), so it must be a port nothing else
 * is handed meanwhile. A port the kernel picks (`listen(0)`) is not: it comes from the
 * ephemeral range, the same range every outgoing connection (to PostgreSQL, Redis, another
 * service) takes its local port from, and CI once lost a start to `EADDRINUSE` that way. So
 * ports come from below that range, from a block of their own per tap job (`TAP_JOB_ID`: the
 * files running at the same moment have different ones), from a random place in the block on,
 * each checked free and none handed out twice by one process.
 */
const PORTS_PER_JOB = 1000;
const JOB_BLOCKS = 12;
const handedOut = new Set<number>();

/** The first port of the kernel's ephemeral range. */
export function ephemeralRangeStart(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32768;
  } catch {
    return 32768; // Linux's default, where the file is not there to read
  }
}

/** The block of ports a tap job takes its ports from: `first` up to and including `last`. */
export function portBlock(jobId = process.env.TAP_JOB_ID): { first: number; last: number } {
  const first = ephemeralRangeStart() - JOB_BLOCKS * PORTS_PER_JOB + (Number(jobId ?? 0) % JOB_BLOCKS) * PORTS_PER_JOB;
  return { first, last: first + PORTS_PER_JOB - 1 };
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  const { first, last } = portBlock();
  const start = Math.floor(Math.random() * PORTS_PER_JOB);
  for (let i = 0; i < PORTS_PER_JOB; i++) {
    const port = first + ((start + i) % PORTS_PER_JOB);
    if (port < 1024 || handedOut.has(port) || !(await isFree(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free port in ${first}-${last}`);
}

export interface RunningServer {
  process: ChildProcess;
  output: () => string;
  stop(): Promise<number | null>;
}

/** Starts `src/server.ts` (its compiled build) and resolves once it logs that it serves (or rejects with its output). */
export async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const child = spawn(process.execPath, [compiledEntry('src/server.ts')], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${output}`)), 60_000);
    const check = () => {
      if (output.includes('Blauwe Knop serving')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    process: child,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}
