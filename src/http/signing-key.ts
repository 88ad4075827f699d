import { SigningKeyUnusableError, type SigningKeyring } from '../keys/keyring.js';
import type { SigningKey } from '../keys/signing-key.js';
import { ProblemError } from './problem.js';

/**
 * The key to sign with for an HTTP answer; when there is none that is `actief`, a 503
 * problem instead of a signature by a retired or revoked key (readiness fails meanwhile).
 */
export async function usableSigningKey(keyring: SigningKeyring): Promise<SigningKey> {
  try {
    return await keyring.signingKey();
  } catch (error) {
    if (error instanceof SigningKeyUnusableError) {
      throw new ProblemError(503, 'Deze dienst heeft nu geen geldige ondertekeningssleutel. Probeer het later opnieuw.', { headers: { 'retry-after': '30' } });
    }
    throw error;
  }
}
