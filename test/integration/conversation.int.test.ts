import { asc, eq } from 'drizzle-orm';
import { follow, userSendAudio, userSendImage, userSendText } from '../../src/dev/fake-zalo';
import { renderText } from '../../src/domain/text/catalog';
import { areas, caseAttachments, caseEvents, cases, consents, conversations, inboxEvents, outboxMessages, staff } from '../../src/db/schema';
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

  it('files a report with words, a photo, the area and a phone in five turns after the first message', async () => {
    const base = { appId: APP_ID, oaId: OA_ID, userId: RESIDENT };
    await chat(RESIDENT, [follow(base)]);
    const greeted = env.fake.sentMessages(RESIDENT).length;
    await chat(RESIDENT, [userSendText({ ...base, text: 'Ổ gà lớn trước cổng trường tiểu học, xe máy dễ ngã' })]);
    const turns = [
      userSendText({ ...base, text: 'Đúng' }),
      userSendImage({ ...base, url: 'https://zalo-cdn.example.invalid/photo/o-ga.jpg', thumbnail: 'https://zalo-cdn.example.invalid/photo/o-ga-t.jpg' }),
      userSendText({ ...base, text: 'Đồng ý' }),
      userSendText({ ...base, text: 'TK6' }),
      userSendText({ ...base, text: '0912.345.678' }),
    ];
    await chat(RESIDENT, turns);
    expect(turns).toHaveLength(5);
    // Every message the bot sent from the first message to the confirmation (the share-phone card counts).
    const sent = env.fake.sentMessages(RESIDENT).slice(greeted);
    expect(sent.length).toBeLessThanOrEqual(8);

    const [filed] = await app.database.db.select().from(cases);
    expect(filed).toMatchObject({
      code: 'LS-0001',
      status: 'received',
      caseType: 'feedback',
      description: 'Ổ gà lớn trước cổng trường tiểu học, xe máy dễ ngã',
      reporterPhone: '+84912345678',
      consentNoticeVersion: 2,
    });
    const [area] = await app.database.db.select().from(areas).where(eq(areas.id, filed!.areaId!));
    expect(area?.code).toBe('TK6');
    const photos = await app.database.db.select().from(caseAttachments);
    expect(photos.map((p) => [p.kind, p.url])).toEqual([['report_photo', 'https://zalo-cdn.example.invalid/photo/o-ga.jpg']]);
    const decisions = await app.database.db.select().from(consents);
    expect(decisions.map((c) => [c.decision, c.noticeVersion])).toEqual([['granted', 2]]);

    const t = (key: Parameters<typeof renderText>[0], params = {}) => renderText(key, params);
    const texts = env.fake.textsTo(RESIDENT).slice(1);
    expect(texts[0]).toBe(`${t('conv.report.thanks', { communeName: COMMUNE })}\n${t('conv.category.suggest', { category: 'Đường sá, giao thông' })}`);
    expect(texts[1]).toBe(t('conv.media.prompt'));
    expect(texts[2]).toBe(`${t('conv.media.got', { item: 'ảnh' })}\n${t('conv.consent.ask', { communeName: COMMUNE })}`);
    expect(texts.at(-1)).toBe(t('conv.created', { code: 'LS-0001', days: 5 }));
    // The consent question links the full notice page; its text shows no version.
    const consentAsk = env.fake.sentMessages(RESIDENT).find((m) => m.text?.includes('đề nghị ông/bà đồng ý'));
    expect(JSON.stringify(consentAsk?.body)).toContain('"type":"oa.open.url"');
    expect(JSON.stringify(consentAsk?.body)).toContain('/du-lieu-ca-nhan/');
    expect(env.fake.sentMessages(RESIDENT).some((m) => JSON.stringify(m.body).includes('request_user_info'))).toBe(true);
    // The case is queued for routing once filed.
    expect(await app.deps.queues.caseWorkflow.getJob(app.deps.queues.jobIds.caseRoute(filed!.id))).toBeDefined();
  });

  it('remembers the phone for the next report and offers the last area first', async () => {
    const base = { appId: APP_ID, oaId: OA_ID, userId: RESIDENT };
    const before = env.fake.textsTo(RESIDENT).length;
    await chat(RESIDENT, [
      userSendText({ ...base, text: 'Rác thải đổ bừa bãi ở đầu ngõ 3' }),
      // LS-0001 was just filed: the bot asks whether these words are about it.
      userSendText({ ...base, text: 'Phản ánh mới' }),
      userSendText({ ...base, text: 'Đúng' }),
      userSendText({ ...base, text: 'Không có ảnh' }),
    ]);
    const placeQuestion = env.fake.sentMessages(RESIDENT).at(-1);
    expect(JSON.stringify(placeQuestion?.body)).toContain('"title":"Tiểu khu 6"');
    await chat(RESIDENT, [userSendText({ ...base, text: 'Tiểu khu 6' })]);
    expect(env.fake.textsTo(RESIDENT).slice(before).at(-1)).toContain('• Số điện thoại: 0912 345 678');
    await chat(RESIDENT, [userSendText({ ...base, text: 'Gửi' })]);
    const filed = await app.database.db.select().from(cases).where(eq(cases.code, 'LS-0002'));
    expect(filed[0]).toMatchObject({ reporterPhone: '+84912345678', consentNoticeVersion: 2 });
  });

  it('a poster code typed first sets the report\'s area, and the place question is skipped', async () => {
    const user = '3000000000000000601';
    const base = { appId: APP_ID, oaId: OA_ID, userId: user };
    await chat(user, [
      userSendText({ ...base, text: '#QR-TK6' }),
      userSendText({ ...base, text: 'Cống thoát nước bị tắc, nước tràn ra đường' }),
      userSendText({ ...base, text: 'Không rõ' }),
      userSendText({ ...base, text: 'Không có ảnh' }),
      userSendText({ ...base, text: 'Gửi' }),
    ]);
    expect(env.fake.textsTo(user)[0]).toContain('Tiểu khu 6');
    expect(env.fake.textsTo(user).join('\n')).not.toContain('Sự việc ở thôn, tổ nào?');
    const [filed] = await app.database.db.select().from(cases).where(eq(cases.description, 'Cống thoát nước bị tắc, nước tràn ra đường'));
    const [area] = await app.database.db.select().from(areas).where(eq(areas.id, filed!.areaId!));
    expect(area?.name).toBe('Tiểu khu 6');
  });

  it('keeps a voice note as an attachment of the report', async () => {
    const user = '3000000000000000602';
    const base = { appId: APP_ID, oaId: OA_ID, userId: user };
    await chat(user, [
      userSendAudio({ ...base, url: 'https://zalo-cdn.example.invalid/voice/bao-cao.aac' }),
      userSendText({ ...base, text: 'Đồng ý' }),
      userSendText({ ...base, text: 'tk 5' }),
      userSendText({ ...base, text: 'Gửi' }),
    ]);
    const voice = await app.database.db.select().from(caseAttachments).where(eq(caseAttachments.kind, 'report_audio'));
    expect(voice.map((a) => a.url)).toEqual(['https://zalo-cdn.example.invalid/voice/bao-cao.aac']);
    const [filed] = await app.database.db.select().from(cases).where(eq(cases.id, voice[0]!.caseId));
    expect(filed).toMatchObject({ description: '', categoryId: null, consentNoticeVersion: 2 });

    // Staff listen to it: /xem links it.
    const reception = '3000000000000000610';
    const commune = await firstCommune(app.database.db);
    await app.database.db.insert(staff).values({ communeId: commune.id, name: 'Cán bộ tiếp nhận', role: 'reception_officer', zaloUserId: reception });
    await chat(reception, [userSendText({ ...base, userId: reception, text: `/xem ${filed!.code}` })]);
    expect(env.fake.textsTo(reception).at(-1)).toContain('• Tin nhắn thoại: https://zalo-cdn.example.invalid/voice/bao-cao.aac');
  });

  it('asks whether words after a case are an addition or a new report, and a quote-reply goes to its case', async () => {
    const base = { appId: APP_ID, oaId: OA_ID, userId: RESIDENT };
    // LS-0001 is the resident's; its confirmation was sent with the case id, so quoting it names the case.
    const [first] = await app.database.db.select().from(cases).where(eq(cases.code, 'LS-0001'));
    await app.database.db.update(cases).set({ status: 'in_progress', updatedAt: new Date() }).where(eq(cases.id, first!.id));
    const confirmation = (await app.database.db.select().from(outboxMessages).where(eq(outboxMessages.caseId, first!.id))).find((m) =>
      JSON.stringify(m.message).includes('Mã phản ánh: LS-0001'),
    );
    expect(confirmation?.zaloMessageId).toBeTruthy();

    const before = env.fake.textsTo(RESIDENT).length;
    await chat(RESIDENT, [userSendText({ ...base, text: 'À, còn đèn đường tổ 5 cũng hỏng' })]);
    expect(env.fake.textsTo(RESIDENT).slice(before)).toEqual([renderText('conv.which.prompt', { code: 'LS-0001' })]);
    await chat(RESIDENT, [userSendText({ ...base, text: 'Phản ánh mới' })]);
    const [state] = await app.database.db.select().from(conversations).where(eq(conversations.zaloUserId, RESIDENT));
    expect((state?.state as { draft: { parts: string[] } }).draft.parts).toEqual(['À, còn đèn đường tổ 5 cũng hỏng']);

    await chat(RESIDENT, [userSendText({ ...base, text: 'Vẫn chưa ai đến sửa', quoteMsgId: confirmation!.zaloMessageId! })]);
    const followUps = await app.database.db.select().from(caseEvents).where(eq(caseEvents.action, 'resident_follow_up'));
    expect(followUps.map((e) => [e.caseId, e.note])).toEqual([[first!.id, 'Vẫn chưa ai đến sửa']]);
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

  it('serves the full personal-data notice as a plain page', async () => {
    const commune = await firstCommune(app.database.db);
    const page = await app.server!.inject({ method: 'GET', url: `/du-lieu-ca-nhan/${commune.slug}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    for (const words of ['Vị trí là dữ liệu nhạy cảm', 'Tên hiển thị và mã người dùng Zalo', 'tin nhắn thoại', 'Đầu mối liên hệ', 'Bộ phận tiếp công dân', 'rút đồng ý', 'Phiên bản thông báo: 2']) {
      expect(page.body).toContain(words);
    }
    expect(page.body).not.toContain('<script');
    const v1 = await app.server!.inject({ method: 'GET', url: `/du-lieu-ca-nhan/${commune.slug}?v=1` });
    expect(v1.body).toContain('Phiên bản thông báo: 1');
    expect((await app.server!.inject({ method: 'GET', url: '/du-lieu-ca-nhan/khong-co' })).statusCode).toBe(404);
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
      userSendText({ appId: APP_ID, oaId: OA_ID, userId, text: problem }),
      userSendText({ appId: APP_ID, oaId: OA_ID, userId, text: 'khong ro' }),
      userSendText({ appId: APP_ID, oaId: OA_ID, userId, text: 'khong co anh' }),
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
    // No personal data was sent: none on either case, and no consent was asked.
    for (const c of filed) expect(c).toMatchObject({ reporterPhone: null, latitude: null, consentNoticeVersion: null });
  });

  it('handles a burst of five messages from one resident in arrival order, none lost', async () => {
    const user = '3000000000000000503';
    const base = { appId: APP_ID, oaId: OA_ID, userId: user };
    const parts = ['Phần một của phản ánh', 'Phần hai', 'Phần ba', 'Phần bốn', 'Phần năm'];
    await Promise.all(parts.map((text) => app.deliver(userSendText({ ...base, text }))));
    await waitAnswered(user, 5);
    await app.deliver(userSendText({ ...base, text: 'khong ro' }));
    await app.deliver(userSendText({ ...base, text: 'khong co anh' }));
    await app.deliver(userSendText({ ...base, text: 'bo qua' }));
    await app.deliver(userSendText({ ...base, text: 'gui' }));
    await waitAnswered(user, 9);
    const arrival = (await app.database.db.select().from(inboxEvents).where(eq(inboxEvents.zaloUserId, user)).orderBy(asc(inboxEvents.id)))
      .map((r) => (r.payload as { message?: { text?: string } }).message?.text)
      .filter((text): text is string => text !== undefined && parts.includes(text));
    const [filed] = await app.database.db.select().from(cases).where(eq(cases.description, arrival.join('\n')));
    expect(filed).toBeDefined();
    expect(arrival).toHaveLength(5);
  });
});
