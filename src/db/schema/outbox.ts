import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { communes } from './communes';

/**
 * pending → sending → sent | undeliverable | failed, every step guarded on (status, attempts); `sent` is final.
 * `sending` is written before the Zalo call and stays when the outcome is unknown (a crash, a timeout, a reset,
 * a 5xx): the OA's `oa_send_*` echo (docs/zalo.md §1.4) settles it, or the echo grace resends it
 * (docs/RELIABILITY.md). `failed` only after the retry budget; an operator can re-drive it to `pending`.
 */
export const outboxStatuses = ['pending', 'sending', 'sent', 'undeliverable', 'failed'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    communeId: integer('commune_id')
      .notNull()
      .references(() => communes.id),
    zaloUserId: text('zalo_user_id').notNull(),
    /** What the message is for; later features pick another delivery route by it. */
    purpose: text('purpose').notNull().default('reply'),
    /** The case this message informs about, if any: undelivered updates are shown to staff per case. */
    caseId: bigint('case_id', { mode: 'number' }),
    dedupKey: text('dedup_key'),
    /** The Zalo `message` object exactly as it will be posted (docs/zalo.md §3.1). */
    message: jsonb('message').$type<Record<string, unknown>>().notNull(),
    /**
     * What the OA's echo of this message will show, hashed (zalo/echo-key.ts): matches the echo of a send whose
     * outcome we never learned. Named for its first use (texts only); it now covers every message kind.
     */
    textHash: text('text_hash'),
    status: text('status', { enum: outboxStatuses }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    zaloMessageId: text('zalo_message_id'),
    errorKind: text('error_kind'),
    errorCode: integer('error_code'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * The retry budget (OUTBOX_RETRY_BUDGET_SECONDS) counts from here: the first attempt, or the last re-drive.
     * Written with the app's clock, like every time the outbound worker compares.
     */
    retrySince: timestamp('retry_since', { withTimezone: true }),
    /**
     * For a reply to a resident's event: when that event reached the webhook (its inbox row's received_at),
     * copied here so the receipt-to-Zalo time is measured at the send without a join. Null otherwise.
     */
    replyToReceivedAt: timestamp('reply_to_received_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** From the `user_received_message` / `user_seen_message` receipts (docs/zalo.md §1.4). */
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    seenAt: timestamp('seen_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('outbox_messages_dedup_uq').on(t.communeId, t.dedupKey),
    index('outbox_messages_zalo_msg_idx').on(t.communeId, t.zaloMessageId),
    index('outbox_messages_open_idx')
      .on(t.communeId, t.zaloUserId, t.id)
      .where(sql`${t.status} in ('pending', 'sending')`),
    // Read on every scrape and by /readyz (see inbox_events_pending_age_idx).
    index('outbox_messages_open_age_idx')
      .on(t.createdAt)
      .where(sql`${t.status} in ('pending', 'sending')`),
    index('outbox_messages_failed_idx')
      .on(t.communeId)
      .where(sql`${t.status} = 'failed'`),
  ],
);

export type OutboxMessage = typeof outboxMessages.$inferSelect;

/**
 * A commune's sends wait while Zalo says its OA is rate-limited, out of quota, its token is dead or the OA
 * has a problem. When `until` passes, one drainer claims the probe (`probingUntil`) and tries one send: success
 * lifts the pause, the same trouble extends it. One row per paused commune; none when sending freely.
 */
export const outboundPauses = pgTable('outbound_pauses', {
  communeId: integer('commune_id')
    .primaryKey()
    .references(() => communes.id),
  reason: text('reason').notNull(),
  zaloCode: integer('zalo_code'),
  since: timestamp('since', { withTimezone: true }).notNull(),
  until: timestamp('until', { withTimezone: true }).notNull(),
  probingUntil: timestamp('probing_until', { withTimezone: true }),
});

export type OutboundPause = typeof outboundPauses.$inferSelect;
