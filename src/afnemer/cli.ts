/**
 * `npm run afnemer -- <command>`: the example afnemer "rijbewijs-melder" (docs/plus.md).
 * Exit codes: 0 done, 1 refused or failed, 2 usage error.
 */
import { parseArgs } from 'node:util';
import { AfnemerConfigError, loadAfnemerConfig, type AfnemerConfig } from './config.js';
import { createAfnemerDienst } from './dienst.js';
import { MeldingenStore } from './meldingen-store.js';
import { AFLEVER_PAD } from './ontvanger.js';
import { loadAfnemerSleutel } from './sleutel.js';

const USAGE = `Gebruik: npm run afnemer -- <opdracht>
  serve                 ontvangt meldingen (RFC 8935) op PUBLIC_BASE_URL${AFLEVER_PAD} en haalt
                        gemiste op (RFC 8936) elke AFNEMER_POLL_SECONDEN
  meldingen [--json]    de ontvangen meldingen; --json: een JSON-array van
                        { "set": "<compacte JWS>", "ontvangen_op": "<RFC 3339>" }
  sleutel               de publieke sleutel van de afnemer (JWK) voor het stelseldocument
Instellingen: DATA_DIR (standaard data/demo/rijbewijs-melder), STELSEL_URL, STELSEL_SLEUTEL,
AFNEMER_ID, PORT, PUBLIC_BASE_URL; zie README, "Plus voor een afnemer".
`;

class UsageError extends Error {}

async function serve(config: AfnemerConfig): Promise<number> {
  const dienst = await createAfnemerDienst(config);
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

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } }, strict: true });
  const config = loadAfnemerConfig();
  switch (command ?? 'serve') {
    case 'serve':
      return serve(config);
    case 'meldingen':
      return meldingen(config, values.json === true);
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
