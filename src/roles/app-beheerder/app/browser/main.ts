/// <reference lib="dom" />
/**
 * The Centraal app in the browser (bundled by ../bundel.ts): on the citizen's device it does
 * what `blauwe-knop overzicht` does, with the SDK's core and nothing else: verify the scheme
 * document with the pinned operator key, log in, register this device's key with the app
 * manager, ask every organisation at once (each with its own session and time-out), show each
 * one as it answers, then the one overview and the bundle to download. Everything but the
 * registration goes from this device to the organisations themselves; the overview is made
 * here and sent nowhere.
 */
import type { JWK } from 'jose';
import { AppBeheerderError, haalOverzicht, StelselError, type OverzichtResultaat, type Voortgang } from '../../../../sdk/index.js';
import { esc } from '../../../../weergave/html.js';
import { appSleutel, stelselOpslag } from './opslag.js';
import { overzichtHtml } from './overzicht-html.js';

const hoofd = document.getElementById('inhoud') as HTMLElement;
const voortgang = document.getElementById('voortgang-lijst') as HTMLUListElement;
const voortgangStatus = document.getElementById('voortgang-status') as HTMLElement;
const resultaat = document.getElementById('overzicht') as HTMLElement;
const knoppen = [...document.querySelectorAll<HTMLButtonElement>('button[data-bsn]')];

/** Served by the app manager beside the app (see docs/centraal.md: why this pin is acceptable). */
const instellingen = {
  stelselUrl: hoofd.dataset.stelselUrl ?? '',
  operatorKey: JSON.parse(hoofd.dataset.stelselSleutel ?? '{}') as JWK,
  appBeheerderId: hoofd.dataset.appBeheerder ?? '',
};

const regels = new Map<string, HTMLLIElement>();

function toon(p: Voortgang): void {
  switch (p.soort) {
    case 'stelsel':
      voortgangStatus.textContent = `Stelseldocument gecontroleerd met de vastgepinde sleutel: ${p.organisaties} organisaties.`;
      return;
    case 'geregistreerd':
      voortgangStatus.textContent = `App geregistreerd bij ${p.app_beheerder}. De organisaties worden tegelijk gevraagd…`;
      return;
    case 'organisatie-start': {
      const li = document.createElement('li');
      li.className = 'bezig';
      li.dataset.oin = p.oin;
      li.textContent = `${p.naam}: bezig…`;
      voortgang.append(li);
      regels.set(p.oin, li);
      return;
    }
    case 'organisatie-klaar': {
      const li = regels.get(p.oin)!;
      li.className = p.status === 'ok' ? 'klaar' : 'mislukt';
      li.dataset.status = p.status;
      li.textContent =
        p.status === 'ok' ? `${p.naam}: opgehaald en gecontroleerd (${Math.round(p.duur_ms)} ms)` : `${p.naam}: ${p.status === 'time-out' ? 'geen antwoord' : 'mislukt'}, ${p.reden ?? ''}`;
      return;
    }
  }
}

/** The bundle as a file the citizen keeps: a link to an object URL, made here on the device. */
function downloadLink(uitkomst: OverzichtResultaat): string {
  const bestand = new Blob([`${JSON.stringify(uitkomst.bundel, null, 2)}\n`], { type: 'application/json' });
  const naam = `blauwe-knop-bundel-${uitkomst.overzicht.opgesteld_op.slice(0, 10)}.json`;
  return `<h2 id="bewaren">Bewaren en controleren</h2>
<p>De bundel bevat het stelseldocument en alle ondertekende documenten, met dit overzicht. Iedereen kan hem later zonder netwerk controleren, met alleen de sleutel van de stelselbeheerder: <code>npm run verifieer -- ${esc(naam)}</code>.</p>
<p><a class="knop" id="bundel-download" href="${URL.createObjectURL(bestand)}" download="${esc(naam)}">Download de bundel (JSON)</a></p>`;
}

function fout(error: unknown): string {
  const tekst =
    error instanceof StelselError
      ? `Het stelseldocument is niet te vertrouwen of niet op te halen (${error.code}): ${error.message}`
      : error instanceof AppBeheerderError
        ? `De app-beheerder: ${error.message}`
        : `Er ging iets mis: ${(error as Error).message}`;
  return `<div class="melding fout" role="alert">${esc(tekst)} Er is niets getoond of bewaard.</div>`;
}

async function haalOp(bsn: string): Promise<void> {
  for (const knop of knoppen) knop.disabled = true;
  voortgang.replaceChildren();
  regels.clear();
  resultaat.replaceChildren();
  resultaat.hidden = true;
  voortgangStatus.textContent = 'Stelseldocument ophalen…';
  try {
    const uitkomst = await haalOverzicht({
      stelselUrl: instellingen.stelselUrl,
      operatorKey: instellingen.operatorKey,
      store: stelselOpslag,
      // Development only: the app manager's development login stands in for DigiD.
      login: { ontwikkelBsn: bsn },
      appBeheerderId: instellingen.appBeheerderId,
      appKey: await appSleutel(),
      onProgress: toon,
    });
    const klaar = uitkomst.overzicht.organisaties.filter((o) => o.status === 'ok').length;
    voortgangStatus.textContent = `Klaar: ${klaar} van ${uitkomst.overzicht.organisaties.length} organisaties gaven antwoord.`;
    resultaat.innerHTML = `<h2 id="overzicht-kop" class="scheiding">Uw overzicht</h2>${overzichtHtml(uitkomst.overzicht, uitkomst.resultaten)}\n${downloadLink(uitkomst)}`;
  } catch (error) {
    voortgangStatus.textContent = 'Mislukt.';
    resultaat.innerHTML = fout(error);
  } finally {
    resultaat.hidden = false;
    for (const knop of knoppen) knop.disabled = false;
  }
}

for (const knop of knoppen) knop.addEventListener('click', () => void haalOp(knop.dataset.bsn!));
document.documentElement.dataset.app = 'klaar';
