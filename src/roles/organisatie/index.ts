import type { onRequestAsyncHookHandler } from 'fastify';
import { authenticationHook } from '../../auth/authentication-hook.js';
import { citizenVerifierFor } from '../../auth/citizen-authentication.js';
import type { Config } from '../../config.js';
import { basePathOf, loadContract } from '../../contract/contract.js';
import { contractHandlers } from '../../contract/handlers.js';
import { findOrganisation } from '../../data/organisations.js';
import { signingKeyStore } from '../../data/signing-keys.js';
import { assembleApp } from '../../http/app.js';
import { ProblemError } from '../../http/problem.js';
import { SigningKeyring } from '../../keys/keyring.js';
import { roleLogger, withRoleDatabase, type RoleOptions, type RoleService } from '../context.js';
import { certifiedResponseHook } from './certified-response.js';
import type { OrganisatieContext } from './context.js';
import { documentHandlers } from './documenten.js';
import { isDocumenttype } from './documents/document-types.js';
import { organisatieHandlers } from './organisatie.js';
import { sessionOrCitizenHook } from './sessies/authentication.js';
import { sessieHandlers } from './sessies/handlers.js';
import { SessieDienst } from './sessies/sessie-dienst.js';
import { readPinnedKeys, StelselBron } from './sessies/stelsel-bron.js';

/**
 * The organisation (role `organisatie`, Basis and Centraal), in start-up order: its
 * contract, the database (migrated, and seeded with demo data where configured), the
 * organisation it serves, its signing keys, Centraal sessions when a scheme operator is
 * configured, and the HTTP app: public discovery and keys, certified documents for a
 * logged-in citizen or, in a Centraal session, encrypted to the app.
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
    const ctx: OrganisatieContext = { config, contract, basePath: basePathOf(contract), db, organisation, keyring, now };
    if (config.stelsel.url && config.stelsel.sleutelFile) {
      const stelsel = new StelselBron(config.stelsel.url, readPinnedKeys(config.stelsel.sleutelFile), now, fetch, config.stelsel.verversSeconden * 1000);
      ctx.sessies = new SessieDienst({ oin: organisation.oin, keyring, stelsel, now, sessieSeconden: config.sessieGeldigheidSeconden });
    }
    const signCertified = certifiedResponseHook(ctx);
    const app = assembleApp(
      {
        config,
        contract,
        basePath: ctx.basePath,
        handlers: { ...contractHandlers(ctx), ...organisatieHandlers(ctx), ...documentHandlers(ctx), ...sessieHandlers(ctx) },
        authenticate: sessionOrCitizenHook(authenticationHook(await citizenVerifierFor(config)), ctx),
        perOperation: (operation) => {
          if (!operation.certified) return {};
          const onRequest: onRequestAsyncHookHandler[] = [];
          if (!(isDocumenttype(operation.documenttype) && organisation.documenttypen.includes(operation.documenttype))) {
            // A document this organisation does not hold: 404 before anything else, as if the route were absent.
            onRequest.push(async () => {
              throw new ProblemError(404, `${organisation.naam} levert het document ${operation.documenttype} niet.`);
            });
          }
          return { onRequest, onSend: signCertified };
        },
      },
      logger,
    );
    return { app, ctx, identity: `${organisation.naam} (${organisation.oin})` };
  });
}
