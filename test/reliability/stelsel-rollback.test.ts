/**
 * An organisation never goes back to an older scheme document, also not after a restart
 * (issue 11, item 9): the newest accepted `uitgegeven_op` is kept in its database.
 * Runs on SQLite, and on PostgreSQL when DATABASE_URL says so.
 */
import { createServer } from 'node:http';
import pino from 'pino';
import t from 'tap';
import { loggerOptions } from '../../src/logging.js';
import { createRoleService } from '../../src/roles/index.js';
import type { OrganisatieContext } from '../../src/roles/organisatie/context.js';
import { runStelsel } from '../../src/roles/stelselbeheerder/commando.js';
import { startRoleService, startStelselbeheerder } from '../helpers/centraal.js';

t.test('after a restart an older scheme document is refused as a rollback', async (t) => {
  let offsetMs = -3_600_000;
  const operatorNow = () => new Date(Date.now() + offsetMs);
  const operator = await startStelselbeheerder(t, { now: operatorNow });
  const signed = async () => {
    await runStelsel(['publish'], { config: operator.ctx.config, db: operator.ctx.db, keyring: operator.ctx.keyring, now: operatorNow, out: () => undefined });
    return (await operator.app.inject({ url: '/v1/stelseldocument', headers: { accept: 'application/jose' } })).body;
  };
  const older = await signed(); // version N-1, issued an hour ago
  offsetMs = 0;
  const newer = await signed(); // version N, issued now

  // The operator as the organisation reaches it: serving whichever document the test says.
  let serving = newer;
  const server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/jose' }).end(serving));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  const stelselUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/v1`;
  const env = { STELSEL_URL: stelselUrl, STELSEL_SLEUTEL: operator.sleutelPath, STELSEL_VERVERS_SECONDEN: '0' };
  const uitgegevenOp = (jws: string) => (JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString()) as { uitgegeven_op: string }).uitgegeven_op;
  const stelselOf = (ctx: OrganisatieContext) => ctx.plus!.dienst.stelsel;

  const first = await startRoleService(t, 'organisatie', { env });
  const accepted = await stelselOf(first.ctx as OrganisatieContext).document();
  t.equal(accepted.uitgegeven_op, uitgegevenOp(newer), 'version N accepted');
  await first.app.close();

  // Restarted on the same database and data folder; the operator (or someone between) now offers N-1.
  serving = older;
  const restarted = await createRoleService(first.ctx.config, { logger: pino(loggerOptions('silent')) });
  t.teardown(() => restarted.app.close());
  await t.rejects(stelselOf(restarted.ctx as OrganisatieContext).document(), { code: 'ERR_STELSEL_UNAVAILABLE', message: /ouder dan het laatst geaccepteerde/ }, 'N-1 refused after the restart');
  serving = newer;
  t.equal((await stelselOf(restarted.ctx as OrganisatieContext).document()).uitgegeven_op, uitgegevenOp(newer), 'N itself is still accepted');

  // The refusal comes from what the database remembers: a new organisation accepts N-1.
  serving = older;
  const fresh = await startRoleService(t, 'organisatie', { env });
  t.equal((await stelselOf(fresh.ctx as OrganisatieContext).document()).uitgegeven_op, uitgegevenOp(older), 'an organisation with its own, new database accepts N-1');
});
