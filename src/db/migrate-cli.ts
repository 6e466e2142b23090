import { ConfigError, loadConfig, loadEnvFile } from '../config';
import { createDatabase } from './client';
import { createDatabaseIfMissing, runMigrations } from './migrate';

/** `npm run migrate`: applies pending migrations under the advisory lock, then exits. */
async function main(): Promise<void> {
  loadEnvFile();
  const config = loadConfig();
  await createDatabaseIfMissing(config.DATABASE_URL);
  const database = createDatabase(config.DATABASE_URL, { poolSize: 2, applicationName: 'langnghe-migrate' });
  try {
    await runMigrations(database);
    process.stdout.write('migrations applied\n');
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
