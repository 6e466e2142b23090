import type { PgPreparedQuery, PreparedQueryConfig } from 'drizzle-orm/pg-core';
import type { QueryResultRow } from 'pg';
import type { DbOrTx } from './client';

/**
 * Prepared statements for hot paths, inside transactions too.
 *
 * Drizzle builds a statement's SQL on every call: on a 2-core machine that is 100 to 200 µs of CPU, about a
 * fifth of the inbound worker's time (docs/BENCHMARKS.md). `.prepare(name)` builds it once, and pg parses a
 * named statement once per connection, but a drizzle prepared query belongs to the handle it was made on.
 * `preparedStatements(build)` builds the set once (on the first handle it sees) and hands out copies bound to
 * the handle of each call: the pool, or the connection of the caller's transaction. The SQL of a name never
 * changes, so one connection may serve them all.
 */

// drizzle's node-postgres session keeps its pg client (a Pool, or the transaction's PoolClient) as `client`.
interface Queryable {
  query(config: { name: string; text: string }, values: unknown[]): Promise<{ rows: QueryResultRow[] }>;
}

function clientOf(handle: DbOrTx): Queryable {
  const client = (handle._.session as unknown as { client?: Queryable }).client;
  if (!client || typeof client.query !== 'function') throw new Error('drizzle session without a pg client');
  return client;
}

type Statement = PgPreparedQuery<PreparedQueryConfig>;

export function preparedStatements<T extends Record<string, Statement>>(build: (handle: DbOrTx) => T): (handle: DbOrTx) => T {
  let built: T | null = null;
  return (handle) => {
    built ??= build(handle);
    const client = clientOf(handle);
    const bound = {} as Record<string, Statement>;
    for (const [key, statement] of Object.entries(built)) {
      bound[key] = Object.create(statement, { client: { value: client } }) as Statement;
    }
    return bound as T;
  };
}

/** A fixed SQL text run as a named statement on the handle's connection (parsed once per connection). */
export function preparedSql<R extends QueryResultRow>(name: string, text: string) {
  const config = { name, text };
  return async (handle: DbOrTx, values: unknown[]): Promise<R[]> => (await clientOf(handle).query(config, values)).rows as R[];
}
