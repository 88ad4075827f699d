import type { onRequestAsyncHookHandler } from 'fastify';
import { ProblemError } from '../http/problem.js';
import { AuthenticationError, type CitizenVerifier } from './citizen-authentication.js';

const REALM = 'blauwe-knop';

function challenge(error?: AuthenticationError): string {
  if (!error?.oauthError) return `Bearer realm="${REALM}"`;
  return `Bearer realm="${REALM}", error="${error.oauthError}"`;
}

/** Names under which clients put tokens in URLs (RFC 6750 §2.3 and common variants). */
const TOKEN_QUERY_PARAMETERS = ['access_token', 'accessToken', 'token', 'id_token'];

/**
 * Authenticates the citizen from the bearer token in the Authorization header. A token in
 * the query string is refused outright: URLs end up in logs, proxies and browser history.
 */
export function authenticationHook(verifier: CitizenVerifier): onRequestAsyncHookHandler {
  return async (request) => {
    const query = request.query as Record<string, unknown>;
    if (TOKEN_QUERY_PARAMETERS.some((name) => name in query)) {
      const error = new AuthenticationError(401, 'invalid_request', 'Een toegangstoken hoort alleen in de Authorization-header, nooit in de URL.', 'in-url');
      throw new ProblemError(401, error.message, { headers: { 'www-authenticate': challenge(error) }, reden: error.reden });
    }
    try {
      request.citizen = await verifier.verify(request.headers.authorization);
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      throw new ProblemError(error.status, error.message, { headers: { 'www-authenticate': challenge(error) }, reden: error.reden });
    }
  };
}
