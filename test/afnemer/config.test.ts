import { statSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { AfnemerConfigError, loadAfnemerConfig, RIJBEWIJS_MELDER_ID } from '../../src/afnemer/config.js';
import { DEVELOPMENT_KEY_FILE, loadAfnemerSleutel } from '../../src/afnemer/sleutel.js';
import { runEntry } from '../helpers/processes.js';
import { testDataDir } from '../helpers/service.js';

t.test('development defaults: the rijbewijs-melder, the demo folder, polling every 30 s', async (t) => {
  const config = loadAfnemerConfig({});
  t.equal(config.id, RIJBEWIJS_MELDER_ID);
  t.match(config.dataDir, /data\/demo\/rijbewijs-melder$/);
  t.equal(config.pollSeconden, 30);
  t.equal(config.publicBaseUrl, 'http://localhost:8097/v1');
});

t.test('production needs its key, an https delivery URL and the scheme; every problem is named at once', async (t) => {
  const error = t.throws(() => loadAfnemerConfig({ BK_ENVIRONMENT: 'production', PUBLIC_BASE_URL: 'http://afnemer.example/v1', AFNEMER_POLL_SECONDEN: 'vaak' })) as AfnemerConfigError;
  t.type(error, AfnemerConfigError);
  t.same(error.problems.map((p) => p.split(':')[0]).sort(), ['AFNEMER_POLL_SECONDEN', 'AFNEMER_SLEUTEL_FILE', 'PUBLIC_BASE_URL', 'STELSEL_URL']);
  t.throws(() => loadAfnemerConfig({ STELSEL_URL: 'http://127.0.0.1:1/v1' }), /STELSEL_SLEUTEL/);
});

t.test('the development key is generated once, private to its owner, and the same on every start', async (t) => {
  const dataDir = testDataDir(t);
  const first = await loadAfnemerSleutel({ dataDir });
  const second = await loadAfnemerSleutel({ dataDir });
  t.same(second.publiek, first.publiek);
  t.equal(statSync(join(dataDir, DEVELOPMENT_KEY_FILE)).mode & 0o777, 0o600);
  t.notOk('d' in first.publiek, 'the public half has no private member');
  t.equal(first.publiek.kid, first.appKey.thumbprint);
  const cli = runEntry('src/afnemer/cli.ts', ['sleutel'], { DATA_DIR: dataDir });
  t.equal(cli.status, 0, cli.stderr);
  t.same(JSON.parse(cli.stdout), first.publiek, 'npm run afnemer -- sleutel prints the key the scheme needs');
  const usage = runEntry('src/afnemer/cli.ts', ['onzin'], { DATA_DIR: dataDir });
  t.equal(usage.status, 2);
  const serveWithoutScheme = runEntry('src/afnemer/cli.ts', ['serve'], { DATA_DIR: dataDir, PORT: '0' });
  t.equal(serveWithoutScheme.status, 1);
  t.match(serveWithoutScheme.stderr, /STELSEL_URL/, 'it does not serve without a scheme to verify against');
});
