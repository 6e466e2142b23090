import type { CaseStatus, RejectReason } from '../case/workflow';

/**
 * Open311 GeoReport v2 vocabulary (wiki.open311.org/GeoReport_v2) and mySociety's servicerequestupdates
 * extension (FixMyStreet's "Open311 FMS – Proposed differences" and "Additional states"), mapped from ours.
 */

/** GeoReport's two request statuses: `closed` once nothing more is owed (resolved, closed, rejected, merged). */
export function requestStatus(status: CaseStatus): 'open' | 'closed' {
  return status === 'resolved' || status === 'closed' || status === 'rejected' || status === 'merged'
    ? 'closed'
    : 'open';
}

export const UPDATE_STATUSES = [
  'OPEN',
  'CLOSED',
  'FIXED',
  'IN_PROGRESS',
  'ACTION_SCHEDULED',
  'INVESTIGATING',
  'DUPLICATE',
  'NOT_COUNCILS_RESPONSIBILITY',
  'NO_FURTHER_ACTION',
  'INTERNAL_REFERRAL',
  'REOPEN',
] as const;
export type UpdateStatus = (typeof UPDATE_STATUSES)[number];

/**
 * The extended status after one of our public events. FixMyStreet lower-cases it and reads "_" as a space
 * (Open311.pm map_state): "fixed", "in progress", "not councils responsibility"…
 */
export function updateStatusOf(event: {
  readonly action: string;
  readonly toStatus: CaseStatus | null;
  readonly rejectReason?: RejectReason | null;
}): UpdateStatus {
  switch (event.action) {
    case 'receive':
      return 'OPEN';
    case 'verify':
    case 'classify':
      return 'INVESTIGATING';
    case 'assign':
      return 'ACTION_SCHEDULED';
    case 'transfer':
      return 'INTERNAL_REFERRAL';
    case 'resolve':
      return 'FIXED';
    case 'close':
      return 'CLOSED';
    case 'reopen':
      return 'REOPEN';
    case 'merge':
      return 'DUPLICATE';
    case 'reject':
      switch (event.rejectReason) {
        case 'duplicate':
          return 'DUPLICATE';
        case 'out_of_scope':
          return 'NOT_COUNCILS_RESPONSIBILITY';
        default:
          return 'NO_FURTHER_ACTION';
      }
    default:
      return fromStatus(event.toStatus);
  }
}

/** For events that keep the status (answers, the Front's notes, scores, publication): the status as it stands. */
function fromStatus(status: CaseStatus | null): UpdateStatus {
  switch (status) {
    case 'received':
      return 'OPEN';
    case 'verified':
    case 'classified':
      return 'INVESTIGATING';
    case 'assigned':
      return 'ACTION_SCHEDULED';
    case 'in_progress':
      return 'IN_PROGRESS';
    case 'resolved':
      return 'FIXED';
    case 'reopened':
      return 'REOPEN';
    case 'merged':
      return 'DUPLICATE';
    case 'rejected':
      return 'NO_FURTHER_ACTION';
    case 'closed':
      return 'CLOSED';
    case null:
      return 'OPEN';
  }
}

/** A W3C datetime in UTC with `Z` and whole seconds: 2025-08-25T02:15:30Z. */
export function w3cDateTime(instant: Date): string {
  return `${instant.toISOString().slice(0, 19)}Z`;
}

/** W3C datetimes as clients send them (offset or Z, seconds optional); null when it is not one. */
export function parseW3cDateTime(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}))?$/.test(value.trim()))
    return null;
  const parsed = new Date(value.trim());
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

/**
 * The reporter's name as given. Clients that assume western order split "Nguyễn Văn An" into first_name "Nguyễn"
 * and last_name "Văn An" (FixMyStreet's split_name); joined back in the order received, the name is whole again.
 * Nothing is reordered: in Vietnamese the family name comes first.
 */
export function fullNameOf(firstName: string | undefined, lastName: string | undefined): string | null {
  const parts = [firstName, lastName].map((p) => (p ?? '').trim()).filter((p) => p !== '' && p !== '-');
  return parts.length === 0 ? null : parts.join(' ').normalize('NFC');
}

/** Coordinates as Open311 publishes them: rounded to the commune's setting, or empty. */
export function publicCoordinate(value: number | null, decimals: number | null): string {
  if (value === null || decimals === null) return '';
  return value.toFixed(decimals);
}
