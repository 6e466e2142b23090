/**
 * Working-day deadlines on the commune's local calendar.
 *
 * The rule (documented once, relied on everywhere):
 * - Days are local calendar dates in `timeZone` (default Asia/Ho_Chi_Minh), never UTC dates: a report sent at
 *   06:00 on a Monday in Hà Nội is 23:00 on Sunday in UTC and must still count as received on Monday.
 * - Working days are Monday to Friday (the public administration's five-day week) minus the commune's configured
 *   holidays. Holidays are local dates 'YYYY-MM-DD' and must include the compensatory days off (nghỉ bù) the
 *   government announces; lunar holidays (Tết, Giỗ Tổ) move every year, so none is built in here: a new
 *   commune is seeded with Vietnam's holidays from calendar/public-holidays.ts and admins edit them.
 * - Counting starts on the day after the day of receipt, as the Civil Code counts periods in days (Art. 147):
 *   the hour of receipt never matters, so a report at 23:30 on Friday and one at 08:00 on Friday are due on the
 *   same day. `days = 0` means "by the end of the day of receipt", or of the next working day when received on
 *   a day off.
 * - A case is due at 17:00 local (end of office hours) on its last working day.
 */

export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';
/** Local hour at which a working day ends and a deadline falls. */
export const END_OF_WORKING_DAY_HOUR = 17;

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const dayMs = 24 * 60 * 60 * 1000;

interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function localDateTime(instant: Date, timeZone: string): LocalDateTime {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year ?? NaN,
    month: fields.month ?? NaN,
    day: fields.day ?? NaN,
    hour: fields.hour ?? NaN,
    minute: fields.minute ?? NaN,
    second: fields.second ?? NaN,
  };
}

/** Milliseconds to add to UTC to get local wall time at that instant. */
function zoneOffsetMs(instantMs: number, timeZone: string): number {
  const t = localDateTime(new Date(instantMs), timeZone);
  const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return wall - (instantMs - (((instantMs % 1000) + 1000) % 1000));
}

function assertValidDate(value: Date, name: string): void {
  if (Number.isNaN(value.getTime())) throw new RangeError(`${name} is not a valid date`);
}

/** Day number (days since 1970-01-01) of a 'YYYY-MM-DD' date; throws on anything else. */
function dayNumber(isoDate: string): number {
  const match = isoDatePattern.exec(isoDate);
  if (match === null) throw new RangeError(`not a YYYY-MM-DD date: ${isoDate}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`not a calendar date: ${isoDate}`);
  }
  return ms / dayMs;
}

function isoFromDayNumber(n: number): string {
  return new Date(n * dayMs).toISOString().slice(0, 10);
}

function holidaySet(holidays: readonly string[]): Set<number> {
  return new Set(holidays.map(dayNumber));
}

function isWorkingDayNumber(n: number, holidays: Set<number>): boolean {
  const weekday = new Date(n * dayMs).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays.has(n);
}

/** The local calendar date ('YYYY-MM-DD') of an instant in a time zone. */
export function localDate(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  assertValidDate(instant, 'instant');
  const t = localDateTime(instant, timeZone);
  return isoFromDayNumber(Date.UTC(t.year, t.month - 1, t.day) / dayMs);
}

/** Whether a local date ('YYYY-MM-DD') is a working day: Monday to Friday and not a configured holiday. */
export function isWorkingDay(isoDate: string, holidays: readonly string[]): boolean {
  return isWorkingDayNumber(dayNumber(isoDate), holidaySet(holidays));
}

/** The instant at which a local date's given wall-clock hour falls in a time zone (DST-safe). */
export function localDateAtHour(isoDate: string, hour: number, timeZone: string = DEFAULT_TIME_ZONE): Date {
  const wall = dayNumber(isoDate) * dayMs + hour * 60 * 60 * 1000;
  const firstOffset = zoneOffsetMs(wall, timeZone);
  let instant = wall - firstOffset;
  const secondOffset = zoneOffsetMs(instant, timeZone);
  if (secondOffset !== firstOffset) instant = wall - secondOffset;
  return new Date(instant);
}

/**
 * The deadline `days` working days after `start`: 17:00 local on the `days`-th working day after the local date
 * of `start` (see the rule at the top of this file).
 */
export function addWorkingDays(
  start: Date,
  days: number,
  holidays: readonly string[],
  timeZone: string = DEFAULT_TIME_ZONE,
): Date {
  assertValidDate(start, 'start');
  if (!Number.isInteger(days) || days < 0)
    throw new RangeError(`days must be a non-negative integer: ${days}`);
  const off = holidaySet(holidays);
  let n = dayNumber(localDate(start, timeZone));
  if (days === 0) {
    while (!isWorkingDayNumber(n, off)) n += 1;
  } else {
    let counted = 0;
    while (counted < days) {
      n += 1;
      if (isWorkingDayNumber(n, off)) counted += 1;
    }
  }
  return localDateAtHour(isoFromDayNumber(n), END_OF_WORKING_DAY_HOUR, timeZone);
}

/**
 * The deadline `days` calendar days after `start`, for the laws that count in days rather than working days
 * (complaints, Law 02/2011; the resolution of a denunciation, Law 25/2018): counted from the day after the
 * local date of `start` like `addWorkingDays`, due at 17:00 local on the last day; when that day is a weekend
 * or a holiday the period ends on the next working day (Civil Code 2015, Art. 148(5)).
 */
export function addCalendarDays(
  start: Date,
  days: number,
  holidays: readonly string[],
  timeZone: string = DEFAULT_TIME_ZONE,
): Date {
  assertValidDate(start, 'start');
  if (!Number.isInteger(days) || days < 0)
    throw new RangeError(`days must be a non-negative integer: ${days}`);
  const off = holidaySet(holidays);
  let n = dayNumber(localDate(start, timeZone)) + days;
  while (!isWorkingDayNumber(n, off)) n += 1;
  return localDateAtHour(isoFromDayNumber(n), END_OF_WORKING_DAY_HOUR, timeZone);
}

/** The local date ('YYYY-MM-DD') `days` calendar days after a local date (negative: before). */
export function shiftLocalDate(isoDate: string, days: number): string {
  return isoFromDayNumber(dayNumber(isoDate) + days);
}

/** A deadline is missed once the instant has passed; at exactly the due instant the case is still on time. */
export function isOverdue(dueAt: Date, now: Date): boolean {
  assertValidDate(dueAt, 'dueAt');
  assertValidDate(now, 'now');
  return now.getTime() > dueAt.getTime();
}

/**
 * Working days left before a deadline, counted on local dates: the working days after today up to and including
 * the due date. 0 means due today (or missed by less than one working day: use `isOverdue` for the exact
 * moment); a negative number is how many working days late the case is (working days after the due date up to
 * and including today).
 */
export function workingDaysLeft(
  dueAt: Date,
  now: Date,
  holidays: readonly string[],
  timeZone: string = DEFAULT_TIME_ZONE,
): number {
  assertValidDate(dueAt, 'dueAt');
  assertValidDate(now, 'now');
  const off = holidaySet(holidays);
  const today = dayNumber(localDate(now, timeZone));
  const due = dayNumber(localDate(dueAt, timeZone));
  const [from, to, sign] = due >= today ? [today, due, 1] : [due, today, -1];
  let count = 0;
  for (let n = from + 1; n <= to; n += 1) {
    if (isWorkingDayNumber(n, off)) count += 1;
  }
  return count === 0 ? 0 : sign * count;
}
