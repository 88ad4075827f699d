import type { Organisation } from '../../data/organisations.js';
import type { PdfCertificaat } from '../../keys/pdf-certificaat.js';
import type { RoleContext } from '../context.js';
import type { DocumentCache } from './document-cache.js';
import type { SessionService } from './sessies/session-service.js';

/**
 * What an organisation has before Blauwe Knop Plus is added to it: what Plus itself is built
 * on (Plus's modules take this, so they do not depend on the context that holds them).
 */
export interface OrganisatieKern extends RoleContext {
  organisation: Organisation;
  /** Signed documents per citizen and data version (bounded, see document-cache.ts). */
  documentCache: DocumentCache;
  /** Blauwe Knop Centraal sessions; absent when STELSEL_URL is not configured. */
  sessies?: SessionService;
  /**
   * The X.509 certificate PDFs are signed with (PAdES-style); absent when none is configured
   * in production. A function: the development certificate is made on first use, not at start-up.
   */
  pdfCertificaat?: () => Promise<PdfCertificaat>;
}
