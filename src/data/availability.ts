/**
 * Whether an error means "the database cannot be reached or did not answer in time" (a 503,
 * try again later) rather than a fault in this service (a 500). Errors arrive wrapped by
 * Prisma and its driver adapters, so the whole cause chain is searched.
 */

/** SQLSTATE classes and codes of an unavailable PostgreSQL: connection exceptions (08), a cancelled statement (57014), a server shutting down (57P0x), too many connections (53300). */
const UNAVAILABLE_SQLSTATE = /^(08...|57014|57P0[1-4]|53300)$/;
/** Node socket errors and the pg driver's own timeouts; SQLite busy beyond its timeout. */
const UNAVAILABLE_CODE = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|SQLITE_BUSY|SQLITE_LOCKED|P1001|P1002|P1008|P1017|P2024)$/;
const UNAVAILABLE_MESSAGE =
  /timeout exceeded when trying to connect|Query read timeout|Connection terminated|connection timeout|Client has encountered a connection error|canceling statement due to statement timeout|database is locked|Can't reach database server|terminating connection/i;

function* causes(error: unknown): Generator<Record<string, unknown>> {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    yield current as Record<string, unknown>;
    const next = current as { cause?: unknown; originalError?: unknown };
    current = next.cause ?? next.originalError;
  }
}

export function isDatabaseUnavailable(error: unknown): boolean {
  for (const e of causes(error)) {
    for (const key of ['code', 'originalCode', 'kind', 'errorCode']) {
      const value = e[key];
      if (typeof value === 'string' && (UNAVAILABLE_SQLSTATE.test(value) || UNAVAILABLE_CODE.test(value))) return true;
    }
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  }
  return false;
}
