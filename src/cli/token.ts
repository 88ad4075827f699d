import { readFileSync } from 'node:fs';
import { MAX_TOKEN_SECONDS } from '../auth/citizen-authentication.js';
import { issueDevelopmentToken } from '../auth/development-identity-provider.js';
import { ConfigError, loadConfig } from '../config.js';
import { isValidBsn } from '../protocol/bsn.js';
import { parseOptions, usageError } from './usage.js';

const USAGE = `Gebruik: npm run token -- --bsn <BSN> [--expires-in <seconden>] [--claims-from-stdin]
Logt een demo-inwoner in bij de ontwikkel-identiteitsprovider en zet alleen het toegangstoken op stdout.
  --bsn BSN             het BSN van de (test)inwoner (9 cijfers, elfproef)
  --expires-in SECONDEN geldigheidsduur van het token (standaard 3600)
  --claims-from-stdin   lees een JSON-object met claims van stdin; die vervangen de gewone
                        (de token-command van de conformiteitstoets)`;

/**
 * `npm run token -- --bsn 999993653`: logs a demo citizen in at the development identity
 * provider and prints the access token alone on stdout, ready for `curl -H "Authorization: Bearer $(…)"`.
 * With `--claims-from-stdin` it reads a JSON object of claims that replace the usual ones
 * (`{"exp": 1700000000}`): the minting interface of the conformance checker's `--token-command`.
 */
function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function claimsFrom(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let claims: unknown;
  try {
    claims = JSON.parse(text);
  } catch {
    fail('--claims-from-stdin: stdin is geen JSON.');
  }
  if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) fail('--claims-from-stdin: stdin moet een JSON-object met claims zijn.');
  return claims as Record<string, unknown>;
}

async function main(): Promise<void> {
  const { values } = parseOptions(USAGE, {
    options: { bsn: { type: 'string' }, 'expires-in': { type: 'string', default: '3600' }, 'claims-from-stdin': { type: 'boolean', default: false } },
    strict: true,
  });
  if (!values.bsn) usageError('--bsn ontbreekt.', USAGE);
  if (!isValidBsn(values.bsn)) fail('Het BSN moet 9 cijfers hebben en aan de elfproef voldoen (bijvoorbeeld 999993653).');
  const expiresIn = Number(values['expires-in']);
  if (!Number.isInteger(expiresIn) || expiresIn <= 0 || expiresIn > MAX_TOKEN_SECONDS) fail(`--expires-in moet een heel aantal seconden zijn, van 1 tot en met ${MAX_TOKEN_SECONDS}.`);
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : String(error));
  }
  if (!config.auth.developmentProvider) {
    fail('De ontwikkel-identiteitsprovider staat alleen aan in ontwikkelmodus zonder AUTH_ISSUER; haal een token bij uw identiteitsprovider.');
  }
  const claims = values['claims-from-stdin'] ? claimsFrom(readFileSync(0, 'utf8')) : {};
  const token = await issueDevelopmentToken({
    claims,
    dataDir: config.dataDir,
    bsn: values.bsn,
    audience: config.auth.audience,
    bsnClaim: config.auth.bsnClaim,
    expiresInSeconds: expiresIn,
  });
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
