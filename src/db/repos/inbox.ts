import { and, asc, eq, inArray, isNull, lt, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { preparedSql, preparedStatements } from '../prepared';
import { inboxEvents, type InboxEvent } from '../schema';

const lockSender = preparedSql<{ commune_id: number; zalo_user_id: string | null; locked: boolean }>(
  'inbox_try_lock_sender',
  `select commune_id, zalo_user_id,
     (zalo_user_id is null or pg_try_advisory_xact_lock(commune_id, hashtext(zalo_user_id))) as locked
   from inbox_events where id = $1`,
);

/**
 * Finds whose event the inbox row is and tries to serialise everything about that Zalo user of that commune
 * for the rest of the transaction: the key that keeps conversation state from racing when two workers hold
 * events of the same resident. The lock is tried, not waited for (`locked` false: another transaction holds
 * the resident), so a chatty resident never occupies more than one worker. Events without a user (OA-level)
 * take no lock. Null when the row does not exist.
 */
export async function lockSenderOf(
  tx: DbOrTx,
  inboxId: number,
): Promise<{ communeId: number; zaloUserId: string | null; locked: boolean } | null> {
  const [row] = await lockSender(tx, [inboxId]);
  return row ? { communeId: row.commune_id, zaloUserId: row.zalo_user_id, locked: row.locked } : null;
}

// The hot path's statements, built once (db/prepared.ts).
const statements = preparedStatements((db) => {
  const oldest = db
    .select({ id: inboxEvents.id })
    .from(inboxEvents)
    .where(
      and(
        eq(inboxEvents.communeId, sql.placeholder('communeId')),
        eq(inboxEvents.zaloUserId, sql.placeholder('zaloUserId')),
        sql`${inboxEvents.status} = 'pending'`,
        lte(inboxEvents.id, sql.placeholder('maxId')),
      ),
    )
    .orderBy(asc(inboxEvents.id))
    .limit(1)
    .for('update');
  return {
    takeOldestPending: db
      .update(inboxEvents)
      .set({ status: 'processed', processedAt: sql`${sql.placeholder('now')}::timestamptz`, lastError: null })
      .where(eq(inboxEvents.id, sql`(${oldest})`))
      .returning()
      .prepare('inbox_take_oldest_pending'),
    mark: db
      .update(inboxEvents)
      .set({
        status: sql`${sql.placeholder('status')}`,
        processedAt: sql`${sql.placeholder('now')}::timestamptz`,
        lastError: sql`${sql.placeholder('lastError')}`,
      })
      .where(eq(inboxEvents.id, sql.placeholder('id')))
      .prepare('inbox_mark'),
  };
});

/**
 * Takes the user's oldest pending event up to `maxId` (arrival order): locks it and marks it `processed` in
 * the caller's transaction, in one statement. The caller handles it in that same transaction, so a failure
 * rolls the mark back with everything else and the row is pending again. The row is returned as updated.
 */
export async function takeOldestPendingForUser(
  tx: DbOrTx,
  communeId: number,
  zaloUserId: string | null,
  maxId: number,
  now: Date,
): Promise<InboxEvent | undefined> {
  if (zaloUserId !== null)
    return (await statements(tx).takeOldestPending.execute({ communeId, zaloUserId, maxId, now }))[0];
  const oldest = tx
    .select({ id: inboxEvents.id })
    .from(inboxEvents)
    .where(
      and(
        eq(inboxEvents.communeId, communeId),
        isNull(inboxEvents.zaloUserId),
        eq(inboxEvents.status, 'pending'),
        lte(inboxEvents.id, maxId),
      ),
    )
    .orderBy(asc(inboxEvents.id))
    .limit(1)
    .for('update');
  const [row] = await tx
    .update(inboxEvents)
    .set({ status: 'processed', processedAt: now, lastError: null })
    .where(eq(inboxEvents.id, sql`(${oldest})`))
    .returning();
  return row;
}

export async function markInbox(
  db: DbOrTx,
  id: number,
  status: 'processed' | 'failed',
  now: Date,
  lastError: string | null = null,
): Promise<void> {
  await statements(db).mark.execute({ id, status, now, lastError });
}

/** Counts a failed attempt; returns the attempts made so far. */
export async function recordInboxFailure(db: DbOrTx, id: number, error: string): Promise<number> {
  const [row] = await db
    .update(inboxEvents)
    .set({ attempts: sql`${inboxEvents.attempts} + 1`, lastError: error.slice(0, 500) })
    .where(eq(inboxEvents.id, id))
    .returning({ attempts: inboxEvents.attempts });
  return row?.attempts ?? 0;
}

/** Pending rows older than `before`: events whose job was never queued (Redis down) or was lost. */
export async function stalePendingInbox(db: DbOrTx, before: Date, limit: number): Promise<number[]> {
  const rows = await db
    .select({ id: inboxEvents.id })
    .from(inboxEvents)
    .where(and(eq(inboxEvents.status, 'pending'), lt(inboxEvents.receivedAt, before)))
    .orderBy(asc(inboxEvents.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

/**
 * Operators' re-drive: `failed` events back to `pending` with their attempts reset, all communes or one; `reason`
 * matches the start of `last_error` (its error type, e.g. `DrizzleQueryError`). Returns the ids, oldest first.
 */
export async function redriveFailedInbox(
  db: DbOrTx,
  filter: { communeId: number | null; reason: string | null },
  limit = 10_000,
): Promise<number[]> {
  const conditions = [eq(inboxEvents.status, 'failed')];
  if (filter.communeId !== null) conditions.push(eq(inboxEvents.communeId, filter.communeId));
  if (filter.reason !== null) conditions.push(sql`starts_with(${inboxEvents.lastError}, ${filter.reason})`);
  const picked = db
    .select({ id: inboxEvents.id })
    .from(inboxEvents)
    .where(and(...conditions))
    .orderBy(asc(inboxEvents.id))
    .limit(limit);
  const rows = await db
    .update(inboxEvents)
    .set({ status: 'pending', attempts: 0, processedAt: null })
    .where(and(inArray(inboxEvents.id, picked), eq(inboxEvents.status, 'failed')))
    .returning({ id: inboxEvents.id });
  return rows.map((r) => r.id).sort((a, b) => a - b);
}
