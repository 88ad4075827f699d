/**
 * Named points in start-up where a test can have the process killed (SIGKILL, as by
 * kill -9 or the OOM killer), to prove that a crash at any of them leaves a database the
 * next start completes (test/reliability/crash-during-start.test.ts; issue 11, item 3).
 *
 * Inert unless `BK_TEST_CRASH_AT` names the point, and always inert in production
 * (`BK_ENVIRONMENT=production`): there a stray variable must not be able to stop the service.
 */
export type CrashPointName =
  /** Inside the migration transaction, after the first pending migration ran. */
  | 'migraties-halverwege'
  /** The migrations are committed; the demo data is not there yet. */
  | 'migraties-klaar'
  /** Inside the seed transaction, after the organisations were inserted. */
  | 'seed-halverwege'
  /** The demo data is committed; the signing key is not made yet. */
  | 'seed-klaar'
  /** The signing key is recorded in the database, not yet written to the data folder. */
  | 'sleutel-geregistreerd'
  /** The signing key is in the database and the data folder; the service does not listen yet. */
  | 'sleutel-klaar';

export function crashPoint(name: CrashPointName): void {
  if (process.env.BK_ENVIRONMENT === 'production') return;
  if (process.env.BK_TEST_CRASH_AT !== name) return;
  process.kill(process.pid, 'SIGKILL');
}
