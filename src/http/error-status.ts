/**
 * How domain errors are answered: the roles and src/protocol throw errors with a stable
 * `code` and no HTTP status; this is the one place that turns a code into a status and, for
 * DPoP-bound requests, a `WWW-Authenticate` challenge (RFC 9449 §7.1).
 */
import { dpopChallenge } from '../protocol/dpop.js';
import { AppCredentialError, DpopError, SessionTokenError } from '../protocol/errors.js';
import { ServiceError, type ServiceErrorCode } from '../roles/errors.js';
import { RateLimitError } from './rate-limits.js';

export interface ErrorAnswer {
  status: number;
  headers: Record<string, string>;
}

/** A dependency (scheme document, app manager) that is unreachable: when to try again (every 503 says so). */
const DEPENDENCY_RETRY_AFTER_SECONDS = 30;

const SERVICE_STATUS: Record<ServiceErrorCode, number> = {
  ERR_STELSEL_UNAVAILABLE: 503,
  ERR_SESSION_UNKNOWN_APP_MANAGER: 403,
  ERR_SESSION_REGISTRATION_UNKNOWN: 403,
  ERR_SESSION_REGISTRATION_REVOKED: 403,
  ERR_SESSION_APP_MANAGER_UNAVAILABLE: 503,
};

/** The answer for a domain error, or undefined for anything else (an unexpected error: 500). */
export function errorAnswer(error: unknown): ErrorAnswer | undefined {
  if (error instanceof RateLimitError) return { status: 429, headers: { 'retry-after': String(error.retryAfterSeconds) } };
  if (error instanceof DpopError) return { status: 401, headers: { 'www-authenticate': dpopChallenge('invalid_dpop_proof') } };
  if (error instanceof AppCredentialError || error instanceof SessionTokenError) {
    return { status: 401, headers: { 'www-authenticate': dpopChallenge('invalid_token') } };
  }
  if (error instanceof ServiceError) {
    const status = SERVICE_STATUS[error.code];
    if (status === 503) return { status, headers: { 'retry-after': String(DEPENDENCY_RETRY_AFTER_SECONDS) } };
    return { status, headers: status === 401 ? { 'www-authenticate': dpopChallenge('invalid_token') } : {} };
  }
  return undefined;
}
