import type { FastifyReply } from 'fastify';
import type { components } from '../generated/api.js';

export type Probleem = components['schemas']['Probleem'];
export type Invoerfout = components['schemas']['Invoerfout'];

/** The problem types this service answers with: a stable URN and a fixed Dutch title per status. */
const PROBLEM_TYPES: Record<number, { slug: string; title: string }> = {
  400: { slug: 'ongeldige-invoer', title: 'Ongeldige invoer' },
  401: { slug: 'niet-geauthenticeerd', title: 'Niet geauthenticeerd' },
  403: { slug: 'geen-toegang', title: 'Geen toegang' },
  404: { slug: 'niet-gevonden', title: 'Niet gevonden' },
  405: { slug: 'methode-niet-toegestaan', title: 'Methode niet toegestaan' },
  406: { slug: 'niet-aanvaardbaar', title: 'Mediatype niet beschikbaar' },
  408: { slug: 'aanvraag-te-traag', title: 'Aanvraag niet op tijd' },
  409: { slug: 'conflict', title: 'Conflict' },
  413: { slug: 'te-groot', title: 'Aanvraag te groot' },
  414: { slug: 'url-te-lang', title: 'URL te lang' },
  415: { slug: 'mediatype-niet-ondersteund', title: 'Mediatype niet ondersteund' },
  429: { slug: 'te-veel-aanvragen', title: 'Te veel aanvragen' },
  431: { slug: 'headers-te-groot', title: 'Headers te groot' },
  500: { slug: 'serverfout', title: 'Interne fout' },
  503: { slug: 'niet-beschikbaar', title: 'Tijdelijk niet beschikbaar' },
};

export function problemOf(status: number, detail: string, errors?: Invoerfout[]): Probleem {
  const known = PROBLEM_TYPES[status] ?? PROBLEM_TYPES[status >= 500 ? 500 : 400]!;
  return {
    type: `urn:blauwe-knop:probleem:${known.slug}`,
    title: known.title,
    status,
    detail,
    ...(errors ? { errors } : {}),
  };
}

/**
 * Thrown by handlers and hooks for an answer that is an error by design (404 for a document
 * this organisation does not offer, 401 for a bad token). The error handler turns it into
 * problem+json; nothing about the server's internals goes into it.
 */
export class ProblemError extends Error {
  readonly status: number;
  readonly detail: string;
  readonly errors?: Invoerfout[];
  readonly headers: Record<string, string>;
  /** For a refused credential: why, as a fixed code (counted in the metrics; never shown). */
  readonly reden?: string;

  constructor(status: number, detail: string, options: { errors?: Invoerfout[]; headers?: Record<string, string>; reden?: string } = {}) {
    super(detail);
    this.name = 'ProblemError';
    this.status = status;
    this.detail = detail;
    if (options.errors) this.errors = options.errors;
    this.headers = options.headers ?? {};
    if (options.reden) this.reden = options.reden;
  }
}

export function sendProblem(reply: FastifyReply, probleem: Probleem, headers: Record<string, string> = {}): FastifyReply {
  const instance = `urn:uuid:${reply.request.id}`;
  return reply
    .code(probleem.status)
    .headers(headers)
    .type('application/problem+json')
    .send(JSON.stringify({ ...probleem, instance }));
}
