/**
 * The layout of every page a citizen sees (the organisation's button page and the Centraal
 * app): skip link, the blue header with the emblem, main, footer. Documents inside are
 * rendered by html.ts. Stylesheet and icon come from the page's own origin (`bronnen`), so
 * the Content-Security-Policy needs nothing inline.
 */
import { esc } from './html.js';
import { embleem } from './huisstijl.js';


export interface Paginadelen {
  titel: string;
  organisatie: string;
  inhoud: string;
  /** When logged in: the CSRF token for the log-out form in the header. */
  uitloggen?: string;
  /** A meta refresh target (same-site navigation after the identity provider's redirect). */
  doorsturen?: string;
  /** Path prefix of stijl.css and blauwe-knop.svg (default: the site root). */
  bronnen?: string;
  /** A module script from this origin (the Centraal app); the organisation's page has none. */
  script?: string;
  /** Data attributes on `main` (name → value), e.g. the app's settings. */
  gegevens?: Record<string, string>;
}

export function pagina(delen: Paginadelen): string {
  return `<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${delen.doorsturen ? `<meta http-equiv="refresh" content="0;url=${esc(delen.doorsturen)}">\n` : ''}<title>${esc(delen.titel)} - ${esc(delen.organisatie)}</title>
<link rel="stylesheet" href="${delen.bronnen ?? ''}/stijl.css">
<link rel="icon" href="${delen.bronnen ?? ''}/blauwe-knop.svg" type="image/svg+xml">
${delen.script ? `<script type="module" src="${esc(delen.script)}"></script>\n` : ''}</head>
<body>
<a class="naar-inhoud" href="#inhoud">Naar de inhoud</a>
<header class="kop"><div class="binnen">
${embleem('Blauwe Knop', 40)}
<div><div class="organisatie">${esc(delen.organisatie)}</div><div class="rol">De Blauwe Knop: uw gegevens, gewaarmerkt</div></div>
${
  delen.uitloggen
    ? `<form method="post" action="/uitloggen"><input type="hidden" name="csrf" value="${esc(delen.uitloggen)}"><button class="knop" type="submit">Uitloggen</button></form>`
    : ''
}
</div></header>
<main id="inhoud"${Object.entries(delen.gegevens ?? {}).map(([naam, waarde]) => ` data-${naam}="${esc(waarde)}"`).join('')}>
${delen.inhoud}
</main>
<footer>De Blauwe Knop is een afspraak tussen overheidsorganisaties: u haalt uw eigen gegevens op, digitaal ondertekend door de organisatie die ze heeft.</footer>
</body>
</html>
`;
}
