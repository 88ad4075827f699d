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
