import { and, asc, eq } from 'drizzle-orm';
import { createCase } from '../../src/app/cases/create-case';
import { scanClocks } from '../../src/app/cases/reminders';
import { enqueueCaseRoute } from '../../src/app/enqueue';
import { follow, userSendImage, userSendText } from '../../src/dev/fake-zalo';
import { createLogger } from '../../src/logger';
import { createApp, type Running } from '../../src/main';
import {
  agencies,
  caseClocks,
  caseEvents,
  caseReminders,
  cases,
  categories,
  communes,
  holidays,
  outboxMessages,
  residents,
  scoreRequests,
  staff,
} from '../../src/db/schema';
import { vietnamPublicHolidaysFor } from '../../src/domain/calendar/public-holidays';
import { eventually } from '../support/eventually';
import {
  ADMIN_TOKEN,
  APP_ID,
  OA_ID,
  RESIDENT,
  createTestEnv,
  startTestApp,
  type TestApp,
  type TestEnv,
} from '../support/test-app';

/**
 * Issue 10 (clocks, the people's score, the Front's second key), with a controllable clock, through the real
 * webhook (staff commands, the resident's taps and words) and the real workers (routing, the outbox, the
 * `clock.scan` repeatable job) of TWO worker processes (ROLE=worker, same PostgreSQL and Redis) beside one API
 * process. Cases are filed with the app's own createCase, so the resident's wizard (another issue) is not in
 * the way; every later step goes through Zalo's webhook.
 */

const OFFICER = '3000000000000000701';
const LEADER = '3000000000000000702';
const FRONT = '3000000000000000703';
const RECEPTION = '3000000000000000704';
const OTHER_RESIDENT = '3000000000000000705';
const AFTER_PHOTO = 'https://zalo-cdn.example.invalid/photo/sau-xu-ly.jpg';

/**
 * A wall time in Hà Nội (UTC+7). The story runs in March 2099, whose calendar is 2026's (9 March is a Monday, no
 * holiday before Giỗ Tổ on 29 April): the injected clock must run ahead of the real one, because rows written
 * with the database's now() (an outbox row's next attempt) are due only once the app's clock has passed them.
 */
const at = (local: string) => new Date(`${local}+07:00`);

describe('clocks, reminders, the score and the Front, across two worker processes', () => {
  let env: TestEnv;
  let api: TestApp;
  let workers: Running[];
  let clock = at('2099-03-09T09:00:00');
  const now = () => clock;
  const base = (userId: string) => ({ appId: APP_ID, oaId: OA_ID, userId, clock: now });
  let inboxSeq = 900_000;

  beforeAll(async () => {
    env = await createTestEnv();
    const overrides = { CLOCK_SCAN_INTERVAL_SECONDS: '1' };
    api = await startTestApp(env, { ...overrides, ROLE: 'api' }, { now });
    workers = [];
    for (let i = 0; i < 2; i += 1) {
      const config = env.config({ ...overrides, ROLE: 'worker' });
      workers.push(await createApp(config, { now, logger: createLogger({ level: config.LOG_LEVEL }) }));
    }
    const db = api.database.db;
    const [commune] = await db.select().from(communes);
    const [economic] = await db.select().from(agencies).where(eq(agencies.code, 'kinh-te'));
    const member = (
      name: string,
      role: (typeof staff.$inferInsert)['role'],
      zaloUserId: string,
      agencyId: number | null = null,
    ) => ({
      communeId: commune!.id,
      name,
      role,
      zaloUserId,
      agencyId,
      linkedAt: clock,
    });
    await db
      .insert(staff)
      .values([
        member('Nguyễn Văn Bình', 'agency_officer', OFFICER, economic!.id),
        member('Trần Văn Lãnh', 'agency_leader', LEADER, economic!.id),
        member('Lê Thị Giám', 'front_supervisor', FRONT),
        member('Phạm Thị Tiếp', 'reception_officer', RECEPTION),
      ]);
    for (const resident of [RESIDENT, OTHER_RESIDENT]) await chat(resident, [follow(base(resident))]);
  });
  afterAll(async () => {
    for (const w of workers) await w.close();
    await api.close();
    await env.dispose();
  });

  const db = () => api.database.db;

  async function settled(): Promise<void> {
    await eventually(async () => {
      const open = await db().select({ status: outboxMessages.status }).from(outboxMessages);
      expect(open.filter((m) => m.status === 'pending' || m.status === 'sending')).toEqual([]);
    });
  }

  /** Sends each event once the bot answered the previous one and everything went out. */
  async function chat(userId: string, events: object[]): Promise<void> {
    for (const event of events) {
      const before = env.fake.sentMessages(userId).length;
      expect((await api.deliver(event)).statusCode).toBe(200);
      await eventually(() => {
        expect(env.fake.sentMessages(userId).length).toBeGreaterThan(before);
      });
      await settled();
    }
  }
  const say = (userId: string, text: string) => chat(userId, [userSendText({ ...base(userId), text })]);
  const lastText = (userId: string) => env.fake.textsTo(userId).at(-1) ?? '';
  const textsWith = (userId: string, needle: string) =>
    env.fake.textsTo(userId).filter((t) => t.includes(needle));

  async function fileCase(
    residentZaloId: string,
    description: string,
  ): Promise<{ id: number; code: string }> {
    const [commune] = await db().select().from(communes);
    const [resident] = await db().select().from(residents).where(eq(residents.zaloUserId, residentZaloId));
    const [category] = await db().select().from(categories).where(eq(categories.code, 'duong-giao-thong'));
    inboxSeq += 1;
    const created = await db().transaction((tx) =>
      createCase(tx, {
        commune: commune!,
        resident: resident!,
        draft: {
          categoryId: category!.id,
          description,
          media: [],
          location: null,
          address: 'Trước cổng trường tiểu học',
          areaId: null,
          phone: null,
          name: null,
          caseType: 'feedback',
          triageSignals: [],
          consentNoticeVersion: null,
        },
        inboxId: inboxSeq,
        now: clock,
      }),
    );
    await enqueueCaseRoute(api.deps, [created.caseId]);
    await eventually(async () => {
      expect((await caseRow(created.code)).status).toBe('assigned');
    });
    await settled();
    return { id: created.caseId, code: created.code };
  }

  async function caseRow(code: string) {
    const [row] = await db().select().from(cases).where(eq(cases.code, code));
    if (!row) throw new Error(`no case ${code}`);
    return row;
  }
  async function eventsOf(code: string) {
    const row = await caseRow(code);
    return db().select().from(caseEvents).where(eq(caseEvents.caseId, row.id)).orderBy(asc(caseEvents.id));
  }
  async function clockOf(code: string, kind: (typeof caseClocks.$inferSelect)['kind']) {
    const row = await caseRow(code);
    const [found] = await db()
      .select()
      .from(caseClocks)
      .where(and(eq(caseClocks.caseId, row.id), eq(caseClocks.kind, kind)));
    return found;
  }

  /** Moves the clock, then lets both worker processes scan at once, twice, and the repeatable job run too. */
  async function advanceTo(local: string): Promise<void> {
    clock = at(local);
    const scheduled = async () =>
      (await api.deps.queues.maintenance.getJobs(['completed'], 0, 10_000)).filter(
        (j) => j.name === 'clock.scan',
      ).length;
    const before = await scheduled();
    await Promise.all(workers.flatMap((w) => [scanClocks(w.deps), scanClocks(w.deps)]));
    await eventually(
      async () => {
        expect(await scheduled()).toBeGreaterThanOrEqual(before + 2);
      },
      { timeoutMs: 20_000 },
    );
    await settled();
  }

  /** Resolves a case the way an officer does in Zalo: the command, then the after-photo. */
  async function resolve(code: string, result: string): Promise<void> {
    await say(OFFICER, `/xong ${code} ${result}`);
    await chat(OFFICER, [userSendImage({ ...base(OFFICER), url: AFTER_PHOTO })]);
    expect((await caseRow(code)).status).toBe('resolved');
  }

  it("starts a new commune with Vietnam's holidays of this year and the next, Tết by the lunar calendar", async () => {
    const days = (await db().select({ day: holidays.day }).from(holidays)).map((h) => h.day);
    const expected = vietnamPublicHolidaysFor([2099, 2100]).map((h) => h.day);
    expect(days.sort()).toEqual(expected.sort());
    expect(days).toEqual(expect.arrayContaining(['2099-01-01', '2099-04-29', '2099-09-02', '2100-01-01']));
    const response = await api.server!.inject({
      method: 'POST',
      url: '/api/admin/holidays/standard',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { year: 2028 },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json<{ added: { day: string }[] }>().added.map((h) => h.day)).toContain('2028-01-26');
  });

  it('reminds the officers before the first answer is due, then escalates to the leader and the Front, each once', async () => {
    const { code } = await fileCase(RESIDENT, 'Ổ gà lớn trước cổng trường tiểu học');
    expect(code).toBe('LS-0001');
    // Filed on Monday 9/3 at 09:00: first answer due Wednesday 11/3 at 17:00 (2 working days), the resolution
    // Wednesday 18/3 (the category's 7); routing met the status notice and the transfer at once.
    expect((await clockOf(code, 'first_answer'))?.dueAt).toEqual(at('2099-03-11T17:00:00'));
    expect((await clockOf(code, 'resolution'))?.dueAt).toEqual(at('2099-03-18T17:00:00'));
    expect((await clockOf(code, 'transfer'))?.metBy).toBe('assign');
    await say(OFFICER, `/nhan ${code}`);
    await say(OFFICER, `/xem ${code}`);
    expect(lastText(OFFICER)).toContain(
      'Các hạn đang chạy:\n  – trả lời lần đầu cho người dân: chậm nhất ngày 11/03/2099',
    );

    await advanceTo('2099-03-10T10:00:00');
    expect(textsWith(OFFICER, `Nhắc hạn phản ánh ${code}`)).toHaveLength(1);
    expect(textsWith(OFFICER, `Nhắc hạn phản ánh ${code}`)[0]).toContain(
      'trả lời lần đầu cho người dân, chậm nhất ngày 11/03/2099',
    );
    expect(textsWith(LEADER, `Nhắc hạn phản ánh ${code}`)).toHaveLength(1);
    expect(textsWith(FRONT, code)).toHaveLength(0);

    await advanceTo('2099-03-12T09:00:00');
    for (const member of [LEADER, FRONT]) {
      expect(textsWith(member, `Quá hạn: phản ánh ${code}`)).toHaveLength(1);
    }
    expect(textsWith(FRONT, `Quá hạn: phản ánh ${code}`)[0]).toContain('Phòng Kinh tế');
    expect(textsWith(OFFICER, 'Quá hạn')).toHaveLength(0);

    // Still unanswered two working days later: the leader and the Front hear again, once.
    await advanceTo('2099-03-13T09:00:00');
    await advanceTo('2099-03-13T11:00:00');
    for (const member of [LEADER, FRONT]) {
      const overdue = textsWith(member, `Quá hạn: phản ánh ${code}`);
      expect(overdue).toHaveLength(2);
      expect(overdue[1]).toContain('đã trễ 2 ngày làm việc');
    }
    const ledger = await db().select().from(caseReminders).orderBy(asc(caseReminders.id));
    expect(ledger.map((r) => [r.clockKind, r.threshold, r.recipients])).toEqual([
      ['first_answer', 'before', 2],
      ['first_answer', 'overdue-0', 2],
      ['first_answer', 'overdue-1', 2],
    ]);
    expect((await eventsOf(code)).filter((e) => e.action === 'reminder')).toHaveLength(3);

    // The answer meets the clock: nothing more goes out about it.
    await say(OFFICER, `/tl ${code} Chúng tôi đã cử người kiểm tra, sẽ vá trong tuần`);
    expect((await clockOf(code, 'first_answer'))?.metBy).toBe('answer');
    await advanceTo('2099-03-17T09:00:00');
    expect(textsWith(LEADER, `Quá hạn: phản ánh ${code}`)).toHaveLength(2);
    // …but the resolution deadline (18/3) is now one working day away.
    expect(textsWith(OFFICER, `Nhắc hạn phản ánh ${code}: giải quyết xong`)).toHaveLength(1);
  });

  it('extends a deadline once, with a reason the resident is told', async () => {
    await say(LEADER, '/giahan LS-0001 3 chờ vật liệu nhựa đường');
    expect(lastText(LEADER)).toContain('đã gia hạn giải quyết xong của LS-0001 đến ngày 23/03/2099');
    await eventually(() => {
      expect(textsWith(RESIDENT, 'Chậm nhất ngày 23/03/2099').at(-1)).toContain(
        'Lý do: chờ vật liệu nhựa đường',
      );
    });
    expect((await caseRow('LS-0001')).dueAt).toEqual(at('2099-03-23T17:00:00'));
    expect(await clockOf('LS-0001', 'resolution')).toMatchObject({
      dueAt: at('2099-03-23T17:00:00'),
      previousDueAt: at('2099-03-18T17:00:00'),
      extensionReason: 'chờ vật liệu nhựa đường',
    });
    await say(LEADER, '/giahan LS-0001 20/04/2099 còn chờ');
    expect(lastText(LEADER)).toContain('đã được gia hạn một lần rồi');
    await say(OFFICER, '/giahan LS-0001 2 xin thêm');
    expect(lastText(OFFICER)).toContain('không thể gia hạn');
    expect((await eventsOf('LS-0001')).filter((e) => e.action === 'extend')).toHaveLength(1);
  });

  it('sends the result but no score question to a resident last seen before the free 48-hour window', async () => {
    const late = await fileCase(OTHER_RESIDENT, 'Cống thoát nước ở đầu ngõ 5 bị tắc');
    clock = at('2099-03-17T10:00:00');
    await resolve(late.code, 'Đã thông cống');
    const texts = env.fake.textsTo(OTHER_RESIDENT);
    expect(texts.filter((t) => t.includes(`${late.code} đã được giải quyết`))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('đánh giá thế nào'))).toEqual([]);
    // Asked or not, the request is on record: the Front is asked on time and a later answer still counts.
    const [request] = await db().select().from(scoreRequests).where(eq(scoreRequests.caseId, late.id));
    expect(request).toBeDefined();
  });

  it('asks the resident for a score with the result; a low score reopens and tells the leader, the officers and the Front', async () => {
    // The resident wrote this morning: the question falls inside Zalo's free 48-hour window.
    clock = at('2099-03-18T08:00:00');
    await say(RESIDENT, 'LS-0001');
    clock = at('2099-03-18T10:00:00');
    await resolve('LS-0001', 'Đã vá xong ổ gà');
    const question = env.fake
      .sentMessages(RESIDENT)
      .find((m) => m.text?.includes('đánh giá thế nào về kết quả giải quyết phản ánh LS-0001'));
    expect(question).toBeDefined();
    type Sent = {
      message: { attachment: { payload: { buttons: { title: string; type: string; payload: string }[] } } };
    };
    const buttons = (question!.body as Sent).message.attachment.payload.buttons;
    expect(buttons.map((b) => b.title)).toEqual([
      '1 – Rất không hài lòng',
      '2 – Không hài lòng',
      '3 – Bình thường',
      '4 – Hài lòng',
      '5 – Rất hài lòng',
    ]);
    expect(new Set(buttons.map((b) => b.type))).toEqual(new Set(['oa.query.hide']));
    // The result came first, in the same turn.
    const texts = env.fake.textsTo(RESIDENT);
    expect(texts.findIndex((t) => t.includes('LS-0001 đã được giải quyết'))).toBeLessThan(
      texts.findIndex((t) => t.includes('đánh giá thế nào')),
    );

    // One tap on "2 – Không hài lòng": the hidden payload reaches the OA.
    await say(RESIDENT, buttons[1]!.payload);
    expect(lastText(RESIDENT)).toContain('Phản ánh LS-0001 đã được mở lại');
    expect(lastText(RESIDENT)).toMatch(/Chậm nhất ngày \d\d\/\d\d\/2099/);
    const row = await caseRow('LS-0001');
    expect(row).toMatchObject({ status: 'reopened', score: 2 });
    expect(row.scoredAt).toEqual(clock);
    const events = await eventsOf('LS-0001');
    const score = events.find((e) => e.action === 'score');
    expect(score).toMatchObject({
      data: expect.objectContaining({ score: 2, via: 'zalo' }),
      internal: false,
      actorKind: 'resident',
    });
    const reopen = events.filter((e) => e.action === 'reopen').at(-1);
    expect(reopen?.id).toBeGreaterThan(score!.id);
    expect(reopen?.data).toMatchObject({ by: 'score' });
    for (const member of [LEADER, FRONT, OFFICER]) {
      expect(
        textsWith(member, 'Người dân đánh giá kết quả phản ánh LS-0001: 2/5 – Không hài lòng'),
      ).toHaveLength(1);
    }
    expect(textsWith(RECEPTION, 'LS-0001')).toHaveLength(0);

    // The next free text is the comment: recorded and passed on, never taken as a new report.
    await say(RESIDENT, 'Vẫn còn một ổ gà ở mép đường');
    expect(lastText(RESIDENT)).toContain('đã ghi nhận góp ý');
    expect(
      (await eventsOf('LS-0001')).filter((e) => e.action === 'score_comment').map((e) => e.note),
    ).toEqual(['Vẫn còn một ổ gà ở mép đường']);
    expect(textsWith(OFFICER, 'Vẫn còn một ổ gà ở mép đường')).toHaveLength(1);
  });

  it('a high score typed without diacritics closes the case', async () => {
    await say(OFFICER, '/nhan LS-0001');
    await resolve('LS-0001', 'Đã vá nốt ổ gà ở mép đường');
    await say(RESIDENT, 'rat hai long');
    expect(lastText(RESIDENT)).toContain(
      'đã đánh giá "Rất hài lòng" cho phản ánh LS-0001. Phản ánh đã kết thúc',
    );
    expect(await caseRow('LS-0001')).toMatchObject({ status: 'closed', score: 5 });
    const close = (await eventsOf('LS-0001')).filter((e) => e.action === 'close').at(-1);
    expect(close?.data).toMatchObject({ by: 'score' });
    expect(close?.data).not.toHaveProperty('score');
    await say(RESIDENT, '#gopy LS-0001');
    expect(lastText(RESIDENT)).toBe('Dạ, cảm ơn ông/bà.');
    await say(LEADER, '/xem LS-0001');
    expect(lastText(LEADER)).toContain('Người dân đánh giá: 5/5 – Rất hài lòng');
  });

  it('/chuadat: the Front reopens a closed result and escalates it', async () => {
    await say(FRONT, '/chuadat LS-0001 Khi mưa vẫn đọng nước');
    expect(lastText(FRONT)).toContain('đã mở lại LS-0001 theo ý kiến của Mặt trận');
    expect((await caseRow('LS-0001')).status).toBe('reopened');
    const reopen = (await eventsOf('LS-0001')).filter((e) => e.action === 'reopen').at(-1);
    expect(reopen).toMatchObject({
      actorKind: 'staff',
      note: 'Khi mưa vẫn đọng nước',
      data: expect.objectContaining({ by: 'front' }),
    });
    for (const member of [LEADER, OFFICER]) {
      expect(textsWith(member, 'Mặt trận xã đánh giá kết quả phản ánh LS-0001 chưa đạt')).toHaveLength(1);
    }
    await eventually(() => {
      expect(lastText(RESIDENT)).toContain('LS-0001 đã được mở lại');
    });

    await say(FRONT, '/giamsat LS-0001 Đề nghị báo rõ ngày sửa cho bà con');
    const supervise = (await eventsOf('LS-0001')).find((e) => e.action === 'supervise');
    expect(supervise).toMatchObject({
      internal: false,
      data: expect.objectContaining({ front: true }),
      note: 'Đề nghị báo rõ ngày sửa cho bà con',
    });
    expect(textsWith(OFFICER, 'Ý kiến giám sát của Mặt trận về phản ánh LS-0001')).toHaveLength(1);

    await say(FRONT, '/giamsat');
    expect(lastText(FRONT)).toContain('Đã mở lại:\n• Phản ánh LS-0001');
    await say(FRONT, '/tl LS-0001 xin trả lời thay');
    expect(lastText(FRONT)).toContain('giám sát viên Mặt trận');
  });

  it('no score: the Front is asked, /dat confirms; nobody at all: the case closes unscored, once; a late score still counts', async () => {
    clock = at('2099-03-23T09:00:00');
    const confirmed = await fileCase(OTHER_RESIDENT, 'Đèn đường tổ 5 không sáng');
    const forgotten = await fileCase(OTHER_RESIDENT, 'Rãnh thoát nước bị tắc');
    clock = at('2099-03-23T10:00:00');
    for (const c of [confirmed, forgotten]) {
      await say(OFFICER, `/nhan ${c.code}`);
      await resolve(c.code, 'Đã xử lý xong');
    }
    // Once the resident talks to the conversation again, their words are its own, not a score.
    await say(OTHER_RESIDENT, 'menu');
    await say(OTHER_RESIDENT, 'hài lòng');
    expect((await caseRow(forgotten.code)).score).toBeNull();
    expect((await eventsOf(forgotten.code)).some((e) => e.action === 'score')).toBe(false);

    // The score wait (3 working days) ends on Thursday 26/3: on Friday the Front is asked, once per case.
    await advanceTo('2099-03-27T09:00:00');
    for (const c of [confirmed, forgotten]) {
      expect(
        textsWith(
          FRONT,
          `Phản ánh ${c.code} đã được giải quyết ngày 23/03/2099 nhưng người dân chưa đánh giá`,
        ),
      ).toHaveLength(1);
    }
    const handoff = env.fake
      .sentMessages(FRONT)
      .find((m) => m.text?.includes(`Phản ánh ${confirmed.code} đã được giải quyết`));
    expect(JSON.stringify(handoff?.body)).toContain(`/dat ${confirmed.code}`);
    await say(FRONT, '/giamsat');
    expect(lastText(FRONT)).toContain(
      `Chờ Mặt trận xác nhận (chưa ai đánh giá):\n• Phản ánh ${confirmed.code}`,
    );

    await say(FRONT, `/dat ${confirmed.code}`);
    expect(lastText(FRONT)).toContain(`Mặt trận đã xác nhận kết quả ${confirmed.code} đạt`);
    expect((await caseRow(confirmed.code)).status).toBe('closed');
    expect(
      (await eventsOf(confirmed.code)).filter((e) => e.action === 'close').map((e) => e.data.by),
    ).toEqual(['front']);

    // The Front's wait (7 working days from the resolution) ends on Wednesday 1/4.
    await advanceTo('2099-04-02T09:00:00');
    await advanceTo('2099-04-02T10:00:00');
    expect((await caseRow(forgotten.code)).status).toBe('closed');
    expect(
      (await eventsOf(forgotten.code)).filter((e) => e.action === 'close').map((e) => e.data.by),
    ).toEqual(['unscored']);
    expect((await eventsOf(confirmed.code)).filter((e) => e.action === 'close')).toHaveLength(1);
    await eventually(() => {
      expect(textsWith(OTHER_RESIDENT, `Phản ánh ${forgotten.code} đã kết thúc`)).toHaveLength(1);
    });

    // A late answer still counts: recorded, the case stays closed.
    await say(OTHER_RESIDENT, `#danhgia ${forgotten.code} 4`);
    expect(lastText(OTHER_RESIDENT)).toContain(
      `đã đánh giá "Hài lòng" cho phản ánh ${forgotten.code}; ý kiến đã được ghi nhận`,
    );
    expect(await caseRow(forgotten.code)).toMatchObject({ status: 'closed', score: 4 });
    await say(FRONT, `/dat ${forgotten.code}`);
    expect(lastText(FRONT)).toContain('không thể');
  });

  it('shows the clocks in the admin API and extends through it', async () => {
    const response = await api.server!.inject({
      method: 'GET',
      url: '/api/admin/cases/LS-0001',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const body = response.json<{
      clocks: { kind: string; metBy: string | null }[];
      score: number;
      scoredAt: string;
    }>();
    expect(body.clocks.map((c) => c.kind)).toEqual(
      expect.arrayContaining([
        'first_answer',
        'status_notice',
        'transfer',
        'resolution',
        'resident_score',
        'front_confirm',
      ]),
    );
    expect(body.score).toBe(5);
    const settings = await api.server!.inject({
      method: 'PATCH',
      url: '/api/admin/clock-settings',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { firstAnswerWorkingDays: 1, overdueRepeatWorkingDays: 3 },
    });
    expect(settings.json<{ settings: Record<string, number> }>().settings).toMatchObject({
      firstAnswerWorkingDays: 1,
      statusNoticeWorkingDays: 10,
    });
    const bad = await api.server!.inject({
      method: 'PATCH',
      url: '/api/admin/clock-settings',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { firstAnswerWorkingDays: -1 },
    });
    expect(bad.statusCode).toBe(400);
    // LS-0001 was reopened by the Front: its new resolution deadline can be extended once (it was restarted).
    const extend = await api.server!.inject({
      method: 'POST',
      url: '/api/admin/cases/ls1/extend',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { dueDate: '2099-04-20', reason: 'Chờ trời tạnh để thi công' },
    });
    expect(extend.statusCode).toBe(200);
    const again = await api.server!.inject({
      method: 'POST',
      url: '/api/admin/cases/LS-0001/extend',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { dueDate: '2099-04-30', reason: 'Lần nữa' },
    });
    expect(again.json()).toMatchObject({ reason: 'already_extended' });
  });
});
