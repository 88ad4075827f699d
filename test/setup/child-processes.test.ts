/**
 * The processes a test starts run without tap's process tracking (test/setup/child-processes.ts):
 * it was most of a short child's CPU, and its coverage from a child broke the report. The test
 * process itself keeps it: its coverage is the suite's.
 */
import { execFileSync } from 'node:child_process';
import t from 'tap';
import { withoutTracking } from './child-processes.js';

/** Where @tapjs/processinfo keeps its record in every process it tracks. */
const RECORD = '@tapjs/processinfo.ProcessInfoNodeData';
/** The same check, as code for a child to run. */
const TRACKED = `String(globalThis[Symbol.for('${RECORD}')] !== undefined)`;

t.ok((globalThis as Record<symbol, unknown>)[Symbol.for(RECORD)], 'the test process itself is tracked (the check below would see tracking)');

t.test('a child and its own children are not tracked', async (t) => {
  const child = execFileSync(process.execPath, ['-e', `process.stdout.write(${TRACKED})`], { encoding: 'utf8' });
  t.equal(child, 'false', 'a node started by the test');
  const grandchild = execFileSync('sh', ['-c', `"${process.execPath}" -e "process.stdout.write(${TRACKED.replace(/"/g, '\\"')})"`], { encoding: 'utf8' });
  t.equal(grandchild, 'false', 'a node started by a shell the test started');
});

t.test("a child keeps the test's other NODE_OPTIONS", async (t) => {
  const printed = execFileSync(process.execPath, ['-e', 'process.stdout.write(JSON.stringify([process.env.NODE_OPTIONS, v8.getHeapStatistics().heap_size_limit]))'], {
    env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=96 --no-deprecation' },
    encoding: 'utf8',
  });
  const [nodeOptions, heapLimit] = JSON.parse(printed) as [string, number];
  // The tracking's hook writes each option quoted.
  t.equal(nodeOptions.replace(/"/g, ''), '--max-old-space-size=96 --no-deprecation', 'as given, without the tracking');
  t.ok(heapLimit < 200 * 1024 * 1024, `and they apply (heap limit ${heapLimit})`);
});

t.test('withoutTracking takes out the loader in each way it can be written, and nothing else', async (t) => {
  const loader = 'file:///repo/node_modules/@tapjs/processinfo/dist/esm/import.mjs';
  t.equal(withoutTracking(`"--import=${loader}"`), '');
  t.equal(withoutTracking(`--import=${loader}`), '');
  t.equal(withoutTracking(`--import ${loader} --enable-source-maps`), '--enable-source-maps');
  t.equal(withoutTracking(`--require C:\\repo\\node_modules\\@tapjs\\processinfo\\dist\\cjs\\cjs.js`), '');
  t.equal(withoutTracking(`--max-old-space-size=96 "--import=${loader}" --import=tsx`), '--max-old-space-size=96 --import=tsx');
  t.equal(withoutTracking('"--title=a b" --trace-warnings'), '"--title=a b" --trace-warnings', 'quoted options stay as written');
  t.equal(withoutTracking(''), '');
});
