/**
 * The request logger makes its pino child only when a line is written, and such a line
 * carries the request's bindings (request id, trace id) as before.
 */
import t from 'tap';
import { DeferredChildLogger } from '../../src/http/request-logger.js';
import { capturingLogger } from '../helpers/log-sink.js';
import { startTestService } from '../helpers/service.js';

function countingChildren(level: string) {
  const { logger, lines } = capturingLogger();
  logger.level = level;
  const made = { children: 0 };
  const child = logger.child.bind(logger);
  logger.child = ((bindings, options) => {
    made.children++;
    return child(bindings, options);
  }) as typeof logger.child;
  return { logger, lines, made };
}

t.test('no child until a line is written; then one, with the bindings', async (t) => {
  const { logger, lines, made } = countingChildren('warn');
  const log = new DeferredChildLogger(logger, { reqId: 'r-1', trace_id: 'a'.repeat(32) }, {});
  t.equal(log.level, 'warn', 'the level of the parent');
  log.info('not written at warn');
  log.debug({ some: 'thing' }, 'nor this');
  t.equal(made.children, 0, 'nothing written: no child made');
  t.equal(lines.length, 0);
  log.warn({ detail: 1 }, 'written');
  log.error('also written');
  t.equal(made.children, 1, 'one child, made at the first line');
  t.equal(lines.length, 2);
  const first = JSON.parse(lines[0]!) as Record<string, unknown>;
  t.match(first, { reqId: 'r-1', trace_id: 'a'.repeat(32), detail: 1, msg: 'written', level: 40 }, 'the line carries the bindings');
  t.ok(log.isLevelEnabled('error') && !log.isLevelEnabled('info'));
});

t.test('a level given for the child (a route logLevel) counts, not the parent\'s', async (t) => {
  const { logger, lines } = countingChildren('info');
  const log = new DeferredChildLogger(logger, { reqId: 'r-2' }, { level: 'error' });
  t.equal(log.level, 'error');
  log.warn('below the route level');
  t.equal(lines.length, 0);
  log.error('at it');
  t.equal(lines.length, 1);
});

t.test('a service at level warn serves requests without making request loggers', async (t) => {
  const { logger, lines, made } = countingChildren('warn');
  const service = await startTestService(t, { logger });
  await service.get('/v1/organisatie');
  // Start-up may make children of its own (the database's logger, say): count from here.
  const before = made.children;
  for (let i = 0; i < 5; i++) t.equal((await service.get('/v1/organisatie')).statusCode, 200);
  t.equal(made.children, before, 'no pino child for requests that log nothing');
  logger.level = 'info';
  await service.get('/v1/organisatie');
  t.ok(made.children > before, 'at info a request logs, through a child');
  t.match(lines.join(''), /"trace_id":"[0-9a-f]{32}"/, 'with its trace id');
});
