/**
 * The PostgreSQL driver and Prisma's adapter for it, loaded when a process first uses them.
 *
 * A service on the embedded default (SQLite) never opens PostgreSQL, yet importing `pg`,
 * `@prisma/adapter-pg` and the generated PostgreSQL client took about a fifth of the CPU of
 * starting the organisation's service (3 December 2026: 0.2 of 0.95 CPU-s to import the role,
 * of 2.7 to start it), and every command-line tool paid it too. Both packages ship CommonJS,
 * so `require` gives them synchronously, where the code that uses them runs.
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
