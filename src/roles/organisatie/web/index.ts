/**
 * The organisation's page for its citizens, at `/` beside the API at `/v1`: the blue
 * button, log-in (the development picker, or OpenID Connect with PKCE in production), the
 * certified documents in plain Dutch with their verified signature, and downloads as JSON,
 * JOSE and PDF. Server-rendered HTML with forms: it works without JavaScript, and the
 * Content-Security-Policy allows no script at all. Every form carries a CSRF token bound
 * to the session; the session cookie is HttpOnly, Secure and SameSite=Strict.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { issueDevelopmentToken } from '../../../auth/development-identity-provider.js';
import { DEMO_CITIZENS } from '../../../data/seed/citizens.js';
import { isValidBsn } from '../../../protocol/bsn.js';
import { documentWeergave } from '../../../weergave/document-weergave.js';
import { formatDatumTijd } from '../../../sdk/opmaak.js';
import type { OrganisatieContext } from '../context.js';
import { DOCUMENT_DESCRIPTIONS, isDocumenttype } from '../../../documenten/document-types.js';
import { documentPaden, haalDocument, vraagApi, VORMEN, type Vorm } from './documenten.js';
import { esc, weergaveHtml } from '../../../weergave/html.js';
import { pagina } from '../../../weergave/pagina.js';
import { embleem, EMBLEEM_SVG, STIJL_CSS } from '../../../weergave/huisstijl.js';
import { OidcInlog } from './oidc.js';
import { haalToestemmingen, NIET_GEVONDEN, toestemmingenHtml, trekIn } from './toestemmingen.js';
import { clearCookie, cookiesOf, OIDC_COOKIE, SESSIE_COOKIE, SessieSleutel, type Sessie } from './sessie.js';

const TERUG_PAD = '/inloggen/terug';

/** No script anywhere; styles and images only from this origin; forms only to this origin. */
const PAGINA_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export function registerWebsite(app: FastifyInstance, ctx: OrganisatieContext): void {
  const { config, organisation } = ctx;
  const sleutel = new SessieSleutel(config.web.sessieSleutel);
  const webBasis = config.publicBaseUrl.replace(/\/v[0-9]+$/, '');
  const oidc = config.web.oidc
    ? new OidcInlog({
        issuer: config.auth.issuer,
        clientId: config.web.oidc.clientId,
        ...(config.web.oidc.clientSecret ? { clientSecret: config.web.oidc.clientSecret } : {}),
        scope: config.web.oidc.scope,
        redirectUri: `${webBasis}${TERUG_PAD}`,
        onveiligToegestaan: config.environment === 'development' && config.auth.issuer.startsWith('http://'),
      })
    : undefined;
  const ontwikkelInlog = !oidc && config.auth.developmentProvider;
  const naam = organisation.naam;

  const html = (reply: FastifyReply, status: number, titel: string, inhoud: string, extra: { uitloggen?: string; doorsturen?: string; cookies?: string[] } = {}) => {
    if (extra.cookies?.length) reply.header('set-cookie', extra.cookies);
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(pagina({ titel, organisatie: naam, inhoud, ...(extra.uitloggen ? { uitloggen: extra.uitloggen } : {}), ...(extra.doorsturen ? { doorsturen: extra.doorsturen } : {}) }));
  };
  const melding = (soort: 'fout' | 'goed' | 'ontwikkeling' | '', tekst: string) => `<div class="melding ${soort}" role="${soort === 'fout' ? 'alert' : 'status'}">${tekst}</div>`;
  const ongeldigeSessie = (reply: FastifyReply) =>
    html(
      reply,
      401,
      'Sessie ongeldig',
      `<h1>U bent niet (meer) ingelogd</h1>${melding('fout', 'Uw sessie is niet geldig: verlopen, of de cookie is aangepast. Log opnieuw in om uw gegevens te bekijken.')}<p><a class="knop" href="/inloggen">Opnieuw inloggen</a></p>`,
      { cookies: [clearCookie(SESSIE_COOKIE)] },
    );
  const csrfFout = (reply: FastifyReply) =>
    html(
      reply,
      403,
      'Formulier verlopen',
      `<h1>Dit formulier is niet geaccepteerd</h1>${melding('fout', 'Het formulier hoort niet bij uw huidige sessie (het beveiligingskenmerk ontbreekt of is van een andere sessie). Er is niets gewijzigd. Ga terug, laad de pagina opnieuw en probeer het nog eens.')}<p><a href="/">Naar de beginpagina</a></p>`,
    );

  /** The session of a page that needs a logged-in citizen; otherwise the answer has been sent. */
  const ingelogd = async (request: FastifyRequest, reply: FastifyReply): Promise<Sessie | undefined> => {
    const sessie = await sleutel.sessieUit(cookiesOf(request.headers.cookie));
    if (sessie === 'ongeldig') {
      await ongeldigeSessie(reply);
      return undefined;
    }
    if (!sessie?.token) {
      await reply.redirect('/inloggen', 303);
      return undefined;
    }
    return sessie;
  };

  /** The session for a form, made anonymous when there is none yet (so the form has a CSRF token). */
  const sessieVoorFormulier = async (request: FastifyRequest): Promise<{ sessie: Sessie; cookie?: string }> => {
    const sessie = await sleutel.sessieUit(cookiesOf(request.headers.cookie));
    if (sessie && sessie !== 'ongeldig') return { sessie };
    const nieuw = sleutel.nieuweSessie(config.web.sessieSeconden);
    return { sessie: nieuw, cookie: await sleutel.sessieCookie(nieuw) };
  };

  /** A POST with a CSRF token of this very session; otherwise 403 has been sent. */
  const formulierSessie = async (request: FastifyRequest, reply: FastifyReply): Promise<Sessie | undefined> => {
    const sessie = await sleutel.sessieUit(cookiesOf(request.headers.cookie));
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (!sessie || sessie === 'ongeldig' || !sleutel.csrfKlopt(sessie, body.csrf)) {
      await csrfFout(reply);
      return undefined;
    }
    return sessie;
  };

  /** A new session id at log-in: a session fixed before log-in is worth nothing after it. */
  const ingelogdeSessieCookie = async (token: string) => sleutel.sessieCookie(sleutel.nieuweSessie(config.web.sessieSeconden, token));

  app.register(async (web) => {
    // Form bodies are parsed by the role's one form parser (registerTokenFormParser).
    web.addHook('onSend', async (_request, reply, payload) => {
      reply.header('content-security-policy', PAGINA_CSP);
      return payload;
    });

    web.get('/stijl.css', async (_request, reply) => reply.type('text/css; charset=utf-8').send(STIJL_CSS));
    web.get('/blauwe-knop.svg', async (_request, reply) => reply.type('image/svg+xml').send(EMBLEEM_SVG));

    web.get('/', async (request, reply) => {
      const sessie = await sleutel.sessieUit(cookiesOf(request.headers.cookie));
      const aangeboden = documentPaden(ctx)
        .map(({ documenttype }) => `<li>${esc(DOCUMENT_DESCRIPTIONS[documenttype])}</li>`)
        .join('');
      const isIngelogd = sessie && sessie !== 'ongeldig' && sessie.token;
      return html(
        reply,
        200,
        'De Blauwe Knop',
        `<h1>Uw gegevens bij ${esc(naam)}, met één druk op de knop</h1>
<p class="inleiding">Met de Blauwe Knop downloadt u wat ${esc(naam)} over u heeft vastgelegd. De organisatie ondertekent het digitaal: zo kunt u en iedereen aan wie u het geeft controleren dat het echt van ${esc(naam)} komt en niet is veranderd.</p>
<div class="knop-blok"><a class="blauwe-knop" href="/gegevens">${embleem('Blauwe Knop', 72)}<span>${isIngelogd ? 'Bekijk uw gegevens' : 'Inloggen en uw gegevens ophalen'}</span></a></div>
<h2>Wat u krijgt</h2>
<ul>${aangeboden}</ul>
<p>U krijgt het overzicht op het scherm, en als bestand: als PDF om te bewaren of door te sturen, en als JSON of JOSE voor een app of adviseur. In elk bestand zit de handtekening van ${esc(naam)}.</p>`,
        isIngelogd ? { uitloggen: sleutel.csrfToken(sessie) } : {},
      );
    });

    web.get('/inloggen', async (request, reply) => {
      const bestaand = await sleutel.sessieUit(cookiesOf(request.headers.cookie));
      if (bestaand && bestaand !== 'ongeldig' && bestaand.token) return reply.redirect('/gegevens', 303);
      if (oidc) {
        try {
          const { url, transactie } = await oidc.start();
          reply.header('set-cookie', await sleutel.oidcCookie(transactie, TERUG_PAD));
          return reply.redirect(url.href, 303);
        } catch (error) {
          request.log.warn({ err: error }, 'identity provider not reachable for log-in');
          return html(reply, 503, 'Inloggen niet mogelijk', `<h1>Inloggen lukt nu niet</h1>${melding('fout', 'De inlogdienst is op dit moment niet bereikbaar. Probeer het over een paar minuten opnieuw.')}`);
        }
      }
      if (!ontwikkelInlog) {
        return html(reply, 503, 'Inloggen niet ingericht', `<h1>Inloggen is niet ingericht</h1>${melding('fout', 'Deze omgeving heeft geen inlogdienst. Neem contact op met de beheerder.')}`);
      }
      const { sessie, cookie } = await sessieVoorFormulier(request);
      const csrf = esc(sleutel.csrfToken(sessie));
      const burgers = DEMO_CITIZENS.map(
        (burger) =>
          `<li><span><strong>${esc(burger.naam)}</strong><br>${esc(burger.toont)}</span><form method="post" action="/inloggen"><input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="bsn" value="${esc(burger.bsn)}"><button class="knop" type="submit" aria-label="Inloggen als ${esc(burger.naam)}">Inloggen</button></form></li>`,
      ).join('\n');
      return html(
        reply,
        200,
        'Inloggen (ontwikkeling)',
        `<h1>Inloggen</h1>
${melding('ontwikkeling', '<strong>Alleen voor ontwikkeling.</strong> Dit is geen DigiD: u kiest een verzonnen demo-inwoner. In productie logt u hier in via de inlogdienst van de organisatie (OpenID Connect).')}
<h2>Kies een demo-inwoner</h2>
<ul class="burgers">${burgers}</ul>`,
        cookie ? { cookies: [cookie] } : {},
      );
    });

    web.post('/inloggen', async (request, reply) => {
      if (!ontwikkelInlog) return html(reply, 404, 'Niet gevonden', `<h1>Deze pagina bestaat niet</h1><p><a href="/inloggen">Inloggen</a></p>`);
      if (!(await formulierSessie(request, reply))) return reply;
      const bsn = ((request.body ?? {}) as Record<string, unknown>).bsn;
      if (!isValidBsn(bsn) || !DEMO_CITIZENS.some((burger) => burger.bsn === bsn)) {
        return html(reply, 400, 'Onbekende demo-inwoner', `<h1>Deze demo-inwoner bestaat niet</h1>${melding('fout', 'Kies een van de demo-inwoners uit de lijst.')}<p><a href="/inloggen">Terug naar inloggen</a></p>`);
      }
      const token = await issueDevelopmentToken({ dataDir: config.dataDir, bsn, audience: config.auth.audience, bsnClaim: config.auth.bsnClaim, expiresInSeconds: config.web.sessieSeconden });
      reply.header('set-cookie', await ingelogdeSessieCookie(token));
      return reply.redirect('/gegevens', 303);
    });

    web.get(TERUG_PAD, async (request, reply) => {
      const fout = (tekst: string) =>
        html(reply, 400, 'Inloggen mislukt', `<h1>Inloggen is niet gelukt</h1>${melding('fout', tekst)}<p><a class="knop" href="/inloggen">Opnieuw inloggen</a></p>`, {
          cookies: [clearCookie(OIDC_COOKIE, TERUG_PAD)],
        });
      const transactie = await sleutel.oidcUit(cookiesOf(request.headers.cookie));
      if (!oidc || !transactie) return fout('Deze inlogpoging is verlopen of niet in deze browser begonnen.');
      let token: string;
      try {
        token = await oidc.afronden(new URL(request.url, webBasis), transactie);
      } catch (error) {
        request.log.warn({ err: { name: (error as Error).name, code: (error as { code?: string }).code } }, 'OpenID Connect log-in failed');
        return fout('De inlogdienst gaf geen geldige bevestiging. Er is niets opgeslagen.');
      }
      const cookies = [await ingelogdeSessieCookie(token), clearCookie(OIDC_COOKIE, TERUG_PAD)];
      // A page, not a redirect: after the provider's cross-site redirect the browser would not
      // send the SameSite=Strict cookie; the refresh below is a same-site navigation, so it does.
      return html(reply, 200, 'Ingelogd', `<h1>U bent ingelogd</h1><p><a class="knop" href="/gegevens">Naar uw gegevens</a></p>`, { cookies, doorsturen: '/gegevens' });
    });

    web.post('/uitloggen', async (request, reply) => {
      if (!(await formulierSessie(request, reply))) return reply;
      reply.header('set-cookie', clearCookie(SESSIE_COOKIE));
      return reply.redirect('/', 303);
    });

    web.get('/gegevens', async (request, reply) => {
      const sessie = await ingelogd(request, reply);
      if (!sessie) return reply;
      const delen: string[] = [];
      const inhoudsopgave: string[] = [];
      for (const { documenttype, path } of documentPaden(ctx)) {
        const opgehaald = await haalDocument(app, ctx, path, sessie.token!);
        if (opgehaald.status === 'niet-ingelogd') {
          reply.header('set-cookie', clearCookie(SESSIE_COOKIE));
          return reply.redirect('/inloggen', 303);
        }
        if (opgehaald.status !== 'ok') {
          delen.push(
            `<section class="document"><h2 id="${documenttype}">${esc(DOCUMENT_DESCRIPTIONS[documenttype])}</h2>${melding('fout', opgehaald.status === 'ongeldig' ? 'De handtekening van dit document klopt niet. Vertrouw het niet en neem contact op met de organisatie.' : 'Dit document kon nu niet worden opgehaald. Probeer het later opnieuw.')}</section>`,
          );
          continue;
        }
        const { document, verified } = opgehaald;
        const weergave = documentWeergave(document);
        inhoudsopgave.push(`<li><a href="#${documenttype}">${esc(weergave.titel)}</a></li>`);
        const downloads = (Object.keys(VORMEN) as Vorm[])
          .map((vorm) => `<a class="knop secundair" href="/downloads/${documenttype}/${vorm}" download>Download als ${esc(VORMEN[vorm].naam)}</a>`)
          .join('');
        delen.push(`<section class="document" aria-labelledby="${documenttype}">
${weergaveHtml(weergave, documenttype)}
<h3>Handtekening</h3>
${melding('goed', `<strong>Handtekening gecontroleerd.</strong> Dit document is op ${esc(formatDatumTijd(verified.header.sigT ?? document.aangemaakt_op))} ondertekend door ${esc(document.uitgever.naam)} (OIN ${esc(verified.header.iss ?? document.uitgever.oin)}) met de sleutel <code>${esc(verified.header.kid ?? '')}</code> (${esc(verified.key.status ?? 'status onbekend')}, ${esc(verified.header.alg)}), gepubliceerd op <a href="${esc(ctx.config.publicBaseUrl)}/sleutels">${esc(ctx.config.publicBaseUrl)}/sleutels</a>.`)}
<h3>Downloaden</h3>
<p>De JSON-download heeft de handtekening in de header <code>Payload-Signature</code>; JOSE is het ondertekende document in één bestand; in de PDF zit dat JOSE-bestand als bijlage.</p>
<div class="downloads">${downloads}</div>
</section>`);
      }
      if (ctx.plus) {
        const lijst = await haalToestemmingen(app, ctx, sessie.token!);
        if (lijst.status === 'niet-ingelogd') {
          reply.header('set-cookie', clearCookie(SESSIE_COOKIE));
          return reply.redirect('/inloggen', 303);
        }
        // The confirmation after revoking (post/redirect/get); the query carries no data, only which message.
        const ingetrokken = (request.query as Record<string, unknown>).ingetrokken === '1';
        inhoudsopgave.push(`<li><a href="#toestemmingen">Toestemmingen</a></li>`);
        delen.push(toestemmingenHtml(lijst, sleutel.csrfToken(sessie), ingetrokken ? melding('goed', '<strong>De toestemming is ingetrokken.</strong> De afnemer krijgt vanaf nu geen gegevens meer en is hiervan op de hoogte gebracht.') : ''));
      }
      return html(
        reply,
        200,
        'Uw gegevens',
        `<h1>Uw gegevens bij ${esc(naam)}</h1>
<p class="inleiding">Hieronder staat wat ${esc(naam)} over u heeft vastgelegd, precies zoals het ondertekende document het zegt.</p>
${inhoudsopgave.length > 1 ? `<nav aria-label="Documenten"><ul>${inhoudsopgave.join('')}</ul></nav>` : ''}
${delen.join('\n')}`,
        { uitloggen: sleutel.csrfToken(sessie) },
      );
    });

    web.post('/toestemmingen/intrekken', async (request, reply) => {
      const sessie = await formulierSessie(request, reply);
      if (!sessie) return reply;
      if (!sessie.token) return reply.redirect('/inloggen', 303);
      if (!ctx.plus) return html(reply, 404, 'Niet gevonden', `<h1>Deze pagina bestaat niet</h1><p><a href="/gegevens">Naar uw gegevens</a></p>`);
      const uitkomst = await trekIn(app, ctx, sessie.token, ((request.body ?? {}) as Record<string, unknown>).toestemming);
      if (uitkomst === 'ingetrokken') return reply.redirect('/gegevens?ingetrokken=1#toestemmingen', 303);
      if (uitkomst === 'niet-ingelogd') {
        reply.header('set-cookie', clearCookie(SESSIE_COOKIE));
        return reply.redirect('/inloggen', 303);
      }
      if (uitkomst === 'niet-gevonden') {
        return html(reply, 404, 'Toestemming niet gevonden', `<h1>Deze toestemming is niet ingetrokken</h1>${melding('fout', NIET_GEVONDEN)}<p><a href="/gegevens#toestemmingen">Naar uw toestemmingen</a></p>`, { uitloggen: sleutel.csrfToken(sessie) });
      }
      return html(reply, 502, 'Niet gelukt', `<h1>Intrekken is nu niet gelukt</h1>${melding('fout', 'Probeer het later opnieuw; uw toestemmingen laten zien wat nu geldt.')}<p><a href="/gegevens#toestemmingen">Naar uw toestemmingen</a></p>`, { uitloggen: sleutel.csrfToken(sessie) });
    });

    web.get<{ Params: { documenttype: string; vorm: string } }>('/downloads/:documenttype/:vorm', async (request, reply) => {
      const sessie = await ingelogd(request, reply);
      if (!sessie) return reply;
      const { documenttype, vorm } = request.params;
      const pad = documentPaden(ctx).find((d) => d.documenttype === documenttype);
      if (!isDocumenttype(documenttype) || !pad || !(vorm in VORMEN)) {
        return html(reply, 404, 'Niet gevonden', `<h1>Dit document bestaat niet</h1><p><a href="/gegevens">Naar uw gegevens</a></p>`);
      }
      const res = await vraagApi(app, pad.path, sessie.token!, vorm as Vorm);
      if (res.statusCode === 401) return reply.redirect('/inloggen', 303);
      if (res.statusCode !== 200) return html(reply, 502, 'Niet beschikbaar', `<h1>Dit document kon nu niet worden opgehaald</h1><p><a href="/gegevens">Terug</a></p>`);
      const bestandsnaam = `${organisation.code}-${documenttype}-${ctx.now().toISOString().slice(0, 10)}.${VORMEN[vorm as Vorm].extensie}`;
      for (const name of ['payload-signature', 'content-digest'] as const) if (res.headers[name]) reply.header(name, res.headers[name]);
      return reply.type(res.headers['content-type'] ?? 'application/octet-stream').header('content-disposition', `attachment; filename="${bestandsnaam}"`).send(res.body);
    });
  });
}
