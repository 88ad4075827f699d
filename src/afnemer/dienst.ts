import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import { loggerOptions } from '../logging.js';
import { fileStelselStore, readPinnedOperatorKey } from '../sdk/node.js';
import type { AfnemerConfig } from './config.js';
import { MeldingenStore } from './meldingen-store.js';
import { createOntvanger } from './ontvanger.js';
import { BronhouderClient, bronhouderEndpoints } from './bronhouder-client.js';
import { poll, type PollResultaat } from './poller.js';
import { bronhoudersVan, SetVerificatie } from './set-verificatie.js';
import { loadAfnemerSleutel, type AfnemerSleutel } from './sleutel.js';
import { StelselBron } from './stelsel.js';

/** The running rijbewijs-melder: its receiver, its store and its connections to the bronhouders. */
export interface AfnemerDienst {
  app: FastifyInstance;
  store: MeldingenStore;
  stelsel: StelselBron;
  verificatie: SetVerificatie;
  sleutel: AfnemerSleutel;
  config: AfnemerConfig;
  logger: Logger;
  /** The client for one of its purposes' bronhouders, at the URL the scheme lists for it. */
  bronhouder(oin: string): Promise<BronhouderClient>;
  /** Polls every bronhouder of its purposes once (RFC 8936); a failing bronhouder does not stop the others. */
  pollAlle(): Promise<Record<string, PollResultaat | { fout: string }>>;
}

export interface AfnemerDienstOptions {
  logger?: Logger;
  now?: () => Date;
  /** Poll every AFNEMER_POLL_SECONDEN while running (the service does; a one-off command does not). */
  pollen?: boolean;
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

  // One client per bronhouder and base URL, so a token is reused until it is due for renewal.
  const clients = new Map<string, BronhouderClient>();
  const bronhouder = async (oin: string): Promise<BronhouderClient> => {
    const document = await stelsel.document();
    const organisatie = document.organisaties.find((o) => o.oin === oin);
    if (!organisatie || !bronhoudersVan(document, config.id).has(oin)) throw new Error(`${oin} is geen bronhouder van een doel van ${config.id} in het stelseldocument.`);
    const key = `${oin} ${organisatie.ontdekkings_url}`;
    let client = clients.get(key);
    if (!client) clients.set(key, (client = new BronhouderClient(bronhouderEndpoints(organisatie), sleutel, config.id, now)));
    return client;
  };
  const pollAlle = async () => {
    const oins = [...bronhoudersVan(await stelsel.document(), config.id)];
    const results = await Promise.all(
      oins.map(async (oin) => {
        try {
          const client = await bronhouder(oin);
          return [oin, await poll((aanvraag) => client.poll(aanvraag), { store, verificatie, now })] as const;
        } catch (error) {
          return [oin, { fout: (error as Error).message }] as const;
        }
      }),
    );
    return Object.fromEntries(results);
  };

  let timer: NodeJS.Timeout | undefined;
  if (options.pollen && config.pollSeconden > 0) {
    let busy = false;
    timer = setInterval(() => {
      if (busy) return;
      busy = true;
      pollAlle()
        .then((results) => logger.info({ poll: results }, 'poll'))
        .catch((error: unknown) => logger.warn({ err: error }, 'poll mislukt'))
        .finally(() => (busy = false));
    }, config.pollSeconden * 1000);
  }
  app.addHook('onClose', async () => {
    clearInterval(timer);
    store.close();
  });
  await app.ready();
  return { app, store, stelsel, verificatie, sleutel, config, logger, bronhouder, pollAlle };
}
