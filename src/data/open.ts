import { connectDatabase, type OpenDatabaseOptions, type OpenedDatabase } from './database.js';
import { seedDatabase } from './seed/index.js';

/** Opens (and migrates) the database; with `seed`, an empty one gets the demo data. */
export function openDatabase(options: Omit<OpenDatabaseOptions, 'seed'> & { seed: boolean }): Promise<OpenedDatabase> {
  const { seed, ...rest } = options;
  return connectDatabase(seed ? { ...rest, seed: seedDatabase } : rest);
}
