import { rejectReasonText } from '../case/notices';
import { REJECT_REASONS, type RejectReason } from '../case/workflow';
import { renderText, type Locale } from '../text/catalog';
import { maskForPublic } from './mask';
import { eventTextVisible, isPublicEventAction, type PublicEventAction } from './publication';

/**
 * One line of a case's public history from one of its events: what happened, in plain words, and the text that
 * may be read with it (masked). Staff are never named: assignments name the agency, answers the role.
 */

export interface HistoryEvent {
  readonly id: number;
  readonly action: string;
  readonly note: string | null;
  readonly data: Readonly<Record<string, unknown>>;
  readonly at: Date;
}

export interface HistoryEntry {
  readonly id: number;
  readonly action: PublicEventAction;
  readonly at: Date;
  readonly label: string;
  /** The masked text of the answer, result, reason or note; null when there is none or it is not public yet. */
  readonly text: string | null;
  /** The Fatherland Front's supervision, shown apart from the government's own account. */
  readonly front: boolean;
}

export interface HistoryContext {
  readonly resultPublished: boolean;
  readonly agencyName: (id: number) => string | null;
  readonly locale?: Locale;
}

function numberIn(data: Readonly<Record<string, unknown>>, key: string): number | null {
  const value = data[key];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return null;
}

function rejectReasonIn(data: Readonly<Record<string, unknown>>): RejectReason {
  const value = data.reason;
  return typeof value === 'string' && (REJECT_REASONS as readonly string[]).includes(value)
    ? (value as RejectReason)
    : 'other';
}

export function historyEntry(event: HistoryEvent, ctx: HistoryContext): HistoryEntry | null {
  if (!isPublicEventAction(event.action)) return null;
  const action = event.action;
  const locale = ctx.locale ?? 'vi';
  const none = renderText('public.value.none', {}, locale);
  let label: string;
  switch (action) {
    case 'assign':
    case 'transfer': {
      const id = numberIn(event.data, 'agencyId');
      label = renderText(
        `public.event.${action}`,
        { agency: (id === null ? null : ctx.agencyName(id)) ?? none },
        locale,
      );
      break;
    }
    case 'reject':
      label = renderText(
        'public.event.reject',
        { reason: rejectReasonText(rejectReasonIn(event.data), null, locale) },
        locale,
      );
      break;
    case 'merge':
      label = renderText(
        'public.event.merge',
        { code: typeof event.data.survivorCode === 'string' ? event.data.survivorCode : '' },
        locale,
      );
      break;
    case 'score': {
      const score = numberIn(event.data, 'score');
      label = renderText('public.event.score', { score: score ?? '' }, locale);
      break;
    }
    default:
      label = renderText(`public.event.${action}`, {}, locale);
  }
  const note = event.note?.trim() ?? '';
  const text =
    note !== '' && eventTextVisible(action, ctx.resultPublished) ? maskForPublic(note, locale) : null;
  return { id: event.id, action, at: event.at, label, text, front: action === 'supervise' };
}

/** A duration as the figures show it: hours below two days, else days with one decimal. */
export function formatDuration(seconds: number, locale: Locale = 'vi'): string {
  const hours = seconds / 3600;
  if (hours < 48)
    return renderText(
      'public.duration.hours',
      { hours: formatDecimal(Math.max(hours, 0), 0, locale) },
      locale,
    );
  return renderText('public.duration.days', { days: formatDecimal(hours / 24, 1, locale) }, locale);
}

/** "2,5" in Vietnamese, "2.5" in English; whole numbers without decimals. */
export function formatDecimal(value: number, decimals: number, locale: Locale = 'vi'): string {
  const fixed = value.toFixed(decimals).replace(/\.0+$/, '');
  return locale === 'vi' ? fixed.replace('.', ',') : fixed;
}
