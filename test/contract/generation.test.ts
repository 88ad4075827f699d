import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import t from 'tap';
import { loadContract } from '../../src/contract/contract.js';
import { contractOperations, registerContractRoutes } from '../../src/contract/routes.js';

t.test('regenerating the TypeScript types from the contract changes nothing', async (t) => {
  const out = join(t.testdir(), 'api.ts');
  execFileSync(process.execPath, ['node_modules/openapi-typescript/bin/cli.js', 'openapi/blauwe-knop.yaml', '-o', out], { stdio: 'pipe' });
  t.equal(readFileSync(out, 'utf8'), readFileSync('src/generated/api.ts', 'utf8'), 'src/generated/api.ts is what the contract generates');
});

t.test('start-up refuses a service that does not match its contract', async (t) => {
  const contract = loadContract();
  const handlers = Object.fromEntries(contractOperations(contract).map((op) => [op.operationId, async () => ({})]));
  const { ophalenSleutels: _removed, ...missingOne } = handlers;
  t.throws(() => registerContractRoutes(Fastify(), contract, '/v1', missingOne), /without a handler: ophalenSleutels \(GET \/sleutels\)/);
  t.throws(() => registerContractRoutes(Fastify(), contract, '/v1', { ...handlers, ophalenIets: async () => ({}) }), /handlers without an operation in the contract: ophalenIets/);
  t.doesNotThrow(() => registerContractRoutes(Fastify(), contract, '/v1', handlers));
});

t.test('the contract drives the routes: documents are signed, secured and negotiable', async (t) => {
  const operations = contractOperations(loadContract());
  const documents = operations.filter((op) => op.certified);
  t.same(documents.map((op) => op.documenttype).sort(), ['financiele-verplichtingen', 'rijbewijs', 'vaartuigen', 'voertuigen']);
  for (const op of documents) {
    t.ok(op.secured, `${op.operationId} needs a token`);
    t.same(op.produces, ['application/json', 'application/jose'], `${op.operationId} offers JSON and JOSE`);
  }
  t.same(operations.filter((op) => op.openToAllOrigins).map((op) => op.path).sort(), ['/openapi.json', '/openapi.yaml', '/organisatie', '/sleutels']);
});
