import type { Organisation } from '../../data/organisations.js';
import type { PdfCertificaat } from '../../keys/pdf-certificaat.js';
import type { RoleContext } from '../context.js';
import type { DocumentCache } from './document-cache.js';
import type { SessieDienst } from './sessies/sessie-dienst.js';

/** Everything an organisation's handler may use (role `organisatie`). */
export interface OrganisatieContext extends RoleContext {
  organisation: Organisation;
  /** Signed documents per citizen and data version (bounded, see document-cache.ts). */
  documentCache: DocumentCache;
  /** Blauwe Knop Centraal sessions; absent when STELSEL_URL is not configured. */
  sessies?: SessieDienst;
  /**
   * The X.509 certificate PDFs are signed with (PAdES-style); absent when none is configured
   * in production. A function: the development certificate is made on first use, not at start-up.
   */
  pdfCertificaat?: () => Promise<PdfCertificaat>;
}
