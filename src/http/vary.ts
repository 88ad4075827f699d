import type { FastifyReply } from 'fastify';

/**
 * Adds request headers to `Vary` without dropping the ones already named: several hooks
 * each know one reason the answer differs (content negotiation on `Accept`, a citizen's own
 * document by `Authorization`, CORS by `Origin`), and a cache that learns only one of them
 * could hand one citizen's JSON to another's PDF request (RFC 9110 §12.5.5).
 */
export function addVary(reply: FastifyReply, ...names: string[]): void {
  const current = reply.getHeader('vary');
  const listed = (current === undefined ? [] : String(current).split(','))
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (listed.includes('*')) return;
  const known = new Set(listed.map((name) => name.toLowerCase()));
  for (const name of names) {
    if (known.has(name.toLowerCase())) continue;
    known.add(name.toLowerCase());
    listed.push(name);
  }
  reply.header('vary', listed.join(', '));
}
