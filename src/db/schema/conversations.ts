import { bigint, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { communes } from './communes';

/**
 * The conversation state of one Zalo user with one commune's OA: plain JSON owned by the domain machine,
 * with a version for optimistic concurrency (processing is already serialised per user; the version
 * catches anything that is not).
 */
export const conversations = pgTable(
  'conversations',
  {
    communeId: integer('commune_id')
      .notNull()
      .references(() => communes.id),
    zaloUserId: text('zalo_user_id').notNull(),
    state: jsonb('state').$type<unknown>().notNull(),
    version: integer('version').notNull().default(0),
    /** The last inbox event applied, so a replayed event is recognised. */
    lastInboxId: bigint('last_inbox_id', { mode: 'number' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.communeId, t.zaloUserId] })],
);

export type Conversation = typeof conversations.$inferSelect;
