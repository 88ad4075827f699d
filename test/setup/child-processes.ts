// Loaded into every test process (.taprc, node-arg) after tap's own process tracking
// (@tapjs/processinfo), which follows each child a test starts: the service, the CLIs, the
// demo. For every module a child loads, processinfo records the file and works out its line
// lengths and source map, for coverage and `tap --changed`. For node_modules and the
// generated Prisma clients that is work nobody reads (coverage excludes both, and they do
// not change between runs), and it was about a third of the CPU the children used in a
// CPU profile of every process of the suite (2026-12-02): Prisma's query compiler alone is a
// 4.4 MB module, about half a second per child that opens a database.
//
// tap sets the test process's own pattern; a child takes the pattern from its parent's
// environment, so this one applies to the children only. It keeps tap's own exclusions
// (its fixtures and snapshots) and adds the two folders. Our sources are still tracked (for
// `tap --changed`).
process.env._TAPJS_PROCESSINFO_EXCLUDE_ = String(
  /(^(node|tapmock):|[\\/](\.tap|tap-snapshots|node_modules)[\\/]|[\\/]src[\\/]generated[\\/])/,
);

// And no coverage from the children. A child runs our sources through tsx (esbuild), the test
// processes through ts-node (swc): two different compilations of the same file. tap merges the
// raw V8 coverage of every process by file before mapping it back to the TypeScript, so byte
// ranges of one compilation were read against the source map of the other, whichever process
// came first. The report then lost most of its statements, differently from run to run (its
// total ranged from 2,822 to 19,208 statements for the same sources; five test files of which
// one starts CLIs: 248, against 14,299 without that one). Coverage therefore counts what the
// test processes run; what only a child runs (CLI entry points, start-up) is proven by the
// tests' assertions on the child, not by a percentage. tap starts its own coverage before this
// file loads, so this reaches the children only. (It did not make the suite measurably faster:
// a whole pass took 10 min 20 s with it, against 9 min 39 s without, within this machine's noise.)
process.env._TAPJS_PROCESSINFO_COVERAGE_ = '0';
