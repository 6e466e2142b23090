import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { CLOCK_KINDS as clockKinds } from '../../domain/case/clocks';
import { cases } from './cases';
import { communes } from './communes';

/**
 * The clocks of a case (domain/case/clocks.ts): one row per case and kind, started when the law's period starts,
 * met when the thing owed is done. `cases.due_at` stays the resolution deadline; the `resolution` row follows it.
 * A restart (a new agency, a reopening, a new resolution) overwrites the row: the case events keep the history.
 */
export const caseClocks = pgTable(
  'case_clocks',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    communeId: integer('commune_id')
      .notNull()
      .references(() => communes.id),
    caseId: bigint('case_id', { mode: 'number' })
      .notNull()
      .references(() => cases.id),
    kind: text('kind', { enum: clockKinds }).notNull(),
    /** 'working' or 'calendar' days, as the law counts them. */
    basis: text('basis', { enum: ['working', 'calendar'] }).notNull(),
    /** The period in its basis; null when the category's deadline (cases.due_at) is the clock. */
    days: integer('days'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    metAt: timestamp('met_at', { withTimezone: true }),
    /** The case event action that met it (answer, resolve, score…). */
    metBy: text('met_by'),
    /** A deadline is extended once: when, why, and the due date before it. */
    extendedAt: timestamp('extended_at', { withTimezone: true }),
    extensionReason: text('extension_reason'),
    previousDueAt: timestamp('previous_due_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('case_clocks_case_kind_uq').on(t.caseId, t.kind),
    // The reminder job reads running clocks by due date.
    index('case_clocks_running_idx')
      .on(t.communeId, t.dueAt)
      .where(sql`${t.metAt} is null`),
  ],
);

/**
 * The exactly-once ledger of reminders and escalations: a row is inserted in the same transaction as the outbox
 * messages it sends, so two worker processes racing on one threshold send it once. The due date is part of the
 * key: an extended or restarted deadline has reminders of its own.
 */
export const caseReminders = pgTable(
  'case_reminders',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    communeId: integer('commune_id')
      .notNull()
      .references(() => communes.id),
    caseId: bigint('case_id', { mode: 'number' })
      .notNull()
      .references(() => cases.id),
    clockKind: text('clock_kind', { enum: clockKinds }).notNull(),
    /** 'before', 'overdue-0' (the moment it passed), 'overdue-1'… (every N working days after). */
    threshold: text('threshold').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    /** What was done: remind, escalate, front_handoff, close_unscored. */
    effect: text('effect').notNull(),
    recipients: integer('recipients').notNull().default(0),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('case_reminders_once_uq').on(t.caseId, t.clockKind, t.threshold, t.dueAt)],
);

export type CaseClockRow = typeof caseClocks.$inferSelect;
export type CaseReminderRow = typeof caseReminders.$inferSelect;
