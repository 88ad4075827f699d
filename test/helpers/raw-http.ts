import { connect } from 'node:net';

export interface RawResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  raw: string;
}

/**
 * Sends bytes as they are over a plain TCP connection and parses the answer. Fetch and
 * inject both refuse or normalise malformed requests (raw non-ASCII paths, oversized
 * headers), so the framework-level errors can only be reached this way.
 */
export function sendRaw(port: number, request: string | Buffer, timeoutMs = 10_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('no answer in time'));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(parseResponse(Buffer.concat(chunks).toString('utf8')));
    });
    // No half-close: Node's server aborts a request whose client has ended its side. The
    // server closes after answering (send `Connection: close`, or a request it refuses).
    socket.write(request);
  });
}

export function parseResponse(raw: string): RawResponse {
  const split = raw.indexOf('\r\n\r\n');
  const head = split >= 0 ? raw.slice(0, split) : raw;
  const body = split >= 0 ? raw.slice(split + 4) : '';
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { statusCode: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0), headers, body, raw };
}
