import { boolean, date, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uniqueIndex } from 'drizzle-orm/pg-core';
import { communes } from './communes';

/** The commune's agencies (two-level model, VIETNAM.md §3); `code` is the stable key staff type in /chuyen. */
export const agencies = pgTable(
  'agencies',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    communeId: integer('commune_id')
      .notNull()
      .references(() => communes.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** Folded short forms staff may type ("kt", "cong an"). */
    aliases: jsonb('aliases').$type<string[]>().notNull().default([]),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('agencies_commune_code_uq').on(t.communeId, t.code)],
);

export const categories = pgTable(
  'categories',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    communeId: integer('commune_id')
      .notNull()
      .references(() => communes.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    defaultAgencyId: integer('default_agency_id').references(() => agencies.id),
    deadlineWorkingDays: integer('deadline_working_days').notNull().default(7),
    /** A /xong needs an after-photo or document unless this is false (e.g. procedure questions). */
    requiresEvidence: boolean('requires_evidence').notNull().default(true),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('categories_commune_code_uq').on(t.communeId, t.code)],
);

/** Residential groups (thôn, tổ dân phố, tiểu khu) and other places residents pick from a list. */
export const areas = pgTable(
  'areas',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    communeId: integer('commune_id')
      .notNull()
      .references(() => communes.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull().default('residential_group'),
    sortOrder: integer('sort_order').notNull().default(0),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('areas_commune_code_uq').on(t.communeId, t.code)],
);

/** category (+ optional area) → agency and deadline; the most specific rule wins (domain/case/routing.ts). */
export const routingRules = pgTable(
  'routing_rules',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    communeId: integer('commune_id')
      .notNull()
      .references(() => communes.id),
    categoryId: integer('category_id')
      .notNull()
      .references(() => categories.id),
    areaId: integer('area_id').references(() => areas.id),
    agencyId: integer('agency_id')
      .notNull()
      .references(() => agencies.id),
    deadlineWorkingDays: integer('deadline_working_days').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('routing_rules_commune_category_area_uq').on(t.communeId, t.categoryId, t.areaId).nullsNotDistinct()],
);

/** Days off besides weekends (Tết, 30/4, 1/5, 2/9...), as local dates. */
export const holidays = pgTable(
  'holidays',
  {
    communeId: integer('commune_id')
      .notNull()
      .references(() => communes.id),
    day: date('day', { mode: 'string' }).notNull(),
    name: text('name').notNull(),
  },
  (t) => [primaryKey({ columns: [t.communeId, t.day] })],
);

export type Agency = typeof agencies.$inferSelect;
export type Category = typeof categories.$inferSelect;
export type Area = typeof areas.$inferSelect;
export type RoutingRuleRow = typeof routingRules.$inferSelect;
