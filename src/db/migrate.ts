import fs from 'node:fs';
import path from 'node:path';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { Client } from 'pg';
import type { Database } from './client';

/** Fixed key of the advisory lock that serialises migrations across processes (drizzle-orm#874). */
const MIGRATION_LOCK_KEY = 7_117_001;

/** migrations/ sits at the project root, both under src/ (tsx, tests) and dist/src/ (built). */
function findMigrationsFolder(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'migrations');
    if (fs.existsSync(path.join(candidate, 'meta', '_journal.json'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('migrations/ folder not found');
    dir = parent;
  }
}

export const migrationsFolder = findMigrationsFolder();

/**
 * Applies pending migrations on one session that holds the lock: the pool's statement and lock timeouts do not
 * apply to them (an index build may take minutes, and waiting for the lock is the point).
 */
export async function runMigrations(database: Database, folder = migrationsFolder): Promise<void> {
  const client = await database.pool.connect();
  try {
    await client.query('set statement_timeout = 0');
    await client.query('set lock_timeout = 0');
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await migrate(drizzle(client), { migrationsFolder: folder });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      await client.query('reset statement_timeout; reset lock_timeout');
    }
  } finally {
    client.release();
  }
}

let expectedHashes: string[] | undefined;

/** Number of migration files not yet applied to this database (0 = ready); used by /readyz. */
export async function pendingMigrationCount(database: Database): Promise<number> {
  expectedHashes ??= readMigrationFiles({ migrationsFolder }).map((m) => m.hash);
  const applied = await database.pool
    .query<{ hash: string }>('select hash from drizzle.__drizzle_migrations')
    .then((r) => new Set(r.rows.map((row) => row.hash)))
    .catch(() => new Set<string>());
  return expectedHashes.filter((hash) => !applied.has(hash)).length;
}

/**
 * Creates the database named in `url` when the server does not have it yet (a fresh PostgreSQL: `npm run seed`
 * or the first start just work). Needs CREATEDB; without it, or when the maintenance database is unreachable,
 * it does nothing and the real connection reports the problem.
 */
export async function createDatabaseIfMissing(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) return false;
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.toString(), connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount) return false;
    await client.query(`create database "${name.replace(/"/g, '""')}"`);
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
