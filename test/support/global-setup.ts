import { createDatabase } from '../../src/db/client';
import { runMigrations } from '../../src/db/migrate';
import { databaseUrl, dropDatabase, withAdmin } from './db';

/**
 * Migrates a template database once per run; each integration test file clones it (CREATE DATABASE …
 * TEMPLATE), which is fast and keeps files isolated (Immich's pattern). Names carry the run's process id, so
 * runs on one machine never touch each other's databases; leftovers of runs whose process is gone (an
 * interrupted run) are dropped here.
 */
export default async function globalSetup(): Promise<void> {
  const runId = String(process.pid);
  process.env.TEST_RUN_ID = runId;
  const template = `langnghe_test_${runId}_template`;
  process.env.TEST_TEMPLATE_DB = template;
  await withAdmin(async (client) => {
    const existing = await client.query<{ datname: string }>("select datname from pg_database where datname like 'langnghe\\_test\\_%'");
    for (const { datname } of existing.rows) {
      const pid = Number(/^langnghe_test_(\d+)_/.exec(datname)?.[1]);
      if (!Number.isInteger(pid) || pid === process.pid || !alive(pid)) await dropDatabase(client, datname);
    }
    await client.query(`create database "${template}"`);
  });
  const database = createDatabase(databaseUrl(template), { poolSize: 2 });
  try {
    await runMigrations(database);
  } finally {
    await database.close();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
