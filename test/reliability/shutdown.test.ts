import { connect } from 'node:net';
import t from 'tap';
import { parseResponse } from '../helpers/raw-http.js';
import { freePort, startServer } from '../helpers/processes.js';
import { startTestService, testDatabaseUrl, testDataDir } from '../helpers/service.js';

/**
 * A request in flight: a POST whose headers and first part of the body are sent now; the
 * rest (and anything pipelined after it) when `finish` is called. `answer` is everything the
 * server sent on the connection; `closed` settles when it closes the connection.
 */
async function requestInFlight(port: number): Promise<{ finish(after?: string): void; answer(): string; closed: Promise<void> }> {
  const body = JSON.stringify({ app_credential: 'x'.repeat(200) });
  const socket = connect(port, '127.0.0.1');
  let answer = '';
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
  socket.write(`POST /v1/sessies HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 50)}`);
  return { finish: (after = '') => socket.write(`${body.slice(50)}${after}`), answer: () => answer, closed };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** SIGTERM drains (issue 11, item 4): a request in flight is answered, then the process exits 0. */
t.test('SIGTERM: the request in flight is answered in full, new connections are refused, exit 0', async (t) => {
  const port = await freePort();
  const databaseUrl = await testDatabaseUrl(t);
  const server = await startServer({
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: testDataDir(t),
    LOG_LEVEL: 'info',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  t.teardown(() => server.stop());

  // A request in flight: its body arrives in two parts, SIGTERM in between.
  const inFlight = await requestInFlight(port);
  await pause(300);
  const exited = new Promise<number | null>((resolve) => server.process.once('exit', (code) => resolve(code)));
  server.process.kill('SIGTERM');
  await pause(500);

  const refused = await new Promise<boolean>((resolve) => {
    const late = connect(port, '127.0.0.1');
    late.on('error', () => resolve(true));
    late.on('connect', () => {
      late.destroy();
      resolve(false);
    });
  });
  t.ok(refused, 'a new connection is refused while draining');
  t.equal(server.process.exitCode, null, 'the process waits for the request in flight');

  inFlight.finish();
  await inFlight.closed;
  const res = parseResponse(inFlight.answer());
  t.ok(res.statusCode >= 200 && res.statusCode < 600, `the request in flight got its answer (${res.statusCode})`);
  t.match(res.headers['content-type'], /^application\/problem\+json/, 'a complete problem answer');
  t.equal(await exited, 0, 'then the process exits 0');
  t.match(server.output(), /draining requests in flight/);
});

/**
 * A request that still arrives while the service drains (here: pipelined behind one in
 * flight, on the same connection) is answered with a 503 problem that says when to come back
 * and closes the connection; the route does not run (src/http/draining.ts).
 */
t.test('draining: a request arriving on an open connection gets 503 with Retry-After and Connection: close', async (t) => {
  const { app } = await startTestService(t);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };

  const inFlight = await requestInFlight(port);
  await pause(200);
  const closing = app.close();
  await pause(100);
  inFlight.finish('GET /v1/openapi.json HTTP/1.1\r\nHost: x\r\n\r\n');
  await inFlight.closed;
  await closing;

  const answer = inFlight.answer();
  const second = answer.indexOf('HTTP/1.1', 1);
  t.ok(second > 0, `two answers on the connection (${answer.slice(0, 40)})`);
  const late = parseResponse(answer.slice(second));
  t.equal(late.statusCode, 503, 'the late request is refused with 503');
  t.match(late.headers['content-type'], /^application\/problem\+json/, 'as a problem');
  t.match(late.headers['retry-after'], /^\d+$/, 'saying when to try again');
  t.equal(late.headers.connection, 'close', 'and closing the connection');
  t.match(JSON.parse(late.body), { status: 503, type: 'urn:blauwe-knop:probleem:niet-beschikbaar' }, 'the problem body names the status');
});
