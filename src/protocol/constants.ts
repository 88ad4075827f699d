/**
 * Every `typ`, algorithm and time limit of the Blauwe Knop wire format, named once
 * (docs/centraal.md). A new token or document type adds its `typ` here.
 */

/** `typ` of each signed object, so one can never be mistaken for another. */
export const DOCUMENT_SIGNATURE_TYPE = 'bk-document+jws';
export const STELSELDOCUMENT_TYPE = 'bk-stelseldocument+jws';
export const APP_CREDENTIAL_TYPE = 'bk-app-credential+jwt';
export const SESSION_TOKEN_TYPE = 'bk-sessie+jwt';
export const DPOP_TYPE = 'dpop+jwt';

/** Organisations may sign documents with these (their keys are EC, RSA-PSS or Ed25519). */
export const DOCUMENT_ALGORITHMS: readonly string[] = ['ES256', 'PS256', 'EdDSA'];
/** The scheme operator, app managers and apps use EC P-256 keys (BK Connect): ES256 only. */
export const EC_SIGNATURE_ALGORITHM = 'ES256';
/** Documents are encrypted to the app's EC key: ECDH-ES key agreement, AES-GCM content. */
export const KEY_MANAGEMENT_ALGORITHM = 'ECDH-ES+A256KW';
export const CONTENT_ENCRYPTION = 'A256GCM';

/** An app credential lives at most this long (docs/centraal.md §2). */
export const MAX_CREDENTIAL_SECONDS = 15 * 60;
/** A session token lives at most this long (docs/centraal.md §3). */
export const MAX_SESSION_SECONDS = 15 * 60;
/** A scheme document is valid at most this long. */
export const MAX_STELSEL_VALIDITY_SECONDS = 24 * 60 * 60;
/**
 * The clock skew tolerated between the scheme operator and whoever verifies its document:
 * a document issued up to this far in the verifier's future is accepted. Expiry has no skew.
 */
export const STELSEL_CLOCK_SKEW_SECONDS = 5 * 60;
/** RFC 9449 proofs are accepted this far around the verifier's clock. */
export const DPOP_MAX_AGE_SECONDS = 60;
/** Token expiry (`exp`) of credentials and session tokens tolerates this much skew. */
export const TOKEN_CLOCK_TOLERANCE_SECONDS = 5;
/** A freshly fetched document's signing time may be this far from the app's clock. */
export const DOCUMENT_SIGNING_SKEW_SECONDS = 5 * 60;
