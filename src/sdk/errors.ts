/** Every refusal on the app side has a name, so callers (and the overview) can branch on it. */
export type StelselFailure = 'unreachable' | 'malformed' | 'wrong-type' | 'bad-signature' | 'expired' | 'not-yet-valid' | 'too-long' | 'older-than-accepted';

export class StelselError extends Error {
  constructor(
    readonly reason: StelselFailure,
    message: string,
  ) {
    super(message);
    this.name = 'StelselError';
  }
}

export type OrganisationFailure =
  | 'http'
  | 'network'
  | 'not-encrypted'
  | 'decryption-failed'
  | 'unknown-key'
  | 'revoked-key'
  | 'key-not-valid'
  | 'bad-signature'
  | 'wrong-issuer'
  | 'wrong-subject'
  | 'wrong-document';

/** Why one organisation's part of the overview failed; the message is Dutch, for the citizen. */
export class OrganisationError extends Error {
  constructor(
    readonly reason: OrganisationFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'OrganisationError';
  }
}

export class AppBeheerderError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'AppBeheerderError';
  }
}
