import { bigint, boolean, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { STAFF_ROLES as staffRoles } from '../../domain/staff/permissions';
import { communes } from './communes';
import { agencies } from './reference';

export { STAFF_ROLES as staffRoles } from '../../domain/staff/permissions';
export type { StaffRole as StaffRoleName } from '../../domain/staff/permissions';

/**
 * Commune staff who work inside Zalo. A staff member links their Zalo account with `/dangky <code>`; from then
 * on their messages are staff commands, never resident feedback.
 */
export const staff = pgTable(
  'staff',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    communeId: integer('commune_id')
      .notNull()
      .references(() => communes.id),
    name: text('name').notNull(),
    role: text('role', { enum: staffRoles }).notNull(),
    agencyId: integer('agency_id').references(() => agencies.id),
    zaloUserId: text('zalo_user_id'),
    /** Receives emergency alerts (VIETNAM.md §1.6: danger now → alert the on-duty leaders). */
    onDuty: boolean('on_duty').notNull().default(false),
    active: boolean('active').notNull().default(true),
    /**
     * Until when the member's messages are a resident's (`/phananh`, domain/staff/modes.ts); null or past:
     * staff mode. On the row, so the switch commits with the event that made it and a retried event cannot
     * flip it twice (review D10: it lived in Redis, outside the transaction).
     */
    reportsAsResidentUntil: timestamp('reports_as_resident_until', { withTimezone: true }),
    linkedAt: timestamp('linked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('staff_commune_zalo_uq').on(t.communeId, t.zaloUserId), index('staff_agency_idx').on(t.agencyId)],
);

/** One-time codes that link a Zalo account to a staff record; only a hash of the code is kept. */
export const staffInvites = pgTable(
  'staff_invites',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    communeId: integer('commune_id')
      .notNull()
      .references(() => communes.id),
    codeHash: text('code_hash').notNull().unique(),
    staffId: integer('staff_id')
      .notNull()
      .references(() => staff.id),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
);

export type Staff = typeof staff.$inferSelect;
