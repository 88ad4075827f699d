// CHANGELOG.md and the version everything carries agree: the newest release in the
// changelog is each contract's info.version (the API-Version every response sends), and the
// version of package.json and of the conformance kit.
import { readFileSync } from 'node:fs';
import t from 'tap';
import YAML from 'yaml';
import { startTestService } from './helpers/service.js';

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const changelog = readFileSync('CHANGELOG.md', 'utf8');
const headings = [...changelog.matchAll(/^## \[([^\]]+)\](.*)$/gm)].map((match) => ({ name: match[1] ?? '', rest: (match[2] ?? '').trim() }));
const releases = headings.filter((heading) => heading.name !== 'Unreleased');
const newest = releases[0]?.name ?? '';

function compare(a: string, b: string): number {
  const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

t.test('CHANGELOG.md keeps a changelog: Unreleased first, then releases newest first, each dated and linked', async (t) => {
  t.equal(headings[0]?.name, 'Unreleased', 'the first section is [Unreleased]');
  t.ok(releases.length > 0, 'at least one release');
  for (const release of releases) {
    t.match(release.name, SEMVER, `${release.name} is a version`);
    t.match(release.rest, /^- \d{4}-\d{2}-\d{2}$/, `${release.name} has an ISO date`);
    t.ok(changelog.includes(`\n[${release.name}]: https://`), `${release.name} has a link`);
  }
  for (let i = 1; i < releases.length; i++) {
    t.ok(compare(releases[i - 1]!.name, releases[i]!.name) > 0, `${releases[i - 1]!.name} is newer than ${releases[i]!.name}`);
  }
});

t.test('every contract, both packages and the API-Version header carry the newest release', async (t) => {
  for (const role of ['blauwe-knop', 'stelselbeheerder', 'app-beheerder']) for (const file of [`openapi/${role}.yaml`, `openapi/bundled/${role}.yaml`]) {
    const contract = YAML.parse(readFileSync(file, 'utf8')) as { info: { version: string } };
    t.equal(contract.info.version, newest, `${file}: info.version`);
  }
  for (const file of ['package.json', 'packages/conformance/package.json']) {
    t.equal((JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version, newest, `${file}: version`);
  }
  const service = await startTestService(t);
  const res = await service.app.inject({ method: 'GET', url: '/v1/organisatie' });
  t.equal(res.statusCode, 200);
  t.equal(res.headers['api-version'], newest, 'the service sends it as API-Version');
});
