import t from 'tap';
import { capturingLogger } from '../helpers/log-sink.js';
import { bearer, startTestService } from '../helpers/service.js';

t.test('no BSN and no token ever reach the log', async (t) => {
  const { logger, lines } = capturingLogger();
  const service = await startTestService(t, { logger });
  const bsn = '999993653';
  const token = await service.tokenFor(bsn);
  await service.get('/v1/financiele-verplichtingen', bearer(token));
  await service.get(`/v1/financiele-verplichtingen?bsn=${bsn}`, bearer(token));
  await service.get(`/v1/${bsn}`, bearer(token));
  await service.get(`/v1/financiele-verplichtingen?access_token=${token}`);
  const log = lines.join('');
  t.ok(lines.length > 4, 'requests were logged');
  t.notMatch(log, bsn, 'no BSN in any log line');
  t.notMatch(log, token.split('.')[2]!, 'no token in any log line');
  t.match(log, /"trace_id":"[0-9a-f]{32}"/, 'log lines carry the trace id');
  t.match(log, /"reqId":"[0-9a-f-]{36}"/, 'log lines carry the request id');
});

t.test('a continued trace is in every log line of its request: trace, span and parent span', async (t) => {
  const { logger, lines } = capturingLogger();
  const service = await startTestService(t, { logger });
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const parent = '00f067aa0ba902b7';
  const res = await service.get('/v1/organisatie', { traceparent: `00-${traceId}-${parent}-01` });
  const spanId = /^00-[0-9a-f]{32}-([0-9a-f]{16})-01$/.exec(String(res.headers.traceparent))?.[1];
  const own = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.trace_id === traceId);
  t.ok(own.length >= 2, 'the request was logged, incoming and completed, under the incoming trace id');
  for (const line of own) {
    t.equal(line.span_id, spanId, 'with the span id the response passes on');
    t.equal(line.parent_span_id, parent, 'and the caller’s span as its parent');
    t.match(line.reqId, /^[0-9a-f-]{36}$/, 'and the request id');
  }
  await service.get('/v1/organisatie');
  const fresh = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => typeof line.trace_id === 'string' && line.trace_id !== traceId);
  t.ok(fresh.length >= 1 && fresh.every((line) => !('parent_span_id' in line)), 'a new trace has no parent span');
});
