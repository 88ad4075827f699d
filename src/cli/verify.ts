import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { contentDigestMatches } from '../protocol/content-digest.js';
import { DocumentVerificationError, verifyCompactDocument, verifyPayloadSignature, type PublishedKey, type VerifiedDocument } from '../protocol/verify-document.js';
import { PdfVerificationError, verifyCertifiedPdf } from '../weergave/pdf-controle.js';

const USAGE = `Usage: npm run verify -- --keys sleutels.json (--jws document.jose | --pdf document.pdf | --document document.json --signature "<Payload-Signature>" [--digest "<Content-Digest>"])
Verifies a certified Blauwe Knop document offline, against a saved copy of the organisation's /v1/sleutels.
With --pdf: verifies the JWS attached to the PDF and checks that the pages show exactly what it says.`;

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { keys: { type: 'string' }, jws: { type: 'string' }, pdf: { type: 'string' }, document: { type: 'string' }, signature: { type: 'string' }, digest: { type: 'string' } },
    strict: true,
  });
  if (!values.keys || (!values.jws && !values.pdf && !(values.document && values.signature))) fail(USAGE);
  const keys = JSON.parse(readFileSync(values.keys, 'utf8')) as { keys: PublishedKey[] };
  try {
    let verified: VerifiedDocument;
    let pagina = '';
    if (values.pdf) {
      const pdf = await verifyCertifiedPdf(readFileSync(values.pdf), keys);
      verified = pdf.verified;
      pagina = ` De pagina's tonen precies het ondertekende document (${pdf.bedragen} bedragen gecontroleerd).`;
    } else if (values.jws) {
      verified = await verifyCompactDocument(readFileSync(values.jws, 'utf8').trim(), keys);
    } else {
      const body = readFileSync(values.document!);
      if (values.digest && !contentDigestMatches(body, values.digest)) fail('Content-Digest does not match the document: it was changed.', 1);
      verified = await verifyPayloadSignature(body, values.signature!, keys);
    }
    const document = JSON.parse(Buffer.from(verified.payload).toString('utf8')) as { documenttype?: string; uitgever?: { naam?: string; oin?: string } };
    process.stdout.write(
      `Geldig: ${document.documenttype ?? 'document'} van ${document.uitgever?.naam ?? '?'} (OIN ${verified.header.iss ?? '?'}), ondertekend op ${verified.header.sigT ?? '?'} met sleutel ${verified.header.kid} (${verified.key.status ?? 'onbekende status'}).${pagina}\n`,
    );
  } catch (error) {
    if (error instanceof DocumentVerificationError || error instanceof PdfVerificationError) fail(`Ongeldig (${error.reason}): ${error.message}`, 1);
    throw error;
  }
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
