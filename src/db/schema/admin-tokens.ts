import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { communes } from './communes';

/**
 * Admin API tokens of one commune (a province-wide deployment: each commune's own administrator sees and
 * changes only that commune). The deployment's operator keeps `ADMIN_TOKEN`, which reaches every commune and
 * alone creates communes and these tokens. Only a SHA-256 of the token is kept; it is shown once, at creation.
 */
export const adminTokens = pgTable(
  'admin_tokens',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    communeId: integer('commune_id')
      .notNull()
      .references(() => communes.id),
    /** Who holds it ("Văn phòng UBND xã"), for the list and the audit; not a secret. */
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('admin_tokens_commune_idx').on(t.communeId)],
);

export type AdminToken = typeof adminTokens.$inferSelect;
