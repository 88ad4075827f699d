import type { Config } from './config.js';
import type { Contract } from './contract/contract.js';
import type { Database } from './data/database.js';
import type { Organisation } from './data/organisations.js';
import type { SigningKeyring } from './signing/keyring.js';

/** Everything a handler may use, built once at start-up (see service.ts). */
export interface ServiceContext {
  config: Config;
  contract: Contract;
  /** `/v1`: where the contract's paths are mounted. */
  basePath: string;
  db: Database;
  organisation: Organisation;
  keyring: SigningKeyring;
  /** The time source; tests pass a fixed clock. */
  now: () => Date;
}
