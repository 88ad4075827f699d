import type { Config } from './config.js';
import type { Contract } from './contract/contract.js';
import type { Database } from './data/database.js';
import type { Organisation } from './data/organisations.js';
import type { SessieDienst } from './sessies/sessie-dienst.js';
import type { SigningKeyring } from './signing/keyring.js';

/** What every role has, built once at start-up (see service.ts). */
export interface RoleContext {
  config: Config;
  contract: Contract;
  /** `/v1`: where the contract's paths are mounted. */
  basePath: string;
  db: Database;
  /** The keys this instance signs with (organisation documents, the scheme document, app credentials). */
  keyring: SigningKeyring;
  /** The time source; tests pass a fixed clock. */
  now: () => Date;
}

/** Everything an organisation's handler may use (role `organisatie`). */
export interface ServiceContext extends RoleContext {
  organisation: Organisation;
  /** Blauwe Knop Centraal sessions; absent when STELSEL_URL is not configured. */
  sessies?: SessieDienst;
}
