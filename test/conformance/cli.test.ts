import t from 'tap';
import { freePort } from '../helpers/processes.js';
import { runCli } from '../helpers/conformance/services.js';

t.test('usage errors exit 2 with a message and the usage', async (t) => {
  const cases: [string[], RegExp][] = [
    [[], /--base-url ontbreekt/],
    [['--base-url', 'niet-een-url'], /geen geldige URL/],
    [['--base-url', 'ftp://example.org/v1'], /https:\/\//],
    [['--base-url', 'https://example.org/v1', '--format', 'xml'], /--format moet text, json of junit zijn/],
    [['--base-url', 'https://example.org/v1', '--token', 'a', '--token-command', 'echo b'], /niet beide/],
    [['--base-url', 'https://example.org/v1', '--onbekend'], /Unknown option/],
    [['--base-url', 'https://example.org/v1', '--token-command', 'exit 3'], /exitcode 3/],
    [['--base-url', 'https://example.org/v1', '--timeout', '0'], /--timeout/],
  ];
  const results = await Promise.all(cases.map(([args]) => runCli(args)));
  for (const [i, [args, message]] of cases.entries()) {
    const result = results[i]!;
    t.equal(result.code, 2, `${args.join(' ') || '(no arguments)'} exits 2`);
    t.match(result.stderr, message);
    t.match(result.stderr, /Gebruik: blauwe-knop-conformance/);
  }
});

t.test('--help prints the usage and exits 0', async (t) => {
  const result = await runCli(['--help']);
  t.equal(result.code, 0);
  t.match(result.stdout, /--token-command/);
});

t.test('an unreachable base URL exits 2', async (t) => {
  const port = await freePort();
  const result = await runCli(['--base-url', `http://127.0.0.1:${port}/v1`, '--timeout', '5']);
  t.equal(result.code, 2);
  t.match(result.stderr, /niet bereikbaar/);
  t.equal(result.stdout, '', 'no report');
});
