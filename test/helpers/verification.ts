import { DocumentVerificationError, type DocumentErrorCode } from '../../src/protocol/errors.js';
import { PdfVerificationError, type PdfControleFout } from '../../src/weergave/pdf-controle.js';

/** Why a verification failed ('verified' when it did not), so tests can assert the stable code or named reason. */
export async function failureReason(verification: Promise<unknown>): Promise<DocumentErrorCode | PdfControleFout | 'verified'> {
  try {
    await verification;
    return 'verified';
  } catch (error) {
    if (error instanceof DocumentVerificationError) return error.code;
    if (error instanceof PdfVerificationError) return error.reason;
    throw error;
  }
}

/** The `reason` of any refusal that names one (SETs, client assertions), or 'accepted'. */
export async function refusalReason(verification: Promise<unknown>): Promise<string> {
  try {
    await verification;
    return 'accepted';
  } catch (error) {
    const reason = (error as { reason?: unknown }).reason;
    if (typeof reason === 'string') return reason;
    throw error;
  }
}

const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

/**
 * The same ES256 JWS with s replaced by n - s: a second signature over the same bytes that
 * WebCrypto accepts, and that every verifier of this project must refuse.
 */
export function highSTwin(jws: string): string {
  const [h, p, sig] = jws.split('.') as [string, string, string];
  const raw = Buffer.from(sig, 'base64url');
  const s = BigInt(`0x${raw.subarray(32).toString('hex')}`);
  const flipped = Buffer.concat([raw.subarray(0, 32), Buffer.from((P256_ORDER - s).toString(16).padStart(64, '0'), 'hex')]);
  return `${h}.${p}.${flipped.toString('base64url')}`;
}
