import type { MeldingenStore } from './meldingen-store.js';
import { SetWeigering, type SetFout, type SetVerificatie } from './set-verificatie.js';

/** RFC 8936 §2.2: what the afnemer sends to the bronhouder's poll endpoint. */
export interface PollAanvraag {
  ack: string[];
  setErrs: Record<string, { err: SetFout; description: string }>;
  maxEvents: number;
  returnImmediately: boolean;
}

/** RFC 8936 §2.3: what comes back, SETs keyed by their `jti`. */
export interface PollAntwoord {
  sets: Record<string, string>;
  moreAvailable?: boolean;
}

/** One bronhouder's poll endpoint, however the afnemer authenticates to it. */
export type PollVerbinding = (aanvraag: PollAanvraag) => Promise<PollAntwoord>;

export interface PollResultaat {
  nieuw: number;
  dubbel: number;
  geweigerd: number;
}

/** At most this many rounds per poll: a bronhouder that keeps saying `moreAvailable` cannot keep the afnemer busy forever. */
const MAX_RONDES = 100;

/**
 * Fetches what the push did not deliver (RFC 8936), as the fallback: each SET is verified
 * exactly as a pushed one, stored (a SET that also arrived by push is recognised by its `jti`),
 * and acknowledged in the next request only once it is committed; a refused SET goes back as
 * a `setErrs` entry, so the bronhouder learns why. A SET the afnemer cannot verify right now
 * (the scheme unreachable) is neither acknowledged nor refused: it comes again next time.
 */
export async function poll(verbinding: PollVerbinding, deps: { store: MeldingenStore; verificatie: SetVerificatie; now: () => Date }, maxEvents = 100): Promise<PollResultaat> {
  const resultaat: PollResultaat = { nieuw: 0, dubbel: 0, geweigerd: 0 };
  let ack: string[] = [];
  let setErrs: PollAanvraag['setErrs'] = {};
  for (let ronde = 0; ronde < MAX_RONDES; ronde++) {
    const antwoord = await verbinding({ ack, setErrs, maxEvents, returnImmediately: true });
    ack = [];
    setErrs = {};
    for (const [jti, jws] of Object.entries(antwoord.sets ?? {})) {
      try {
        const set = await deps.verificatie.verify(jws);
        if (set.payload.jti !== jti) throw new SetWeigering('invalid_request', 'De SET staat onder een andere jti dan de zijne.');
        const uitkomst = deps.store.opslaan({
          jti,
          set: jws,
          uitgever: set.bronhouderOin,
          gebeurtenistype: set.gebeurtenistype,
          toestemmingId: set.toestemmingId,
          volgnummer: set.volgnummer,
          kanaal: 'poll',
          ontvangenOp: deps.now(),
        });
        if (uitkomst === 'conflict') throw new SetWeigering('invalid_request', `jti ${jti} is al gebruikt voor een andere SET.`);
        resultaat[uitkomst] += 1;
        ack.push(jti);
      } catch (error) {
        if (!(error instanceof SetWeigering)) throw error;
        setErrs[jti] = { err: error.err, description: error.description };
        resultaat.geweigerd += 1;
      }
    }
    if (!antwoord.moreAvailable) break;
  }
  // Acknowledge the last batch without asking for more.
  if (ack.length > 0 || Object.keys(setErrs).length > 0) await verbinding({ ack, setErrs, maxEvents: 0, returnImmediately: true });
  return resultaat;
}
