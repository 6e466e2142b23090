import { lunarToSolar, solarToLunar } from '../../../../src/domain/calendar/lunar';

const iso = (d: { year: number; month: number; day: number } | null) =>
  d === null
    ? null
    : `${String(d.year)}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

describe('the Vietnamese lunar calendar (UTC+7)', () => {
  it.each([
    [2023, '2023-01-22'],
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
    [2028, '2028-01-26'],
  ])('Tết Nguyên đán %i falls on %s', (year, expected) => {
    expect(iso(lunarToSolar({ year, month: 1, day: 1, leap: false }))).toBe(expected);
  });

  it.each([
    [2023, '2023-04-29'],
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
  ])('Giỗ Tổ Hùng Vương (10/3 âm lịch) %i falls on %s', (year, expected) => {
    expect(iso(lunarToSolar({ year, month: 3, day: 10, leap: false }))).toBe(expected);
  });

  it('differs from the Chinese calendar (UTC+8) where a new moon falls just before midnight in Hà Nội', () => {
    // 1985: Vietnam celebrated Tết on 21 January, China on 20 February; 2007: 17 vs 18 February; 2030: 2 vs 3 February.
    expect(iso(lunarToSolar({ year: 1985, month: 1, day: 1, leap: false }))).toBe('1985-01-21');
    expect(iso(lunarToSolar({ year: 1985, month: 1, day: 1, leap: false }, 8))).toBe('1985-02-20');
    expect(iso(lunarToSolar({ year: 2007, month: 1, day: 1, leap: false }))).toBe('2007-02-17');
    expect(iso(lunarToSolar({ year: 2030, month: 1, day: 1, leap: false }))).toBe('2030-02-02');
  });

  it('knows leap months and converts back', () => {
    // 2025 has a leap 6th month starting 25 July 2025.
    expect(solarToLunar({ year: 2025, month: 7, day: 25 })).toEqual({
      year: 2025,
      month: 6,
      day: 1,
      leap: true,
    });
    expect(iso(lunarToSolar({ year: 2025, month: 6, day: 1, leap: true }))).toBe('2025-07-25');
    expect(lunarToSolar({ year: 2026, month: 6, day: 1, leap: true })).toBeNull();
    // The eve of Tết 2026 is the 29th of the 12th month (that month has 29 days).
    expect(solarToLunar({ year: 2026, month: 2, day: 16 })).toEqual({
      year: 2025,
      month: 12,
      day: 29,
      leap: false,
    });
    for (const day of ['2024-02-10', '2026-04-26', '2027-09-15', '2028-12-31']) {
      const [y, m, d] = day.split('-').map(Number);
      const lunar = solarToLunar({ year: y!, month: m!, day: d! });
      expect(iso(lunarToSolar(lunar))).toBe(day);
    }
  });
});
