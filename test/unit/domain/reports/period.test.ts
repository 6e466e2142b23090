import { workingDaysBetween, workingHoursBetween } from '../../../../src/domain/case/working-time';
import {
  dayPeriod,
  isoWeekOf,
  parsePeriod,
  previousPeriod,
  weekPeriod,
  weeksEndingAt,
} from '../../../../src/domain/reports/period';
import { percentile90, summarize } from '../../../../src/domain/reports/stats';

const vn = (wall: string): Date => new Date(`${wall}:00+07:00`);

describe('report periods on the local calendar', () => {
  it.each([
    ['2026-01-01', '2026-W01'],
    ['2025-12-29', '2026-W01'],
    ['2026-03-02', '2026-W10'],
    ['2026-03-08', '2026-W10'],
    ['2027-01-01', '2026-W53'],
    ['2021-01-03', '2020-W53'],
  ])('%s is in ISO week %s', (date, week) => {
    expect(isoWeekOf(date)).toBe(week);
  });

  it('runs a week from Monday 00:00 to Sunday 24:00 in Hà Nội', () => {
    const parsed = weekPeriod('2026-W10');
    expect(parsed).toEqual({
      ok: true,
      period: {
        kind: 'weekly',
        key: '2026-W10',
        start: vn('2026-03-02T00:00'),
        end: vn('2026-03-09T00:00'),
        firstDay: '2026-03-02',
        lastDay: '2026-03-08',
      },
    });
  });

  it('runs a day from 00:00 to 24:00 local', () => {
    expect(dayPeriod('2026-02-28')).toEqual({
      ok: true,
      period: {
        kind: 'daily',
        key: '2026-02-28',
        start: vn('2026-02-28T00:00'),
        end: vn('2026-03-01T00:00'),
        firstDay: '2026-02-28',
        lastDay: '2026-02-28',
      },
    });
  });

  it.each([
    ['daily', '2026-02-30', 'not a calendar date'],
    ['daily', '30/02/2026', 'not a calendar date'],
    ['weekly', '2026-W54', 'has no week 54'],
    ['weekly', '2025-W53', 'has no week 53'],
    ['weekly', '2026-W00', 'has no week 0'],
    ['weekly', '2026-10', 'not an ISO week'],
  ] as const)('refuses %s %s with a reason', (kind, key, reason) => {
    const parsed = parsePeriod(kind, key);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.reason).toContain(reason);
  });

  it('builds yesterday and last week at 07:00 on a Monday, whatever the UTC date', () => {
    const monday0700 = vn('2026-03-09T07:00');
    expect(previousPeriod('daily', monday0700).key).toBe('2026-03-08');
    expect(previousPeriod('weekly', monday0700).key).toBe('2026-W10');
    // 06:30 local on Monday is still Sunday in UTC.
    expect(previousPeriod('daily', vn('2026-03-09T06:30')).key).toBe('2026-03-08');
  });

  it('lists the trend weeks oldest first, across a year boundary', () => {
    expect(weeksEndingAt(vn('2026-01-07T12:00'), 3).map((w) => w.key)).toEqual([
      '2025-W52',
      '2026-W01',
      '2026-W02',
    ]);
  });
});

describe('working time', () => {
  const holidays = ['2026-03-04'];
  it.each([
    ['within one morning', '2026-03-02T09:00', '2026-03-02T11:00', 2],
    ['across lunch', '2026-03-02T11:00', '2026-03-02T14:00', 2],
    ['over a night', '2026-03-02T16:00', '2026-03-03T09:00', 2],
    ['over a weekend', '2026-03-06T16:00', '2026-03-09T09:00', 2],
    ['from a Saturday', '2026-03-07T10:00', '2026-03-09T10:00', 2],
    ['over a holiday', '2026-03-03T16:00', '2026-03-05T09:00', 2],
    ['backwards', '2026-03-03T16:00', '2026-03-03T09:00', 0],
  ])('%s', (_name, from, to, hours) => {
    expect(workingHoursBetween(vn(from), vn(to), holidays)).toBe(hours);
  });

  it('turns hours into days of 8 hours', () => {
    expect(workingDaysBetween(vn('2026-03-02T08:00'), vn('2026-03-03T12:00'), holidays)).toBe(1.5);
  });
});

describe('the 90th percentile (nearest rank)', () => {
  it.each([
    [[], null],
    [[7], 7],
    [[5, 1, 4, 2, 3], 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 9],
    [[10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110], 100],
  ])('of %j is %p', (values, p90) => {
    expect(percentile90(values)).toBe(p90);
  });

  it('summarizes with two decimals', () => {
    expect(summarize([1, 2, 2])).toEqual({ count: 3, average: 1.67, p90: 2 });
  });
});
