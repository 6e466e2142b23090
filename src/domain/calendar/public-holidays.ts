import { jdFromDate, jdToDate, lunarToSolar, type SolarDate } from './lunar';

/**
 * Vietnam's public holidays of one year, as a new commune starts with them (Labour Code 45/2019/QH14,
 * Art. 112), every day a local date 'YYYY-MM-DD' as deadlines.ts expects:
 *
 * - Tết Dương lịch: 1 January;
 * - Tết Âm lịch: 5 days. The law fixes the number, the government picks the days each year; the usual pick
 *   (2026: 16–20 February) is the last day of the lunar year and the first four days of the new one, which is
 *   what this gives;
 * - Giỗ Tổ Hùng Vương: 10th day of the 3rd lunar month;
 * - Ngày Chiến thắng 30/4 and Quốc tế Lao động 1/5;
 * - Quốc khánh: 2 September and one adjacent day (1 or 3 September), the one that joins the weekend where one
 *   does (Tuesday → Monday 1/9, Thursday → Friday 3/9); on a Wednesday the day before;
 * - nghỉ bù (Art. 112(3)): a holiday on a Saturday or Sunday gives a day off on the next working day.
 *
 * Lunar dates use the Vietnamese calendar at UTC+7 (lunar.ts). The government's yearly announcement can still
 * swap working days (làm bù), which no rule predicts: admins edit the list through the admin API.
 */

export interface PublicHoliday {
  readonly day: string;
  readonly name: string;
}

function iso(date: SolarDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/** 0 = Monday … 6 = Sunday (a Julian day number modulo 7 is 0 on a Monday). */
function weekdayOfJd(jd: number): number {
  return jd % 7;
}

const SATURDAY = 5;
const SUNDAY = 6;

function lunarDay(year: number, month: number, day: number): number {
  const solar = lunarToSolar({ year, month, day, leap: false });
  if (solar === null) throw new RangeError(`no lunar date ${String(day)}/${String(month)}/${String(year)}`);
  return jdFromDate(solar.day, solar.month, solar.year);
}

/** Quốc khánh's adjacent day, by the weekday of 2 September (see the rule above). */
function nationalDayAdjacent(secondOfSeptember: number): number {
  const weekday = weekdayOfJd(secondOfSeptember);
  // Monday, Thursday, Sunday: the day after; Tuesday, Wednesday, Friday, Saturday: the day before.
  return [0, 3, 6].includes(weekday) ? secondOfSeptember + 1 : secondOfSeptember - 1;
}

/** The holidays of one solar year, in date order, compensatory days included. */
export function vietnamPublicHolidays(year: number): PublicHoliday[] {
  if (!Number.isInteger(year) || year < 1900 || year > 2199)
    throw new RangeError(`year out of range: ${String(year)}`);
  const days = new Map<number, string>();
  const add = (jd: number, name: string) => {
    if (!days.has(jd)) days.set(jd, name);
  };

  add(jdFromDate(1, 1, year), 'Tết Dương lịch');
  const tet = lunarDay(year, 1, 1);
  add(tet - 1, 'Tết Nguyên đán (ngày cuối năm Âm lịch)');
  for (let i = 0; i < 4; i += 1) add(tet + i, `Tết Nguyên đán (mùng ${String(i + 1)})`);
  add(lunarDay(year, 3, 10), 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)');
  add(jdFromDate(30, 4, year), 'Ngày Chiến thắng (30/4)');
  add(jdFromDate(1, 5, year), 'Ngày Quốc tế Lao động (1/5)');
  const nationalDay = jdFromDate(2, 9, year);
  add(nationalDay, 'Quốc khánh (2/9)');
  add(nationalDayAdjacent(nationalDay), 'Quốc khánh (ngày liền kề)');

  const holidays = [...days.keys()].sort((a, b) => a - b);
  const compensatory = new Map<number, string>();
  for (const jd of holidays) {
    const weekday = weekdayOfJd(jd);
    if (weekday !== SATURDAY && weekday !== SUNDAY) continue;
    let next = jd + 1;
    while (
      weekdayOfJd(next) === SATURDAY ||
      weekdayOfJd(next) === SUNDAY ||
      days.has(next) ||
      compensatory.has(next)
    ) {
      next += 1;
    }
    compensatory.set(next, `Nghỉ bù ${days.get(jd) ?? ''}`.trim());
  }
  for (const [jd, name] of compensatory) days.set(jd, name);

  return [...days.entries()]
    .sort(([a], [b]) => a - b)
    .map(([jd, name]) => ({ day: iso(jdToDate(jd)), name }));
}

/** The holidays of several years (a new commune gets the current and the next year). */
export function vietnamPublicHolidaysFor(years: readonly number[]): PublicHoliday[] {
  return years.flatMap((year) => vietnamPublicHolidays(year));
}
