import {
  boolean,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  bigint,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { Report } from '../../domain/reports/aggregate';
import { REPORT_KINDS } from '../../domain/reports/period';
import { communes } from './communes';
import { staff } from './staff';

/**
 * Built reports (issue 10): one row per commune, kind and period, rebuilt in place (upsert on the unique key),
 * so a job that runs twice or a rebuild on demand never makes a second report of the same week.
 * `data` is domain/reports/aggregate.ts's Report: codes, names of categories, areas and agencies, figures;
 * never a reporter's name, phone or words.
 */
export const reports = pgTable(
  'reports',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    communeId: integer('commune_id')
      .notNull()
      .references(() => communes.id),
    kind: text('kind', { enum: REPORT_KINDS }).notNull(),
    /** `YYYY-MM-DD` or `YYYY-Www`. */
    periodKey: text('period_key').notNull(),
    periodStart: timestamp('period_start', { withTimezone: true }).notNull(),
    periodEnd: timestamp('period_end', { withTimezone: true }).notNull(),
    data: jsonb('data').$type<Report>().notNull(),
    builtAt: timestamp('built_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('reports_commune_kind_period_uq').on(t.communeId, t.kind, t.periodKey)],
);

/** Leaders and Front supervisors who get the digests in Zalo (admin API or `/baocao`). */
export const reportSubscriptions = pgTable(
  'report_subscriptions',
  {
    communeId: integer('commune_id')
      .notNull()
      .references(() => communes.id),
    staffId: integer('staff_id')
      .notNull()
      .references(() => staff.id),
    daily: boolean('daily').notNull().default(true),
    weekly: boolean('weekly').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.communeId, t.staffId] })],
);

export type ReportRow = typeof reports.$inferSelect;
export type ReportSubscription = typeof reportSubscriptions.$inferSelect;
