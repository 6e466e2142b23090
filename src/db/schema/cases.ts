import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import {
  CASE_STATUSES as caseStatuses,
  CASE_TYPES as caseTypes,
  OPEN_STATUSES,
  REJECT_REASONS as rejectReasons,
} from '../../domain/case/workflow';
import { communes } from './communes';
import { agencies, areas, categories } from './reference';
import { residents } from './residents';
import { staff } from './staff';

/** The workflow owns the vocabulary (domain/case/workflow.ts); the columns only store it. */
export { CASE_STATUSES as caseStatuses, CASE_TYPES as caseTypes } from '../../domain/case/workflow';

/**
 * A resident's report and its progress through receive → verify → classify → assign → process → publicize.
 * Reporter identity (phone, name) stays on this row and never reaches public pages; for denunciations only
 * authorised roles may see it (domain/staff/permissions.ts).
 */
export const cases = pgTable(
  'cases',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    communeId: integer('commune_id')
      .notNull()
      .references(() => communes.id),
    code: text('code').notNull(),
    status: text('status', { enum: caseStatuses }).notNull().default('received'),
    caseType: text('case_type', { enum: caseTypes }).notNull().default('feedback'),
    triageSignals: jsonb('triage_signals').$type<string[]>().notNull().default([]),
    categoryId: integer('category_id').references(() => categories.id),
    areaId: integer('area_id').references(() => areas.id),
    agencyId: integer('agency_id').references(() => agencies.id),
    description: text('description').notNull(),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    address: text('address'),
    source: text('source').notNull().default('zalo'),
    reporterResidentId: bigint('reporter_resident_id', { mode: 'number' }).references(() => residents.id),
    reporterPhone: text('reporter_phone'),
    reporterName: text('reporter_name'),
    /**
     * The case is, or once was, a denunciation or crime tip: its reporter stays sealed whatever its type later
     * (domain/staff/permissions.ts isIdentitySealed). Set at filing and by a retype; a trigger never lets it go false.
     */
    identitySealed: boolean('identity_sealed').notNull().default(false),
    /** The personal-data notice version the reporter agreed to; null when no personal data was given. */
    consentNoticeVersion: integer('consent_notice_version'),
    dueAt: timestamp('due_at', { withTimezone: true }),
    /** Why a rejected case was rejected (workflow REJECT_REASONS); spam is counted, never listed (publication.ts). */
    rejectReason: text('reject_reason', { enum: rejectReasons }),
    resultText: text('result_text'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** The latest resident score (1–5) and when it was given (the `score` case events hold every one). */
    score: integer('score'),
    scoredAt: timestamp('scored_at', { withTimezone: true }),
    /** The Open311 client's e-mail for its user (issue 12); like the phone, never published. */
    reporterEmail: text('reporter_email'),
    // ── Publication (issue 12, domain/public/publication.ts) ──
    /** The first update the reporter was sent (its `publish` event): "time to first answer" on the public page. */
    firstResponseAt: timestamp('first_response_at', { withTimezone: true }),
    /** When the current result was published; null while it waits for staff review (or nothing is resolved). */
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** With staff review on: the latest moment the result may wait (5 working days, VIETNAM.md §1.5 Art. 12). */
    publishDueAt: timestamp('publish_due_at', { withTimezone: true }),
    /** Staff hid the case from public pages (counted, never listed), with the reason they gave. */
    publicHiddenAt: timestamp('public_hidden_at', { withTimezone: true }),
    publicHiddenReason: text('public_hidden_reason'),
    mergedIntoCaseId: bigint('merged_into_case_id', { mode: 'number' }),
    possibleDuplicateOfCaseId: bigint('possible_duplicate_of_case_id', { mode: 'number' }),
    /** Idempotency of creation: the inbox event that filed it. */
    sourceInboxId: bigint('source_inbox_id', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('cases_commune_code_uq').on(t.communeId, t.code),
    uniqueIndex('cases_source_inbox_uq').on(t.communeId, t.sourceInboxId),
    index('cases_commune_status_idx').on(t.communeId, t.status),
    index('cases_reporter_idx').on(t.reporterResidentId, t.createdAt),
    index('cases_agency_idx').on(t.agencyId, t.status),
    // The operator's gauges (open and overdue cases per commune) read only open cases, on every scrape.
    index('cases_open_due_idx')
      .on(t.communeId, t.status, t.dueAt)
      .where(sql`${t.status} in (${sql.raw(OPEN_STATUSES.map((s) => `'${s}'`).join(', '))})`),
    // The publication job reads results waiting for review by their deadline.
    index('cases_publish_due_idx')
      .on(t.publishDueAt)
      .where(sql`${t.publishedAt} is null and ${t.publishDueAt} is not null`),
  ],
);

/** Append-only: every change of a case is an event (a trigger refuses UPDATE and DELETE). */
export const caseEvents = pgTable(
  'case_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    communeId: integer('commune_id')
      .notNull()
      .references(() => communes.id),
    caseId: bigint('case_id', { mode: 'number' })
      .notNull()
      .references(() => cases.id),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    actorKind: text('actor_kind').notNull(),
    actorStaffId: integer('actor_staff_id').references(() => staff.id),
    actorResidentId: bigint('actor_resident_id', { mode: 'number' }).references(() => residents.id),
    note: text('note'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    /** Internal notes and audit entries are never shown to the resident or the public. */
    internal: boolean('internal').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('case_events_case_idx').on(t.caseId, t.id),
    // latestEventByStaff: a staff member's latest event in the commune, read on their messages (review D12).
    index('case_events_actor_staff_idx')
      .on(t.communeId, t.actorStaffId, t.id)
      .where(sql`${t.actorStaffId} is not null`),
    // Open311 servicerequestupdates reads a commune's public events by time (issue 12).
    index('case_events_public_time_idx')
      .on(t.communeId, t.createdAt)
      .where(sql`${t.internal} = false`),
  ],
);

/**
 * Photos, voice notes, videos and files: what the resident attached to the report (`report_*`) and staff
 * evidence of the result. `url` is where the item came from (Zalo's CDN for residents' items); staff open it
 * through app/cases/attachment-url.ts.
 */
export const ATTACHMENT_KINDS = [
  'report_photo',
  'report_audio',
  'report_video',
  'report_file',
  'evidence_photo',
  'evidence_file',
] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export const caseAttachments = pgTable(
  'case_attachments',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    communeId: integer('commune_id')
      .notNull()
      .references(() => communes.id),
    caseId: bigint('case_id', { mode: 'number' })
      .notNull()
      .references(() => cases.id),
    kind: text('kind', { enum: ATTACHMENT_KINDS }).notNull(),
    url: text('url').notNull(),
    thumbnailUrl: text('thumbnail_url'),
    fileName: text('file_name'),
    /** Staff marked it fit for public pages (issue 12): photos may show people, so nothing is public by default. */
    publishable: boolean('publishable').notNull().default(false),
    addedByStaffId: integer('added_by_staff_id').references(() => staff.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('case_attachments_case_idx').on(t.caseId)],
);

/** Everyone who should hear about a case: its reporter, and reporters of duplicates merged into it. */
export const caseSubscribers = pgTable(
  'case_subscribers',
  {
    communeId: integer('commune_id')
      .notNull()
      .references(() => communes.id),
    caseId: bigint('case_id', { mode: 'number' })
      .notNull()
      .references(() => cases.id),
    residentId: bigint('resident_id', { mode: 'number' })
      .notNull()
      .references(() => residents.id),
    role: text('role', { enum: ['reporter', 'merged_reporter'] }).notNull().default('reporter'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.residentId] }),
    // touchSender looks up the sender's case to follow up on every inbound message (review D12).
    index('case_subscribers_resident_idx').on(t.residentId),
  ],
);

export type CaseRow = typeof cases.$inferSelect;
export type CaseEventRow = typeof caseEvents.$inferSelect;
