/**
 * The ports the tests give the services they start in other processes (test/helpers/processes.ts
 * says why they are chosen this way): below the kernel's ephemeral range, in this tap job's own
 * block, free, and never the same twice.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import t from 'tap';
import { freePort } from '../helpers/processes.js';

const ephemeralStart = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);

t.test('ports come from below the ephemeral range, from this job’s block, each once', async (t) => {
  const ports: number[] = [];
  for (let i = 0; i < 50; i++) ports.push(await freePort());
  t.equal(new Set(ports).size, ports.length, 'no port is handed out twice');
  t.ok(ports.every((p) => p < ephemeralStart), `every port lies below ${ephemeralStart}, where outgoing connections take theirs`);
  const block = (p: number) => Math.floor((ephemeralStart - p - 1) / 1000);
  t.equal(new Set(ports.map(block)).size, 1, 'all from one block of 1000');
});

t.test('another tap job gets another block', async (t) => {
  const script = "import('./test/helpers/processes.ts').then(async (m) => process.stdout.write(String(await m.freePort())))";
  const inJob = (job: string) =>
    Number(execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { env: { ...process.env, TAP_JOB_ID: job }, encoding: 'utf8' }));
  const blockOf = (p: number) => Math.floor((ephemeralStart - p - 1) / 1000);
  const [zero, one] = [inJob('0'), inJob('1')];
  t.not(blockOf(zero), blockOf(one), `jobs 0 and 1 take their ports from different blocks (${zero}, ${one})`);
});

t.test('a port in use is passed over', async (t) => {
  const first = await freePort();
  const base = ephemeralStart - 12_000 + (Number(process.env.TAP_JOB_ID ?? 0) % 12) * 1000;
  t.ok(first >= base && first < base + 1000, `${first} is in this job's block ${base}-${base + 999}`);
  // Hold every other port of the block, then let one go: freePort must find that one.
  const held = new Map<number, Server>();
  t.teardown(() => held.forEach((s) => s.close()));
  for (let port = base; port < base + 1000; port++) {
    if (port === first) continue;
    const server = createServer();
    const bound = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (bound) held.set(port, server);
  }
  const left = [...held.keys()][Math.floor(held.size / 2)]!;
  await new Promise((resolve) => held.get(left)!.close(resolve));
  held.delete(left);
  t.equal(await freePort(), left, 'the one port left free in the block');
});
