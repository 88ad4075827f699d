/**
 * The service's own error list (in the style of fastify's `lib/errors.js`): every refusal a
 * role decides on has a stable `code`; none carries an HTTP status. src/http/error-status.ts
 * maps each code (and each wire-rule code of src/protocol/errors.ts) to its answer.
 */
export const SERVICE_ERROR_CODES = {
  /** The scheme document cannot be fetched or verified and no valid copy is cached. */
  ERR_STELSEL_UNAVAILABLE: 'ERR_STELSEL_UNAVAILABLE',
  /** The app credential's issuer is not an app manager in the scheme document. */
  ERR_SESSION_UNKNOWN_APP_MANAGER: 'ERR_SESSION_UNKNOWN_APP_MANAGER',
  /** The app manager does not know the registration. */
  ERR_SESSION_REGISTRATION_UNKNOWN: 'ERR_SESSION_REGISTRATION_UNKNOWN',
  /** The registration was revoked. */
  ERR_SESSION_REGISTRATION_REVOKED: 'ERR_SESSION_REGISTRATION_REVOKED',
  /** The app manager could not confirm the registration (unreachable or an error). */
  ERR_SESSION_APP_MANAGER_UNAVAILABLE: 'ERR_SESSION_APP_MANAGER_UNAVAILABLE',
} as const;

export type ServiceErrorCode = keyof typeof SERVICE_ERROR_CODES;

export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ServiceError';
  }
}
