import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { runEntry } from '../helpers/processes.js';
import { bearer, startTestService } from '../helpers/service.js';

t.test('npm run verify checks a stored document offline, in both forms', async (t) => {
  const service = await startTestService(t);
  const headers = bearer(await service.tokenFor('999993653'));
  const dir = t.testdir();
  const file = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const keys = file('sleutels.json', (await service.get('/v1/sleutels')).body);
  const jose = await service.get('/v1/financiele-verplichtingen', { ...headers, accept: 'application/jose' });
  const json = await service.get('/v1/financiele-verplichtingen', headers);

  const compact = runEntry('src/cli/verify.ts', ['--keys', keys, '--jws', file('document.jose', jose.body)], {});
  t.equal(compact.status, 0, compact.stderr);
  t.match(compact.stdout, /^Geldig: financiele-verplichtingen van .* \(OIN 00000099000000000001\)/);

  const detached = runEntry(
    'src/cli/verify.ts',
    ['--keys', keys, '--document', file('document.json', json.rawPayload), '--signature', String(json.headers['payload-signature']), '--digest', String(json.headers['content-digest'])],
    {},
  );
  t.equal(detached.status, 0, detached.stderr);

  const changed = Buffer.from(json.rawPayload);
  changed.writeUInt8(changed.readUInt8(changed.length - 3) ^ 1, changed.length - 3);
  const tampered = runEntry('src/cli/verify.ts', ['--keys', keys, '--document', file('tampered.json', changed), '--signature', String(json.headers['payload-signature'])], {});
  t.equal(tampered.status, 1);
  t.match(tampered.stderr, /Ongeldig \(ERR_DOCUMENT_SIGNATURE\)/);
});
