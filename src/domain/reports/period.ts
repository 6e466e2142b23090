import { DEFAULT_TIME_ZONE, localDate, localDateAtHour } from '../case/deadlines';

/**
 * Report periods on the commune's local calendar. A daily period is one local date, 00:00 to 24:00; a weekly
 * period is an ISO 8601 week (`2026-W10`), Monday 00:00 to Sunday 24:00, the week the commune's weekly meeting
 * reviews. `start` is included and `end` excluded, as instants, so a case filed at 23:59:59 on Sunday belongs
 * to that week and one filed at 00:00 on Monday to the next.
 */

export const REPORT_KINDS = ['daily', 'weekly'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export interface ReportPeriod {
  readonly kind: ReportKind;
  /** `YYYY-MM-DD` for a day, `YYYY-Www` for a week. */
  readonly key: string;
  readonly start: Date;
  readonly end: Date;
  /** The first and last local dates of the period. */
  readonly firstDay: string;
  readonly lastDay: string;
}

export type PeriodParse =
  { readonly ok: true; readonly period: ReportPeriod } | { readonly ok: false; readonly reason: string };

const dayMs = 24 * 60 * 60 * 1000;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const weekPattern = /^(\d{4})-W(\d{2})$/;

function dayNumberOf(isoDate: string): number | null {
  const match = datePattern.exec(isoDate);
  if (match === null) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    return null;
  return ms / dayMs;
}

function isoOf(dayNumber: number): string {
  return new Date(dayNumber * dayMs).toISOString().slice(0, 10);
}

/** 1 = Monday … 7 = Sunday. */
function isoWeekday(dayNumber: number): number {
  const weekday = new Date(dayNumber * dayMs).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

function makePeriod(
  kind: ReportKind,
  key: string,
  firstDay: number,
  days: number,
  timeZone: string,
): ReportPeriod {
  return {
    kind,
    key,
    start: localDateAtHour(isoOf(firstDay), 0, timeZone),
    end: localDateAtHour(isoOf(firstDay + days), 0, timeZone),
    firstDay: isoOf(firstDay),
    lastDay: isoOf(firstDay + days - 1),
  };
}

/** The ISO week (`YYYY-Www`) a local date belongs to: the week of its Thursday. */
export function isoWeekOf(isoDate: string): string {
  const n = dayNumberOf(isoDate);
  if (n === null) throw new RangeError(`not a calendar date: ${isoDate}`);
  const thursday = n - isoWeekday(n) + 4;
  const year = new Date(thursday * dayMs).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1) / dayMs) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday of week 1: the week holding 4 January. */
function mondayOfWeekOne(year: number): number {
  const jan4 = Date.UTC(year, 0, 4) / dayMs;
  return jan4 - isoWeekday(jan4) + 1;
}

export function dayPeriod(isoDate: string, timeZone: string = DEFAULT_TIME_ZONE): PeriodParse {
  const n = dayNumberOf(isoDate);
  if (n === null) return { ok: false, reason: `not a calendar date (YYYY-MM-DD): ${isoDate}` };
  return { ok: true, period: makePeriod('daily', isoDate, n, 1, timeZone) };
}

export function weekPeriod(isoWeek: string, timeZone: string = DEFAULT_TIME_ZONE): PeriodParse {
  const match = weekPattern.exec(isoWeek);
  if (match === null) return { ok: false, reason: `not an ISO week (YYYY-Www): ${isoWeek}` };
  const [year, week] = [Number(match[1]), Number(match[2])];
  const monday = mondayOfWeekOne(year) + (week - 1) * 7;
  if (week < 1 || isoWeekOf(isoOf(monday)) !== isoWeek) {
    return { ok: false, reason: `${year} has no week ${week}` };
  }
  return { ok: true, period: makePeriod('weekly', isoWeek, monday, 7, timeZone) };
}

export function parsePeriod(
  kind: ReportKind,
  key: string,
  timeZone: string = DEFAULT_TIME_ZONE,
): PeriodParse {
  return kind === 'daily' ? dayPeriod(key, timeZone) : weekPeriod(key, timeZone);
}

function unwrap(parsed: PeriodParse): ReportPeriod {
  if (!parsed.ok) throw new RangeError(parsed.reason);
  return parsed.period;
}

/** The period that holds the instant. */
export function periodContaining(
  kind: ReportKind,
  instant: Date,
  timeZone: string = DEFAULT_TIME_ZONE,
): ReportPeriod {
  const today = localDate(instant, timeZone);
  return unwrap(kind === 'daily' ? dayPeriod(today, timeZone) : weekPeriod(isoWeekOf(today), timeZone));
}

/** The last complete period before the instant: yesterday, or last week (what the 07:00 jobs build). */
export function previousPeriod(
  kind: ReportKind,
  instant: Date,
  timeZone: string = DEFAULT_TIME_ZONE,
): ReportPeriod {
  const current = periodContaining(kind, instant, timeZone);
  return periodContaining(kind, new Date(current.start.getTime() - 1), timeZone);
}

/** `count` consecutive weeks ending with the week that holds `instant`'s local date, oldest first. */
export function weeksEndingAt(
  instant: Date,
  count: number,
  timeZone: string = DEFAULT_TIME_ZONE,
): ReportPeriod[] {
  const weeks: ReportPeriod[] = [periodContaining('weekly', instant, timeZone)];
  while (weeks.length < count) {
    const first = weeks[0];
    if (first === undefined) break;
    weeks.unshift(periodContaining('weekly', new Date(first.start.getTime() - 1), timeZone));
  }
  return weeks;
}
