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
