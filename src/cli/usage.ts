/**
 * The conventions every command-line tool shares: `--help`/`-h` prints the usage on stdout
 * and exits 0; a wrong option gives a Dutch message plus the usage on stderr and exits 2
 * (node's parseArgs explains itself in English, so its errors are translated here).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

/** The Dutch message for an error parseArgs throws; undefined for any other error. */
export function parseArgsFout(error: unknown): string | undefined {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) return undefined;
  const naam = /'([^']*)'/.exec((error as Error).message)?.[1] ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Onbekende optie ${naam}.`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `Onverwacht argument ${naam}.`;
    default:
      return `Ongeldige waarde bij ${naam.split(' ')[0]}.`;
  }
}

/** Writes the usage on stdout and ends the process with 0. */
export function printUsage(usage: string): never {
  process.stdout.write(usage.endsWith('\n') ? usage : `${usage}\n`);
  process.exit(0);
}

/** Writes the message and the usage on stderr and ends the process with 2. */
export function usageError(message: string, usage: string): never {
  process.stderr.write(`${message}\n\n${usage.endsWith('\n') ? usage : `${usage}\n`}`);
  process.exit(2);
}

/** parseArgs for a tool's own argv, with the shared --help and error conventions. */
export function parseOptions<T extends ParseArgsConfig>(usage: string, config: T): ReturnType<typeof parseArgs<T>> {
  if (wantsHelp(config.args ?? process.argv.slice(2))) printUsage(usage);
  try {
    return parseArgs(config);
  } catch (error) {
    const fout = parseArgsFout(error);
    if (fout === undefined) throw error;
    usageError(fout, usage);
  }
}
