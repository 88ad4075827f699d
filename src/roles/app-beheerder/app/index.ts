/**
 * The Centraal app, served by the app manager at `/app` (outside `/v1`, which is the API):
 * one HTML page, the shared stylesheet and emblem, and one JavaScript file built from
 * ./browser with esbuild. The app runs on the citizen's device; this server only hands it
 * out, with the scheme operator's URL and the operator key it pins (see docs/centraal.md).
 */
import type { FastifyInstance } from 'fastify';
import type { JWK } from 'jose';
import { DEMO_CITIZENS } from '../../../data/seed/citizens.js';
import { readPinnedOperatorKey } from '../../../sdk/node.js';
import { esc } from '../../../weergave/html.js';
import { EMBLEEM_SVG, STIJL_CSS } from '../../../weergave/huisstijl.js';
import { pagina } from '../../../weergave/pagina.js';
import type { RoleContext } from '../../context.js';
import { appBundel } from './bundel.js';

const NAAM = 'De Blauwe Knop-app';

/**
 * Scripts only from this origin (the one bundle), nothing inline, no eval (the bundle's
 * schema checks are compiled ahead of time). The app talks to the operator and to every
 * organisation in the scheme, which are not known here in advance: any https origin, and in
 * development plain http too (the demo runs on http://127.0.0.1).
 */
function appCsp(development: boolean): string {
  const connect = `'self' https:${development ? ' http:' : ''}`;
  return `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src ${connect}; form-action 'none'; frame-ancestors 'none'; base-uri 'none'`;
}

function inhoud(ontwikkelInlog: boolean): string {
  const inloggen = ontwikkelInlog
    ? `<div class="melding ontwikkeling" role="note"><strong>Alleen voor ontwikkeling.</strong> Dit is geen DigiD: u kiest een verzonnen demo-inwoner en de app-beheerder geeft een ontwikkel-token.</div>
<h2 id="inloggen">Kies een demo-inwoner</h2>
<ul class="burgers">${DEMO_CITIZENS.map(
        (b) =>
          `<li><span><strong>${esc(b.naam)}</strong><br>${esc(b.toont)}</span><button class="knop" type="button" data-bsn="${esc(b.bsn)}" aria-label="Overzicht ophalen als ${esc(b.naam)}">Overzicht ophalen</button></li>`,
      ).join('\n')}</ul>`
    : `<div class="melding fout" role="alert">Inloggen is in deze app nog niet ingericht: de app kent alleen de ontwikkel-login van de demo.</div>`;
  return `<h1>Al uw gegevens, van alle organisaties, op uw eigen apparaat</h1>
<p class="inleiding">Deze app vraagt iedere organisatie in het stelsel tegelijk om uw gewaarmerkte gegevens, controleert elke handtekening hier in uw browser en maakt er één overzicht van. Het overzicht wordt nergens naartoe gestuurd.</p>
<noscript><div class="melding fout">Deze app heeft JavaScript nodig: de controles en het overzicht gebeuren op uw eigen apparaat.</div></noscript>
${inloggen}
<section aria-labelledby="voortgang-kop">
<h2 id="voortgang-kop">Voortgang</h2>
<p id="voortgang-status" role="status">Nog niet gestart.</p>
<ul id="voortgang-lijst" class="voortgang" aria-live="polite"></ul>
</section>
<section id="overzicht" aria-labelledby="overzicht-kop" hidden></section>`;
}

export function registerCentraalApp(app: FastifyInstance, ctx: RoleContext): void {
  const { config } = ctx;
  const development = config.environment === 'development';
  let operatorKey: JWK | undefined;
  try {
    operatorKey = config.stelsel.sleutelFile ? readPinnedOperatorKey(config.stelsel.sleutelFile) : undefined;
  } catch (error) {
    throw new Error(`STELSEL_SLEUTEL: ${(error as Error).message}`);
  }
  let bundel: Promise<string> | undefined;

  app.register(async (web) => {
    web.addHook('onSend', async (_request, reply, payload) => {
      reply.header('content-security-policy', appCsp(development));
      return payload;
    });
    web.get('/app', async (_request, reply) => {
      const html = (status: number, tekst: string, gegevens?: Record<string, string>) =>
        reply
          .code(status)
          .type('text/html; charset=utf-8')
          .send(pagina({ titel: 'Uw overzicht', organisatie: NAAM, inhoud: tekst, bronnen: '/app', ...(gegevens ? { script: '/app/app.js', gegevens } : {}) }));
      if (!config.stelsel.url || !operatorKey) {
        return html(503, `<h1>De app is niet ingericht</h1><div class="melding fout" role="alert">Deze app-beheerder kent de stelselbeheerder niet (STELSEL_URL en STELSEL_SLEUTEL ontbreken).</div>`);
      }
      return html(200, inhoud(config.auth.developmentProvider), {
        'stelsel-url': config.stelsel.url,
        'stelsel-sleutel': JSON.stringify(operatorKey),
        'app-beheerder': config.appBeheerder.id,
      });
    });
    web.get('/app/app.js', async (request, reply) => {
      bundel ??= appBundel();
      try {
        return reply.type('text/javascript; charset=utf-8').send(await bundel);
      } catch (error) {
        bundel = undefined;
        request.log.error({ err: error }, 'building the Centraal app failed');
        throw error;
      }
    });
    web.get('/app/stijl.css', async (_request, reply) => reply.type('text/css; charset=utf-8').send(STIJL_CSS));
    web.get('/app/blauwe-knop.svg', async (_request, reply) => reply.type('image/svg+xml').send(EMBLEEM_SVG));
  });
}
