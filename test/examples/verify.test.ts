import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { verifyWithJose } from '../../examples/verify/verify-with-jose.js';
import { verifyWithWebCrypto } from '../../examples/verify/verify-with-webcrypto.js';
import { REPO_ROOT, startListeningService } from '../helpers/conformance/services.js';

/**
 * The verification examples the README shows, run against a real signed document of our
 * service, so they cannot rot: each accepts it, and refuses it after one byte changed.
 */
t.test('the README verification examples verify a real document and refuse a changed one', async (t) => {
  const { baseUrl, token } = await startListeningService(t);
  const sleutels = (await (await fetch(`${baseUrl}/sleutels`)).json()) as { keys: JsonWebKey[] };
  const response = await fetch(`${baseUrl}/financiele-verplichtingen`, { headers: { authorization: `Bearer ${token}` } });
  t.equal(response.status, 200);
  const body = new Uint8Array(await response.arrayBuffer());
  const signature = response.headers.get('payload-signature')!;
  const digest = response.headers.get('content-digest')!;
  const changed = new Uint8Array(body);
  changed[changed.length - 2] = changed[changed.length - 2] === 0x30 ? 0x31 : 0x30;

  const header = await verifyWithJose(body, signature, digest, sleutels as never);
  t.equal(header.typ, 'bk-document+jws', 'jose: the document verifies');
  t.type(header.sigT, 'string', 'jose: with its signing time');
  await t.rejects(verifyWithJose(changed, signature, digest, sleutels as never), /Content-Digest/, 'jose: a changed body fails the digest');
  const { contentDigest } = await import('../../src/protocol/content-digest.js');
  await t.rejects(verifyWithJose(changed, signature, await contentDigest(changed), sleutels as never), 'jose: and, with a recomputed digest, the signature');

  t.equal(await verifyWithWebCrypto(body, signature, digest, sleutels), true, 'WebCrypto: the document verifies');
  t.equal(await verifyWithWebCrypto(changed, signature, digest, sleutels), false, 'WebCrypto: a changed body fails the digest');
  t.equal(await verifyWithWebCrypto(changed, signature, await contentDigest(changed), sleutels), false, 'WebCrypto: and the signature');

  t.test('capture the headers and run npm run verify -- --document', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'bk-capture-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const script = join(REPO_ROOT, 'examples/verify/capture-and-verify.sh');
    const { stdout } = await promisify(execFile)('sh', [script], { cwd: REPO_ROOT, env: { ...process.env, BASE_URL: baseUrl, TOKEN: token, OUT: dir } });
    t.match(stdout, /^Geldig: financiele-verplichtingen van .* ondertekend op .* \(actief\)/m);
    t.match(readFileSync(join(dir, 'headers.txt'), 'utf8'), /^payload-signature: /im);
  });

  t.test('the README shows each example in full', async (t) => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    for (const file of ['verify-with-jose.ts', 'verify-with-webcrypto.ts', 'capture-and-verify.sh']) {
      const code = readFileSync(join(REPO_ROOT, 'examples/verify', file), 'utf8');
      const shown = code.split('\n').filter((line) => !line.startsWith('//') && !line.startsWith('#')).join('\n').trim();
      t.ok(readme.includes(shown), `${file} as it is in examples/verify/`);
    }
  });
});
