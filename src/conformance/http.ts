/**
 * The checker's only way to talk to an implementation: `fetch`, with redirects not followed
 * (a redirect is an answer to judge, not to follow), no content coding (signatures and
 * digests cover the exact bytes), a timeout, and a record of every exchange, so the checks
 * that hold for every response (API-Version, security headers, problem details) can look at
 * all of them afterwards.
 */

export interface Exchange {
  /** What the request was for, in words, e.g. `document financiele-verplichtingen (JSON)`. */
  purpose: string;
  method: string;
  url: string;
  /** The URL as it may be shown: a token in the query is masked. */
  displayUrl: string;
  status: number;
  /** Response headers, lowercase names; repeated headers joined with `, ` (as fetch does). */
  headers: Record<string, string>;
  body: Uint8Array;
  text: string;
  startedAt: Date;
  finishedAt: Date;
}

/** The request could not be made at all (DNS, refused connection, TLS, timeout). */
export class NetworkError extends Error {
  constructor(
    readonly url: string,
    message: string,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

export interface RequestOptions {
  purpose: string;
  headers?: Record<string, string>;
}

const TOKEN_PARAMETERS = /([?&](?:access_token|accessToken|token|id_token)=)[^&#]*/g;

export function maskUrl(url: string): string {
  return url.replace(TOKEN_PARAMETERS, '$1***');
}

/** `GET /v1/organisatie → 200 (ontdekking)`: one line about one exchange, without secrets. */
export function describe(exchange: Exchange): string {
  const url = new URL(exchange.displayUrl);
  return `${exchange.method} ${url.pathname}${url.search} → ${exchange.status} (${exchange.purpose})`;
}

export class HttpRecorder {
  readonly exchanges: Exchange[] = [];

  constructor(
    private readonly timeoutMs: number,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async get(url: string, options: RequestOptions): Promise<Exchange> {
    const headers: Record<string, string> = { 'accept-encoding': 'identity', ...options.headers };
    const startedAt = new Date();
    let response: Response;
    let body: Uint8Array;
    try {
      response = await this.fetchImpl(url, {
        method: 'GET',
        headers,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      body = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason =
        (error as Error).name === 'TimeoutError'
          ? `geen antwoord binnen ${Math.round(this.timeoutMs / 1000)} s`
          : (cause?.code ?? cause?.message ?? (error as Error).message);
      throw new NetworkError(maskUrl(url), `${maskUrl(url)} is niet bereikbaar: ${reason}`);
    }
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      responseHeaders[name.toLowerCase()] = value;
    });
    const exchange: Exchange = {
      purpose: options.purpose,
      method: 'GET',
      url,
      displayUrl: maskUrl(url),
      status: response.status,
      headers: responseHeaders,
      body,
      text: new TextDecoder('utf-8').decode(body),
      startedAt,
      finishedAt: new Date(),
    };
    this.exchanges.push(exchange);
    return exchange;
  }
}

/** The media type of a response without parameters, lowercase (`application/json`). */
export function mediaTypeOf(exchange: Exchange): string {
  return (exchange.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}
