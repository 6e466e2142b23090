import { and, asc, eq } from 'drizzle-orm';
import {
  agencies,
  areas,
  caseEvents,
  caseSubscribers,
  cases,
  categories,
  residents,
} from '../../src/db/schema';
import { chatWith } from '../support/chat';
import { eventually } from '../support/eventually';
import { firstCommune } from '../support/factories';
import { createTestEnv, startTestApp, type TestApp, type TestEnv } from '../support/test-app';

/**
 * Law 42/2013 Art. 25 through the real webhook, workers, admin API and fake Zalo: a resident's message mixes a
 * denunciation with ordinary feedback; the conversation files it as a denunciation flagged `mixed:feedback`, and
 * reception is told how to split it; `/tach` makes the feedback a case of its own, which is routed to its agency
 * by its own type while the denunciation stays with reception and the leaders. The resident is told both codes;
 * the reporter stays sealed in both. The admin API's route does the same.
 */

const RECEPTION = '3000000000000000921';
const LEADER = '3000000000000000922';
const ECONOMIC = '3000000000000000923';
const POLICE = '3000000000000000924';
const RESIDENT = '3000000000000000925';
const ROAD = 'Đường trước nhà văn hóa thôn bị sụt lún nặng';
const WORDS = `${ROAD}. Cán bộ địa chính nhận hối lộ khi làm sổ đỏ cho nhà ông A`;

describe('splitting a mixed message into two cases', () => {
  let env: TestEnv;
  let app: TestApp;
  let talk: ReturnType<typeof chatWith>;
  let communeId = 0;

  const caseWith = async (where: ReturnType<typeof eq>) => {
    const [row] = await app.database.db.select().from(cases).where(where);
    if (!row) throw new Error('no such case');
    return row;
  };
  const eventsOf = (caseId: number) =>
    app.database.db
      .select()
      .from(caseEvents)
      .where(eq(caseEvents.caseId, caseId))
      .orderBy(asc(caseEvents.id));
  const idOf = async (table: typeof agencies | typeof categories | typeof areas, code: string) =>
    (
      await app.database.db
        .select({ id: table.id })
        .from(table)
        .where(and(eq(table.communeId, communeId), eq(table.code, code)))
    )[0]!.id;

  beforeAll(async () => {
    env = await createTestEnv();
    app = await startTestApp(env);
    talk = chatWith(app);
    communeId = (await firstCommune(app.database.db)).id;
    await app.database.db.insert(areas).values({ communeId, code: 'TK6', name: 'Tiểu khu 6' });
    await talk.linkTeam(communeId, [
      { zaloUserId: RECEPTION, name: 'Cán bộ tiếp nhận', role: 'reception_officer' },
      { zaloUserId: LEADER, name: 'Chủ tịch UBND', role: 'commune_leader' },
      { zaloUserId: ECONOMIC, name: 'Cán bộ Kinh tế', role: 'agency_officer', agencyCode: 'kinh-te' },
      { zaloUserId: POLICE, name: 'Công an viên', role: 'agency_officer', agencyCode: 'cong-an' },
    ]);
  });
  afterAll(async () => {
    await app.close();
    await env.dispose();
  });

  it('files the mixed message as a denunciation, flags it, splits the feedback off with /tach and routes each by its type', async () => {
    await talk.chat(RESIDENT, [WORDS, 'Đúng', 'Không có ảnh', 'TK6', '0912 345 678', 'Đồng ý']);
    const original = await caseWith(eq(cases.description, WORDS));
    expect(original).toMatchObject({
      caseType: 'denunciation',
      identitySealed: true,
      areaId: await idOf(areas, 'TK6'),
    });
    expect(original.triageSignals).toContain('mixed:feedback');
    await eventually(() => {
      expect(env.fake.textsTo(RECEPTION).some((t) => t.includes(`/tach ${original.code}`))).toBe(true);
    });

    // Only reception and the commune leaders split.
    expect(await talk.answer(ECONOMIC, `/tach ${original.code} ${ROAD}`)).toContain('không thể tách');
    const officersBefore: Record<string, number> = {
      [ECONOMIC]: env.fake.textsTo(ECONOMIC).length,
      [POLICE]: env.fake.textsTo(POLICE).length,
    };
    expect(await talk.answer(RECEPTION, `/tach ${original.code}`)).toContain(
      'lệnh này cần nội dung sau mã phản ánh',
    );
    const before = env.fake.textsTo(RESIDENT).length;
    const answer = await talk.answer(RECEPTION, `/tach ${original.code} ${ROAD}`);
    const part = await caseWith(eq(cases.description, ROAD));
    expect(answer).toContain(
      `đã tách phản ánh mới ${part.code} (Phản ánh, kiến nghị, lĩnh vực: Đường sá, giao thông) khỏi ${original.code}`,
    );

    // The new case: its own code, type and category; the original's reporter, consent and residential group.
    const resident = (
      await app.database.db.select().from(residents).where(eq(residents.zaloUserId, RESIDENT))
    )[0]!;
    expect(part).toMatchObject({
      caseType: 'feedback',
      categoryId: await idOf(categories, 'duong-giao-thong'),
      areaId: original.areaId,
      address: null,
      latitude: null,
      reporterResidentId: resident.id,
      reporterPhone: '+84912345678',
      consentNoticeVersion: original.consentNoticeVersion,
      // A denouncer's identity stays sealed in what was split off their denunciation.
      identitySealed: true,
      source: 'zalo',
    });
    expect(part.code).not.toBe(original.code);
    const subscribers = await app.database.db
      .select()
      .from(caseSubscribers)
      .where(eq(caseSubscribers.caseId, part.id));
    expect(subscribers.map((s) => [s.residentId, s.role])).toEqual([[resident.id, 'reporter']]);

    // Each case has its split event pointing at the other; the original keeps its text, the note says what went.
    const originalEvents = await eventsOf(original.id);
    expect(originalEvents.find((e) => e.action === 'split')).toMatchObject({
      note: ROAD,
      internal: true,
      actorKind: 'staff',
      data: { role: 'original', partCode: part.code, partType: 'feedback' },
    });
    const partEvents = await eventsOf(part.id);
    expect(partEvents.map((e) => e.action).slice(0, 2)).toEqual(['receive', 'split']);
    expect(partEvents[0]?.data).toMatchObject({ splitFrom: { code: original.code } });
    expect(partEvents[1]?.data).toMatchObject({ role: 'part', fromCode: original.code });
    expect(await caseWith(eq(cases.id, original.id))).toMatchObject({
      description: WORDS,
      caseType: 'denunciation',
    });

    // The resident hears of both codes, then of the new case's agency.
    await eventually(() => {
      const told = env.fake.textsTo(RESIDENT).slice(before).join('\n');
      expect(told).toContain(`Nội dung ông/bà gửi trong ${original.code} gồm hai việc`);
      expect(told).toContain(`phản ánh mới mã ${part.code}`);
    });

    // Routed by their own types: the feedback to the economic agency, the denunciation to nobody's agency.
    await eventually(async () => {
      expect(await caseWith(eq(cases.id, part.id))).toMatchObject({
        status: 'assigned',
        agencyId: await idOf(agencies, 'kinh-te'),
      });
    });
    await eventually(() => {
      expect(env.fake.textsTo(ECONOMIC).some((t) => t.includes(part.code))).toBe(true);
      expect(
        env.fake.textsTo(RESIDENT).some((t) => t.includes(part.code) && t.includes('Phòng Kinh tế')),
      ).toBe(true);
    });
    expect(await caseWith(eq(cases.id, original.id))).toMatchObject({ status: 'received', agencyId: null });
    for (const officer of [ECONOMIC, POLICE]) {
      const texts = env.fake.textsTo(officer).slice(officersBefore[officer]).join('\n');
      expect(texts).not.toContain(original.code);
      expect(texts).not.toContain('hối lộ');
      expect(texts).not.toContain('912');
    }
    const seen = await talk.answer(ECONOMIC, `/xem ${part.code}`);
    expect(seen).toContain('Người phản ánh: được giữ bí mật');
  });

  it('splits through the admin API too, and answers bad requests with the reason', async () => {
    const original = await caseWith(eq(cases.description, WORDS));
    const split = await talk.admin('POST', `/api/admin/cases/${original.code.toLowerCase()}/split`, {
      text: 'Rác thải đổ bừa bãi ở đầu ngõ 3 cả tuần nay',
    });
    expect(split.status).toBe(201);
    expect(split.body).toMatchObject({
      ok: true,
      code: original.code,
      part: { type: 'feedback', categoryId: await idOf(categories, 've-sinh-moi-truong') },
    });
    const part = await caseWith(eq(cases.code, (split.body.part as { code: string }).code));
    expect(part).toMatchObject({ identitySealed: true, reporterPhone: '+84912345678' });
    const view = await talk.admin('GET', `/api/admin/cases/${part.code}`);
    expect(view.body.reporter).toEqual({ sealed: true });

    expect(
      (await talk.admin('POST', `/api/admin/cases/${original.code}/split`, { text: '   ' })).status,
    ).toBe(400);
    expect((await talk.admin('POST', '/api/admin/cases/LS-9999/split', { text: 'x' })).status).toBe(404);
    // A case no longer open is not split.
    expect(await talk.answer(RECEPTION, `/tuchoi ${part.code} trùng với phản ánh khác`)).toContain(part.code);
    const refused = await talk.admin('POST', `/api/admin/cases/${part.code}/split`, {
      text: 'Đèn đường hỏng',
    });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ reason: 'illegal_transition', currentStatus: 'rejected' });
  });
});
