import { vietnamPublicHolidays } from '../../../../src/domain/calendar/public-holidays';
import {
  type ClockCalendar,
  type ClockView,
  type ClockedChange,
  DEFAULT_CLOCK_SETTINGS,
  clockOps,
  clockRuns,
  filingClocks,
  reminderStage,
  resolveClockSettings,
} from '../../../../src/domain/case/clocks';
import { addCalendarDays, localDate } from '../../../../src/domain/case/deadlines';

const tz = 'Asia/Ho_Chi_Minh';
const holidays = [...vietnamPublicHolidays(2026), ...vietnamPublicHolidays(2027)].map((h) => h.day);
const cal: ClockCalendar = { holidays, timeZone: tz, settings: DEFAULT_CLOCK_SETTINGS };
/** A local wall time in Hà Nội (UTC+7, no daylight saving). */
const at = (local: string) => new Date(`${local}+07:00`);
const day = (d: Date) => localDate(d, tz);

// Monday 9 March 2026, 09:00 in Hà Nội.
const filed = at('2026-03-09T09:00:00');

describe('clocks counted in working and calendar days', () => {
  it('a feedback starts the first-answer, status-notice and transfer clocks in working days', () => {
    const clocks = filingClocks('feedback', filed, cal);
    expect(clocks.map((c) => [c.kind, c.basis, c.days, day(c.dueAt)])).toEqual([
      ['first_answer', 'working', 2, '2026-03-11'],
      ['status_notice', 'working', 10, '2026-03-23'],
      ['transfer', 'working', 5, '2026-03-16'],
    ]);
    expect(clocks[0]?.dueAt).toEqual(at('2026-03-11T17:00:00'));
  });

  it('a complaint adds acceptance in 10 calendar days, a denunciation verification in 7 working days', () => {
    const complaint = filingClocks('complaint', filed, cal).find((c) => c.kind === 'complaint_accept');
    expect([complaint?.basis, day(complaint!.dueAt)]).toEqual(['calendar', '2026-03-19']);
    const denunciation = filingClocks('denunciation', filed, cal).find(
      (c) => c.kind === 'denunciation_verify',
    );
    expect([denunciation?.basis, day(denunciation!.dueAt)]).toEqual(['working', '2026-03-18']);
  });

  it('a calendar-day period ending on a day off ends on the next working day (Civil Code Art. 148)', () => {
    // Wednesday 15/4/2026 + 10 days = Saturday 25/4; Sunday 26/4 is Giỗ Tổ and Monday 27/4 its compensatory day.
    expect(day(addCalendarDays(at('2026-04-15T10:00:00'), 10, holidays, tz))).toBe('2026-04-28');
    expect(day(addCalendarDays(at('2026-04-15T10:00:00'), 10, [], tz))).toBe('2026-04-27');
  });

  it('working days skip Tết: filed on Friday 13/2/2026, the first answer is due on Tuesday 24/2', () => {
    const [first] = filingClocks('feedback', at('2026-02-13T15:00:00'), cal);
    expect(day(first!.dueAt)).toBe('2026-02-24');
  });

  it('uses the commune settings', () => {
    const settings = resolveClockSettings({ firstAnswerWorkingDays: 1, transferWorkingDays: 'x', bogus: 3 });
    expect(settings).toEqual({ ...DEFAULT_CLOCK_SETTINGS, firstAnswerWorkingDays: 1 });
    const [first] = filingClocks('feedback', filed, { ...cal, settings });
    expect(day(first!.dueAt)).toBe('2026-03-10');
    expect(resolveClockSettings(null)).toEqual(DEFAULT_CLOCK_SETTINGS);
  });
});

describe('clockOps: what a case change does to its clocks', () => {
  const now = at('2026-03-10T10:00:00');
  const due = at('2026-03-18T17:00:00');
  const view = (kind: ClockView['kind'], overrides: Partial<ClockView> = {}): ClockView => ({
    kind,
    dueAt: at('2026-03-11T17:00:00'),
    metAt: null,
    extendedAt: null,
    ...overrides,
  });
  const filedClocks = [view('first_answer'), view('status_notice'), view('transfer')];
  const change = (action: string, overrides: Partial<ClockedChange> = {}): ClockedChange => ({
    action,
    caseType: 'feedback',
    status: 'assigned',
    dueAt: due,
    filedAt: filed,
    ...overrides,
  });

  it('routing meets the status notice and the transfer, and starts the resolution clock at cases.due_at', () => {
    expect(clockOps(change('assign'), filedClocks, now, cal)).toEqual([
      { op: 'meet', kind: 'status_notice', at: now, by: 'assign' },
      { op: 'meet', kind: 'transfer', at: now, by: 'assign' },
      {
        op: 'start',
        clock: { kind: 'resolution', basis: 'working', days: null, startedAt: now, dueAt: due },
        restart: false,
      },
    ]);
  });

  it('the first answer the resident sees meets the first-answer clock only', () => {
    expect(clockOps(change('answer', { status: 'in_progress' }), filedClocks, now, cal)).toEqual([
      { op: 'meet', kind: 'first_answer', at: now, by: 'answer' },
      { op: 'meet', kind: 'status_notice', at: now, by: 'answer' },
    ]);
    expect(clockOps(change('take'), filedClocks, now, cal)).toEqual([]);
    expect(clockOps(change('note'), filedClocks, now, cal)).toEqual([]);
  });

  it('a resolution meets the open clocks and starts the wait for the score and for the Front', () => {
    const ops = clockOps(
      change('resolve', { status: 'resolved' }),
      [...filedClocks, view('resolution', { dueAt: due })],
      now,
      cal,
    );
    expect(ops.filter((o) => o.op === 'meet').map((o) => o.kind)).toEqual([
      'first_answer',
      'status_notice',
      'transfer',
      'resolution',
    ]);
    const starts = ops.flatMap((o) =>
      o.op === 'start' ? [[o.clock.kind, day(o.clock.dueAt), o.restart]] : [],
    );
    expect(starts).toEqual([
      ['resident_score', '2026-03-13', false],
      ['front_confirm', '2026-03-19', false],
    ]);
  });

  it('a reopening stops the score wait and restarts the resolution clock with the new due date', () => {
    const newDue = at('2026-03-20T17:00:00');
    const clocks = [
      view('resolution', { dueAt: due, metAt: now }),
      view('resident_score'),
      view('front_confirm'),
    ];
    expect(clockOps(change('reopen', { status: 'reopened', dueAt: newDue }), clocks, now, cal)).toEqual([
      { op: 'meet', kind: 'resident_score', at: now, by: 'reopen' },
      { op: 'meet', kind: 'front_confirm', at: now, by: 'reopen' },
      {
        op: 'start',
        clock: { kind: 'resolution', basis: 'working', days: null, startedAt: now, dueAt: newDue },
        restart: true,
      },
    ]);
  });

  it('accepting a complaint starts its 30-day resolution; refusing it does not', () => {
    const clocks = [...filedClocks, view('complaint_accept')];
    const accepted = clockOps(
      change('verify', { caseType: 'complaint', status: 'verified', dueAt: null }),
      clocks,
      now,
      cal,
    );
    expect(
      accepted.map((o) =>
        o.op === 'meet' ? `meet ${o.kind}` : `start ${o.clock.kind} ${day(o.clock.dueAt)}`,
      ),
    ).toEqual(['meet status_notice', 'meet complaint_accept', 'start complaint_resolve 2026-04-09']);
    const refused = clockOps(
      change('reject', { caseType: 'complaint', status: 'rejected', dueAt: null }),
      clocks,
      now,
      cal,
    );
    expect(refused.some((o) => o.op === 'start')).toBe(false);
  });

  it('a case retyped to a denunciation gets its clock from the filing; already routed, it is met and resolution starts', () => {
    const received = clockOps(
      change('retype', { caseType: 'denunciation', status: 'received', dueAt: null }),
      filedClocks,
      now,
      cal,
    );
    expect(received).toEqual([
      {
        op: 'start',
        clock: expect.objectContaining({ kind: 'denunciation_verify', startedAt: filed }),
        restart: false,
      },
    ]);
    const routed = clockOps(change('retype', { caseType: 'denunciation' }), filedClocks, now, cal);
    expect(routed.map((o) => (o.op === 'start' ? [o.clock.kind, o.clock.metBy ?? null] : null))).toEqual([
      ['denunciation_verify', 'retype'],
      ['denunciation_resolve', null],
    ]);
  });

  it('replaying a change that was already applied changes nothing', () => {
    const met = filedClocks.map((c) => ({ ...c, metAt: now }));
    expect(clockOps(change('assign'), [...met, view('resolution', { dueAt: due })], now, cal)).toEqual([]);
  });
});

describe('reminderStage: once before, then at the deadline, then every N working days', () => {
  // The first answer of a case filed on Monday 9/3/2026 is due Wednesday 11/3 at 17:00.
  const clock = { kind: 'first_answer' as const, dueAt: at('2026-03-11T17:00:00') };
  it.each([
    ['2026-03-09T10:00:00', null],
    ['2026-03-10T08:00:00', 'before'],
    ['2026-03-11T09:00:00', 'before'],
    ['2026-03-11T17:00:00', 'before'],
    ['2026-03-11T17:00:01', 'overdue-0'],
    ['2026-03-12T09:00:00', 'overdue-0'],
    ['2026-03-13T09:00:00', 'overdue-1'],
    ['2026-03-14T09:00:00', 'overdue-1'],
    ['2026-03-16T09:00:00', 'overdue-1'],
    ['2026-03-17T09:00:00', 'overdue-2'],
  ])('at %s: %s', (now, threshold) => {
    expect(reminderStage(clock, at(now), cal)?.threshold ?? null).toBe(threshold);
  });

  it('says how many working days are left or late', () => {
    expect(reminderStage(clock, at('2026-03-10T08:00:00'), cal)).toEqual({
      threshold: 'before',
      stage: 'before',
      workingDays: 1,
      effect: 'remind',
    });
    expect(reminderStage(clock, at('2026-03-16T09:00:00'), cal)).toEqual({
      threshold: 'overdue-1',
      stage: 'overdue',
      workingDays: 3,
      effect: 'escalate',
    });
  });

  it('counts lateness in working days, so Tết does not make a case "late" by a week', () => {
    const beforeTet = { kind: 'resolution' as const, dueAt: at('2026-02-13T17:00:00') };
    expect(reminderStage(beforeTet, at('2026-02-20T10:00:00'), cal)).toMatchObject({
      threshold: 'overdue-0',
      workingDays: 0,
    });
    expect(reminderStage(beforeTet, at('2026-02-24T10:00:00'), cal)).toMatchObject({
      threshold: 'overdue-1',
      workingDays: 2,
    });
  });

  it('follows the commune settings for the warning and the repeat', () => {
    const settings = { ...DEFAULT_CLOCK_SETTINGS, reminderBeforeWorkingDays: 0, overdueRepeatWorkingDays: 1 };
    expect(reminderStage(clock, at('2026-03-10T08:00:00'), { ...cal, settings })).toBeNull();
    expect(reminderStage(clock, at('2026-03-11T08:00:00'), { ...cal, settings })?.threshold).toBe('before');
    expect(reminderStage(clock, at('2026-03-13T09:00:00'), { ...cal, settings })?.threshold).toBe(
      'overdue-2',
    );
  });

  it('the score wait never reminds before and hands over to the Front once; the Front wait closes unscored', () => {
    const score = { kind: 'resident_score' as const, dueAt: at('2026-03-13T17:00:00') };
    expect(reminderStage(score, at('2026-03-13T09:00:00'), cal)).toBeNull();
    expect(reminderStage(score, at('2026-03-30T09:00:00'), cal)).toMatchObject({
      threshold: 'overdue-0',
      effect: 'front_handoff',
    });
    const front = { kind: 'front_confirm' as const, dueAt: at('2026-03-19T17:00:00') };
    expect(reminderStage(front, at('2026-03-20T09:00:00'), cal)).toMatchObject({
      threshold: 'overdue-0',
      effect: 'close_unscored',
    });
  });

  it('clocks run only in their statuses', () => {
    expect(clockRuns('resolution', 'in_progress')).toBe(true);
    expect(clockRuns('resolution', 'received')).toBe(false);
    expect(clockRuns('first_answer', 'merged')).toBe(false);
    expect(clockRuns('resident_score', 'resolved')).toBe(true);
    expect(clockRuns('resident_score', 'reopened')).toBe(false);
  });
});
