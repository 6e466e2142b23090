import type { Report } from '../../../../src/domain/reports/aggregate';
import {
  digestText,
  formatDecimal,
  formatPercent,
  shortcomingsOf,
} from '../../../../src/domain/reports/digest';
import { parseStaffCommand, reportChoiceOf } from '../../../../src/domain/staff/commands';

const report = {
  version: 1,
  kind: 'weekly',
  period: { key: '2026-W10', start: '', end: '', firstDay: '2026-03-02', lastDay: '2026-03-08' },
  asOf: '2026-03-08T17:00:00.000Z',
  received: 12,
  verified: 3,
  rejected: 1,
  resolved: 7,
  closed: 5,
  closedBy: { score: 4, front: 1, unscored: 0, staff: 0, timeout: 0, other: 0 },
  reopened: 1,
  overdue: 12,
  onTime: { onTime: 5, withDeadline: 7, rate: 0.71 },
  onTimeRate: 0.71,
  firstAnswerHours: { count: 0, average: null, p90: null },
  resolutionDays: { count: 0, average: null, p90: null },
  satisfaction: {
    responses: 3,
    asked: 6,
    responseRate: 0.5,
    average: null,
    enough: false,
    minResponses: 5,
    distribution: {},
  },
  byCategory: [],
  byAgency: [],
  byArea: [],
  bySource: [],
  byType: [],
  overdueCases: Array.from({ length: 12 }, (_, i) => ({
    code: `LS-00${String(i + 10)}`,
    status: 'in_progress',
    caseType: 'feedback',
    clock: 'resolution',
    dueAt: '2026-03-03T10:00:00.000Z',
    workingDaysLate: 4,
    category: null,
    area: null,
    agency: i === 0 ? null : 'Phòng Kinh tế',
  })),
  silentAreas: [{ id: 1, name: 'Thôn Bãi', lastReportAt: null }],
  form01: {
    carriedOver: 0,
    receivedInPeriod: 12,
    total: 12,
    handled: 10,
    eligible: 9,
    matters: 9,
    byContent: { complaint: 0, denunciation: 0, petitionFeedback: 9 },
    withinCompetence: { total: 9, resolved: 7, inProgress: 2, notResolved: 0 },
    outsideCompetence: { total: 0, guided: 0, transferred: 0, urged: 0 },
  },
  frontNotes: [],
  trend: [],
} satisfies Report;

describe('the digest and the shortcomings', () => {
  const text = digestText(report, {
    communeName: 'xã Sơn Mai',
    url: 'https://x.example/reports/son-mai/weekly/2026-W10?exp=1&sig=ab',
    expiresAt: new Date('2026-03-16T00:30:00Z'),
    silentDays: 30,
    timeZone: 'Asia/Ho_Chi_Minh',
  });

  it('gives the period, the figures, ten overdue cases and the link', () => {
    expect(text.split('\n')[0]).toBe('📊 Báo cáo tuần 10/2026 (02/03/2026 – 08/03/2026) – xã Sơn Mai');
    expect(text).toContain('• Tiếp nhận: 12 · Đã giải quyết: 7 · Mở lại: 1');
    expect(text).toContain('Giải quyết đúng hạn: 71%');
    expect(text).toContain('chưa đủ phản hồi (3/5)');
    expect(text).toContain('• LS-0010 – Chưa xác định – quá 4 ngày làm việc');
    expect(text.match(/^• LS-/gm)).toHaveLength(10);
    expect(text).toContain('… và 2 phản ánh khác.');
    expect(text).toContain('Chưa có phản ánh trong 30 ngày: Thôn Bãi.');
    expect(text).toContain('liên kết dùng đến 16/03/2026');
    expect(text.length).toBeLessThan(2000);
  });

  it('names what is not yet right', () => {
    expect(shortcomingsOf(report, 30).map((s) => s.key)).toEqual([
      'report.short.overdue',
      'report.short.onTime',
      'report.short.reopened',
      'report.short.unhandled',
      'report.short.notEnough',
      'report.short.silent',
    ]);
  });

  it('writes figures the Vietnamese way', () => {
    expect(formatDecimal(3.5)).toBe('3,5');
    expect(formatDecimal(3)).toBe('3');
    expect(formatDecimal(null)).toBe('chưa có');
    expect(formatPercent(0.666)).toBe('67%');
  });
});

describe('/baocao', () => {
  const ctx = { casePrefix: 'LS', agencies: [] };
  it.each([
    ['/baocao', { kind: 'subscribe', daily: true, weekly: true }],
    ['/Báo cáo', { kind: 'subscribe', daily: true, weekly: true }],
    ['/bao cao tuan', { kind: 'subscribe', daily: false, weekly: true }],
    ['/BAOCAO hằng ngày', { kind: 'subscribe', daily: true, weekly: false }],
    ['/baocao tắt', { kind: 'unsubscribe' }],
    ['/baocao huy', { kind: 'unsubscribe' }],
  ])('%s', (message, choice) => {
    expect(parseStaffCommand(message, ctx)).toEqual({ ok: true, command: { kind: 'reports', choice } });
  });

  it('reads the words alone too', () => {
    expect(reportChoiceOf('ngày và tuần')).toEqual({ kind: 'subscribe', daily: true, weekly: true });
  });
});
