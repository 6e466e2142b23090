import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { cases } from './cases';
import { communes } from './communes';
import { residents } from './residents';

/**
 * The score question a resident was asked after a resolution, one per (case, resident, resolve event): what the
 * app checks before the conversation machine (app/cases/score.ts) to read a tap or a typed "hài lòng" as a score,
 * and the pending state of the optional comment (`commentUntil`), kept outside the machine. The score itself is
 * a case event (`score`) and `cases.score` / `cases.scored_at`.
 */
export const scoreRequests = pgTable(
  'score_requests',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    communeId: integer('commune_id')
      .notNull()
      .references(() => communes.id),
    caseId: bigint('case_id', { mode: 'number' })
      .notNull()
      .references(() => cases.id),
    residentId: bigint('resident_id', { mode: 'number' })
      .notNull()
      .references(() => residents.id),
    /** The `resolve` event whose result is being scored. */
    resolveEventId: bigint('resolve_event_id', { mode: 'number' }).notNull(),
    askedAt: timestamp('asked_at', { withTimezone: true }).notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    score: integer('score'),
    /** closed, reopened or recorded (a late score that changed no status). */
    outcome: text('outcome'),
    /** Until then, the resident's next free text is their comment on the result. */
    commentUntil: timestamp('comment_until', { withTimezone: true }),
    commentedAt: timestamp('commented_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('score_requests_once_uq').on(t.caseId, t.residentId, t.resolveEventId),
    index('score_requests_resident_idx').on(t.residentId, t.askedAt),
  ],
);

export type ScoreRequestRow = typeof scoreRequests.$inferSelect;
