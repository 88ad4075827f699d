import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MAX_TOKEN_SECONDS } from '../auth/citizen-authentication.js';
import { issueDevelopmentToken } from '../auth/development-identity-provider.js';
import { ConfigError, loadConfig } from '../config.js';
import { isValidBsn } from '../protocol/bsn.js';

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
    fail('--claims-from-stdin: stdin is not JSON.');
  }
  if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) fail('--claims-from-stdin: stdin must be a JSON object of claims.');
  return claims as Record<string, unknown>;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { bsn: { type: 'string' }, 'expires-in': { type: 'string', default: '3600' }, 'claims-from-stdin': { type: 'boolean', default: false } },
    strict: true,
  });
  if (!values.bsn) fail('Usage: npm run token -- --bsn <BSN> [--expires-in <seconds>] [--claims-from-stdin]');
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
