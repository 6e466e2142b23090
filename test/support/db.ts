import { Client } from 'pg';

/** Admin connection string for creating and dropping test databases. */
export const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** Set by global-setup for the whole run (read lazily: workers see it once the setup ran). */
export function templateDb(): string {
  const name = process.env.TEST_TEMPLATE_DB;
  if (!name) throw new Error('TEST_TEMPLATE_DB is not set: integration tests run through jest (global-setup)');
  return name;
}

/** A database name of this run: `langnghe_test_<run>_<suffix>`. */
export function runDatabaseName(suffix: string): string {
  return `langnghe_test_${process.env.TEST_RUN_ID ?? '0'}_${suffix}`;
}

export function databaseUrl(name: string, admin = adminUrl): string {
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdmin<T>(fn: (client: Client) => Promise<T>, admin = adminUrl): Promise<T> {
  const client = new Client({ connectionString: admin });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(client: Client, name: string): Promise<void> {
  await client.query(`drop database if exists "${name}" with (force)`);
}

/** PostgreSQL as an app sees it in an outage: the database's connections cut, new ones refused. */
export async function cutConnections(name: string): Promise<void> {
  await withAdmin(async (client) => {
    await client.query(`alter database "${name}" with allow_connections false`);
    await client.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
  });
}

export async function allowConnections(name: string): Promise<void> {
  await withAdmin((client) => client.query(`alter database "${name}" with allow_connections true`));
}
