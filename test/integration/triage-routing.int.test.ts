import { and, asc, eq } from 'drizzle-orm';
import { userSendLocation, userSendText } from '../../src/dev/fake-zalo';
import { renderText } from '../../src/domain/text/catalog';
import {
  agencies,
  areas,
  caseEvents,
  cases,
  outboxMessages,
  residents,
  staff,
  type StaffRoleName,
} from '../../src/db/schema';
import { eventually } from '../support/eventually';
import { firstCommune } from '../support/factories';
import { APP_ID, OA_ID, createTestEnv, startTestApp, type TestApp, type TestEnv } from '../support/test-app';

/**
 * Issue 11 through the real webhook, workers, PostgreSQL and the fake Zalo: routing follows the case type
 * (denunciations reach reception and the leaders only, crime tips the police, procedure questions the Service
 * Center), and an emergency is filed, and its duty officer alerted, before the resident has said anything else.
 */

const ECONOMIC_OFFICER = '3000000000000000701';
const RECEPTION = '3000000000000000702';
const LEADER = '3000000000000000703';
const POLICE_OFFICER = '3000000000000000704';
const SERVICE_OFFICER = '3000000000000000705';
const DUTY = '3000000000000000706';

describe('routing by type and emergencies', () => {
  let env: TestEnv;
  let app: TestApp;
  let communeId: number;

  beforeAll(async () => {
    env = await createTestEnv();
    app = await startTestApp(env);
    communeId = (await firstCommune(app.database.db)).id;
    await app.database.db.insert(areas).values({ communeId, code: 'TK6', name: 'Tiểu khu 6' });
    const agencyId = async (code: string) =>
      (
        await app.database.db
          .select()
          .from(agencies)
          .where(and(eq(agencies.communeId, communeId), eq(agencies.code, code)))
      )[0]!.id;
    const people: [string, string, StaffRoleName, number | null, boolean][] = [
      [ECONOMIC_OFFICER, 'Cán bộ Kinh tế', 'agency_officer', await agencyId('kinh-te'), false],
      [RECEPTION, 'Cán bộ tiếp nhận', 'reception_officer', null, false],
      [LEADER, 'Chủ tịch UBND', 'commune_leader', null, false],
      [POLICE_OFFICER, 'Công an viên', 'agency_officer', await agencyId('cong-an'), false],
      [SERVICE_OFFICER, 'Cán bộ một cửa', 'agency_officer', await agencyId('hanh-chinh-cong'), false],
      [DUTY, 'Cán bộ trực', 'agency_officer', await agencyId('quan-su'), true],
    ];
    for (const [zaloUserId, name, role, agency, onDuty] of people) {
      await app.database.db
        .insert(staff)
        .values({ communeId, name, role, agencyId: agency, zaloUserId, onDuty });
      // Each wrote to the OA lately, so Zalo's 7-day window lets messages reach them.
      await app.database.db
        .insert(residents)
        .values({ communeId, zaloUserId, lastInteractionAt: new Date() });
    }
  });
  afterAll(async () => {
    await app.close();
    await env.dispose();
  });

  /** Sends each event once the bot has answered the previous one. */
  async function chat(userId: string, texts: (string | object)[]): Promise<void> {
    for (const item of texts) {
      const before = env.fake.sentMessages(userId).length;
      const event =
        typeof item === 'string' ? userSendText({ appId: APP_ID, oaId: OA_ID, userId, text: item }) : item;
      expect((await app.deliver(event)).statusCode).toBe(200);
      await eventually(() => {
        expect(env.fake.sentMessages(userId).length).toBeGreaterThan(before);
      });
      await eventually(async () => {
        const open = await app.database.db
          .select()
          .from(outboxMessages)
          .where(eq(outboxMessages.zaloUserId, userId));
        expect(open.every((m) => m.status !== 'pending' && m.status !== 'sending')).toBe(true);
      });
    }
  }

  async function caseOf(description: string) {
    const [row] = await app.database.db.select().from(cases).where(eq(cases.description, description));
    if (!row) throw new Error(`no case "${description}"`);
    return row;
  }

  const routed = async (caseId: number) => {
    await eventually(async () => {
      const events = await app.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId));
      expect(events.some((e) => ['assign', 'routing_held', 'routing_unmatched'].includes(e.action))).toBe(
        true,
      );
    });
  };

  it('a denunciation reaches reception and the leaders only, never the agency officer, and without the reporter', async () => {
    const reporter = '3000000000000000801';
    const words = 'Cán bộ địa chính nhận hối lộ khi làm sổ đỏ cho nhà ông A';
    await chat(reporter, [words, 'Đúng', 'Không có ảnh', 'Bỏ qua', '0912 345 678', 'Đồng ý']);
    const row = await caseOf(words);
    expect(row).toMatchObject({ caseType: 'denunciation', reporterPhone: '+84912345678' });
    await routed(row.id);
    const after = await caseOf(words);
    expect(after).toMatchObject({ status: 'received', agencyId: null });
    await eventually(() => {
      expect(env.fake.textsTo(RECEPTION).some((t) => t.includes(row.code))).toBe(true);
      expect(env.fake.textsTo(LEADER).some((t) => t.includes(row.code))).toBe(true);
    });
    const notice = env.fake.textsTo(RECEPTION).find((t) => t.includes(row.code)) ?? '';
    expect(notice).toContain('Tố cáo');
    expect(notice).not.toContain('0912');
    expect(notice).not.toContain('+84');
    for (const officer of [ECONOMIC_OFFICER, POLICE_OFFICER, SERVICE_OFFICER, DUTY]) {
      expect(env.fake.textsTo(officer).some((t) => t.includes(row.code))).toBe(false);
    }
    expect(env.fake.textsTo(reporter).join('\n')).toContain(
      'chỉ được chuyển đến Bộ phận tiếp công dân và Chủ tịch UBND',
    );
  });

  it('a crime tip goes to the commune police; a procedure question to the Service Center', async () => {
    const tipster = '3000000000000000802';
    const tip = 'Có người tổ chức đánh bạc ở nhà văn hóa thôn vào tối thứ bảy';
    await chat(tipster, [tip, 'Đúng', 'Không có ảnh', 'Bỏ qua', 'Gửi']);
    const tipCase = await caseOf(tip);
    expect(tipCase.caseType).toBe('crime_tip');
    await eventually(async () => {
      expect((await caseOf(tip)).status).toBe('assigned');
    });
    await eventually(() => {
      expect(env.fake.textsTo(POLICE_OFFICER).some((t) => t.includes(tipCase.code))).toBe(true);
    });
    expect(env.fake.textsTo(tipster).join('\n')).toContain('không cần ghi tên');

    const asker = '3000000000000000803';
    const question = 'Cho tôi hỏi thủ tục cấp lại sổ đỏ bị mất cần những giấy tờ gì?';
    await chat(asker, [question, 'Lĩnh vực khác', '3', 'Không có ảnh', 'Bỏ qua', 'Gửi']);
    const procedure = await caseOf(question);
    expect(procedure.caseType).toBe('procedure');
    await eventually(() => {
      expect(env.fake.textsTo(SERVICE_OFFICER).some((t) => t.includes(procedure.code))).toBe(true);
    });
    expect(env.fake.textsTo(ECONOMIC_OFFICER).some((t) => t.includes(procedure.code))).toBe(false);
  });

  it('an emergency is filed before the resident says anything else, and the duty officer is alerted first', async () => {
    const resident = '3000000000000000804';
    const words = 'Cháy nhà ở tiểu khu 6, cứu với';
    await chat(resident, [words]);
    // Filed with the first message: no category, no other question.
    const filed = await caseOf(words);
    expect(filed).toMatchObject({ caseType: 'emergency', categoryId: null, status: 'received' });
    const rows = await app.database.db.select().from(outboxMessages).orderBy(asc(outboxMessages.id));
    const alert = rows.find((r) => r.zaloUserId === DUTY && r.caseId === filed.id);
    const firstReply = rows.find((r) => r.zaloUserId === resident);
    expect(alert?.purpose).toBe('alert');
    expect(alert!.id).toBeLessThan(firstReply!.id);
    const alertText = env.fake.textsTo(DUTY).find((t) => t.includes(filed.code)) ?? '';
    expect(alertText).toContain('KHẨN CẤP');
    expect(alertText).toContain('Tiểu khu 6');
    expect(alertText).not.toMatch(/\bBot\b/);
    expect(JSON.stringify(alert?.message)).toContain(`/tl ${filed.code}`);
    const answer = env.fake.textsTo(resident).at(-1) ?? '';
    expect(answer).toContain('113');
    expect(answer).toContain(`Mã tin báo: ${filed.code}`);
    expect(answer).toContain(renderText('triage.emergency.duty', { communeName: 'xã Thử Nghiệm' }));
    expect(answer).toContain('Sự việc ở đâu?');
    expect(answer).not.toContain('lĩnh vực');

    // The place, when it comes, goes to the case (through the workflow) and to the duty officer.
    await chat(resident, ['số 12 ngõ 3, cạnh nhà văn hóa']);
    await eventually(async () => {
      expect((await caseOf(words)).address).toBe('số 12 ngõ 3, cạnh nhà văn hóa');
    });
    const events = await app.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, filed.id));
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['receive', 'locate', 'routing_held']),
    );
    await eventually(() => {
      expect(env.fake.textsTo(DUTY).some((t) => t.includes('số 12 ngõ 3'))).toBe(true);
    });
  });

  it('with no duty officer reachable, reception and the leaders get the alert and the resident is told so', async () => {
    await app.database.db
      .update(residents)
      .set({ lastInteractionAt: new Date(Date.now() - 8 * 24 * 3600_000) })
      .where(and(eq(residents.communeId, communeId), eq(residents.zaloUserId, DUTY)));
    const resident = '3000000000000000805';
    const words = 'Có người bị điện giật đang bất tỉnh ở đầu ngõ';
    const dutyBefore = env.fake.textsTo(DUTY).length;
    await chat(resident, [words]);
    const filed = await caseOf(words);
    await eventually(() => {
      expect(
        env.fake
          .textsTo(RECEPTION)
          .some((t) => t.includes(filed.code) && t.includes('Không liên lạc được cán bộ trực')),
      ).toBe(true);
      expect(env.fake.textsTo(LEADER).some((t) => t.includes(filed.code))).toBe(true);
    });
    expect(env.fake.textsTo(DUTY).length).toBe(dutyBefore);
    expect(env.fake.textsTo(resident).at(-1)).toContain('Hiện chưa liên lạc được cán bộ trực qua Zalo');
    await chat(resident, [
      userSendLocation({
        appId: APP_ID,
        oaId: OA_ID,
        userId: resident,
        latitude: '21.0277644',
        longitude: '105.8341598',
      }),
    ]);
    await eventually(async () => {
      expect(await caseOf(words)).toMatchObject({ latitude: 21.0277644, longitude: 105.8341598 });
    });
  });

  it('ordinary words with a single alarming word do not alert anyone', async () => {
    const resident = '3000000000000000806';
    const before = [DUTY, RECEPTION, LEADER].map((u) => env.fake.textsTo(u).length);
    await chat(resident, ['Đèn đường tổ 5 bị cháy bóng cả tháng nay']);
    expect([DUTY, RECEPTION, LEADER].map((u) => env.fake.textsTo(u).length)).toEqual(before);
    expect(env.fake.textsTo(resident).at(-1)).toContain('Điện, chiếu sáng');
  });
});
