import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import t from 'tap';
import type { components } from '../../../src/generated/api.js';
import type { PublishedKey } from '../../../src/protocol/verify-document.js';
import { certifiedPdf } from '../../../src/weergave/pdf.js';
import { verifyCertifiedPdf } from '../../../src/weergave/pdf-controle.js';
import { failureReason } from '../../helpers/verification.js';
import { bearer, RDW, startTestService } from '../../helpers/service.js';

type FinancieleVerplichtingenDocument = components['schemas']['FinancieleVerplichtingenDocument'];

/** Jeroen Bakker: arrears at Tilburg with reminder costs and interest (the seed). */
const ACHTERSTAND = '999990019';
const SANNE = '999993653';

t.test('tampering with the attachment or with the visible text is detected', async (t) => {
  const service = await startTestService(t);
  const headers = bearer(await service.tokenFor(ACHTERSTAND));
  const keys = (await service.get('/v1/sleutels')).json() as { keys: PublishedKey[] };
  const jws = (await service.get('/v1/financiele-verplichtingen', { ...headers, accept: 'application/jose' })).body;
  const genuine = (await service.get('/v1/financiele-verplichtingen', { ...headers, accept: 'application/pdf' })).rawPayload;
  t.equal(await failureReason(verifyCertifiedPdf(genuine, keys)), 'verified');
  const [header, payload, signature] = jws.split('.') as [string, string, string];
  const document = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as FinancieleVerplichtingenDocument;
  const lower = structuredClone(document);
  lower.gegevens.saldo = 100;
  lower.gegevens.financiele_zaken[0]!.saldo = 100;

  // A forger rebuilds the PDF with a lower saldo in the attachment, keeping the signature.
  const forgedJws = `${header}.${Buffer.from(JSON.stringify(lower)).toString('base64url')}.${signature}`;
  t.equal(await failureReason(verifyCertifiedPdf(await certifiedPdf(lower, forgedJws), keys)), 'handtekening', 'a changed attachment breaks the signature');

  // The pages show a lower saldo while the genuine JWS stays attached.
  const pagesChanged = await certifiedPdf(lower, jws);
  t.equal(await failureReason(verifyCertifiedPdf(pagesChanged, keys)), 'tekst-wijkt-af', 'changed amounts on the pages are found');
  await t.rejects(verifyCertifiedPdf(pagesChanged, keys), { message: /de pagina toont € 1,00, het ondertekende document zegt € \d/ }, 'the message names the changed amount');

  // An editor writes over the genuine PDF: one extra line of text on page 1.
  const edited = await PDFDocument.load(genuine);
  edited.getPage(0).drawText('Betaald: € 0,00', { x: 300, y: 400, size: 10, font: await edited.embedFont(StandardFonts.Helvetica) });
  t.equal(await failureReason(verifyCertifiedPdf(await edited.save(), keys)), 'tekst-wijkt-af', 'text added in a PDF editor is found');

  // A PDF without the attachment, and something that is not a PDF.
  const bare = await PDFDocument.create();
  bare.addPage().drawText('Gewaarmerkt', { x: 50, y: 700 });
  t.equal(await failureReason(verifyCertifiedPdf(await bare.save(), keys)), 'geen-bijlage');
  t.equal(await failureReason(verifyCertifiedPdf(Buffer.from('geen pdf'), keys)), 'geen-pdf');
});

t.test('the PDF is also signed with the X.509 certificate (PAdES-style), which PDF readers check', async (t) => {
  const service = await startTestService(t);
  const headers = { ...bearer(await service.tokenFor(ACHTERSTAND)), accept: 'application/pdf' };
  const dir = t.testdir();
  const file = join(dir, 'ondertekend.pdf');
  const pdf = (await service.get('/v1/financiele-verplichtingen', headers)).rawPayload;
  writeFileSync(file, pdf);
  const pdfsig = (path: string) => {
    try {
      return execFileSync('pdfsig', [path], { encoding: 'utf8' });
    } catch (error) {
      return String((error as { stdout?: string }).stdout ?? '');
    }
  };
  const report = pdfsig(file);
  t.match(report, /Signature Validation: Signature is Valid\./, 'poppler validates the signature');
  t.match(report, /Signer Certificate Common Name: Gemeente Tilburg \(demo\) - ontwikkelcertificaat/, 'a development certificate, named as such');
  t.match(report, /Total document signed/);
  const keys = (await service.get('/v1/sleutels')).json() as { keys: PublishedKey[] };
  t.equal(await failureReason(verifyCertifiedPdf(pdf, keys)), 'verified', 'the signed PDF still verifies with npm run verify');

  // One byte changed inside the signed range: the PDF signature no longer holds.
  const changed = Buffer.from(pdf);
  const at = changed.indexOf('595.28');
  t.ok(at > 0 && at < pdf.indexOf('/ByteRange'), 'a page size inside the first signed range');
  changed.write('595.29', at, 'latin1');
  writeFileSync(join(dir, 'gewijzigd.pdf'), changed);
  t.notMatch(pdfsig(join(dir, 'gewijzigd.pdf')), /Signature is Valid/, 'a changed byte breaks the PDF signature');

  // Production: the organisation's own certificate from PDF_CERTIFICAAT_FILE / PDF_SLEUTEL_FILE.
  const own = join(service.dataDir, 'pdf-certificaat', `${service.ctx.organisation.oin}`);
  const rdw = await startTestService(t, { env: { ORGANISATION_OIN: RDW, PDF_CERTIFICAAT_FILE: `${own}.crt.pem`, PDF_SLEUTEL_FILE: `${own}.key.pem` } });
  const rdwPdf = (await rdw.get('/v1/voertuigen', { ...bearer(await rdw.tokenFor(SANNE)), accept: 'application/pdf' })).rawPayload;
  writeFileSync(join(dir, 'rdw.pdf'), rdwPdf);
  t.match(pdfsig(join(dir, 'rdw.pdf')), /Common Name: Gemeente Tilburg \(demo\) - ontwikkelcertificaat/, 'the configured certificate is used, not a generated one');
});
