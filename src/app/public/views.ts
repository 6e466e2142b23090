import { formatLocalDate } from '../../domain/case/notices';
import { localDate, localDateAtHour } from '../../domain/case/deadlines';
import { formatDecimal, formatDuration, historyEntry, type HistoryEntry } from '../../domain/public/history';
import { maskForPublic } from '../../domain/public/mask';
import {
  isListed,
  PUBLIC_EVENT_ACTIONS,
  PUBLIC_STATUS_GROUPS,
  satisfaction,
  statusGroupOf,
  type PublicStatusGroup,
} from '../../domain/public/publication';
import { excerpt, statusLabel } from '../../domain/case/notices';
import { renderText } from '../../domain/text/catalog';
import type { DbOrTx } from '../../db/client';
import {
  agencyNames,
  publicCaseByCode,
  publicCaseList,
  publicEventsOf,
  publicFigures,
  publishablePhotos,
  type PublicCaseSummary,
  type PublicFilter,
} from '../../db/repos/public';
import { listAreas, listCategories } from '../../db/repos/reference';
import type { Commune } from '../../db/schema';
import type { FiguresReader } from './figures-cache';
import { settingsOf } from './publication';

/**
 * What the public pages, feeds and Open311 show, built from the read model with the policy of
 * domain/public/publication.ts: every free text masked, names of agencies only, nothing of the reporter.
 * The HTTP layer only lays these views out.
 */

export const PAGE_SIZE = 20;

export interface ListQuery {
  readonly category?: string;
  readonly area?: string;
  readonly status?: PublicStatusGroup;
  /** 'YYYY-MM', a local month. */
  readonly month?: string;
  readonly page: number;
}

export interface Option {
  readonly value: string;
  readonly label: string;
}

export interface FiguresView {
  readonly received: number;
  readonly resolved: number;
  readonly onTime: string;
  readonly firstAnswer: string;
  readonly resolution: string;
  readonly satisfaction: string;
  readonly notListed: number;
  readonly filtered: boolean;
}

export interface ItemView {
  readonly code: string;
  readonly statusGroup: PublicStatusGroup | null;
  readonly statusLabel: string;
  readonly category: string;
  readonly area: string;
  readonly received: string;
  readonly receivedIso: string;
  readonly excerpt: string;
}

export interface ListView {
  readonly figures: FiguresView;
  readonly items: readonly ItemView[];
  readonly total: number;
  readonly page: number;
  readonly pages: number;
  readonly categories: readonly Option[];
  readonly areas: readonly Option[];
  readonly statuses: readonly Option[];
  readonly months: readonly Option[];
  /** Filters given that name nothing of this commune; they were ignored. */
  readonly ignored: readonly string[];
}

export interface PhotoView {
  readonly attachmentId: number;
  readonly alt: string;
}

export type ResultView =
  | { readonly kind: 'published'; readonly text: string; readonly at: string; readonly atIso: string }
  | { readonly kind: 'pending'; readonly by: string }
  | { readonly kind: 'none' };

export interface CaseView {
  readonly code: string;
  readonly statusGroup: PublicStatusGroup | null;
  readonly statusLabel: string;
  readonly category: string;
  readonly area: string;
  readonly agency: string;
  readonly received: string;
  readonly due: string | null;
  readonly resolvedAt: string | null;
  readonly description: string;
  readonly result: ResultView;
  readonly photos: readonly PhotoView[];
  readonly answers: readonly HistoryEntry[];
  readonly front: readonly HistoryEntry[];
  readonly score: string | null;
  readonly history: readonly HistoryEntry[];
  readonly updatedAt: Date;
}

export type CasePage =
  | { readonly kind: 'listed'; readonly view: CaseView; readonly caseId: number }
  | { readonly kind: 'merged'; readonly code: string; readonly into: string }
  | { readonly kind: 'not_public'; readonly code: string };

/** 'DD/MM/YYYY HH:mm' on the commune's calendar. */
export function formatLocalDateTime(instant: Date, timeZone: string): string {
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
  return `${formatLocalDate(instant, timeZone)} ${time}`;
}

function monthRange(month: string, timeZone: string): { from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return {
    from: localDateAtHour(`${month}-01`, 0, timeZone),
    to: localDateAtHour(`${next}-01`, 0, timeZone),
  };
}

/** The last 24 local months, newest first, for the month filter. */
function recentMonths(now: Date, timeZone: string): Option[] {
  const [y, m] = localDate(now, timeZone).split('-').map(Number) as [number, number];
  const options: Option[] = [];
  for (let i = 0; i < 24; i += 1) {
    const total = y * 12 + (m - 1) - i;
    const year = Math.floor(total / 12);
    const month = String((total % 12) + 1).padStart(2, '0');
    options.push({ value: `${year}-${month}`, label: `${month}/${year}` });
  }
  return options;
}

function itemView(row: PublicCaseSummary, timeZone: string): ItemView {
  return {
    code: row.code,
    statusGroup: statusGroupOf(row.status),
    statusLabel: statusLabel(row.status),
    category: row.categoryName ?? renderText('public.list.noCategory'),
    area: row.areaName ?? renderText('public.list.noArea'),
    received: formatLocalDate(row.createdAt, timeZone),
    receivedIso: row.createdAt.toISOString(),
    excerpt: excerpt(maskForPublic(row.description), 200),
  };
}

function figuresView(
  figures: Awaited<ReturnType<typeof publicFigures>>,
  minResponses: number,
  filtered: boolean,
): FiguresView {
  const none = renderText('public.figures.none');
  const sat = satisfaction(figures.responses, figures.averageScore, minResponses);
  return {
    received: figures.received,
    resolved: figures.resolved,
    onTime:
      figures.withDeadline === 0
        ? none
        : renderText('public.figures.onTimeValue', {
            percent: formatDecimal((100 * figures.onTime) / figures.withDeadline, 0),
            count: figures.onTime,
            total: figures.withDeadline,
          }),
    firstAnswer:
      figures.medianFirstResponseSeconds === null ? none : formatDuration(figures.medianFirstResponseSeconds),
    resolution:
      figures.medianResolutionSeconds === null ? none : formatDuration(figures.medianResolutionSeconds),
    satisfaction: sat.enough
      ? renderText('public.figures.satisfactionValue', {
          average: formatDecimal(sat.average ?? 0, 1),
          responses: sat.responses,
        })
      : renderText('public.figures.notEnough', { responses: sat.responses, min: minResponses }),
    notListed: figures.received - figures.listed,
    filtered,
  };
}

/** The filter a list query means for this commune; codes that name nothing here are reported, not guessed. */
export async function publicFilterOf(
  db: DbOrTx,
  commune: Commune,
  query: Omit<ListQuery, 'page'>,
  timeZone: string,
): Promise<{ filter: PublicFilter; ignored: string[]; categories: Option[]; areas: Option[] }> {
  const [categoryRows, areaRows] = await Promise.all([
    listCategories(db, commune.id),
    listAreas(db, commune.id),
  ]);
  const ignored: string[] = [];
  // Codes match in any case: a poster's "TK5" typed as "tk5" is the same residential group.
  const same = (a: string, b: string | undefined) => b !== undefined && a.toLowerCase() === b.toLowerCase();
  const category = categoryRows.find((c) => same(c.code, query.category));
  if (query.category !== undefined && category === undefined) ignored.push('linh-vuc');
  const area = areaRows.find((a) => same(a.code, query.area));
  if (query.area !== undefined && area === undefined) ignored.push('thon');
  const filter: PublicFilter = {
    ...(category ? { categoryId: category.id } : {}),
    ...(area ? { areaId: area.id } : {}),
    ...(query.status ? { statuses: PUBLIC_STATUS_GROUPS[query.status] } : {}),
    ...(query.month ? monthRange(query.month, timeZone) : {}),
  };
  return {
    filter,
    ignored,
    categories: categoryRows.filter((c) => c.active).map((c) => ({ value: c.code, label: c.name })),
    areas: areaRows.filter((a) => a.active).map((a) => ({ value: a.code, label: a.name })),
  };
}

export async function loadListView(
  db: DbOrTx,
  commune: Commune,
  query: ListQuery,
  context: { now: Date; timeZone: string; figures?: FiguresReader },
): Promise<ListView> {
  const { filter, ignored, categories, areas } = await publicFilterOf(db, commune, query, context.timeZone);
  const settings = settingsOf(commune);
  const [figures, rows] = await Promise.all([
    (context.figures ?? publicFigures)(db, commune.id, filter),
    publicCaseList(db, commune.id, filter, { limit: PAGE_SIZE, offset: (query.page - 1) * PAGE_SIZE }),
  ]);
  const filtered =
    filter.categoryId !== undefined || filter.areaId !== undefined || filter.from !== undefined;
  const total = query.status === undefined ? figures.listed : figures.listedByGroup[query.status];
  return {
    figures: figuresView(figures, settings.minResponses, filtered),
    items: rows.map((row) => itemView(row, context.timeZone)),
    total,
    page: query.page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    categories,
    areas,
    statuses: (Object.keys(PUBLIC_STATUS_GROUPS) as PublicStatusGroup[]).map((group) => ({
      value: group,
      label: renderText(`public.group.${group}`),
    })),
    months: recentMonths(context.now, context.timeZone),
    ignored,
  };
}

/** One case as the public may read it, or why nothing is shown. */
export async function loadCasePage(
  db: DbOrTx,
  commune: Commune,
  code: string,
  timeZone: string,
): Promise<CasePage> {
  const row = await publicCaseByCode(db, commune.id, code);
  if (!row) return { kind: 'not_public', code };
  if (row.status === 'merged' && row.mergedIntoCode !== null) {
    // The survivor is shown only if it is itself listed; otherwise the duplicate says nothing either.
    const survivor = await publicCaseByCode(db, commune.id, row.mergedIntoCode);
    if (survivor && isListed(survivor) && isListed({ ...row, status: 'received' })) {
      return { kind: 'merged', code: row.code, into: survivor.code };
    }
    return { kind: 'not_public', code };
  }
  if (!isListed(row)) return { kind: 'not_public', code };

  const [events, photos] = await Promise.all([
    publicEventsOf(db, row.id, PUBLIC_EVENT_ACTIONS),
    publishablePhotos(db, commune.id, [row.id]),
  ]);
  const agencyIds = events.flatMap((e) => (typeof e.data.agencyId === 'number' ? [e.data.agencyId] : []));
  const names = await agencyNames(db, commune.id, agencyIds);
  const resultPublished = row.publishedAt !== null;
  const history = events.flatMap((e) => {
    const entry = historyEntry(
      { id: e.id, action: e.action, note: e.note, data: e.data, at: e.createdAt },
      { resultPublished, agencyName: (id) => names.get(id) ?? null },
    );
    return entry ? [entry] : [];
  });
  const resolved = row.status === 'resolved' || row.status === 'closed';
  let result: ResultView = { kind: 'none' };
  if (resolved && resultPublished && row.resultText !== null && row.publishedAt !== null) {
    result = {
      kind: 'published',
      text: maskForPublic(row.resultText),
      at: formatLocalDateTime(row.publishedAt, timeZone),
      atIso: row.publishedAt.toISOString(),
    };
  } else if (resolved && row.publishDueAt !== null) {
    result = { kind: 'pending', by: formatLocalDate(row.publishDueAt, timeZone) };
  }
  // Report photos are shown as soon as staff clear them; the result's photos with the published result.
  const shownPhotos = photos.filter((p) => p.kind === 'report_photo' || resultPublished);
  return {
    kind: 'listed',
    caseId: row.id,
    view: {
      code: row.code,
      statusGroup: statusGroupOf(row.status),
      statusLabel: statusLabel(row.status),
      category: row.categoryName ?? renderText('public.list.noCategory'),
      area: row.areaName ?? renderText('public.list.noArea'),
      agency: row.agencyName ?? renderText('public.value.none'),
      received: formatLocalDateTime(row.createdAt, timeZone),
      due: row.dueAt === null ? null : formatLocalDate(row.dueAt, timeZone),
      resolvedAt: row.resolvedAt === null ? null : formatLocalDateTime(row.resolvedAt, timeZone),
      description: maskForPublic(row.description),
      result,
      photos: shownPhotos.map((p, index) => ({
        attachmentId: p.attachmentId,
        alt: renderText('public.case.photoAlt', { n: index + 1, code: row.code }),
      })),
      answers: history.filter((h) => h.action === 'answer' && h.text !== null),
      front: history.filter((h) => h.front),
      score: row.score === null ? null : renderText('public.case.scoreValue', { score: row.score }),
      history,
      updatedAt: row.updatedAt,
    },
  };
}
