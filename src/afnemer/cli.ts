/**
 * `npm run afnemer -- <command>`: the example afnemer "rijbewijs-melder" (docs/plus.md).
 * Exit codes: 0 done, 1 refused or failed, 2 usage error.
 */
import { parseArgs } from 'node:util';
import pino from 'pino';
import { AfnemerConfigError, loadAfnemerConfig, type AfnemerConfig } from './config.js';
import { createAfnemerDienst, type AfnemerDienst } from './dienst.js';
import { bronhoudersVan } from './set-verificatie.js';
import { MeldingenStore } from './meldingen-store.js';
import { AFLEVER_PAD } from './ontvanger.js';
import { loadAfnemerSleutel } from './sleutel.js';

const USAGE = `Gebruik: npm run afnemer -- <opdracht>
  serve                 ontvangt meldingen (RFC 8935) op PUBLIC_BASE_URL${AFLEVER_PAD} en haalt
                        gemiste op (RFC 8936) elke AFNEMER_POLL_SECONDEN
  meldingen [--json]    de ontvangen meldingen; --json: een JSON-array van
                        { "set": "<compacte JWS>", "ontvangen_op": "<RFC 3339>" }
  poll                  haalt eenmaal bij iedere bronhouder op wat nog niet bezorgd is (RFC 8936)
  intrekken --toestemming ID [--bronhouder OIN]
                        trekt een toestemming in namens de afnemer
  sleutel               de publieke sleutel van de afnemer (JWK) voor het stelseldocument
Instellingen: DATA_DIR (standaard data/demo/rijbewijs-melder), STELSEL_URL, STELSEL_SLEUTEL,
AFNEMER_ID, PORT, PUBLIC_BASE_URL; zie README, "Plus voor een afnemer".
`;

class UsageError extends Error {}

async function serve(config: AfnemerConfig): Promise<number> {
  const dienst = await createAfnemerDienst(config, { pollen: true });
  const close = async (signal: string) => {
    dienst.logger.info({ signal }, 'closing');
    await dienst.app.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void close('SIGTERM'));
  process.once('SIGINT', () => void close('SIGINT'));
  await dienst.app.listen({ port: config.port, host: config.host });
  dienst.logger.info({ afnemer: config.id, kid: dienst.sleutel.publiek.kid }, `Rijbewijs-melder ontvangt op ${config.publicBaseUrl}${AFLEVER_PAD}`);
  return new Promise<number>(() => undefined);
}

function meldingen(config: AfnemerConfig, json: boolean): number {
  const store = new MeldingenStore(config.dataDir);
  try {
    const alle = store.alle();
    if (json) process.stdout.write(`${JSON.stringify(alle)}\n`);
    else if (alle.length === 0) process.stdout.write('Nog geen meldingen.\n');
    else for (const m of alle) process.stdout.write(`${m.ontvangen_op}  ${m.set.slice(0, 48)}…\n`);
    return 0;
  } finally {
    store.close();
  }
}

/** Runs a one-off command on the afnemer (no listening, no poll loop) and closes it. */
async function metDienst(config: AfnemerConfig, run: (dienst: AfnemerDienst) => Promise<number>): Promise<number> {
  const dienst = await createAfnemerDienst(config, { logger: pino({ level: 'silent' }) });
  try {
    return await run(dienst);
  } finally {
    await dienst.app.close();
  }
}

async function pollOnce(dienst: AfnemerDienst): Promise<number> {
  const results = await dienst.pollAlle();
  let failed = false;
  for (const [oin, r] of Object.entries(results)) {
    if ('fout' in r) failed = true;
    process.stdout.write('fout' in r ? `${oin}: mislukt — ${r.fout}\n` : `${oin}: ${r.nieuw} nieuw, ${r.dubbel} al ontvangen, ${r.geweigerd} geweigerd\n`);
  }
  return failed ? 1 : 0;
}

async function intrekken(dienst: AfnemerDienst, toestemming: string | undefined, bronhouderOin: string | undefined): Promise<number> {
  if (!toestemming) throw new UsageError('intrekken: --toestemming ID is verplicht.');
  let oin = bronhouderOin ?? dienst.store.bronhouderVan(toestemming);
  if (!oin) {
    const bronhouders = [...bronhoudersVan(await dienst.stelsel.document(), dienst.config.id)];
    if (bronhouders.length !== 1) throw new UsageError('intrekken: geef --bronhouder OIN (de afnemer kent deze toestemming niet uit een melding).');
    oin = bronhouders[0]!;
  }
  await (await dienst.bronhouder(oin)).trekIn(toestemming);
  process.stdout.write(`Toestemming ${toestemming} ingetrokken bij ${oin}.\n`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: { json: { type: 'boolean' }, toestemming: { type: 'string' }, bronhouder: { type: 'string' } },
    strict: true,
  });
  const config = loadAfnemerConfig();
  switch (command ?? 'serve') {
    case 'serve':
      return serve(config);
    case 'meldingen':
      return meldingen(config, values.json === true);
    case 'poll':
      return metDienst(config, pollOnce);
    case 'intrekken':
      return metDienst(config, (dienst) => intrekken(dienst, values.toestemming, values.bronhouder));
    case 'sleutel':
      process.stdout.write(`${JSON.stringify((await loadAfnemerSleutel(config)).publiek)}\n`);
      return 0;
    default:
      throw new UsageError(`Onbekende opdracht ${command}.\n${USAGE}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof AfnemerConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${usage && !(error instanceof UsageError) ? USAGE : ''}`);
    process.exit(usage ? 2 : 1);
  },
);
