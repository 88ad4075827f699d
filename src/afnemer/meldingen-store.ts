import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/**
 * The afnemer's durable store of received notifications: one SQLite file in its data folder.
 * A notification is stored in the same statement that decides whether it is new (the `jti`
 * is the primary key), and committed before the afnemer answers 202 or acknowledges a poll:
 * what was acknowledged survives a crash, and a redelivery is recognised, never stored twice.
 */
export interface Melding {
  /** The compact JWS exactly as received. */
  set: string;
  /** When the afnemer stored it (RFC 3339). */
  ontvangen_op: string;
}

export interface NieuweMelding {
  jti: string;
  set: string;
  uitgever: string;
  gebeurtenistype: string;
  toestemmingId: string;
  volgnummer: number;
  kanaal: 'push' | 'poll';
  ontvangenOp: Date;
}

/** `nieuw`: stored now; `dubbel`: this SET was stored before (a retry); `conflict`: its `jti` was stored with other content. */
export type OpslagUitkomst = 'nieuw' | 'dubbel' | 'conflict';

export const MELDINGEN_FILE = 'meldingen.sqlite';

function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class MeldingenStore {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly byJti: Database.Statement;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, MELDINGEN_FILE));
    // WAL lets `npm run afnemer -- meldingen` read while the service writes; FULL syncs each
    // commit to disk before the 202 goes out.
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS melding (
      volgorde INTEGER PRIMARY KEY AUTOINCREMENT,
      jti TEXT NOT NULL UNIQUE,
      set_jws TEXT NOT NULL,
      uitgever TEXT NOT NULL,
      gebeurtenistype TEXT NOT NULL,
      toestemming_id TEXT NOT NULL,
      volgnummer INTEGER NOT NULL,
      kanaal TEXT NOT NULL,
      ontvangen_op TEXT NOT NULL
    )`);
    this.insert = this.db.prepare(
      `INSERT INTO melding (jti, set_jws, uitgever, gebeurtenistype, toestemming_id, volgnummer, kanaal, ontvangen_op)
       VALUES (@jti, @set, @uitgever, @gebeurtenistype, @toestemmingId, @volgnummer, @kanaal, @ontvangenOp)
       ON CONFLICT (jti) DO NOTHING`,
    );
    this.byJti = this.db.prepare('SELECT set_jws FROM melding WHERE jti = ?');
  }

  opslaan(melding: NieuweMelding): OpslagUitkomst {
    const result = this.insert.run({ ...melding, ontvangenOp: rfc3339(melding.ontvangenOp) });
    if (result.changes === 1) return 'nieuw';
    const stored = this.byJti.get(melding.jti) as { set_jws: string } | undefined;
    return stored?.set_jws === melding.set ? 'dubbel' : 'conflict';
  }

  /** Every stored notification in the order received. */
  alle(): Melding[] {
    const rows = this.db.prepare('SELECT set_jws, ontvangen_op FROM melding ORDER BY volgorde').all() as { set_jws: string; ontvangen_op: string }[];
    return rows.map((r) => ({ set: r.set_jws, ontvangen_op: r.ontvangen_op }));
  }

  /** The bronhouder (OIN) whose SETs named this consent, if any arrived. */
  bronhouderVan(toestemmingId: string): string | undefined {
    const row = this.db.prepare('SELECT uitgever FROM melding WHERE toestemming_id = ? LIMIT 1').get(toestemmingId) as { uitgever: string } | undefined;
    return row?.uitgever;
  }

  aantal(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM melding').get() as { n: number }).n;
  }

  close(): void {
    this.db.close();
  }
}
