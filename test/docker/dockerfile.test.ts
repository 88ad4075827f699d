// The Dockerfile's own commands, run without a container engine: its build stage in a clean
// folder that holds only what its COPY instructions take from the build context (with
// .dockerignore applied), then its runtime stage in a second clean folder that holds only what
// it copies from the build stage, started with its ENV and CMD until its HEALTHCHECK passes.
// Inside, the development token comes from the compiled CLI (tsx is pruned), as documented;
// the service accepts it. The RUN that installs system packages (apt-get) is the one step left
// to the engine: this machine has them.
//
// docker-compose.yml is checked too: every role's environment is a valid configuration of the
// role it claims, the ports and URLs agree, and the registration step names every organisation.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import t from 'tap';
import YAML from 'yaml';
import { loadConfig } from '../../src/config.js';
import { DEMO_CITIZENS } from '../../src/data/seed/index.js';
import { stelselPubliekeSleutelPath } from '../../src/roles/stelselbeheerder/index.js';
import { freePort } from '../helpers/processes.js';
import { REPO_ROOT } from '../helpers/spectral.js';

t.setTimeout(1_800_000);

interface Instruction {
  keyword: string;
  args: string;
}

/** The instructions of each stage, continuation lines joined. */
function parseDockerfile(text: string): Instruction[][] {
  const stages: Instruction[][] = [];
  const joined = text.replace(/\\\n/g, ' ').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  for (const line of joined) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const instruction = { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    if (instruction.keyword === 'FROM') stages.push([]);
    stages.at(-1)?.push(instruction);
  }
  return stages;
}

/** .dockerignore patterns as used here: a path (a folder excludes all under it), `*` within one segment. */
function ignoredBy(patterns: string[]): (path: string) => boolean {
  const regexes = patterns.map((pattern) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}(/.*)?$`));
  return (path) => regexes.some((regex) => regex.test(path));
}

const dockerignore = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
const ignored = ignoredBy(dockerignore);

/** COPY's rule for one source: a file into a destination ending in "/" keeps its name; a folder's contents go to the destination. */
function copy(from: string, destination: string, workdir: string, filter?: (path: string) => boolean) {
  const target = statSync(from).isFile() && destination.endsWith('/') ? join(workdir, destination, basename(from)) : join(workdir, destination);
  cpSync(from, target, { recursive: true, ...(filter ? { filter } : {}) });
}

function envOf(args: string): Record<string, string> {
  return Object.fromEntries([...args.matchAll(/(\w+)=("[^"]*"|\S+)/g)].map((match) => [match[1]!, match[2]!.replace(/^"|"$/g, '')]));
}

function sh(command: string, cwd: string, env: Record<string, string>) {
  return spawnSync('sh', ['-c', command], { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 1_500_000 });
}

/**
 * In an image build, better-sqlite3's install (prebuild-install) downloads the prebuilt binary
 * for its version, Node ABI, platform and architecture from the package's releases. This
 * machine has no network, so it would fall back to compiling SQLite from source: minutes of
 * CPU, which is what .ci/run's own `npm ci` already does. The download is played by a local
 * prebuild, the way prebuild-install supports offline installs (npm_config_<package>_local_prebuilds):
 * a tarball, under the name the download has, of the binary this checkout's install produced for
 * the same Node. Returns the folder that holds it.
 */
function localSqlitePrebuild(work: string): string {
  const packageDir = join(REPO_ROOT, 'node_modules/better-sqlite3');
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const folder = join(work, 'prebuilds');
  mkdirSync(folder);
  const tarball = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  const packed = spawnSync('tar', ['-czf', join(folder, tarball), '-C', packageDir, 'build/Release/better_sqlite3.node'], { encoding: 'utf8' });
  if (packed.status !== 0) throw new Error(`tar: ${packed.stderr}`);
  return folder;
}

const stages = parseDockerfile(readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8'));

t.test('.dockerignore keeps what this machine built out of the build context', async (t) => {
  for (const path of ['node_modules/fastify/package.json', 'dist/src/server.js', 'data/bk.sqlite', 'src/generated/prisma/sqlite/client.ts', '.git/HEAD']) {
    t.ok(ignored(path), `${path} is not sent`);
  }
  for (const path of ['package.json', 'src/server.ts', 'src/generated/contracts/blauwe-knop.ts', 'openapi/common/http.yaml', 'prisma/schema.prisma', 'scripts/prisma-generate.mjs']) {
    t.notOk(ignored(path), `${path} is sent`);
  }
});

// A clean `npm ci` and build take minutes of CPU, even with better-sqlite3 prebuilt (about
// 2.75 CPU-minutes on 2 December 2026). CI (.ci/run, CI=true) runs it once, on the SQLite pass; locally:
//   CI=true npx tap test/docker/dockerfile.test.ts
const skipBuild = process.env.DATABASE_URL
  ? 'the image is built the same way whatever the database'
  : !process.env.CI
    ? 'a clean install takes minutes; CI runs it (CI=true)'
    : false;

t.test("the Dockerfile's install and start commands work in clean folders", { skip: skipBuild }, async (t) => {
  t.equal(stages.length, 2, 'a build stage and a runtime stage');
  const [buildStage = [], runtimeStage = []] = stages;
  const work = t.testdir();
  const buildDir = join(work, 'build');
  const runtimeDir = join(work, 'runtime');
  mkdirSync(buildDir);
  mkdirSync(runtimeDir);

  // Build stage: COPY from the context, RUN in order; npm takes packages from its cache.
  const buildEnv = {
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_better_sqlite3_local_prebuilds: localSqlitePrebuild(work),
  };
  for (const { keyword, args } of buildStage) {
    if (keyword === 'COPY') {
      // From the build context: the repository, minus what .dockerignore excludes.
      const parts = args.split(/\s+/);
      for (const source of parts.slice(0, -1)) copy(join(REPO_ROOT, source), parts.at(-1)!, buildDir, (path) => !ignored(relative(REPO_ROOT, path)));
    } else if (keyword === 'RUN') {
      if (/^apt-get\b/.test(args)) continue;
      const result = sh(args, buildDir, buildEnv);
      if (!t.equal(result.status, 0, `RUN ${args}`, { output: `${result.stdout}\n${result.stderr}`.slice(-4000), signal: result.signal })) return;
    }
  }
  t.ok(existsSync(join(buildDir, 'src/generated/prisma')), 'npm ci generated the Prisma client inside the image');
  t.notOk(existsSync(join(buildDir, 'node_modules/better-sqlite3/build/Release/obj.target')), 'better-sqlite3 came prebuilt, as in a build with network, not compiled');
  t.notOk(existsSync(join(buildDir, 'node_modules/tsx')), 'the production install has no tsx');

  // Runtime stage: only what it copies from the build stage, with its ENV and CMD.
  let env: Record<string, string> = {};
  let cmd: string[] = [];
  let healthcheck = '';
  for (const { keyword, args } of runtimeStage) {
    if (keyword === 'COPY') {
      const match = /^--from=build\s+(\S+)\s+(\S+)$/.exec(args);
      t.ok(match, `COPY ${args} comes from the build stage`);
      if (match) copy(join(buildDir, match[1]!.replace(/^\/app\/?/, '')), match[2]!, runtimeDir);
    } else if (keyword === 'ENV') {
      env = { ...env, ...envOf(args) };
    } else if (keyword === 'CMD') {
      cmd = JSON.parse(args) as string[];
    } else if (keyword === 'HEALTHCHECK') {
      healthcheck = args.replace(/^.*?\bCMD\s+/, '');
    }
  }
  t.same(readdirSync(runtimeDir).sort(), ['dist', 'node_modules', 'openapi', 'package.json', 'prisma'], 'the runtime holds the build output and nothing else');
  const port = await freePort();
  const dataDir = join(work, 'data');
  mkdirSync(dataDir);
  const runtimeEnv = { ...env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  const child = spawn(cmd[0]!, cmd.slice(1), { cwd: runtimeDir, env: { ...process.env, ...runtimeEnv, DATABASE_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGTERM');
  });
  let healthy = false;
  for (let i = 0; i < 120 && !healthy && child.exitCode === null; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    healthy = sh(healthcheck, runtimeDir, runtimeEnv).status === 0;
  }
  if (!t.ok(healthy, `the HEALTHCHECK passes after CMD ${cmd.join(' ')}`, { output: output.slice(-4000) })) return;

  const citizen = DEMO_CITIZENS[0]!.bsn;
  const token = sh(`node dist/src/cli/token.js --bsn ${citizen}`, runtimeDir, { ...runtimeEnv, DATABASE_URL: '' });
  t.equal(token.status, 0, `the compiled token CLI runs without tsx ${token.stderr}`);
  const res = await fetch(`http://127.0.0.1:${port}/v1/financiele-verplichtingen`, { headers: { authorization: `Bearer ${token.stdout.trim()}` } });
  t.equal(res.status, 200, 'the service accepts that token');
  t.ok(res.headers.get('payload-signature'), 'and signs the document');
});

t.test('docker-compose.yml runs every role of the Centraal demo on PostgreSQL', async (t) => {
  const compose = YAML.parse(readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, { environment?: Record<string, string>; network_mode?: string; ports?: string[]; command?: string[]; volumes?: string[] }>;
  };
  const { postgres, inschrijven, ...roles } = compose.services;
  t.ok(postgres && inschrijven, 'a database and a registration step');
  const published = new Set((postgres?.ports ?? []).map((port) => port.split(':')[0]));
  const organisationPorts: string[] = [];
  const oins = new Set<string>();
  for (const [name, service] of Object.entries(roles)) {
    const environment = service.environment ?? {};
    t.equal(service.network_mode, 'service:postgres', `${name}: shares the network, so localhost URLs work for every container and the host`);
    let config;
    try {
      config = loadConfig({ ...environment, DATA_DIR: '/data' });
    } catch (error) {
      t.fail(`${name}: its environment is a valid configuration: ${String(error)}`);
      continue;
    }
    t.match(config.databaseUrl ?? '', /^postgresql:\/\/.*@localhost:5432\/.*\?schema=\w+$/, `${name}: its own PostgreSQL schema`);
    t.ok(published.has(environment.PORT), `${name}: port ${environment.PORT} is published`);
    t.equal(environment.PUBLIC_BASE_URL, `http://localhost:${environment.PORT}/v1`, `${name}: advertises the URL it answers on`);
    if (environment.BK_ROLE === 'organisatie') {
      organisationPorts.push(environment.PORT!);
      oins.add(environment.ORGANISATION_OIN!);
    }
    if (environment.BK_ROLE !== 'stelselbeheerder') {
      t.equal(environment.STELSEL_SLEUTEL, stelselPubliekeSleutelPath('/stelsel'), `${name}: pins the operator's key from its volume`);
      t.ok(service.volumes?.includes('stelsel:/stelsel:ro'), `${name}: mounts the operator's volume read-only`);
    }
  }
  t.equal(oins.size, 6, 'the six pilot organisations');
  t.ok(Object.values(roles).some((service) => service.environment?.BK_ROLE === 'app-beheerder'), 'an app manager');
  const script = (inschrijven?.command ?? []).join('\n');
  t.match(script, new RegExp(`for port in ${organisationPorts.sort().join(' ')}; do`), 'the registration step registers every organisation');
  for (const cli of [...script.matchAll(/node (dist\/src\/cli\/[\w-]+)\.js/g)].map((match) => match[1]!)) {
    t.ok(existsSync(join(REPO_ROOT, `${cli.replace(/^dist\//, '')}.ts`)), `${cli}.js is built from the source`);
  }
});
