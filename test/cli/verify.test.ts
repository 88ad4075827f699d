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

t.test('npm run verify after a key compromise: the stored document is refused, and the citizen is told to fetch a new one', async (t) => {
  const service = await startTestService(t);
  const headers = { ...bearer(await service.tokenFor('999993653')), accept: 'application/jose' };
  const dir = t.testdir();
  const document = join(dir, 'document.jose');
  writeFileSync(document, (await service.get('/v1/financiele-verplichtingen', headers)).body);
  const stolen = service.ctx.keyring.active.kid;
  await service.ctx.keyring.rotate();
  const verifyWith = async (name: string) => {
    const keys = join(dir, name);
    writeFileSync(keys, (await service.get('/v1/sleutels')).body);
    return runEntry('src/cli/verify.ts', ['--keys', keys, '--jws', document], {});
  };

  await service.ctx.keyring.revoke(stolen, 'buiten-gebruik');
  const retired = await verifyWith('na-uitfasering.json');
  t.equal(retired.status, 0, 'retired and destroyed: what it signed before stays valid');
  t.match(retired.stdout, /^Geldig/);

  await service.ctx.keyring.revoke(stolen, 'gecompromitteerd');
  const compromised = await verifyWith('na-compromittering.json');
  t.equal(compromised.status, 1, 'compromised: refused, whatever its sigT says');
  t.match(compromised.stderr, /Ongeldig \(ERR_DOCUMENT_REVOKED_KEY\).*gecompromitteerd.*Vraag een nieuw exemplaar op/s);
  const fresh = join(dir, 'nieuw.jose');
  writeFileSync(fresh, (await service.get('/v1/financiele-verplichtingen', headers)).body);
  const again = runEntry('src/cli/verify.ts', ['--keys', join(dir, 'na-compromittering.json'), '--jws', fresh], {});
  t.equal(again.status, 0, 'a new copy, signed with the new key, verifies');
});
