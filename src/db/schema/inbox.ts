import { sql } from 'drizzle-orm';
import {
  bigint,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { communes } from './communes';

export const inboxStatuses = ['pending', 'processed', 'ignored', 'failed'] as const;
export type InboxStatus = (typeof inboxStatuses)[number];

/**
 * Every authentic webhook event, stored before Zalo gets its 200. `dedupKey` makes a redelivery a no-op.
 * `zaloUserId` is the resident the event is about: the processing order key. Authentic events that are not
 * processed (stale, unexpected in shape, unknown name) are kept as `ignored` with `ignoredReason`.
 */
export const inboxEvents = pgTable(
  'inbox_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    communeId: integer('commune_id')
      .notNull()
      .references(() => communes.id),
    eventName: text('event_name').notNull(),
    dedupKey: text('dedup_key').notNull(),
    zaloUserId: text('zalo_user_id'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    eventAt: timestamp('event_at', { withTimezone: true }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    status: text('status', { enum: inboxStatuses }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    processedAt: timestamp('processed_at', { withTimezone: true }),
    ignoredReason: text('ignored_reason'),
  },
  (t) => [
    uniqueIndex('inbox_events_dedup_uq').on(t.communeId, t.dedupKey),
    index('inbox_events_pending_idx')
      .on(t.communeId, t.zaloUserId, t.id)
      .where(sql`${t.status} = 'pending'`),
    // The operator's gauges and /readyz read these on every scrape: the oldest pending event is the first
    // entry, and failed events are counted without touching the processed ones.
    index('inbox_events_pending_age_idx')
      .on(t.receivedAt)
      .where(sql`${t.status} = 'pending'`),
    index('inbox_events_failed_idx')
      .on(t.communeId)
      .where(sql`${t.status} = 'failed'`),
  ],
);

export type InboxEvent = typeof inboxEvents.$inferSelect;

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * Authentic events PostgreSQL refused as an inbox row even alone (a value jsonb or a btree cannot hold): the
 * exact bytes received, so nothing Zalo delivered is lost and an operator can look at it. `reason` is the
 * SQLSTATE and constraint, never a value.
 */
export const inboxQuarantine = pgTable('inbox_quarantine', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  communeId: integer('commune_id')
    .notNull()
    .references(() => communes.id),
  raw: bytea('raw').notNull(),
  reason: text('reason').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
});
