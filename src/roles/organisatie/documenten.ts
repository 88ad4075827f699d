import type { FastifyReply, FastifyRequest } from 'fastify';
import type { operations } from '../../generated/api.js';
import type { OperationHandlers } from '../../contract/routes.js';
import { rijbewijsDocument, vaartuigenDocument, voertuigenDocument } from './documents/rdw.js';
import { readLeesmodel, readLeesmodelSjabloon, readLeesmodelVersie, vernieuwLeesmodelSjabloon } from '../../data/financiele-zaken.js';
import { uitgeverVingerafdruk, vulFcidSjabloon } from '../../documenten/fcid-sjabloon.js';
import { financieleVerplichtingenDocument } from '../../documenten/financiele-verplichtingen.js';
import { endOfDayAmsterdam, formatRfc3339Amsterdam } from '../../domain/time.js';
import { validationProblem } from '../../http/error-handler.js';
import { ProblemError } from '../../http/problem.js';
import { usableSigningKey } from '../../http/signing-key.js';
import type { OrganisatieContext } from './context.js';
import { answerFromVersion, documentKey } from './document-cache.js';

type FinancieleVerplichtingenQuery = NonNullable<operations['ophalenFinancieleVerplichtingen']['parameters']['query']>;

function citizenOf(request: FastifyRequest): string {
  // Secured operations always pass the authentication hook first; this guards a wiring mistake.
  if (!request.citizen) throw new Error('Document handler reached without an authenticated citizen');
  return request.citizen.bsn;
}

/**
 * The first day a `peildatum` may name. The tz database vouches for offsets only from 1970
 * on: before that its Europe/Amsterdam is Brussels's history, not Amsterdam's (which kept a
 * local mean time of +00:19:32 until 1937, an offset RFC 3339 cannot even write). A saldo
 * "at the end of" such a day would name an instant nobody can check, so the range starts
 * where the offsets are certain; no debt in these records is older.
 */
const EERSTE_PEILDATUM = '1970-01-01';

function peildatumFout(code: string, detail: string): ProblemError {
  const problem = validationProblem([{ in: 'query', location: 'peildatum', code, detail }]);
  return new ProblemError(400, problem.detail, { errors: problem.errors! });
}

/**
 * The moment the saldo is determined: now, or the end of `peildatum` in Amsterdam (capped at
 * now, so a document never claims to know the future).
 */
function peilmomentOf(ctx: OrganisatieContext, peildatum: string | undefined): Date {
  const now = ctx.now();
  if (!peildatum) return now;
  // Dates in YYYY-MM-DD form (checked by the schema) compare as strings.
  if (peildatum < EERSTE_PEILDATUM) throw peildatumFout('bereik', `peildatum moet op of na ${EERSTE_PEILDATUM} liggen.`);
  if (peildatum > formatRfc3339Amsterdam(now).slice(0, 10)) throw peildatumFout('toekomst', 'peildatum mag niet in de toekomst liggen.');
  const endOfDay = endOfDayAmsterdam(peildatum);
  return endOfDay < now ? endOfDay : now;
}

/** Sends what answerFromVersion settled: 304, or the document's signed bytes made before. */
function answerKnown(reply: FastifyReply, known: { notModified: true } | { body: Buffer }): FastifyReply {
  if ('notModified' in known) return reply.code(304).send();
  return reply.type('application/json; charset=utf-8').send(known.body);
}

export function documentHandlers(ctx: OrganisatieContext): OperationHandlers {
  // Which documents made ahead are this organisation's as it shows itself now (fcid-sjabloon.ts).
  const vingerafdruk = uitgeverVingerafdruk(ctx.organisation);
  return {
    ophalenFinancieleVerplichtingen: async (request, reply) => {
      const { peildatum } = request.query as FinancieleVerplichtingenQuery;
      const bsn = citizenOf(request);
      const peilmoment = peilmomentOf(ctx, peildatum);
      const signingKey = await usableSigningKey(ctx.keyring);
      const key = documentKey('financiele-verplichtingen', bsn, peildatum, signingKey.kid);
      // Read before any version, so a commit after it moves the mark (document-cache.ts).
      const mark = ctx.db.statements.changeMark?.();
      const slot = { cache: ctx.documentCache, signingKey, key, mark };
      // Nothing committed since this document was last found current: its version holds.
      const unchanged = mark === undefined ? undefined : ctx.documentCache.unchangedSince(key, mark);
      // With a document made before, or a tag the client holds, the version alone may settle
      // the answer (the cached signed bytes, or 304): read only the version first.
      if (unchanged || ctx.documentCache.has(key) || request.headers['if-none-match']) {
        const versie = unchanged ? unchanged.versie : await readLeesmodelVersie(ctx.db, ctx.organisation.oin, bsn);
        const known = answerFromVersion(request, reply, slot, versie);
        if (known) return answerKnown(reply, known);
      }
      // Now (no peildatum: a past moment is always folded), one indexed read gives the document
      // made ahead at the last write and its version (which may be newer than the one just
      // read: the document is served for, and kept for, this one). While the template holds
      // at this moment its bytes are the ones the fold and the contract's serialiser would give.
      if (peildatum === undefined) {
        const ahead = await readLeesmodelSjabloon(ctx.db, ctx.organisation.oin, bsn);
        const known = answerFromVersion(request, reply, slot, ahead.versie);
        if (known) return answerKnown(reply, known);
        const body = ahead.sjabloon ? vulFcidSjabloon(ahead.sjabloon, vingerafdruk, peilmoment) : undefined;
        if (body !== undefined) return reply.type('application/json; charset=utf-8').send(body);
      }
      // Otherwise the fold, from the zaken and events and their version (one indexed read).
      const data = await readLeesmodel(ctx.db, ctx.organisation.oin, bsn);
      const known = answerFromVersion(request, reply, slot, data.versie);
      if (known) return answerKnown(reply, known);
      const zaken = data.gegevens();
      // Now, the template did not hold (its span passed, say a due date): make it anew, so the
      // citizen's next cold request fills one in again instead of folding until their next write.
      if (peildatum === undefined && data.rij) {
        await vernieuwLeesmodelSjabloon(ctx.db, data.rij, bsn, ctx.organisation, zaken, peilmoment).catch((error: unknown) => {
          // The answer does not depend on it: the next request folds, or tries again.
          request.log.warn({ err: error }, 'could not renew the FCID document made ahead');
        });
      }
      return financieleVerplichtingenDocument(ctx.organisation, bsn, peilmoment, ctx.now(), zaken);
    },
    ophalenVoertuigen: async (request) => voertuigenDocument(ctx, citizenOf(request)),
    ophalenRijbewijs: async (request) => rijbewijsDocument(ctx, citizenOf(request)),
    ophalenVaartuigen: async (request) => vaartuigenDocument(ctx, citizenOf(request)),
  };
}
