#!/usr/bin/env node
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseArgsFout, wantsHelp } from './usage.js';
import {
  BaseUrlUnreachableError,
  exitCodeOf,
  normaliseBaseUrl,
  renderJson,
  renderJunit,
  renderText,
  runConformance,
  type ConformanceReport,
  type TokenMinter,
} from '../conformance/index.js';

/**
 * `blauwe-knop-conformance --base-url URL [--token T | --token-command CMD] [--bsn-claim NAME] [--format text|json|junit] [--output FILE] [--insecure-http]`
 *
 * Checks a running Blauwe Knop implementation against this package's contract. Exit code 0:
 * no error-level check failed; 1: at least one did; 2: a usage error, or the base URL does
 * not answer at all. See docs/conformance.md.
 */

const USAGE = `Gebruik: blauwe-knop-conformance --base-url URL [opties]

Toetst een draaiende Blauwe Knop-implementatie tegen het referentiecontract.

Opties:
  --base-url URL        basis-URL van de implementatie, met het versiesegment
                        (bijvoorbeeld https://api.gemeente.example/blauwe-knop/v1)
  --token T             toegangstoken van een (test)inwoner, voor de documentcontroles
  --token-command CMD   shellcommando dat een token voor de (test)inwoner op stdout zet.
                        Het krijgt op stdin een JSON-object met claims die het token
                        moet hebben in plaats van de gewone ({} voor het gewone token;
                        {"exp": …} voor een verlopen, {"nbf": …} voor een nog niet
                        geldig, {"aud": …} voor een token voor een andere ontvanger).
                        Een commando dat stdin negeert, werkt ook; die drie controles
                        worden dan overgeslagen. Bijvoorbeeld:
                        npm run -s token -- --bsn 999993653 --claims-from-stdin
  --bsn-claim NAAM      de claim van het token met het BSN (standaard $AUTH_BSN_CLAIM
                        of bsn), om te zien dat elk document over die inwoner gaat
  --format FORMAAT      text (standaard), json of junit
  --output BESTAND      schrijf het rapport (in --format) naar BESTAND; stdout krijgt
                        dan de tekstweergave
  --insecure-http       sta http toe buiten localhost (testomgeving zonder TLS)
  --timeout SECONDEN    wachttijd per verzoek (standaard 15)
  --help, -h            deze uitleg

Exitcodes: 0 geen fout, 1 minstens één controle op foutniveau mislukt,
2 verkeerd gebruik of basis-URL onbereikbaar.
`;

const FORMATS = { text: renderText, json: renderJson, junit: renderJunit } as const;
type Format = keyof typeof FORMATS;

class UsageError extends Error {}

interface CliOptions {
  baseUrl: string;
  token?: string;
  mintToken?: TokenMinter;
  bsnClaim: string;
  format: Format;
  output?: string;
  insecureHttp: boolean;
  timeoutMs: number;
}

async function parse(argv: string[]): Promise<CliOptions | 'help'> {
  if (wantsHelp(argv)) return 'help';
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'base-url': { type: 'string' },
        token: { type: 'string' },
        'token-command': { type: 'string' },
        'bsn-claim': { type: 'string' },
        format: { type: 'string', default: 'text' },
        output: { type: 'string' },
        'insecure-http': { type: 'boolean', default: false },
        timeout: { type: 'string', default: '15' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(parseArgsFout(error) ?? (error as Error).message);
  }
  if (!values['base-url']) throw new UsageError('--base-url ontbreekt.');
  let baseUrl: string;
  try {
    baseUrl = normaliseBaseUrl(values['base-url']);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.token !== undefined && values['token-command'] !== undefined) throw new UsageError('Geef --token óf --token-command, niet beide.');
  if (!(values.format! in FORMATS)) throw new UsageError(`--format moet text, json of junit zijn, niet ${values.format}.`);
  const timeout = Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError('--timeout moet een positief aantal seconden zijn.');
  let token = values.token?.trim();
  const command = values['token-command'];
  if (command !== undefined) token = await runTokenCommand(command, {});
  if (token === '') throw new UsageError('Het token is leeg.');
  const bsnClaim = values['bsn-claim'] ?? process.env.AUTH_BSN_CLAIM ?? 'bsn';
  if (bsnClaim.trim() === '') throw new UsageError('--bsn-claim is leeg.');
  return {
    baseUrl,
    ...(token ? { token } : {}),
    ...(command !== undefined ? { mintToken: async (claims: Record<string, unknown>) => runTokenCommand(command, claims) } : {}),
    bsnClaim,
    format: values.format as Format,
    ...(values.output ? { output: values.output } : {}),
    insecureHttp: values['insecure-http']!,
    timeoutMs: timeout * 1000,
  };
}

/**
 * Runs the token command in a shell with the claims the token must have (a JSON object) on
 * stdin; its last non-empty line of stdout is the token.
 *
 * Asynchronously, on purpose: a command may take seconds (a `tsx` start-up, an identity
 * provider), and a synchronous wait would freeze the event loop with keep-alive connections
 * open. The server closes those in the meantime, the client cannot notice, and the next check
 * would go out on a dead socket (UND_ERR_SOCKET) and fail for a reason that is not the
 * implementation's.
 */
function runTokenCommand(command: string, claims: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, { shell: true, stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // A command that does not read stdin may exit before taking the claims: that is allowed
    // (its exit code still decides).
    child.stdin.on('error', () => undefined);
    child.stdin.end(JSON.stringify(claims));
    child.on('error', (error) => reject(new UsageError(`--token-command kon niet worden uitgevoerd: ${error.message}`)));
    child.on('close', (status, signal) => {
      if (status !== 0) {
        const how = signal ? `werd gestopt (${signal})` : `stopte met exitcode ${String(status)}`;
        reject(new UsageError(`--token-command ${how}${stderr.trim() ? `:\n${stderr.trim()}` : '.'}`));
        return;
      }
      const token = stdout
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '')
        .pop();
      if (token) resolve(token);
      else reject(new UsageError('--token-command gaf geen token op stdout.'));
    });
  });
}

async function main(argv: string[]): Promise<number> {
  let options: CliOptions | 'help';
  try {
    options = await parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  let report: ConformanceReport;
  try {
    report = await runConformance({
      baseUrl: options.baseUrl,
      ...(options.token ? { token: options.token } : {}),
      ...(options.mintToken ? { mintToken: options.mintToken } : {}),
      bsnClaim: options.bsnClaim,
      insecureHttp: options.insecureHttp,
      timeoutMs: options.timeoutMs,
    });
  } catch (error) {
    if (!(error instanceof BaseUrlUnreachableError)) throw error;
    process.stderr.write(`${error.message}\nControleer --base-url (met het versiesegment, bijvoorbeeld …/v1) en of de implementatie draait.\n`);
    return 2;
  }
  const rendered = FORMATS[options.format](report);
  if (options.output) {
    writeFileSync(options.output, rendered);
    process.stdout.write(options.format === 'text' ? `${rendered.trimEnd().split('\n').pop()}\n` : renderText(report));
  } else {
    process.stdout.write(rendered);
  }
  return exitCodeOf(report);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`De conformantiecontrole liep vast: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
