import { DocumentVerificationError, type DocumentVerificationFailure } from '../../src/protocol/verify-document.js';

/** Why a verification failed ('verified' when it did not), so tests can assert the named reason. */
export async function failureReason(verification: Promise<unknown>): Promise<DocumentVerificationFailure | 'verified'> {
  try {
    await verification;
    return 'verified';
  } catch (error) {
    if (error instanceof DocumentVerificationError) return error.reason;
    throw error;
  }
}
