import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import t from 'tap';
import { parse } from 'yaml';
import { bundledFiles, typeFiles } from '../../scripts/contracts.js';
import { BUNDLED_CONTRACT_FILES, loadContract, type ContractRole } from '../../src/contract/contract.js';
import { contractOperations } from '../../src/contract/operations.js';
import { registerContractRoutes } from '../../src/contract/routes.js';

t.test('re-bundling the contracts changes nothing committed', async (t) => {
  const files = await bundledFiles();
  t.same([...files.keys()].filter((file) => file.startsWith('openapi/')).sort(), Object.values(BUNDLED_CONTRACT_FILES).sort(), 'one bundle per national contract');
  for (const [file, text] of files) t.equal(readFileSync(file, 'utf8'), text, `${file} is what npm run bundle writes`);
});

t.test('regenerating the TypeScript types from the bundles changes nothing', async (t) => {
  for (const [file, text] of await typeFiles()) t.equal(readFileSync(file, 'utf8'), text, `${file} is what npm run generate writes`);
});

t.test('each role loads exactly its committed bundle, without reading it', async (t) => {
  for (const [role, file] of Object.entries(BUNDLED_CONTRACT_FILES) as [ContractRole, string][]) {
    const contract = loadContract(role);
    t.same(contract.document, parse(readFileSync(file, 'utf8')), `${role}: the compiled-in contract is ${file}`);
    t.same(parse(contract.yaml), contract.document, `${role}: the served YAML is the same document`);
    t.same(JSON.parse(contract.json), contract.document, `${role}: the served JSON is the same document`);
  }
});

t.test('the shared components exist once: the bundles carry the same Probleem, Sleutel and burgerToken', async (t) => {
  const shared = (role: ContractRole, section: string, name: string) => loadContract(role).document.components[section]?.[name];
  for (const [section, name] of [
    ['schemas', 'Probleem'],
    ['schemas', 'Invoerfout'],
    ['schemas', 'Sleutel'],
    ['schemas', 'Sleutelset'],
    ['headers', 'API-Version'],
    ['responses', 'OngeldigeInvoer'],
    ['responses', 'Serverfout'],
  ] as const) {
    const copies = (['organisatie', 'app-beheerder', 'stelselbeheerder'] as const).map((role) => shared(role, section, name));
    t.ok(copies[0], `${section}/${name} is in the organisation's contract`);
    t.same(copies[1], copies[0], `${section}/${name}: app manager's = organisation's`);
    t.same(copies[2], copies[0], `${section}/${name}: scheme operator's = organisation's`);
  }
  for (const [section, name] of [
    ['securitySchemes', 'burgerToken'],
    ['responses', 'NietGevonden'],
    ['responses', 'NietGeauthenticeerd'],
    ['parameters', 'DPoP'],
  ] as const) {
    t.ok(shared('organisatie', section, name), `${section}/${name} is in the organisation's contract`);
    t.same(shared('app-beheerder', section, name), shared('organisatie', section, name), `${section}/${name}: app manager's = organisation's`);
  }
});

t.test('the event types of the contract are the discriminator mapping of Gebeurtenis', async (t) => {
  const schemas = loadContract().document.components.schemas as Record<string, { enum?: string[]; discriminator?: { mapping: Record<string, string> } }>;
  t.same(schemas.Gebeurtenistype!.enum, Object.keys(schemas.Gebeurtenis!.discriminator!.mapping));
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
  const forCitizens = documents.filter((op) => op.securitySchemes.includes('burgerToken'));
  t.same(forCitizens.map((op) => op.documenttype).sort(), ['financiele-verplichtingen', 'rijbewijs', 'vaartuigen', 'voertuigen']);
  // Plus: the afnemer reads the licence a consent covers, as a certified document too.
  t.same(
    documents.filter((op) => !forCitizens.includes(op)).map((op) => [op.operationId, op.documenttype, op.securitySchemes]),
    [['ophalenRijbewijsVoorAfnemer', 'rijbewijs', ['afnemerToken']]],
  );
  for (const op of documents) {
    t.ok(op.secured, `${op.operationId} needs a token`);
    t.same(op.produces, ['application/json', 'application/jose', 'application/pdf'], `${op.operationId} offers JSON, JOSE and PDF`);
  }
  t.same(operations.filter((op) => op.openToAllOrigins).map((op) => op.path).sort(), ['/openapi.json', '/openapi.yaml', '/organisatie', '/sleutels']);
});
