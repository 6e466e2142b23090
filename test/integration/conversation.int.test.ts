import { asc, eq } from 'drizzle-orm';
import { follow, userSendImage, userSendLocation, userSendText } from '../../src/dev/fake-zalo';
import { renderText } from '../../src/domain/text/catalog';
import { caseAttachments, caseEvents, cases, consents, inboxEvents, outboxMessages, staff } from '../../src/db/schema';
import { eventually } from '../support/eventually';
import { ensureReferenceData, firstCommune } from '../support/factories';
import { APP_ID, OA_ID, RESIDENT, createTestEnv, startTestApp, type TestApp, type TestEnv } from '../support/test-app';

const COMMUNE = 'xã Thử Nghiệm';

describe('a resident reports a problem by chatting', () => {
  let env: TestEnv;
  let app: TestApp;

  beforeAll(async () => {
    env = await createTestEnv();
    app = await startTestApp(env);
    const commune = await firstCommune(app.database.db);
    await ensureReferenceData(app.database.db, commune.id);
  });
  afterAll(async () => {
    await app.close();
    await env.dispose();
  });

  /** Delivers events one by one, each once the bot has answered the previous one (like a person would). */
  async function chat(userId: string, events: object[]): Promise<void> {
    for (const event of events) {
      const before = env.fake.sentMessages(userId).length;
      const response = await app.deliver(event);
      expect(response.statusCode).toBe(200);
      await eventually(() => { expect(env.fake.sentMessages(userId).length).toBeGreaterThan(before); });
      // Let the rest of this answer (a reply is often two or three messages) arrive.
      await eventually(async () => {
        const open = await app.database.db.select().from(outboxMessages).where(eq(outboxMessages.zaloUserId, userId));
        expect(open.every((m) => m.status === 'sent')).toBe(true);
      });
    }
  }

  it('files a case with its photo and location, answering each step in plain Vietnamese', async () => {
    const base = { appId: APP_ID, oaId: OA_ID, userId: RESIDENT };
    await chat(RESIDENT, [
      follow(base),
      userSendText({ ...base, text: 'gui phan anh' }),
      userSendText({ ...base, text: '1' }),
      userSendText({ ...base, text: 'Ổ gà lớn trước cổng trường tiểu học' }),
      userSendText({ ...base, text: 'xong' }),
      userSendText({ ...base, text: 'dong y' }),
      userSendImage({ ...base, url: 'https://zalo-cdn.example.invalid/photo/o-ga.jpg', thumbnail: 'https://zalo-cdn.example.invalid/photo/o-ga-t.jpg' }),
      userSendText({ ...base, text: 'xong' }),
      userSendLocation({ ...base, latitude: '21.0277644', longitude: '105.8341598' }),
      userSendText({ ...base, text: '0912.345.678' }),
      userSendText({ ...base, text: 'Gửi' }),
    ]);

    const [filed] = await app.database.db.select().from(cases);
    expect(filed).toMatchObject({
      code: 'LS-0001',
      status: 'received',
      caseType: 'feedback',
      description: 'Ổ gà lớn trước cổng trường tiểu học',
      latitude: 21.0277644,
      longitude: 105.8341598,
      reporterPhone: '+84912345678',
      consentNoticeVersion: 1,
    });
    const photos = await app.database.db.select().from(caseAttachments);
    expect(photos.map((p) => [p.kind, p.url])).toEqual([['report_photo', 'https://zalo-cdn.example.invalid/photo/o-ga.jpg']]);
    const events = await app.database.db.select().from(caseEvents);
    // The routing job may already have recorded (internally) that no rule matched.
    expect(events.filter((e) => !e.internal).map((e) => [e.action, e.toStatus, e.actorKind])).toEqual([['receive', 'received', 'resident']]);
    const decisions = await app.database.db.select().from(consents);
    expect(decisions.map((c) => [c.decision, c.noticeVersion])).toEqual([['granted', 1]]);

    const t = (key: Parameters<typeof renderText>[0], params = {}) => renderText(key, params);
    expect(env.fake.textsTo(RESIDENT)).toEqual([
      t('conv.greeting', { communeName: COMMUNE }),
      t('conv.menu'),
      t('conv.category.prompt', { list: '1. Đường sá, giao thông\n2. Vệ sinh, môi trường\n3. Khác' }),
      t('conv.description.prompt', { category: 'Đường sá, giao thông' }),
      t('conv.description.received'),
      t('conv.consent.notice', { version: 1, communeName: COMMUNE }),
      t('conv.consent.granted'),
      t('conv.photos.prompt'),
      t('conv.photos.received', { count: 1 }),
      t('conv.location.prompt'),
      t('conv.location.pinReceived'),
      t('conv.phone.prompt'),
      // (the share-phone template carries no text)
      'Dạ, đã ghi số 0912 345 678.',
      'Dạ, xin ông/bà xem lại phản ánh:\n• Lĩnh vực: Đường sá, giao thông\n• Nội dung: Ổ gà lớn trước cổng trường tiểu học\n• Ảnh: 1 ảnh\n• Vị trí: vị trí trên bản đồ\n• Số điện thoại: 0912 345 678\nBấm "Gửi" để gửi, "Sửa" để sửa, "Hủy" để hủy ạ.',
      t('conv.created', { code: 'LS-0001', days: 5 }),
    ]);
    const shareRequest = env.fake.sentMessages(RESIDENT).find((m) => JSON.stringify(m).includes('request_user_info'));
    expect(shareRequest).toBeDefined();
    // The case is queued for routing once filed.
    expect(await app.deps.queues.caseWorkflow.getJob(app.deps.queues.jobIds.caseRoute(filed!.id))).toBeDefined();
  });

  it("shows a resident their own case by code, and never someone else's", async () => {
    const other = '3000000000000000404';
    await chat(other, [userSendText({ appId: APP_ID, oaId: OA_ID, userId: other, text: 'tra cuu ls0001' })]);
    const texts = env.fake.textsTo(other);
    expect(texts.at(-1)).toBe(renderText('conv.case.notFound', { code: 'LS-0001' }));
    expect(texts.join('\n')).not.toContain('Ổ gà');

    const before = env.fake.textsTo(RESIDENT).length;
    await chat(RESIDENT, [userSendText({ appId: APP_ID, oaId: OA_ID, userId: RESIDENT, text: 'LS-0001' })]);
    const answer = env.fake.textsTo(RESIDENT).slice(before).join('\n');
    expect(answer).toContain('LS-0001');
    expect(answer).toContain(renderText('case.status.received'));
  });

  it('answers an emergency at once and alerts the on-duty staff before anything else', async () => {
    const commune = await firstCommune(app.database.db);
    const officer = '3000000000000000900';
    await app.database.db.insert(staff).values({ communeId: commune.id, name: 'Cán bộ trực', role: 'commune_leader', zaloUserId: officer, onDuty: true });
    const reporter = '3000000000000000901';
    await chat(reporter, [userSendText({ appId: APP_ID, oaId: OA_ID, userId: reporter, text: 'chay nha o thon Dong, cuu voi' })]);
    expect(env.fake.textsTo(reporter)).toContain(renderText('triage.emergency', { communeName: COMMUNE }));
    await eventually(() => { expect(env.fake.textsTo(officer)).toHaveLength(1); });
    expect(env.fake.textsTo(officer)[0]).toContain('KHẨN CẤP');
    const rows = await app.database.db.select().from(outboxMessages).orderBy(asc(outboxMessages.id));
    const alertRow = rows.find((r) => r.zaloUserId === officer)!;
    const firstReply = rows.find((r) => r.zaloUserId === reporter)!;
    expect(alertRow.id).toBeLessThan(firstReply.id);
    expect(alertRow.purpose).toBe('alert');
  });

  it('answers things it does not understand helpfully, never with silence', async () => {
    const user = '3000000000000000902';
    const base = { appId: APP_ID, oaId: OA_ID, userId: user };
    await chat(user, [
      userSendText({ ...base, text: '' }),
      userSendText({ ...base, text: '🙂🙂🙂' }),
      userSendText({ ...base, text: 'x'.repeat(5000) }),
    ]);
    expect(env.fake.textsTo(user).length).toBeGreaterThanOrEqual(3);
    for (const text of env.fake.textsTo(user)) expect(text.length).toBeLessThanOrEqual(2000);
  });
});

describe('conversations under concurrency', () => {
  let env: TestEnv;
  let app: TestApp;

  beforeAll(async () => {
    env = await createTestEnv();
    app = await startTestApp(env);
    await ensureReferenceData(app.database.db, (await firstCommune(app.database.db)).id);
  });
  afterAll(async () => {
    await app.close();
    await env.dispose();
  });

  async function waitAnswered(userId: string, count: number): Promise<void> {
    await eventually(async () => {
      const pending = await app.database.db.select().from(inboxEvents).where(eq(inboxEvents.zaloUserId, userId));
      expect(pending.filter((r) => r.status === 'processed')).toHaveLength(count);
      const out = await app.database.db.select().from(outboxMessages).where(eq(outboxMessages.zaloUserId, userId));
      expect(out.every((m) => m.status === 'sent')).toBe(true);
    });
  }

  it('keeps two residents chatting at once apart', async () => {
    const a = '3000000000000000501';
    const b = '3000000000000000502';
    const script = (userId: string, problem: string) => [
      userSendText({ appId: APP_ID, oaId: OA_ID, userId, text: 'gui phan anh' }),
      userSendText({ appId: APP_ID, oaId: OA_ID, userId, text: '2' }),
      userSendText({ appId: APP_ID, oaId: OA_ID, userId, text: problem }),
      userSendText({ appId: APP_ID, oaId: OA_ID, userId, text: 'xong' }),
      userSendText({ appId: APP_ID, oaId: OA_ID, userId, text: 'khong dong y' }),
      userSendText({ appId: APP_ID, oaId: OA_ID, userId, text: 'bo qua' }),
      userSendText({ appId: APP_ID, oaId: OA_ID, userId, text: 'gui' }),
    ];
    const one = script(a, 'Rác tồn đọng ở đầu ngõ 3');
    const two = script(b, 'Cống thoát nước bị tắc ở tiểu khu 6');
    for (let i = 0; i < one.length; i++) {
      // Both residents' messages arrive at the same moment; each resident's own messages stay in order.
      await Promise.all([app.deliver(one[i]!), app.deliver(two[i]!)]);
      await Promise.all([waitAnswered(a, i + 1), waitAnswered(b, i + 1)]);
    }
    const filed = await app.database.db.select().from(cases).orderBy(asc(cases.id));
    const byDescription = new Map(filed.map((c) => [c.description, c]));
    expect(byDescription.get('Rác tồn đọng ở đầu ngõ 3')?.categoryId).toBeDefined();
    expect(byDescription.get('Cống thoát nước bị tắc ở tiểu khu 6')).toBeDefined();
    expect(filed).toHaveLength(2);
    // Declined consent: no personal data on either case.
    for (const c of filed) expect(c).toMatchObject({ reporterPhone: null, latitude: null, consentNoticeVersion: null });
  });

  it('handles a burst of five messages from one resident in arrival order, none lost', async () => {
    const user = '3000000000000000503';
    const base = { appId: APP_ID, oaId: OA_ID, userId: user };
    await app.deliver(userSendText({ ...base, text: 'gui phan anh' }));
    await waitAnswered(user, 1);
    await app.deliver(userSendText({ ...base, text: '3' }));
    await waitAnswered(user, 2);
    const parts = ['Phần một', 'Phần hai', 'Phần ba', 'Phần bốn', 'Phần năm'];
    await Promise.all(parts.map((text) => app.deliver(userSendText({ ...base, text }))));
    await waitAnswered(user, 7);
    await app.deliver(userSendText({ ...base, text: 'xong' }));
    await app.deliver(userSendText({ ...base, text: 'khong dong y' }));
    await app.deliver(userSendText({ ...base, text: 'bo qua' }));
    await app.deliver(userSendText({ ...base, text: 'gui' }));
    await waitAnswered(user, 11);
    const arrival = (await app.database.db.select().from(inboxEvents).where(eq(inboxEvents.zaloUserId, user)).orderBy(asc(inboxEvents.id)))
      .map((r) => (r.payload as { message?: { text?: string } }).message?.text)
      .filter((text): text is string => text !== undefined && parts.includes(text));
    const [filed] = await app.database.db.select().from(cases).where(eq(cases.description, arrival.join('\n')));
    expect(filed).toBeDefined();
    expect(arrival).toHaveLength(5);
  });
});
