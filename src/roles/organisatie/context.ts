import type { Organisation } from '../../data/organisations.js';
import type { RoleContext } from '../context.js';
import type { DocumentCache } from './document-cache.js';
import type { SessionService } from './sessies/session-service.js';

/** Everything an organisation's handler may use (role `organisatie`). */
export interface OrganisatieContext extends RoleContext {
  organisation: Organisation;
  /** Signed documents per citizen and data version (bounded, see document-cache.ts). */
  documentCache: DocumentCache;
  /** Blauwe Knop Centraal sessions; absent when STELSEL_URL is not configured. */
  sessies?: SessionService;
}
