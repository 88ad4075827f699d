import type { Citizen } from '../auth/citizen-authentication.js';
import type { ContractOperation } from '../contract/operations.js';
import type { AppSession } from '../roles/organisatie/sessies/authentication.js';

/** What hooks learn about a request before its handler runs. */
declare module 'fastify' {
  interface FastifyRequest {
    /** The logged-in citizen, set by the authentication hook on secured operations. */
    citizen: Citizen | null;
    /** The representation negotiated from `Accept`. */
    representation: string | null;
    /** Blauwe Knop Centraal: the app session a document request is made in (organisation role). */
    session: AppSession | null;
    /** Blauwe Knop Plus: the authenticated afnemer (organisation role, afnemer operations). */
    afnemer: { id: string } | null;
  }
  interface FastifyContextConfig {
    operation?: ContractOperation;
  }
}

export {};
