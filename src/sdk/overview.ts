/**
 * The overview: every organisation's result folded into one view, with each claim two
 * organisations report counted once. Pure: no network, no clock (the caller passes the time).
 */
import type { Documentenvelop, FinancieleVerplichtingenDocument, FinancieleZaak, Oin } from './protocol.js';

export type OrganisatieStatus = 'ok' | 'mislukt' | 'time-out';

/** One organisation's outcome, as the fetch produced it. */
export interface OrganisatieResultaat {
  oin: Oin;
  naam: string;
  status: OrganisatieStatus;
  /** Why it failed (Dutch), for `mislukt` and `time-out`. */
  reden?: string;
  /** How long the fetch took, in milliseconds. */
  duur_ms: number;
  /** The verified documents (parsed), for `ok`. */
  documenten: Documentenvelop[];
}

export interface GeindNamens {
  verplichtingskenmerk: string;
  beschikkingsnummer: string;
  type: string;
  /** The imposing organisation, whose copy of the claim counts. */
  namens: { oin: Oin; naam: string };
}

export interface Bedragen {
  totaal_financieel_verplicht: number;
  totaal_financieel_vereffend: number;
  saldo: number;
}

export interface OverzichtZaak {
  oin: Oin;
  organisatie: string;
  zaak: FinancieleZaak;
  /** Claims in this zaak the organisation collects for another: shown, not counted. */
  geind_namens: GeindNamens[];
  /** What of this zaak counts towards the totals (the zaak's own totals minus the claims above). */
  telt_mee: Bedragen;
}

export interface Overzicht {
  bsn: string;
  opgesteld_op: string;
  stelsel: { versie: string; uitgegeven_op: string };
  organisaties: Array<{ oin: Oin; naam: string; status: OrganisatieStatus; reden?: string; gegevens_van?: string; documenttypen: string[] }>;
  financiele_zaken: OverzichtZaak[];
  totalen: Bedragen & { aantal_zaken: number; aantal_dubbele_vorderingen: number };
}

export interface OverzichtInput {
  bsn: string;
  opgesteld_op: string;
  stelsel: { versie: string; uitgegeven_op: string; organisaties: Array<{ oin: Oin; naam: string; code?: string }> };
  resultaten: OrganisatieResultaat[];
}

const earliest = (moments: string[]): string => moments.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));

const prefixOf = (type: string): string => type.split('_', 1)[0] ?? '';

/** Key of a claim across organisations: the same decision number and the same obligation type. */
export const claimKey = (beschikkingsnummer: string, type: string): string => `${beschikkingsnummer}\u0000${type}`;

function isFinancieel(document: Documentenvelop): document is FinancieleVerplichtingenDocument {
  return document.documenttype === 'financiele-verplichtingen';
}

/**
 * The verplichting-type prefix most of these zaken's claims carry (ties: alphabetical), or
 * none. `only` limits which claims count (by claim key).
 */
export function organisationCode(zaken: readonly FinancieleZaak[], only?: (key: string) => boolean): string | undefined {
  const counts = new Map<string, number>();
  for (const zaak of zaken) {
    for (const v of zaak.financiele_verplichtingen) {
      if (only && !only(claimKey(v.beschikkingsnummer, v.type))) continue;
      counts.set(prefixOf(v.type), (counts.get(prefixOf(v.type)) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}

/** What one claim contributes to its zaak's totals: its bedrag; forgiven plus paid on it (at most the bedrag). */
export function claimBedragen(zaak: FinancieleZaak, verplichtingskenmerk: string): Bedragen {
  const v = zaak.financiele_verplichtingen.find((x) => x.verplichtingskenmerk === verplichtingskenmerk);
  if (!v) return { totaal_financieel_verplicht: 0, totaal_financieel_vereffend: 0, saldo: 0 };
  const paid = zaak.betalingsverplichtingen.filter((b) => b.verplichtingskenmerk === verplichtingskenmerk).reduce((sum, b) => sum + b.betaald, 0);
  const vereffend = Math.min(v.bedrag, v.kwijtgescholden + paid);
  return { totaal_financieel_verplicht: v.bedrag, totaal_financieel_vereffend: vereffend, saldo: v.bedrag - vereffend };
}

/**
 * The deduplication rule (docs/sdk.md): a claim with the same `beschikkingsnummer` and the same
 * verplichting `type` reported by two or more organisations is one claim. It is attributed to
 * the organisation whose code is the type's prefix (`cak_eigen_bijdrage` → the CAK, the
 * imposing one). An organisation's code is the `code` the scheme lists for it; else the prefix
 * most of the claims only it reports carry; else the prefix most of all its claims carry.
 * Among the reporters whose code matches, the one with the surest code wins; when that does
 * not decide, the first reporter in the scheme's order counts. The other copies are marked
 * "geïnd namens" that organisation and do not count; every original document is kept.
 */
export function foldOverzicht(input: OverzichtInput): Overzicht {
  const order = new Map(input.stelsel.organisaties.map((o, i) => [o.oin, i]));
  const declaredCode = new Map(input.stelsel.organisaties.map((o) => [o.oin, o.code]));
  const resultaten = [...input.resultaten].sort((a, b) => (order.get(a.oin) ?? Infinity) - (order.get(b.oin) ?? Infinity) || a.oin.localeCompare(b.oin));

  const zakenPerOrg = new Map<Oin, FinancieleZaak[]>();
  for (const r of resultaten) {
    if (r.status !== 'ok') continue;
    zakenPerOrg.set(r.oin, r.documenten.filter(isFinancieel).flatMap((d) => d.gegevens.financiele_zaken));
  }
  const naamVan = new Map(resultaten.map((r) => [r.oin, r.naam]));

  // Which organisations report each claim, in the scheme's order (a Set keeps insertion order).
  const reporters = new Map<string, Set<Oin>>();
  for (const [oin, zaken] of zakenPerOrg) {
    for (const zaak of zaken) {
      for (const v of zaak.financiele_verplichtingen) {
        const key = claimKey(v.beschikkingsnummer, v.type);
        let set = reporters.get(key);
        if (!set) reporters.set(key, (set = new Set()));
        set.add(oin);
      }
    }
  }
  const reportedOnce = (key: string) => (reporters.get(key)?.size ?? 0) === 1;
  // Each organisation's code and how sure it is: declared in the scheme (3), from the claims
  // only it reports (2), from all its claims (1).
  const codeOf = new Map<Oin, { code: string; strength: number } | undefined>();
  for (const [oin, zaken] of zakenPerOrg) {
    const declared = declaredCode.get(oin);
    const own = organisationCode(zaken, reportedOnce);
    const any = organisationCode(zaken);
    codeOf.set(oin, declared ? { code: declared, strength: 3 } : own ? { code: own, strength: 2 } : any ? { code: any, strength: 1 } : undefined);
  }
  const decideOwner = (key: string, type: string): Oin | undefined => {
    const list = [...(reporters.get(key) ?? [])];
    if (list.length < 2) return undefined;
    const matching = list.filter((oin) => codeOf.get(oin)?.code === prefixOf(type));
    const strongest = Math.max(0, ...matching.map((oin) => codeOf.get(oin)!.strength));
    const best = matching.filter((oin) => codeOf.get(oin)!.strength === strongest);
    if (best.length === 1) return best[0];
    return list[0];
  };
  // Decided once per claim, not once per copy: with a claim reported by every one of n
  // organisations, deciding per copy made the fold quadratic in n.
  const owners = new Map<string, Oin | undefined>();
  const ownerOf = (key: string, type: string): Oin | undefined => {
    if (!owners.has(key)) owners.set(key, decideOwner(key, type));
    return owners.get(key);
  };

  const financiele_zaken: OverzichtZaak[] = [];
  let aantalDubbel = 0;
  for (const [oin, zaken] of zakenPerOrg) {
    for (const zaak of zaken) {
      const geind: GeindNamens[] = [];
      for (const v of zaak.financiele_verplichtingen) {
        const owner = ownerOf(claimKey(v.beschikkingsnummer, v.type), v.type);
        if (owner !== undefined && owner !== oin) {
          geind.push({ verplichtingskenmerk: v.verplichtingskenmerk, beschikkingsnummer: v.beschikkingsnummer, type: v.type, namens: { oin: owner, naam: naamVan.get(owner) ?? owner } });
        }
      }
      aantalDubbel += geind.length;
      const excluded = geind.map((g) => claimBedragen(zaak, g.verplichtingskenmerk));
      const minus = (field: keyof Bedragen) => excluded.reduce((sum, b) => sum + b[field], 0);
      const verplicht = zaak.totaal_financieel_verplicht - minus('totaal_financieel_verplicht');
      const vereffend = zaak.totaal_financieel_vereffend - minus('totaal_financieel_vereffend');
      financiele_zaken.push({
        oin,
        organisatie: naamVan.get(oin) ?? oin,
        zaak,
        geind_namens: geind,
        telt_mee: { totaal_financieel_verplicht: verplicht, totaal_financieel_vereffend: vereffend, saldo: verplicht - vereffend },
      });
    }
  }

  const sum = (field: keyof Bedragen) => financiele_zaken.reduce((total, z) => total + z.telt_mee[field], 0);
  return {
    bsn: input.bsn,
    opgesteld_op: input.opgesteld_op,
    stelsel: { versie: input.stelsel.versie, uitgegeven_op: input.stelsel.uitgegeven_op },
    organisaties: resultaten.map((r) => ({
      oin: r.oin,
      naam: r.naam,
      status: r.status,
      ...(r.reden !== undefined ? { reden: r.reden } : {}),
      ...(r.status === 'ok' && r.documenten.length > 0 ? { gegevens_van: earliest(r.documenten.map((d) => d.aangemaakt_op)) } : {}),
      documenttypen: r.documenten.map((d) => d.documenttype),
    })),
    financiele_zaken,
    totalen: {
      totaal_financieel_verplicht: sum('totaal_financieel_verplicht'),
      totaal_financieel_vereffend: sum('totaal_financieel_vereffend'),
      saldo: sum('saldo'),
      aantal_zaken: financiele_zaken.filter((z) => z.zaak.financiele_verplichtingen.length > z.geind_namens.length).length,
      aantal_dubbele_vorderingen: aantalDubbel,
    },
  };
}
