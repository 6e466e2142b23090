import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { cases, conversations, scoreRequests, type ScoreRequestRow } from '../schema';

/** The score questions residents were asked (schema/scores.ts), and what the converse hook reads of them. */

/** Records that a resident was asked to score a resolution; false when this resolution was already asked. */
export async function insertScoreRequest(
  db: DbOrTx,
  input: { communeId: number; caseId: number; residentId: number; resolveEventId: number; now: Date },
): Promise<boolean> {
  const rows = await db
    .insert(scoreRequests)
    .values({ ...input, askedAt: input.now })
    .onConflictDoNothing({
      target: [scoreRequests.caseId, scoreRequests.residentId, scoreRequests.resolveEventId],
    })
    .returning({ id: scoreRequests.id });
  return rows.length > 0;
}

export interface ScoreRequestWithCase {
  request: ScoreRequestRow;
  code: string;
}

/**
 * The question a resident's answer is for: the latest one for the case code they tapped, or without a code the
 * latest they were asked since `since`. Locked, so two events of one resident cannot answer it twice.
 */
export async function scoreRequestFor(
  db: DbOrTx,
  input: { communeId: number; residentId: number; code: string | null; since: Date },
): Promise<ScoreRequestWithCase | undefined> {
  const [row] = await db
    .select({ request: scoreRequests, code: cases.code })
    .from(scoreRequests)
    .innerJoin(cases, eq(cases.id, scoreRequests.caseId))
    .where(
      and(
        eq(scoreRequests.communeId, input.communeId),
        eq(scoreRequests.residentId, input.residentId),
        ...(input.code === null ? [gt(scoreRequests.askedAt, input.since)] : [eq(cases.code, input.code)]),
      ),
    )
    .orderBy(desc(scoreRequests.askedAt), desc(scoreRequests.id))
    .limit(1)
    .for('update', { of: scoreRequests });
  return row;
}

/** The question whose comment the resident may still be writing (`commentUntil` not passed). */
export async function openCommentRequest(
  db: DbOrTx,
  input: { communeId: number; residentId: number; now: Date },
): Promise<ScoreRequestWithCase | undefined> {
  const [row] = await db
    .select({ request: scoreRequests, code: cases.code })
    .from(scoreRequests)
    .innerJoin(cases, eq(cases.id, scoreRequests.caseId))
    .where(
      and(
        eq(scoreRequests.communeId, input.communeId),
        eq(scoreRequests.residentId, input.residentId),
        gt(scoreRequests.commentUntil, input.now),
        isNull(scoreRequests.commentedAt),
      ),
    )
    .orderBy(desc(scoreRequests.answeredAt))
    .limit(1)
    .for('update', { of: scoreRequests });
  return row;
}

export async function markScoreAnswered(
  db: DbOrTx,
  id: number,
  input: { score: number | null; outcome: 'closed' | 'reopened' | 'recorded'; commentUntil: Date; now: Date },
): Promise<void> {
  await db
    .update(scoreRequests)
    .set({
      answeredAt: input.now,
      score: input.score,
      outcome: input.outcome,
      commentUntil: input.commentUntil,
    })
    .where(eq(scoreRequests.id, id));
}

export async function markCommented(db: DbOrTx, id: number, now: Date): Promise<void> {
  await db
    .update(scoreRequests)
    .set({ commentedAt: now, commentUntil: null })
    .where(eq(scoreRequests.id, id));
}

/** When the conversation machine last saved this resident's state: a bare "4" after that is not for the question. */
export async function conversationUpdatedAt(
  db: DbOrTx,
  communeId: number,
  zaloUserId: string,
): Promise<Date | null> {
  const [row] = await db
    .select({ updatedAt: conversations.updatedAt })
    .from(conversations)
    .where(and(eq(conversations.communeId, communeId), eq(conversations.zaloUserId, zaloUserId)));
  return row?.updatedAt ?? null;
}

/** Cases whose latest score is low (1–2), still worth the Front's eye: open again or resolved. */
export async function lowScoredCaseIds(db: DbOrTx, communeId: number, limit: number): Promise<number[]> {
  const rows = await db
    .select({ id: cases.id })
    .from(cases)
    .where(
      and(
        eq(cases.communeId, communeId),
        sql`${cases.score} <= 2`,
        sql`${cases.status} in ('assigned', 'in_progress', 'reopened', 'resolved')`,
      ),
    )
    .orderBy(desc(cases.scoredAt))
    .limit(limit);
  return rows.map((r) => r.id);
}
