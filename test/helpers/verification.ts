import { DocumentVerificationError, type DocumentErrorCode } from '../../src/protocol/errors.js';

/** Why a verification failed ('verified' when it did not), so tests can assert the stable code. */
export async function failureReason(verification: Promise<unknown>): Promise<DocumentErrorCode | 'verified'> {
  try {
    await verification;
    return 'verified';
  } catch (error) {
    if (error instanceof DocumentVerificationError) return error.code;
    throw error;
  }
}
