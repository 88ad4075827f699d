import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { certifiedPdf } from '../../src/weergave/pdf.js';
import { runEntry } from '../helpers/processes.js';
import { bearer, startTestService } from '../helpers/service.js';

t.test('npm run verify -- --pdf checks the attached JWS and the pages, and names what was changed', async (t) => {
  const service = await startTestService(t);
  const headers = bearer(await service.tokenFor('999990019'));
  const dir = t.testdir();
  const keys = join(dir, 'sleutels.json');
  writeFileSync(keys, (await service.get('/v1/sleutels')).body);
  const pdf = await service.get('/v1/financiele-verplichtingen', { ...headers, accept: 'application/pdf' });
  writeFileSync(join(dir, 'document.pdf'), pdf.rawPayload);
  const ok = runEntry('src/cli/verify.ts', ['--keys', keys, '--pdf', join(dir, 'document.pdf')], {});
  t.equal(ok.status, 0, ok.stderr);
  t.match(ok.stdout, /^Geldig: financiele-verplichtingen van Gemeente Tilburg \(demo\).*De pagina's tonen precies het ondertekende document \(\d+ bedragen gecontroleerd\)/);

  // The pages claim a smaller saldo than the attached, signed document.
  const jws = (await service.get('/v1/financiele-verplichtingen', { ...headers, accept: 'application/jose' })).body;
  const document = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8')) as Parameters<typeof certifiedPdf>[0] & { gegevens: { saldo: number } };
  writeFileSync(join(dir, 'vervalst.pdf'), await certifiedPdf({ ...document, gegevens: { ...document.gegevens, saldo: 1 } } as typeof document, jws));
  const forged = runEntry('src/cli/verify.ts', ['--keys', keys, '--pdf', join(dir, 'vervalst.pdf')], {});
  t.equal(forged.status, 1);
  t.match(forged.stderr, /Ongeldig \(tekst-wijkt-af\).*de pagina toont € 0,01/);
});
