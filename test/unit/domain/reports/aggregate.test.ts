import type { CaseStatus, CaseType } from '../../../../src/domain/case/workflow';
import { buildReport, type ReportInput } from '../../../../src/domain/reports/aggregate';
import { weekPeriod, weeksEndingAt } from '../../../../src/domain/reports/period';
import type { ReportCase, ReportEvent } from '../../../../src/domain/reports/timeline';

/**
 * A fixed week, 2026-W10 (Monday 2 to Sunday 8 March 2026), with Wednesday 4 March a holiday, and ten cases
 * whose every figure is computed by hand in the comments. Office hours are 08–12 and 13–17 (8 h a day).
 */

const vn = (wall: string): Date => new Date(`${wall}:00+07:00`);
const HOLIDAYS = ['2026-03-04'];

function ev(
  action: string,
  wall: string,
  toStatus: CaseStatus | null,
  extra: {
    actor?: ReportEvent['actorKind'];
    internal?: boolean;
    data?: Record<string, unknown>;
    note?: string;
  } = {},
): ReportEvent {
  return {
    action,
    at: vn(wall),
    toStatus,
    actorKind: extra.actor ?? 'staff',
    internal: extra.internal ?? false,
    note: extra.note ?? null,
    data: extra.data ?? {},
  };
}

function kase(
  n: number,
  fields: {
    created: string;
    category: number | null;
    area: number | null;
    agency: number | null;
    type?: CaseType;
    source?: string;
  },
  events: ReportEvent[],
): ReportCase {
  const last = [...events].reverse().find((e) => e.toStatus !== null);
  return {
    id: n,
    code: `LS-${String(n).padStart(4, '0')}`,
    status: last?.toStatus ?? 'received',
    caseType: fields.type ?? 'feedback',
    source: fields.source ?? 'zalo',
    categoryId: fields.category,
    areaId: fields.area,
    agencyId: fields.agency,
    createdAt: vn(fields.created),
    dueAt: null,
    events: [ev('receive', fields.created, 'received', { actor: 'resident' }), ...events],
  };
}

const due = (wall: string) => ({ data: { dueAt: vn(wall).toISOString() } });

const cases: ReportCase[] = [
  // A: answered after 2 h; resolved Thu 10:00 = Mon 7 h + Tue 8 h + Thu 2 h = 17 h = 2.125 d, on time; scored 5.
  kase(1, { created: '2026-03-02T09:00', category: 1, area: 100, agency: 10 }, [
    ev('assign', '2026-03-02T09:01', 'assigned', { actor: 'system', ...due('2026-03-06T17:00') }),
    ev('answer', '2026-03-02T11:00', 'in_progress'),
    ev('resolve', '2026-03-05T10:00', 'resolved'),
    ev('score', '2026-03-05T12:00', 'resolved', { actor: 'resident', data: { score: 5, via: 'zalo' } }),
    ev('close', '2026-03-05T12:00', 'closed', { actor: 'resident', data: { by: 'score', score: 5 } }),
  ]),
  // B: answered Tue 09:30 = Mon 3 h + Tue 1.5 h = 4.5 h; resolved Fri 16:00 = 3 + 8 + 8 + 7 = 26 h = 3.25 d,
  // late (due Tue 17:00); scored 2 by today's close-by-score, with no score event.
  kase(2, { created: '2026-03-02T14:00', category: 1, area: 101, agency: 10 }, [
    ev('assign', '2026-03-02T14:00', 'assigned', { actor: 'system', ...due('2026-03-03T17:00') }),
    ev('answer', '2026-03-03T09:30', 'in_progress'),
    ev('resolve', '2026-03-06T16:00', 'resolved'),
    ev('close', '2026-03-07T10:00', 'closed', { actor: 'resident', data: { by: 'score', score: 2 } }),
  ]),
  // C: verified, assigned, never answered: overdue since Thu 17:00 (2 working days late on Monday); its
  // first-answer clock (due Wed, a holiday, so 3 working days late) too; one Front note, one internal note.
  kase(3, { created: '2026-03-03T08:30', category: 2, area: 100, agency: 11 }, [
    ev('verify', '2026-03-03T08:45', 'verified'),
    ev('assign', '2026-03-03T09:00', 'assigned', due('2026-03-05T17:00')),
    ev('supervise', '2026-03-06T09:00', 'assigned', {
      data: { front: true },
      note: 'Đề nghị Công an xã xử lý sớm',
    }),
    ev('note', '2026-03-06T09:30', 'assigned', { internal: true, note: 'ghi chú nội bộ' }),
  ]),
  // D: carried over from Friday 27 Feb (answered then); resolved Tue 16:00 = Fri 6 h + Mon 8 h + Tue 7 h =
  // 21 h = 2.625 d, on time (due Tue 17:00); not scored.
  kase(4, { created: '2026-02-27T10:00', category: 2, area: 102, agency: 11 }, [
    ev('assign', '2026-02-27T10:00', 'assigned', { actor: 'system', ...due('2026-03-03T17:00') }),
    ev('answer', '2026-02-27T15:00', 'in_progress'),
    ev('resolve', '2026-03-03T16:00', 'resolved'),
  ]),
  // E: a complaint filed on the holiday's evening, rejected as out of scope Thu 09:00: first answer 1 h.
  kase(5, { created: '2026-03-04T20:00', category: 1, area: 100, agency: null, type: 'complaint' }, [
    ev('reject', '2026-03-05T09:00', 'rejected', { data: { reason: 'out_of_scope' } }),
  ]),
  // F: spam from the web form, rejected after 0.5 h; no category, no area.
  kase(6, { created: '2026-03-05T10:00', category: null, area: null, agency: null, source: 'web' }, [
    ev('reject', '2026-03-05T10:30', 'rejected', { data: { reason: 'spam' } }),
  ]),
  // G: resolved the week before, scored 4 on Monday 08:00 of this week.
  kase(7, { created: '2026-02-20T09:00', category: 2, area: 101, agency: 10 }, [
    ev('assign', '2026-02-20T09:00', 'assigned', { actor: 'system', ...due('2026-02-27T17:00') }),
    ev('resolve', '2026-02-25T10:00', 'resolved'),
    ev('score', '2026-03-02T08:00', 'resolved', { actor: 'resident', data: { score: 4 } }),
    ev('close', '2026-03-02T08:00', 'closed', { actor: 'resident', data: { by: 'score', score: 4 } }),
  ]),
  // H: filed on Saturday, nobody has looked at it yet.
  kase(8, { created: '2026-03-07T09:00', category: 2, area: 101, agency: null }, []),
  // I: resolved the week before; scored 1 on Tuesday and reopened with a new deadline (not yet passed).
  kase(9, { created: '2026-02-23T09:00', category: 1, area: 102, agency: 10 }, [
    ev('assign', '2026-02-23T09:00', 'assigned', { actor: 'system', ...due('2026-02-27T17:00') }),
    ev('resolve', '2026-02-26T10:00', 'resolved'),
    ev('score', '2026-03-03T09:00', 'resolved', { actor: 'resident', data: { score: 1 } }),
    ev('reopen', '2026-03-03T09:00', 'reopened', { actor: 'resident', ...due('2026-03-10T17:00') }),
  ]),
  // J: a duplicate of B, merged on Friday.
  kase(10, { created: '2026-03-06T11:00', category: 1, area: 100, agency: null }, [
    ev('merge', '2026-03-06T11:30', 'merged', { data: { survivorCode: 'LS-0002' } }),
  ]),
];

const week = weekPeriod('2026-W10');
if (!week.ok) throw new Error(week.reason);
const period = week.period;

const input = (overrides: Partial<ReportInput> = {}): ReportInput => ({
  kind: 'weekly',
  period,
  asOf: period.end,
  cases,
  clocks: [{ caseId: 3, kind: 'first_answer', dueAt: vn('2026-03-04T17:00'), metAt: null }],
  categories: [
    { id: 1, name: 'Đường sá' },
    { id: 2, name: 'Vệ sinh' },
  ],
  agencies: [
    { id: 10, name: 'Phòng Kinh tế' },
    { id: 11, name: 'Công an xã' },
  ],
  areas: [
    { id: 100, name: 'Tiểu khu 5' },
    { id: 101, name: 'Tiểu khu 6' },
    { id: 102, name: 'Thôn Đồng' },
    { id: 103, name: 'Thôn Bãi' },
    { id: 104, name: 'Thôn Mới' },
  ],
  lastReportByArea: new Map([
    [100, vn('2026-03-06T11:00')],
    [101, vn('2026-03-07T09:00')],
    [102, vn('2026-02-27T10:00')],
    [104, vn('2026-01-15T10:00')],
  ]),
  holidays: HOLIDAYS,
  timeZone: 'Asia/Ho_Chi_Minh',
  minResponses: 3,
  silentDays: 30,
  trendWeeks: weeksEndingAt(vn('2026-03-08T12:00'), 2),
  ...overrides,
});

describe('the weekly report over a fixed week', () => {
  const report = buildReport(input());

  it('counts what happened in the week, case by case', () => {
    expect(report.period).toEqual({
      key: '2026-W10',
      start: '2026-03-01T17:00:00.000Z',
      end: '2026-03-08T17:00:00.000Z',
      firstDay: '2026-03-02',
      lastDay: '2026-03-08',
    });
    // Filed in the week: A B C E F H J. D, G, I came before it.
    expect(report.received).toBe(7);
    expect(report.verified).toBe(1);
    expect(report.rejected).toBe(2);
    // First resolutions in the week: A, B, D.
    expect(report.resolved).toBe(3);
    expect(report.closed).toBe(3);
    expect(report.closedBy).toEqual({ score: 3, front: 0, unscored: 0, staff: 0, timeout: 0, other: 0 });
    expect(report.reopened).toBe(1);
    expect(report.overdue).toBe(1);
  });

  it('rates on-time resolution and times first answers and resolutions in working time', () => {
    // A on time, B late, D on time.
    expect(report.onTime).toEqual({ onTime: 2, withDeadline: 3, rate: 0.67 });
    expect(report.onTimeRate).toBe(0.67);
    // [0.5, 1, 2, 4.5] h: average 2, p90 = the ⌈3.6⌉ = 4th value.
    expect(report.firstAnswerHours).toEqual({ count: 4, average: 2, p90: 4.5 });
    // [2.125, 2.625, 3.25] d: average 8/3, p90 = the ⌈2.7⌉ = 3rd value.
    expect(report.resolutionDays).toEqual({ count: 3, average: 2.67, p90: 3.25 });
  });

  it('reports satisfaction beside its response rate', () => {
    // Scores: A 5, B 2 (close by score), G 4, I 1. Asked: A B D (resolved in the week), G I (resolved at its start).
    expect(report.satisfaction).toEqual({
      responses: 4,
      asked: 5,
      responseRate: 0.8,
      average: 3,
      enough: true,
      minResponses: 3,
      distribution: { '1': 1, '2': 1, '3': 0, '4': 1, '5': 1 },
    });
  });

  it('withholds averages below the minimum of responses, in total and per group', () => {
    const strict = buildReport(input({ minResponses: 5 }));
    expect(strict.satisfaction.average).toBeNull();
    expect(strict.satisfaction.enough).toBe(false);
    expect(strict.satisfaction.responses).toBe(4);
    expect(strict.byAgency.every((g) => g.satisfaction.average === null)).toBe(true);
  });

  it('splits the figures by category, agency, area, source and type, in the commune order', () => {
    expect(report.byCategory).toEqual([
      {
        id: 1,
        name: 'Đường sá',
        received: 4,
        resolved: 2,
        overdue: 0,
        onTimeRate: 0.5,
        satisfaction: { responses: 3, average: 2.67, enough: true },
      },
      {
        id: 2,
        name: 'Vệ sinh',
        received: 2,
        resolved: 1,
        overdue: 1,
        onTimeRate: 1,
        satisfaction: { responses: 1, average: null, enough: false },
      },
      {
        id: null,
        name: null,
        received: 1,
        resolved: 0,
        overdue: 0,
        onTimeRate: null,
        satisfaction: { responses: 0, average: null, enough: false },
      },
    ]);
    expect(
      report.byAgency.map((g) => [g.name, g.received, g.resolved, g.overdue, g.satisfaction.average]),
    ).toEqual([
      ['Phòng Kinh tế', 2, 2, 0, 3],
      ['Công an xã', 1, 1, 1, null],
      [null, 4, 0, 0, null],
    ]);
    expect(
      report.byArea.map((g) => [g.name, g.received, g.resolved, g.overdue, g.satisfaction.responses]),
    ).toEqual([
      ['Tiểu khu 5', 4, 1, 1, 1],
      ['Tiểu khu 6', 2, 1, 0, 2],
      ['Thôn Đồng', 0, 1, 0, 1],
      [null, 1, 0, 0, 0],
    ]);
    expect(report.bySource.map((g) => [g.id, g.received])).toEqual([
      ['web', 1],
      ['zalo', 6],
    ]);
    expect(report.byType.map((g) => [g.id, g.received])).toEqual([
      ['feedback', 6],
      ['complaint', 1],
    ]);
  });

  it('lists the overdue clocks, the groups not heard in 30 days and the Front notes', () => {
    expect(report.overdueCases).toEqual([
      {
        code: 'LS-0003',
        status: 'assigned',
        caseType: 'feedback',
        clock: 'first_answer',
        dueAt: vn('2026-03-04T17:00').toISOString(),
        workingDaysLate: 3,
        category: 'Vệ sinh',
        area: 'Tiểu khu 5',
        agency: 'Công an xã',
      },
      expect.objectContaining({
        code: 'LS-0003',
        clock: 'resolution',
        dueAt: vn('2026-03-05T17:00').toISOString(),
        workingDaysLate: 2,
      }),
    ]);
    expect(report.silentAreas).toEqual([
      { id: 103, name: 'Thôn Bãi', lastReportAt: null },
      { id: 104, name: 'Thôn Mới', lastReportAt: vn('2026-01-15T10:00').toISOString() },
    ]);
    expect(report.frontNotes).toEqual([
      { code: 'LS-0003', at: vn('2026-03-06T09:00').toISOString(), note: 'Đề nghị Công an xã xử lý sớm' },
    ]);
  });

  it('fills the columns of form 01/XLD', () => {
    // Carried over: D. Total D A B C E F H J; handled: all but H; F (spam) is not eligible; J is a duplicate.
    expect(report.form01).toEqual({
      carriedOver: 1,
      receivedInPeriod: 7,
      total: 8,
      handled: 7,
      eligible: 6,
      matters: 5,
      byContent: { complaint: 1, denunciation: 0, petitionFeedback: 5 },
      withinCompetence: { total: 5, resolved: 4, inProgress: 0, notResolved: 1 },
      outsideCompetence: { total: 1, guided: 1, transferred: 0, urged: 0 },
    });
  });

  it('draws the trend from the weeks before', () => {
    // W09 (23 Feb – 1 Mar): D and I filed; G (25 Feb) and I (26 Feb) resolved.
    expect(report.trend).toEqual([
      { week: '2026-W09', received: 2, resolved: 2 },
      { week: '2026-W10', received: 7, resolved: 3 },
    ]);
  });

  it('takes "now" figures at the build time while the week still runs', () => {
    // On Thursday 10:00, what the database holds then: B is overdue since Tuesday 17:00, C not yet (due 17:00),
    // but C's first answer is (due Wednesday).
    const asOf = vn('2026-03-05T10:00');
    const known = cases
      .filter((c) => c.createdAt < asOf)
      .map((c) => ({ ...c, events: c.events.filter((e) => e.at <= asOf) }));
    const midweek = buildReport(input({ asOf, cases: known }));
    expect(midweek.overdue).toBe(1);
    expect(midweek.overdueCases.map((c) => [c.code, c.clock])).toEqual([
      ['LS-0002', 'resolution'],
      ['LS-0003', 'first_answer'],
    ]);
    expect(midweek.received).toBe(4);
    expect(midweek.resolved).toBe(2);
  });

  it('is the same report when built twice', () => {
    expect(buildReport(input())).toEqual(report);
  });
});
