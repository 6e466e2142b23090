import { and, eq, isNotNull } from 'drizzle-orm';
import { addWorkingDays } from '../../domain/case/deadlines';
import type { CaseFacts, ReporterView } from '../../domain/case/notices';
import { routeCase } from '../../domain/case/routing';
import type { CaseSnapshot } from '../../domain/case/workflow';
import { type Actor, type StaffActor, canSeeReporterIdentity, isIdentitySealed } from '../../domain/staff/permissions';
import type { DbOrTx } from '../../db/client';
import { reporterIdsOf } from '../../db/repos/case-work';
import { holidayDays, routingRulesInForce } from '../../db/repos/reference';
import { agencies, areas, caseClocks, categories, type CaseRow, type Staff } from '../../db/schema';

/** Loads what the pure domain needs about a case, and the names staff read. */

export const DEFAULT_DEADLINE_DAYS = 7;

export function staffActor(member: Pick<Staff, 'id' | 'role' | 'agencyId'>): StaffActor {
  return { kind: 'staff', staffId: member.id, role: member.role, agencyId: member.agencyId };
}

export async function snapshotOf(db: DbOrTx, row: CaseRow): Promise<CaseSnapshot> {
  const category =
    row.categoryId === null
      ? undefined
      : (await db.select({ requiresEvidence: categories.requiresEvidence }).from(categories).where(eq(categories.id, row.categoryId)))[0];
  const reporters = (await reporterIdsOf(db, [row.id])).get(row.id) ?? [];
  const extended = await db
    .select({ kind: caseClocks.kind })
    .from(caseClocks)
    .where(and(eq(caseClocks.caseId, row.id), isNotNull(caseClocks.extendedAt)));
  return {
    id: row.id,
    code: row.code,
    status: row.status,
    caseType: row.caseType,
    categoryId: row.categoryId,
    areaId: row.areaId,
    agencyId: row.agencyId,
    dueAt: row.dueAt,
    // A case without a category (none configured) still needs proof of its result.
    requiresEvidence: category?.requiresEvidence ?? true,
    reporterIds: reporters,
    identitySealed: row.identitySealed,
    extendedClocks: extended.map((c) => c.kind),
    resolvedAt: row.resolvedAt,
    scoredAt: row.scoredAt,
    publicHiddenAt: row.publicHiddenAt,
    publishedAt: row.publishedAt,
  };
}

export interface CaseNames {
  categoryName: string | null;
  areaName: string | null;
  agencyName: string | null;
}

export async function namesOf(db: DbOrTx, row: Pick<CaseRow, 'categoryId' | 'areaId' | 'agencyId'>): Promise<CaseNames> {
  const [category] = row.categoryId === null ? [] : await db.select({ name: categories.name }).from(categories).where(eq(categories.id, row.categoryId));
  const [area] = row.areaId === null ? [] : await db.select({ name: areas.name }).from(areas).where(eq(areas.id, row.areaId));
  const [agency] = row.agencyId === null ? [] : await db.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, row.agencyId));
  return { categoryName: category?.name ?? null, areaName: area?.name ?? null, agencyName: agency?.name ?? null };
}

/** The case as a viewer may read it: the reporter's identity only where permissions.ts allows. */
export async function factsFor(db: DbOrTx, row: CaseRow, viewer: Actor, snapshot?: CaseSnapshot): Promise<CaseFacts> {
  const snap = snapshot ?? (await snapshotOf(db, row));
  const names = await namesOf(db, row);
  let reporter: ReporterView;
  if (!canSeeReporterIdentity(viewer, snap)) {
    reporter = isIdentitySealed(snap) ? { kind: 'sealed' } : { kind: 'none' };
  } else {
    reporter = { kind: 'shown', name: row.reporterName, phone: row.reporterPhone };
  }
  return {
    code: row.code,
    status: row.status,
    caseType: row.caseType,
    ...names,
    dueAt: row.dueAt,
    description: row.description,
    address: row.address,
    latitude: row.latitude,
    longitude: row.longitude,
    reporter,
  };
}

/**
 * The due date for a case going to `agencyId`: the routing rule of the case's category (and area) for that
 * agency, else the category's own deadline, in working days from today (the commune's holidays excluded).
 */
export async function dueDateFor(
  db: DbOrTx,
  input: { communeId: number; row: Pick<CaseRow, 'categoryId' | 'areaId'>; agencyId: number; now: Date; timeZone: string },
): Promise<Date> {
  const rules = await routingRulesInForce(db, input.communeId);
  const forAgency = rules.filter((r) => r.agencyId === input.agencyId);
  const decision = routeCase(forAgency, input.row.categoryId, input.row.areaId);
  let days = decision?.deadlineWorkingDays;
  if (days === undefined && input.row.categoryId !== null) {
    const [category] = await db
      .select({ days: categories.deadlineWorkingDays })
      .from(categories)
      .where(eq(categories.id, input.row.categoryId));
    days = category?.days;
  }
  return addWorkingDays(input.now, days ?? DEFAULT_DEADLINE_DAYS, await holidayDays(db, input.communeId), input.timeZone);
}
