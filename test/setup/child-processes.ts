// Loaded into every test process (.taprc, node-arg), after tap's process tracking
// (@tapjs/processinfo). That tracking adds itself to every process a test starts: at each
// spawn, it puts its loader into the child's NODE_OPTIONS, to record what the child loads, for
// coverage and for `tap --changed`. We use neither from a child:
// - the children run the compiled build (scripts/compiled.ts), the test processes the sources
//   through ts-node (swc). tap merges the raw V8 coverage of every process by file before
//   mapping it back to the TypeScript, so the byte ranges of one compilation were read against
//   the source map of the other. When children still recorded coverage (then compiled by tsx),
//   the report lost most of its statements, differently from run to run (its total ranged from
//   2,822 to 19,208 statements for the same sources). Coverage therefore counts what the test
//   processes run; what only a child runs (CLI entry points, start-up) is proven by the tests'
//   assertions on the child, not by a percentage;
// - a child loads dist/, not the sources `tap --changed` compares.
// And the tracking is most of a short child's cost: its loader thread and its bookkeeping per
// module. `node dist/src/cli/token.js --help` takes 0.36 CPU-s alone and 1.26 with it, over
// more than a hundred processes in each pass of the suite (measured 3 December).
//
// So every process a test starts, and all they start in turn, go without it: this listener
// runs after tracking's own (registered when the test process started, before this file) and
// takes the loader out of the child's NODE_OPTIONS, leaving every other option there.
import { addListener } from 'process-on-spawn';

/** The options of NODE_OPTIONS, each as written (quoted or not), in order. */
const OPTION = /"(?:[^"\\]|\\.)*"|[^\s"]+/g;
const TRACKING = /@tapjs[\\/]processinfo/;
/** Options that take their value as the next word (`--import x`); `--import=x` is one word. */
const TAKES_VALUE = new Set(['--import', '--loader', '--experimental-loader', '--require', '-r']);

export function withoutTracking(nodeOptions: string): string {
  const words = nodeOptions.match(OPTION) ?? [];
  const kept: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const next = words[i + 1];
    if (TAKES_VALUE.has(word) && next !== undefined && TRACKING.test(next)) i++;
    else if (!TRACKING.test(word)) kept.push(word);
  }
  return kept.join(' ');
}

addListener((child) => {
  const nodeOptions = child.env.NODE_OPTIONS;
  if (nodeOptions === undefined || !TRACKING.test(nodeOptions)) return;
  const { NODE_OPTIONS: _, ...env } = child.env;
  const rest = withoutTracking(nodeOptions);
  child.env = rest === '' ? env : { ...env, NODE_OPTIONS: rest };
});
