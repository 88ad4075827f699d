import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import t from 'tap';
import { loadConfig, ConfigError } from '../../src/config.js';
import { BUNDLED_CONTRACT_FILES, loadContract, type ContractRole } from '../../src/contract/contract.js';
import { loadDevelopmentContract } from '../../src/roles/app-beheerder/ontwikkel-login.js';
import { contractOperations } from '../../src/contract/operations.js';
import { testDataDir } from '../helpers/service.js';

t.test('each national contract bundle passes our ruleset with zero findings', async (t) => {
  for (const file of Object.values(BUNDLED_CONTRACT_FILES)) {
    const output = execFileSync(process.execPath, ['node_modules/@stoplight/spectral-cli/dist/index.js', 'lint', '--fail-severity=hint', '-r', 'spectral.yaml', '-f', 'json', file], {
      encoding: 'utf8',
    });
    t.same(JSON.parse(output.slice(0, output.lastIndexOf(']') + 1)), [], `${file}: no findings`);
  }
});

t.test('each role serves its own operations', async (t) => {
  const ids = (role: ContractRole) => contractOperations(loadContract(role)).map((op) => op.operationId).sort();
  t.same(ids('stelselbeheerder'), ['ophalenContractJson', 'ophalenContractYaml', 'ophalenSleutels', 'ophalenStelseldocument']);
  t.same(ids('app-beheerder'), [
    'intrekkenAppRegistratie',
    'ophalenContractJson',
    'ophalenContractYaml',
    'ophalenRegistratiestatus',
    'ophalenSleutels',
    'registrerenApp',
    'vernieuwenAppCredential',
  ]);
  t.ok(ids('organisatie').includes('aanmakenSessie'), 'the organisation contract has the session operation');
  const documents = contractOperations(loadContract('organisatie')).filter((op) => op.certified);
  for (const op of documents) t.ok(op.secured, `${op.operationId} is secured (citizen token or session)`);
});

t.test('development-only operations are in no national contract', async (t) => {
  const development = contractOperations(loadDevelopmentContract());
  t.same(development.map((op) => `${op.method} ${op.path}`), ['POST /_ontwikkel-login'], 'the development login has its own contract');
  for (const role of Object.keys(BUNDLED_CONTRACT_FILES) as ContractRole[]) {
    const paths = contractOperations(loadContract(role)).map((op) => op.path);
    t.notOk(paths.some((path) => path.includes('ontwikkel')), `${role}: no development operation`);
    t.notOk(readFileSync(BUNDLED_CONTRACT_FILES[role], 'utf8').includes('ontwikkel-login'), `${role}: the published bundle does not mention it`);
  }
});

t.test('configuration of the roles', async (t) => {
  const config = loadConfig({});
  t.equal(config.role, 'organisatie', 'Basis by default');
  t.same(config.stelsel, { verversSeconden: 10, afnemerstatusSeconden: 10 });
  t.equal(config.sessieStatusSeconden, 5, 'a revoked app keeps an open session at most 5 s');
  t.throws(() => loadConfig({ SESSIE_STATUS_SECONDEN: '61' }), /SESSIE_STATUS_SECONDEN/, 'at most a minute');
  t.equal(config.stelselbeheerder.geldigheidSeconden, 86400);
  t.equal(config.appBeheerder.id, 'demo-app-beheerder');
  t.equal(loadConfig({ BK_ROLE: 'stelselbeheerder', STELSEL_GELDIGHEID_SECONDEN: '3600' }).stelselbeheerder.geldigheidSeconden, 3600);
  t.throws(() => loadConfig({ BK_ROLE: 'beheerder' }), ConfigError, 'an unknown role');
  t.throws(() => loadConfig({ STELSEL_GELDIGHEID_SECONDEN: '90000' }), /STELSEL_GELDIGHEID_SECONDEN/, 'at most 24 hours');
  t.throws(() => loadConfig({ APP_CREDENTIAL_GELDIGHEID_SECONDEN: '3600' }), /APP_CREDENTIAL_GELDIGHEID_SECONDEN/, 'credentials at most 15 minutes');
  t.throws(() => loadConfig({ STELSEL_URL: 'http://localhost:8090/v1' }), /STELSEL_SLEUTEL/, 'a scheme URL needs a pinned key');
  t.doesNotThrow(
    () => loadConfig({ BK_ENVIRONMENT: 'production', BK_ROLE: 'stelselbeheerder', SIGNING_KEY_FILE: '/k.pem', PUBLIC_BASE_URL: 'https://stelsel.example/v1' }),
    'the operator needs no identity provider and no ORGANISATION_OIN in production',
  );
});
