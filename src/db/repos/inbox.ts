import { and, asc, eq, inArray, isNull, lt, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { inboxEvents, type InboxEvent } from '../schema';

export async function findInboxEvent(db: DbOrTx, id: number): Promise<InboxEvent | undefined> {
  const [row] = await db.select().from(inboxEvents).where(eq(inboxEvents.id, id));
  return row;
}

/**
 * Serialises everything about one Zalo user of one commune for the rest of the transaction: the key that
 * keeps conversation state from racing when two workers hold events of the same resident.
 */
export async function lockUser(tx: DbOrTx, communeId: number, zaloUserId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${communeId}, hashtext(${zaloUserId}))`);
}

/** The user's oldest pending event up to `maxId` (arrival order), locked for this transaction. */
export async function oldestPendingForUser(
  tx: DbOrTx,
  communeId: number,
  zaloUserId: string | null,
  maxId: number,
): Promise<InboxEvent | undefined> {
  const [row] = await tx
    .select()
    .from(inboxEvents)
    .where(
      and(
        eq(inboxEvents.communeId, communeId),
        zaloUserId === null ? isNull(inboxEvents.zaloUserId) : eq(inboxEvents.zaloUserId, zaloUserId),
        eq(inboxEvents.status, 'pending'),
        lte(inboxEvents.id, maxId),
      ),
    )
    .orderBy(asc(inboxEvents.id))
    .limit(1)
    .for('update');
  return row;
}

export async function markInbox(
  db: DbOrTx,
  id: number,
  status: 'processed' | 'failed',
  now: Date,
  lastError: string | null = null,
): Promise<void> {
  await db.update(inboxEvents).set({ status, processedAt: now, lastError }).where(eq(inboxEvents.id, id));
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

export async function pendingInboxLag(db: DbOrTx, now: Date): Promise<{ pending: number; oldestSeconds: number }> {
  const [row] = await db
    .select({ pending: sql<number>`count(*)::int`, oldest: sql<Date | null>`min(${inboxEvents.receivedAt})` })
    .from(inboxEvents)
    .where(inArray(inboxEvents.status, ['pending']));
  const oldest = row?.oldest ? new Date(row.oldest) : null;
  return { pending: row?.pending ?? 0, oldestSeconds: oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0 };
}
