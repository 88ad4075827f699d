import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { contentDigestMatches } from '../protocol/content-digest.js';
import { verifyOntvangstbewijs } from '../protocol/ontvangstbewijs.js';
import { DocumentVerificationError } from '../protocol/errors.js';
import { verifyCompactDocument, verifyPayloadSignature, type PublishedKey, type VerifiedDocument } from '../protocol/verify-document.js';
import { PdfVerificationError, verifyCertifiedPdf } from '../weergave/pdf-controle.js';

const USAGE = `Usage: npm run verify -- --keys sleutels.json (--jws document.jose | --pdf document.pdf | --document document.json --signature "<Payload-Signature>" [--digest "<Content-Digest>"] | --receipt ontvangstbewijs.jws)
Verifies a certified Blauwe Knop document, or a Plus consent receipt (ontvangstbewijs), offline,
against a saved copy of the organisation's /v1/sleutels.
With --pdf: verifies the JWS attached to the PDF and checks that the pages show exactly what it says.`;

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { keys: { type: 'string' }, jws: { type: 'string' }, document: { type: 'string' }, signature: { type: 'string' }, digest: { type: 'string' }, receipt: { type: 'string' }, pdf: { type: 'string' } },
    strict: true,
  });
  if (!values.keys || (!values.jws && !values.receipt && !values.pdf && !(values.document && values.signature))) fail(USAGE);
  const keys = JSON.parse(readFileSync(values.keys, 'utf8')) as { keys: PublishedKey[] };
  try {
    if (values.receipt) {
      const { bewijs, header, key } = await verifyOntvangstbewijs(readFileSync(values.receipt, 'utf8').trim(), keys);
      process.stdout.write(
        `Geldig ontvangstbewijs: toestemming ${bewijs.toestemming_id} van ${bewijs.bronhouder.naam} aan ${bewijs.afnemer.naam} voor "${bewijs.doel.omschrijving}" ` +
          `(${bewijs.scopes.join(', ')}), ${bewijs.geldig_vanaf} tot ${bewijs.geldig_tot}, status ${bewijs.status}; ondertekend op ${header.sigT ?? '?'} met sleutel ${header.kid} (${key.status ?? 'onbekende status'}).\n`,
      );
      return;
    }
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
      if (values.digest && !(await contentDigestMatches(body, values.digest))) fail('Content-Digest does not match the document: it was changed.', 1);
      verified = await verifyPayloadSignature(body, values.signature!, keys);
    }
    const document = JSON.parse(Buffer.from(verified.payload).toString('utf8')) as { documenttype?: string; uitgever?: { naam?: string; oin?: string } };
    process.stdout.write(
      `Geldig: ${document.documenttype ?? 'document'} van ${document.uitgever?.naam ?? '?'} (OIN ${verified.header.iss ?? '?'}), ondertekend op ${verified.header.sigT ?? '?'} met sleutel ${verified.header.kid} (${verified.key.status ?? 'onbekende status'}).${pagina}\n`,
    );
  } catch (error) {
    if (error instanceof DocumentVerificationError) fail(`Ongeldig (${error.code}): ${error.message}`, 1);
    if (error instanceof PdfVerificationError) fail(`Ongeldig (${error.reason}): ${error.message}`, 1);
    throw error;
  }
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
