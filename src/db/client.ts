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

/** Server-side limits of every session of a pool; 0 disables one (PostgreSQL's own default). */
export interface SessionLimits {
  /** Longest a statement may run. */
  statementTimeoutMs: number;
  /** Longest a statement may wait for a lock: a stuck holder fails the waiter instead of piling work up. */
  lockTimeoutMs: number;
  /** A session left idle inside a transaction (a crashed or hung caller) is ended and its locks freed. */
  idleInTransactionTimeoutMs: number;
  /** Longest wait for a new connection. */
  connectTimeoutMs: number;
}

/** The workers' pool and the CLIs: long enough for any transaction of ours, short enough to free a stuck lock. */
export const defaultSessionLimits: SessionLimits = {
  statementTimeoutMs: 30_000,
  lockTimeoutMs: 5_000,
  idleInTransactionTimeoutMs: 60_000,
  connectTimeoutMs: 5_000,
};

export function createDatabase(
  url: string,
  options: { poolSize: number; applicationName?: string; limits?: SessionLimits },
): Database {
  const limits = options.limits ?? defaultSessionLimits;
  const pool = new Pool({
    connectionString: url,
    max: options.poolSize,
    application_name: options.applicationName ?? 'langnghe',
    connectionTimeoutMillis: limits.connectTimeoutMs,
    // Sent in the startup packet, so every session of the pool has them before its first statement.
    statement_timeout: limits.statementTimeoutMs,
    lock_timeout: limits.lockTimeoutMs,
    idle_in_transaction_session_timeout: limits.idleInTransactionTimeoutMs,
    // A server that vanished without a FIN (a failover, a dropped NAT entry) is noticed by the kernel instead
    // of leaving a pooled connection hanging until the next write.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
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
