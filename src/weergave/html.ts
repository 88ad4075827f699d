/**
 * A document's Dutch rendering (document-weergave.ts) as HTML: headings, definition lists
 * and tables. Shared by the organisation's server-rendered page and the Centraal app in the
 * browser, so both show a document in the same words. Every value goes through `esc`, so
 * data can never become markup. Pure: no DOM, no Node.
 */
import type { Blok, DocumentWeergave, Sectie } from './document-weergave.js';
import { GEEN_GEGEVENS } from './document-weergave.js';

export function esc(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
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
