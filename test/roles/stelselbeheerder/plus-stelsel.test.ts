import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { generateSigningKey } from '../../../src/keys/signing-key.js';
import { runStelsel } from '../../../src/roles/stelselbeheerder/commando.js';
import { stelselVersie, type Stelseldocument } from '../../../src/protocol/stelseldocument.js';
import { startStelselbeheerder, type RoleService } from '../../helpers/centraal.js';

const RDW = '00000099000000000006';
const MELDER = 'urn:nl:blauwe-knop:afnemer:rijbewijs-melder';

async function stelsel(service: RoleService, args: string[]): Promise<string[]> {
  const lines: string[] = [];
  await runStelsel(args, { config: service.ctx.config, db: service.ctx.db, keyring: service.ctx.keyring, now: service.ctx.now, out: (l) => lines.push(l) });
  return lines;
}

async function published(service: RoleService): Promise<Stelseldocument> {
  const res = await service.request({ method: 'GET', url: '/v1/stelseldocument' });
  return JSON.parse(Buffer.from(res.body.split('.')[1]!, 'base64url').toString('utf8')) as Stelseldocument;
}

t.test('afnemers and purposes enter the signed scheme document; suspension shows in it', async (t) => {
  const operator = await startStelselbeheerder(t);
  const dir = t.testdir();
  const afnemerKey = await generateSigningKey('ES256');
  const keyFile = join(dir, 'melder.jwk');
  writeFileSync(keyFile, JSON.stringify(afnemerKey.publicJwk));
  await stelsel(operator, ['add-organisation', '--discovery-url', 'http://rdw.example/v1/organisatie', '--oin', RDW, '--name', 'RDW (demo)', '--services', 'rijbewijs', '--no-keys']);
  await stelsel(operator, [
    'add-doel', '--id', 'rijbewijs-raadplegingen-melden', '--description', 'Melding bij iedere raadpleging van uw rijbewijs',
    '--bronhouder', RDW, '--event-types', 'rijbewijs-geraadpleegd', '--scopes', 'rijbewijs', '--max-days', '365', '--retention-days', '30',
  ]);
  await stelsel(operator, ['add-afnemer', '--id', MELDER, '--name', 'Rijbewijsmelder', '--endpoint', 'http://127.0.0.1:9/gebeurtenissen', '--purposes', 'rijbewijs-raadplegingen-melden', '--keys-file', keyFile]);
  const document = await published(operator);
  t.equal(document.versie, await stelselVersie(document), 'the version covers afnemers and doelen');
  t.same(document.doelen, [
    {
      id: 'rijbewijs-raadplegingen-melden',
      versie: 1,
      omschrijving: 'Melding bij iedere raadpleging van uw rijbewijs',
      bronhouder: RDW,
      gebeurtenistypen: ['urn:nl:blauwe-knop:plus:event:rijbewijs-geraadpleegd'],
      scopes: ['rijbewijs'],
      maximale_duur_dagen: 365,
      bewaartermijn_dagen: 30,
    },
  ]);
  t.equal(document.afnemers?.length, 1);
  t.match(document.afnemers?.[0], { id: MELDER, naam: 'Rijbewijsmelder', status: 'actief', doelen: ['rijbewijs-raadplegingen-melden'] });
  t.equal(document.afnemers?.[0]?.sleutels[0]?.kid, afnemerKey.kid, 'its key is in the scheme');
  const before = document.versie;

  await stelsel(operator, [
    'add-doel', '--id', 'rijbewijs-raadplegingen-melden', '--description', 'Melding bij iedere raadpleging van uw rijbewijs (nieuw)',
    '--bronhouder', RDW, '--event-types', 'rijbewijs-geraadpleegd', '--scopes', 'rijbewijs', '--max-days', '180', '--retention-days', '30',
  ]);
  await stelsel(operator, ['suspend-afnemer', '--id', MELDER]);
  const after = await published(operator);
  t.equal(after.doelen?.[0]?.versie, 2, 'a changed purpose gets a new version');
  t.equal(after.afnemers?.[0]?.status, 'opgeschort');
  t.not(after.versie, before);
  await stelsel(operator, ['resume-afnemer', '--id', MELDER]);
  t.equal((await published(operator)).afnemers?.[0]?.status, 'actief');
});

t.test('refuses a purpose over a year, unknown event types and scopes, and afnemers without keys or known purposes', async (t) => {
  const operator = await startStelselbeheerder(t);
  await stelsel(operator, ['add-organisation', '--discovery-url', 'http://rdw.example/v1/organisatie', '--oin', RDW, '--name', 'RDW (demo)', '--services', 'rijbewijs', '--no-keys']);
  await t.rejects(
    stelsel(operator, ['add-doel', '--id', 'te-lang', '--description', 'x', '--bronhouder', RDW, '--event-types', 'iets-anders', '--scopes', 'paspoort', '--max-days', '400', '--retention-days', '1']),
    /onbekend gebeurtenistype iets-anders; onbekende scope paspoort.*; --max-days moet 1 tot en met 365 zijn/,
  );
  await t.rejects(
    stelsel(operator, ['add-doel', '--id', 'elders', '--description', 'x', '--bronhouder', '00000099000000000777', '--scopes', 'rijbewijs', '--max-days', '10', '--retention-days', '1']),
    /bronhouder 00000099000000000777 staat niet in het stelsel/,
  );
  await t.rejects(
    stelsel(operator, ['add-afnemer', '--id', 'melder', '--name', 'x', '--endpoint', 'ftp://x', '--purposes', 'onbekend']),
    /--id moet urn.*; --endpoint moet http of https zijn; doel onbekend staat niet in het stelsel.*; add-afnemer heeft --keys-url of --keys-file nodig/,
  );
  await t.rejects(stelsel(operator, ['suspend-afnemer', '--id', MELDER]), /Geen afnemer/);
  const document = await published(operator);
  t.same([document.afnemers, document.doelen], [[], []], 'nothing refused entered the scheme');
});
