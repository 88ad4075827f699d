/**
 * Delivering the outbox: push (RFC 8935) by a worker, poll (RFC 8936) as the fallback.
 * At least once, in order per consent, the same signed SET (same `jti`) on every attempt.
 *
 * Push: 202 is delivered; 400 with `err` is a permanent refusal; 410 pauses push to that
 * afnemer (its events stay pollable); a redirect is not followed and counts as a failure,
 * like a 5xx, a timeout or a network error, which are retried on RETRY_SCHEDULE_MS with
 * ±25% jitter. After the schedule the push gives up on that event; it stays pollable.
 *
 * A paused push is probed: after PROBE_START_MS, and then at doubling intervals up to
 * PROBE_MAX_MS, the afnemer's oldest due event is pushed once more (same SET, same jti). A
 * 202 or a 400 (the endpoint is back and judges SETs) resumes push; a poll by the afnemer
 * (a sign of life) brings the next probe forward. The operator resumes by hand with
 * `npm run plus-aflevering -- hervat --afnemer <id>`.
 */
import { gebeurtenissenMetJti, gebeurtenissenVoorPoll, gepauzeerdeAfleveringen, hervatAflevering, inTransaction, mislukkePoging, pauzeerAflevering, registreerGebruik, sluitGebeurtenis, teBezorgen, type OutboxGebeurtenis } from '../../../data/plus.js';
import { GEBEURTENISTYPEN } from '../../../protocol/security-event.js';
import type { PlusDienst } from './dienst.js';
import { LEVENSLOOPTYPEN, traceIdVan } from './gebeurtenissen.js';
import { nieuweTraceId, schrijfVerwerking, VERWERKINGSACTIVITEITEN } from './logboek.js';

/** Delay before retry n (after the n-th failed attempt): 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 6 h, 12 h, 24 h (about 46 hours in all). */
export const RETRY_SCHEDULE_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000];
export const PUSH_TIMEOUT_MS = 5_000;
/** First probe of a paused push this long after the 410; the interval doubles up to PROBE_MAX_MS. */
export const PROBE_START_MS = 60_000;
export const PROBE_MAX_MS = 3_600_000;
/** Parallel pushes per round. */
const PARALLEL = 16;

export interface BezorgOpties {
  fetcher?: typeof fetch;
  retryScheduleMs?: number[];
  pushTimeoutMs?: number;
  /** Idle interval between rounds (a new event wakes the worker at once). */
  intervalMs?: number;
  /** Random in [0, 1): jitter; tests pass a fixed one. */
  random?: () => number;
  /** Where a failed round is reported (the service's logger). */
  onFout?: (error: unknown) => void;
  /** Probing a paused push: first delay and the most it grows to. */
  probeStartMs?: number;
  probeMaxMs?: number;
}

/**
 * When a paused afnemer is probed next. Kept in memory: a restart starts again from the
 * pause time with the first interval, and each replica probes on its own schedule (a probe
 * is a redelivery of the same SET, which the afnemer deduplicates, so an extra one is harmless).
 */
interface Peiling {
  volgende: number;
  laatste: number;
  wacht: number;
}

export type Bezorgresultaat = 'afgeleverd' | 'geweigerd' | 'vervallen' | 'opnieuw' | 'gepauzeerd' | 'uitgesteld';

export class Bezorger {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private readonly fetcher: typeof fetch;
  readonly schedule: number[];
  private readonly timeoutMs: number;
  private readonly intervalMs: number;
  private readonly random: () => number;
  private readonly onFout: (error: unknown) => void;
  private readonly probeStartMs: number;
  private readonly probeMaxMs: number;
  private readonly peilingen = new Map<string, Peiling>();

  constructor(
    private readonly dienst: PlusDienst,
    opties: BezorgOpties = {},
  ) {
    this.fetcher = opties.fetcher ?? fetch;
    this.schedule = opties.retryScheduleMs ?? RETRY_SCHEDULE_MS;
    this.timeoutMs = opties.pushTimeoutMs ?? PUSH_TIMEOUT_MS;
    this.intervalMs = opties.intervalMs ?? 1_000;
    this.random = opties.random ?? Math.random;
    this.onFout = opties.onFout ?? (() => undefined);
    this.probeStartMs = opties.probeStartMs ?? PROBE_START_MS;
    this.probeMaxMs = opties.probeMaxMs ?? PROBE_MAX_MS;
  }

  /** Attempts per event: the first and one per entry of the schedule. */
  get maxPogingen(): number {
    return this.schedule.length + 1;
  }

  start(): void {
    this.stopped = false;
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Runs a round now (or right after the running one). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.running = this.loop().finally(() => {
      this.running = undefined;
      if (!this.stopped) this.timer = setTimeout(() => this.wake(), this.again ? 0 : this.intervalMs);
      this.again = false;
    });
  }

  private async loop(): Promise<void> {
    try {
      await this.dienst.onderhoud();
      while (!this.stopped && (await this.ronde()) > 0) {
        // keep going while there is work
      }
    } catch (error) {
      this.onFout(error);
    }
  }

  /**
   * One round: the probes of paused pushes that are due, then every due event (per consent
   * its oldest), pushed in parallel. Returns how many were tried, plus the pushes resumed.
   */
  async ronde(): Promise<number> {
    const gepauzeerd = await gepauzeerdeAfleveringen(this.dienst.ctx.db);
    const hervat = await this.peil(gepauzeerd);
    const due = await teBezorgen(
      this.dienst.ctx.db,
      this.dienst.ctx.now(),
      this.maxPogingen,
      gepauzeerd.map((p) => p.afnemer).filter((a) => !hervat.includes(a)),
      200,
    );
    for (let i = 0; i < due.length; i += PARALLEL) {
      await Promise.all(due.slice(i, i + PARALLEL).map((g) => this.bezorg(g)));
    }
    return due.length + hervat.length;
  }

  /** Probes each paused afnemer whose probe is due; returns those whose push resumed. */
  private async peil(gepauzeerd: { afnemer: string; gepauzeerdOp: Date }[]): Promise<string[]> {
    const { ctx } = this.dienst;
    for (const afnemer of this.peilingen.keys()) if (!gepauzeerd.some((p) => p.afnemer === afnemer)) this.peilingen.delete(afnemer);
    const hervat: string[] = [];
    for (const { afnemer, gepauzeerdOp } of gepauzeerd) {
      const now = ctx.now().getTime();
      const plan = this.peilingen.get(afnemer) ?? { volgende: gepauzeerdOp.getTime() + this.probeStartMs, laatste: gepauzeerdOp.getTime(), wacht: this.probeStartMs };
      this.peilingen.set(afnemer, plan);
      if (plan.volgende > now) continue;
      const [g] = await teBezorgen(ctx.db, ctx.now(), this.maxPogingen, [], 1, afnemer);
      if (!g) continue; // nothing to probe with: the first event that arrives is the probe
      const resultaat = await this.bezorg(g);
      if (resultaat === 'vervallen') continue; // not sent: the next round probes with the next event
      if (resultaat === 'afgeleverd' || resultaat === 'geweigerd') {
        await hervatAflevering(ctx.db, afnemer);
        this.peilingen.delete(afnemer);
        hervat.push(afnemer);
        continue;
      }
      plan.laatste = now;
      plan.wacht = Math.min(plan.wacht * 2, this.probeMaxMs);
      plan.volgende = now + plan.wacht;
    }
    return hervat;
  }

  /** A poll shows the afnemer is alive: probe its paused push soon, but at most once per first interval. */
  private async levensteken(afnemer: string): Promise<void> {
    const plan = this.peilingen.get(afnemer);
    if (!plan) return; // not paused, or not seen paused yet by a round (which schedules it)
    const eerder = Math.max(plan.laatste + this.probeStartMs, this.dienst.ctx.now().getTime());
    if (eerder < plan.volgende) {
      plan.volgende = eerder;
      this.wake();
    }
  }

  private delay(poging: number): number {
    const base = this.schedule[Math.min(poging - 1, this.schedule.length - 1)] ?? 0;
    return Math.round(base * (0.75 + this.random() * 0.5));
  }

  /** One push attempt of one event. */
  async bezorg(g: OutboxGebeurtenis): Promise<Bezorgresultaat> {
    const { ctx } = this.dienst;
    const toestemming = await ctx.db.prisma.toestemming.findUniqueOrThrow({ where: { id: g.toestemmingId } });
    const levensloop = LEVENSLOOPTYPEN.includes(g.gebeurtenistype);
    const verlopen = toestemming.geldigTot.getTime() <= ctx.now().getTime();
    if (!levensloop && (verlopen || (toestemming.status !== 'actief' && toestemming.status !== 'gepauzeerd'))) {
      // The consent ended between the event and its delivery: the afnemer may not have it any more.
      await sluitGebeurtenis(ctx.db, g.id, 'vervallen', ctx.now(), `toestemming ${verlopen ? 'verlopen' : toestemming.status}`);
      return 'vervallen';
    }
    const schema = await this.dienst.schema().catch(() => undefined);
    const afnemer = schema?.afnemers.find((a) => a.id === g.afnemer);
    if (!afnemer || toestemming.status === 'gepauzeerd' || (!levensloop && afnemer.status !== 'actief')) {
      // Held, not dropped: delivered when the consent is resumed or the afnemer is active again.
      await ctx.db.prisma.plusGebeurtenis.update({ where: { id: g.id }, data: { volgendePogingOp: new Date(ctx.now().getTime() + 60_000) } });
      return 'uitgesteld';
    }
    const endpoint = afnemer.aflever_endpoint;
    if (ctx.config.environment === 'production' && !endpoint.startsWith('https://')) {
      await mislukkePoging(ctx.db, g.id, new Date(ctx.now().getTime() + this.delay(g.pogingen + 1)), 'Het afleveradres is geen https; in productie wordt alleen via https afgeleverd.');
      return 'opnieuw';
    }
    let response: Response;
    try {
      response = await this.fetcher(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/secevent+jwt', accept: 'application/json' },
        body: g.setJws,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      await mislukkePoging(ctx.db, g.id, new Date(ctx.now().getTime() + this.delay(g.pogingen + 1)), `Niet bereikbaar: ${(error as Error).name}`);
      return 'opnieuw';
    }
    const text = await response.text().catch(() => '');
    if (response.status === 202) {
      await this.bevestig(g, 'push');
      return 'afgeleverd';
    }
    if (response.status === 400) {
      let err = 'invalid_request';
      try {
        const body = JSON.parse(text) as { err?: unknown; description?: unknown };
        if (typeof body.err === 'string') err = `${body.err}${typeof body.description === 'string' ? `: ${body.description}` : ''}`;
      } catch {
        // A 400 without the RFC 8935 body is still a refusal of this SET.
      }
      await this.weiger(g, err);
      return 'geweigerd';
    }
    if (response.status === 410) {
      await pauzeerAflevering(ctx.db, g.afnemer, ctx.now(), 'Het afleveradres antwoordde 410 Gone.');
      return 'gepauzeerd';
    }
    const fout = response.status >= 300 && response.status < 400 ? `Doorverwijzing (${response.status}) niet gevolgd` : `Antwoord ${response.status}`;
    await mislukkePoging(ctx.db, g.id, new Date(ctx.now().getTime() + this.delay(g.pogingen + 1)), fout);
    return 'opnieuw';
  }

  /** Delivered (by a 202 or a poll `ack`): the outbox row, usage and the log entry in one transaction. */
  async bevestig(g: OutboxGebeurtenis, via: 'push' | 'poll'): Promise<void> {
    const { ctx } = this.dienst;
    await inTransaction(ctx.db, async (tx) => {
      const now = ctx.now();
      if (!(await sluitGebeurtenis(tx, g.id, 'afgeleverd', now))) return; // already acknowledged the other way
      const toestemming = await tx.toestemming.findUniqueOrThrow({ where: { id: g.toestemmingId } });
      if (g.gebeurtenistype === GEBEURTENISTYPEN.rijbewijsGeraadpleegd) await registreerGebruik(tx, toestemming.id, now);
      await schrijfVerwerking(tx, this.dienst.organisationId, {
        citizenId: toestemming.citizenId,
        traceId: traceIdVan(g.setJws) || nieuweTraceId(),
        operatie: `gebeurtenis-afleveren-${via}`,
        verwerkingsactiviteit: VERWERKINGSACTIVITEITEN.aflevering,
        anderePartij: g.afnemer,
        toestemmingId: toestemming.toestemmingId,
        startOp: g.aangemaaktOp,
        eindOp: now,
        status: 'geslaagd',
      });
    });
  }

  async weiger(g: OutboxGebeurtenis, err: string): Promise<void> {
    const { ctx } = this.dienst;
    await inTransaction(ctx.db, async (tx) => {
      const now = ctx.now();
      if (!(await sluitGebeurtenis(tx, g.id, 'geweigerd', now, err))) return;
      const toestemming = await tx.toestemming.findUniqueOrThrow({ where: { id: g.toestemmingId } });
      await schrijfVerwerking(tx, this.dienst.organisationId, {
        citizenId: toestemming.citizenId,
        traceId: traceIdVan(g.setJws) || nieuweTraceId(),
        operatie: 'gebeurtenis-afleveren',
        verwerkingsactiviteit: VERWERKINGSACTIVITEITEN.aflevering,
        anderePartij: g.afnemer,
        toestemmingId: toestemming.toestemmingId,
        startOp: g.aangemaaktOp,
        eindOp: now,
        status: 'geweigerd',
      });
    });
  }

  /**
   * RFC 8936 poll: first the acknowledgements and refusals, then up to `maxEvents` waiting
   * SETs of this afnemer, oldest first. Without `returnImmediately` it waits up to
   * `wachtMs` for an event when there is none.
   */
  async poll(
    afnemer: string,
    aanvraag: { ack?: string[]; setErrs?: Record<string, { err: string; description: string }>; maxEvents?: number; returnImmediately?: boolean },
    wachtMs = 5_000,
  ): Promise<{ sets: Record<string, string>; moreAvailable: boolean }> {
    const { ctx } = this.dienst;
    await this.levensteken(afnemer);
    for (const g of await gebeurtenissenMetJti(ctx.db, afnemer, aanvraag.ack ?? [])) await this.bevestig(g, 'poll');
    const errs = aanvraag.setErrs ?? {};
    for (const g of await gebeurtenissenMetJti(ctx.db, afnemer, Object.keys(errs))) await this.weiger(g, `${errs[g.jti]!.err}: ${errs[g.jti]!.description}`);
    const max = aanvraag.maxEvents ?? 100;
    if (max === 0) return { sets: {}, moreAvailable: (await gebeurtenissenVoorPoll(ctx.db, afnemer, 1)).length > 0 };
    const deadline = Date.now() + (aanvraag.returnImmediately === false ? wachtMs : 0);
    for (;;) {
      const wachtend = await this.pollbaar(afnemer, max + 1);
      if (wachtend.length > 0 || Date.now() >= deadline) {
        const sets = Object.fromEntries(wachtend.slice(0, max).map((g) => [g.jti, g.setJws]));
        return { sets, moreAvailable: wachtend.length > max };
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Waiting events the afnemer may have now: an event of a consent that ended is dropped on the way. */
  private async pollbaar(afnemer: string, limit: number): Promise<OutboxGebeurtenis[]> {
    const { ctx } = this.dienst;
    const result: OutboxGebeurtenis[] = [];
    for (const g of await gebeurtenissenVoorPoll(ctx.db, afnemer, limit)) {
      if (!LEVENSLOOPTYPEN.includes(g.gebeurtenistype)) {
        const t = await ctx.db.prisma.toestemming.findUniqueOrThrow({ where: { id: g.toestemmingId }, select: { status: true, geldigTot: true } });
        if (t.status === 'gepauzeerd') continue;
        const verlopen = t.geldigTot.getTime() <= ctx.now().getTime();
        if (t.status !== 'actief' || verlopen) {
          await sluitGebeurtenis(ctx.db, g.id, 'vervallen', ctx.now(), `toestemming ${verlopen ? 'verlopen' : t.status}`);
          continue;
        }
      }
      result.push(g);
    }
    return result;
  }
}
