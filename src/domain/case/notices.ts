import { renderText, type Locale, type TextKey } from '../text/catalog';
import { DEFAULT_TIME_ZONE, localDate } from './deadlines';
import type { CaseStatus, CaseType, RefusalReason, RejectReason } from './workflow';

/**
 * The words of case updates and staff notices, composed from facts the app loads. Pure: every text comes from
 * the catalogue, dates are formatted on the commune's local calendar, coordinates are rounded before they
 * leave the system (VIETNAM.md §5).
 */

/** 'DD/MM/YYYY' on the local calendar, as Vietnamese write dates. */
export function formatLocalDate(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const [year, month, day] = localDate(instant, timeZone).split('-');
  return `${day ?? ''}/${month ?? ''}/${year ?? ''}`;
}

/**
 * Four decimals is about 11 m: enough for an officer to find a pothole, coarse enough not to pin a house
 * door. Residents' pins never go out at full precision.
 */
export const MAP_DECIMALS = 4;

export function roundCoordinate(value: number, decimals: number = MAP_DECIMALS): string {
  return value.toFixed(decimals);
}

/** A map link anyone's phone opens, from rounded coordinates. */
export function mapLink(latitude: number, longitude: number, decimals: number = MAP_DECIMALS): string {
  return `https://www.google.com/maps?q=${roundCoordinate(latitude, decimals)},${roundCoordinate(longitude, decimals)}`;
}

/** Shortens a resident's text for a notice line without cutting a surrogate pair. */
export function excerpt(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  let cut = clean.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

const OPEN: readonly CaseStatus[] = ['received', 'verified', 'classified', 'assigned', 'in_progress', 'reopened'];

export function statusLabel(status: string, locale: Locale = 'vi'): string {
  const key = `case.status.${status}`;
  return renderText(isStatusKey(key) ? key : 'case.status.unknown', {}, locale);
}

function isStatusKey(key: string): key is TextKey {
  return (
    key === 'case.status.received' ||
    key === 'case.status.verified' ||
    key === 'case.status.rejected' ||
    key === 'case.status.classified' ||
    key === 'case.status.assigned' ||
    key === 'case.status.in_progress' ||
    key === 'case.status.resolved' ||
    key === 'case.status.closed' ||
    key === 'case.status.reopened' ||
    key === 'case.status.merged'
  );
}

export function caseTypeLabel(type: CaseType, locale: Locale = 'vi'): string {
  return renderText(`case.type.${type}`, {}, locale);
}

export function rejectReasonText(reason: RejectReason, text: string | null, locale: Locale = 'vi'): string {
  const label = renderText(`case.rejectReason.${reason}`, {}, locale);
  if (text === null || text.trim() === '') return label;
  // "other" says nothing by itself: the officer's words are the reason.
  return reason === 'other' ? text.trim() : `${label} (${text.trim()})`;
}

/** The facts of one status change, as the app knows them after persisting it. */
export interface UpdateFacts {
  /** The case event's action: verify, reject, assign, transfer, answer, resolve, merge, reopen, close, evidence, extend. */
  readonly action: string;
  readonly code: string;
  /** The case status after the change. */
  readonly status: CaseStatus;
  /** The agency that has the case now; answers are signed with it, never with a person's name. */
  readonly agencyName: string | null;
  /** The case's due date; for `extend`, the extended clock's new one. */
  readonly dueAt: Date | null;
  /** The answer, result or rejection text as typed (for `extend`, the reason). */
  readonly note: string | null;
  readonly rejectReason?: RejectReason;
  readonly survivorCode?: string;
  /** The case a split created (split.ts). */
  readonly partCode?: string;
  /** Photos and documents that follow a result. */
  readonly evidenceCount?: number;
  /** The case's public page (issue 12), for cases listed there: the resident follows it without logging in. */
  readonly publicUrl?: string | null;
}

export interface ResidentUpdate {
  /** What the resident reads in their chat. */
  readonly text: string;
  /** The same news for the case's public record: no invitation to reply. */
  readonly publicText: string;
}

/**
 * The message a status change sends to every reporter of the case, or null when the change does not concern
 * them. While the case stays open, the message invites a reply: a reply reopens Zalo's 7-day window
 * (docs/zalo.md §4), so the next update still reaches the resident for free.
 */
export function residentUpdate(facts: UpdateFacts, locale: Locale = 'vi'): ResidentUpdate | null {
  const agency = facts.agencyName ?? renderText('case.value.none', {}, locale);
  const due = facts.dueAt === null ? renderText('case.value.none', {}, locale) : formatLocalDate(facts.dueAt);
  const note = facts.note ?? '';
  const code = facts.code;
  const lines: string[] = [];
  switch (facts.action) {
    case 'verify':
      lines.push(renderText('case.update.verified', { code }, locale));
      break;
    case 'assign':
    case 'transfer':
      lines.push(renderText('case.update.assigned', { code, agency, due }, locale));
      break;
    case 'answer':
      lines.push(renderText('case.update.answered', { code, agency, text: note }, locale));
      break;
    case 'resolve':
      lines.push(renderText('case.update.resolved', { code, agency, text: note }, locale));
      if ((facts.evidenceCount ?? 0) > 0) {
        lines.push(renderText('case.update.evidence', { count: facts.evidenceCount ?? 0 }, locale));
      }
      break;
    case 'evidence':
      lines.push(renderText('case.update.evidenceAdded', { code, agency }, locale));
      break;
    case 'reject':
      lines.push(
        renderText(
          'case.update.rejected',
          { code, reason: rejectReasonText(facts.rejectReason ?? 'other', facts.note, locale) },
          locale,
        ),
      );
      break;
    case 'merge':
      lines.push(renderText('case.update.merged', { code, survivor: facts.survivorCode ?? '' }, locale));
      break;
    case 'split':
      lines.push(renderText('case.update.split', { code, part: facts.partCode ?? '' }, locale));
      break;
    case 'reopen':
      lines.push(renderText('case.update.reopened', { code }, locale));
      break;
    case 'close':
      lines.push(renderText('case.update.closed', { code }, locale));
      break;
    case 'extend':
      lines.push(renderText('case.update.extended', { code, reason: note, due }, locale));
      break;
    default:
      return null;
  }
  const publicText = lines.join('\n');
  const open = OPEN.includes(facts.status);
  const chat = [publicText];
  if (facts.publicUrl) chat.push(renderText('case.update.follow', { url: facts.publicUrl }, locale));
  if (open) chat.push(renderText('case.update.replyInvite', {}, locale));
  return { text: chat.join('\n'), publicText };
}

/** What staff may read about a reporter: their identity, or the fact that it is sealed (denunciations). */
export type ReporterView =
  | { readonly kind: 'shown'; readonly name: string | null; readonly phone: string | null }
  | { readonly kind: 'sealed' }
  | { readonly kind: 'none' };

export interface CaseFacts {
  readonly code: string;
  readonly status: CaseStatus;
  readonly caseType: CaseType;
  readonly categoryName: string | null;
  readonly areaName: string | null;
  readonly agencyName: string | null;
  readonly dueAt: Date | null;
  readonly description: string;
  readonly address: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly reporter: ReporterView;
}

function orNone(value: string | null, locale: Locale): string {
  return value === null || value.trim() === '' ? renderText('case.value.none', {}, locale) : value;
}

function placeLines(facts: CaseFacts, locale: Locale): string[] {
  const lines: string[] = [];
  if (facts.address !== null && facts.address.trim() !== '') {
    lines.push(renderText('staff.view.location', { place: excerpt(facts.address, 200) }, locale));
  }
  if (facts.latitude !== null && facts.longitude !== null) {
    lines.push(renderText('staff.view.map', { url: mapLink(facts.latitude, facts.longitude) }, locale));
  }
  return lines;
}

function reporterLines(reporter: ReporterView, locale: Locale): string[] {
  switch (reporter.kind) {
    case 'none':
      return [];
    case 'sealed':
      return [renderText('staff.view.reporterSealed', {}, locale)];
    case 'shown':
      if (reporter.name === null && reporter.phone === null) return [];
      return [
        renderText('staff.view.reporter', { name: reporter.name ?? '', phone: reporter.phone ?? '' }, locale)
          .replace(/\s+$/, '')
          .replace(/ {2,}/g, ' '),
      ];
  }
}

/** The notice an agency's officers get when a case is assigned to them (photos and buttons are sent apart). */
export function assignmentNotice(facts: CaseFacts, locale: Locale = 'vi'): string {
  const head = renderText(
    'staff.notice.assigned',
    {
      code: facts.code,
      agency: orNone(facts.agencyName, locale),
      category: orNone(facts.categoryName, locale),
      type: caseTypeLabel(facts.caseType, locale),
      due: facts.dueAt === null ? renderText('case.value.none', {}, locale) : formatLocalDate(facts.dueAt),
      description: excerpt(facts.description, 700),
    },
    locale,
  );
  return [
    head,
    ...placeLines(facts, locale),
    ...reporterLines(facts.reporter, locale),
    renderText('staff.notice.take', { code: facts.code }, locale),
  ].join('\n');
}

export interface CaseViewExtras {
  readonly overdue: boolean;
  readonly possibleDuplicateOf: string | null;
  readonly undeliveredCount: number;
  /** Recent history lines, oldest first, already worded. */
  readonly history: readonly string[];
}

/** `/xem`: one case as staff see it. */
export function caseView(facts: CaseFacts, extras: CaseViewExtras, locale: Locale = 'vi'): string {
  const lines = [
    renderText(
      'staff.view',
      {
        code: facts.code,
        status: statusLabel(facts.status, locale),
        type: caseTypeLabel(facts.caseType, locale),
        category: orNone(facts.categoryName, locale),
        area: orNone(facts.areaName, locale),
        agency: orNone(facts.agencyName, locale),
        due: facts.dueAt === null ? renderText('case.value.none', {}, locale) : formatLocalDate(facts.dueAt),
        description: excerpt(facts.description, 900),
      },
      locale,
    ),
    ...placeLines(facts, locale),
    ...reporterLines(facts.reporter, locale),
  ];
  if (extras.possibleDuplicateOf !== null) {
    lines.push(renderText('staff.view.duplicate', { code: extras.possibleDuplicateOf }, locale));
  }
  if (extras.overdue) lines.push(renderText('staff.view.overdue', {}, locale));
  if (extras.undeliveredCount > 0) {
    lines.push(renderText('staff.view.undelivered', { count: extras.undeliveredCount }, locale));
  }
  if (extras.history.length > 0) {
    lines.push(renderText('staff.view.history', { list: extras.history.join('\n') }, locale));
  }
  return lines.join('\n');
}

const HISTORY_ACTIONS = [
  'receive', 'verify', 'reject', 'classify', 'assign', 'take', 'answer', 'resolve', 'transfer', 'note', 'retype',
  'close', 'reopen', 'merge', 'absorb', 'locate', 'evidence', 'routing_unmatched', 'routing_held',
  'possible_duplicate', 'resident_follow_up', 'update_undelivered', 'split',
] as const; // prettier-ignore

/** A case event's action as staff read it in a history line ("02/03/2026 tiếp nhận"), never the identifier. */
export function historyLabel(action: string, locale: Locale = 'vi'): string {
  const known = (HISTORY_ACTIONS as readonly string[]).includes(action)
    ? (action as (typeof HISTORY_ACTIONS)[number])
    : null;
  return renderText(known === null ? 'staff.history.other' : `staff.history.${known}`, {}, locale);
}

/** Why the workflow refused an action, in words (never its code). */
export function refusalText(reason: RefusalReason, locale: Locale = 'vi'): string {
  return renderText(`staff.refusal.${reason}`, {}, locale);
}
