import { FcidInconsistencyError } from './errors.js';

/**
 * Amounts are whole euro cents (the contract's `Bedrag`). Floating-point euros would round
 * differently on every device that adds them up, so anything but a safe, non-negative
 * integer is refused.
 */
export function assertBedrag(value: unknown, field: string, kenmerk?: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new FcidInconsistencyError(`${field} is not a whole number of cents: ${String(value)}`, kenmerk);
  }
  if (value < 0) throw new FcidInconsistencyError(`${field} is negative: ${value}`, kenmerk);
  return value;
}

/** a + b for cents; refuses to leave the range where integers are exact. */
export function addCents(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw new FcidInconsistencyError(`amount total out of the safe integer range: ${a} + ${b}`);
  return sum;
}

/** a - b for cents (may be negative, e.g. a saldo after overpayment). */
export function subtractCents(a: number, b: number): number {
  const difference = a - b;
  if (!Number.isSafeInteger(difference)) throw new FcidInconsistencyError(`amount out of the safe integer range: ${a} - ${b}`);
  return difference;
}

export function sumCents(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total = addCents(total, value);
  return total;
}
