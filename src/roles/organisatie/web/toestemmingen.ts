/**
 * The citizen's Plus consents on the page, and revoking one with a form. Like the documents,
 * both go through this organisation's own API in-process with the citizen's access token
 * (`GET /toestemmingen`, `POST /toestemmingen/{id}/intrekking`): the page lists exactly what
 * an app would get (names from the signed scheme document) and revokes through the very same
 * handler and service call, so there is one implementation of revocation and one refusal for
 * someone else's or an unknown consent.
 */
import type { FastifyInstance } from 'fastify';
import type { components } from '../../../generated/api.js';
import { formatDatum } from '../../../sdk/opmaak.js';
import { esc } from '../../../weergave/html.js';
import type { OrganisatieContext } from '../context.js';

type Toestemming = components['schemas']['Toestemming'];

type Toestemmingen = { status: 'ok'; toestemmingen: Toestemming[] } | { status: 'niet-ingelogd' } | { status: 'fout' };
type Intrekking = 'ingetrokken' | 'niet-gevonden' | 'niet-ingelogd' | 'fout';

const STATUS: Record<Toestemming['status'], string> = {
  actief: 'Actief',
  gepauzeerd: 'Gepauzeerd',
  opgeschort: 'Opgeschort (de afnemer is geschorst)',
  ingetrokken: 'Ingetrokken',
  verlopen: 'Verlopen',
};

/** The message for someone else's and an unknown consent alike, as the API says it. */
export const NIET_GEVONDEN = 'Deze toestemming bestaat niet, of is niet van u. Er is niets gewijzigd.';

export async function haalToestemmingen(app: FastifyInstance, ctx: OrganisatieContext, token: string): Promise<Toestemmingen> {
  const res = await app.inject({ method: 'GET', url: `${ctx.basePath}/toestemmingen`, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
  if (res.statusCode === 401) return { status: 'niet-ingelogd' };
  if (res.statusCode !== 200) return { status: 'fout' };
  return { status: 'ok', toestemmingen: (res.json() as { toestemmingen: Toestemming[] }).toestemmingen };
}

export async function trekIn(app: FastifyInstance, ctx: OrganisatieContext, token: string, id: unknown): Promise<Intrekking> {
  // Only URL-safe characters go into the path (no `/` or `..` to reach another route); the
  // API itself decides whether the id is a consent of this citizen.
  if (typeof id !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(id)) return 'niet-gevonden';
  const res = await app.inject({ method: 'POST', url: `${ctx.basePath}/toestemmingen/${id}/intrekking`, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
  if (res.statusCode === 200) return 'ingetrokken';
  if (res.statusCode === 401) return 'niet-ingelogd';
  // 400 (not a consent id) and 404 (unknown or someone else's) read the same to the citizen.
  if (res.statusCode === 400 || res.statusCode === 404) return 'niet-gevonden';
  return 'fout';
}

/** The section on the citizen's page; `csrf` is the session's token for the revoke forms. */
export function toestemmingenHtml(lijst: Toestemmingen, csrf: string, melding: string): string {
  const kop = `<h2 id="toestemmingen">Toestemmingen</h2>
<p>Hier staat aan wie u toestemming hebt gegeven om gegevens van u te krijgen (Blauwe Knop Plus). U kunt een toestemming op elk moment intrekken; daarna krijgt de afnemer niets meer.</p>
${melding}`;
  if (lijst.status !== 'ok') return `<section class="document" aria-labelledby="toestemmingen">${kop}<div class="melding fout" role="alert">Uw toestemmingen konden nu niet worden opgehaald. Probeer het later opnieuw.</div></section>`;
  if (lijst.toestemmingen.length === 0) return `<section class="document" aria-labelledby="toestemmingen">${kop}<p>U hebt geen toestemmingen gegeven.</p></section>`;
  const rijen = lijst.toestemmingen
    .map((t) => {
      const kanIntrekken = t.status === 'actief' || t.status === 'gepauzeerd';
      const actie = kanIntrekken
        ? `<form method="post" action="/toestemmingen/intrekken"><input type="hidden" name="csrf" value="${esc(csrf)}"><input type="hidden" name="toestemming" value="${esc(t.toestemming_id)}"><button class="knop secundair" type="submit" aria-label="Toestemming voor ${esc(t.afnemer.naam)} intrekken">Intrekken</button></form>`
        : '';
      return `<tr><td>${esc(t.afnemer.naam)}</td><td>${esc(t.doel.omschrijving)}</td><td>${esc(STATUS[t.status])}</td><td>${esc(formatDatum(t.geldig_tot))}</td><td>${actie}</td></tr>`;
    })
    .join('\n');
  return `<section class="document" aria-labelledby="toestemmingen">${kop}
<table><caption>Uw toestemmingen</caption>
<thead><tr><th scope="col">Afnemer</th><th scope="col">Doel</th><th scope="col">Status</th><th scope="col">Geldig tot</th><th scope="col">Actie</th></tr></thead>
<tbody>
${rijen}
</tbody></table></section>`;
}
