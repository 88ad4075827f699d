/**
 * A scheme operator for the afnemer's tests: one node:http server that serves a real signed
 * scheme document (signStelseldocument, the operator's own signing code) listing a bronhouder
 * with its keys and the afnemer with its purpose, and lets a test change the scheme (rotate or
 * revoke a key), slow it down or take it away.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Test } from 'tap';
import { signStelseldocument } from '../../src/protocol/stelseldocument.js';
import { createSecurityEvent, GEBEURTENISTYPEN, type Gebeurtenistype } from '../../src/protocol/security-event.js';
import { generateSigningKey, type SigningKey } from '../../src/keys/signing-key.js';
import type { StelselSleutel } from '../../src/sdk/protocol.js';
import { RIJBEWIJS_MELDER_ID } from '../../src/afnemer/config.js';

export const RDW = '00000099000000000006';
export const TILBURG = '00000099000000000001';
export const OPERATOR_OIN = '00000099000000000099';

export interface TestStelsel {
  /** `http://127.0.0.1:<port>/v1`: the afnemer's STELSEL_URL. */
  url: string;
  /** The pinned operator public key (JWK file): the afnemer's STELSEL_SLEUTEL. */
  sleutelPath: string;
  /** The RDW key that signs SETs now, and every RDW key the scheme lists with its dates. */
  rdw: SigningKey;
  /** Tilburg's key: an organisation in the scheme, but not the bronhouder of any of the afnemer's purposes. */
  tilburg: SigningKey;
  rdwSleutels: StelselSleutel[];
  /** Publishes a new scheme document (issued now) with the current keys. */
  publish(): Promise<void>;
  /** A new RDW key signs from now on; the old one stays listed. */
  rotate(): Promise<SigningKey>;
  /** Delay or refuse the next fetches. */
  gedrag: { vertragingMs: number; down: boolean; fetches: number };
}

export async function startTestStelsel(t: Pick<Test, 'teardown'>, dataDir: string): Promise<TestStelsel> {
  const operator = await generateSigningKey('ES256');
  const sleutelPath = join(dataDir, 'stelselbeheerder-sleutel.jwk');
  writeFileSync(sleutelPath, JSON.stringify(operator.publicJwk));
  let rdw = await generateSigningKey('ES256');
  const tilburg = await generateSigningKey('ES256');
  const sleutelVan = (key: SigningKey, vanaf: Date): StelselSleutel =>
    ({ ...key.publicJwk, kid: key.kid, geldig_vanaf: vanaf.toISOString() }) as StelselSleutel;
  const rdwSleutels: StelselSleutel[] = [sleutelVan(rdw, new Date(Date.now() - 3600_000))];
  const gedrag = { vertragingMs: 0, down: false, fetches: 0 };
  let jws = '';
  const server = createServer((req, res) => {
    if (req.url !== '/v1/stelseldocument') return void res.writeHead(404).end();
    gedrag.fetches += 1;
    if (gedrag.down) return void res.writeHead(503).end();
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/jose' }).end(jws), gedrag.vertragingMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;

  const stelsel: TestStelsel = {
    url,
    sleutelPath,
    get rdw() {
      return rdw;
    },
    tilburg,
    rdwSleutels,
    gedrag,
    async publish() {
      const content = {
        organisaties: [
          { oin: TILBURG, naam: 'Gemeente Tilburg (demo)', ontdekkings_url: 'http://127.0.0.1:9/v1/organisatie', diensten: ['financiele-verplichtingen'], sleutels: [sleutelVan(tilburg, new Date(Date.now() - 3600_000))] },
          { oin: RDW, naam: 'RDW (demo)', ontdekkings_url: 'http://127.0.0.1:9/v1/organisatie', diensten: ['rijbewijs'], sleutels: rdwSleutels },
        ],
        app_beheerders: [],
        afnemers: [
          { id: RIJBEWIJS_MELDER_ID, naam: 'Rijbewijs-melder (test)', status: 'actief' as const, sleutels: [], aflever_endpoint: 'http://127.0.0.1:9/v1/meldingen', doelen: ['rijbewijs-raadplegingen-melden'] },
        ],
        doelen: [
          {
            id: 'rijbewijs-raadplegingen-melden',
            versie: 1,
            omschrijving: 'Bericht bij elke raadpleging van uw rijbewijs.',
            bronhouder: RDW,
            gebeurtenistypen: Object.values(GEBEURTENISTYPEN),
            scopes: ['rijbewijs'],
            maximale_duur_dagen: 365,
            bewaartermijn_dagen: 90,
          },
        ],
      };
      ({ jws } = await signStelseldocument(content, {
        uitgever: { oin: OPERATOR_OIN, naam: 'Stelselbeheerder (test)' },
        omgeving: 'ontwikkeling',
        now: new Date(),
        geldigheidSeconden: 3600,
        key: { kid: operator.kid, algorithm: 'ES256', privateKey: operator.privateKey },
      }));
    },
    async rotate() {
      rdw = await generateSigningKey('ES256');
      rdwSleutels.push(sleutelVan(rdw, new Date(Date.now() - 1000)));
      await stelsel.publish();
      return rdw;
    },
  };
  await stelsel.publish();
  return stelsel;
}

export interface SetOptions {
  key?: SigningKey;
  jti?: string;
  afnemer?: string;
  bronhouderOin?: string;
  gebeurtenistype?: Gebeurtenistype;
  volgnummer?: number;
  toestemmingId?: string;
  iat?: Date;
}

/** A SET as the RDW instance signs it (the bronhouder's own code: createSecurityEvent). */
export function rdwSet(stelsel: TestStelsel, options: SetOptions = {}): Promise<string> {
  const type = options.gebeurtenistype ?? GEBEURTENISTYPEN.rijbewijsGeraadpleegd;
  const now = options.iat ?? new Date();
  return createSecurityEvent(options.key ?? stelsel.rdw, {
    bronhouderOin: options.bronhouderOin ?? RDW,
    afnemer: options.afnemer ?? RIJBEWIJS_MELDER_ID,
    subject: 'pseudoniem-voor-de-rijbewijs-melder-0001',
    gebeurtenistype: type,
    toestemmingId: options.toestemmingId ?? '0b9a3c1e-2f4d-4c1a-9e8b-7d6c5b4a3f21',
    volgnummer: options.volgnummer ?? 1,
    txn: randomUUID().replace(/-/g, ''),
    toe: now,
    iat: now,
    jti: options.jti ?? randomUUID(),
    ...(type === GEBEURTENISTYPEN.rijbewijsGeraadpleegd ? { data: { categorie: 'politie', resultaat: 'gevonden' } } : {}),
  });
}
