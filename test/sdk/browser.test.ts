import { join } from 'node:path';
import { build } from 'esbuild';
import t from 'tap';

const root = join(import.meta.dirname, '../..');

t.test('the SDK core bundles for the browser: no node: module anywhere in it', async (t) => {
  const result = await build({
    entryPoints: [join(root, 'src/sdk/index.ts')],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  t.same(inputs.filter((i) => i.startsWith('node:')), [], 'no node: import');
  t.ok(inputs.some((i) => i.includes('src/protocol/stelseldocument.ts')), 'the wire rules are in it');
  t.ok(inputs.some((i) => i.includes('src/generated/contracts/')), 'the contracts are compiled in');
  t.notOk(inputs.some((i) => i.includes('src/sdk/node.ts')), 'the Node entry is not');
  t.ok(result.outputFiles[0]!.text.length > 0);
});

t.test('the Node entry is the only part that needs Node', async (t) => {
  await t.rejects(
    build({ entryPoints: [join(root, 'src/sdk/node.ts')], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent' }),
    /node:fs/,
    'bundling the Node entry for the browser fails on node:fs, so the check above can fail',
  );
});
