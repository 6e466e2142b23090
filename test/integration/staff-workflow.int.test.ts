import { and, asc, eq } from 'drizzle-orm';
import { follow, userSendImage, userSendLocation, userSendText } from '../../src/dev/fake-zalo';
import { seedCommuneDefaults } from '../../src/db/repos/commune-defaults';
import { renderText } from '../../src/domain/text/catalog';
import { caseEvents, cases, communes, outboxMessages, staff } from '../../src/db/schema';
import { eventually } from '../support/eventually';
import { ADMIN_TOKEN, APP_ID, OA_ID, RESIDENT, createTestEnv, startTestApp, type TestApp, type TestEnv } from '../support/test-app';

/**
 * Issue 4's proof, through the real webhook, PostgreSQL, Redis and the fake Zalo: an admin invites an officer,
 * the officer links their Zalo account, a resident reports, the case is routed to the right agency, the officer
 * takes, answers and resolves it with an after-photo from Zalo, and the resident's chat gets each update with
 * the code; the case events record every step. Refusals and the delivery chain are checked on the way.
 */

const OFFICER = '3000000000000000601';
const OTHER_OFFICER = '3000000000000000602';
const PHOTO = 'https://zalo-cdn.example.invalid/photo/o-ga.jpg';
const AFTER_PHOTO = 'https://zalo-cdn.example.invalid/photo/da-va.jpg';

describe('staff work a case through Zalo', () => {
  let env: TestEnv;
  let app: TestApp;
  const base = (userId: string) => ({ appId: APP_ID, oaId: OA_ID, userId });

  beforeAll(async () => {
    env = await createTestEnv();
    app = await startTestApp(env);
  });
  afterAll(async () => {
    await app.close();
    await env.dispose();
  });

  async function admin(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, token: string | null = ADMIN_TOKEN) {
    if (!app.server) throw new Error('no server');
    const response = await app.server.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload }),
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
    });
    return { status: response.statusCode, body: response.json<Record<string, unknown> & Record<string, unknown>[]>() };
  }

  /** Sends each event once the bot has answered the previous one and all its messages went out. */
  async function chat(userId: string, events: object[]): Promise<void> {
    for (const event of events) {
      const before = env.fake.sentMessages(userId).length;
      expect((await app.deliver(event)).statusCode).toBe(200);
      await eventually(() => {
        expect(env.fake.sentMessages(userId).length).toBeGreaterThan(before);
      });
      await eventually(async () => {
        const rows = await app.database.db.select().from(outboxMessages).where(eq(outboxMessages.zaloUserId, userId));
        expect(rows.every((m) => m.status !== 'pending' && m.status !== 'sending')).toBe(true);
      });
    }
  }

  const say = (userId: string, text: string) => chat(userId, [userSendText({ ...base(userId), text })]);
  const lastText = (userId: string) => env.fake.textsTo(userId).at(-1) ?? '';

  async function theCase() {
    const [row] = await app.database.db.select().from(cases).where(eq(cases.code, 'LS-0001'));
    if (!row) throw new Error('no case');
    return row;
  }
  async function eventsOfCase(caseId: number) {
    return app.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.id));
  }

  it('refuses the admin API without the right token and explains a bad body', async () => {
    expect((await admin('GET', '/api/admin/agencies', undefined, null)).status).toBe(401);
    expect((await admin('GET', '/api/admin/agencies', undefined, 'wrong-token-0123456789abcdef')).status).toBe(401);
    const bad = await admin('POST', '/api/admin/staff-invites', { name: '', role: 'boss' });
    expect(bad.status).toBe(400);
    const fields = (bad.body.fields as { field: string }[]).map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'role']));
    const officerWithoutAgency = await admin('POST', '/api/admin/staff-invites', { name: 'Cán bộ', role: 'agency_officer' });
    expect(officerWithoutAgency.status).toBe(400);
    expect((await admin('PATCH', '/api/admin/agencies/999999', { name: 'x' })).status).toBe(404);
    expect((await admin('GET', '/api/admin/cases/LS-9999')).status).toBe(404);
    expect((await admin('GET', '/api/admin/agencies?commune=no-such-commune')).status).toBe(404);
    const docs = await app.server!.inject({ method: 'GET', url: '/docs/json' });
    expect(docs.statusCode).toBe(200);
    expect(Object.keys((docs.json<{ paths: Record<string, unknown> }>()).paths)).toEqual(
      expect.arrayContaining(['/api/admin/staff-invites', '/api/admin/cases/{code}', '/api/admin/routing-rules']),
    );
  });

  it('seeds the standard agencies, categories in menu order and rules joining them', async () => {
    const agencies = (await admin('GET', '/api/admin/agencies')).body as unknown as { code: string }[];
    expect(agencies.map((a) => a.code)).toEqual(['van-phong', 'kinh-te', 'van-hoa-xa-hoi', 'hanh-chinh-cong', 'cong-an', 'quan-su']);
    const categories = (await admin('GET', '/api/admin/categories')).body as unknown as { code: string }[];
    expect(categories[0]?.code).toBe('duong-giao-thong');
    expect(categories.at(-1)?.code).toBe('khac');
    const rules = (await admin('GET', '/api/admin/routing-rules')).body as unknown as unknown[];
    expect(rules).toHaveLength(categories.length);

    // Seeding runs at every start but only once per commune: an admin's edits stay.
    const office = (await admin('GET', '/api/admin/agencies')).body as unknown as { id: number; code: string }[];
    const officeId = office.find((a) => a.code === 'van-phong')!.id;
    expect((await admin('PATCH', `/api/admin/agencies/${officeId}`, { name: 'Văn phòng UBND xã' })).status).toBe(200);
    const [commune] = await app.database.db.select().from(communes);
    expect(await seedCommuneDefaults(app.database.db, commune!.id)).toEqual({ seeded: false });
    const after = (await admin('GET', '/api/admin/agencies')).body as unknown as { id: number; name: string }[];
    expect(after.find((a) => a.id === officeId)?.name).toBe('Văn phòng UBND xã');
  });

  it('takes a case from the resident to the right agency and back, recording every step', async () => {
    const agencies = (await admin('GET', '/api/admin/agencies')).body as unknown as { id: number; code: string; name: string }[];
    const economic = agencies.find((a) => a.code === 'kinh-te')!;
    const police = agencies.find((a) => a.code === 'cong-an')!;

    // The admin invites two officers; each links their Zalo account with the one-time code.
    const invite = await admin('POST', '/api/admin/staff-invites', { name: 'Nguyễn Văn Bình', role: 'agency_officer', agencyId: economic.id });
    expect(invite.status).toBe(201);
    expect(invite.body.code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(new Date(String(invite.body.expiresAt)).getTime()).toBeGreaterThan(Date.now());
    const other = await admin('POST', '/api/admin/staff-invites', { name: 'Trần Thị Công', role: 'agency_officer', agencyId: police.id });

    await say(OFFICER, '/dangky WRONG-CODE');
    expect(lastText(OFFICER)).toContain('mã đăng ký không đúng');
    await say(OFFICER, `/dangky ${String(invite.body.code).toLowerCase()}`);
    expect(lastText(OFFICER)).toContain('đã liên kết tài khoản Zalo này với cán bộ Nguyễn Văn Bình');
    await say(OTHER_OFFICER, `/dangky ${String(other.body.code)}`);
    // The code is single-use.
    await say(RESIDENT, `/dangky ${String(invite.body.code)}`);
    expect(lastText(RESIDENT)).toContain('mã đăng ký không đúng');
    const linked = await app.database.db.select().from(staff).where(eq(staff.zaloUserId, OFFICER));
    expect(linked).toHaveLength(1);

    // The resident reports through the conversation.
    const r = base(RESIDENT);
    await chat(RESIDENT, [
      follow(r),
      userSendText({ ...r, text: 'Ổ gà lớn trước cổng trường tiểu học' }),
      userSendText({ ...r, text: 'Đúng' }),
      userSendImage({ ...r, url: PHOTO }),
      userSendText({ ...r, text: 'dong y' }),
      userSendLocation({ ...r, latitude: '21.0277644', longitude: '105.8341598' }),
      userSendText({ ...r, text: '0912.345.678' }),
    ]);

    // Routed by the rules to the Economic Department, with a due date.
    await eventually(async () => {
      const row = await theCase();
      expect(row).toMatchObject({ status: 'assigned', agencyId: economic.id });
      expect(row.dueAt).not.toBeNull();
    });
    // The officer gets the notice: summary, map link from rounded coordinates, photo, buttons.
    await eventually(() => {
      const notice = env.fake.sentMessages(OFFICER).find((m) => m.text?.includes('LS-0001'));
      expect(notice?.text).toContain('Phòng Kinh tế');
      expect(notice?.text).toContain('https://www.google.com/maps?q=21.0278,105.8342');
      expect(JSON.stringify(notice?.body)).toContain('/nhan LS-0001');
      expect(env.fake.sentMessages(OFFICER).some((m) => JSON.stringify(m.body).includes(PHOTO))).toBe(true);
    });
    // The other agency's officer got nothing about it.
    expect(env.fake.textsTo(OTHER_OFFICER).some((t) => t.includes('LS-0001'))).toBe(false);
    await eventually(() => {
      expect(env.fake.textsTo(RESIDENT).some((t) => t.includes('LS-0001') && t.includes('Phòng Kinh tế'))).toBe(true);
    });

    // An officer of another agency is refused, with an audit event.
    await say(OTHER_OFFICER, '/nhan LS-0001');
    expect(lastText(OTHER_OFFICER)).toContain('không được giao cho bộ phận của đồng chí');
    // A resident typing a staff command never reaches it: it is ordinary conversation input.
    await say(RESIDENT, '/xong LS-0001 đã sửa xong rồi');
    expect((await theCase()).status).toBe('assigned');
    expect(lastText(RESIDENT)).not.toContain('báo xong');

    // The officer takes it, answers, and resolves it with an after-photo.
    await say(OFFICER, '/nhan LS-0001');
    expect(lastText(OFFICER)).toContain('đã nhận xử lý LS-0001');
    expect((await theCase()).status).toBe('in_progress');

    await say(OFFICER, '/tl ls0001 Chúng tôi đã cử người kiểm tra, sẽ vá trong tuần này');
    await eventually(() => {
      const answer = env.fake.textsTo(RESIDENT).find((t) => t.includes('trả lời phản ánh LS-0001'));
      expect(answer).toContain('Phòng Kinh tế');
      expect(answer).toContain('sẽ vá trong tuần này');
      expect(answer).not.toContain('Nguyễn Văn Bình');
    });

    await say(OFFICER, '/xong LS-0001 Đã vá xong ổ gà');
    expect(lastText(OFFICER)).toContain('cần kèm ít nhất một ảnh');
    expect((await theCase()).status).toBe('in_progress');
    await chat(OFFICER, [userSendImage({ ...base(OFFICER), url: AFTER_PHOTO })]);
    expect(lastText(OFFICER)).toContain('Dạ, đã báo xong LS-0001');
    expect(await theCase()).toMatchObject({ status: 'resolved', resultText: 'Đã vá xong ổ gà' });
    await eventually(() => {
      const resolved = env.fake.textsTo(RESIDENT).find((t) => t.includes('LS-0001') && t.includes('đã được giải quyết'));
      expect(resolved).toContain('Đã vá xong ổ gà');
      expect(env.fake.sentMessages(RESIDENT).some((m) => JSON.stringify(m.body).includes(AFTER_PHOTO))).toBe(true);
    });

    // The events record every step.
    const row = await theCase();
    const events = await eventsOfCase(row.id);
    const steps = events.filter((e) => !['delivery', 'publish'].includes(e.action)).map((e) => [e.action, e.toStatus]);
    expect(steps).toEqual([
      ['receive', 'received'],
      ['assign', 'assigned'],
      ['refused', 'assigned'],
      ['take', 'in_progress'],
      ['answer', 'in_progress'],
      ['refused', 'in_progress'],
      ['resolve', 'resolved'],
    ]);
    const refusals = events.filter((e) => e.action === 'refused');
    expect(refusals.map((e) => e.data.reason)).toEqual(['other_agency', 'evidence_required']);
    expect(refusals.every((e) => e.internal)).toBe(true);
    const published = events.filter((e) => e.action === 'publish');
    expect(published.length).toBeGreaterThanOrEqual(3);
    expect(published.every((e) => !e.internal && (e.note ?? '').includes('LS-0001'))).toBe(true);

    // The admin API shows the case with its events in order; the reporter is visible (not a denunciation).
    const detail = await admin('GET', '/api/admin/cases/ls0001');
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ code: 'LS-0001', status: 'resolved', type: 'feedback', agency: { code: 'kinh-te' } });
    expect((detail.body.events as { action: string }[]).map((e) => e.action)[0]).toBe('receive');
    expect(detail.body.reporter).toEqual({ name: null, phone: '+84912345678' });
    const listed = await admin('GET', `/api/admin/cases?status=resolved&agencyId=${economic.id}`);
    expect((listed.body as unknown as { code: string }[]).map((c) => c.code)).toEqual(['LS-0001']);
  });

  it('a photo sent after a resolve reaches the residents only once the officer confirms its case (review D11)', async () => {
    const MORE = 'https://zalo-cdn.example.invalid/photo/them.jpg';
    const reachedResident = () => env.fake.sentMessages(RESIDENT).some((m) => JSON.stringify(m.body).includes(MORE));
    await chat(OFFICER, [userSendImage({ ...base(OFFICER), url: MORE })]);
    const offer = env.fake.sentMessages(OFFICER).at(-1);
    expect(offer?.text).toBe(renderText('staff.evidence.offer', { code: 'LS-0001', count: 1 }));
    expect(JSON.stringify(offer?.body)).toContain('/bosung LS-0001');
    expect(reachedResident()).toBe(false);
    const offered = (await eventsOfCase((await theCase()).id)).at(-1);
    expect(offered).toMatchObject({ action: 'evidence_offered', internal: true });

    await say(OFFICER, '/bosung ls0001');
    expect(lastText(OFFICER)).toBe(renderText('staff.ok.evidenceAdded', { code: 'LS-0001' }));
    await eventually(() => {
      expect(reachedResident()).toBe(true);
    });
    // Confirmed once: a second tap has nothing left to send.
    await say(OFFICER, '/bosung LS-0001');
    expect(lastText(OFFICER)).toBe(renderText('staff.evidence.noOffer', { code: 'LS-0001' }));
    expect(env.fake.sentMessages(RESIDENT).filter((m) => JSON.stringify(m.body).includes(MORE))).toHaveLength(1);
  });

  it("relays a resident's follow-up on their case to the officers who have it, through the chat", async () => {
    const row = await theCase();
    // The resident writes back in the chat after the answer: asked whether it adds to LS-0001, one tap.
    await say(RESIDENT, 'Ổ gà lại sụt thêm');
    // (The "/xong …" the resident typed earlier waits with it: both are theirs to place.)
    expect(lastText(RESIDENT)).toContain(renderText('conv.which.prompt', { code: 'LS-0001' }));
    await say(RESIDENT, 'Bổ sung LS-0001');
    expect(lastText(RESIDENT)).toBe(renderText('conv.followUp.relayed', { code: 'LS-0001' }));
    await eventually(() => {
      const relayed = env.fake.textsTo(OFFICER).find((t) => t.includes('Người dân bổ sung cho phản ánh LS-0001'));
      expect(relayed).toContain('Ổ gà lại sụt thêm');
    });
    expect(env.fake.textsTo(OTHER_OFFICER).some((t) => t.includes('Ổ gà lại sụt thêm'))).toBe(false);
    const events = await eventsOfCase(row.id);
    expect(events.at(-1)).toMatchObject({ action: 'resident_follow_up', actorKind: 'resident', internal: true });
    // No second case was opened for it.
    expect(await app.database.db.select().from(cases)).toHaveLength(1);
  });

  it('lets reception correct the automatic triage, in Zalo and through the admin API', async () => {
    const RECEPTION = '3000000000000000603';
    const invite = await admin('POST', '/api/admin/staff-invites', { name: 'Lê Thu Hà', role: 'reception_officer' });
    await say(RECEPTION, `/dangky ${String(invite.body.code)}`);
    await say(OFFICER, '/loai LS-0001 khieu nai');
    expect(lastText(OFFICER)).toContain('không thể sửa loại');
    await say(RECEPTION, '/loai ls0001 khiếu nại');
    expect(lastText(RECEPTION)).toBe('Dạ, đã sửa loại của LS-0001 thành "Khiếu nại".');
    expect((await theCase()).caseType).toBe('complaint');
    await say(RECEPTION, '/loai LS-0001 gi do');
    expect(lastText(RECEPTION)).toContain('xin ghi rõ loại');

    const back = await admin('POST', '/api/admin/cases/LS-0001/type', { type: 'feedback', note: 'Người dân chỉ phản ánh' });
    expect(back.status).toBe(200);
    expect((await theCase()).caseType).toBe('feedback');
    const same = await admin('POST', '/api/admin/cases/LS-0001/type', { type: 'feedback' });
    expect(same.status).toBe(409);
    expect((await admin('POST', '/api/admin/cases/LS-0001/type', { type: 'gossip' })).status).toBe(400);
    const retypes = (await eventsOfCase((await theCase()).id)).filter((e) => e.action === 'retype');
    expect(retypes.map((e) => [e.data.previous, e.data.caseType, e.internal])).toEqual([
      ['feedback', 'complaint', true],
      ['complaint', 'feedback', true],
    ]);
  });

  it('answers an unknown code and a command it does not know', async () => {
    await say(OFFICER, '/xem LS-9999');
    expect(lastText(OFFICER)).toContain('không tìm thấy phản ánh LS-9999');
    await say(OFFICER, '/lamgi');
    expect(lastText(OFFICER)).toContain('chưa hiểu lệnh này');
    await say(OFFICER, 'xin chào');
    expect(lastText(OFFICER)).toContain('chế độ cán bộ');
  });

  it('sends an update down the delivery chain when the resident is outside the 7-day window', async () => {
    const [commune] = await app.database.db.select().from(communes);
    await app.database.db
      .update(communes)
      .set({ settings: { ...commune!.settings, znsCaseUpdateTemplateId: '250001' } })
      .where(eq(communes.id, commune!.id));
    env.fake.setOutsideWindow(OA_ID, RESIDENT, true);
    const row = await theCase();

    await say(OFFICER, '/tl LS-0001 Nếu ổ gà xuất hiện lại, xin ông/bà báo ngay');
    await eventually(async () => {
      const events = await eventsOfCase(row.id);
      const chain = events.filter((e) => e.action === 'delivery' && e.data.outcome !== 'queued').slice(-2);
      expect(chain.map((e) => [e.data.channel, e.data.outcome])).toEqual([
        ['chat', 'failed'],
        ['zns', 'sent'],
      ]);
    });
    const zns = env.fake.requests({ path: '/message/template' });
    expect(zns).toHaveLength(1);
    expect(zns[0]!.body).toMatchObject({ phone: '84912345678', template_id: '250001', template_data: { case_code: 'LS-0001' } });
    const events = await eventsOfCase(row.id);
    const lastPublish = events.filter((e) => e.action === 'publish').at(-1);
    expect(lastPublish?.note).toContain('Nếu ổ gà xuất hiện lại');
    const undeliverable = await app.database.db
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.caseId, row.id), eq(outboxMessages.status, 'undeliverable')));
    expect(undeliverable.length).toBeGreaterThanOrEqual(1);

    // Without a template, nothing reaches the resident: staff see it in /xem and the admin API.
    await app.database.db.update(communes).set({ settings: {} }).where(eq(communes.id, commune!.id));
    await say(OFFICER, '/tl LS-0001 Cảm ơn ông/bà');
    await eventually(async () => {
      const undelivered = await admin('GET', '/api/admin/undelivered-updates');
      expect((undelivered.body as unknown as { code: string }[]).map((u) => u.code)).toContain('LS-0001');
    });
    await say(OFFICER, '/xem LS-0001');
    expect(lastText(OFFICER)).toContain('chưa tới được người dân');
  });
  it('routes no new case to a deactivated agency: the case waits unmatched for reception (review D7)', async () => {
    const list = (await admin('GET', '/api/admin/agencies')).body as unknown as { id: number; code: string }[];
    const economic = list.find((a) => a.code === 'kinh-te')!;
    expect((await admin('DELETE', `/api/admin/agencies/${economic.id}`)).status).toBeLessThan(300);

    const neighbour = '3000000000000000699';
    const r = base(neighbour);
    await chat(neighbour, [
      userSendText({ ...r, text: 'Ổ gà lớn ở đầu ngõ 12, xe máy đi qua dễ ngã' }),
      userSendText({ ...r, text: 'Đúng' }),
      userSendText({ ...r, text: 'Không có ảnh' }),
      userSendText({ ...r, text: 'Bỏ qua' }),
      userSendText({ ...r, text: 'Gửi' }),
    ]);
    const code = env.fake.textsTo(neighbour).join('\n').match(/LS-\d{4}/)?.[0];
    expect(code).toBeDefined();
    await eventually(async () => {
      const [row] = await app.database.db.select().from(cases).where(eq(cases.code, code!));
      const actions = (await eventsOfCase(row!.id)).map((e) => e.action);
      expect(actions).toContain('routing_unmatched');
      expect(row!.agencyId).toBeNull();
      expect(actions).not.toContain('assign');
    });
  });
  it('/phananh makes a linked officer a resident until /canbo, stored with the event that switched (review D10)', async () => {
    await say(OFFICER, '/phananh');
    expect(lastText(OFFICER)).toBe(renderText('staff.mode.resident'));
    const [member] = await app.database.db.select().from(staff).where(eq(staff.zaloUserId, OFFICER));
    expect(member!.reportsAsResidentUntil!.getTime()).toBeGreaterThan(Date.now());

    await say(OFFICER, 'Cống thoát nước trước nhà văn hóa bị tắc');
    expect(env.fake.textsTo(OFFICER).at(-1)).toContain('Cảm ơn ông/bà đã gửi phản ánh');

    await say(OFFICER, '/canbo');
    expect(lastText(OFFICER)).toBe(renderText('staff.mode.staff'));
    const [back] = await app.database.db.select().from(staff).where(eq(staff.zaloUserId, OFFICER));
    expect(back!.reportsAsResidentUntil).toBeNull();
    await say(OFFICER, 'xin chào');
    expect(lastText(OFFICER)).toBe(renderText('staff.cmd.notCommand'));
  });

});
