import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { problemOf, sendProblem, type Probleem } from './problem.js';
import { HSTS } from './security-headers.js';

/**
 * Errors raised before any route or hook runs: by Node's HTTP parser (oversized headers, a
 * malformed request line, a raw non-ASCII path, a request that took too long) and by
 * Fastify's router (an undecodable URL, an over-long path parameter). Left to the framework
 * they are plain JSON that echoes the path, without API-Version or the security headers;
 * here they are problem+json like every other answer, and never repeat the input.
 */

/** What the router reports, by Fastify error code: the status and a value-free explanation. */
const ROUTER_ERRORS: Record<string, { status: number; detail: string }> = {
  FST_ERR_BAD_URL: { status: 400, detail: 'Het pad van de aanvraag is geen geldige URL (een onvolledige %-codering?).' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, detail: 'Een padparameter van de aanvraag is te lang.' },
};

export function frameworkErrorHandler(headers: Record<string, string>): NonNullable<FastifyServerOptions['frameworkErrors']> {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const known = ROUTER_ERRORS[error.code];
    // The error's message contains the path: log only the code.
    request.log.info({ err: { code: error.code } }, 'router refused the request');
    const probleem = known ? problemOf(known.status, known.detail) : problemOf(500, 'Er ging iets mis. Probeer het later opnieuw; vermeld het kenmerk uit instance.');
    return sendProblem(reply, probleem, request.protocol === 'https' ? { ...headers, ...HSTS } : headers);
  };
}

/** Node's parser errors (https://nodejs.org/api/http.html#event-clienterror), by error code. */
function parserProblem(code: string | undefined): Probleem {
  if (code === 'HPE_HEADER_OVERFLOW') return problemOf(431, 'De headers van de aanvraag zijn samen te groot.');
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return problemOf(408, 'De aanvraag kwam niet op tijd binnen.');
  if (code === 'HPE_URI_TOO_LONG' || code === 'HPE_HEADER_URI_TOO_LONG') return problemOf(414, 'De URL van de aanvraag is te lang.');
  return problemOf(400, 'De aanvraag is geen geldig HTTP-verzoek.');
}

/**
 * Answers a request the parser refused. There is no request object, so the answer is
 * written to the socket directly, with the same headers as any other answer, and the
 * connection is closed (the parser's state is unusable after an error).
 */
export function clientErrorHandler(headers: Record<string, string>, log: (code: string | undefined) => void) {
  return (error: NodeJS.ErrnoException, socket: Socket): void => {
    // A reset connection has nobody to answer to.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    log(error.code);
    if (socket.writable) {
      const probleem = parserProblem(error.code);
      const body = JSON.stringify({ ...probleem, instance: `urn:uuid:${randomUUID()}` });
      const lines = [
        `HTTP/1.1 ${probleem.status} ${STATUS_CODES[probleem.status] ?? 'Error'}`,
        'content-type: application/problem+json',
        `content-length: ${Buffer.byteLength(body)}`,
        'connection: close',
        ...Object.entries('encrypted' in socket && socket.encrypted ? { ...headers, ...HSTS } : headers).map(([name, value]) => `${name}: ${value}`),
      ];
      socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
    }
    socket.destroySoon();
  };
}
