import { ConfigError, loadConfig, loadEnvFile } from '../config';
import { secretBoxOf } from '../secrets';
import { createDatabase } from './client';
import { createDatabaseIfMissing, runMigrations } from './migrate';
import { ensureCommune, firstCommuneSettings } from './repos/communes';
import { seedDemoCommune } from './seed';

/**
 * `npm run seed` (or `node dist/src/db/seed-cli.js` in the image): migrates, makes sure the environment's
 * commune exists, and fills it with the demo commune. Safe to run on every start (compose does, in simulator
 * mode). Demo data has no place in production, so NODE_ENV=production is refused unless the command line says
 * `--allow-production`.
 */
async function main(): Promise<void> {
  loadEnvFile();
  const config = loadConfig();
  if (config.NODE_ENV === 'production' && !process.argv.includes('--allow-production')) {
    process.stderr.write(
      'seed: refusing to add demo data with NODE_ENV=production; pass --allow-production if you mean it\n',
    );
    process.exit(2);
  }
  await createDatabaseIfMissing(config.DATABASE_URL);
  const database = createDatabase(config.DATABASE_URL, { poolSize: 2, applicationName: 'langnghe-seed' });
  try {
    await runMigrations(database);
    const commune = await ensureCommune(database.db, firstCommuneSettings(config), secretBoxOf(config));
    const summary = await seedDemoCommune(database.db, { communeId: commune.id, now: new Date() });
    process.stdout.write(
      `seeded ${commune.name}: ${summary.agencies} agencies, ${summary.categories} categories, ${summary.areas} areas, ` +
        `${summary.routingRules} routing rules, ${summary.staff} staff (${summary.linkedStaff} linked to a Zalo account)\n`,
    );
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    `${err instanceof ConfigError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
