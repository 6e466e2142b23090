import { and, asc, desc, eq, gte, inArray, isNotNull, lt, ne, sql, type SQL } from 'drizzle-orm';
import {
  LISTED_CASE_TYPES,
  PUBLIC_STATUS_GROUPS,
  UNLISTED_REJECT_REASON,
  type PublicStatusGroup,
} from '../../domain/public/publication';
import type { CaseStatus } from '../../domain/case/workflow';
import type { DbOrTx } from '../client';
import {
  agencies,
  areas,
  caseAttachments,
  caseEvents,
  cases,
  categories,
  communes,
  mediaObjects,
  type Commune,
} from '../schema';

/**
 * The public read model (issue 12): what /cong-khai, its feeds and Open311 read. Every query is scoped by commune;
 * lists read only listed cases with the exact predicate of the partial index `cases_public_list_idx`
 * (migration `reject_reason_sql`), so PostgreSQL answers them from that index. Nothing here selects a reporter's name, phone,
 * e-mail, Zalo id, address or coordinates except `publicCaseByCode`'s coordinates, which only Open311 uses, and
 * only rounded to the commune's setting.
 */

export interface PublicFilter {
  readonly categoryId?: number;
  readonly areaId?: number;
  readonly statuses?: readonly CaseStatus[];
  /** created_at in [from, to) */
  readonly from?: Date;
  readonly to?: Date;
  /** Open311 `service_request_id` lists: these codes only. */
  readonly codes?: readonly string[];
}

/** The listing predicate of domain/public/publication.ts isListed, written as the index's WHERE. */
const listed = (): SQL =>
  sql`${cases.caseType} in ${[...LISTED_CASE_TYPES]} and ${cases.publicHiddenAt} is null and ${cases.status} <> 'merged' and ${cases.rejectReason} is distinct from ${UNLISTED_REJECT_REASON}`;

function filterConditions(communeId: number, filter: PublicFilter): SQL[] {
  return [
    eq(cases.communeId, communeId),
    ...(filter.categoryId === undefined ? [] : [eq(cases.categoryId, filter.categoryId)]),
    ...(filter.areaId === undefined ? [] : [eq(cases.areaId, filter.areaId)]),
    ...(filter.statuses === undefined ? [] : [inArray(cases.status, [...filter.statuses])]),
    ...(filter.from === undefined ? [] : [gte(cases.createdAt, filter.from)]),
    ...(filter.to === undefined ? [] : [lt(cases.createdAt, filter.to)]),
    ...(filter.codes === undefined ? [] : [inArray(cases.code, [...filter.codes])]),
  ];
}

export async function communeBySlug(db: DbOrTx, slug: string | null): Promise<Commune | undefined> {
  const [row] = await db
    .select()
    .from(communes)
    .where(slug === null ? undefined : eq(communes.slug, slug))
    .orderBy(asc(communes.id))
    .limit(1);
  return row;
}

export interface PublicFigures {
  received: number;
  listed: number;
  /** Listed cases per public status group: the list's total under a status filter, from the same scan. */
  listedByGroup: Record<PublicStatusGroup, number>;
  resolved: number;
  /** Resolved cases that had a deadline, and those resolved by it. */
  withDeadline: number;
  onTime: number;
  medianFirstResponseSeconds: number | null;
  medianResolutionSeconds: number | null;
  responses: number;
  averageScore: number | null;
}

/** The figures at a glance: every case of the commune (listed or not) under the filter's category, area, month. */
export async function publicFigures(
  db: DbOrTx,
  communeId: number,
  filter: PublicFilter,
): Promise<PublicFigures> {
  const [row] = await db
    .select({
      received: sql<number>`count(*)::int`,
      listed: sql<number>`(count(*) filter (where ${listed()}))::int`,
      ...(Object.fromEntries(
        (Object.entries(PUBLIC_STATUS_GROUPS) as [PublicStatusGroup, readonly string[]][]).map(
          ([group, statuses]) => [
            `group_${group}`,
            sql<number>`(count(*) filter (where ${listed()} and ${cases.status} in ${[...statuses]}))::int`,
          ],
        ),
      ) as Record<`group_${PublicStatusGroup}`, SQL<number>>),
      resolved: sql<number>`(count(*) filter (where ${cases.resolvedAt} is not null))::int`,
      withDeadline: sql<number>`(count(*) filter (where ${cases.resolvedAt} is not null and ${cases.dueAt} is not null))::int`,
      onTime: sql<number>`(count(*) filter (where ${cases.resolvedAt} <= ${cases.dueAt}))::int`,
      medianFirst: sql<
        number | null
      >`percentile_cont(0.5) within group (order by extract(epoch from ${cases.firstResponseAt} - ${cases.createdAt}))`,
      medianResolution: sql<
        number | null
      >`percentile_cont(0.5) within group (order by extract(epoch from ${cases.resolvedAt} - ${cases.createdAt}))`,
      responses: sql<number>`count(${cases.score})::int`,
      averageScore: sql<number | null>`avg(${cases.score})::float8`,
    })
    .from(cases)
    .where(and(...filterConditions(communeId, { ...filter, statuses: undefined })));
  const groups = Object.keys(PUBLIC_STATUS_GROUPS) as PublicStatusGroup[];
  return {
    received: row?.received ?? 0,
    listed: row?.listed ?? 0,
    listedByGroup: Object.fromEntries(groups.map((g) => [g, row?.[`group_${g}`] ?? 0])) as Record<
      PublicStatusGroup,
      number
    >,
    resolved: row?.resolved ?? 0,
    withDeadline: row?.withDeadline ?? 0,
    onTime: row?.onTime ?? 0,
    // percentile_cont returns double precision, which pg hands over as a number.
    medianFirstResponseSeconds: row?.medianFirst ?? null,
    medianResolutionSeconds: row?.medianResolution ?? null,
    responses: row?.responses ?? 0,
    averageScore: row?.averageScore ?? null,
  };
}

export interface PublicCaseSummary {
  id: number;
  code: string;
  status: CaseStatus;
  caseType: string;
  description: string;
  categoryId: number | null;
  categoryCode: string | null;
  categoryName: string | null;
  areaId: number | null;
  areaCode: string | null;
  areaName: string | null;
  agencyName: string | null;
  resultText: string | null;
  createdAt: Date;
  updatedAt: Date;
  dueAt: Date | null;
  resolvedAt: Date | null;
  publishedAt: Date | null;
}

const summaryColumns = {
  id: cases.id,
  code: cases.code,
  status: cases.status,
  caseType: cases.caseType,
  description: cases.description,
  categoryId: cases.categoryId,
  categoryCode: categories.code,
  categoryName: categories.name,
  areaId: cases.areaId,
  areaCode: areas.code,
  areaName: areas.name,
  agencyName: agencies.name,
  resultText: cases.resultText,
  createdAt: cases.createdAt,
  updatedAt: cases.updatedAt,
  dueAt: cases.dueAt,
  resolvedAt: cases.resolvedAt,
  publishedAt: cases.publishedAt,
};

/** One page of listed cases, newest first (the total comes with the figures, from one scan). */
export async function publicCaseList(
  db: DbOrTx,
  communeId: number,
  filter: PublicFilter,
  page: { limit: number; offset: number },
): Promise<PublicCaseSummary[]> {
  const where = and(...filterConditions(communeId, filter), listed());
  return db
    .select(summaryColumns)
    .from(cases)
    .leftJoin(categories, eq(categories.id, cases.categoryId))
    .leftJoin(areas, eq(areas.id, cases.areaId))
    .leftJoin(agencies, eq(agencies.id, cases.agencyId))
    .where(where)
    .orderBy(desc(cases.createdAt), desc(cases.id))
    .limit(page.limit)
    .offset(page.offset);
}

/** Listed cases with a published result, newest publication first (the feeds). */
export async function publishedResults(db: DbOrTx, communeId: number, filter: PublicFilter, limit: number) {
  return db
    .select(summaryColumns)
    .from(cases)
    .leftJoin(categories, eq(categories.id, cases.categoryId))
    .leftJoin(areas, eq(areas.id, cases.areaId))
    .leftJoin(agencies, eq(agencies.id, cases.agencyId))
    .where(and(...filterConditions(communeId, filter), listed(), isNotNull(cases.publishedAt)))
    .orderBy(desc(cases.publishedAt), desc(cases.id))
    .limit(limit);
}

export interface PublicCaseDetail extends PublicCaseSummary {
  caseType: CaseRowType;
  publicHiddenAt: Date | null;
  rejectReason: (typeof cases.$inferSelect)['rejectReason'];
  publishDueAt: Date | null;
  mergedIntoCode: string | null;
  score: number | null;
  source: string;
  latitude: number | null;
  longitude: number | null;
}
type CaseRowType = (typeof cases.$inferSelect)['caseType'];

/** One case by code, whether listed or not: the caller applies the policy (a non-listed case shows nothing). */
export async function publicCaseByCode(
  db: DbOrTx,
  communeId: number,
  code: string,
): Promise<PublicCaseDetail | undefined> {
  const survivor = db.select({ id: cases.id, code: cases.code }).from(cases).as('survivor');
  const [row] = await db
    .select({
      ...summaryColumns,
      caseType: cases.caseType,
      publicHiddenAt: cases.publicHiddenAt,
      rejectReason: cases.rejectReason,
      publishDueAt: cases.publishDueAt,
      mergedIntoCode: survivor.code,
      score: cases.score,
      source: cases.source,
      latitude: cases.latitude,
      longitude: cases.longitude,
    })
    .from(cases)
    .leftJoin(categories, eq(categories.id, cases.categoryId))
    .leftJoin(areas, eq(areas.id, cases.areaId))
    .leftJoin(agencies, eq(agencies.id, cases.agencyId))
    .leftJoin(survivor, eq(survivor.id, cases.mergedIntoCaseId))
    .where(and(eq(cases.communeId, communeId), eq(cases.code, code)));
  return row;
}

export interface PublicEventRow {
  id: number;
  caseId: number;
  action: string;
  toStatus: string | null;
  note: string | null;
  data: Record<string, unknown>;
  createdAt: Date;
}

const eventColumns = {
  id: caseEvents.id,
  caseId: caseEvents.caseId,
  action: caseEvents.action,
  toStatus: caseEvents.toStatus,
  note: caseEvents.note,
  data: caseEvents.data,
  createdAt: caseEvents.createdAt,
};

/** A case's non-internal events of the given actions, in order. */
export async function publicEventsOf(
  db: DbOrTx,
  caseId: number,
  actions: readonly string[],
): Promise<PublicEventRow[]> {
  return db
    .select(eventColumns)
    .from(caseEvents)
    .where(
      and(
        eq(caseEvents.caseId, caseId),
        eq(caseEvents.internal, false),
        inArray(caseEvents.action, [...actions]),
      ),
    )
    .orderBy(asc(caseEvents.id));
}

/**
 * Public events of listed cases in a time window (Open311 servicerequestupdates), oldest first, with the code and
 * the current publication state each needs; read through `case_events_public_time_idx`.
 */
export async function publicEventsBetween(
  db: DbOrTx,
  communeId: number,
  window: { from: Date; to: Date; limit: number },
  actions: readonly string[],
) {
  return db
    .select({ ...eventColumns, code: cases.code, publishedAt: cases.publishedAt, caseStatus: cases.status })
    .from(caseEvents)
    .innerJoin(cases, eq(cases.id, caseEvents.caseId))
    .where(
      and(
        eq(caseEvents.communeId, communeId),
        eq(caseEvents.internal, false),
        gte(caseEvents.createdAt, window.from),
        lt(caseEvents.createdAt, window.to),
        inArray(caseEvents.action, [...actions]),
        listed(),
      ),
    )
    .orderBy(asc(caseEvents.createdAt), asc(caseEvents.id))
    .limit(window.limit);
}

export interface PublishablePhoto {
  attachmentId: number;
  caseId: number;
  kind: string;
  storageKey: string;
  contentType: string;
}

/**
 * Photos staff marked publishable whose copy we hold: a photo is never served from Zalo's CDN, and one still
 * being copied is simply not shown yet.
 */
export async function publishablePhotos(
  db: DbOrTx,
  communeId: number,
  caseIds: readonly number[],
): Promise<PublishablePhoto[]> {
  if (caseIds.length === 0) return [];
  const rows = await db
    .select({
      attachmentId: caseAttachments.id,
      caseId: caseAttachments.caseId,
      kind: caseAttachments.kind,
      storageKey: mediaObjects.storageKey,
      contentType: mediaObjects.contentType,
    })
    .from(caseAttachments)
    .innerJoin(
      mediaObjects,
      and(
        eq(mediaObjects.communeId, caseAttachments.communeId),
        eq(mediaObjects.originHash, sql`encode(sha256(convert_to(${caseAttachments.url}, 'UTF8')), 'hex')`),
      ),
    )
    .where(
      and(
        eq(caseAttachments.communeId, communeId),
        inArray(caseAttachments.caseId, [...caseIds]),
        eq(caseAttachments.publishable, true),
        ne(caseAttachments.kind, 'evidence_file'),
        eq(mediaObjects.status, 'copied'),
        isNotNull(mediaObjects.storageKey),
        sql`${mediaObjects.contentType} like 'image/%'`,
      ),
    )
    .orderBy(asc(caseAttachments.id));
  return rows.flatMap((r) =>
    r.storageKey === null || r.contentType === null
      ? []
      : [{ ...r, storageKey: r.storageKey, contentType: r.contentType }],
  );
}

/** Names of the agencies an event's data points at (assign, transfer). */
export async function agencyNames(
  db: DbOrTx,
  communeId: number,
  ids: readonly number[],
): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: agencies.id, name: agencies.name })
    .from(agencies)
    .where(and(eq(agencies.communeId, communeId), inArray(agencies.id, [...new Set(ids)])));
  return new Map(rows.map((r) => [r.id, r.name]));
}
