/**
 * The deterministic demo data set: fixed values and timestamps, no randomness, no clock.
 * Two fresh databases seeded with it are identical, row ids included. openDatabase calls
 * seedDatabase when asked to seed a database that has no organisations yet.
 */
import { crashPoint } from '../../crash-point.js';
import type { DatabaseClient } from '../database.js';
import { insertFinancieleZaak } from '../financiele-zaken.js';
import { insertRijbewijs, insertVaartuig, insertVoertuig } from '../rdw.js';
import { DEMO_CITIZENS } from './citizens.js';
import { DEMO_ZAKEN } from './financiele-zaken.js';
import { DEMO_ORGANISATIONS, OIN } from './organisations.js';
import { DEMO_RIJBEWIJZEN, DEMO_VAARTUIGEN, DEMO_VOERTUIGEN } from './rdw.js';

export { DEMO_CITIZENS } from './citizens.js';
export { DEMO_ZAKEN } from './financiele-zaken.js';
export { DEMO_ORGANISATIONS, OIN } from './organisations.js';
export { DEMO_RIJBEWIJZEN, DEMO_VAARTUIGEN, DEMO_VOERTUIGEN } from './rdw.js';

export interface SeedCounts {
  organisations: number;
  citizens: number;
  zaken: number;
  gebeurtenissen: number;
  voertuigen: number;
  rijbewijzen: number;
  vaartuigen: number;
}

/** Inserts the demo data in one transaction (all or nothing). Expects empty tables. */
export async function seedDatabase(db: DatabaseClient): Promise<SeedCounts> {
  return db.$transaction(
    async (tx) => {
      for (const organisation of DEMO_ORGANISATIONS) {
        await tx.organisation.create({
          data: {
            oin: organisation.oin,
            naam: organisation.naam,
            code: organisation.code,
            kind: organisation.kind,
            contactopties: {
              create: organisation.contactopties.map((c, positie) => ({
                positie,
                contactvorm: c.contactvorm,
                waarde: c.waarde,
                omschrijving: c.omschrijving ?? null,
              })),
            },
            documenttypen: { create: organisation.documenttypen.map((documenttype) => ({ documenttype })) },
          },
        });
      }
      crashPoint('seed-halverwege');
      for (const citizen of DEMO_CITIZENS) {
        await tx.citizen.create({ data: { bsn: citizen.bsn, weergavenaam: citizen.naam } });
      }
      let gebeurtenissen = 0;
      for (const zaak of DEMO_ZAKEN) {
        await insertFinancieleZaak(tx, zaak.oin, zaak.bsn, zaak, zaak.gebeurtenissen);
        gebeurtenissen += zaak.gebeurtenissen.length;
      }
      let voertuigen = 0;
      for (const { bsn, voertuigen: list } of DEMO_VOERTUIGEN) {
        for (const voertuig of list) {
          await insertVoertuig(tx, OIN.rdw, bsn, voertuig);
          voertuigen++;
        }
      }
      for (const { bsn, rijbewijs, raadplegingen } of DEMO_RIJBEWIJZEN) {
        await insertRijbewijs(tx, OIN.rdw, bsn, rijbewijs, raadplegingen);
      }
      let vaartuigen = 0;
      for (const { bsn, vaartuigen: list } of DEMO_VAARTUIGEN) {
        for (const vaartuig of list) {
          await insertVaartuig(tx, OIN.rdw, bsn, vaartuig);
          vaartuigen++;
        }
      }
      return {
        organisations: DEMO_ORGANISATIONS.length,
        citizens: DEMO_CITIZENS.length,
        zaken: DEMO_ZAKEN.length,
        gebeurtenissen,
        voertuigen,
        rijbewijzen: DEMO_RIJBEWIJZEN.length,
        vaartuigen,
      };
    },
    { maxWait: 30_000, timeout: 120_000 },
  );
}
