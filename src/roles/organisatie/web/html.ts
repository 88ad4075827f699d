/**
 * Server-rendered HTML for the citizen's page: one layout, and the shared Dutch rendering
 * of a document (src/weergave) as headings, definition lists and tables. Every value goes
 * through `esc`, so data can never become markup.
 */
import type { Blok, DocumentWeergave, Sectie } from '../../../weergave/document-weergave.js';
import { GEEN_GEGEVENS } from '../../../weergave/document-weergave.js';
import { embleem } from './huisstijl.js';

export function esc(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface Paginadelen {
  titel: string;
  organisatie: string;
  inhoud: string;
  /** When logged in: the CSRF token for the log-out form in the header. */
  uitloggen?: string;
  /** A meta refresh target (same-site navigation after the identity provider's redirect). */
  doorsturen?: string;
}

export function pagina(delen: Paginadelen): string {
  return `<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${delen.doorsturen ? `<meta http-equiv="refresh" content="0;url=${esc(delen.doorsturen)}">\n` : ''}<title>${esc(delen.titel)} - ${esc(delen.organisatie)}</title>
<link rel="stylesheet" href="/stijl.css">
<link rel="icon" href="/blauwe-knop.svg" type="image/svg+xml">
</head>
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
<main id="inhoud">
${delen.inhoud}
</main>
<footer>De Blauwe Knop is een afspraak tussen overheidsorganisaties: u haalt uw eigen gegevens op, digitaal ondertekend door de organisatie die ze heeft.</footer>
</body>
</html>
`;
}

function blokHtml(blok: Blok): string {
  switch (blok.soort) {
    case 'alinea':
      return `<p>${esc(blok.tekst)}</p>`;
    case 'gegevens':
      return `<dl class="gegevens">${blok.paren.map(([label, waarde]) => `<dt>${esc(label)}</dt><dd>${esc(waarde)}</dd>`).join('')}</dl>`;
    case 'tabel': {
      if (blok.rijen.length === 0) return `<p><strong>${esc(blok.titel)}:</strong> ${GEEN_GEGEVENS}</p>`;
      const klasse = (i: number) => (blok.kolommen[i]!.rechts ? ' class="rechts"' : '');
      return `<table><caption>${esc(blok.titel)}</caption><thead><tr>${blok.kolommen.map((k, i) => `<th scope="col"${klasse(i)}>${esc(k.kop)}</th>`).join('')}</tr></thead><tbody>${blok.rijen
        .map((rij) => `<tr>${rij.map((cel, i) => `<td${klasse(i)}>${esc(cel)}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`;
    }
  }
}

/** A document's sections under an `h2` that names it; its sections become `h3`/`h4`. */
export function weergaveHtml(weergave: DocumentWeergave, id: string): string {
  const sectie = (s: Sectie) => {
    const niveau = s.niveau + 1;
    return `<h${niveau}>${esc(s.kop)}</h${niveau}>${s.blokken.map(blokHtml).join('\n')}`;
  };
  return `<h2 id="${esc(id)}">${esc(weergave.titel)}</h2>\n${weergave.secties.map(sectie).join('\n')}`;
}
