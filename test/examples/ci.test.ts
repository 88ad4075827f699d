// The CI examples (examples/ci) run as written: each example's own shell steps, taken from
// its YAML, run against the reference service in a folder that looks like an implementer's
// repository (their contract as openapi.yaml, the kit tarball in ci/). The steps install the
// kit and Spectral, lint the contract and run the checker with a token from a command, and
// leave a JUnit report for both. A broken contract fails the job but still yields both reports.
//
// Only what a CI system does around the steps is played here: the service container is our
// service on a free port (so BK_BASE_URL points there), the project's CI/CD variables are set
// (BK_TOKEN_COMMAND: the reference service's development token command), `uses:` steps of
// GitHub Actions (checkout, setup-node, upload-artifact) are not run, but the files they
// upload must exist.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import YAML from 'yaml';
import { CITIZEN, REPO_ROOT, startListeningService } from '../helpers/conformance/services.js';
import { packConformanceKit } from '../helpers/kit.js';

const run = promisify(execFile);

// Packing builds the service (about a minute on a busy machine) and the first run installs
// Spectral from the npm cache.
t.setTimeout(600_000);

interface StepRun {
  code: number;
  output: string;
}

/** Runs a bash script as the CI systems do (errexit, pipefail) and returns its exit code and output. */
async function bash(script: string, cwd: string, env: Record<string, string>): Promise<StepRun> {
  try {
    const { stdout, stderr } = await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      cwd,
      env: { ...process.env, ...env },
      maxBuffer: 32 * 1024 * 1024,
      timeout: 300_000,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failure.code === 'number' ? failure.code : 1, output: (failure.stdout ?? '') + (failure.stderr ?? '') };
  }
}

/** GitLab expands `$NAME` and `${NAME}` in variables from the variables defined before. */
function expand(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced: string | undefined, bare: string | undefined) => env[braced ?? bare ?? ''] ?? whole);
}

// What this machine's runner adds: npm takes packages from its cache when it has them.
const RUNNER = { npm_config_prefer_offline: 'true' };

interface Job {
  env: Record<string, string>;
  /** The files the job keeps as reports, relative to the workspace. */
  reports: string[];
  /** The kit tarball the job installs. */
  kit: string;
  run(workspace: string): Promise<StepRun>;
}

interface Setting {
  workspace: string;
  tools: string;
  baseUrl: string;
  tokenCommand: string;
}

function gitlabJob(setting: Setting): Job {
  const file = YAML.parse(readFileSync(join(REPO_ROOT, 'examples/ci/gitlab-ci.yml'), 'utf8')) as Record<string, Record<string, unknown>>;
  const job = Object.values(file).find((value) => typeof value === 'object' && value !== null && 'script' in value)!;
  // Predefined variables, then the job's, then the project's CI/CD variables (which win).
  const env: Record<string, string> = { CI_PROJECT_DIR: setting.workspace, CI: 'true', GITLAB_CI: 'true' };
  for (const [name, value] of Object.entries(job.variables as Record<string, string>)) env[name] = expand(String(value), env);
  Object.assign(env, { BK_BASE_URL: setting.baseUrl, BK_TOKEN_COMMAND: setting.tokenCommand, BK_TOOLS: setting.tools, ...RUNNER });
  const lines = [...((job.before_script as string[]) ?? []), ...(job.script as string[])];
  const artifacts = job.artifacts as { reports: { junit: string[] } };
  return {
    env,
    reports: artifacts.reports.junit,
    kit: env.BK_KIT!,
    run: (workspace) => bash(lines.join('\n'), workspace, env),
  };
}

interface GithubStep {
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  'working-directory'?: string;
}

function githubJob(setting: Setting): Job {
  const file = YAML.parse(readFileSync(join(REPO_ROOT, 'examples/ci/github-actions.yml'), 'utf8')) as {
    env?: Record<string, string>;
    jobs: Record<string, { env?: Record<string, string>; steps: GithubStep[] }>;
  };
  const job = Object.values(file.jobs)[0]!;
  const contexts: Record<string, string> = {
    'github.workspace': setting.workspace,
    'runner.temp': dirname(setting.tools),
    'vars.BK_TOKEN_COMMAND': setting.tokenCommand,
    'vars.BK_IMAGE': 'not used: the service is ours',
    'secrets.IDP_CLIENT_ID': 'test-client',
    'secrets.IDP_CLIENT_SECRET': 'test-secret',
  };
  const evaluate = (value: string) =>
    value.replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (_whole, name: string) => {
      if (!(name in contexts)) throw new Error(`examples/ci/github-actions.yml uses \${{ ${name} }}, which this test does not provide`);
      return contexts[name]!;
    });
  const envOf = (map: Record<string, string> | undefined) => Object.fromEntries(Object.entries(map ?? {}).map(([k, v]) => [k, evaluate(String(v))]));
  const env: Record<string, string> = { GITHUB_WORKSPACE: setting.workspace, CI: 'true', GITHUB_ACTIONS: 'true', ...envOf(file.env), ...envOf(job.env), BK_BASE_URL: setting.baseUrl, BK_TOOLS: setting.tools, ...RUNNER };
  const upload = job.steps.find((step) => step.uses?.startsWith('actions/upload-artifact'));
  return {
    env,
    reports: String(upload?.with?.path ?? '').split('\n').map((line) => line.trim()).filter(Boolean),
    kit: env.BK_KIT!,
    async run(workspace) {
      let failed = false;
      let output = '';
      for (const step of job.steps) {
        if (step.run === undefined) continue;
        const condition = step.if ?? 'success()';
        const runs = condition.includes('always()') || (failed ? condition.includes('failure()') : condition.includes('success()'));
        if (!runs) continue;
        const cwd = step['working-directory'] ? join(workspace, step['working-directory']) : workspace;
        const result = await bash(evaluate(step.run), cwd, { ...env, ...envOf(step.env) });
        output += `## ${step.name ?? step.run}\n${result.output}`;
        if (result.code !== 0) failed = true;
      }
      return { code: failed ? 1 : 0, output };
    },
  };
}

// Packing builds the service; what is packed does not depend on the database, so the
// PostgreSQL pass of CI skips this.
t.test('the CI examples run as written against the reference service', { timeout: 600_000, skip: process.env.DATABASE_URL ? 'the examples do not depend on the database' : false }, async (t) => {
  const work = t.testdir();
  const { code, stderr, tarball } = await packConformanceKit(work);
  t.equal(code, 0, stderr);
  t.ok(existsSync(tarball), `packed ${basename(tarball)}`);

  const { service, baseUrl } = await startListeningService(t);
  // A fresh token on every call, from the development identity provider of this service.
  const tokenCommand = `DATA_DIR='${service.dataDir}' node '${join(REPO_ROOT, 'dist/src/cli/token.js')}' --bsn ${CITIZEN}`;
  // One tools folder for every run: the first installs, the others find it in place.
  const tools = join(work, 'runner-temp', 'blauwe-knop');
  mkdirSync(dirname(tools), { recursive: true });

  const contracts = {
    'our contract': { file: join(REPO_ROOT, 'openapi/bundled/blauwe-knop.yaml'), passes: true },
    'a contract with an unsecured document': { file: join(REPO_ROOT, 'test/spectral/fixtures/bk-document-security/basis/openapi.yaml'), passes: false },
  };
  for (const [example, jobOf] of [['gitlab-ci.yml', gitlabJob], ['github-actions.yml', githubJob]] as const) {
    for (const [description, contract] of Object.entries(contracts)) {
      const name = `${example}, ${description}`;
      const workspace = join(work, `${example}-${contract.passes ? 'ok' : 'broken'}`);
      const job = jobOf({ workspace, tools, baseUrl, tokenCommand });
      t.equal(basename(job.kit), basename(tarball), `${name}: installs the kit of this version`);
      t.ok(job.kit.startsWith(workspace), `${name}: the kit comes from the repository`);
      mkdirSync(dirname(job.kit), { recursive: true });
      copyFileSync(tarball, job.kit);
      copyFileSync(contract.file, join(workspace, job.env.BK_CONTRACT ?? 'openapi.yaml'));

      const result = await job.run(workspace);
      t.equal(result.code === 0, contract.passes, `${name}: the job ${contract.passes ? 'passes' : 'fails'}`, { output: result.output.slice(-4000) });
      t.strictSame(job.reports.sort(), ['blauwe-knop-conformantie.xml', 'blauwe-knop-contract.xml'], `${name}: a JUnit report for both steps`);
      for (const report of job.reports) {
        const path = join(workspace, report);
        t.ok(existsSync(path), `${name}: ${report} is written`);
        if (existsSync(path)) t.match(readFileSync(path, 'utf8'), /<testsuites?[\s>]/, `${name}: ${report} is JUnit`);
      }
      const lintReport = join(workspace, 'blauwe-knop-contract.xml');
      if (existsSync(lintReport)) {
        const lint = readFileSync(lintReport, 'utf8');
        if (contract.passes) t.notMatch(lint, /<failure/, `${name}: the contract has no findings`);
        else t.match(lint, /bk:document-security/, `${name}: the report names the broken rule`);
      }
      const checkReport = join(workspace, 'blauwe-knop-conformantie.xml');
      if (existsSync(checkReport)) {
        t.match(readFileSync(checkReport, 'utf8'), /failures="0"/, `${name}: the service passes the checker, with a fresh token`);
      }
    }
  }
});
