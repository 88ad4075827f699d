import type { onRequestAsyncHookHandler } from 'fastify';
import { authenticationHook } from '../../auth/authentication-hook.js';
import { citizenVerifierFor } from '../../auth/citizen-authentication.js';
import type { Config } from '../../config.js';
import { basePathOf, loadContract } from '../../contract/contract.js';
import { contractHandlers } from '../../contract/handlers.js';
import { findOrganisation } from '../../data/organisations.js';
import { signingKeyStore } from '../../data/signing-keys.js';
import { laatstGeaccepteerd, registreerAcceptatie } from '../../data/stelsel-acceptatie.js';
import type { Stelseldocument } from '../../protocol/stelseldocument.js';
import { assembleApp } from '../../http/app.js';
import { ProblemError } from '../../http/problem.js';
import { SigningKeyring } from '../../keys/keyring.js';
import { developmentPdfCertificaat, readPdfCertificaat, type PdfCertificaat } from '../../keys/pdf-certificaat.js';
import { roleLogger, withRoleDatabase, type RoleOptions, type RoleService } from '../context.js';
import { certifiedResponseHook } from './certified-response.js';
import type { OrganisatieContext } from './context.js';
import { DocumentCache } from './document-cache.js';
import { documentHandlers } from './documenten.js';
import { isDocumenttype } from '../../documenten/document-types.js';
import { organisatieHandlers } from './organisatie.js';
import { sessionOrCitizenHook } from './sessies/authentication.js';
import { sessieHandlers } from './sessies/handlers.js';
import { SessionService } from './sessies/session-service.js';
import { readPinnedKeys, StelselBron } from './sessies/stelsel-bron.js';
import { afnemerAuthenticatie } from './plus/afnemer-toegang.js';
import { Bezorger } from './plus/bezorging.js';
import { SjabloonVernieuwer } from './sjabloon-vernieuwer.js';
import { PlusDienst } from './plus/dienst.js';
import { plusHandlers, registerTokenFormParser } from './plus/handlers.js';
import { registerWebsite } from './web/index.js';

/**
 * The organisation (role `organisatie`, Basis and Centraal), in start-up order: its
 * contract, the database (migrated, and seeded with demo data where configured), the
 * organisation it serves, its signing keys, Centraal sessions when a scheme operator is
 * configured, and the HTTP app: public discovery and keys, certified documents for a
 * logged-in citizen or, in a Centraal session, encrypted to the app; and the citizen's web
 * page at `/`.
 */
export async function createOrganisatieService(config: Config, options: RoleOptions = {}): Promise<RoleService<OrganisatieContext>> {
  const logger = roleLogger(config, options);
  const contract = loadContract('organisatie');
  return withRoleDatabase(config, logger, async (db) => {
    const organisation = await findOrganisation(db, config.organisationOin);
    if (!organisation) {
      throw new Error(`ORGANISATION_OIN ${config.organisationOin} is not an organisation in the database`);
    }
    const keyring = await SigningKeyring.open(signingKeyStore(db), organisation.oin, {
      algorithm: config.signing.algorithm,
      dataDir: config.dataDir,
      ...(config.signing.keyFile ? { keyFile: config.signing.keyFile } : {}),
    });
    const now = options.now ?? (() => new Date());
    const ctx: OrganisatieContext = {
      config,
      contract,
      basePath: basePathOf(contract),
      db,
      organisation,
      keyring,
      now,
      documentCache: new DocumentCache(now),
    };
    if (config.pdf.certificaatFile && config.pdf.sleutelFile) {
      // Read now, so a bad file stops start-up instead of the first PDF.
      const certificaat = readPdfCertificaat(config.pdf.certificaatFile, config.pdf.sleutelFile);
      ctx.pdfCertificaat = async () => certificaat;
    } else if (config.environment === 'development') {
      let certificaat: Promise<PdfCertificaat> | undefined;
      ctx.pdfCertificaat = () => (certificaat ??= developmentPdfCertificaat(config.dataDir, organisation.oin, organisation.naam));
    }
    if (config.stelsel.url && config.stelsel.sleutelFile) {
      const geheugen = {
        laatst: async () => (await laatstGeaccepteerd(db, organisation.oin))?.uitgegevenOp.toISOString(),
        bewaar: (document: Stelseldocument) =>
          registreerAcceptatie(db, organisation.oin, { uitgegevenOp: new Date(document.uitgegeven_op), versie: document.versie }, now()),
      };
      const stelsel = new StelselBron(config.stelsel.url, readPinnedKeys(config.stelsel.sleutelFile), now, fetch, config.stelsel.verversSeconden * 1000, undefined, geheugen);
      ctx.sessies = new SessionService({ oin: organisation.oin, keyring, stelsel, now, sessieSeconden: config.sessieGeldigheidSeconden, statusSeconden: config.sessieStatusSeconden });
      const dienst = await PlusDienst.open(ctx, stelsel, { afnemerstatusSeconden: config.stelsel.afnemerstatusSeconden });
      const bezorger = new Bezorger(dienst, { onFout: (error) => logger.error({ err: error }, 'Plus: afleverronde mislukt') });
      dienst.onGebeurtenis = () => bezorger.wake();
      ctx.plus = { dienst, bezorger };
    }
    const signCertified = certifiedResponseHook(ctx);
    const afnemerHook: onRequestAsyncHookHandler = ctx.plus
      ? afnemerAuthenticatie(ctx.plus.dienst)
      : async () => {
          throw new ProblemError(503, 'Blauwe Knop Plus is bij deze organisatie niet ingericht (geen stelseldocument).');
        };
    const app = assembleApp(
      {
        config,
        contract,
        basePath: ctx.basePath,
        handlers: {
          ...contractHandlers(ctx),
          ...organisatieHandlers(ctx),
          ...documentHandlers(ctx),
          ...sessieHandlers(ctx),
          ...plusHandlers(ctx.plus?.dienst, ctx.plus?.bezorger),
        },
        authenticate: sessionOrCitizenHook(authenticationHook(await citizenVerifierFor(config)), ctx),
        perOperation: (operation) => {
          const authenticate = operation.securitySchemes.includes('afnemerToken') ? afnemerHook : undefined;
          if (!operation.certified) return authenticate ? { authenticate } : {};
          const onRequest: onRequestAsyncHookHandler[] = [];
          if (!(isDocumenttype(operation.documenttype) && organisation.documenttypen.includes(operation.documenttype))) {
            // A document this organisation does not hold: 404 before anything else, as if the route were absent.
            onRequest.push(async () => {
              throw new ProblemError(404, `${organisation.naam} levert het document ${operation.documenttype} niet.`);
            });
          }
          return { onRequest, onSend: signCertified, ...(authenticate ? { authenticate } : {}) };
        },
      },
      logger,
    );
    app.decorateRequest('certifiedSlot', null);
    registerTokenFormParser(app, '/plus/token');
    if (ctx.plus) {
      const { bezorger } = ctx.plus;
      app.addHook('onReady', async () => bezorger.start());
      app.addHook('onClose', async () => bezorger.stop());
    }
    if (config.sjabloonVernieuwingSeconden > 0) {
      const vernieuwer = new SjabloonVernieuwer(ctx, {
        intervalMs: config.sjabloonVernieuwingSeconden * 1000,
        onFout: (error) => logger.warn({ err: error }, 'FCID: vooruit gemaakte documenten vernieuwen mislukt'),
        onRonde: (ronde) => {
          app.metrics.sjablonenVernieuwd(ronde);
          logger.info({ ronde }, 'FCID: vooruit gemaakte documenten vernieuwd');
        },
      });
      app.addHook('onReady', async () => vernieuwer.start());
      app.addHook('onClose', async () => vernieuwer.stop());
    }
    registerWebsite(app, ctx);
    return { app, ctx, identity: `${organisation.naam} (${organisation.oin})` };
  }, options.beforeReady);
}
