import {
  vietnamPublicHolidays,
  vietnamPublicHolidaysFor,
} from '../../../../src/domain/calendar/public-holidays';
import { addWorkingDays, localDate } from '../../../../src/domain/case/deadlines';

const days = (year: number) => vietnamPublicHolidays(year).map((h) => h.day);

describe("Vietnam's public holidays (Labour Code 2019 Art. 112)", () => {
  it('2026: Tết 16–20/2 (the eve and mùng 1–4), Giỗ Tổ on a Sunday with its compensatory Monday, 30/4, 1/5, 1–2/9', () => {
    expect(vietnamPublicHolidays(2026)).toEqual([
      { day: '2026-01-01', name: 'Tết Dương lịch' },
      { day: '2026-02-16', name: 'Tết Nguyên đán (ngày cuối năm Âm lịch)' },
      { day: '2026-02-17', name: 'Tết Nguyên đán (mùng 1)' },
      { day: '2026-02-18', name: 'Tết Nguyên đán (mùng 2)' },
      { day: '2026-02-19', name: 'Tết Nguyên đán (mùng 3)' },
      { day: '2026-02-20', name: 'Tết Nguyên đán (mùng 4)' },
      { day: '2026-04-26', name: 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)' },
      { day: '2026-04-27', name: 'Nghỉ bù Giỗ Tổ Hùng Vương (10/3 Âm lịch)' },
      { day: '2026-04-30', name: 'Ngày Chiến thắng (30/4)' },
      { day: '2026-05-01', name: 'Ngày Quốc tế Lao động (1/5)' },
      { day: '2026-09-01', name: 'Quốc khánh (ngày liền kề)' },
      { day: '2026-09-02', name: 'Quốc khánh (2/9)' },
    ]);
  });

  it('2027: Tết from 5/2 with mùng 1 and 2 on the weekend, so two compensatory days follow', () => {
    const tet = days(2027).filter((d) => d >= '2027-02-01' && d <= '2027-02-28');
    expect(tet).toEqual([
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-02-09',
      '2027-02-10',
      '2027-02-11',
    ]);
    // 1/5/2027 is a Saturday: compensatory Monday 3/5. 2/9/2027 is a Thursday: the adjacent day is Friday 3/9.
    expect(days(2027)).toEqual(expect.arrayContaining(['2027-05-03', '2027-09-02', '2027-09-03']));
  });

  it('gives 11 days of the law plus compensatory days, each once, in order', () => {
    for (const year of [2024, 2025, 2026, 2027, 2028, 2029, 2030]) {
      const list = days(year);
      expect(new Set(list).size).toBe(list.length);
      expect([...list].sort()).toEqual(list);
      const statutory = vietnamPublicHolidays(year).filter((h) => !h.name.startsWith('Nghỉ bù'));
      expect(statutory).toHaveLength(11);
      // A compensatory day is a weekday.
      for (const h of vietnamPublicHolidays(year).filter((x) => x.name.startsWith('Nghỉ bù'))) {
        expect([1, 2, 3, 4, 5]).toContain(new Date(`${h.day}T00:00:00Z`).getUTCDay());
      }
    }
  });

  it('picks the adjacent day of Quốc khánh that joins a weekend', () => {
    expect(days(2025)).toEqual(expect.arrayContaining(['2025-09-01', '2025-09-02'])); // Tuesday → Monday 1/9
    expect(days(2024)).toEqual(expect.arrayContaining(['2024-09-02', '2024-09-03'])); // Monday → Tuesday 3/9
    expect(days(2023)).toEqual(expect.arrayContaining(['2023-09-01', '2023-09-02', '2023-09-04'])); // Saturday: Friday + compensatory Monday
  });

  it('covers several years at once, and refuses nonsense', () => {
    expect(vietnamPublicHolidaysFor([2026, 2027]).map((h) => h.day.slice(0, 4))).toEqual(
      expect.arrayContaining(['2026', '2027']),
    );
    expect(() => vietnamPublicHolidays(1800)).toThrow(RangeError);
    expect(() => vietnamPublicHolidays(2026.5)).toThrow(RangeError);
  });

  it('makes working-day deadlines skip Tết', () => {
    // Filed on Friday 13/02/2026: 2 working days skip the weekend and the five days of Tết.
    const filed = new Date('2026-02-13T03:00:00Z');
    expect(localDate(addWorkingDays(filed, 2, days(2026)))).toBe('2026-02-24');
    expect(localDate(addWorkingDays(filed, 2, []))).toBe('2026-02-17');
  });
});
