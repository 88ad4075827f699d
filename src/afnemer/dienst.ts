import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import { loggerOptions } from '../logging.js';
import { fileStelselStore, readPinnedOperatorKey } from '../sdk/stelsel-store.js';
import type { AfnemerConfig } from './config.js';
import { MeldingenStore } from './meldingen-store.js';
import { createOntvanger } from './ontvanger.js';
import { SetVerificatie } from './set-verificatie.js';
import { loadAfnemerSleutel, type AfnemerSleutel } from './sleutel.js';
import { StelselBron } from './stelsel.js';

/** The running rijbewijs-melder: its receiver, its store and what polling needs. */
export interface AfnemerDienst {
  app: FastifyInstance;
  store: MeldingenStore;
  stelsel: StelselBron;
  verificatie: SetVerificatie;
  sleutel: AfnemerSleutel;
  config: AfnemerConfig;
  logger: Logger;
}

export interface AfnemerDienstOptions {
  logger?: Logger;
  now?: () => Date;
}

/** `…/v1` of a base URL: where the receiver's routes are mounted. */
export function basePathOf(publicBaseUrl: string): string {
  return new URL(publicBaseUrl).pathname.replace(/\/+$/, '');
}

/** Where this afnemer keeps the last scheme document it accepted (rollback protection across restarts). */
export const STELSEL_STAAT_FILE = 'stelsel-staat.json';

/** The scheme as this afnemer trusts it: from STELSEL_URL, verified with the pinned key in STELSEL_SLEUTEL. */
export function afnemerStelselBron(config: AfnemerConfig, now: () => Date): StelselBron {
  if (!config.stelsel) throw new Error('STELSEL_URL en STELSEL_SLEUTEL zijn nodig: de afnemer verifieert iedere melding tegen het stelseldocument.');
  return new StelselBron({
    url: config.stelsel.url,
    operatorKey: readPinnedOperatorKey(config.stelsel.sleutelFile),
    store: fileStelselStore(join(config.dataDir, STELSEL_STAAT_FILE)),
    now,
  });
}

/** Builds the afnemer (ready, not listening). Closing the app closes the store. */
export async function createAfnemerDienst(config: AfnemerConfig, options: AfnemerDienstOptions = {}): Promise<AfnemerDienst> {
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? pino(loggerOptions(config.logLevel));
  const stelsel = afnemerStelselBron(config, now);
  const sleutel = await loadAfnemerSleutel(config);
  const store = new MeldingenStore(config.dataDir);
  const verificatie = new SetVerificatie(stelsel, config.id);
  const app = createOntvanger({ basePath: basePathOf(config.publicBaseUrl), store, verificatie, logger, now });
  app.addHook('onClose', async () => store.close());
  await app.ready();
  return { app, store, stelsel, verificatie, sleutel, config, logger };
}
