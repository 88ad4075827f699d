import { DocumentVerificationError, type DocumentVerificationFailure } from '../../src/protocol/verify-document.js';
import { PdfVerificationError, type PdfControleFout } from '../../src/weergave/pdf-controle.js';

/** Why a verification failed ('verified' when it did not), so tests can assert the named reason. */
export async function failureReason(verification: Promise<unknown>): Promise<DocumentVerificationFailure | PdfControleFout | 'verified'> {
  try {
    await verification;
    return 'verified';
  } catch (error) {
    if (error instanceof DocumentVerificationError || error instanceof PdfVerificationError) return error.reason;
    throw error;
  }
}
