import { connect, type Socket } from 'node:net';
import t from 'tap';
import { startRoleService } from '../helpers/centraal.js';
import { parseResponse } from '../helpers/raw-http.js';

/**
 * Slow and idle clients are cut off (issue 11, item 5): 3,000 dripping POSTs once stayed
 * open for ever. Here the bounds are short, so the test does not wait long.
 */
const LIMITS = { HTTP_HEADERS_TIMEOUT_MS: '500', HTTP_REQUEST_TIMEOUT_MS: '1000', HTTP_IDLE_TIMEOUT_MS: '1500', HTTP_MAX_CONNECTIONS: '20' };

interface Outcome {
  closed: boolean;
  answer: string;
}

/** Opens a connection, lets `behave` drip on it, and reports whether the server closed it within `withinMs`. */
function watch(port: number, behave: (socket: Socket) => void, withinMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ closed: false, answer });
    }, withinMs);
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ closed: true, answer });
    });
    socket.on('connect', () => behave(socket));
  });
}

function drip(socket: Socket, text: string, everyMs: number): void {
  let i = 0;
  const interval = setInterval(() => {
    if (socket.destroyed || i >= text.length) return clearInterval(interval);
    socket.write(text[i++]!);
  }, everyMs);
  socket.on('close', () => clearInterval(interval));
}

t.test('dripping bodies, dripping headers and idle connections are closed; connections are bounded', async (t) => {
  const service = await startRoleService(t, 'organisatie', { listen: true, env: LIMITS });
  const port = Number(new URL(service.baseUrl).port);

  const body = await watch(port, (socket) => {
    socket.write('POST /v1/sessies HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n');
    drip(socket, '{"app_credential":"' + 'a'.repeat(9000), 100);
  }, 8000);
  t.ok(body.closed, 'a dripping body is cut off');
  const bodyAnswer = parseResponse(body.answer);
  t.equal(bodyAnswer.statusCode, 408, 'with a 408');
  t.match(bodyAnswer.headers['content-type'], /^application\/problem\+json/);
  t.ok(bodyAnswer.headers['api-version'], 'and API-Version');

  const headers = await watch(port, (socket) => drip(socket, `GET /v1/organisatie HTTP/1.1\r\nHost: x\r\nX-Traag: ${'b'.repeat(500)}`, 50), 8000);
  t.ok(headers.closed, 'dripping headers are cut off');

  const idle = await watch(port, () => undefined, 8000);
  t.ok(idle.closed, 'a connection that sends nothing is closed');

  // Many more connections than allowed: the surplus is refused at once.
  const sockets = await Promise.all(
    Array.from({ length: 60 }, () => new Promise<Socket>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => resolve(socket));
      socket.on('error', () => undefined);
    })),
  );
  await new Promise((resolve) => setTimeout(resolve, 300));
  const open = sockets.filter((socket) => !socket.destroyed && !socket.readableEnded).length;
  for (const socket of sockets) socket.destroy();
  t.ok(open <= 20, `at most HTTP_MAX_CONNECTIONS stay open (${open})`);
  // The service still answers once those connections are gone (the server sees them close
  // on its next turn).
  await new Promise((resolve) => setTimeout(resolve, 300));
  const after = await fetch(`${service.baseUrl}/organisatie`);
  t.equal(after.status, 200, 'and the service still answers');
});
