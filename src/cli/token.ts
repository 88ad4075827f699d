import { parseArgs } from 'node:util';
import { MAX_TOKEN_SECONDS } from '../auth/citizen-authentication.js';
import { issueDevelopmentToken } from '../auth/development-identity-provider.js';
import { ConfigError, loadConfig } from '../config.js';
import { isValidBsn } from '../protocol/bsn.js';

/**
 * `npm run token -- --bsn 999993653`: logs a demo citizen in at the development identity
 * provider and prints the access token alone on stdout, ready for `curl -H "Authorization: Bearer $(…)"`.
 */
function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { bsn: { type: 'string' }, 'expires-in': { type: 'string', default: '3600' } },
    strict: true,
  });
  if (!values.bsn) fail('Usage: npm run token -- --bsn <BSN> [--expires-in <seconds>]');
  if (!isValidBsn(values.bsn)) fail('The BSN must be 9 digits and pass the 11-check (for example 999993653).');
  const expiresIn = Number(values['expires-in']);
  if (!Number.isInteger(expiresIn) || expiresIn <= 0 || expiresIn > MAX_TOKEN_SECONDS) fail(`--expires-in must be a whole number of seconds from 1 to ${MAX_TOKEN_SECONDS}.`);
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : String(error));
  }
  if (!config.auth.developmentProvider) {
    fail('The development identity provider is only on in development mode without AUTH_ISSUER; get a token from your identity provider.');
  }
  const token = await issueDevelopmentToken({
    dataDir: config.dataDir,
    bsn: values.bsn,
    audience: config.auth.audience,
    bsnClaim: config.auth.bsnClaim,
    expiresInSeconds: expiresIn,
  });
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
