import fs from 'node:fs';
import path from 'node:path';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
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

export async function runMigrations(database: Database, folder = migrationsFolder): Promise<void> {
  const client = await database.pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await migrate(database.db, { migrationsFolder: folder });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
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
