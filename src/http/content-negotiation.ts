/**
 * Picks the representation to send from what the operation produces and what the client
 * accepts (RFC 9110 §12.5.1: media ranges with q-values). Returns undefined when nothing
 * acceptable is available, which the caller answers with 406.
 */
export function negotiateMediaType(accept: string | undefined, available: readonly string[]): string | undefined {
  if (available.length === 0) return undefined;
  if (!accept || accept.trim() === '') return available[0];
  const ranges = accept
    .split(',')
    .map((part, index) => {
      const [range = '', ...params] = part.trim().split(';');
      const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const q = qParam ? Number(qParam.slice(2)) : 1;
      return { range: range.trim().toLowerCase(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((r) => r.range !== '' && r.q > 0);
  let best: { type: string; q: number; specificity: number; index: number } | undefined;
  for (const type of available) {
    const [major] = type.split('/');
    for (const r of ranges) {
      const specificity = r.range === type ? 2 : r.range === `${major}/*` ? 1 : r.range === '*/*' ? 0 : -1;
      if (specificity < 0) continue;
      if (!best || r.q > best.q || (r.q === best.q && specificity > best.specificity)) {
        best = { type, q: r.q, specificity, index: r.index };
      }
    }
  }
  return best?.type;
}
