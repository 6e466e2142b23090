import { DEFAULT_TIME_ZONE, isWorkingDay, localDate, localDateAtHour } from './deadlines';

/**
 * Working time between two instants, on the same calendar as deadlines.ts (local dates, Monday to Friday minus
 * the commune's holidays). Office hours are 08:00–12:00 and 13:00–17:00 local: the Labour Code's 8-hour day,
 * ending at deadlines.ts's END_OF_WORKING_DAY_HOUR. A report filed on Saturday and answered on Monday at 10:00
 * took 2 working hours; one filed at 16:00 on Friday and answered at 09:00 on Monday, 2 as well.
 */

export const OFFICE_HOURS: readonly (readonly [number, number])[] = [
  [8, 12],
  [13, 17],
];
export const WORKING_HOURS_PER_DAY = OFFICE_HOURS.reduce((sum, [from, to]) => sum + (to - from), 0);

const hourMs = 60 * 60 * 1000;
const dayMs = 24 * hourMs;

function nextIsoDate(isoDate: string): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + dayMs).toISOString().slice(0, 10);
}

/** Office time between `start` and `end` in milliseconds; 0 when `end` is not after `start`. */
export function workingMillisBetween(
  start: Date,
  end: Date,
  holidays: readonly string[],
  timeZone: string = DEFAULT_TIME_ZONE,
): number {
  if (end.getTime() <= start.getTime()) return 0;
  const lastDay = localDate(end, timeZone);
  let total = 0;
  for (let day = localDate(start, timeZone); day <= lastDay; day = nextIsoDate(day)) {
    if (!isWorkingDay(day, holidays)) continue;
    for (const [from, to] of OFFICE_HOURS) {
      const open = Math.max(localDateAtHour(day, from, timeZone).getTime(), start.getTime());
      const close = Math.min(localDateAtHour(day, to, timeZone).getTime(), end.getTime());
      if (close > open) total += close - open;
    }
  }
  return total;
}

export function workingHoursBetween(
  start: Date,
  end: Date,
  holidays: readonly string[],
  timeZone: string = DEFAULT_TIME_ZONE,
): number {
  return workingMillisBetween(start, end, holidays, timeZone) / hourMs;
}

/** Working days as office time over the length of a working day (8 h): 12 working hours are 1.5 days. */
export function workingDaysBetween(
  start: Date,
  end: Date,
  holidays: readonly string[],
  timeZone: string = DEFAULT_TIME_ZONE,
): number {
  return workingHoursBetween(start, end, holidays, timeZone) / WORKING_HOURS_PER_DAY;
}
