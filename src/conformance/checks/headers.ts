import type { CheckRun, ConformanceContext } from '../context.js';
import { describe, mediaTypeOf, type Exchange } from '../http.js';
import type { CheckDefinition } from '../types.js';

export const headerChecks: CheckDefinition[] = [
  {
    id: 'api-version-header',
    group: 'headers',
    title: 'Elke response (ook fouten en 404) heeft API-Version gelijk aan de versie van het contract',
    rule: '/core/version-header',
    severity: 'error',
  },
  {
    id: 'security-headers',
    group: 'headers',
    title: "Elke response heeft Cache-Control: no-store, X-Content-Type-Options: nosniff, X-Frame-Options: DENY of CSP frame-ancestors 'none', en Referrer-Policy: no-referrer",
    rule: '/core/transport/security-headers',
    severity: 'error',
  },
  {
    id: 'strict-transport-security',
    group: 'headers',
    title: 'Elke response heeft Strict-Transport-Security (op localhost alleen een waarschuwing)',
    rule: '/core/transport/security-headers',
    severity: 'error',
  },
  {
    id: 'cors-documents',
    group: 'headers',
    title: 'Een document met een onbekende Origin krijgt geen Access-Control-Allow-Origin (zeker geen *)',
    rule: '/core/transport/cors',
    severity: 'error',
  },
  {
    id: 'problem-details',
    group: 'headers',
    title: 'Elke 4xx/5xx is application/problem+json met status (gelijk aan de HTTP-status), title en detail',
    rule: '/core/error-handling/problem-details',
    severity: 'error',
  },
];

/** An origin that is on no allowlist: `.example` is reserved (RFC 2606). */
export const UNKNOWN_ORIGIN = 'https://onbekende-herkomst.example';

const MAX_LISTED = 25;

/**
 * Collects one kind of problem over many exchanges: one finding per kind of problem (with a
 * count and an example), and the affected exchanges as detail lines.
 */
class Tally {
  private readonly problems = new Map<string, string[]>();

  add(problem: string, exchange: Exchange): void {
    const list = this.problems.get(problem) ?? [];
    list.push(describe(exchange));
    this.problems.set(problem, list);
  }

  report(run: CheckRun, total: number): void {
    for (const [problem, exchanges] of this.problems) {
      run.fail(`${problem} op ${exchanges.length} van ${total} responses, o.a. ${exchanges[0]}`);
    }
    for (const [problem, exchanges] of this.problems) {
      for (const line of exchanges.slice(0, MAX_LISTED)) run.note(`${problem}: ${line}`);
      if (exchanges.length > MAX_LISTED) run.note(`${problem}: en nog ${exchanges.length - MAX_LISTED} responses`);
    }
  }
}

const tokens = (value: string | undefined) => (value ?? '').split(',').map((t) => t.trim().toLowerCase());

export function frameProtected(headers: Record<string, string>): boolean {
  if ((headers['x-frame-options'] ?? '').trim().toLowerCase() === 'deny') return true;
  const csp = headers['content-security-policy'] ?? '';
  return csp.split(';').some((directive) => /^frame-ancestors\s+'none'$/i.test(directive.trim()));
}

export async function runHeaderChecks(ctx: ConformanceContext): Promise<void> {
  const target = ctx.targetDocument();
  await ctx.check('cors-documents', async (run) => {
    if (!target) return run.skip(ctx.discovery ? 'De organisatie biedt geen documenten aan om mee te toetsen.' : 'Het ontdekkingsdocument kon niet worden gelezen (zie discovery).');
    if (!ctx.token) run.note('Zonder token getoetst: het antwoord is een weigering.');
    const exchange = await ctx.http.get(target.url, { purpose: 'onbekende Origin', headers: { ...ctx.bearer(), accept: 'application/json', origin: UNKNOWN_ORIGIN } });
    const allowOrigin = exchange.headers['access-control-allow-origin'];
    if (allowOrigin === '*') run.fail(`document ${target.documenttype} heeft Access-Control-Allow-Origin: *; persoonsgegevens horen alleen voor herkomsten op de allowlist.`);
    else if (allowOrigin !== undefined) run.fail(`document ${target.documenttype} staat de onbekende herkomst ${UNKNOWN_ORIGIN} toe (Access-Control-Allow-Origin: ${allowOrigin}).`);
    run.pass(`document ${target.documenttype} geeft een onbekende herkomst geen Access-Control-Allow-Origin.`);
  });

  const exchanges = ctx.http.exchanges;
  const total = exchanges.length;

  await ctx.check('api-version-header', (run) => {
    const tally = new Tally();
    for (const exchange of exchanges) {
      const value = exchange.headers['api-version'];
      if (value === undefined) tally.add('API-Version ontbreekt', exchange);
      else if (value.trim() !== ctx.contract.version) tally.add(`API-Version is "${value}" in plaats van "${ctx.contract.version}"`, exchange);
    }
    tally.report(run, total);
    run.pass(`Alle ${total} responses hebben API-Version: ${ctx.contract.version}.`);
  });

  await ctx.check('security-headers', (run) => {
    const tally = new Tally();
    for (const exchange of exchanges) {
      const h = exchange.headers;
      if (!tokens(h['cache-control']).includes('no-store')) tally.add('Cache-Control: no-store ontbreekt', exchange);
      if ((h['x-content-type-options'] ?? '').trim().toLowerCase() !== 'nosniff') tally.add('X-Content-Type-Options: nosniff ontbreekt', exchange);
      if (!frameProtected(h)) tally.add("X-Frame-Options: DENY en CSP frame-ancestors 'none' ontbreken", exchange);
      if (!tokens(h['referrer-policy']).includes('no-referrer')) tally.add('Referrer-Policy: no-referrer ontbreekt', exchange);
    }
    tally.report(run, total);
    run.pass(`Alle ${total} responses hebben de beveiligingsheaders.`);
  });

  await ctx.check('strict-transport-security', (run) => {
    if (new URL(ctx.baseUrl).protocol !== 'https:') {
      // Browsers ignore HSTS over plain HTTP (RFC 6797 §8.1), so a service rightly sends it
      // only over HTTPS; whether plain HTTP is acceptable at all is discovery-https's verdict.
      run.note('De basis-URL gebruikt http: HSTS geldt alleen over https (RFC 6797 §8.1); discovery-https beoordeelt het transport.');
      if (ctx.loopback) run.severity = 'warn';
      run.pass('Niet van toepassing over http.');
      return;
    }
    const tally = new Tally();
    for (const exchange of exchanges) {
      const value = exchange.headers['strict-transport-security'];
      if (!value) tally.add('Strict-Transport-Security ontbreekt', exchange);
      else if (!/(?:^|;)\s*max-age=\s*"?[1-9]\d*"?/i.test(value)) tally.add(`Strict-Transport-Security heeft geen positieve max-age ("${value}")`, exchange);
    }
    tally.report(run, total);
    if (ctx.loopback) {
      run.severity = 'warn';
      run.note('De basis-URL is localhost: een ontbrekende Strict-Transport-Security is hier alleen een waarschuwing.');
    }
    run.pass(`Alle ${total} responses hebben Strict-Transport-Security.`);
  });

  await ctx.check('problem-details', (run) => {
    const tally = new Tally();
    const errors = exchanges.filter((e) => e.status >= 400);
    for (const exchange of errors) {
      const type = mediaTypeOf(exchange);
      if (type !== 'application/problem+json') tally.add(`Content-Type ${type || '(geen)'} in plaats van application/problem+json`, exchange);
      let body: unknown;
      try {
        body = JSON.parse(exchange.text);
      } catch {
        tally.add('de body is geen JSON', exchange);
        continue;
      }
      const problem = (body ?? {}) as { status?: unknown; title?: unknown; detail?: unknown };
      if (problem.status !== exchange.status) tally.add('status ontbreekt of is niet gelijk aan de HTTP-status', exchange);
      if (typeof problem.title !== 'string' || problem.title.trim() === '') tally.add('title ontbreekt', exchange);
      if (typeof problem.detail !== 'string' || problem.detail.trim() === '') tally.add('detail ontbreekt', exchange);
    }
    tally.report(run, errors.length);
    if (errors.length === 0) return run.skip('De checker zag geen enkele foutresponse.');
    run.pass(`Alle ${errors.length} foutresponses zijn problem+json met status, title en detail.`);
  });
}
