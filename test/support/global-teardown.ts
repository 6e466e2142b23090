import { dropDatabase, withAdmin } from './db';

/** Drops this run's template and any database a test file left behind. */
export default async function globalTeardown(): Promise<void> {
  const runId = process.env.TEST_RUN_ID;
  if (!runId) return;
  await withAdmin(async (client) => {
    const mine = await client.query<{ datname: string }>('select datname from pg_database where datname like $1', [
      `langnghe\\_test\\_${runId}\\_%`,
    ]);
    for (const { datname } of mine.rows) await dropDatabase(client, datname);
  });
}
