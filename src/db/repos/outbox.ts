import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { preparedSql, preparedStatements } from '../prepared';
import { outboxMessages, type OutboxMessage } from '../schema';

/**
 * The outbound worker's statements, built once and run as named statements (db/prepared.ts). The open
 * statuses are literals, so a generic plan can still use the partial index on open rows.
 */
const statements = preparedStatements((db) => {
  const id = sql.placeholder('id');
  const recipientOf = db
    .select({ communeId: outboxMessages.communeId, zaloUserId: outboxMessages.zaloUserId })
    .from(outboxMessages)
    .where(eq(outboxMessages.id, id));
  return {
    openOfRecipientOf: db
      .select()
      .from(outboxMessages)
      .where(
        and(
          sql`(${outboxMessages.communeId}, ${outboxMessages.zaloUserId}) = (${recipientOf})`,
          sql`${outboxMessages.status} in ('pending', 'sending')`,
        ),
      )
      .orderBy(asc(outboxMessages.id))
      .limit(sql.placeholder('limit'))
      .prepare('outbox_open_of_recipient_of'),
    open: db
      .select()
      .from(outboxMessages)
      .where(
        and(
          eq(outboxMessages.communeId, sql.placeholder('communeId')),
          eq(outboxMessages.zaloUserId, sql.placeholder('zaloUserId')),
          sql`${outboxMessages.status} in ('pending', 'sending')`,
        ),
      )
      .orderBy(asc(outboxMessages.id))
      .limit(sql.placeholder('limit'))
      .prepare('outbox_open'),
    sending: db
      .update(outboxMessages)
      .set({ status: 'sending', attempts: sql`${outboxMessages.attempts} + 1`, lastAttemptAt: sql`${sql.placeholder('now')}` })
      .where(
        and(
          eq(outboxMessages.id, id),
          eq(outboxMessages.status, sql`${sql.placeholder('status')}`),
          eq(outboxMessages.attempts, sql.placeholder('attempts')),
        ),
      )
      .returning({ attempts: outboxMessages.attempts })
      .prepare('outbox_sending'),
    sent: db
      .update(outboxMessages)
      .set({
        status: 'sent',
        zaloMessageId: sql`${sql.placeholder('zaloMessageId')}`,
        sentAt: sql`${sql.placeholder('now')}`,
        errorKind: null,
        errorCode: null,
        lastError: null,
      })
      .where(eq(outboxMessages.id, id))
      .prepare('outbox_sent'),
  };
});

export interface NewOutboxMessage {
  communeId: number;
  zaloUserId: string;
  message: Record<string, unknown>;
  purpose?: string;
  /** The case the message informs about: undelivered case updates continue down the delivery chain. */
  caseId?: number | null;
  dedupKey?: string | null;
  /** A reply to a resident's event: that event's receipt time (the reply-time histogram's start). */
  replyToReceivedAt?: Date | null;
}

export function hashText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

// Built once, whatever the number of rows: drizzle would build a multi-row INSERT on every call.
const insertRows = preparedSql<{ id: string }>(
  'outbox_insert',
  `insert into outbox_messages (commune_id, zalo_user_id, message, purpose, case_id, dedup_key, text_hash, reply_to_received_at)
   select commune_id, zalo_user_id, message, purpose, case_id, dedup_key, text_hash, reply_to_received_at
   from unnest($1::int[], $2::text[], $3::jsonb[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::timestamptz[])
     with ordinality as r(commune_id, zalo_user_id, message, purpose, case_id, dedup_key, text_hash, reply_to_received_at, ord)
   order by ord
   on conflict do nothing
   returning id`,
);

/** Inserts in order (ids follow the order given); rows whose dedup key exists are skipped. */
export async function insertOutbox(db: DbOrTx, rows: NewOutboxMessage[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const inserted = await insertRows(db, [
    rows.map((r) => r.communeId),
    rows.map((r) => r.zaloUserId),
    rows.map((r) => JSON.stringify(r.message)),
    rows.map((r) => r.purpose ?? 'reply'),
    rows.map((r) => r.caseId ?? null),
    rows.map((r) => r.dedupKey ?? null),
    rows.map((r) => (typeof r.message.text === 'string' ? hashText(r.message.text) : null)),
    rows.map((r) => r.replyToReceivedAt?.toISOString() ?? null),
  ]);
  return inserted.map((r) => Number(r.id));
}

/** The open messages of the recipient of outbox row `id` (read before locking the recipient), oldest first. */
export async function openOutboxOfRecipientOf(db: DbOrTx, id: number, limit: number): Promise<OutboxMessage[]> {
  return statements(db).openOfRecipientOf.execute({ id, limit });
}

/** The recipient's messages still to send, oldest first: they go out strictly in this order. */
export async function openOutboxForRecipient(
  db: DbOrTx,
  communeId: number,
  zaloUserId: string,
  limit: number,
): Promise<OutboxMessage[]> {
  return statements(db).open.execute({ communeId, zaloUserId, limit });
}

/**
 * Written (and committed) before the Zalo call, so a crash mid-send is visible afterwards. Only if the row
 * is still as the caller read it (status and attempts): returns the attempts made including this one, or
 * null when someone settled or tried the row since (the caller reads again).
 */
export async function markOutboxSending(db: DbOrTx, row: Pick<OutboxMessage, 'id' | 'status' | 'attempts'>, now: Date): Promise<number | null> {
  const [updated] = await statements(db).sending.execute({ id: row.id, status: row.status, attempts: row.attempts, now });
  return updated?.attempts ?? null;
}

export async function markOutboxSent(db: DbOrTx, id: number, zaloMessageId: string, now: Date): Promise<void> {
  await statements(db).sent.execute({ id, zaloMessageId, now });
}

export async function markOutboxRetry(
  db: DbOrTx,
  id: number,
  nextAttemptAt: Date,
  error: { kind: string; code: number | null; message: string },
): Promise<void> {
  await db
    .update(outboxMessages)
    .set({ status: 'pending', nextAttemptAt, errorKind: error.kind, errorCode: error.code, lastError: error.message.slice(0, 500) })
    .where(eq(outboxMessages.id, id));
}

export async function markOutboxFinal(
  db: DbOrTx,
  id: number,
  status: 'undeliverable' | 'failed',
  error: { kind: string; code: number | null; message: string },
): Promise<void> {
  await db
    .update(outboxMessages)
    .set({ status, errorKind: error.kind, errorCode: error.code, lastError: error.message.slice(0, 500) })
    .where(eq(outboxMessages.id, id));
}

/**
 * An OA echo (`oa_send_*`, docs/zalo.md §1.4) proves Zalo accepted a message: it settles a row left in
 * `sending` by a worker that died before recording the result, so it is never sent twice.
 */
export async function settleOutboxByEcho(
  db: DbOrTx,
  communeId: number,
  zaloUserId: string,
  textHash: string,
  zaloMessageId: string,
  now: Date,
): Promise<number | null> {
  const already = await db
    .select({ id: outboxMessages.id })
    .from(outboxMessages)
    .where(and(eq(outboxMessages.communeId, communeId), eq(outboxMessages.zaloMessageId, zaloMessageId)))
    .limit(1);
  if (already.length > 0) return null;
  const [candidate] = await db
    .select({ id: outboxMessages.id })
    .from(outboxMessages)
    .where(
      and(
        eq(outboxMessages.communeId, communeId),
        eq(outboxMessages.zaloUserId, zaloUserId),
        eq(outboxMessages.status, 'sending'),
        eq(outboxMessages.textHash, textHash),
      ),
    )
    .orderBy(asc(outboxMessages.id))
    .limit(1)
    .for('update');
  if (!candidate) return null;
  await markOutboxSent(db, candidate.id, zaloMessageId, now);
  return candidate.id;
}

export async function markOutboxReceipt(
  db: DbOrTx,
  communeId: number,
  zaloMessageIds: string[],
  kind: 'delivered' | 'seen',
  at: Date,
): Promise<void> {
  if (zaloMessageIds.length === 0) return;
  const set = kind === 'delivered' ? { deliveredAt: at } : { seenAt: at, deliveredAt: sql`coalesce(${outboxMessages.deliveredAt}, ${at})` };
  await db
    .update(outboxMessages)
    .set(set)
    .where(and(eq(outboxMessages.communeId, communeId), inArray(outboxMessages.zaloMessageId, zaloMessageIds)));
}

/** Open rows that are due and not touched recently: their job was never queued or got lost. */
export async function staleOpenOutbox(db: DbOrTx, before: Date, limit: number): Promise<number[]> {
  const rows = await db
    .select({ id: outboxMessages.id })
    .from(outboxMessages)
    .where(
      and(
        inArray(outboxMessages.status, ['pending', 'sending']),
        lt(outboxMessages.nextAttemptAt, before),
        sql`coalesce(${outboxMessages.lastAttemptAt}, ${outboxMessages.createdAt}) < ${before}`,
      ),
    )
    .orderBy(asc(outboxMessages.id))
    .limit(limit);
  return rows.map((r) => r.id);
}
