import { createDatabase } from '../../src/db/client';
import { runMigrations } from '../../src/db/migrate';
import { databaseUrl, dropDatabase, templateDb, withAdmin } from './db';

/**
 * Migrates a template database once per run; each integration test file clones it (CREATE DATABASE …
 * TEMPLATE), which is fast and keeps files isolated (Immich's pattern).
 */
export default async function globalSetup(): Promise<void> {
  await withAdmin(async (client) => {
    // Leftovers of an interrupted earlier run.
    const stale = await client.query<{ datname: string }>(
      "select datname from pg_database where datname like 'langnghe_test_%' and datname <> $1",
      [templateDb],
    );
    for (const row of stale.rows) await dropDatabase(client, row.datname);
    await dropDatabase(client, templateDb);
    await client.query(`create database "${templateDb}"`);
  });
  const database = createDatabase(databaseUrl(templateDb), { poolSize: 2 });
  try {
    await runMigrations(database);
  } finally {
    await database.close();
  }
}
