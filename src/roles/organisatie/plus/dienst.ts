/**
 * Blauwe Knop Plus at a bronhouder: consents (grant, list, pause, resume, revoke, expire,
 * suspend), their receipts, the events a raadpleging produces, and the access log entry of
 * every processing, each change in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { canonicalJson } from '../../../protocol/canonical-json.js';
import {
  citizenIdOf,
  findToestemming,
  inTransaction,
  insertOntvangstbewijs,
  insertToestemming,
  laatGebeurtenissenVervallen,
  laatsteOntvangstbewijs,
  onderwerpVoor,
  registreerGebruikAlsActief,
  toestemmingMetBsn,
  teVerlopenToestemmingen,
  toestemmingenVanAfnemer,
  toestemmingenVanBurger,
  actieveToestemmingenVoorGebeurtenis,
  afnemersMetToestemmingen,
  wijzigStatus,
  type ToestemmingRecord,
} from '../../../data/plus.js';
import type { Queryable } from '../../../data/database.js';
import { insertRaadpleging } from '../../../data/rdw.js';
import { formatRfc3339, formatRfc3339Amsterdam } from '../../../domain/time.js';
import { overgang, toetsVerlening, weigeringVoorAfnemer, type Actie, type Verleningsverzoek } from '../../../domain/toestemming.js';
import type { components } from '../../../generated/api.js';
import { ProblemError } from '../../../http/problem.js';
import { usableSigningKey } from '../../../http/signing-key.js';
import type { SigningKey } from '../../../keys/signing-key.js';
import { validationProblem } from '../../../http/error-handler.js';
import { ONTVANGSTBEWIJS_TYPE, ontvangstbewijsBytes, type Toestemmingsbewijs } from '../../../protocol/ontvangstbewijs.js';
import { GEBEURTENISTYPEN, RAADPLEGER_CATEGORIEEN, RAADPLEGING_RESULTATEN } from '../../../protocol/security-event.js';
import { signDocument } from '../../../protocol/sign-document.js';
import type { Stelseldocument, StelselAfnemer, StelselDoel } from '../../../protocol/stelseldocument.js';
import { sha256Hash } from '../../../protocol/verwerkingenlogboek.js';
import { ServiceError } from '../../errors.js';
import type { OrganisatieKern } from '../kern.js';
import { LEVENSLOOPGEBEURTENIS, LEVENSLOOPTYPEN, voegGebeurtenisToe } from './gebeurtenissen.js';
import { logboekVanBurger, nieuweTraceId, schrijfVerwerking, VERWERKINGSACTIVITEITEN } from './logboek.js';

type Toestemming = components['schemas']['Toestemming'];
type ToestemmingMetBewijs = components['schemas']['ToestemmingMetBewijs'];

/** Where the scheme document comes from (StelselBron in production, anything with `document()` in tests). */
export interface StelselBronLike {
  document(options?: { refresh?: boolean; maxAgeMs?: number }): Promise<Stelseldocument>;
}

/** Who asks for a change: the andere partij in the log entry. */
export type Actor = { soort: 'burger' } | { soort: 'afnemer'; id: string } | { soort: 'bronhouder' };

export interface RaadplegingInvoer {
  documentnummer: string;
  categorie: (typeof RAADPLEGER_CATEGORIEEN)[number];
  resultaat: (typeof RAADPLEGING_RESULTATEN)[number];
  /** Who looked it up and why, as the register (and the citizen's own document) shows it. */
  wie: string;
  waarom: string;
  /** Confidential by law: recorded in the register, never in the citizen's document, never notified. */
  vertrouwelijk: boolean;
}

/** A lost race for a status change: the transaction is rolled back and the change retried on the new state. */
class VerlorenWedloop extends Error {}

function unavailable(error: unknown): never {
  if (error instanceof ServiceError && error.code === 'ERR_STELSEL_UNAVAILABLE') throw new ProblemError(503, error.message);
  throw error;
}

export class PlusDienst {
  /** Called after a commit that added events, so delivery starts at once. */
  onGebeurtenis: () => void = () => undefined;

  private constructor(
    readonly ctx: OrganisatieKern,
    readonly organisationId: number,
    readonly stelsel: StelselBronLike,
    private readonly afnemerstatusMs: number,
  ) {}

  /**
   * `afnemerstatusSeconden` bounds how old the scheme document Plus acts on may be: a
   * suspension of an afnemer refuses its calls, stops its events and (via the worker's
   * onderhoud) moves its consents to opgeschort within that many seconds, instead of at the
   * scheme's general refresh interval (STELSEL_VERVERS_SECONDEN, 300 s).
   */
  static async open(ctx: OrganisatieKern, stelsel: StelselBronLike, opties: { afnemerstatusSeconden?: number } = {}): Promise<PlusDienst> {
    const row = await ctx.db.prisma.organisation.findUniqueOrThrow({ where: { oin: ctx.organisation.oin }, select: { id: true } });
    return new PlusDienst(ctx, row.id, stelsel, (opties.afnemerstatusSeconden ?? 10) * 1000);
  }

  /**
   * The afnemers and purposes of the signed scheme document, at most `afnemerstatusMs` old
   * (one shared fetch when older). When the caller needs an afnemer or purpose the cached
   * document lacks, it is fetched again (at most every few seconds), so one added to the
   * scheme a moment ago is found without waiting for the refresh interval.
   */
  async schema(nodig: { afnemer?: string; doel?: string } = {}): Promise<{ afnemers: StelselAfnemer[]; doelen: StelselDoel[] }> {
    try {
      let document = await this.stelsel.document({ maxAgeMs: this.afnemerstatusMs });
      const mist = (d: Stelseldocument) =>
        (nodig.afnemer !== undefined && !(d.afnemers ?? []).some((a) => a.id === nodig.afnemer)) || (nodig.doel !== undefined && !(d.doelen ?? []).some((x) => x.id === nodig.doel));
      if (mist(document)) document = await this.stelsel.document({ refresh: true });
      return { afnemers: document.afnemers ?? [], doelen: document.doelen ?? [] };
    } catch (error) {
      return unavailable(error);
    }
  }

  // -------------------------------------------------------------------------------------
  // Representation and receipts
  // -------------------------------------------------------------------------------------

  /** The immutable content the hash covers. */
  /** Public for bulk set-up (bench): the same hash a grant computes. */
  async inhoudHash(t: Omit<ToestemmingRecord, 'id' | 'inhoudHash' | 'status' | 'statusReden' | 'statusGewijzigdOp' | 'gebruikAantal' | 'laatstGebruiktOp' | 'volgnummer'>): Promise<string> {
    return sha256Hash(
      canonicalJson({
        afnemer: t.afnemer,
        bronhouder: this.ctx.organisation.oin,
        doel: t.doel,
        doel_versie: t.doelVersie,
        gebeurtenistypen: t.gebeurtenistypen,
        geldig_tot: formatRfc3339(t.geldigTot),
        geldig_vanaf: formatRfc3339(t.geldigVanaf),
        onderwerp: t.onderwerp,
        scopes: t.scopes,
        toestemming_id: t.toestemmingId,
      }),
    );
  }

  bewijsVan(t: ToestemmingRecord, schema: { afnemers: StelselAfnemer[]; doelen: StelselDoel[] }): Toestemmingsbewijs {
    const afnemer = schema.afnemers.find((a) => a.id === t.afnemer);
    const doel = schema.doelen.find((d) => d.id === t.doel && d.versie === t.doelVersie);
    return {
      toestemming_id: t.toestemmingId,
      inhoud_hash: t.inhoudHash,
      bronhouder: { id: this.ctx.organisation.oin, naam: this.ctx.organisation.naam },
      afnemer: { id: t.afnemer, naam: afnemer?.naam ?? t.afnemer },
      onderwerp: t.onderwerp,
      doel: {
        id: t.doel,
        versie: t.doelVersie,
        omschrijving: doel?.omschrijving ?? `Doel ${t.doel} versie ${t.doelVersie} (staat niet meer in het stelsel)`,
        bewaartermijn_dagen: doel?.bewaartermijn_dagen ?? 0,
      },
      gebeurtenistypen: t.gebeurtenistypen,
      scopes: t.scopes,
      geldig_vanaf: formatRfc3339(t.geldigVanaf),
      geldig_tot: formatRfc3339(t.geldigTot),
      status: t.status,
      status_reden: t.statusReden,
      status_gewijzigd_op: formatRfc3339(t.statusGewijzigdOp),
      intrekken: {
        uitleg: 'Trek deze toestemming op elk moment in bij de bronhouder (of vraag het de afnemer); daarna krijgt de afnemer niets meer.',
        url: `${this.ctx.config.publicBaseUrl}/toestemmingen/${t.toestemmingId}/intrekking`,
      },
    };
  }

  toestemmingVan(t: ToestemmingRecord, schema: { afnemers: StelselAfnemer[]; doelen: StelselDoel[] }): Toestemming {
    return {
      ...this.bewijsVan(t, schema),
      gebruik: { aantal: t.gebruikAantal, ...(t.laatstGebruiktOp ? { laatst_gebruikt_op: formatRfc3339(t.laatstGebruiktOp) } : {}) },
    };
  }

  private async tekenBewijs(tx: Queryable, key: SigningKey, t: ToestemmingRecord, schema: { afnemers: StelselAfnemer[]; doelen: StelselDoel[] }, now: Date): Promise<string> {
    const { compactJws } = await signDocument(ontvangstbewijsBytes(this.bewijsVan(t, schema)), key, this.ctx.organisation.oin, now, ONTVANGSTBEWIJS_TYPE);
    this.ctx.keyring.signed('ontvangstbewijs');
    await insertOntvangstbewijs(tx, t.id, t.status, compactJws, now);
    return compactJws;
  }

  // -------------------------------------------------------------------------------------
  // Citizen operations
  // -------------------------------------------------------------------------------------

  async verlenen(bsn: string, verzoek: Verleningsverzoek): Promise<ToestemmingMetBewijs> {
    const schema = await this.schema({ afnemer: verzoek.afnemer, doel: verzoek.doel });
    const now = this.ctx.now();
    const result = toetsVerlening(verzoek, schema, this.ctx.organisation.oin, now);
    if ('problemen' in result) {
      const problem = validationProblem(result.problemen.map((p) => ({ in: 'body' as const, location: p.veld, code: p.code, detail: p.detail })));
      throw new ProblemError(400, problem.detail, { errors: problem.errors! });
    }
    const { verlening } = result;
    const traceId = nieuweTraceId();
    // Fetched before the transaction: a key that is no longer actief signs nothing (503).
    const key = await usableSigningKey(this.ctx.keyring);
    const gegeven = await inTransaction(this.ctx.db, async (tx) => {
      const citizenId = (await citizenIdOf(tx, bsn, true))!;
      const inhoud = {
        toestemmingId: randomUUID(),
        organisationId: this.organisationId,
        citizenId,
        afnemer: verlening.afnemer.id,
        onderwerp: await onderwerpVoor(tx, this.organisationId, citizenId, verlening.afnemer.id),
        doel: verlening.doel.id,
        doelVersie: verlening.doel.versie,
        gebeurtenistypen: verlening.gebeurtenistypen,
        scopes: verlening.scopes,
        geldigVanaf: new Date(Math.floor(verlening.geldigVanaf.getTime() / 1000) * 1000),
        geldigTot: new Date(Math.floor(verlening.geldigTot.getTime() / 1000) * 1000),
      };
      const toestemming = await insertToestemming(tx, {
        ...inhoud,
        inhoudHash: await this.inhoudHash(inhoud),
        status: 'actief',
        statusReden: 'Verleend door de inwoner.',
        statusGewijzigdOp: now,
      });
      const bewijs = await this.tekenBewijs(tx, key, toestemming, schema, now);
      await voegGebeurtenisToe(tx, key, this.ctx.organisation.oin, {
        toestemming,
        gebeurtenistype: GEBEURTENISTYPEN.toestemmingVerleend,
        traceId,
        toe: now,
        now,
      });
      await schrijfVerwerking(tx, this.organisationId, {
        citizenId,
        traceId,
        operatie: 'toestemming-verlenen',
        verwerkingsactiviteit: VERWERKINGSACTIVITEITEN.toestemming,
        anderePartij: toestemming.afnemer,
        toestemmingId: toestemming.toestemmingId,
        startOp: now,
        eindOp: this.ctx.now(),
        status: 'geslaagd',
      });
      return { toestemming, bewijs };
    });
    this.onGebeurtenis();
    return { toestemming: this.toestemmingVan(gegeven.toestemming, schema), ontvangstbewijs: gegeven.bewijs };
  }

  async lijst(bsn: string): Promise<Toestemming[]> {
    const citizenId = await citizenIdOf(this.ctx.db, bsn, false);
    if (citizenId === null) return [];
    const [schema, records] = await Promise.all([this.schema(), toestemmingenVanBurger(this.ctx.db, this.organisationId, citizenId)]);
    const now = this.ctx.now();
    // A consent past its end shows as verlopen even before the sweep has marked it.
    return records.map((t) => this.toestemmingVan(t.status === 'actief' && t.geldigTot <= now ? { ...t, status: 'verlopen' } : t, schema));
  }

  async logboek(bsn: string) {
    return logboekVanBurger(this.ctx, this.organisationId, await citizenIdOf(this.ctx.db, bsn, false));
  }

  /** The consent with this id of this citizen; someone else's and an unknown id answer the same 404. */
  async vanBurger(bsn: string, toestemmingId: string): Promise<ToestemmingRecord> {
    const citizenId = await citizenIdOf(this.ctx.db, bsn, false);
    const t = citizenId === null ? null : await findToestemming(this.ctx.db, this.organisationId, toestemmingId);
    if (!t || t.citizenId !== citizenId) throw new ProblemError(404, 'Deze toestemming bestaat niet, of is niet van u.');
    return t;
  }

  /** The consent with this id for this afnemer; another afnemer's and an unknown id answer the same 404. */
  async vanAfnemer(afnemer: string, toestemmingId: string): Promise<ToestemmingRecord> {
    const t = await findToestemming(this.ctx.db, this.organisationId, toestemmingId);
    if (!t || t.afnemer !== afnemer) throw new ProblemError(404, 'Deze toestemming bestaat niet, of is niet voor deze afnemer.');
    return t;
  }

  // -------------------------------------------------------------------------------------
  // State changes
  // -------------------------------------------------------------------------------------

  /**
   * One state change in one transaction: the status (only if nobody changed it meanwhile),
   * undelivered events dropped when the consent ends, the lifecycle event, a new receipt and
   * the log entry. Repeating a change that already holds returns the latest receipt.
   */
  async wijzig(t: ToestemmingRecord, actie: Actie, reden: string, actor: Actor): Promise<ToestemmingMetBewijs> {
    const schema = await this.schema().catch(() => ({ afnemers: [], doelen: [] }));
    for (let poging = 0; ; poging++) {
      try {
        const result = await this.probeerWijziging(t, actie, reden, actor, schema);
        if (result.nieuw) this.onGebeurtenis();
        return { toestemming: this.toestemmingVan(result.toestemming, schema), ontvangstbewijs: result.bewijs };
      } catch (error) {
        if (!(error instanceof VerlorenWedloop) || poging >= 5) throw error;
      }
    }
  }

  private async probeerWijziging(
    t: ToestemmingRecord,
    actie: Actie,
    reden: string,
    actor: Actor,
    schema: { afnemers: StelselAfnemer[]; doelen: StelselDoel[] },
  ): Promise<{ toestemming: ToestemmingRecord; bewijs: string; nieuw: boolean }> {
    const key = await usableSigningKey(this.ctx.keyring);
    return inTransaction(this.ctx.db, async (tx) => {
      const huidig = (await findToestemming(tx, this.organisationId, t.toestemmingId))!;
      const stap = overgang(huidig.status, actie);
      if (stap.soort === 'geweigerd') throw new ProblemError(409, stap.reden);
      if (stap.soort === 'ongewijzigd') return { toestemming: huidig, bewijs: (await laatsteOntvangstbewijs(tx, huidig.id))!, nieuw: false };
      const now = this.ctx.now();
      if (!(await wijzigStatus(tx, huidig.id, huidig.status, { status: stap.status, reden, op: now }))) throw new VerlorenWedloop();
      const gewijzigd: ToestemmingRecord = { ...huidig, status: stap.status, statusReden: reden, statusGewijzigdOp: now };
      const traceId = nieuweTraceId();
      if (stap.status === 'ingetrokken' || stap.status === 'verlopen') {
        // The afnemer may receive nothing more about this consent but its end.
        await laatGebeurtenissenVervallen(tx, huidig.id, `toestemming ${stap.status}`, LEVENSLOOPTYPEN);
      }
      const levensloop = LEVENSLOOPGEBEURTENIS[stap.status];
      if (levensloop) {
        await voegGebeurtenisToe(tx, key, this.ctx.organisation.oin, {
          toestemming: gewijzigd,
          gebeurtenistype: levensloop,
          ...(stap.status === 'ingetrokken' ? { data: { door: actor.soort === 'afnemer' ? 'afnemer' : 'burger' } } : {}),
          traceId,
          toe: now,
          now,
        });
      }
      const bewijs = await this.tekenBewijs(tx, key, gewijzigd, schema, now);
      await schrijfVerwerking(tx, this.organisationId, {
        citizenId: huidig.citizenId,
        traceId,
        operatie: `toestemming-${actie}`,
        verwerkingsactiviteit: VERWERKINGSACTIVITEITEN.toestemming,
        anderePartij: actor.soort === 'afnemer' ? actor.id : actor.soort,
        toestemmingId: huidig.toestemmingId,
        startOp: now,
        eindOp: this.ctx.now(),
        status: 'geslaagd',
      });
      return { toestemming: gewijzigd, bewijs, nieuw: true };
    });
  }

  // -------------------------------------------------------------------------------------
  // Afnemer access
  // -------------------------------------------------------------------------------------

  /**
   * Checked on every afnemer read: the consent must be this afnemer's, active and unexpired,
   * and the afnemer active in the scheme. The consent and the BSN the read needs come from one
   * query, so the check adds no database round trip; it reads the row on every call (no
   * cache), so a revocation refuses the very next read, on every replica.
   */
  async controleerVoorAfnemer(afnemer: string, toestemmingId: string, scope?: string): Promise<{ toestemming: ToestemmingRecord; bsn: string }> {
    const [gevonden, schema] = await Promise.all([toestemmingMetBsn(this.ctx.db, this.organisationId, toestemmingId), this.schema()]);
    if (!gevonden || gevonden.toestemming.afnemer !== afnemer) throw new ProblemError(404, 'Deze toestemming bestaat niet, of is niet voor deze afnemer.');
    const t = gevonden.toestemming;
    const weigering = weigeringVoorAfnemer(t, schema.afnemers.find((a) => a.id === afnemer), this.ctx.now());
    if (weigering) throw new ProblemError(403, weigering);
    if (scope && !t.scopes.includes(scope)) throw new ProblemError(403, `De toestemming dekt ${scope} niet.`);
    return gevonden;
  }

  /**
   * Records that the afnemer read data under a consent: usage and the log entry, in one
   * transaction, and only while the consent is still active: one revoked (paused, expired)
   * between the check and this moment refuses the read (403) and nothing is handed out.
   */
  async registreerVerstrekking(t: ToestemmingRecord, scope: string, startOp: Date): Promise<void> {
    await inTransaction(this.ctx.db, async (tx) => {
      const now = this.ctx.now();
      if (!(await registreerGebruikAlsActief(tx, t.id, now))) throw new ProblemError(403, 'De toestemming is niet meer actief; er is niets verstrekt.');
      await schrijfVerwerking(tx, this.organisationId, {
        citizenId: t.citizenId,
        traceId: nieuweTraceId(),
        operatie: `${scope}-verstrekken`,
        verwerkingsactiviteit: VERWERKINGSACTIVITEITEN.verstrekking,
        anderePartij: t.afnemer,
        toestemmingId: t.toestemmingId,
        startOp,
        eindOp: now,
        status: 'geslaagd',
      });
    });
  }

  // -------------------------------------------------------------------------------------
  // The register: a raadpleging
  // -------------------------------------------------------------------------------------

  /**
   * Records a raadpleging in the register and, in the same transaction, the log entry and
   * one event per active consent that covers it. A confidential one is recorded only: no
   * log entry the citizen can read, no event, no sequence number used.
   */
  async registreerRaadpleging(invoer: RaadplegingInvoer): Promise<{ gebeurtenissen: number; traceId?: string }> {
    const schema = invoer.vertrouwelijk ? { afnemers: [], doelen: [] } : await this.schema();
    const now = this.ctx.now();
    const key = await usableSigningKey(this.ctx.keyring);
    const result = await inTransaction(this.ctx.db, async (tx) => {
      const rijbewijs = await tx.rijbewijs.findUnique({
        where: { organisationId_documentnummer: { organisationId: this.organisationId, documentnummer: invoer.documentnummer } },
        select: { citizenId: true },
      });
      if (!rijbewijs) throw new ProblemError(404, 'Geen rijbewijs met dit documentnummer.');
      await insertRaadpleging(
        tx,
        this.ctx.organisation.oin,
        invoer.documentnummer,
        { datumtijd: formatRfc3339Amsterdam(now), afnemer: invoer.wie, doel: invoer.waarom },
        invoer.vertrouwelijk,
      );
      if (invoer.vertrouwelijk) return { gebeurtenissen: 0 };
      const traceId = nieuweTraceId();
      await schrijfVerwerking(tx, this.organisationId, {
        citizenId: rijbewijs.citizenId,
        traceId,
        operatie: 'rijbewijs-raadplegen',
        verwerkingsactiviteit: VERWERKINGSACTIVITEITEN.raadpleging,
        anderePartij: invoer.categorie,
        startOp: now,
        eindOp: this.ctx.now(),
        status: 'geslaagd',
      });
      const toestemmingen = await actieveToestemmingenVoorGebeurtenis(tx, this.organisationId, rijbewijs.citizenId, GEBEURTENISTYPEN.rijbewijsGeraadpleegd, now);
      let aantal = 0;
      for (const toestemming of toestemmingen) {
        if (schema.afnemers.find((a) => a.id === toestemming.afnemer)?.status !== 'actief') continue;
        await voegGebeurtenisToe(tx, key, this.ctx.organisation.oin, {
          toestemming,
          gebeurtenistype: GEBEURTENISTYPEN.rijbewijsGeraadpleegd,
          data: { categorie: invoer.categorie, resultaat: invoer.resultaat },
          traceId,
          toe: now,
          now,
        });
        aantal++;
      }
      return { gebeurtenissen: aantal, traceId };
    });
    if (result.gebeurtenissen > 0) this.onGebeurtenis();
    return result;
  }

  // -------------------------------------------------------------------------------------
  // Housekeeping: expiry and the scheme's suspensions
  // -------------------------------------------------------------------------------------

  /** Marks consents past their end `verlopen`, and follows the scheme's suspensions. */
  async onderhoud(): Promise<void> {
    for (const t of await teVerlopenToestemmingen(this.ctx.db, this.organisationId, this.ctx.now())) {
      await this.wijzig(t, 'verlopen', 'De geldigheidsduur is voorbij.', { soort: 'bronhouder' });
    }
    // Only an organisation with consents needs the scheme here: fetching it at start-up would
    // also delay seeing participants added right after (the scheme source limits refreshes).
    const betrokken = await afnemersMetToestemmingen(this.ctx.db, this.organisationId, ['actief', 'gepauzeerd', 'opgeschort']);
    if (betrokken.length === 0) return;
    let schema;
    try {
      schema = await this.schema();
    } catch {
      return; // no scheme now: suspensions are applied when it is back; afnemer calls are refused meanwhile
    }
    for (const afnemer of schema.afnemers.filter((a) => betrokken.includes(a.id))) {
      if (afnemer.status === 'opgeschort') {
        for (const t of await toestemmingenVanAfnemer(this.ctx.db, this.organisationId, afnemer.id, ['actief', 'gepauzeerd'])) {
          await this.wijzig(t, 'opschorten', 'De afnemer is opgeschort in het stelsel.', { soort: 'bronhouder' });
        }
      } else {
        for (const t of await toestemmingenVanAfnemer(this.ctx.db, this.organisationId, afnemer.id, ['opgeschort'])) {
          await this.wijzig(t, 'heractiveren', 'De afnemer is weer actief in het stelsel.', { soort: 'bronhouder' });
        }
      }
    }
  }
}
