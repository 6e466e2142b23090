import {
  addWorkingDays,
  isOverdue,
  isWorkingDay,
  localDate,
  localDateAtHour,
  workingDaysLeft,
} from '../../../../src/domain/case/deadlines';

/** An instant given as Vietnamese wall-clock time (UTC+7, no daylight saving). */
const vn = (wall: string): Date => new Date(`${wall}+07:00`);

const tet2025 = [
  '2025-01-25',
  '2025-01-26',
  '2025-01-27',
  '2025-01-28',
  '2025-01-29',
  '2025-01-30',
  '2025-01-31',
  '2025-02-01',
  '2025-02-02',
];
const reunificationAndLabour2025 = ['2025-04-30', '2025-05-01'];
const nationalDay2025 = ['2025-09-01', '2025-09-02'];

describe('addWorkingDays', () => {
  it('counts from the day after receipt and falls due at 17:00 local', () => {
    expect(addWorkingDays(vn('2026-03-04T09:00:00'), 5, [])).toEqual(vn('2026-03-11T17:00:00'));
  });

  it('skips the weekend for a case received at 23:30 on a Friday', () => {
    const friday2330 = vn('2026-03-06T23:30:00');
    expect(friday2330.toISOString()).toBe('2026-03-06T16:30:00.000Z');
    expect(addWorkingDays(friday2330, 1, [])).toEqual(vn('2026-03-09T17:00:00'));
    expect(addWorkingDays(friday2330, 5, [])).toEqual(vn('2026-03-13T17:00:00'));
  });

  it('uses the local date, not the UTC date, for a case received early on a Monday', () => {
    const monday0600 = vn('2026-03-09T06:00:00');
    expect(monday0600.toISOString()).toBe('2026-03-08T23:00:00.000Z');
    expect(addWorkingDays(monday0600, 1, [])).toEqual(vn('2026-03-10T17:00:00'));
  });

  it('treats a case received on a weekend like one received on the Friday before', () => {
    expect(addWorkingDays(vn('2026-03-07T10:00:00'), 1, [])).toEqual(vn('2026-03-09T17:00:00'));
    expect(addWorkingDays(vn('2026-03-08T21:00:00'), 1, [])).toEqual(vn('2026-03-09T17:00:00'));
  });

  it('skips a Tết break', () => {
    expect(addWorkingDays(vn('2025-01-24T10:00:00'), 1, tet2025)).toEqual(vn('2025-02-03T17:00:00'));
    expect(addWorkingDays(vn('2025-01-23T10:00:00'), 5, tet2025)).toEqual(vn('2025-02-06T17:00:00'));
  });

  it('skips 30/4 and 1/5', () => {
    expect(addWorkingDays(vn('2025-04-29T08:00:00'), 1, reunificationAndLabour2025)).toEqual(
      vn('2025-05-02T17:00:00'),
    );
  });

  it('skips the National Day holiday', () => {
    expect(addWorkingDays(vn('2025-08-29T16:59:00'), 1, nationalDay2025)).toEqual(vn('2025-09-03T17:00:00'));
  });

  it('with 0 days is due at the end of the day of receipt, or of the next working day', () => {
    expect(addWorkingDays(vn('2026-03-09T08:00:00'), 0, [])).toEqual(vn('2026-03-09T17:00:00'));
    expect(addWorkingDays(vn('2026-03-07T08:00:00'), 0, [])).toEqual(vn('2026-03-09T17:00:00'));
    expect(addWorkingDays(vn('2025-01-27T08:00:00'), 0, tet2025)).toEqual(vn('2025-02-03T17:00:00'));
  });

  it('works in another time zone across a daylight-saving change', () => {
    // New York moves to daylight saving time on Sunday 2026-03-08: Friday is UTC-5, Monday UTC-4.
    const due = addWorkingDays(new Date('2026-03-06T15:00:00-05:00'), 1, [], 'America/New_York');
    expect(due.toISOString()).toBe('2026-03-09T21:00:00.000Z');
  });

  it('refuses nonsense input', () => {
    expect(() => addWorkingDays(vn('2026-03-09T08:00:00'), -1, [])).toThrow(RangeError);
    expect(() => addWorkingDays(vn('2026-03-09T08:00:00'), 1.5, [])).toThrow(RangeError);
    expect(() => addWorkingDays(new Date('nope'), 1, [])).toThrow(RangeError);
    expect(() => addWorkingDays(vn('2026-03-09T08:00:00'), 1, ['30/04/2026'])).toThrow(RangeError);
    expect(() => addWorkingDays(vn('2026-03-09T08:00:00'), 1, ['2026-02-30'])).toThrow(RangeError);
  });
});

describe('isOverdue', () => {
  const due = vn('2026-03-13T17:00:00');

  it('is on time up to the due instant and overdue after it', () => {
    expect(isOverdue(due, vn('2026-03-13T16:59:59'))).toBe(false);
    expect(isOverdue(due, due)).toBe(false);
    expect(isOverdue(due, new Date(due.getTime() + 1))).toBe(true);
  });
});

describe('workingDaysLeft', () => {
  const dueFriday = vn('2026-03-13T17:00:00');

  it('counts the working days after today up to the due date', () => {
    expect(workingDaysLeft(dueFriday, vn('2026-03-09T09:00:00'), [])).toBe(4);
    expect(workingDaysLeft(dueFriday, vn('2026-03-13T09:00:00'), [])).toBe(0);
    expect(workingDaysLeft(dueFriday, vn('2026-03-07T09:00:00'), [])).toBe(5);
  });

  it('leaves out holidays', () => {
    expect(workingDaysLeft(vn('2025-02-06T17:00:00'), vn('2025-01-23T10:00:00'), tet2025)).toBe(5);
  });

  it('is negative by the working days a case is late', () => {
    expect(workingDaysLeft(dueFriday, vn('2026-03-17T09:00:00'), [])).toBe(-2);
  });

  it('is 0 (never -0) on the weekend right after a Friday deadline', () => {
    expect(workingDaysLeft(dueFriday, vn('2026-03-14T09:00:00'), [])).toBe(0);
  });

  it('counts on local dates', () => {
    // 23:30 on Thursday local is still Thursday, although 16:30 UTC.
    expect(workingDaysLeft(dueFriday, vn('2026-03-12T23:30:00'), [])).toBe(1);
  });
});

describe('calendar helpers', () => {
  it('gives the local date of an instant', () => {
    expect(localDate(new Date('2026-03-08T23:00:00Z'))).toBe('2026-03-09');
    expect(localDate(new Date('2026-03-08T23:00:00Z'), 'UTC')).toBe('2026-03-08');
  });

  it('knows weekends and holidays', () => {
    expect(isWorkingDay('2026-03-06', [])).toBe(true);
    expect(isWorkingDay('2026-03-07', [])).toBe(false);
    expect(isWorkingDay('2026-03-08', [])).toBe(false);
    expect(isWorkingDay('2025-09-02', nationalDay2025)).toBe(false);
  });

  it('places a local hour on the timeline', () => {
    expect(localDateAtHour('2026-03-09', 17).toISOString()).toBe('2026-03-09T10:00:00.000Z');
  });
});
