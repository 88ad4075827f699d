/**
 * Small checks between the database's loose columns (TEXT, nullable, BIGINT) and the
 * contract's exact types. A row that breaks them is a data error in the source, reported
 * with the row's location (table and key) but never with personal data such as a BSN.
 */

export class DataIntegrityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataIntegrityError';
  }
}

/** A unique constraint refused a row (Prisma P2002, or the driver's own message through an adapter). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  return e?.code === 'P2002' || /unique constraint|UNIQUE constraint failed|duplicate key/i.test(String(e?.message ?? ''));
}

/** Narrows a TEXT column to one of a closed list of values. */
export function oneOf<T extends string>(allowed: readonly T[], value: string, where: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new DataIntegrityError(`${where}: unexpected value ${JSON.stringify(value)}`);
}

/** A column the row's type requires. */
export function required<T>(value: T | null | undefined, where: string): T {
  if (value === null || value === undefined) throw new DataIntegrityError(`${where}: missing`);
  return value;
}

/** BIGINT euro cents back to a number, refusing what a JSON number cannot hold exactly. */
export function toAmount(value: bigint | number, where: string): number {
  const amount = Number(value);
  if (!Number.isSafeInteger(amount) || BigInt(amount) !== BigInt(value)) {
    throw new DataIntegrityError(`${where}: amount out of the safe integer range`);
  }
  return amount;
}

/** Code-unit order: the same on every database and in every locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The instant of an RFC 3339 date-time with offset (what we store next to the text, for ordering). */
export function instantOf(value: string, where: string): Date {
  const date = new Date(value);
  if (!RFC3339.test(value) || Number.isNaN(date.getTime())) {
    throw new DataIntegrityError(`${where}: not an RFC 3339 date-time with offset: ${JSON.stringify(value)}`);
  }
  return date;
}

/** Checks a `YYYY-MM-DD` calendar date (a real day). */
export function calendarDate(value: string, where: string): string {
  const match = CALENDAR_DATE.exec(value);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!match || !date || date.toISOString().slice(0, 10) !== value) {
    throw new DataIntegrityError(`${where}: not a calendar date (YYYY-MM-DD): ${JSON.stringify(value)}`);
  }
  return value;
}
