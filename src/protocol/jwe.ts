/**
 * Documents encrypted to the app key: JWE compact serialization, `ECDH-ES+A256KW` key
 * agreement with the app's EC P-256 key, `A256GCM` content encryption, the signed document's
 * compact JWS as plaintext (sign first, then encrypt). ECDH-ES and not the ADR module's
 * RSA-OAEP, because BK Connect app keys are EC keys (see the contract's description).
 */
import { CompactEncrypt, compactDecrypt, type CryptoKey, type JWK, type KeyObject } from 'jose';
import { CONTENT_ENCRYPTION, DOCUMENT_SIGNATURE_TYPE, KEY_MANAGEMENT_ALGORITHM } from './constants.js';
import { fromUtf8, utf8 } from './encoding.js';
import { JweError } from './errors.js';
import { importPublicKey } from './jwk.js';

/** `kid` names the app key by its RFC 7638 thumbprint, so the app can tell the answer is for it. */
export async function encryptForApp(compactJws: string, appKey: JWK, kid: string): Promise<string> {
  return new CompactEncrypt(utf8(compactJws))
    .setProtectedHeader({ alg: KEY_MANAGEMENT_ALGORITHM, enc: CONTENT_ENCRYPTION, cty: DOCUMENT_SIGNATURE_TYPE, kid })
    .encrypt(await importPublicKey(appKey, KEY_MANAGEMENT_ALGORITHM));
}

/** Decrypts a document answer with the app key; returns the signed document's compact JWS. */
export async function decryptForApp(jwe: string, appKey: { decryptionKey: CryptoKey | KeyObject; thumbprint: string }): Promise<string> {
  if (jwe.split('.').length !== 5) throw new JweError('ERR_JWE_MALFORMED', 'Het antwoord is niet versleuteld (geen JWE).');
  let result;
  try {
    result = await compactDecrypt(jwe, appKey.decryptionKey, {
      keyManagementAlgorithms: [KEY_MANAGEMENT_ALGORITHM],
      contentEncryptionAlgorithms: [CONTENT_ENCRYPTION],
    });
  } catch (error) {
    throw new JweError('ERR_JWE_DECRYPTION', `Ontsleutelen mislukt: het versleutelde antwoord is beschadigd of niet voor deze app (${(error as Error).message}).`, {
      cause: error,
    });
  }
  const { plaintext, protectedHeader } = result;
  if (protectedHeader.kid !== undefined && protectedHeader.kid !== appKey.thumbprint) {
    throw new JweError('ERR_JWE_RECIPIENT', 'Het antwoord is voor een andere app-sleutel versleuteld.');
  }
  if (protectedHeader.cty !== DOCUMENT_SIGNATURE_TYPE) {
    throw new JweError('ERR_JWE_CONTENT_TYPE', `Het versleutelde antwoord heeft cty ${String(protectedHeader.cty)}, niet ${DOCUMENT_SIGNATURE_TYPE}.`);
  }
  try {
    return fromUtf8(plaintext);
  } catch (error) {
    throw new JweError('ERR_JWE_DECRYPTION', 'Het ontsleutelde antwoord is geen tekst.', { cause: error });
  }
}
