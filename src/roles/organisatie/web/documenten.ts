/**
 * The page gets its documents from this organisation's own API (in-process, with the
 * citizen's access token), so the page shows exactly what an app would get, signature and
 * all; then it verifies that signature against the published keys before saying so.
 */
import type { FastifyInstance } from 'fastify';
import { contractOperations } from '../../../contract/operations.js';
import { DocumentVerificationError } from '../../../protocol/errors.js';
import { verifyPayloadSignature, type PublishedKey, type VerifiedDocument } from '../../../protocol/verify-document.js';
import type { CertifiedDocument } from '../../../weergave/document-weergave.js';
import type { OrganisatieContext } from '../context.js';
import type { Documenttype } from '../../../documenten/document-types.js';

export const VORMEN = {
  json: { accept: 'application/json', extensie: 'json', naam: 'JSON' },
  jose: { accept: 'application/jose', extensie: 'jose', naam: 'JOSE (ondertekend, compact)' },
  pdf: { accept: 'application/pdf', extensie: 'pdf', naam: 'PDF' },
} as const;
export type Vorm = keyof typeof VORMEN;

export type Opgehaald =
  | { status: 'ok'; document: CertifiedDocument; verified: VerifiedDocument }
  | { status: 'niet-ingelogd' }
  | { status: 'ongeldig'; reden: string }
  | { status: 'fout'; statusCode: number };

export interface Antwoord {
  statusCode: number;
  body: Buffer;
  headers: Record<string, string | undefined>;
}

/**
 * The contract path of each document this organisation offers its citizens, in the contract's
 * order. Only operations for the citizen's token: Plus's afnemer operation answers the same
 * document type, and asking it with the citizen's token would be a 401 that ends the session.
 */
export function documentPaden(ctx: OrganisatieContext): Array<{ documenttype: Documenttype; path: string }> {
  return contractOperations(ctx.contract)
    .filter((op) => op.certified && op.securitySchemes.includes('burgerToken') && op.documenttype && ctx.organisation.documenttypen.includes(op.documenttype as Documenttype))
    .map((op) => ({ documenttype: op.documenttype as Documenttype, path: `${ctx.basePath}${op.path}` }));
}

export async function vraagApi(app: FastifyInstance, path: string, token: string, vorm: Vorm): Promise<Antwoord> {
  const res = await app.inject({ method: 'GET', url: path, headers: { authorization: `Bearer ${token}`, accept: VORMEN[vorm].accept } });
  const header = (name: string) => (res.headers[name] === undefined ? undefined : String(res.headers[name]));
  return {
    statusCode: res.statusCode,
    body: res.rawPayload,
    headers: { 'content-type': header('content-type'), 'payload-signature': header('payload-signature'), 'content-digest': header('content-digest') },
  };
}

export async function haalDocument(app: FastifyInstance, ctx: OrganisatieContext, path: string, token: string): Promise<Opgehaald> {
  const res = await vraagApi(app, path, token, 'json');
  if (res.statusCode === 401) return { status: 'niet-ingelogd' };
  if (res.statusCode !== 200) return { status: 'fout', statusCode: res.statusCode };
  try {
    const keys = (await ctx.keyring.published()) as { keys: PublishedKey[] };
    const verified = await verifyPayloadSignature(res.body, res.headers['payload-signature'] ?? '', keys);
    return { status: 'ok', document: JSON.parse(res.body.toString('utf8')) as CertifiedDocument, verified };
  } catch (error) {
    if (error instanceof DocumentVerificationError) return { status: 'ongeldig', reden: error.message };
    throw error;
  }
}
