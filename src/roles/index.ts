import type { Config } from '../config.js';
import { createAppBeheerderService } from './app-beheerder/index.js';
import type { RoleOptions, RoleService } from './context.js';
import { createOrganisatieService } from './organisatie/index.js';
import { createStelselbeheerderService } from './stelselbeheerder/index.js';

/** The role this instance plays (BK_ROLE), built by that role's own function. */
export function createRoleService(config: Config, options: RoleOptions = {}): Promise<RoleService> {
  switch (config.role) {
    case 'organisatie':
      return createOrganisatieService(config, options);
    case 'stelselbeheerder':
      return createStelselbeheerderService(config, options);
    case 'app-beheerder':
      return createAppBeheerderService(config, options);
  }
}
