/**
 * The Vietnamese lunisolar calendar (âm lịch), after Hồ Ngọc Đức's published algorithm ("Âm lịch Việt Nam",
 * the astronomical formulas of Jean Meeus' "Astronomical Algorithms", 1998). Pure arithmetic, no tables.
 *
 * The Vietnamese calendar is the Chinese rule applied at UTC+7, not UTC+8: a new moon shortly after 23:00 in
 * Hà Nội falls on the next day in Beijing, so some months (and Tết in 1985 and 2007) start a day apart.
 * `timeZone` is therefore a parameter in hours, 7 by default; never pass 8 for Vietnam.
 *
 * Dates are proleptic Gregorian (Julian before 15 October 1582, as in the original). Valid roughly 1800–2199;
 * the holidays only need the current and next year.
 */

export const VIETNAM_TIME_ZONE_HOURS = 7;

export interface SolarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export interface LunarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  /** A leap month (tháng nhuận) repeats the number of the month before it. */
  readonly leap: boolean;
}

const { floor, sin, PI } = Math;
const SYNODIC_MONTH = 29.530588853;
/** Julian day of the new moon of 1 January 1900 (k = 0 in the new-moon series). */
const NEW_MOON_EPOCH = 2415021.076998695;

/** Julian day number of a calendar date. */
export function jdFromDate(day: number, month: number, year: number): number {
  const a = floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  let jd = day + floor((153 * m + 2) / 5) + 365 * y + floor(y / 4) - floor(y / 100) + floor(y / 400) - 32045;
  if (jd < 2299161) jd = day + floor((153 * m + 2) / 5) + 365 * y + floor(y / 4) - 32083;
  return jd;
}

/** The calendar date of a Julian day number. */
export function jdToDate(jd: number): SolarDate {
  let b: number;
  let c: number;
  if (jd > 2299160) {
    const a = jd + 32044;
    b = floor((4 * a + 3) / 146097);
    c = a - floor((b * 146097) / 4);
  } else {
    b = 0;
    c = jd + 32082;
  }
  const d = floor((4 * c + 3) / 1461);
  const e = c - floor((1461 * d) / 4);
  const m = floor((5 * e + 2) / 153);
  return {
    day: e - floor((153 * m + 2) / 5) + 1,
    month: m + 3 - 12 * floor(m / 10),
    year: b * 100 + d - 4800 + floor(m / 10),
  };
}

/** The local day (Julian day number) of the k-th new moon after 1 January 1900. */
function newMoonDay(k: number, timeZone: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  const dr = PI / 180;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * sin((166.56 + 132.87 * T - 0.009173 * T2) * dr);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;
  let c1 = (0.1734 - 0.000393 * T) * sin(M * dr) + 0.0021 * sin(2 * dr * M);
  c1 = c1 - 0.4068 * sin(Mpr * dr) + 0.0161 * sin(dr * 2 * Mpr);
  c1 -= 0.0004 * sin(dr * 3 * Mpr);
  c1 = c1 + 0.0104 * sin(dr * 2 * F) - 0.0051 * sin(dr * (M + Mpr));
  c1 = c1 - 0.0074 * sin(dr * (M - Mpr)) + 0.0004 * sin(dr * (2 * F + M));
  c1 = c1 - 0.0004 * sin(dr * (2 * F - M)) - 0.0006 * sin(dr * (2 * F + Mpr));
  c1 = c1 + 0.001 * sin(dr * (2 * F - Mpr)) + 0.0005 * sin(dr * (2 * Mpr + M));
  const deltaT =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return floor(jd1 + c1 - deltaT + 0.5 + timeZone / 24);
}

/** The sun's longitude at the start of a local day, as one of 12 sectors of 30° (0 = 0°–30°). */
function sunLongitudeSector(jdn: number, timeZone: number): number {
  const T = (jdn - 2451545.5 - timeZone / 24) / 36525;
  const T2 = T * T;
  const dr = PI / 180;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * sin(dr * M);
  DL = DL + (0.019993 - 0.000101 * T) * sin(dr * 2 * M) + 0.00029 * sin(dr * 3 * M);
  let L = (L0 + DL) * dr;
  L -= PI * 2 * floor(L / (PI * 2));
  return floor((L / PI) * 6);
}

/** The first day of the 11th lunar month (the month holding the winter solstice) of a solar year. */
function lunarMonth11(year: number, timeZone: number): number {
  const off = jdFromDate(31, 12, year) - 2415021;
  const k = floor(off / SYNODIC_MONTH);
  const nm = newMoonDay(k, timeZone);
  return sunLongitudeSector(nm, timeZone) >= 9 ? newMoonDay(k - 1, timeZone) : nm;
}

/** In a 13-month year starting at month 11 `a11`, the offset of the leap month: the first without a solar term. */
function leapMonthOffset(a11: number, timeZone: number): number {
  const k = floor((a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let arc = sunLongitudeSector(newMoonDay(k + i, timeZone), timeZone);
  let last: number;
  do {
    last = arc;
    i += 1;
    arc = sunLongitudeSector(newMoonDay(k + i, timeZone), timeZone);
  } while (arc !== last && i < 14);
  return i - 1;
}

/** The solar date of a lunar date; null for a leap month the year does not have. */
export function lunarToSolar(lunar: LunarDate, timeZone: number = VIETNAM_TIME_ZONE_HOURS): SolarDate | null {
  const [a11, b11] =
    lunar.month < 11
      ? [lunarMonth11(lunar.year - 1, timeZone), lunarMonth11(lunar.year, timeZone)]
      : [lunarMonth11(lunar.year, timeZone), lunarMonth11(lunar.year + 1, timeZone)];
  const k = floor(0.5 + (a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let off = lunar.month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11, timeZone);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (lunar.leap && lunar.month !== leapMonth) return null;
    if (lunar.leap || off >= leapOff) off += 1;
  } else if (lunar.leap) {
    return null;
  }
  return jdToDate(newMoonDay(k + off, timeZone) + lunar.day - 1);
}

/** The lunar date of a solar date. */
export function solarToLunar(solar: SolarDate, timeZone: number = VIETNAM_TIME_ZONE_HOURS): LunarDate {
  const dayNumber = jdFromDate(solar.day, solar.month, solar.year);
  const k = floor((dayNumber - 2415021.076998695) / SYNODIC_MONTH);
  let monthStart = newMoonDay(k + 1, timeZone);
  if (monthStart > dayNumber) monthStart = newMoonDay(k, timeZone);
  let a11 = lunarMonth11(solar.year, timeZone);
  let b11 = a11;
  let year: number;
  if (a11 >= monthStart) {
    year = solar.year;
    a11 = lunarMonth11(solar.year - 1, timeZone);
  } else {
    year = solar.year + 1;
    b11 = lunarMonth11(solar.year + 1, timeZone);
  }
  const day = dayNumber - monthStart + 1;
  const diff = floor((monthStart - a11) / 29);
  let leap = false;
  let month = diff + 11;
  if (b11 - a11 > 365) {
    const leapMonthDiff = leapMonthOffset(a11, timeZone);
    if (diff >= leapMonthDiff) {
      month = diff + 10;
      if (diff === leapMonthDiff) leap = true;
    }
  }
  if (month > 12) month -= 12;
  if (month >= 11 && diff < 4) year -= 1;
  return { year, month, day, leap };
}
