import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compactVerify, importJWK, type JWK } from 'jose';
import t from 'tap';
import { generateAppKey } from '../helpers/centraal.js';
import { freePort, runEntry, startServer } from '../helpers/processes.js';
import { testDatabaseUrl, testDataDir } from '../helpers/service.js';

t.test('by hand: the operator started with BK_ROLE, changed with the stelsel command while it runs', async (t) => {
  const dataDir = testDataDir(t);
  const databaseUrl = await testDatabaseUrl(t);
  const port = await freePort();
  const env = { BK_ROLE: 'stelselbeheerder', DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
  const server = await startServer(env);
  t.teardown(() => server.stop());
  t.match(server.output(), /"role":"stelselbeheerder"/);

  const key = await generateAppKey();
  const file = join(dataDir, 'am.jwk');
  writeFileSync(file, JSON.stringify({ ...key.publicJwk, kid: 'am-1' }));
  const added = runEntry('src/cli/stelsel.ts', ['add-app-manager', '--id', 'demo-app-beheerder', '--name', 'App-beheerder (demo)', '--url', 'http://localhost:8099/v1', '--keys-file', file], env);
  t.equal(added.status, 0, added.stderr);
  t.match(added.stdout, /App-beheerder demo-app-beheerder met 1 sleutel\(s\): am-1/);
  t.match(added.stdout, /Gepubliceerd: sha256:/);

  const pinned = JSON.parse(readFileSync(join(dataDir, 'stelselbeheerder.publieke-sleutel.jwk'), 'utf8')) as JWK;
  const res = await fetch(`http://127.0.0.1:${port}/v1/stelseldocument`);
  t.equal(res.status, 200);
  const { payload } = await compactVerify(await res.text(), await importJWK(pinned, 'ES256'));
  const document = JSON.parse(Buffer.from(payload).toString('utf8')) as { app_beheerders: { id: string }[] };
  t.same(document.app_beheerders.map((b) => b.id), ['demo-app-beheerder'], 'the running operator serves the change');

  const usage = runEntry('src/cli/stelsel.ts', ['onbekend'], env);
  t.equal(usage.status, 2);
  t.match(usage.stderr, /Gebruik: npm run stelsel/);
});
