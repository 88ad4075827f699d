import type { LoggerOptions } from 'pino';

/** Nine digits standing alone: what a BSN looks like wherever it might slip into a log line. */
const BSN_LIKE = /(?<![0-9])[0-9]{9}(?![0-9])/g;
const MASK = '*********';

export function scrubBsn(text: string): string {
  return text.replace(BSN_LIKE, MASK);
}

/** The path of a URL without its query string (which may carry anything a client typed). */
export function loggablePath(url: string): string {
  const [path, query] = url.split('?', 2);
  return scrubBsn(path ?? '') + (query !== undefined ? '?…' : '');
}

function scrubDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubBsn(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
  // Only plain objects: requests, replies and errors go through their serializers instead.
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v, depth + 1)]));
}

/**
 * pino settings: JSON lines; the Authorization header, cookies and every `bsn` field are
 * redacted, and any BSN-like number left in a message or field is masked.
 */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'bsn', '*.bsn', '*.*.bsn', 'citizen', '*.citizen'],
      censor: '[verborgen]',
    },
    serializers: {
      req: (req: { method: string; url: string; headers: Record<string, unknown> }) => ({
        method: req.method,
        url: loggablePath(req.url),
        ...(req.headers['user-agent'] ? { userAgent: scrubBsn(String(req.headers['user-agent'])) } : {}),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      // Not only Errors come here: the error handler logs plain `{ name, code }` objects (a
      // database that is down, a refused credential) so that no driver message reaches the
      // log. A missing message must not throw: a throwing serializer turns the answer being
      // logged (a 503, a 401) into Fastify's bare 500.
      err: (err: Partial<Error> & { code?: unknown }) => ({
        type: err.name,
        code: err.code,
        message: typeof err.message === 'string' ? scrubBsn(err.message) : undefined,
        stack: typeof err.stack === 'string' ? scrubBsn(err.stack) : undefined,
      }),
    },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => scrubDeep(a)) as Parameters<typeof method>);
      },
    },
  };
}
