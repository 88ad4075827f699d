/**
 * The demo data and the repositories over it: valid test BSNs, every case the demo must
 * show, contract-valid shapes, each citizen sees exactly their own data, unknown citizens
 * get empty results, and the seed is deterministic. Runs on SQLite, or on PostgreSQL when
 * DATABASE_URL points there (see test/helpers/database.ts).
 */
import t from 'tap';
import { findOrganisation, listOrganisations } from '../../src/data/organisations.js';
import { GEBEURTENIS_TYPES, loadFinancieleZaken, type Gebeurtenis } from '../../src/data/financiele-zaken.js';
import { loadRijbewijs, loadVaartuigen, loadVoertuigen, CATEGORIEEN } from '../../src/data/rdw.js';
import {
  insertSigningKey,
  listSigningKeys,
  setSigningKeyStatus,
  signingKeyStore,
} from '../../src/data/signing-keys.js';
import {
  DEMO_CITIZENS,
  DEMO_ORGANISATIONS,
  DEMO_RIJBEWIJZEN,
  DEMO_VAARTUIGEN,
  DEMO_VOERTUIGEN,
  DEMO_ZAKEN,
  OIN,
} from '../../src/data/seed/index.js';
import type { Db } from '../../src/data/database.js';
import { schemaErrors } from '../helpers/contract.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

/** The 11-check, written out here independently of the code under test. */
function elfproef(bsn: string): boolean {
  if (!/^\d{9}$/.test(bsn)) return false;
  const d = [...bsn].map(Number);
  const sum = 9 * d[0]! + 8 * d[1]! + 7 * d[2]! + 6 * d[3]! + 5 * d[4]! + 4 * d[5]! + 3 * d[6]! + 2 * d[7]! - d[8]!;
  return sum % 11 === 0;
}

/** The service's FCID fold, to check the demo data is consistent for it (optional here). */
const fcid = await import('../../src/fcid/index.js').catch(() => undefined);

const TODAY = '2026-11-28';
const UNKNOWN_BSN = '999990238'; // passes the 11-check, not in the demo data
const UNKNOWN_OIN = '00000099000000000099';
const ALL_OINS = DEMO_ORGANISATIONS.map((o) => o.oin);
const instant = (value: string) => new Date(value).getTime();
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Everything every repository returns for every demo citizen (and a stranger) at every organisation. */
async function dump(db: Db) {
  const result: Record<string, unknown> = {};
  for (const oin of ALL_OINS) result[`organisation ${oin}`] = await findOrganisation(db, oin);
  for (const bsn of [...DEMO_CITIZENS.map((c) => c.bsn), UNKNOWN_BSN]) {
    for (const oin of ALL_OINS) {
      result[`${bsn}@${oin}`] = {
        financieel: await loadFinancieleZaken(db, oin, bsn),
        voertuigen: await loadVoertuigen(db, oin, bsn),
        rijbewijs: await loadRijbewijs(db, oin, bsn),
        vaartuigen: await loadVaartuigen(db, oin, bsn),
      };
    }
  }
  return result;
}

// Set up before any test runs (no top-level await between tests: tap may end the root
// test, and run its teardown, while a module-level await is still pending).
let db: TestDatabase;
let full: Record<string, unknown>;
const allEvents: Gebeurtenis[] = [];
t.before(async () => {
  db = await createTestDatabase();
  t.comment(`provider: ${db.provider}`);
  full = await dump(db);
  for (const { bsn } of DEMO_CITIZENS) {
    for (const oin of ALL_OINS) allEvents.push(...(await loadFinancieleZaken(db, oin, bsn)).gebeurtenissen);
  }
});
t.teardown(() => db?.close());

t.test('demo citizens: at least 20 valid, distinct test BSNs, each with a description', async (t) => {
  t.ok(DEMO_CITIZENS.length >= 20, `${DEMO_CITIZENS.length} citizens`);
  t.equal(new Set(DEMO_CITIZENS.map((c) => c.bsn)).size, DEMO_CITIZENS.length, 'distinct');
  for (const citizen of DEMO_CITIZENS) {
    t.ok(elfproef(citizen.bsn), `${citizen.bsn} passes the 11-check`);
    t.match(citizen.bsn, /^9999\d{5}$/, `${citizen.bsn} is in the 9999xxxxx test range`);
    t.ok(citizen.naam.length > 0 && citizen.toont.length > 10, `${citizen.bsn} has a name and a description`);
  }
  t.ok(DEMO_CITIZENS.some((c) => c.bsn === '999993653'), 'the contract example citizen');
  t.notOk(elfproef('999993654'), 'the check itself rejects a wrong BSN');
  t.ok(elfproef(UNKNOWN_BSN) && !DEMO_CITIZENS.some((c) => c.bsn === UNKNOWN_BSN), 'the stranger is valid but unknown');
  const every = new Set([...DEMO_ZAKEN, ...DEMO_VOERTUIGEN, ...DEMO_RIJBEWIJZEN, ...DEMO_VAARTUIGEN].map((x) => x.bsn));
  for (const bsn of every) t.ok(DEMO_CITIZENS.some((c) => c.bsn === bsn), `${bsn} is a listed demo citizen`);
});

t.test('the six pilot organisations', async (t) => {
  const expected: Record<string, [string, string[]]> = {
    [OIN.tilburg]: ['Gemeente Tilburg (demo)', ['financiele-verplichtingen']],
    [OIN.tholen]: ['Gemeente Tholen (demo)', ['financiele-verplichtingen']],
    [OIN.boxtel]: ['Gemeente Boxtel (demo)', ['financiele-verplichtingen']],
    [OIN.sintMichielsgestel]: ['Gemeente Sint-Michielsgestel (demo)', ['financiele-verplichtingen']],
    [OIN.cak]: ['CAK (demo)', ['financiele-verplichtingen']],
    [OIN.rdw]: ['RDW (demo)', ['voertuigen', 'rijbewijs', 'vaartuigen']],
  };
  t.same(Object.keys(expected).sort(), [1, 2, 3, 4, 5, 6].map((n) => `0000009900000000000${n}`));
  for (const [oin, [naam, documenttypen]] of Object.entries(expected)) {
    const organisation = await findOrganisation(db, oin);
    t.ok(organisation, oin);
    if (!organisation) continue;
    t.equal(organisation.naam, naam);
    t.same(organisation.documenttypen, documenttypen, `${naam} offers ${documenttypen.join(', ')}`);
    t.match(organisation.code, /^[a-z0-9]{1,5}$/);
    t.ok(organisation.contactopties.length >= 2, `${naam} has contact options`);
    for (const c of organisation.contactopties) t.same(schemaErrors('Contactoptie', c), [], `${naam}: ${c.contactvorm}`);
    for (const d of organisation.documenttypen) t.same(schemaErrors('Documenttype', d), []);
    t.same(schemaErrors('Oin', organisation.oin), []);
  }
  t.equal(await findOrganisation(db, UNKNOWN_OIN), null, 'an unknown OIN is null');
  const all = await listOrganisations(db.prisma);
  t.same(all.map((o) => o.oin), Object.keys(expected).sort(), 'listOrganisations, by OIN (also through the bare client)');
});

t.test('each citizen gets exactly their own seeded data, in order', async (t) => {
  for (const { bsn } of DEMO_CITIZENS) {
    for (const oin of ALL_OINS) {
      const mine = DEMO_ZAKEN.filter((z) => z.bsn === bsn && z.oin === oin).sort((a, b) => byText(a.zaakkenmerk, b.zaakkenmerk));
      const { zaken, gebeurtenissen } = await loadFinancieleZaken(db, oin, bsn);
      t.same(
        zaken,
        mine.map((z) => ({ zaakkenmerk: z.zaakkenmerk, ...(z.omschrijving ? { omschrijving: z.omschrijving } : {}), contactopties: z.contactopties })),
        `${bsn}@${oin}: zaken`,
      );
      const expected = mine
        .flatMap((z) => z.gebeurtenissen)
        .sort((a, b) => instant(a.datumtijd_gebeurtenis) - instant(b.datumtijd_gebeurtenis) || byText(a.gebeurtenis_kenmerk, b.gebeurtenis_kenmerk));
      t.strictSame(gebeurtenissen, expected, `${bsn}@${oin}: gebeurtenissen exactly as seeded`);
    }

    const voertuigen = DEMO_VOERTUIGEN.filter((v) => v.bsn === bsn).flatMap((v) => v.voertuigen);
    t.strictSame(await loadVoertuigen(db, OIN.rdw, bsn), [...voertuigen].sort((a, b) => byText(a.kenteken, b.kenteken)), `${bsn}: voertuigen`);

    const vaartuigen = DEMO_VAARTUIGEN.filter((v) => v.bsn === bsn).flatMap((v) => v.vaartuigen);
    t.strictSame(
      await loadVaartuigen(db, OIN.rdw, bsn),
      [...vaartuigen].sort((a, b) => byText(a.registratienummer, b.registratienummer)),
      `${bsn}: vaartuigen`,
    );

    const rijbewijzen = DEMO_RIJBEWIJZEN.filter((r) => r.bsn === bsn);
    const current = [...rijbewijzen].sort((a, b) => byText(b.rijbewijs.afgiftedatum, a.rijbewijs.afgiftedatum))[0];
    const raadplegingen = rijbewijzen.flatMap((r) => r.raadplegingen).sort((a, b) => instant(a.datumtijd) - instant(b.datumtijd));
    t.strictSame(
      await loadRijbewijs(db, OIN.rdw, bsn),
      {
        ...(current
          ? {
              rijbewijs: {
                ...current.rijbewijs,
                categorieen: [...current.rijbewijs.categorieen].sort((a, b) => CATEGORIEEN.indexOf(a.categorie) - CATEGORIEEN.indexOf(b.categorie)),
              },
            }
          : {}),
        raadplegingen,
      },
      `${bsn}: rijbewijs (the latest) and every look-up`,
    );

    // RDW data only at the RDW, financial data never there.
    for (const oin of ALL_OINS.filter((o) => o !== OIN.rdw)) {
      t.same(await loadVoertuigen(db, oin, bsn), [], `${bsn}@${oin}: no vehicles outside the RDW`);
      t.same(await loadRijbewijs(db, oin, bsn), { raadplegingen: [] });
      t.same(await loadVaartuigen(db, oin, bsn), []);
    }
    t.same(await loadFinancieleZaken(db, OIN.rdw, bsn), { zaken: [], gebeurtenissen: [] }, `${bsn}: no debts at the RDW`);
  }
});

t.test('a citizen the database does not know gets empty results, not an error', async (t) => {
  for (const oin of [...ALL_OINS, UNKNOWN_OIN]) {
    t.strictSame(await loadFinancieleZaken(db, oin, UNKNOWN_BSN), { zaken: [], gebeurtenissen: [] });
    t.strictSame(await loadVoertuigen(db, oin, UNKNOWN_BSN), []);
    t.strictSame(await loadRijbewijs(db, oin, UNKNOWN_BSN), { raadplegingen: [] });
    t.strictSame(await loadVaartuigen(db, oin, UNKNOWN_BSN), []);
  }
  t.strictSame(await loadFinancieleZaken(db, UNKNOWN_OIN, '999993653'), { zaken: [], gebeurtenissen: [] }, 'unknown organisation too');
});

t.test('the repositories return contract-valid shapes', async (t) => {
  t.notMatch(JSON.stringify(full), /null/, 'no nulls anywhere: optional fields are absent');
  for (const event of allEvents) t.same(schemaErrors('Gebeurtenis', event), [], `${event.gebeurtenis_kenmerk}`);
  for (const { bsn } of DEMO_CITIZENS) {
    for (const oin of ALL_OINS) {
      for (const zaak of (await loadFinancieleZaken(db, oin, bsn)).zaken) {
        for (const c of zaak.contactopties) t.same(schemaErrors('Contactoptie', c), [], `${zaak.zaakkenmerk} contactoptie`);
      }
    }
    t.same(schemaErrors('Voertuigen', { voertuigen: await loadVoertuigen(db, OIN.rdw, bsn) }), [], `${bsn} Voertuigen`);
    t.same(schemaErrors('RijbewijsGegevens', await loadRijbewijs(db, OIN.rdw, bsn)), [], `${bsn} RijbewijsGegevens`);
    t.same(schemaErrors('Vaartuigen', { vaartuigen: await loadVaartuigen(db, OIN.rdw, bsn) }), [], `${bsn} Vaartuigen`);
  }
  const wrong = { ...allEvents[0]!, bedrag: -1, gebeurtenis_type: 'Onbekend' };
  t.not(schemaErrors('Gebeurtenis', wrong).length, 0, 'the validator does reject a wrong event');
});

t.test('events come in a stable order: moment, then kenmerk', async (t) => {
  for (const { bsn } of DEMO_CITIZENS) {
    for (const oin of ALL_OINS) {
      const { gebeurtenissen } = await loadFinancieleZaken(db, oin, bsn);
      const inOrder = gebeurtenissen.every((e, i) => {
        const prev = gebeurtenissen[i - 1];
        if (!prev) return true;
        const d = instant(prev.datumtijd_gebeurtenis) - instant(e.datumtijd_gebeurtenis);
        return d < 0 || (d === 0 && prev.gebeurtenis_kenmerk < e.gebeurtenis_kenmerk);
      });
      t.ok(inOrder, `${bsn}@${oin}`);
    }
  }
});

t.test('the demo data covers every case', async (t) => {
  const types = new Set(allEvents.map((e) => e.gebeurtenis_type));
  for (const type of GEBEURTENIS_TYPES) t.ok(types.has(type), `event type ${type}`);

  const corrections = allEvents.filter((e) => e.corrigeert_gebeurtenis_kenmerk !== undefined);
  t.ok(corrections.length > 0, 'a correction');
  for (const c of corrections) {
    const original = allEvents.find((e) => e.gebeurtenis_kenmerk === c.corrigeert_gebeurtenis_kenmerk);
    t.equal(original?.gebeurtenis_type, c.gebeurtenis_type, `${c.gebeurtenis_kenmerk} corrects an event of its own type`);
  }
  for (const e of allEvents) {
    if (e.gebeurtenis_type === 'GebeurtenisIngetrokken') {
      t.ok(allEvents.some((x) => x.gebeurtenis_kenmerk === e.ingetrokken_gebeurtenis_kenmerk), `${e.gebeurtenis_kenmerk} withdraws a known event`);
    }
  }
  const kwijt = allEvents.filter((e) => e.gebeurtenis_type === 'FinancieleVerplichtingKwijtgescholden');
  t.ok(kwijt.some((e) => e.volledig), 'full forgiveness');
  t.ok(kwijt.some((e) => !e.volledig), 'partial forgiveness');
  const bvo = allEvents.filter((e) => e.gebeurtenis_type === 'BetalingsverplichtingOpgelegd');
  for (const type of ['Aanschrijving', 'Herinnering', 'Aanmaning']) t.ok(bvo.some((e) => e.type === type), `betalingsverplichting ${type}`);
  const fvo = allEvents.filter((e) => e.gebeurtenis_type === 'FinancieleVerplichtingOpgelegd');
  for (const categorie of ['ALGEMEEN', 'ADMINISTRATIEKOSTEN', 'VERHOGING', 'RENTE']) t.ok(fvo.some((e) => e.categorie === categorie), `categorie ${categorie}`);
  for (const e of fvo) {
    const organisation = DEMO_ORGANISATIONS.find((o) => DEMO_ZAKEN.some((z) => z.oin === o.oin && z.zaakkenmerk === e.zaakkenmerk));
    t.ok(e.type.startsWith(`${organisation?.code}_`), `${e.gebeurtenis_kenmerk}: type ${e.type} carries the organisation's code`);
  }

  // Arrears and fully paid, by a simple reading of the events (the real fold is in src/fcid).
  const withdrawn = new Set(allEvents.flatMap((e) => (e.gebeurtenis_type === 'GebeurtenisIngetrokken' ? [e.ingetrokken_gebeurtenis_kenmerk] : [])));
  const corrected = new Set(corrections.map((e) => e.corrigeert_gebeurtenis_kenmerk));
  const counts = (e: Gebeurtenis) => !withdrawn.has(e.gebeurtenis_kenmerk) && !corrected.has(e.gebeurtenis_kenmerk);
  const ingetrokkenBetalingen = new Set(allEvents.flatMap((e) => (e.gebeurtenis_type === 'BetalingsverplichtingIngetrokken' ? [e.betalingskenmerk] : [])));
  const paid = (betalingskenmerk: string) =>
    allEvents.reduce((sum, e) => sum + (e.gebeurtenis_type === 'BetalingVerwerkt' && e.betalingskenmerk === betalingskenmerk && counts(e) ? e.bedrag : 0), 0);
  const overdue = bvo.filter(
    (e) => e.gebeurtenis_type === 'BetalingsverplichtingOpgelegd' && counts(e) && !ingetrokkenBetalingen.has(e.betalingskenmerk) && e.vervaldatum < TODAY && paid(e.betalingskenmerk) < e.bedrag,
  );
  t.ok(overdue.length > 0, `arrears: ${overdue.length} overdue, unpaid betalingsverplichtingen`);
  const fullyPaid = DEMO_ZAKEN.filter((z) => {
    const owed = z.gebeurtenissen.reduce((s, e) => s + (e.gebeurtenis_type === 'FinancieleVerplichtingOpgelegd' && counts(e) ? e.bedrag : 0), 0);
    const betaald = z.gebeurtenissen.reduce((s, e) => s + (e.gebeurtenis_type === 'BetalingVerwerkt' && counts(e) ? e.bedrag : 0), 0);
    return owed > 0 && betaald === owed;
  });
  t.ok(fullyPaid.length > 0, `fully paid zaken: ${fullyPaid.map((z) => z.zaakkenmerk).join(', ')}`);

  // Timestamps keep their offsets exactly.
  const stamps = allEvents.map((e) => e.datumtijd_gebeurtenis);
  t.ok(stamps.some((s) => s.endsWith('+01:00')) && stamps.some((s) => s.endsWith('+02:00')) && stamps.some((s) => s.endsWith('Z')), 'winter, summer and UTC offsets');
  t.ok(stamps.includes('2026-03-28T05:00:00.250Z'), 'fractional seconds kept as given');
  t.ok(stamps.includes('2026-01-15T09:00:00+01:00'), 'the contract example timestamp');

  // Citizens.
  const orgsWithDebt = (bsn: string) => new Set(DEMO_ZAKEN.filter((z) => z.bsn === bsn).map((z) => z.oin));
  const main = orgsWithDebt('999993653');
  t.ok(main.has(OIN.tilburg) && main.has(OIN.cak) && main.size >= 3, '999993653 has debts at Tilburg, the CAK and more');
  t.ok((await loadVoertuigen(db, OIN.rdw, '999993653')).length > 0, '999993653 has a vehicle');
  t.ok((await loadRijbewijs(db, OIN.rdw, '999993653')).rijbewijs, '999993653 has a licence');
  t.ok(DEMO_CITIZENS.some((c) => orgsWithDebt(c.bsn).size === 0), 'a citizen without debts');
  t.ok(DEMO_CITIZENS.some((c) => DEMO_ZAKEN.filter((z) => z.bsn === c.bsn).length === 1), 'a citizen with exactly one zaak');
  t.ok(DEMO_CITIZENS.some((c) => orgsWithDebt(c.bsn).size >= 4), 'a citizen with debts at four organisations');
  const nothing = DEMO_CITIZENS.filter((c) => ALL_OINS.every((oin) => {
    const entry = full[`${c.bsn}@${oin}`] as { financieel: { zaken: unknown[] }; voertuigen: unknown[]; rijbewijs: { raadplegingen: unknown[]; rijbewijs?: unknown }; vaartuigen: unknown[] };
    return entry.financieel.zaken.length === 0 && entry.voertuigen.length === 0 && !entry.rijbewijs.rijbewijs && entry.vaartuigen.length === 0;
  }));
  t.ok(nothing.length >= 1, `a citizen with nothing anywhere: ${nothing.map((c) => c.bsn).join(', ')}`);

  // RDW.
  const soorten = new Set(DEMO_VOERTUIGEN.flatMap((v) => v.voertuigen.map((x) => x.voertuigsoort)));
  for (const soort of ['Personenauto', 'Bedrijfsauto', 'Motorfiets']) t.ok(soorten.has(soort), `a ${soort}`);
  t.ok(DEMO_VOERTUIGEN.some((v) => v.voertuigen.some((x) => x.vervaldatum_apk === undefined)), 'a vehicle without APK');
  const licences = DEMO_RIJBEWIJZEN.map((r) => r.rijbewijs);
  t.ok(
    licences.some((l) => l.categorieen.length >= 3 && new Set(l.categorieen.map((c) => c.afgiftedatum)).size >= 2),
    'a licence with several categories and different dates',
  );
  t.ok(licences.some((l) => l.categorieen.some((c) => (c.beperkingen ?? []).length > 0)), 'a beperking code');
  t.ok(DEMO_RIJBEWIJZEN.some((r) => r.raadplegingen.length >= 2), 'several look-ups of one licence');
  t.ok(DEMO_VAARTUIGEN.some((v) => v.vaartuigen.some((x) => x.motoren.length >= 2)), 'a vessel with two engines');
});

t.test('signing keys: insert, list, status changes, by kid', async (t) => {
  const jwk = (x: string) => JSON.stringify({ kty: 'EC', crv: 'P-256', x, y: 'y' });
  const first = await insertSigningKey(db, {
    kid: 'tlb-2026-a',
    organisationOin: OIN.tilburg,
    algorithm: 'ES256',
    publicJwk: jwk('a'),
    status: 'actief',
    createdAt: new Date('2026-01-01T08:00:00Z'),
  });
  t.equal(Object.getPrototypeOf(first), Object.prototype, 'a plain object');
  t.same(first, { kid: 'tlb-2026-a', organisationOin: OIN.tilburg, algorithm: 'ES256', publicJwk: jwk('a'), status: 'actief', createdAt: new Date('2026-01-01T08:00:00Z'), retiredAt: null, revokedAt: null, revocationReason: null });
  const store = signingKeyStore(db);
  await store.insert({ kid: 'tlb-2026-b', organisationOin: OIN.tilburg, algorithm: 'EdDSA', publicJwk: jwk('b'), status: 'actief', createdAt: new Date('2026-06-01T08:00:00Z') });
  await insertSigningKey(db, { kid: 'cak-2026-a', organisationOin: OIN.cak, algorithm: 'ES256', publicJwk: jwk('c'), status: 'actief', createdAt: new Date('2026-02-01T08:00:00Z') });

  t.same((await listSigningKeys(db, OIN.tilburg)).map((k) => k.kid), ['tlb-2026-a', 'tlb-2026-b'], 'only this organisation, oldest first');
  t.same(await listSigningKeys(db, UNKNOWN_OIN), []);

  const retiredAt = new Date('2026-06-01T08:00:00Z');
  const retired = await setSigningKeyStatus(db, 'tlb-2026-a', 'uitgefaseerd', retiredAt);
  t.equal(retired.status, 'uitgefaseerd');
  t.same(retired.retiredAt, retiredAt);
  const revokedAt = new Date('2026-07-01T08:00:00Z');
  await store.setStatus('tlb-2026-a', 'ingetrokken', revokedAt);
  const [a] = await store.list(OIN.tilburg);
  t.match(a, { kid: 'tlb-2026-a', status: 'ingetrokken', retiredAt, revokedAt });
  await t.rejects(setSigningKeyStatus(db, 'tlb-2026-a', 'actief', new Date()), /revoked/, 'a revoked key never signs again');
  await t.rejects(setSigningKeyStatus(db, 'nope', 'uitgefaseerd', new Date()), /unknown signing key/);
  await t.rejects(
    insertSigningKey(db, { kid: 'bad', organisationOin: OIN.tilburg, algorithm: 'ES256', publicJwk: '{not json', status: 'actief', createdAt: new Date() }),
    /not JSON/,
  );
  await t.rejects(
    insertSigningKey(db, { kid: 'tlb-2026-b', organisationOin: OIN.tilburg, algorithm: 'ES256', publicJwk: jwk('d'), status: 'actief', createdAt: new Date() }),
    'a kid is unique',
  );
  const back = await setSigningKeyStatus(db, 'tlb-2026-b', 'uitgefaseerd', retiredAt);
  t.same(back.retiredAt, retiredAt);
  const again = await setSigningKeyStatus(db, 'tlb-2026-b', 'actief', revokedAt);
  t.equal(again.retiredAt, null, 'an uitgefaseerd key can sign again (retiredAt cleared)');
});

t.test('the seed is deterministic: a second fresh database gives identical output, row ids included', async (t) => {
  const other = await createTestDatabase();
  t.teardown(() => other.close());
  t.equal(JSON.stringify(await dump(other)), JSON.stringify(full), 'repository output');
  const rows = async (d: TestDatabase) =>
    JSON.stringify(
      {
        citizens: await d.prisma.citizen.findMany({ orderBy: { id: 'asc' } }),
        zaken: await d.prisma.financieleZaak.findMany({ orderBy: { id: 'asc' } }),
        gebeurtenissen: await d.prisma.gebeurtenis.findMany({ orderBy: { id: 'asc' } }),
      },
      (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value),
    );
  t.equal(await rows(other), await rows(db), 'rows, ids included');
});

t.test('the FCID fold of the service accepts every citizen\'s data', { skip: fcid ? false : 'src/fcid is not available' }, async (t) => {
  if (!fcid) return;
  const peilmoment = new Date('2026-11-28T12:00:00+01:00');
  const statuses = new Set<string>();
  for (const { bsn } of DEMO_CITIZENS) {
    for (const oin of ALL_OINS) {
      const { zaken, gebeurtenissen } = await loadFinancieleZaken(db, oin, bsn);
      const organisation = await findOrganisation(db, oin);
      const gegevens = fcid.foldFinancieleVerplichtingen({ gebeurtenissen, zaken, contactopties: organisation!.contactopties, peilmoment });
      t.same(schemaErrors('FinancieleVerplichtingen', gegevens), [], `${bsn}@${oin}`);
      for (const zaak of gegevens.financiele_zaken) for (const b of zaak.betalingsverplichtingen) statuses.add(b.status);
      if (bsn === '999990020' && oin === OIN.tholen) t.equal(gegevens.saldo, 0, 'full forgiveness leaves nothing to pay');
      if (bsn === '999990226' && oin === OIN.tilburg) t.equal(gegevens.saldo, 0, 'withdrawn obligations leave nothing to pay');
    }
  }
  t.same([...statuses].sort(), ['achterstallig', 'open', 'voldaan'], 'open, overdue and paid betalingsverplichtingen');
});

// Last: it changes the shared database.
t.test('erasing a citizen removes all their data, corrections and withdrawals included', async (t) => {
  const others = await loadFinancieleZaken(db, OIN.tilburg, '999993653');
  t.ok(await db.prisma.gebeurtenis.findFirst({ where: { correctedBy: { some: {} }, zaak: { citizen: { bsn: '999990044' } } } }), 'a corrected event to erase');
  for (const bsn of ['999990044', '999990226', '999993653']) {
    await db.prisma.citizen.delete({ where: { bsn } });
    for (const oin of ALL_OINS) t.strictSame(await loadFinancieleZaken(db, oin, bsn), { zaken: [], gebeurtenissen: [] }, `${bsn}@${oin}`);
    t.strictSame(await loadRijbewijs(db, OIN.rdw, bsn), { raadplegingen: [] });
    t.strictSame(await loadVoertuigen(db, OIN.rdw, bsn), []);
    t.strictSame(await loadVaartuigen(db, OIN.rdw, bsn), []);
  }
  t.ok(others.gebeurtenissen.length > 0, 'there was data to erase');
  t.ok((await loadFinancieleZaken(db, OIN.tilburg, '999990019')).gebeurtenissen.length > 0, 'another citizen keeps their data');
  const withdrawn = await db.prisma.gebeurtenis.findFirst({ where: { withdrawnBy: { some: {} } } });
  t.ok(withdrawn, 'a withdrawn event remains (of another citizen)');
  if (withdrawn) {
    await t.rejects(db.prisma.gebeurtenis.delete({ where: { id: withdrawn.id } }), 'an event that another one withdraws cannot be deleted on its own');
  }
});
