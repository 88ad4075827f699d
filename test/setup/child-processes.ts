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
// (its fixtures and snapshots) and adds the two folders. Our sources are still tracked, so
// coverage of what a child runs is unchanged.
process.env._TAPJS_PROCESSINFO_EXCLUDE_ = String(
  /(^(node|tapmock):|[\\/](\.tap|tap-snapshots|node_modules)[\\/]|[\\/]src[\\/]generated[\\/])/,
);
