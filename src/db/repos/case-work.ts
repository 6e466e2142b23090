import { and, asc, desc, eq, gte, inArray, isNull, lt, ne, notExists, sql } from 'drizzle-orm';
import type { CasePatch } from '../../domain/case/workflow';
import type { Actor } from '../../domain/staff/permissions';
import type { DbOrTx } from '../client';
import {
  caseAttachments,
  caseEvents,
  caseSubscribers,
  cases,
  consents,
  residents,
  type CaseEventRow,
  type CaseRow,
} from '../schema';

/**
 * Persistence of the case workflow (issue 4): locking a case, applying a domain patch, appending events,
 * subscribers, attachments, and the queries staff and the routing job need. Case creation lives in cases.ts.
 */

export async function lockCaseById(db: DbOrTx, caseId: number): Promise<CaseRow | undefined> {
  const [row] = await db.select().from(cases).where(eq(cases.id, caseId)).for('update');
  return row;
}

export async function lockCaseByCode(db: DbOrTx, communeId: number, code: string): Promise<CaseRow | undefined> {
  const [row] = await db
    .select()
    .from(cases)
    .where(and(eq(cases.communeId, communeId), eq(cases.code, code)))
    .for('update');
  return row;
}

export async function caseByCode(db: DbOrTx, communeId: number, code: string): Promise<CaseRow | undefined> {
  const [row] = await db.select().from(cases).where(and(eq(cases.communeId, communeId), eq(cases.code, code)));
  return row;
}

export async function caseById(db: DbOrTx, caseId: number): Promise<CaseRow | undefined> {
  const [row] = await db.select().from(cases).where(eq(cases.id, caseId));
  return row;
}

export interface Subscriber {
  residentId: number;
  role: 'reporter' | 'merged_reporter';
  zaloUserId: string;
  locale: 'vi' | 'en';
  /** Decides whether a message is still free or reachable (zalo/windows.ts). */
  lastInteractionAt: Date | null;
}

export async function subscribersOf(db: DbOrTx, caseId: number): Promise<Subscriber[]> {
  return db
    .select({
      residentId: caseSubscribers.residentId,
      role: caseSubscribers.role,
      zaloUserId: residents.zaloUserId,
      locale: residents.locale,
      lastInteractionAt: residents.lastInteractionAt,
    })
    .from(caseSubscribers)
    .innerJoin(residents, eq(residents.id, caseSubscribers.residentId))
    .where(eq(caseSubscribers.caseId, caseId))
    .orderBy(asc(caseSubscribers.createdAt), asc(caseSubscribers.residentId));
}

export async function addSubscribers(
  db: DbOrTx,
  communeId: number,
  caseId: number,
  residentIds: readonly number[],
  role: 'reporter' | 'merged_reporter',
  now: Date,
): Promise<void> {
  if (residentIds.length === 0) return;
  await db
    .insert(caseSubscribers)
    .values(residentIds.map((residentId) => ({ communeId, caseId, residentId, role, createdAt: now })))
    .onConflictDoNothing();
}

/** Writes the fields a domain patch changes; the patch's `reporterIds` are subscribers, written apart. */
export async function applyCasePatch(db: DbOrTx, caseId: number, patch: CasePatch, now: Date): Promise<void> {
  const num = (v: string | number) => Number(v);
  await db
    .update(cases)
    .set({
      status: patch.status,
      updatedAt: now,
      ...(patch.caseType === undefined ? {} : { caseType: patch.caseType }),
      ...(patch.categoryId === undefined ? {} : { categoryId: num(patch.categoryId) }),
      ...(patch.areaId === undefined ? {} : { areaId: patch.areaId === null ? null : num(patch.areaId) }),
      ...(patch.agencyId === undefined ? {} : { agencyId: num(patch.agencyId) }),
      ...(patch.dueAt === undefined ? {} : { dueAt: patch.dueAt }),
      ...(patch.resultText === undefined ? {} : { resultText: patch.resultText }),
      ...(patch.resolvedAt === undefined ? {} : { resolvedAt: patch.resolvedAt }),
      ...(patch.closedAt === undefined ? {} : { closedAt: patch.closedAt }),
      ...(patch.satisfactionScore === undefined ? {} : { score: patch.satisfactionScore }),
      ...(patch.scoredAt === undefined ? {} : { scoredAt: patch.scoredAt }),
      ...(patch.mergedIntoCaseId === undefined ? {} : { mergedIntoCaseId: num(patch.mergedIntoCaseId) }),
      ...(patch.address === undefined ? {} : { address: patch.address }),
      ...(patch.location === undefined ? {} : { latitude: patch.location.latitude, longitude: patch.location.longitude }),
      ...(patch.publicHidden === undefined
        ? {}
        : { publicHiddenAt: patch.publicHidden?.at ?? null, publicHiddenReason: patch.publicHidden?.reason ?? null }),
      ...(patch.publishedAt === undefined ? {} : { publishedAt: patch.publishedAt }),
      ...(patch.rejectReason === undefined ? {} : { rejectReason: patch.rejectReason }),
      // Only ever set, never cleared (the seal is for good; a trigger keeps it too).
      ...(patch.identitySealed === true ? { identitySealed: true } : {}),
    })
    .where(eq(cases.id, caseId));
}

/** Records the moment of the first update sent to the reporter; later updates leave it. */
export async function markFirstResponse(db: DbOrTx, caseId: number, at: Date): Promise<void> {
  await db
    .update(cases)
    .set({ firstResponseAt: at })
    .where(and(eq(cases.id, caseId), isNull(cases.firstResponseAt)));
}

export async function setPossibleDuplicate(db: DbOrTx, caseId: number, ofCaseId: number): Promise<void> {
  await db.update(cases).set({ possibleDuplicateOfCaseId: ofCaseId }).where(eq(cases.id, caseId));
}

export interface NewCaseEvent {
  communeId: number;
  caseId: number;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  actor: Actor;
  note?: string | null;
  data?: Record<string, unknown>;
  internal: boolean;
  at: Date;
}

/** Appends one event (the table refuses updates and deletes); returns its id. */
export async function appendCaseEvent(db: DbOrTx, event: NewCaseEvent): Promise<number> {
  const actor = event.actor;
  const [row] = await db
    .insert(caseEvents)
    .values({
      communeId: event.communeId,
      caseId: event.caseId,
      action: event.action,
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      actorKind: actor.kind,
      // The admin API acts as staff without a staff row: its id is a string reference kept in `data.actorRef`.
      actorStaffId: actor.kind === 'staff' && typeof actor.staffId === 'number' ? actor.staffId : null,
      actorResidentId: actor.kind === 'resident' ? Number(actor.residentId) : null,
      note: event.note ?? null,
      data: {
        ...(actor.kind === 'system' ? { job: actor.job } : {}),
        ...(actor.kind === 'staff' ? { actorRole: actor.role, ...(typeof actor.staffId === 'string' ? { actorRef: actor.staffId } : {}) } : {}),
        ...(event.data ?? {}),
      },
      internal: event.internal,
      createdAt: event.at,
    })
    .returning({ id: caseEvents.id });
  if (!row) throw new Error('case event insert returned nothing');
  return row.id;
}

export async function eventsOf(db: DbOrTx, caseId: number): Promise<CaseEventRow[]> {
  return db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.id));
}

/** The latest event a staff member caused anywhere in the commune: their "pending" context (evidence). */
export async function latestEventByStaff(db: DbOrTx, communeId: number, staffId: number): Promise<CaseEventRow | undefined> {
  const [row] = await db
    .select()
    .from(caseEvents)
    .where(and(eq(caseEvents.communeId, communeId), eq(caseEvents.actorStaffId, staffId)))
    .orderBy(desc(caseEvents.id))
    .limit(1);
  return row;
}

export type { AttachmentKind } from '../schema';
import type { AttachmentKind } from '../schema';

export async function addAttachments(
  db: DbOrTx,
  communeId: number,
  caseId: number,
  items: readonly { kind: AttachmentKind; url: string; thumbnailUrl?: string | null; fileName?: string | null }[],
  staffId: number | null,
  now: Date,
): Promise<void> {
  if (items.length === 0) return;
  await db.insert(caseAttachments).values(
    items.map((item) => ({
      communeId,
      caseId,
      kind: item.kind,
      url: item.url,
      thumbnailUrl: item.thumbnailUrl ?? null,
      fileName: item.fileName ?? null,
      addedByStaffId: staffId,
      createdAt: now,
    })),
  );
}

export async function attachmentsOf(db: DbOrTx, caseId: number, kinds?: readonly AttachmentKind[]) {
  return db
    .select()
    .from(caseAttachments)
    .where(and(eq(caseAttachments.caseId, caseId), ...(kinds === undefined ? [] : [inArray(caseAttachments.kind, [...kinds])])))
    .orderBy(asc(caseAttachments.id));
}

export interface CaseFilter {
  status?: string;
  agencyId?: number;
  caseType?: string;
  limit: number;
  offset?: number;
}

export async function listCases(db: DbOrTx, communeId: number, filter: CaseFilter): Promise<CaseRow[]> {
  return db
    .select()
    .from(cases)
    .where(
      and(
        eq(cases.communeId, communeId),
        ...(filter.status === undefined ? [] : [sql`${cases.status} = ${filter.status}`]),
        ...(filter.agencyId === undefined ? [] : [eq(cases.agencyId, filter.agencyId)]),
        ...(filter.caseType === undefined ? [] : [sql`${cases.caseType} = ${filter.caseType}`]),
      ),
    )
    .orderBy(desc(cases.id))
    .limit(filter.limit)
    .offset(filter.offset ?? 0);
}

/** Open cases of the given statuses, optionally of one agency (null = no agency yet), oldest due first. */
export async function openCases(
  db: DbOrTx,
  communeId: number,
  filter: { statuses: readonly string[]; agencyId?: number | null; limit: number },
): Promise<CaseRow[]> {
  const agency =
    filter.agencyId === undefined ? [] : filter.agencyId === null ? [isNull(cases.agencyId)] : [eq(cases.agencyId, filter.agencyId)];
  return db
    .select()
    .from(cases)
    .where(and(eq(cases.communeId, communeId), sql`${cases.status} in ${[...filter.statuses]}`, ...agency))
    .orderBy(sql`${cases.dueAt} asc nulls last`, asc(cases.id))
    .limit(filter.limit);
}

/** Open cases of the same category received since `since`: what a new case may duplicate. */
export async function duplicateCandidates(
  db: DbOrTx,
  communeId: number,
  categoryId: number,
  since: Date,
  excludeCaseId: number,
  openStatuses: readonly string[],
): Promise<CaseRow[]> {
  return db
    .select()
    .from(cases)
    .where(
      and(
        eq(cases.communeId, communeId),
        eq(cases.categoryId, categoryId),
        gte(cases.createdAt, since),
        ne(cases.id, excludeCaseId),
        sql`${cases.status} in ${[...openStatuses]}`,
      ),
    )
    .orderBy(asc(cases.id))
    .limit(200);
}

export async function reporterIdsOf(db: DbOrTx, caseIds: readonly number[]): Promise<Map<number, number[]>> {
  const map = new Map<number, number[]>();
  if (caseIds.length === 0) return map;
  const rows = await db
    .select({ caseId: caseSubscribers.caseId, residentId: caseSubscribers.residentId })
    .from(caseSubscribers)
    .where(inArray(caseSubscribers.caseId, [...caseIds]));
  for (const row of rows) map.set(row.caseId, [...(map.get(row.caseId) ?? []), row.residentId]);
  return map;
}

/** Events that mean "the routing job looked at this case". */
export const ROUTING_OUTCOME_ACTIONS = ['assign', 'routing_unmatched'] as const;

/**
 * Cases still `received` with no agency, older than `before`, that the routing job never looked at: their job
 * was lost (Redis down when the case was filed). Uses the case_events (case_id) index per candidate.
 */
export async function unroutedCases(db: DbOrTx, before: Date, limit: number): Promise<number[]> {
  const rows = await db
    .select({ id: cases.id })
    .from(cases)
    .where(
      and(
        eq(cases.status, 'received'),
        isNull(cases.agencyId),
        lt(cases.createdAt, before),
        notExists(
          db
            .select({ one: sql`1` })
            .from(caseEvents)
            .where(and(eq(caseEvents.caseId, cases.id), inArray(caseEvents.action, [...ROUTING_OUTCOME_ACTIONS]))),
        ),
      ),
    )
    .orderBy(asc(cases.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** The resident's phone, if they gave one and their latest consent decision is a grant (ZNS needs both). */
export async function consentedPhone(db: DbOrTx, residentId: number): Promise<string | null> {
  const [resident] = await db.select({ phone: residents.phone }).from(residents).where(eq(residents.id, residentId));
  if (!resident?.phone) return null;
  const [latest] = await db
    .select({ decision: consents.decision })
    .from(consents)
    .where(and(eq(consents.residentId, residentId), eq(consents.purpose, 'feedback_personal_data')))
    .orderBy(desc(consents.id))
    .limit(1);
  return latest?.decision === 'granted' ? resident.phone : null;
}

/** Updates that reached nobody (the delivery chain ended without a channel that worked). */
export async function undeliveredUpdates(db: DbOrTx, communeId: number, options: { caseId?: number; limit: number }) {
  return db
    .select({
      eventId: caseEvents.id,
      caseId: caseEvents.caseId,
      code: cases.code,
      at: caseEvents.createdAt,
      data: caseEvents.data,
    })
    .from(caseEvents)
    .innerJoin(cases, eq(cases.id, caseEvents.caseId))
    .where(
      and(
        eq(caseEvents.communeId, communeId),
        eq(caseEvents.action, 'update_undelivered'),
        ...(options.caseId === undefined ? [] : [eq(caseEvents.caseId, options.caseId)]),
      ),
    )
    .orderBy(desc(caseEvents.id))
    .limit(options.limit);
}
