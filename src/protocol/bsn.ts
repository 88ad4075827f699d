/**
 * The BSN 11-check ("elfproef"): 9·d1 + 8·d2 + … + 2·d8 − 1·d9 ≡ 0 (mod 11). A token whose
 * BSN claim fails it is not a citizen's token, whatever else is right about it.
 */
export function isValidBsn(value: unknown): value is string {
  if (typeof value !== 'string' || !/^[0-9]{9}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(value[i]);
  sum -= Number(value[8]);
  return sum % 11 === 0 && value !== '000000000';
}
