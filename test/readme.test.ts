import { readFileSync } from 'node:fs';
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
