import { parseCaseCode } from '../../domain/case/code';
import { statusLabel } from '../../domain/case/notices';
import { REJECT_REASONS, type CaseStatus, type RejectReason } from '../../domain/case/workflow';
import { REACH_KEYS } from '../../domain/conversation/steps/emergency';
import type { AlertReach } from '../../domain/conversation/types';
import { historyEntry } from '../../domain/public/history';
import { maskForPublic } from '../../domain/public/mask';
import {
  publicCoordinate,
  requestStatus,
  updateStatusOf,
  w3cDateTime,
  type UpdateStatus,
} from '../../domain/public/open311';
import { isListed, PUBLIC_EVENT_ACTIONS } from '../../domain/public/publication';
import { renderText } from '../../domain/text/catalog';
import type { DbOrTx } from '../../db/client';
import {
  agencyNames,
  publicCaseByCode,
  publicCaseList,
  publicEventsBetween,
  publishablePhotos,
  type PublicCaseSummary,
  type PublicFilter,
} from '../../db/repos/public';
import type { Commune } from '../../db/schema';
import { settingsOf } from '../public/publication';

/**
 * The Open311 read side (issue 12): requests and updates as GeoReport v2 and mySociety's extension name them,
 * from the same read model and policy as /cong-khai (listed cases only, masked texts, the area for the address,
 * coordinates rounded to the commune's setting or empty, photos only when cleared and copied).
 */

export interface ServiceRequestView {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string;
  service_notice: string;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string;
  address: string;
  address_id: string;
  zipcode: string;
  lat: string;
  long: string;
  media_url: string;
}

export interface UpdateView {
  update_id: string;
  service_request_id: string;
  status: UpdateStatus;
  updated_datetime: string;
  description: string;
  media_url: string;
}

function rejectReasonOf(value: unknown): RejectReason {
  return typeof value === 'string' && (REJECT_REASONS as readonly string[]).includes(value)
    ? (value as RejectReason)
    : 'other';
}

function statusNotes(row: PublicCaseSummary): string {
  if (row.status === 'rejected') return statusLabel('rejected');
  if (
    (row.status === 'resolved' || row.status === 'closed') &&
    row.publishedAt !== null &&
    row.resultText !== null
  ) {
    return maskForPublic(row.resultText);
  }
  return '';
}

export interface RequestContext {
  commune: Commune;
  /** The public page of a case, for media_url and service_notice. */
  absolute: (path: string) => string;
  casePath: (code: string) => string;
}

async function views(
  db: DbOrTx,
  ctx: RequestContext,
  rows: readonly (PublicCaseSummary & { latitude?: number | null; longitude?: number | null })[],
): Promise<ServiceRequestView[]> {
  const settings = settingsOf(ctx.commune);
  const photos = await publishablePhotos(
    db,
    ctx.commune.id,
    rows.map((r) => r.id),
  );
  return rows.map((row) => {
    const published = row.publishedAt !== null;
    const photo = photos.find((p) => p.caseId === row.id && (p.kind === 'report_photo' || published));
    const open = requestStatus(row.status) === 'open';
    return {
      service_request_id: row.code,
      status: requestStatus(row.status),
      status_notes: statusNotes(row),
      service_name: row.categoryName ?? '',
      service_code: row.categoryCode ?? '',
      description: maskForPublic(row.description),
      agency_responsible: row.agencyName ?? '',
      service_notice: '',
      requested_datetime: w3cDateTime(row.createdAt),
      updated_datetime: w3cDateTime(row.updatedAt),
      expected_datetime: open && row.dueAt !== null ? w3cDateTime(row.dueAt) : '',
      address: row.areaName ?? '',
      address_id: row.areaCode ?? '',
      zipcode: '',
      lat: publicCoordinate(row.latitude ?? null, settings.coordinateDecimals),
      long: publicCoordinate(row.longitude ?? null, settings.coordinateDecimals),
      media_url: photo ? ctx.absolute(`${ctx.casePath(row.code)}/anh/${photo.attachmentId}`) : '',
    };
  });
}

export async function listServiceRequests(
  db: DbOrTx,
  ctx: RequestContext,
  filter: PublicFilter,
  page: { limit: number; offset: number },
): Promise<ServiceRequestView[]> {
  return views(db, ctx, await publicCaseList(db, ctx.commune.id, filter, page));
}

export async function serviceRequestByCode(
  db: DbOrTx,
  ctx: RequestContext,
  typed: string,
): Promise<ServiceRequestView | null> {
  const code = parseCaseCode(typed, ctx.commune.caseCodePrefix);
  const row = code === null ? undefined : await publicCaseByCode(db, ctx.commune.id, code);
  if (!row || !isListed(row)) return null;
  const [view] = await views(db, ctx, [row]);
  return view ?? null;
}

/** Public events of listed cases in [from, to), as request updates, oldest first. */
export async function listUpdates(
  db: DbOrTx,
  ctx: RequestContext,
  window: { from: Date; to: Date; limit: number },
): Promise<UpdateView[]> {
  const events = await publicEventsBetween(db, ctx.commune.id, window, PUBLIC_EVENT_ACTIONS);
  const names = await agencyNames(
    db,
    ctx.commune.id,
    events.flatMap((e) => (typeof e.data.agencyId === 'number' ? [e.data.agencyId] : [])),
  );
  return events.flatMap((e) => {
    const entry = historyEntry(
      { id: e.id, action: e.action, note: e.note, data: e.data, at: e.createdAt },
      { resultPublished: e.publishedAt !== null, agencyName: (id) => names.get(id) ?? null },
    );
    if (!entry) return [];
    return [
      {
        update_id: String(e.id),
        service_request_id: e.code,
        status: updateStatusOf({
          action: e.action,
          toStatus: (e.toStatus as CaseStatus | null) ?? e.caseStatus,
          rejectReason: rejectReasonOf(e.data.reason),
        }),
        updated_datetime: w3cDateTime(e.createdAt),
        description: entry.text === null ? entry.label : `${entry.label}: ${entry.text}`,
        media_url: '',
      },
    ];
  });
}

/**
 * The service notice of a newly filed request: its code and where to follow it; for an emergency first the
 * numbers to call and the truth about who got the alert, as the chat says it.
 */
export function serviceNotice(
  code: string,
  url: string,
  days: number,
  emergency?: { reached: AlertReach; communeName: string },
): string {
  const notice = renderText('public.open311.notice', { code, url, days });
  if (emergency === undefined) return notice;
  const reach = renderText(REACH_KEYS[emergency.reached], { communeName: emergency.communeName });
  return `${renderText('public.open311.emergency', { reach })} ${notice}`;
}
