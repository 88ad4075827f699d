import t from 'tap';
import { overgang, toetsVerlening, weigeringVoorAfnemer, type SchemaAfnemer, type SchemaDoel } from '../../src/domain/toestemming.js';
import { afleverEndpointProblems } from '../../src/roles/stelselbeheerder/plus-beheer.js';

const RDW = '00000099000000000006';
const melder: SchemaAfnemer = { id: 'urn:nl:blauwe-knop:afnemer:melder', naam: 'Melder', status: 'actief', doelen: ['melden'] };
const melden: SchemaDoel = { id: 'melden', versie: 2, bronhouder: RDW, gebeurtenistypen: ['urn:x'], scopes: ['rijbewijs', 'voertuigen'], maximale_duur_dagen: 90 };
const elders: SchemaDoel = { ...melden, id: 'elders', bronhouder: '00000099000000000001' };
const stelsel = { afnemers: [melder, { ...melder, id: 'urn:nl:blauwe-knop:afnemer:stil', status: 'opgeschort' as const }], doelen: [melden, elders] };
const now = new Date('2026-11-30T10:00:00Z');

t.test('a grant takes names, purpose version and limits from the scheme; absent scopes and duration mean all and the maximum', async (t) => {
  const result = toetsVerlening({ afnemer: melder.id, doel: 'melden' }, stelsel, RDW, now);
  if (!('verlening' in result)) throw new Error('refused');
  t.same(result.verlening.scopes, ['rijbewijs', 'voertuigen']);
  t.equal(result.verlening.doel.versie, 2);
  t.equal(result.verlening.geldigTot.toISOString(), '2027-02-28T10:00:00.000Z', '90 days');
  const narrowed = toetsVerlening({ afnemer: melder.id, doel: 'melden', scopes: ['voertuigen'], duur_dagen: 1 }, stelsel, RDW, now);
  t.same('verlening' in narrowed && narrowed.verlening.scopes, ['voertuigen']);
});

t.test('every problem with a grant at once', async (t) => {
  const codes = (r: ReturnType<typeof toetsVerlening>) => ('problemen' in r ? r.problemen.map((p) => `${p.veld}:${p.code}`) : []);
  t.same(codes(toetsVerlening({ afnemer: 'urn:nl:blauwe-knop:afnemer:onbekend', doel: 'onbekend' }, stelsel, RDW, now)), ['afnemer:onbekend', 'doel:onbekend']);
  t.same(codes(toetsVerlening({ afnemer: 'urn:nl:blauwe-knop:afnemer:stil', doel: 'melden' }, stelsel, RDW, now)), ['afnemer:opgeschort']);
  t.same(codes(toetsVerlening({ afnemer: melder.id, doel: 'elders', scopes: ['paspoort'], duur_dagen: 91 }, stelsel, RDW, now)), [
    'doel:andere-bronhouder',
    'doel:niet-toegestaan',
    'scopes:buiten-doel',
    'duur_dagen:te-lang',
  ]);
});

t.test('the state machine: pause and resume, suspension, final states, idempotent repeats', async (t) => {
  t.same(overgang('actief', 'pauzeren'), { soort: 'nieuw', status: 'gepauzeerd' });
  t.same(overgang('gepauzeerd', 'hervatten'), { soort: 'nieuw', status: 'actief' });
  t.same(overgang('actief', 'hervatten'), { soort: 'ongewijzigd' }, 'resuming an active consent changes nothing');
  t.same(overgang('opgeschort', 'hervatten').soort, 'geweigerd', 'the citizen cannot lift a suspension by the scheme');
  t.same(overgang('gepauzeerd', 'opschorten'), { soort: 'nieuw', status: 'opgeschort' });
  t.same(overgang('opgeschort', 'heractiveren'), { soort: 'nieuw', status: 'actief' });
  t.same(overgang('actief', 'heractiveren'), { soort: 'ongewijzigd' });
  t.same(overgang('opgeschort', 'pauzeren').soort, 'geweigerd');
  t.same(overgang('actief', 'intrekken'), { soort: 'nieuw', status: 'ingetrokken' });
  t.same(overgang('ingetrokken', 'intrekken'), { soort: 'ongewijzigd' }, 'revoking twice is a no-op');
  t.same(overgang('verlopen', 'intrekken'), { soort: 'ongewijzigd' });
  t.same(overgang('ingetrokken', 'hervatten').soort, 'geweigerd', 'nothing revives a final consent');
  t.same(overgang('verlopen', 'heractiveren').soort, 'geweigerd');
  t.same(overgang('gepauzeerd', 'verlopen'), { soort: 'nieuw', status: 'verlopen' });
});

t.test('an afnemer is let in only on an active, unexpired consent while it is active in the scheme', async (t) => {
  const active = { status: 'actief' as const, geldigTot: new Date(now.getTime() + 1000) };
  t.equal(weigeringVoorAfnemer(active, { status: 'actief' }, now), undefined);
  t.match(weigeringVoorAfnemer(active, undefined, now), /niet in het stelseldocument/);
  t.match(weigeringVoorAfnemer(active, { status: 'opgeschort' }, now), /opgeschort/);
  t.match(weigeringVoorAfnemer({ ...active, status: 'gepauzeerd' }, { status: 'actief' }, now), /gepauzeerd/);
  t.match(weigeringVoorAfnemer({ ...active, geldigTot: now }, { status: 'actief' }, now), /verlopen/, 'the end date alone refuses');
});

t.test('a delivery endpoint is https in production; http only in development', async (t) => {
  t.same(afleverEndpointProblems('https://melder.example/v1', true), []);
  t.same(afleverEndpointProblems('http://melder.example/v1', false), []);
  t.same(afleverEndpointProblems('http://melder.example/v1', true), ['--endpoint moet in productie https zijn']);
  t.same(afleverEndpointProblems('ftp://x', false), ['--endpoint moet http of https zijn']);
  t.same(afleverEndpointProblems('geen url', false), ['--endpoint is geen URL']);
});
