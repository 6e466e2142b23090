import { addWorkingDays } from '../case/deadlines';
import type { CaseStatus, CaseType, RejectReason } from '../case/workflow';

/**
 * What the public may read about a commune's cases, and when (issue 12). The rules in one place:
 *
 * - **Listed** (on /cong-khai, in the feeds and in Open311): feedback and procedure questions that staff did not
 *   hide and that were not merged into another case. Complaints, denunciations and emergencies are individual by
 *   law (VIETNAM.md §1.3, §1.4) and are counted but never listed; so are hidden cases, and cases rejected as spam
 *   (their text may be abusive: a rejection for any other reason stays listed, with the reason). A merged
 *   duplicate's page points to the case that absorbed it.
 * - **Never shown**: the reporter's name, phone, e-mail and Zalo id, the exact address and the coordinates, staff
 *   names, internal events. Free text (description, answers, results, reasons, the Front's notes) is masked
 *   (mask.ts) and escaped by the renderer.
 * - **Photos**: only those staff marked publishable, served from our copy.
 * - **Results follow the clock**: a resolved case's result is published at once, unless the commune turned on
 *   staff review; then it waits for a person at most `deadlineWorkingDays` working days (the Grassroots
 *   Democracy Law's 5, Art. 12) and the publication job publishes it at that deadline.
 */

export const LISTED_CASE_TYPES: readonly CaseType[] = ['feedback', 'procedure'];

export interface ListingFacts {
  readonly caseType: CaseType;
  readonly status: CaseStatus;
  readonly publicHiddenAt: Date | null;
  readonly rejectReason: RejectReason | null;
}

/** The rejection that keeps a case off every list. */
export const UNLISTED_REJECT_REASON: RejectReason = 'spam';

export function isListed(c: ListingFacts): boolean {
  return (
    LISTED_CASE_TYPES.includes(c.caseType) &&
    c.publicHiddenAt === null &&
    c.status !== 'merged' &&
    c.rejectReason !== UNLISTED_REJECT_REASON
  );
}

/** The status filter of the public list: a handful of plain groups, by their URL slug. */
export const PUBLIC_STATUS_GROUPS = {
  'moi-tiep-nhan': ['received', 'verified', 'classified'],
  'dang-xu-ly': ['assigned', 'in_progress', 'reopened'],
  'da-giai-quyet': ['resolved', 'closed'],
  'khong-tiep-nhan': ['rejected'],
} as const satisfies Record<string, readonly CaseStatus[]>;
export type PublicStatusGroup = keyof typeof PUBLIC_STATUS_GROUPS;

export function isPublicStatusGroup(value: string): value is PublicStatusGroup {
  return Object.hasOwn(PUBLIC_STATUS_GROUPS, value);
}

export function statusGroupOf(status: CaseStatus): PublicStatusGroup | null {
  for (const [group, statuses] of Object.entries(PUBLIC_STATUS_GROUPS) as [
    PublicStatusGroup,
    readonly CaseStatus[],
  ][]) {
    if (statuses.includes(status)) return group;
  }
  return null;
}

export interface PublicationSettings {
  /** Staff review a result before it is published (default: published at once). */
  readonly review: boolean;
  /** How long a result may wait for review, in working days. */
  readonly deadlineWorkingDays: number;
  /** Below this many scores, satisfaction reads "not enough responses yet". */
  readonly minResponses: number;
  /** Open311 lat/long: null = left empty (the default: a home pin is sensitive, VIETNAM.md §2), else 0–3 decimals. */
  readonly coordinateDecimals: number | null;
}

export const DEFAULT_PUBLICATION: PublicationSettings = {
  review: false,
  deadlineWorkingDays: 5,
  minResponses: 5,
  coordinateDecimals: null,
};

/** `communes.settings.publication`, each field checked; anything missing or malformed takes the default. */
export function publicationSettings(raw: unknown): PublicationSettings {
  const value = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const int = (v: unknown, min: number, max: number): number | undefined =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : undefined;
  return {
    review: typeof value.review === 'boolean' ? value.review : DEFAULT_PUBLICATION.review,
    deadlineWorkingDays: int(value.deadlineWorkingDays, 0, 5) ?? DEFAULT_PUBLICATION.deadlineWorkingDays,
    minResponses: int(value.minResponses, 1, 1000) ?? DEFAULT_PUBLICATION.minResponses,
    coordinateDecimals:
      value.coordinateDecimals === null
        ? null
        : (int(value.coordinateDecimals, 0, 3) ?? DEFAULT_PUBLICATION.coordinateDecimals),
  };
}

export interface PublicationFields {
  readonly publishedAt: Date | null;
  readonly publishDueAt: Date | null;
}

/** When a result just recorded (resolve) is published: now, or by the review deadline. */
export function publicationOnResolve(
  settings: PublicationSettings,
  now: Date,
  holidays: readonly string[],
  timeZone: string,
): PublicationFields {
  if (!settings.review) return { publishedAt: now, publishDueAt: null };
  return {
    publishedAt: null,
    publishDueAt: addWorkingDays(now, settings.deadlineWorkingDays, holidays, timeZone),
  };
}

/** Satisfaction as the page shows it: the average only from `minResponses` scores up. */
export function satisfaction(
  responses: number,
  average: number | null,
  minResponses: number,
): { readonly enough: boolean; readonly responses: number; readonly average: number | null } {
  const enough = responses >= minResponses && average !== null;
  return { enough, responses, average: enough ? average : null };
}

/** Case events the public history shows (everything else is internal, or the delivery chain's own record). */
export const PUBLIC_EVENT_ACTIONS = [
  'receive',
  'verify',
  'classify',
  'assign',
  'transfer',
  'take',
  'answer',
  'resolve',
  'reject',
  'close',
  'reopen',
  'merge',
  'supervise',
  'score',
  'publish_result',
] as const;
export type PublicEventAction = (typeof PUBLIC_EVENT_ACTIONS)[number];

export function isPublicEventAction(action: string): action is PublicEventAction {
  return (PUBLIC_EVENT_ACTIONS as readonly string[]).includes(action);
}

/** Whether an event's own text may be shown: results only once published, the rest as they happen. */
export function eventTextVisible(action: PublicEventAction, resultPublished: boolean): boolean {
  switch (action) {
    case 'resolve':
      return resultPublished;
    case 'answer':
    case 'reject':
    case 'supervise':
    case 'reopen':
      return true;
    default:
      // Other notes (an assignment's remark, a verification note) are for staff and the resident's chat.
      return false;
  }
}
