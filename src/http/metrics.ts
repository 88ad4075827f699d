import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PoolState } from '../data/prepared-statements.js';
import { AppCredentialError, DpopError, SessionTokenError } from '../protocol/errors.js';
import { problemOf, ProblemError, sendProblem } from './problem.js';

/**
 * Metrics for operators, in Prometheus' text format at `/metrics` (outside /v1, on every
 * role). One registry per service instance: tests and benchmarks run many instances in one
 * process, and prom-client's global registry would mix (or refuse) their series.
 *
 * Labels are chosen from small, fixed sets (operationId or route template, status, a reason
 * code, a kind of signature): never a URL as sent, a BSN, a token or a key, so nothing
 * personal reaches the monitoring system and the number of series stays bounded.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'bk_http_requests_total',
    help: 'Beantwoorde aanvragen per operatie (operationId of routesjabloon) en status.',
    labelNames: ['operation', 'method', 'status'] as const,
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'bk_http_request_duration_seconds',
    help: 'Looptijd van aanvragen per operatie, van ontvangst tot het laatste byte.',
    labelNames: ['operation', 'method'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly signatures = new Counter({
    name: 'bk_signatures_total',
    help: 'Gezette handtekeningen per soort (document, sessietoken, app-credential, afnemertoken, stelseldocument, ...).',
    labelNames: ['soort'] as const,
    registers: [this.registry],
  });
  private readonly tokensRefused = new Counter({
    name: 'bk_tokens_refused_total',
    help: 'Geweigerde toegangstokens, DPoP-bewijzen en credentials per reden.',
    labelNames: ['reden'] as const,
    registers: [this.registry],
  });
  private readonly rateLimited = new Counter({
    name: 'bk_rate_limit_refusals_total',
    help: 'Met 429 geweigerde aanvragen per soort limiet (ip, burger, app, afnemer).',
    labelNames: ['soort'] as const,
    registers: [this.registry],
  });

  signed(soort: string): void {
    this.signatures.inc({ soort });
  }

  tokenRefused(reden: string): void {
    this.tokensRefused.inc({ reden });
  }

  private readonly templatesRenewed = new Counter({
    name: 'bk_fcid_sjablonen_vernieuwd_total',
    help: 'FCID-documenten die vooruit gemaakt opnieuw zijn gemaakt omdat hun geldigheid was verstreken, per uitkomst.',
    labelNames: ['uitkomst'] as const,
    registers: [this.registry],
  });

  /** A pass of the bulk renewal of templates (src/roles/organisatie/sjabloon-vernieuwer.ts). */
  sjablonenVernieuwd({ bekeken, vernieuwd, mislukt }: { bekeken: number; vernieuwd: number; mislukt: number }): void {
    this.templatesRenewed.inc({ uitkomst: 'vernieuwd' }, vernieuwd);
    this.templatesRenewed.inc({ uitkomst: 'overgeslagen' }, bekeken - vernieuwd - mislukt);
    this.templatesRenewed.inc({ uitkomst: 'mislukt' }, mislukt);
  }

  refusedByRateLimit(soort: string): void {
    this.rateLimited.inc({ soort });
  }

  /**
   * The database: which provider, and the state of the read model's PostgreSQL pool (the one
   * that answers most document requests). SQLite has no pool: one read-only connection and
   * Prisma's writer, so only the provider is exported there.
   */
  observeDatabase(provider: string, pool: (() => PoolState) | undefined): void {
    new Gauge({ name: 'bk_database_info', help: 'De database van deze instantie (altijd 1).', labelNames: ['provider'] as const, registers: [this.registry] }).set(
      { provider },
      1,
    );
    if (!pool) return;
    new Gauge({
      name: 'bk_database_pool_connections',
      help: 'Verbindingen van de leesmodel-pool (PostgreSQL): totaal, vrij, en aanvragen die op een verbinding wachten.',
      labelNames: ['pool', 'state'] as const,
      registers: [this.registry],
      collect() {
        const state = pool();
        this.set({ pool: 'leesmodel', state: 'total' }, state.total);
        this.set({ pool: 'leesmodel', state: 'idle' }, state.idle);
        this.set({ pool: 'leesmodel', state: 'waiting' }, state.waiting);
      },
    });
  }

  /** Counts an answered request under its operation: the contract's operationId, else the route template, else "geen-route". */
  answered(request: FastifyRequest, status: number, seconds: number): void {
    const operation = request.routeOptions.config.operation?.operationId ?? request.routeOptions.url ?? 'geen-route';
    this.requests.inc({ operation, method: request.method, status: String(status) });
    this.duration.observe({ operation, method: request.method }, seconds);
  }
}

/**
 * Why a request's credential was refused, as a fixed code for the metric: the reason a hook
 * gave its 401/403 (ProblemError.reden), or the code of a wire-rule error (DPoP proof, app
 * credential, session token). Anything else is not a token refusal.
 */
function refusalReason(error: unknown): string | undefined {
  if (error instanceof ProblemError) return error.reden;
  if (error instanceof DpopError || error instanceof AppCredentialError || error instanceof SessionTokenError) return error.code;
  return undefined;
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: ServiceMetrics;
  }
}

/**
 * Counts every answer (onResponse) and every refused credential (onError), and serves
 * `/metrics`; with a token configured only to `Authorization: Bearer <token>`.
 */
export function registerMetrics(app: FastifyInstance, metrics: ServiceMetrics, options: { token?: string }): void {
  app.decorate('metrics', metrics);
  app.addHook('onError', async (_request, _reply, error) => {
    const reden = refusalReason(error);
    if (reden) metrics.tokenRefused(reden);
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.answered(request, reply.statusCode, reply.elapsedTime / 1000);
  });
  app.get('/metrics', async (request, reply) => {
    if (options.token) {
      const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
      if (!match || !sameToken(match[1]!, options.token)) {
        return sendProblem(reply, problemOf(401, 'De metrieken vragen het geconfigureerde token (METRICS_TOKEN) in de Authorization-header.'), {
          'www-authenticate': 'Bearer realm="metrics"',
        });
      }
    }
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
