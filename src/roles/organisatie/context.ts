import type { OrganisatieKern } from './kern.js';
import type { Bezorger } from './plus/bezorging.js';
import type { PlusDienst } from './plus/dienst.js';

/** Everything an organisation's handler may use (role `organisatie`). */
export interface OrganisatieContext extends OrganisatieKern {
  /** Blauwe Knop Plus (consents, events, access log); absent when STELSEL_URL is not configured. */
  plus?: { dienst: PlusDienst; bezorger: Bezorger };
}
