import { and, asc, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import { lockCaseById } from '../../db/repos/case-work';
import { cases } from '../../db/schema';
import type { AppDeps } from '../deps';
import { performCaseAction } from '../cases/act';

/**
 * Results whose review deadline has come are published by the system (the law's 5 working days do not wait for
 * a busy office). Runs with the sweeper; each case in its own transaction, under its row lock, so a person
 * publishing at the same moment wins and the job's attempt is a recorded refusal at worst.
 */
export async function publishDueResults(deps: AppDeps, limit = 100): Promise<number> {
  const now = deps.now();
  const due = await deps.db
    .select({ id: cases.id })
    .from(cases)
    .where(
      and(
        isNull(cases.publishedAt),
        isNotNull(cases.publishDueAt),
        lte(cases.publishDueAt, now),
        sql`${cases.status} in ('resolved', 'closed')`,
      ),
    )
    .orderBy(asc(cases.publishDueAt))
    .limit(limit);
  let published = 0;
  for (const { id } of due) {
    const done = await deps.db.transaction(async (tx) => {
      const row = await lockCaseById(tx, id);
      if (!row || row.publishedAt !== null) return false;
      const outcome = await performCaseAction(tx, {
        caseRow: row,
        actor: { kind: 'system', job: 'publication' },
        action: { type: 'publish_result' },
        data: { deadline: row.publishDueAt?.toISOString() ?? null },
        now,
        links: deps.mediaLinks,
      });
      return outcome.ok;
    });
    if (done) published += 1;
  }
  if (published > 0) deps.logger.info({ published }, 'results published at their review deadline');
  return published;
}
