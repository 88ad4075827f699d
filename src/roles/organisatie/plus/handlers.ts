import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { OperationHandlers } from '../../../contract/routes.js';
import type { components } from '../../../generated/api.js';
import { ProblemError } from '../../../http/problem.js';
import { rijbewijsDocument } from '../documents/rdw.js';
import { geefAfnemerToken } from './afnemer-toegang.js';
import type { Bezorger } from './bezorging.js';
import type { PlusDienst } from './dienst.js';

type Schemas = components['schemas'];
const FORM = 'application/x-www-form-urlencoded';

function citizenOf(request: FastifyRequest): string {
  if (!request.citizen) throw new Error('Plus handler reached without an authenticated citizen');
  return request.citizen.bsn;
}

function afnemerOf(request: FastifyRequest): string {
  if (!request.afnemer) throw new Error('Afnemer handler reached without an authenticated afnemer');
  return request.afnemer.id;
}

function idOf(request: FastifyRequest): string {
  return (request.params as { toestemming_id: string }).toestemming_id;
}

/**
 * The organisation's one form-body parser. The token endpoint takes an OAuth form body
 * (RFC 6749 §4.4) and the citizen's web pages post forms; every other contract operation
 * stays JSON only, so the parser refuses them with 415.
 */
export function registerTokenFormParser(app: FastifyInstance, tokenPath: string): void {
  app.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: 16_384 }, (request, body, done) => {
    // Of the contract's operations only the token endpoint takes a form (RFC 6749); the
    // citizen's web pages (no contract operation) post their forms through this parser too.
    const operation = request.routeOptions.config.operation;
    if (operation && operation.path !== tokenPath) {
      done(Object.assign(new Error('form body'), { statusCode: 415 }), undefined);
      return;
    }
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
}

export function plusHandlers(dienst: PlusDienst | undefined, bezorger: Bezorger | undefined): OperationHandlers {
  const plus = (): { dienst: PlusDienst; bezorger: Bezorger } => {
    if (!dienst || !bezorger) throw new ProblemError(503, 'Blauwe Knop Plus is bij deze organisatie niet ingericht (geen stelseldocument).');
    return { dienst, bezorger };
  };
  return {
    verlenenToestemming: async (request, reply) => {
      const result = await plus().dienst.verlenen(citizenOf(request), request.body as Schemas['ToestemmingAanvraag']);
      return reply.code(201).send(result);
    },
    ophalenToestemmingen: async (request) => ({ toestemmingen: await plus().dienst.lijst(citizenOf(request)) }),
    pauzerenToestemming: async (request) => {
      const { dienst: d } = plus();
      return d.wijzig(await d.vanBurger(citizenOf(request), idOf(request)), 'pauzeren', 'Gepauzeerd door de inwoner.', { soort: 'burger' });
    },
    hervattenToestemming: async (request) => {
      const { dienst: d } = plus();
      return d.wijzig(await d.vanBurger(citizenOf(request), idOf(request)), 'hervatten', 'Hervat door de inwoner.', { soort: 'burger' });
    },
    intrekkenToestemming: async (request) => {
      const { dienst: d } = plus();
      return d.wijzig(await d.vanBurger(citizenOf(request), idOf(request)), 'intrekken', 'Ingetrokken door de inwoner.', { soort: 'burger' });
    },
    ophalenVerwerkingen: async (request) => plus().dienst.logboek(citizenOf(request)),
    aanvragenAfnemerToken: async (request) => geefAfnemerToken(plus().dienst, request),
    ophalenGebeurtenissen: async (request) => plus().bezorger.poll(afnemerOf(request), request.body as Schemas['GebeurtenissenAanvraag']),
    ophalenRijbewijsVoorAfnemer: async (request) => {
      const { dienst: d } = plus();
      const start = d.ctx.now();
      const { toestemming, bsn } = await d.controleerVoorAfnemer(afnemerOf(request), idOf(request), 'rijbewijs');
      const document = await rijbewijsDocument(d.ctx, bsn, toestemming.onderwerp);
      await d.registreerVerstrekking(toestemming, 'rijbewijs', start);
      return document;
    },
    intrekkenToestemmingDoorAfnemer: async (request) => {
      const { dienst: d } = plus();
      const afnemer = afnemerOf(request);
      return d.wijzig(await d.vanAfnemer(afnemer, idOf(request)), 'intrekken', 'Ingetrokken door de afnemer.', { soort: 'afnemer', id: afnemer });
    },
  };
}
