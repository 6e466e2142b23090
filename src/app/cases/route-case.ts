import { and, eq } from 'drizzle-orm';
import { addWorkingDays } from '../../domain/case/deadlines';
import { DEFAULT_DUPLICATE_OPTIONS, findPossibleDuplicates, type DuplicateProbe } from '../../domain/case/duplicates';
import { routeByType, routeCase, type RouteDecision } from '../../domain/case/routing';
import { OPEN_STATUSES } from '../../domain/case/workflow';
import { renderText } from '../../domain/text/catalog';
import type { Tx } from '../../db/client';
import {
  appendCaseEvent,
  duplicateCandidates,
  lockCaseById,
  reporterIdsOf,
  setPossibleDuplicate,
} from '../../db/repos/case-work';
import { holidayDays, routingRulesInForce } from '../../db/repos/reference';
import { agencies, categories, type CaseRow, type RoutingRuleRow } from '../../db/schema';
import type { AppDeps } from '../deps';
import { flushAfterCommit } from '../after-commit';
import { notifyReception, notifyReceptionAndLeaders } from '../staff/notify-staff';
import { performCaseAction } from './act';
import { DEFAULT_DEADLINE_DAYS, namesOf } from './facts';

/**
 * The `case.route` job. Where a case goes depends first on its type (routing.ts `routeByType`): complaints and
 * denunciations are held for reception and the commune leaders (who are told, without the reporter's identity),
 * emergencies were alerted at filing, crime tips and procedure questions go to the police and the Service
 * Center. Ordinary feedback goes to the agency its commune's rules name (routing.ts), due in
 * the rule's working days (deadlines.ts, the commune's holidays excluded), assigned by the system actor. A case
 * no rule matches stays `received` for the reception officer, who is told. A case close in time, category and
 * place to an open one is linked as its possible duplicate for reception to merge (duplicates.ts); it is still
 * routed, so nothing waits on a person.
 *
 * Idempotent: a case that already has an agency, or is no longer received/verified/classified, is left alone
 * (a person acted first, and the person wins). Outbox rows are enqueued after commit.
 */
export async function routeNewCase(deps: AppDeps, caseId: number): Promise<'assigned' | 'unmatched' | 'held' | 'skipped'> {
  const now = deps.now();
  const { outcome, outboxIds } = await deps.db.transaction(async (tx) => {
    const row = await lockCaseById(tx, caseId);
    if (!row || row.agencyId !== null || !['received', 'verified', 'classified'].includes(row.status)) {
      return { outcome: 'skipped' as const, outboxIds: [] };
    }
    const ids: number[] = [];
    const byType = routeByType(row.caseType);
    if (byType.kind === 'hold' || byType.kind === 'alerted') {
      const eventId = await appendCaseEvent(tx, {
        communeId: row.communeId,
        caseId: row.id,
        action: 'routing_held',
        fromStatus: row.status,
        toStatus: row.status,
        actor: { kind: 'system', job: 'routing' },
        data: { caseType: row.caseType },
        internal: true,
        at: now,
      });
      if (byType.kind === 'hold') {
        const mixed = row.triageSignals.includes('mixed:feedback');
        ids.push(...(await notifyReceptionAndLeaders(tx, { caseRow: row, eventId, mixed, now })));
      }
      return { outcome: 'held' as const, outboxIds: ids };
    }
    ids.push(...(await linkPossibleDuplicate(tx, row, now)));

    const rules = await routingRulesInForce(tx, row.communeId);
    const decision = byType.kind === 'agency' ? await typeAgencyDecision(tx, row, byType.agencyCode, rules) : routeCase(rules, row.categoryId, row.areaId);
    if (decision === null) {
      const eventId = await appendCaseEvent(tx, {
        communeId: row.communeId,
        caseId: row.id,
        action: 'routing_unmatched',
        fromStatus: row.status,
        toStatus: row.status,
        actor: { kind: 'system', job: 'routing' },
        data: { categoryId: row.categoryId, areaId: row.areaId },
        internal: true,
        at: now,
      });
      const names = await namesOf(tx, row);
      const text = renderText('staff.notice.unrouted', {
        code: row.code,
        category: names.categoryName ?? renderText('case.value.none'),
      });
      ids.push(...(await notifyReception(tx, { caseRow: row, eventId, text, now })));
      return { outcome: 'unmatched' as const, outboxIds: ids };
    }

    const holidays = await holidayDays(tx, row.communeId);
    // Counted from the day of receipt (deadlines.ts); a job run late must still give a future date.
    let dueAt = addWorkingDays(row.createdAt, decision.deadlineWorkingDays, holidays, deps.config.TZ);
    if (dueAt.getTime() <= now.getTime()) dueAt = addWorkingDays(now, Math.max(1, decision.deadlineWorkingDays), holidays, deps.config.TZ);
    const acted = await performCaseAction(tx, {
      caseRow: row,
      actor: { kind: 'system', job: 'routing' },
      action: { type: 'assign', agencyId: Number(decision.agencyId), dueAt },
      data: { matchedBy: decision.matchedBy, ruleDeadlineWorkingDays: decision.deadlineWorkingDays },
      now,
      timeZone: deps.config.TZ,
      links: deps.mediaLinks,
      publicBaseUrl: deps.config.PUBLIC_BASE_URL,
    });
    if (!acted.ok) {
      deps.logger.warn({ caseId, reason: acted.reason }, 'routing refused by the workflow');
      return { outcome: 'skipped' as const, outboxIds: ids };
    }
    ids.push(...acted.outboxIds);
    return { outcome: 'assigned' as const, outboxIds: ids };
  });
  await flushAfterCommit(deps, { outboxIds, caseRouteIds: [] });
  deps.logger.info({ caseId, outcome }, 'case routed');
  return outcome;
}

/** The agency a case type goes to, with the deadline of that agency's rule for the category, else the category's. */
async function typeAgencyDecision(tx: Tx, row: CaseRow, agencyCode: string, rules: readonly RoutingRuleRow[]): Promise<RouteDecision | null> {
  const [agency] = await tx
    .select({ id: agencies.id })
    .from(agencies)
    .where(and(eq(agencies.communeId, row.communeId), eq(agencies.code, agencyCode), eq(agencies.active, true)));
  if (!agency) return null;
  const own = routeCase(
    rules.filter((rule) => rule.agencyId === agency.id),
    row.categoryId,
    row.areaId,
  );
  const [category] = row.categoryId === null ? [] : await tx.select({ days: categories.deadlineWorkingDays }).from(categories).where(eq(categories.id, row.categoryId));
  const deadlineWorkingDays = own?.deadlineWorkingDays ?? category?.days ?? DEFAULT_DEADLINE_DAYS;
  const rule = { categoryId: row.categoryId ?? 0, areaId: null, agencyId: agency.id, deadlineWorkingDays };
  return { agencyId: agency.id, deadlineWorkingDays, matchedBy: 'category', rule };
}

function probeOf(row: CaseRow, reporterIds: readonly number[]): DuplicateProbe {
  return {
    id: row.id,
    code: row.code,
    status: row.status,
    caseType: row.caseType,
    categoryId: row.categoryId,
    areaId: row.areaId,
    location: row.latitude !== null && row.longitude !== null ? { lat: row.latitude, lng: row.longitude } : null,
    receivedAt: row.createdAt,
    reporterIds,
  };
}

async function linkPossibleDuplicate(tx: Tx, row: CaseRow, now: Date): Promise<number[]> {
  if (row.categoryId === null || row.possibleDuplicateOfCaseId !== null) return [];
  const since = new Date(row.createdAt.getTime() - DEFAULT_DUPLICATE_OPTIONS.windowHours * 3600_000);
  const candidates = await duplicateCandidates(tx, row.communeId, row.categoryId, since, row.id, OPEN_STATUSES);
  if (candidates.length === 0) return [];
  const reporters = await reporterIdsOf(tx, [row.id, ...candidates.map((c) => c.id)]);
  const [best] = findPossibleDuplicates(
    probeOf(row, reporters.get(row.id) ?? []),
    candidates.map((c) => probeOf(c, reporters.get(c.id) ?? [])),
  );
  if (!best) return [];
  const otherId = Number(best.caseId);
  await setPossibleDuplicate(tx, row.id, otherId);
  const eventId = await appendCaseEvent(tx, {
    communeId: row.communeId,
    caseId: row.id,
    action: 'possible_duplicate',
    fromStatus: row.status,
    toStatus: row.status,
    actor: { kind: 'system', job: 'routing' },
    data: { ofCaseId: otherId, ofCaseCode: best.code, score: best.score, reasons: best.reasons.map((r) => r.kind) },
    internal: true,
    at: now,
  });
  const text = renderText('staff.notice.duplicate', { code: row.code, other: best.code });
  return notifyReception(tx, { caseRow: row, eventId, text, now });
}
