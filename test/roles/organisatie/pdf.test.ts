import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import type { components } from '../../../src/generated/api.js';
import { contentDigestMatches } from '../../../src/protocol/content-digest.js';
import type { PublishedKey } from '../../../src/protocol/verify-document.js';
import { formatEuro } from '../../../src/sdk/opmaak.js';
import { verifyCertifiedPdf } from '../../../src/weergave/pdf-controle.js';
import { bearer, RDW, startTestService } from '../../helpers/service.js';

type FinancieleVerplichtingenDocument = components['schemas']['FinancieleVerplichtingenDocument'];

/** Jeroen Bakker: arrears at Tilburg with reminder costs and interest (the seed). */
const ACHTERSTAND = '999990019';
const SANNE = '999993653';
/** A valid test BSN that the seed gives nothing. */
const ZONDER_GEGEVENS = '999990135';

t.test('Accept: application/pdf gives a PDF that shows the signed document and carries its JWS', async (t) => {
  // A fixed clock: the saldo's moment is "now", and both representations must agree on it.
  const service = await startTestService(t, { now: () => new Date('2026-11-28T10:00:00Z') });
  const headers = bearer(await service.tokenFor(ACHTERSTAND));
  const json = await service.get('/v1/financiele-verplichtingen', headers);
  const res = await service.get('/v1/financiele-verplichtingen', { ...headers, accept: 'application/pdf' });
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^application\/pdf/);
  t.equal(res.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
  t.ok(await contentDigestMatches(res.rawPayload, String(res.headers['content-digest'])), 'Content-Digest covers the PDF bytes');
  t.ok(res.rawPayload.length < 100_000, `under 100 KB (${res.rawPayload.length} bytes)`);

  const keys = (await service.get('/v1/sleutels')).json() as { keys: PublishedKey[] };
  const checked = await verifyCertifiedPdf(res.rawPayload, keys);
  t.equal(checked.verified.header.kid, service.ctx.keyring.active.kid);
  const signed = JSON.parse(Buffer.from(checked.verified.payload).toString('utf8')) as FinancieleVerplichtingenDocument;
  const fresh = json.json() as FinancieleVerplichtingenDocument;
  t.equal(signed.onderwerp.bsn, ACHTERSTAND, 'the attachment is the document of the citizen in the token');
  t.same(signed.gegevens.financiele_zaken, fresh.gegevens.financiele_zaken, 'the attachment has the same data as the JSON document');
  t.ok(checked.bedragen >= 10, `the pages' amounts are checked (${checked.bedragen})`);

  // The pages as a reader sees them (poppler, not our own parser): the seed's amounts in Dutch.
  const dir = t.testdir();
  const file = join(dir, 'document.pdf');
  writeFileSync(file, res.rawPayload);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  t.match(text, 'Overzicht van uw financiële verplichtingen');
  t.ok(text.includes(formatEuro(signed.gegevens.saldo)), `shows the saldo ${formatEuro(signed.gegevens.saldo)}`);
  t.ok(text.includes('Achterstallig'), 'shows the arrears status in Dutch');
  t.match(text, /BSN 999990019/);
  t.match(text, /Zo controleert u dit document/);
  t.match(execFileSync('pdfdetach', ['-list', file], { encoding: 'utf8' }), /1: document\.jose/, 'the JWS is an embedded file');

  // It opens: poppler renders the first page to a PNG.
  execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', file, join(dir, 'pagina')]);
  const png = readFileSync(join(dir, 'pagina-1.png'));
  t.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  t.ok(statSync(join(dir, 'pagina-1.png')).size > 5_000, 'the rendered page is not blank');
});

t.test('an empty document says "Geen gegevens" and still verifies; RDW documents render too', async (t) => {
  const service = await startTestService(t);
  const keys = (await service.get('/v1/sleutels')).json() as { keys: PublishedKey[] };
  const empty = await service.get('/v1/financiele-verplichtingen', { ...bearer(await service.tokenFor(ZONDER_GEGEVENS)), accept: 'application/pdf' });
  t.equal(empty.statusCode, 200);
  const checked = await verifyCertifiedPdf(empty.rawPayload, keys);
  t.same((checked.document as FinancieleVerplichtingenDocument).gegevens.financiele_zaken, []);
  const dir = t.testdir();
  writeFileSync(join(dir, 'leeg.pdf'), empty.rawPayload);
  t.match(execFileSync('pdftotext', [join(dir, 'leeg.pdf'), '-'], { encoding: 'utf8' }), /Geen gegevens: Gemeente Tilburg \(demo\) heeft geen financiële verplichtingen/);

  const rdw = await startTestService(t, { env: { ORGANISATION_OIN: RDW } });
  const rdwKeys = (await rdw.get('/v1/sleutels')).json() as { keys: PublishedKey[] };
  const rdwHeaders = { ...bearer(await rdw.tokenFor(SANNE)), accept: 'application/pdf' };
  for (const path of ['/v1/rijbewijs', '/v1/voertuigen', '/v1/vaartuigen']) {
    const res = await rdw.get(path, rdwHeaders);
    t.equal(res.statusCode, 200, path);
    await verifyCertifiedPdf(res.rawPayload, rdwKeys);
    writeFileSync(join(dir, 'rdw.pdf'), res.rawPayload);
    const text = execFileSync('pdftotext', [join(dir, 'rdw.pdf'), '-'], { encoding: 'utf8' });
    if (path === '/v1/rijbewijs') {
      t.match(text, /01: bril of contactlenzen/, 'licence restrictions in words');
      t.match(text, /Politie \(demo\)/, 'the raadplegingen');
    }
  }
});

t.test('an Accept the operation does not offer is 406; no token is 401', async (t) => {
  const service = await startTestService(t);
  const headers = bearer(await service.tokenFor(SANNE));
  const html = await service.get('/v1/financiele-verplichtingen', { ...headers, accept: 'text/html' });
  t.equal(html.statusCode, 406);
  t.match(html.json(), { detail: /application\/pdf/ }, 'the 406 names what the operation does offer');
  t.equal((await service.get('/v1/organisatie', { accept: 'application/pdf' })).statusCode, 406, 'discovery has no PDF');
  const anonymous = await service.get('/v1/financiele-verplichtingen', { accept: 'application/pdf' });
  t.equal(anonymous.statusCode, 401);
  t.match(anonymous.headers['content-type'], /^application\/problem\+json/);
  const discovery = (await service.get('/v1/organisatie')).json() as components['schemas']['Organisatie'];
  t.same(discovery.documenten[0]!.mediatypen, ['application/json', 'application/jose', 'application/pdf'], 'discovery lists the PDF');
});
