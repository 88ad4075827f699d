import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { problemOf, sendProblem } from '../http/problem.js';
import type { MeldingenStore } from './meldingen-store.js';
import { SetWeigering, type SetVerificatie } from './set-verificatie.js';

/** Where the bronhouder pushes (RFC 8935), under the afnemer's base URL: its `aflever_endpoint`. */
export const AFLEVER_PAD = '/meldingen';
export const SET_MEDIA_TYPE = 'application/secevent+jwt';
/** A SET is a few hundred bytes; anything much larger is not one. */
const MAX_SET_BYTES = 16 * 1024;

export interface OntvangerOptions {
  basePath: string;
  store: MeldingenStore;
  verificatie: SetVerificatie;
  logger: Logger;
  now: () => Date;
}

/** RFC 8935 §2.3: a refused SET is `400` with `application/json` `{ err, description }`, which the transmitter must not retry. */
function weiger(reply: FastifyReply, weigering: SetWeigering, status = 400): FastifyReply {
  return reply.code(status).type('application/json').send(JSON.stringify({ err: weigering.err, description: weigering.description }));
}

/**
 * The rijbewijs-melder's push receiver (RFC 8935). A SET is answered 202 only after it is
 * verified against the scheme and committed to the store; a redelivery of the same SET (same
 * `jti`, e.g. after a timeout) is answered 202 again without storing it twice; a different SET
 * under a `jti` already used is a replay and refused. When the afnemer cannot verify for a
 * reason of its own (the scheme operator unreachable), it answers 503 so the bronhouder retries.
 */
export function createOntvanger(options: OntvangerOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    genReqId: () => randomUUID(),
    exposeHeadRoutes: false,
    return503OnClosing: true,
  });
  // Only SETs are accepted; the media type is checked in the handler so a wrong one gets the RFC 8935 answer too.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_SET_BYTES }, (_request, body, done) => done(null, body));

  app.post(`${options.basePath}${AFLEVER_PAD}`, async (request, reply) => {
    const mediaType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (mediaType !== SET_MEDIA_TYPE) return weiger(reply, new SetWeigering('invalid_request', `Content-Type moet ${SET_MEDIA_TYPE} zijn.`));
    const jws = typeof request.body === 'string' ? request.body.trim() : '';
    let set;
    try {
      set = await options.verificatie.verify(jws);
    } catch (error) {
      if (error instanceof SetWeigering) {
        request.log.warn({ err: error.err }, 'SET geweigerd');
        return weiger(reply, error);
      }
      request.log.error({ err: error }, 'SET niet te verifiëren');
      return sendProblem(reply, problemOf(503, 'De afnemer kan de melding nu niet verifiëren; probeer het later opnieuw.'), { 'retry-after': '30' });
    }
    const uitkomst = options.store.opslaan({
      jti: set.payload.jti,
      set: jws,
      uitgever: set.bronhouderOin,
      gebeurtenistype: set.gebeurtenistype,
      toestemmingId: set.toestemmingId,
      volgnummer: set.volgnummer,
      kanaal: 'push',
      ontvangenOp: options.now(),
    });
    if (uitkomst === 'conflict') {
      request.log.warn({ jti: set.payload.jti }, 'SET met een al gebruikte jti geweigerd');
      return weiger(reply, new SetWeigering('invalid_request', `jti ${set.payload.jti} is al gebruikt voor een andere SET.`));
    }
    request.log.info({ jti: set.payload.jti, gebeurtenistype: set.gebeurtenistype, uitkomst }, 'SET ontvangen');
    return reply.code(202).send();
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    if (path === `${options.basePath}${AFLEVER_PAD}`) {
      return sendProblem(reply, problemOf(405, `De methode ${request.method} is niet toegestaan; toegestaan: POST.`), { allow: 'POST' });
    }
    return sendProblem(reply, problemOf(404, 'Deze bron bestaat niet.'));
  });
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    if (error.statusCode === 413) return weiger(reply, new SetWeigering('invalid_request', 'De body is te groot voor een SET.'), 413);
    if (error.statusCode && error.statusCode < 500) return weiger(reply, new SetWeigering('invalid_request', 'De aanvraag kan niet worden verwerkt.'));
    request.log.error({ err: error }, 'onverwachte fout');
    return sendProblem(reply, problemOf(500, 'Er ging iets mis.'));
  });
  return app;
}
