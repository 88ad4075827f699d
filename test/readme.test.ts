import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import t from 'tap';
import { DEMO_CITIZENS } from '../src/data/seed/index.js';

t.test('the README lists every demo citizen with what they show', async (t) => {
  const readme = readFileSync('README.md', 'utf8');
  for (const citizen of DEMO_CITIZENS) {
    t.ok(readme.includes(`| ${citizen.bsn} | ${citizen.naam} | ${citizen.toont} |`), citizen.bsn);
  }
});

t.test('the README gives the two commands for a fresh machine', async (t) => {
  const readme = readFileSync('README.md', 'utf8');
  t.match(readme, /npm ci && npm start/);
  t.match(readme, /^npm test\b/m);
});

t.test('.gitignore covers every file the README examples write', async (t) => {
  const readme = readFileSync('README.md', 'utf8');
  const written = new Set<string>();
  for (const block of readme.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const match of (block[1] ?? '').matchAll(/(?:>|--output)\s+([\w.-]+\.\w+)/g)) written.add(match[1]!);
  }
  t.ok(written.has('sleutels.json') && written.has('document.jose'), `found ${[...written].join(', ')}`);
  for (const file of written) {
    const ignored = spawnSync('git', ['check-ignore', '--no-index', '-q', file]);
    t.equal(ignored.status, 0, `${file} is ignored`);
  }
});
