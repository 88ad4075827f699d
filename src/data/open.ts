import { connectDatabase, type OpenDatabaseOptions, type OpenedDatabase } from './database.js';
import { rebuildLeesmodellenIfMissing } from './financiele-zaken.js';
import { seedDatabase } from './seed/index.js';

/** Opens (and migrates) the database; with `seed`, an empty one gets the demo data; then the read models are filled where missing. */
export function openDatabase(options: Omit<OpenDatabaseOptions, 'seed'> & { seed: boolean }): Promise<OpenedDatabase> {
  const { seed, ...rest } = options;
  return connectDatabase({ ...rest, ...(seed ? { seed: seedDatabase } : {}), prepare: rebuildLeesmodellenIfMissing });
}
