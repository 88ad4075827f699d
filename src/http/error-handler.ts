import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../data/availability.js';
import { errorAnswer } from './error-status.js';
import { problemOf, ProblemError, sendProblem, type Invoerfout } from './problem.js';

/** How long a client should wait before retrying while the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;
/** How long a client should wait before retrying a 503 that named no time itself. */
const UNAVAILABLE_RETRY_AFTER_SECONDS = 30;

interface AjvError {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

const CONTEXT_TO_LOCATION: Record<string, Invoerfout['in']> = {
  querystring: 'query',
  params: 'path',
  headers: 'header',
  body: 'body',
};

const PLAIN_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;

/** One Dutch, value-free explanation per validation error: input is never echoed back. */
export function toInvoerfout(context: string, error: AjvError): Invoerfout {
  const where = CONTEXT_TO_LOCATION[context] ?? 'body';
  const path = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const unknown = error.params.additionalProperty as string | undefined;
  // The name of an unknown parameter comes from the client: it is named back only when it is
  // a plain identifier (so the client learns which one), never when it could carry markup.
  const name =
    (error.params.missingProperty as string | undefined) ??
    (unknown === undefined ? undefined : PLAIN_NAME.test(unknown) ? unknown : '') ??
    path;
  const label = name || where;
  const detail = (() => {
    switch (error.keyword) {
      case 'additionalProperties':
        return name ? `${name} is geen bekende parameter van deze operatie.` : `De aanvraag bevat een onbekende parameter (${where}).`;
      case 'required':
        return `${label} is verplicht.`;
      case 'format':
        return error.params.format === 'date'
          ? `${label} moet een datum zijn (JJJJ-MM-DD).`
          : `${label} moet het formaat ${String(error.params.format)} hebben.`;
      case 'type':
        return `${label} moet van het type ${String(error.params.type)} zijn.`;
      case 'enum':
        return `${label} moet een van de toegestane waarden hebben.`;
      case 'pattern':
        return `${label} heeft niet de vereiste vorm.`;
      default:
        return `${label} is ongeldig (${error.keyword}).`;
    }
  })();
  return { in: where, ...(name ? { location: name } : {}), code: error.keyword, detail };
}

export function validationProblem(errors: Invoerfout[]) {
  const count = errors.length === 1 ? '1 fout' : `${errors.length} fouten`;
  return problemOf(400, `De aanvraag bevat ${count}.`, errors);
}

/**
 * Every error leaves the service as problem+json with a Dutch title and detail and no
 * internals; unexpected errors are logged in full and answered with a generic 500.
 */
export function registerErrorHandling(app: FastifyInstance, allowedMethods: (path: string) => string[]): void {
  app.setErrorHandler((error: FastifyError | ProblemError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof ProblemError) {
      // Every 503 says when to try again (the contracts declare Retry-After on it).
      const headers = error.status === 503 && !error.headers?.['retry-after'] ? { ...error.headers, 'retry-after': String(UNAVAILABLE_RETRY_AFTER_SECONDS) } : error.headers;
      return sendProblem(reply, problemOf(error.status, error.detail, error.errors), headers);
    }
    const answer = errorAnswer(error);
    if (answer) {
      request.log.info({ err: { code: (error as { code?: unknown }).code } }, 'refused');
      return sendProblem(reply, problemOf(answer.status, error.message), answer.headers);
    }
    const fastifyError = error as FastifyError & { validation?: AjvError[]; validationContext?: string };
    if (fastifyError.validation) {
      const context = fastifyError.validationContext ?? 'body';
      return sendProblem(reply, validationProblem(fastifyError.validation.map((e) => toInvoerfout(context, e))));
    }
    const status = fastifyError.statusCode ?? 500;
    if (status === 415) return sendProblem(reply, problemOf(415, 'Het mediatype van de body wordt niet ondersteund; gebruik application/json.'));
    if (status === 413) return sendProblem(reply, problemOf(413, 'De body van de aanvraag is te groot.'));
    if (status >= 400 && status < 500) {
      request.log.info({ err: { code: fastifyError.code, message: fastifyError.message } }, 'client error');
      return sendProblem(reply, problemOf(status === 404 ? 404 : 400, 'De aanvraag kan niet worden verwerkt.'));
    }
    if (isDatabaseUnavailable(error)) {
      // Not a fault of this service and not the client's: say when to try again. The detail
      // is generic; which database and why is in the log only.
      request.log.warn({ err: { name: (error as Error).name, code: (error as { code?: unknown }).code } }, 'database unavailable');
      return sendProblem(reply, problemOf(503, 'De dienst kan zijn gegevens nu niet bereiken. Probeer het later opnieuw.'), { 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) });
    }
    request.log.error({ err: error }, 'unexpected error');
    return sendProblem(reply, problemOf(500, 'Er ging iets mis. Probeer het later opnieuw; vermeld het kenmerk uit instance.'));
  });

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0]!;
    const allowed = allowedMethods(path);
    if (allowed.length > 0) {
      return sendProblem(
        reply,
        problemOf(405, `De methode ${request.method} is niet toegestaan; toegestaan: ${allowed.join(', ')}.`),
        { allow: allowed.join(', ') },
      );
    }
    return sendProblem(reply, problemOf(404, 'Deze bron bestaat niet. Let op: paden eindigen niet op een schuine streep.'));
  });
}
