import type { Organisation } from '../../data/organisations.js';
import type { RoleContext } from '../context.js';
import type { SessieDienst } from './sessies/sessie-dienst.js';
import type { Bezorger } from './plus/bezorging.js';
import type { PlusDienst } from './plus/dienst.js';

/** Everything an organisation's handler may use (role `organisatie`). */
export interface OrganisatieContext extends RoleContext {
  organisation: Organisation;
  /** Blauwe Knop Centraal sessions; absent when STELSEL_URL is not configured. */
  sessies?: SessieDienst;
  /** Blauwe Knop Plus (consents, events, access log); absent when STELSEL_URL is not configured. */
  plus?: { dienst: PlusDienst; bezorger: Bezorger };
}
