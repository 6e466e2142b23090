import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import * as schema from './schema';

export type Db = NodePgDatabase<typeof schema>;
/** A transaction handle; repositories take `Db | Tx` so use cases decide the transaction boundary. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
  pool: Pool;
  db: Db;
  close(): Promise<void>;
}

export function createDatabase(url: string, options: { poolSize: number; applicationName?: string }): Database {
  const pool = new Pool({
    connectionString: url,
    max: options.poolSize,
    application_name: options.applicationName ?? 'langnghe',
    connectionTimeoutMillis: 5_000,
  });
  // An idle client that loses its server emits 'error'; without a listener the process would crash.
  pool.on('error', () => undefined);
  const db = drizzle(pool, { schema });
  return {
    pool,
    db,
    close: () => pool.end(),
  };
}
