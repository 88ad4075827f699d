/**
 * The architecture's boundaries (docs/architecture.md), checked in .ci/run:
 * `npx depcruise src --config .dependency-cruiser.cjs`.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'A cycle makes the load order matter and the modules inseparable.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'protocol-only-jose-and-generated',
      severity: 'error',
      comment: 'The wire rules run everywhere (servers, SDK in a browser, checker): jose and the generated contract types only, no node: modules.',
      from: { path: '^src/protocol/' },
      to: { pathNot: ['^src/protocol/', '^src/generated/', '^node_modules/jose/'] },
    },
    {
      name: 'sdk-only-protocol-and-generated',
      severity: 'error',
      comment: 'The SDK is a package apps install: it builds on the wire rules and the generated contract, not on the service.',
      from: { path: '^src/sdk/' },
      to: { path: '^src/', pathNot: ['^src/sdk/', '^src/protocol/', '^src/generated/', '^src/contract/shapes[.]ts$', '^src/contract/contract[.]ts$', '^src/contract/json-schema[.]ts$', '^src/conformance/contract-validator[.]ts$'] },
    },
    {
      name: 'conformance-only-protocol-and-contract',
      severity: 'error',
      comment: 'The conformance kit checks any implementation: it knows the wire rules and the contract, not our service.',
      from: { path: '^src/conformance/' },
      to: { path: '^src/', pathNot: ['^src/conformance/', '^src/protocol/', '^src/contract/', '^src/generated/'] },
    },
    {
      name: 'data-no-http',
      severity: 'error',
      comment: 'Storage knows nothing of HTTP.',
      from: { path: '^src/data/' },
      to: { path: ['^src/http/', '^src/roles/', '^src/auth/', '^node_modules/fastify', '^node_modules/@fastify/'] },
    },
    {
      name: 'roles-do-not-import-each-other',
      severity: 'error',
      comment: 'Each role is assembled on its own; shared code lives outside src/roles/<role>.',
      from: { path: '^src/roles/([^/]+)/' },
      to: { path: '^src/roles/([^/]+)/', pathNot: '^src/roles/$1/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/generated/prisma/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
