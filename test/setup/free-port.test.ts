/**
 * The ports the tests give the services they start in other processes (test/helpers/processes.ts
 * says why they are chosen this way): below the kernel's ephemeral range, in this tap job's own
 * block, free, and never the same twice.
 */
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import t from 'tap';
import { ephemeralRangeStart, freePort, portBlock } from '../helpers/processes.js';

const ephemeralStart = ephemeralRangeStart();
const inBlock = (port: number, { first, last }: { first: number; last: number }) => port >= first && port <= last;
// Every port this file has been handed: freePort never hands one out twice, so the port the last
// test leaves free must not be one of these (CI once picked one of the first test's 50 and failed).
const received = new Set<number>();
const take = async () => {
  const port = await freePort();
  received.add(port);
  return port;
};

t.test('ports come from below the ephemeral range, from this job’s block, each once', async (t) => {
  const ports: number[] = [];
  for (let i = 0; i < 50; i++) ports.push(await take());
  t.equal(new Set(ports).size, ports.length, 'no port is handed out twice');
  t.ok(ports.every((p) => p < ephemeralStart), `every port lies below ${ephemeralStart}, where outgoing connections take theirs`);
  const block = portBlock();
  t.ok(ports.every((p) => inBlock(p, block)), `all from this job's block ${block.first}-${block.last}`);
});

t.test('another tap job gets another block', async (t) => {
  const script = "import('./test/helpers/processes.ts').then(async (m) => process.stdout.write(String(await m.freePort())))";
  const inJob = (job: string) =>
    Number(execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { env: { ...process.env, TAP_JOB_ID: job }, encoding: 'utf8' }));
  const [zero, one] = [inJob('0'), inJob('1')];
  t.ok(inBlock(zero, portBlock('0')) && inBlock(one, portBlock('1')), `job 0 took ${zero} from its block, job 1 ${one} from its own`);
  t.ok(portBlock('0').last < portBlock('1').first, 'and the two blocks do not overlap');
});

t.test('a port in use is passed over', async (t) => {
  const first = await take();
  const block = portBlock();
  t.ok(inBlock(first, block), `${first} is in this job's block ${block.first}-${block.last}`);
  // Hold every other port of the block, then let one go: freePort must find that one.
  const held = new Map<number, Server>();
  t.teardown(() => held.forEach((s) => s.close()));
  for (let port = block.first; port <= block.last; port++) {
    if (port === first) continue;
    const server = createServer();
    const bound = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (bound) held.set(port, server);
  }
  const candidates = [...held.keys()].filter((port) => !received.has(port));
  const left = candidates[Math.floor(candidates.length / 2)]!;
  await new Promise((resolve) => held.get(left)!.close(resolve));
  held.delete(left);
  t.equal(await freePort(), left, 'the one port left free in the block');
});
