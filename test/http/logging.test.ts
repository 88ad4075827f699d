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
