import { and, asc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { echoKeyOf } from '../../zalo/echo-key';
import type { DbOrTx } from '../client';
import { preparedSql, preparedStatements } from '../prepared';
import { inboxEvents, outboundPauses, outboxMessages, type OutboundPause, type OutboxMessage } from '../schema';

/** Every status change names the row as its caller read it: a row someone else moved on is left alone. */
export interface RowVersion {
  id: number;
  status: OutboxMessage['status'];
  attempts: number;
}

export interface OutboxError {
  kind: string;
  code: number | null;
  /** Already safe (src/safe-error.ts): no values. */
  message: string;
}

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
    // With the commune's outbound pause, if any, on every row: one round trip instead of two per job.
    openOfRecipientOf: db
      .select({ row: outboxMessages, pause: outboundPauses })
      .from(outboxMessages)
      .leftJoin(outboundPauses, eq(outboundPauses.communeId, outboxMessages.communeId))
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
      .set({
        status: 'sending',
        attempts: sql`${outboxMessages.attempts} + 1`,
        lastAttemptAt: sql`${sql.placeholder('now')}`,
        retrySince: sql`coalesce(${outboxMessages.retrySince}, ${sql.placeholder('now')}::timestamptz)`,
        // Until the echo grace is over nobody needs to look at it (the sweeper included).
        nextAttemptAt: sql`${sql.placeholder('recheckAt')}`,
      })
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
      .where(
        and(
          eq(outboxMessages.id, id),
          sql`${outboxMessages.status} = 'sending'`,
          eq(outboxMessages.attempts, sql.placeholder('attempts')),
        ),
      )
      .returning({ id: outboxMessages.id })
      .prepare('outbox_sent'),
    echoMayCome: db
      .select({ id: inboxEvents.id })
      .from(inboxEvents)
      .where(
        and(
          eq(inboxEvents.communeId, sql.placeholder('communeId')),
          eq(inboxEvents.zaloUserId, sql.placeholder('zaloUserId')),
          sql`${inboxEvents.status} = 'pending'`,
          lt(inboxEvents.receivedAt, sql.placeholder('before')),
        ),
      )
      .limit(1)
      .prepare('outbox_echo_may_come'),
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
    rows.map((r) => echoKeyOf(r.message)),
    rows.map((r) => r.replyToReceivedAt?.toISOString() ?? null),
  ]);
  return inserted.map((r) => Number(r.id));
}

/**
 * The open messages of the recipient of outbox row `id` (read before locking the recipient), oldest first, and
 * their commune's outbound pause (null: none, or no open message).
 */
export async function openOutboxOfRecipientOf(
  db: DbOrTx,
  id: number,
  limit: number,
): Promise<{ rows: OutboxMessage[]; pause: OutboundPause | null }> {
  const found = await statements(db).openOfRecipientOf.execute({ id, limit });
  return { rows: found.map((f) => f.row), pause: found[0]?.pause ?? null };
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
export async function markOutboxSending(
  db: DbOrTx,
  row: RowVersion,
  now: Date,
  recheckAt: Date = now,
): Promise<number | null> {
  const [updated] = await statements(db).sending.execute({
    id: row.id,
    status: row.status,
    attempts: row.attempts,
    now,
    recheckAt,
  });
  return updated?.attempts ?? null;
}

/** `sending` → `sent` for the attempt `attempts`; false when the row was settled meanwhile (an echo). */
export async function markOutboxSent(
  db: DbOrTx,
  id: number,
  attempts: number,
  zaloMessageId: string,
  now: Date,
): Promise<boolean> {
  const updated = await statements(db).sent.execute({ id, attempts, zaloMessageId, now });
  return updated.length > 0;
}

const guard = (row: RowVersion): SQL | undefined =>
  and(
    eq(outboxMessages.id, row.id),
    eq(outboxMessages.status, row.status),
    eq(outboxMessages.attempts, row.attempts),
  );

const errorColumns = (error: OutboxError) => ({
  errorKind: error.kind,
  errorCode: error.code,
  lastError: error.message.slice(0, 1000),
});

/** One guarded transition: applies only to the row as the caller read it; false when it moved on. */
async function transition(
  db: DbOrTx,
  row: RowVersion,
  set: Partial<typeof outboxMessages.$inferInsert>,
): Promise<boolean> {
  const updated = await db
    .update(outboxMessages)
    .set(set)
    .where(guard(row))
    .returning({ id: outboxMessages.id });
  return updated.length > 0;
}

/** Nothing was sent: back to `pending` until `nextAttemptAt`. */
export function markOutboxRetry(
  db: DbOrTx,
  row: RowVersion,
  nextAttemptAt: Date,
  error: OutboxError,
): Promise<boolean> {
  return transition(db, row, { status: 'pending', nextAttemptAt, ...errorColumns(error) });
}

/** Zalo may have taken it: the row stays `sending` (the echo settles it) and is looked at again at `recheckAt`. */
export function markOutboxUnknown(
  db: DbOrTx,
  row: RowVersion,
  recheckAt: Date,
  error: OutboxError,
): Promise<boolean> {
  return transition(db, row, { nextAttemptAt: recheckAt, ...errorColumns(error) });
}

export function markOutboxFinal(
  db: DbOrTx,
  row: RowVersion,
  status: 'undeliverable' | 'failed',
  error: OutboxError,
): Promise<boolean> {
  return transition(db, row, { status, ...errorColumns(error) });
}

/**
 * Whether an OA echo of a send made at `sentAt` may still be waiting: the recipient has an unprocessed inbox
 * event received before `before` (echoes are the recipient's events, handled in order with theirs).
 */
export async function echoMayStillCome(
  db: DbOrTx,
  communeId: number,
  zaloUserId: string,
  before: Date,
): Promise<boolean> {
  return (await statements(db).echoMayCome.execute({ communeId, zaloUserId, before })).length > 0;
}

/**
 * An OA echo (`oa_send_*`, docs/zalo.md §1.4) proves Zalo accepted a message: it settles the recipient's row
 * left in `sending` whose echo key (zalo/echo-key.ts) is one of `keys`, so it is never sent twice. Returns the
 * settled row, or null (the message id is known already, or no row waits for such an echo).
 */
export async function settleOutboxByEcho(
  db: DbOrTx,
  communeId: number,
  zaloUserId: string,
  keys: string[],
  zaloMessageId: string,
  now: Date,
): Promise<OutboxMessage | null> {
  if (keys.length === 0) return null;
  const already = await db
    .select({ id: outboxMessages.id })
    .from(outboxMessages)
    .where(and(eq(outboxMessages.communeId, communeId), eq(outboxMessages.zaloMessageId, zaloMessageId)))
    .limit(1);
  if (already.length > 0) return null;
  const [candidate] = await db
    .select()
    .from(outboxMessages)
    .where(
      and(
        eq(outboxMessages.communeId, communeId),
        eq(outboxMessages.zaloUserId, zaloUserId),
        eq(outboxMessages.status, 'sending'),
        inArray(outboxMessages.textHash, keys),
      ),
    )
    .orderBy(asc(outboxMessages.id))
    .limit(1)
    .for('update');
  if (!candidate) return null;
  if (!(await markOutboxSent(db, candidate.id, candidate.attempts, zaloMessageId, now))) return null;
  return { ...candidate, status: 'sent', zaloMessageId, sentAt: now };
}

/**
 * Operators' re-drive: `failed` rows back to `pending`, due now, with a fresh retry budget. All communes or
 * one, all reasons or one error kind. Returns the ids (the caller queues them).
 */
export async function redriveFailedOutbox(
  db: DbOrTx,
  filter: { communeId: number | null; errorKind: string | null },
  now: Date,
  limit = 10_000,
): Promise<number[]> {
  const conditions = [sql`${outboxMessages.status} = 'failed'`];
  if (filter.communeId !== null) conditions.push(eq(outboxMessages.communeId, filter.communeId));
  if (filter.errorKind !== null) conditions.push(eq(outboxMessages.errorKind, filter.errorKind));
  const picked = db
    .select({ id: outboxMessages.id })
    .from(outboxMessages)
    .where(and(...conditions))
    .orderBy(asc(outboxMessages.id))
    .limit(limit);
  const rows = await db
    .update(outboxMessages)
    .set({ status: 'pending', nextAttemptAt: now, retrySince: now })
    .where(and(inArray(outboxMessages.id, picked), sql`${outboxMessages.status} = 'failed'`))
    .returning({ id: outboxMessages.id });
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

/** A commune's waiting rows made due now (its pause was lifted by an operator); returns their ids. */
export async function wakeOpenOutbox(
  db: DbOrTx,
  communeId: number,
  now: Date,
  limit = 10_000,
): Promise<number[]> {
  const rows = await db
    .update(outboxMessages)
    .set({ nextAttemptAt: now })
    .where(
      and(
        eq(outboxMessages.communeId, communeId),
        sql`${outboxMessages.status} = 'pending'`,
        inArray(
          outboxMessages.id,
          db
            .select({ id: outboxMessages.id })
            .from(outboxMessages)
            .where(and(eq(outboxMessages.communeId, communeId), sql`${outboxMessages.status} = 'pending'`))
            .limit(limit),
        ),
      ),
    )
    .returning({ id: outboxMessages.id });
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

/** Failed rows by error kind, for the operator's view. */
export async function failedOutboxByKind(db: DbOrTx, communeId: number): Promise<Record<string, number>> {
  const rows = await db
    .select({ kind: outboxMessages.errorKind, n: sql<number>`count(*)::int` })
    .from(outboxMessages)
    .where(and(eq(outboxMessages.communeId, communeId), sql`${outboxMessages.status} = 'failed'`))
    .groupBy(outboxMessages.errorKind);
  return Object.fromEntries(rows.map((r) => [r.kind ?? 'unknown', r.n]));
}

export async function markOutboxReceipt(
  db: DbOrTx,
  communeId: number,
  zaloMessageIds: string[],
  kind: 'delivered' | 'seen',
  at: Date,
): Promise<void> {
  if (zaloMessageIds.length === 0) return;
  const set =
    kind === 'delivered'
      ? { deliveredAt: at }
      : { seenAt: at, deliveredAt: sql`coalesce(${outboxMessages.deliveredAt}, ${at})` };
  await db
    .update(outboxMessages)
    .set(set)
    .where(
      and(eq(outboxMessages.communeId, communeId), inArray(outboxMessages.zaloMessageId, zaloMessageIds)),
    );
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

/**
 * The case a message we sent to this user was about, by the Zalo message id they quote-replied to
 * (`message.quote_msg_id`, docs/zalo.md §1.2): outbox rows keep Zalo's id and their case. Only the user's own
 * messages count, so quoting cannot reach someone else's case.
 */
export async function caseIdOfSentMessage(
  db: DbOrTx,
  communeId: number,
  zaloUserId: string,
  zaloMessageId: string,
): Promise<number | null> {
  const [row] = await db
    .select({ caseId: outboxMessages.caseId })
    .from(outboxMessages)
    .where(
      and(
        eq(outboxMessages.communeId, communeId),
        eq(outboxMessages.zaloMessageId, zaloMessageId),
        eq(outboxMessages.zaloUserId, zaloUserId),
      ),
    )
    .limit(1);
  return row?.caseId ?? null;
}
