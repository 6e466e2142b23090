import { bigint, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { communes } from './communes';
import { residents } from './residents';

/**
 * Consent decisions under Law 91/2025 (VIETNAM.md §2): per purpose, with the notice version shown and the
 * time. Append-only; the latest row per (resident, purpose) is the resident's current decision.
 */
export const consents = pgTable(
  'consents',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    communeId: integer('commune_id')
      .notNull()
      .references(() => communes.id),
    residentId: bigint('resident_id', { mode: 'number' })
      .notNull()
      .references(() => residents.id),
    purpose: text('purpose').notNull().default('feedback_personal_data'),
    noticeVersion: integer('notice_version').notNull(),
    decision: text('decision', { enum: ['granted', 'declined', 'withdrawn'] }).notNull(),
    channel: text('channel').notNull().default('zalo'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('consents_resident_idx').on(t.residentId, t.purpose, t.id)],
);
