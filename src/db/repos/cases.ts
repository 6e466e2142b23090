import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { caseEvents, caseSubscribers, cases, categories, communes, type CaseRow } from '../schema';

/** The next case number of a commune (row-locked increment: codes never repeat, gaps are fine). */
export async function nextCaseSeq(db: DbOrTx, communeId: number): Promise<number> {
  const [row] = await db
    .update(communes)
    .set({ caseSeq: sql`${communes.caseSeq} + 1` })
    .where(eq(communes.id, communeId))
    .returning({ seq: communes.caseSeq });
  if (!row) throw new Error(`commune ${communeId} not found`);
  return row.seq;
}

export async function findCaseBySourceInbox(db: DbOrTx, communeId: number, inboxId: number): Promise<CaseRow | undefined> {
  const [row] = await db
    .select()
    .from(cases)
    .where(and(eq(cases.communeId, communeId), eq(cases.sourceInboxId, inboxId)));
  return row;
}

export interface ResidentCaseSummary {
  id: number;
  code: string;
  status: string;
  categoryName: string | null;
  updatedAt: Date;
  latestAnswer: string | null;
}

/** Actions whose note the resident was told: the "latest answer" of a look-up. */
const ANSWER_ACTIONS = ['answer', 'resolve', 'reject'];

async function withLatestAnswers(db: DbOrTx, rows: Omit<ResidentCaseSummary, 'latestAnswer'>[]): Promise<ResidentCaseSummary[]> {
  if (rows.length === 0) return [];
  const answers = await db
    .selectDistinctOn([caseEvents.caseId], { caseId: caseEvents.caseId, note: caseEvents.note })
    .from(caseEvents)
    .where(
      and(
        inArray(
          caseEvents.caseId,
          rows.map((r) => r.id),
        ),
        inArray(caseEvents.action, ANSWER_ACTIONS),
        eq(caseEvents.internal, false),
      ),
    )
    .orderBy(caseEvents.caseId, desc(caseEvents.id));
  const byCase = new Map(answers.map((a) => [a.caseId, a.note]));
  return rows.map((r) => ({ ...r, latestAnswer: byCase.get(r.id) ?? null }));
}

/** What a resident's look-up shows of a case (the latest answer is added from its events). */
const summaryColumns = {
  id: cases.id,
  code: cases.code,
  status: cases.status,
  categoryName: categories.name,
  updatedAt: cases.updatedAt,
};

/** The cases a resident reported or follows (merged duplicates), newest first. */
export async function casesOfResident(db: DbOrTx, residentId: number, limit: number): Promise<ResidentCaseSummary[]> {
  const rows = await db
    .select(summaryColumns)
    .from(caseSubscribers)
    .innerJoin(cases, eq(cases.id, caseSubscribers.caseId))
    .leftJoin(categories, eq(categories.id, cases.categoryId))
    .where(eq(caseSubscribers.residentId, residentId))
    .orderBy(desc(cases.createdAt))
    .limit(limit);
  return withLatestAnswers(db, rows);
}

/** A case by code, only if this resident is subscribed to it (never leaks another resident's case). */
export async function caseOfResident(
  db: DbOrTx,
  communeId: number,
  residentId: number,
  code: string,
): Promise<ResidentCaseSummary | null> {
  const rows = await db
    .select(summaryColumns)
    .from(cases)
    .innerJoin(caseSubscribers, and(eq(caseSubscribers.caseId, cases.id), eq(caseSubscribers.residentId, residentId)))
    .leftJoin(categories, eq(categories.id, cases.categoryId))
    .where(and(eq(cases.communeId, communeId), eq(cases.code, code)));
  const [found] = await withLatestAnswers(db, rows);
  return found ?? null;
}
