/**
 * The SDK's error list: every refusal on the app side has a stable `code`, so callers (and
 * the overview) can branch on it; messages are Dutch, for the citizen. A wire rule that
 * fails keeps the code src/protocol gave it (e.g. ERR_STELSEL_EXPIRED, ERR_JWE_DECRYPTION).
 * No error here decides an HTTP answer; `status` is what a remote service answered, if any.
 */
import type { AppCredentialErrorCode, DocumentErrorCode, JweErrorCode, StelselErrorCode } from '../protocol/errors.js';

export type StelselFailure = 'ERR_STELSEL_UNREACHABLE' | StelselErrorCode;

export type OrganisationFailure =
  | 'ERR_ORGANISATION_HTTP'
  | 'ERR_ORGANISATION_NETWORK'
  | 'ERR_ORGANISATION_KEY_NOT_VALID'
  | 'ERR_ORGANISATION_ISSUER'
  | 'ERR_ORGANISATION_SUBJECT'
  | 'ERR_ORGANISATION_DOCUMENT'
  | DocumentErrorCode
  | JweErrorCode;

export type AppBeheerderFailure = 'ERR_APP_MANAGER_UNREACHABLE' | 'ERR_APP_MANAGER_HTTP' | 'ERR_APP_MANAGER_UNKNOWN' | AppCredentialErrorCode;

abstract class SdkError<Code extends string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The scheme document could not be fetched or was refused. */
export class StelselError extends SdkError<StelselFailure> {}

/** Why one organisation's part of the overview failed. */
export class OrganisationError extends SdkError<OrganisationFailure> {}

/** The app manager could not log in, register or vouch for the app. */
export class AppBeheerderError extends SdkError<AppBeheerderFailure> {}
