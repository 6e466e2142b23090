import { and, eq } from 'drizzle-orm';
import { userSendText } from '../../src/dev/fake-zalo';
import { localDate } from '../../src/domain/case/deadlines';
import type { Report } from '../../src/domain/reports/aggregate';
import { isoWeekOf } from '../../src/domain/reports/period';
import {
  agencies,
  areas,
  caseEvents,
  cases,
  categories,
  holidays,
  reportSubscriptions,
  reports,
  staff,
  type Commune,
} from '../../src/db/schema';
import { eventually } from '../support/eventually';
import { ensureReferenceData, firstCommune } from '../support/factories';
import {
  ADMIN_TOKEN,
  APP_ID,
  OA_ID,
  createTestEnv,
  startTestApp,
  type TestApp,
  type TestEnv,
} from '../support/test-app';

/**
 * Issue 10's proof for reports, through the real scheduler, workers, outbox, HTTP routes and the fake Zalo: a
 * seeded week (a week about a year ahead, four cases, figures computed by hand below) → the weekly job, its cron firing every
 * second while the clock says Monday 07:00, stores one report with those figures and sends each subscriber one
 * digest; the weekly digest carries the chart as an image message whose signed URL serves a PNG, refuses a
 * forged signature and stops working once it expires. The JSON endpoints answer, and explain bad periods.
 */

/**
 * The seeded week lies ahead of the real clock (the outbox compares its rows' database timestamps with the
 * app's clock), about a year out; every figure depends only on weekdays and hours, never on the date.
 */
const dayMs = 24 * 60 * 60 * 1000;
const MONDAY = (() => {
  const ahead = localDate(new Date(Date.now() + 400 * dayMs));
  const n = Date.parse(`${ahead}T00:00:00Z`) / dayMs;
  const weekday = (new Date(n * dayMs).getUTCDay() + 6) % 7;
  return new Date((n - weekday) * dayMs).toISOString().slice(0, 10);
})();
const isoDay = (offset: number): string =>
  new Date(Date.parse(`${MONDAY}T00:00:00Z`) + offset * dayMs).toISOString().slice(0, 10);
const day = (offset: number, time: string): Date => new Date(`${isoDay(offset)}T${time}:00+07:00`);
const vnDate = (offset: number): string => isoDay(offset).split('-').reverse().join('/');
const WEEK = isoWeekOf(MONDAY);
const [WEEK_YEAR, WEEK_NO] = [WEEK.slice(0, 4), String(Number(WEEK.slice(6)))];
const PREVIOUS_WEEK = isoWeekOf(isoDay(-7));
const LATER_WEEK = isoWeekOf(isoDay(7 * 20));
const NEXT_WEEK = isoWeekOf(isoDay(7));
const LEADER = '3000000000000000701';
const FRONT = '3000000000000000702';
const OFFICER = '3000000000000000703';
const PRIVATE_WORDS = ['Nguyễn Văn Tư', '0912345678', 'ngõ 7 nhà số 12'];

describe('daily and weekly reports', () => {
  let env: TestEnv;
  let app: TestApp;
  let clock = day(2, '12:00');
  let commune: Commune;

  beforeAll(async () => {
    env = await createTestEnv();
    app = await startTestApp(
      env,
      { REPORT_WEEKLY_CRON: '* * * * * *', REPORT_DAILY_CRON: '0 0 1 1 *', REPORT_MIN_RESPONSES: '2' },
      { now: () => clock },
    );
    commune = await firstCommune(app.database.db);
    await ensureReferenceData(app.database.db, commune.id);
    await seedWeek();
  });
  afterAll(async () => {
    await app.close();
    await env.dispose();
  });

  const db = () => app.database.db;

  async function admin(method: 'GET' | 'PUT' | 'DELETE', url: string, payload?: object) {
    const response = await app.server!.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload }),
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
  }

  async function refs() {
    const cats = await db().select().from(categories).where(eq(categories.communeId, commune.id));
    const places = await db().select().from(areas).where(eq(areas.communeId, commune.id));
    const units = await db().select().from(agencies).where(eq(agencies.communeId, commune.id));
    const pick = (rows: readonly { code: string; id: number }[], code: string) =>
      rows.find((r) => r.code === code)!.id;
    return {
      roads: pick(cats, 'duong-sa'),
      sanitation: pick(cats, 've-sinh'),
      tk5: pick(places, 'tk-5'),
      tk6: pick(places, 'tk-6'),
      thonDong: pick(places, 'thon-dong'),
      economic: pick(units, 'kinh-te'),
      police: pick(units, 'cong-an'),
    };
  }

  async function seedWeek(): Promise<void> {
    await db().delete(holidays).where(eq(holidays.communeId, commune.id));
    await db()
      .insert(areas)
      .values({ communeId: commune.id, code: 'thon-bai', name: 'Thôn Bãi', sortOrder: 9 });
    const r = await refs();
    const add = async (
      n: number,
      created: Date,
      fields: {
        categoryId: number;
        areaId: number;
        agencyId: number | null;
        status: Report['overdueCases'][number]['status'];
      },
      events: {
        action: string;
        at: Date;
        to: string | null;
        actor?: 'staff' | 'resident' | 'system';
        data?: Record<string, unknown>;
        note?: string;
        internal?: boolean;
      }[],
    ) => {
      const [row] = await db()
        .insert(cases)
        .values({
          communeId: commune.id,
          code: `LS-000${n}`,
          status: fields.status,
          categoryId: fields.categoryId,
          areaId: fields.areaId,
          agencyId: fields.agencyId,
          description: `Ổ gà trước ngõ 7 nhà số 12, gọi ông Nguyễn Văn Tư 0912345678 (${n})`,
          reporterName: 'Nguyễn Văn Tư',
          reporterPhone: '+84912345678',
          createdAt: created,
          updatedAt: created,
        })
        .returning({ id: cases.id });
      const all = [{ action: 'receive', at: created, to: 'received', actor: 'resident' as const }, ...events];
      await db()
        .insert(caseEvents)
        .values(
          all.map((e) => ({
            communeId: commune.id,
            caseId: row!.id,
            action: e.action,
            toStatus: e.to,
            actorKind: e.actor ?? 'staff',
            note: e.note ?? null,
            data: e.data ?? {},
            internal: e.internal ?? false,
            createdAt: e.at,
          })),
        );
    };
    const due = (at: Date) => ({ dueAt: at.toISOString() });
    // P1: first answer 2 h; resolved Wed 10:00 = Mon 7 h + Tue 8 h + Wed 2 h = 2.125 d, on time; scored 4.
    await add(
      1,
      day(0, '09:00'),
      { categoryId: r.roads, areaId: r.tk5, agencyId: r.economic, status: 'closed' },
      [
        {
          action: 'assign',
          at: day(0, '09:00'),
          to: 'assigned',
          actor: 'system',
          data: due(day(4, '17:00')),
        },
        { action: 'answer', at: day(0, '11:00'), to: 'in_progress', note: 'Đã tiếp nhận' },
        { action: 'resolve', at: day(2, '10:00'), to: 'resolved', note: 'Đã vá' },
        {
          action: 'score',
          at: day(2, '12:00'),
          to: 'resolved',
          actor: 'resident',
          data: { score: 4, via: 'zalo' },
        },
        {
          action: 'close',
          at: day(2, '12:00'),
          to: 'closed',
          actor: 'resident',
          data: { by: 'score', score: 4 },
        },
      ],
    );
    // P2: first answer Thu 09:00 = Tue 3 h + Wed 8 h + Thu 1 h = 12 h; still in progress, due Wed 17:00: overdue,
    // 3 working days late on Monday; the Front's note on Friday.
    await add(
      2,
      day(1, '14:00'),
      { categoryId: r.sanitation, areaId: r.tk6, agencyId: r.police, status: 'in_progress' },
      [
        {
          action: 'assign',
          at: day(1, '14:00'),
          to: 'assigned',
          actor: 'system',
          data: due(day(2, '17:00')),
        },
        { action: 'answer', at: day(3, '09:00'), to: 'in_progress', note: 'Đang xử lý' },
        {
          action: 'supervise',
          at: day(4, '09:00'),
          to: 'in_progress',
          data: { front: true },
          note: 'Đề nghị xử lý dứt điểm',
        },
      ],
    );
    // P3: resolved Fri 16:00 = Thu 8 h + Fri 7 h = 1.875 d (also its first answer, 15 h), on time; scored 2 and
    // reopened with a new deadline.
    await add(
      3,
      day(3, '08:00'),
      { categoryId: r.roads, areaId: r.tk5, agencyId: r.economic, status: 'reopened' },
      [
        {
          action: 'assign',
          at: day(3, '08:00'),
          to: 'assigned',
          actor: 'system',
          data: due(day(7, '17:00')),
        },
        { action: 'resolve', at: day(4, '16:00'), to: 'resolved', note: 'Đã xử lý' },
        { action: 'score', at: day(5, '10:00'), to: 'resolved', actor: 'resident', data: { score: 2 } },
        {
          action: 'reopen',
          at: day(5, '10:00'),
          to: 'reopened',
          actor: 'resident',
          data: due(day(9, '17:00')),
        },
      ],
    );
    // P4: filed on Saturday, not looked at yet.
    await add(
      4,
      day(5, '09:00'),
      { categoryId: r.sanitation, areaId: r.thonDong, agencyId: null, status: 'received' },
      [],
    );

    await db()
      .insert(staff)
      .values([
        { communeId: commune.id, name: 'Chủ tịch UBND', role: 'commune_leader', zaloUserId: LEADER },
        { communeId: commune.id, name: 'Giám sát MTTQ', role: 'front_supervisor', zaloUserId: FRONT },
        {
          communeId: commune.id,
          name: 'Cán bộ',
          role: 'agency_officer',
          agencyId: r.economic,
          zaloUserId: OFFICER,
        },
      ]);
  }

  const staffId = async (zaloUserId: string) =>
    (await db().select().from(staff).where(eq(staff.zaloUserId, zaloUserId)))[0]!.id;
  const say = (userId: string, text: string) =>
    app.deliver(
      userSendText({ appId: APP_ID, oaId: OA_ID, userId, text, timestamp: String(clock.getTime()) }),
    );

  it('subscribes leaders and the Front through the admin API and /baocao, and no one else', async () => {
    expect(
      (
        await admin('PUT', `/api/admin/report-subscriptions/${await staffId(LEADER)}`, {
          daily: true,
          weekly: true,
        })
      ).status,
    ).toBe(200);
    const officer = await admin('PUT', `/api/admin/report-subscriptions/${await staffId(OFFICER)}`, {});
    expect(officer.status).toBe(409);
    expect((await admin('PUT', '/api/admin/report-subscriptions/999999', {})).status).toBe(404);

    expect((await say(FRONT, '/Báo cáo tuần')).statusCode).toBe(200);
    await eventually(() => {
      expect(env.fake.textsTo(FRONT).at(-1)).toMatch(/báo cáo tuần/);
    });
    expect((await say(OFFICER, '/baocao')).statusCode).toBe(200);
    await eventually(() => {
      expect(env.fake.textsTo(OFFICER).at(-1)).toMatch(/chỉ gửi cho lãnh đạo/);
    });

    const subscriptions = await db()
      .select()
      .from(reportSubscriptions)
      .where(eq(reportSubscriptions.communeId, commune.id));
    expect(subscriptions.map((s) => [s.staffId, s.daily, s.weekly]).sort()).toEqual(
      [
        [await staffId(LEADER), true, true],
        [await staffId(FRONT), false, true],
      ].sort(),
    );
  });

  it('stores the weekly report with the hand-computed figures and sends one digest per subscriber', async () => {
    clock = day(7, '07:00');
    const stored = await eventually(
      async () => {
        const [row] = await db()
          .select()
          .from(reports)
          .where(
            and(eq(reports.communeId, commune.id), eq(reports.kind, 'weekly'), eq(reports.periodKey, WEEK)),
          );
        expect(row).toBeDefined();
        return row!.data;
      },
      { timeoutMs: 20_000 },
    );
    expect(stored).toMatchObject({
      received: 4,
      verified: 0,
      resolved: 2,
      closed: 1,
      closedBy: { score: 1 },
      reopened: 1,
      overdue: 1,
      onTimeRate: 1,
      // [2, 12, 15] h and [1.875, 2.125] d; p90 by nearest rank.
      firstAnswerHours: { count: 3, average: 9.67, p90: 15 },
      resolutionDays: { count: 2, average: 2, p90: 2.13 },
      satisfaction: {
        responses: 2,
        asked: 2,
        responseRate: 1,
        average: 3,
        enough: true,
        distribution: { '2': 1, '4': 1 },
      },
      form01: {
        carriedOver: 0,
        receivedInPeriod: 4,
        total: 4,
        handled: 3,
        eligible: 3,
        withinCompetence: { total: 3, resolved: 1, inProgress: 2, notResolved: 0 },
      },
      silentAreas: [{ name: 'Thôn Bãi', lastReportAt: null }],
      frontNotes: [{ code: 'LS-0002', note: 'Đề nghị xử lý dứt điểm' }],
    });
    expect(stored.overdueCases).toEqual([
      expect.objectContaining({
        code: 'LS-0002',
        clock: 'resolution',
        workingDaysLate: 3,
        agency: 'Công an xã',
      }),
    ]);
    expect(stored.trend.at(-1)).toEqual({ week: WEEK, received: 4, resolved: 2 });
    expect(stored.byCategory.map((g) => [g.name, g.received, g.resolved, g.overdue])).toEqual([
      ['Đường sá, giao thông', 2, 2, 0],
      ['Vệ sinh, môi trường', 2, 0, 1],
    ]);

    const weeklyTexts = (userId: string) =>
      env.fake.textsTo(userId).filter((t) => t.includes(`Báo cáo tuần ${WEEK_NO}/${WEEK_YEAR}`));
    await eventually(() => {
      expect(weeklyTexts(LEADER)).toHaveLength(1);
      expect(weeklyTexts(FRONT)).toHaveLength(1);
    });
    const digest = weeklyTexts(LEADER)[0]!;
    expect(digest).toContain(`(${vnDate(0)} – ${vnDate(6)})`);
    expect(digest).toContain('Tiếp nhận: 4');
    expect(digest).toContain('• LS-0002 – Công an xã – quá 3 ngày làm việc');
    expect(digest).toMatch(
      /http:\/\/localhost:3000\/reports\/[a-z0-9-]+\/weekly\/\d{4}-W\d\d\?exp=\d+&sig=[0-9a-f]{64}/,
    );
    for (const word of PRIVATE_WORDS) expect(digest).not.toContain(word);

    // The job keeps firing every second: the report stays one row, the digest one message.
    await eventually(
      async () => {
        expect(await app.deps.queues.reports.getCompletedCount()).toBeGreaterThanOrEqual(4);
      },
      { timeoutMs: 20_000 },
    );
    expect(weeklyTexts(LEADER)).toHaveLength(1);
    const rows = await db()
      .select()
      .from(reports)
      .where(and(eq(reports.communeId, commune.id), eq(reports.kind, 'weekly'), eq(reports.periodKey, WEEK)));
    expect(rows).toHaveLength(1);
  });

  it('carries the chart as an image whose signed link works, refuses a forged one and expires', async () => {
    const image = await eventually(() => {
      const found = env.fake
        .sentMessages(LEADER)
        .map(
          (m) =>
            (m.body.message as { attachment?: { payload?: { elements?: { url?: string }[] } } } | undefined)
              ?.attachment?.payload?.elements?.[0]?.url,
        )
        .find((url) => url?.includes(`/weekly/${WEEK}/chart.png`) === true);
      expect(found).toBeDefined();
      return found!;
    });
    const url = new URL(image);
    const chart = await app.server!.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
    expect(chart.statusCode).toBe(200);
    expect(chart.headers['content-type']).toBe('image/png');
    expect(chart.rawPayload.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(chart.rawPayload.length).toBeLessThan(1024 * 1024);

    const page = await app.server!.inject({
      method: 'GET',
      url: `${url.pathname.replace('/chart.png', '')}${url.search}`,
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('ỦY BAN NHÂN DÂN');
    expect(page.body).toContain('XÃ THỬ NGHIỆM');
    expect(page.body).toContain('PHỤ LỤC 2');
    expect(page.body).toContain('Đề nghị xử lý dứt điểm');
    expect(page.body.match(/<svg/g)?.length).toBe(3);
    for (const word of PRIVATE_WORDS) expect(page.body).not.toContain(word);

    const forged = url.search.replace(/sig=([0-9a-f])/, (_m, c: string) => `sig=${c === '0' ? '1' : '0'}`);
    const refused = await app.server!.inject({ method: 'GET', url: `${url.pathname}${forged}` });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('liên kết không đúng');
    expect((await app.server!.inject({ method: 'GET', url: url.pathname })).statusCode).toBe(403);
    // Another week with this week's signature opens nothing either.
    expect(
      (
        await app.server!.inject({
          method: 'GET',
          url: `${url.pathname.replace(WEEK, PREVIOUS_WEEK)}${url.search}`,
        })
      ).statusCode,
    ).toBe(403);

    const saved = clock;
    clock = new Date(Number(url.searchParams.get('exp')) * 1000 + 1000);
    try {
      const expired = await app.server!.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
      expect(expired.statusCode).toBe(403);
      expect(expired.body).toContain('hết hạn');
    } finally {
      clock = saved;
    }
  });

  it('answers the JSON endpoints, building a missing report on demand, and explains bad periods', async () => {
    const weekly = await admin('GET', `/api/admin/reports/weekly?week=${WEEK}`);
    expect(weekly.status).toBe(200);
    expect(weekly.body).toMatchObject({
      received: 4,
      resolved: 2,
      overdue: 1,
      onTimeRate: 1,
      satisfaction: { average: 3, responses: 2 },
      stored: true,
    });
    for (const field of ['byCategory', 'byAgency', 'byArea', 'overdueCases', 'silentAreas'])
      expect(Array.isArray(weekly.body[field])).toBe(true);
    expect((weekly.body.links as { pdf: string }).pdf).toMatch(/\/weekly\/\d{4}-W\d\d\/report\.pdf\?exp=/);

    // Thursday: P2 answered (first answer 12 h), P3 filed; nobody had built it yet.
    const daily = await admin('GET', `/api/admin/reports/daily?date=${isoDay(3)}`);
    expect(daily.status).toBe(200);
    expect(daily.body).toMatchObject({
      received: 1,
      resolved: 0,
      firstAnswerHours: { count: 1, average: 12 },
      stored: true,
    });
    const [row] = await db()
      .select()
      .from(reports)
      .where(and(eq(reports.kind, 'daily'), eq(reports.periodKey, isoDay(3))));
    expect(row).toBeDefined();

    // The week still running is built fresh and not stored.
    const current = await admin('GET', `/api/admin/reports/weekly?week=${NEXT_WEEK}`);
    expect(current.body.stored).toBe(false);

    const badPeriods: [string, string][] = [
      ['/api/admin/reports/daily?date=2026-02-30', 'not a calendar date'],
      ['/api/admin/reports/daily?date=05/03/2026', 'not a calendar date'],
      ['/api/admin/reports/weekly?week=2026-W54', 'has no week 54'],
      ['/api/admin/reports/weekly?week=2026-10', 'not an ISO week'],
      [`/api/admin/reports/weekly?week=${LATER_WEEK}`, 'has not started'],
    ];
    for (const [url, reason] of badPeriods) {
      const bad = await admin('GET', url);
      expect(bad.status).toBe(400);
      expect(String(bad.body.error)).toContain(reason);
    }
    expect((await admin('GET', '/api/admin/reports/daily')).status).toBe(400);
    const unauthenticated = await app.server!.inject({
      method: 'GET',
      url: `/api/admin/reports/weekly?week=${WEEK}`,
    });
    expect(unauthenticated.statusCode).toBe(401);
  });
});
