/**
 * The PostgreSQL driver and Prisma's adapter for it, loaded when a process first uses them.
 *
 * A service on the embedded default (SQLite) never opens PostgreSQL, yet every process that
 * imported the data layer loaded `pg`, `@prisma/adapter-pg` and the generated PostgreSQL
 * client. Imported alone they cost 0.07, 0.08 and 0.13 CPU-s. Loaded lazily (with ioredis and
 * the yaml package), importing the compiled organisation role went from 1.11-1.27 to
 * 0.98-1.07 CPU-s (3 December 2026). Both packages ship CommonJS, so `require` gives them
 * synchronously, where the code that uses them runs.
 */
import { createRequire } from 'node:module';
import type { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';

const require = createRequire(import.meta.url);

let driver: typeof pg | undefined;
let adapter: typeof PrismaPg | undefined;

/** The `pg` module (Client, Pool, types). */
export function pgDriver(): typeof pg {
  driver ??= require('pg') as typeof pg;
  return driver;
}

/** Prisma's driver adapter for PostgreSQL (the class). */
export function prismaPgAdapter(): typeof PrismaPg {
  adapter ??= (require('@prisma/adapter-pg') as typeof import('@prisma/adapter-pg')).PrismaPg;
  return adapter;
}
