import autocannon from 'autocannon';
import { createPopulation, startServers, tokensFor } from './bench/population.ts';
const mode = process.argv[2] ?? 'repeated';
const pop = await createPopulation(300);
const tokens = await tokensFor(pop, 300);
process.env.BENCH_SERVER_NODE_ARGS = '--cpu-prof --cpu-prof-dir=/tmp/perfprof/p-' + mode;
const s = await startServers(pop);

let i = 0;
const r = await autocannon({ url: `http://127.0.0.1:${s.service}`, connections: 10, duration: 8, requests: [{ method: 'GET', path: '/v1/financiele-verplichtingen', setupRequest: (q) => ({ ...q, headers: { authorization: `Bearer ${tokens[mode === 'repeated' ? 0 : i++ % tokens.length]}` } }) }] });
console.log(mode, r.requests.average, r.non2xx);
await s.stop(); await pop.remove();
