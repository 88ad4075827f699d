import type { Organisation } from '../../data/organisations.js';
import type { RoleContext } from '../context.js';
import type { SessieDienst } from './sessies/sessie-dienst.js';

/** Everything an organisation's handler may use (role `organisatie`). */
export interface OrganisatieContext extends RoleContext {
  organisation: Organisation;
  /** Blauwe Knop Centraal sessions; absent when STELSEL_URL is not configured. */
  sessies?: SessieDienst;
}
