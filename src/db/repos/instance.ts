import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { deploymentInstance } from '../schema';

/**
 * The id of this database as a deployment: a random token written at the first start, mixed with the
 * database's oid so that a backup restored into a new database (same token, reused row ids) is a new
 * instance too. Lower-case hex, stable for the life of the database.
 */
export async function ensureInstanceId(db: DbOrTx): Promise<string> {
  await db
    .insert(deploymentInstance)
    .values({ id: 1, token: randomBytes(16).toString('hex') })
    .onConflictDoNothing({ target: deploymentInstance.id });
  const result = await db.execute<{ token: string; oid: string }>(
    sql`select i.token, d.oid::text as oid from ${deploymentInstance} i, pg_database d where i.id = 1 and d.datname = current_database()`,
  );
  const row = result.rows[0];
  if (!row) throw new Error('deployment_instance row missing after insert');
  return createHash('sha256').update(`${row.token}:${row.oid}`).digest('hex').slice(0, 12);
}
