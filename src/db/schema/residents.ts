import { bigint, boolean, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { communes } from './communes';

/**
 * A Zalo user as seen by one commune's OA (Zalo user ids are OA-scoped, docs/zalo.md §1.2).
 * `lastInteractionAt` decides whether a consultation message can still reach them (the 7-day window, §4).
 */
export const residents = pgTable(
  'residents',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    communeId: integer('commune_id')
      .notNull()
      .references(() => communes.id),
    zaloUserId: text('zalo_user_id').notNull(),
    isFollower: boolean('is_follower').notNull().default(false),
    /** Latest phone the resident gave with consent (E.164), for template messages by phone (ZNS). */
    phone: text('phone'),
    locale: text('locale', { enum: ['vi', 'en'] }).notNull().default('vi'),
    lastInteractionAt: timestamp('last_interaction_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('residents_commune_user_uq').on(t.communeId, t.zaloUserId)],
);

export type Resident = typeof residents.$inferSelect;
