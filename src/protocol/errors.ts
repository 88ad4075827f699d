/**
 * The one error family of the wire rules, in the style of jose's `errors.ts`: every refusal
 * is a `ProtocolError` whose `code` is stable (callers, tests and the HTTP layer branch on
 * it) and whose `message` is Dutch, for people. No HTTP status here: the servers decide how
 * to answer (src/http maps codes to problem+json), the SDK how to report.
 *
 * Adding a rule: add a subclass below with its own `…Code` union, or add codes to an
 * existing union, and assert every new code in test/protocol (test/protocol/errors.test.ts
 * fails for a code no test mentions).
 */
export class ProtocolError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A member of the family whose `code` is one of the union `Code`. */
class CodedError<Code extends string> extends ProtocolError {
  declare readonly code: Code;
  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** A certified document (compact JWS or detached `Payload-Signature`). */
export type DocumentErrorCode =
  | 'ERR_DOCUMENT_MALFORMED'
  | 'ERR_DOCUMENT_TYPE'
  | 'ERR_DOCUMENT_ALGORITHM'
  | 'ERR_DOCUMENT_UNKNOWN_KEY'
  | 'ERR_DOCUMENT_REVOKED_KEY'
  | 'ERR_DOCUMENT_SIGNATURE';

export class DocumentVerificationError extends CodedError<DocumentErrorCode> {}

/** The scheme document (stelseldocument). */
export type StelselErrorCode =
  | 'ERR_STELSEL_MALFORMED'
  | 'ERR_STELSEL_SCHEMA'
  | 'ERR_STELSEL_TYPE'
  | 'ERR_STELSEL_ALGORITHM'
  | 'ERR_STELSEL_SIGNATURE'
  | 'ERR_STELSEL_VERSION'
  | 'ERR_STELSEL_TOO_LONG'
  | 'ERR_STELSEL_EXPIRED'
  | 'ERR_STELSEL_NOT_YET_VALID'
  | 'ERR_STELSEL_ROLLBACK';

export class StelseldocumentError extends CodedError<StelselErrorCode> {}

/** A DPoP proof (RFC 9449). */
export type DpopErrorCode =
  | 'ERR_DPOP_MISSING'
  | 'ERR_DPOP_MALFORMED'
  | 'ERR_DPOP_TYPE'
  | 'ERR_DPOP_ALGORITHM'
  | 'ERR_DPOP_KEY'
  | 'ERR_DPOP_SIGNATURE'
  | 'ERR_DPOP_METHOD'
  | 'ERR_DPOP_URL'
  | 'ERR_DPOP_CLAIMS'
  | 'ERR_DPOP_TIME'
  | 'ERR_DPOP_ATH'
  | 'ERR_DPOP_REPLAY';

export class DpopError extends CodedError<DpopErrorCode> {}

/** An app credential issued by an app manager. */
export type AppCredentialErrorCode =
  | 'ERR_CREDENTIAL_MALFORMED'
  | 'ERR_CREDENTIAL_TYPE'
  | 'ERR_CREDENTIAL_ALGORITHM'
  | 'ERR_CREDENTIAL_UNKNOWN_KEY'
  | 'ERR_CREDENTIAL_REVOKED_KEY'
  | 'ERR_CREDENTIAL_RETIRED_KEY'
  | 'ERR_CREDENTIAL_SIGNATURE'
  | 'ERR_CREDENTIAL_EXPIRED'
  | 'ERR_CREDENTIAL_TOO_LONG'
  | 'ERR_CREDENTIAL_CLAIMS'
  | 'ERR_CREDENTIAL_BINDING';

export class AppCredentialError extends CodedError<AppCredentialErrorCode> {}

/** An organisation's session token. */
export type SessionTokenErrorCode = 'ERR_SESSION_MALFORMED' | 'ERR_SESSION_UNKNOWN_KEY' | 'ERR_SESSION_EXPIRED' | 'ERR_SESSION_INVALID';

export class SessionTokenError extends CodedError<SessionTokenErrorCode> {}

/** A document encrypted to the app key (JWE). */
export type JweErrorCode = 'ERR_JWE_MALFORMED' | 'ERR_JWE_RECIPIENT' | 'ERR_JWE_CONTENT_TYPE' | 'ERR_JWE_DECRYPTION';

export class JweError extends CodedError<JweErrorCode> {}
