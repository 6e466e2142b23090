import { and, asc, eq, gte, inArray, lt, lte, or, sql } from 'drizzle-orm';
import { OPEN_STATUSES, type CaseStatus } from '../../domain/case/workflow';
import type { Report } from '../../domain/reports/aggregate';
import type { ReportKind } from '../../domain/reports/period';
import type { ReportCase } from '../../domain/reports/timeline';
import type { DbOrTx } from '../client';
import {
  caseEvents,
  cases,
  reportSubscriptions,
  reports,
  staff,
  type ReportRow,
  type Staff,
} from '../schema';

/**
 * What the report aggregation reads, and the stored reports and digest subscriptions. Reading is two
 * statements: the cases that can matter to a period, then their events.
 */

/**
 * Cases filed before `end` that can count between `from` and `end`: still open, changed since `from`, or with
 * an event since `from` (a late score on a closed case). Their events up to `asOf`, oldest first.
 */
export async function reportCases(
  db: DbOrTx,
  communeId: number,
  window: { from: Date; end: Date; asOf: Date },
): Promise<ReportCase[]> {
  const rows = await db
    .select()
    .from(cases)
    .where(
      and(
        eq(cases.communeId, communeId),
        lt(cases.createdAt, window.end),
        or(
          inArray(cases.status, [...OPEN_STATUSES]),
          gte(cases.updatedAt, window.from),
          sql`exists (select 1 from ${caseEvents} where ${caseEvents.caseId} = ${cases.id} and ${caseEvents.createdAt} >= ${window.from})`,
        ),
      ),
    )
    .orderBy(asc(cases.id));
  if (rows.length === 0) return [];
  const events = await db
    .select({
      caseId: caseEvents.caseId,
      action: caseEvents.action,
      at: caseEvents.createdAt,
      toStatus: caseEvents.toStatus,
      actorKind: caseEvents.actorKind,
      internal: caseEvents.internal,
      note: caseEvents.note,
      data: caseEvents.data,
    })
    .from(caseEvents)
    .where(
      and(
        eq(caseEvents.communeId, communeId),
        inArray(
          caseEvents.caseId,
          rows.map((r) => r.id),
        ),
        lte(caseEvents.createdAt, window.asOf),
      ),
    )
    .orderBy(asc(caseEvents.createdAt), asc(caseEvents.id));
  const byCase = new Map<number, ReportCase['events'][number][]>();
  for (const e of events) {
    const list = byCase.get(e.caseId) ?? [];
    list.push({
      action: e.action,
      at: e.at,
      toStatus: (e.toStatus as CaseStatus | null) ?? null,
      actorKind: e.actorKind === 'resident' || e.actorKind === 'system' ? e.actorKind : 'staff',
      internal: e.internal,
      // Only the Front's own notes are read as text (the supervision annex); nothing else leaves as words.
      note: e.action === 'supervise' ? e.note : null,
      data: e.data,
    });
    byCase.set(e.caseId, list);
  }
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    status: r.status,
    caseType: r.caseType,
    source: r.source,
    categoryId: r.categoryId,
    areaId: r.areaId,
    agencyId: r.agencyId,
    createdAt: r.createdAt,
    dueAt: r.dueAt,
    events: byCase.get(r.id) ?? [],
  }));
}

/** The latest filing per residential group before `end`. */
export async function lastReportByArea(db: DbOrTx, communeId: number, end: Date): Promise<Map<number, Date>> {
  const rows = await db
    .select({ areaId: cases.areaId, last: sql<Date>`max(${cases.createdAt})`.mapWith(cases.createdAt) })
    .from(cases)
    .where(and(eq(cases.communeId, communeId), lt(cases.createdAt, end)))
    .groupBy(cases.areaId);
  const map = new Map<number, Date>();
  for (const row of rows) if (row.areaId !== null) map.set(row.areaId, row.last);
  return map;
}

export async function upsertReport(
  db: DbOrTx,
  row: {
    communeId: number;
    kind: ReportKind;
    periodKey: string;
    periodStart: Date;
    periodEnd: Date;
    data: Report;
    builtAt: Date;
  },
): Promise<void> {
  await db
    .insert(reports)
    .values(row)
    .onConflictDoUpdate({
      target: [reports.communeId, reports.kind, reports.periodKey],
      set: { data: row.data, builtAt: row.builtAt, periodStart: row.periodStart, periodEnd: row.periodEnd },
    });
}

export async function findReport(
  db: DbOrTx,
  communeId: number,
  kind: ReportKind,
  periodKey: string,
): Promise<ReportRow | undefined> {
  const [row] = await db
    .select()
    .from(reports)
    .where(and(eq(reports.communeId, communeId), eq(reports.kind, kind), eq(reports.periodKey, periodKey)));
  return row;
}

export async function upsertSubscription(
  db: DbOrTx,
  value: { communeId: number; staffId: number; daily: boolean; weekly: boolean; now: Date },
): Promise<void> {
  await db
    .insert(reportSubscriptions)
    .values({
      communeId: value.communeId,
      staffId: value.staffId,
      daily: value.daily,
      weekly: value.weekly,
      createdAt: value.now,
      updatedAt: value.now,
    })
    .onConflictDoUpdate({
      target: [reportSubscriptions.communeId, reportSubscriptions.staffId],
      set: { daily: value.daily, weekly: value.weekly, updatedAt: value.now },
    });
}

export async function deleteSubscription(db: DbOrTx, communeId: number, staffId: number): Promise<boolean> {
  const rows = await db
    .delete(reportSubscriptions)
    .where(and(eq(reportSubscriptions.communeId, communeId), eq(reportSubscriptions.staffId, staffId)))
    .returning({ staffId: reportSubscriptions.staffId });
  return rows.length > 0;
}

export async function listSubscriptions(db: DbOrTx, communeId: number) {
  return db
    .select({
      staffId: reportSubscriptions.staffId,
      daily: reportSubscriptions.daily,
      weekly: reportSubscriptions.weekly,
      role: staff.role,
      name: staff.name,
      linked: sql<boolean>`${staff.zaloUserId} is not null`,
    })
    .from(reportSubscriptions)
    .innerJoin(staff, eq(staff.id, reportSubscriptions.staffId))
    .where(eq(reportSubscriptions.communeId, communeId))
    .orderBy(asc(reportSubscriptions.staffId));
}

/** Linked, active staff subscribed to this kind of digest. */
export async function digestRecipients(db: DbOrTx, communeId: number, kind: ReportKind): Promise<Staff[]> {
  const rows = await db
    .select({ member: staff })
    .from(reportSubscriptions)
    .innerJoin(staff, eq(staff.id, reportSubscriptions.staffId))
    .where(
      and(
        eq(reportSubscriptions.communeId, communeId),
        kind === 'daily' ? eq(reportSubscriptions.daily, true) : eq(reportSubscriptions.weekly, true),
        eq(staff.active, true),
        sql`${staff.zaloUserId} is not null`,
      ),
    )
    .orderBy(asc(staff.id));
  return rows.map((r) => r.member);
}
