/**
 * The citizen pages' look (the organisation's page and the Centraal app), after the Dutch government design system (NL Design System): a dark
 * blue band, a plain sans-serif, generous spacing, visible focus, underlined links. Our own
 * CSS and our own emblem; none of the design system's assets are copied. Served as files
 * from this origin, so the Content-Security-Policy needs no inline styles or scripts.
 */

/** The Blauwe Knop emblem, made for this project: a round blue button with a download arrow. */
export function embleem(label: string, grootte = 96): string {
  return `<svg class="embleem" role="img" aria-label="${label}" width="${grootte}" height="${grootte}" viewBox="0 0 96 96" xmlns="http://www.w3.org/2000/svg"><title>${label}</title><circle cx="48" cy="48" r="46" fill="#154273"/><circle cx="48" cy="48" r="36" fill="none" stroke="#ffffff" stroke-width="4"/><circle cx="48" cy="48" r="28" fill="#2f6fb7"/><path d="M48 30v26m-11-11 11 11 11-11M35 64h26" fill="none" stroke="#ffffff" stroke-width="6" stroke-linecap="round" stroke-linejoin="round"/></svg>`;
}

export const EMBLEEM_SVG = `<?xml version="1.0" encoding="UTF-8"?>\n${embleem('Blauwe Knop')}\n`;

export const STIJL_CSS = `
:root { --blauw: #154273; --blauw-licht: #2f6fb7; --tekst: #1a1a1a; --grijs: #595959; --rand: #b3b3b3; --vlak: #eef2f7; --focus: #ffbf47; --fout: #a8000b; --goed: #1e6b34; }
* { box-sizing: border-box; }
html { font-family: "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; font-size: 100%; color: var(--tekst); background: #fff; line-height: 1.5; }
body { margin: 0; }
a { color: var(--blauw); text-decoration: underline; text-underline-offset: 0.15em; }
a:hover { text-decoration-thickness: 0.15em; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; box-shadow: 0 0 0 5px var(--tekst); }
.naar-inhoud { position: absolute; left: -9999px; top: 0; background: #fff; padding: 0.5rem 1rem; }
.naar-inhoud:focus { left: 1rem; }
header.kop { background: var(--blauw); color: #fff; }
header.kop .binnen { display: flex; align-items: center; gap: 1rem; max-width: 60rem; margin: 0 auto; padding: 0.75rem 1rem; }
header.kop .organisatie { font-size: 1.25rem; font-weight: 700; }
header.kop .rol { font-size: 0.9rem; }
header.kop form { margin-left: auto; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
footer { border-top: 1px solid var(--rand); color: var(--grijs); max-width: 60rem; margin: 0 auto; padding: 1rem; font-size: 0.9rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.5rem; margin: 2rem 0 0.75rem; }
h3 { font-size: 1.2rem; margin: 1.5rem 0 0.5rem; }
h4 { font-size: 1.1rem; margin: 1.5rem 0 0.5rem; color: var(--blauw); }
.inleiding { font-size: 1.15rem; max-width: 40rem; }
.knop-blok { display: flex; align-items: center; gap: 1.5rem; margin: 2rem 0; }
a.blauwe-knop, button.knop, a.knop { display: inline-flex; align-items: center; gap: 0.75rem; background: var(--blauw); color: #fff; border: 2px solid var(--blauw); border-radius: 2rem; padding: 0.6rem 1.4rem; font: inherit; font-weight: 700; text-decoration: none; cursor: pointer; }
a.blauwe-knop { font-size: 1.25rem; padding: 0.5rem 1.75rem 0.5rem 0.5rem; border-radius: 3rem; }
a.blauwe-knop:hover, button.knop:hover, a.knop:hover { background: var(--blauw-licht); border-color: var(--blauw-licht); }
button.knop.secundair, a.knop.secundair { background: #fff; color: var(--blauw); }
header.kop button.knop { background: #fff; color: var(--blauw); border-color: #fff; padding: 0.3rem 1rem; }
.melding { border-left: 6px solid var(--blauw); background: var(--vlak); padding: 0.75rem 1rem; margin: 1rem 0; }
.melding.ontwikkeling { border-left-color: #8a4b00; background: #fff4e5; }
.melding.fout { border-left-color: var(--fout); background: #fdeced; }
.melding.goed { border-left-color: var(--goed); background: #e9f5ec; }
dl.gegevens { display: grid; grid-template-columns: minmax(10rem, 16rem) 1fr; gap: 0.25rem 1rem; margin: 0.5rem 0 1rem; }
dl.gegevens dt { font-weight: 700; }
dl.gegevens dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
caption { text-align: left; font-weight: 700; padding: 0.25rem 0; }
th, td { border-bottom: 1px solid var(--rand); padding: 0.4rem 0.5rem; text-align: left; vertical-align: top; }
th { background: var(--vlak); }
.rechts { text-align: right; white-space: nowrap; }
.downloads { display: flex; flex-wrap: wrap; gap: 0.75rem; margin: 1rem 0; }
.document { border-top: 4px solid var(--blauw); margin-top: 2.5rem; }
ul.burgers { list-style: none; padding: 0; display: grid; gap: 0.5rem; }
ul.burgers li { border: 1px solid var(--rand); padding: 0.5rem 0.75rem; display: flex; gap: 1rem; align-items: center; justify-content: space-between; }
ul.burgers form { margin: 0; }
ul.voortgang { list-style: none; padding: 0; display: grid; gap: 0.25rem; }
ul.voortgang li { border-left: 6px solid var(--rand); background: var(--vlak); padding: 0.3rem 0.75rem; }
ul.voortgang li.klaar { border-left-color: var(--goed); }
ul.voortgang li.mislukt { border-left-color: var(--fout); background: #fdeced; }
.kenmerk { color: var(--grijs); }
tfoot th, tfoot td { font-weight: 700; border-top: 2px solid var(--tekst); }
details.document-details { border-top: 1px solid var(--rand); padding: 0.5rem 0; }
details.document-details summary { cursor: pointer; font-weight: 700; color: var(--blauw); }
button.knop:disabled { opacity: 0.6; cursor: progress; }
.scheiding { border-top: 4px solid var(--blauw); padding-top: 1rem; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.9em; overflow-wrap: anywhere; }
@media (max-width: 40rem) { dl.gegevens { grid-template-columns: 1fr; } .knop-blok { flex-direction: column; align-items: flex-start; } }
`;
