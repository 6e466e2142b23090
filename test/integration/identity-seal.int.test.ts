import { eq, sql } from 'drizzle-orm';
import { caseEvents, cases } from '../../src/db/schema';
import { chatWith } from '../support/chat';
import { eventually } from '../support/eventually';
import { firstCommune } from '../support/factories';
import { createTestEnv, startTestApp, type TestApp, type TestEnv } from '../support/test-app';

/**
 * Sealed once, sealed for good (review finding 4), through the real webhook, workers, admin API and fake Zalo: a
 * denunciation filed in the chat keeps its reporter sealed after reception retypes it to feedback with `/loai`
 * and sends it to an agency; the admin API may not retype it away at all. Admin, the agency officer and the Front
 * see no reporter; reception, who must log it, still does.
 */

const RECEPTION = '3000000000000000901';
const LEADER = '3000000000000000902';
const OFFICER = '3000000000000000903';
const FRONT = '3000000000000000904';
const DENOUNCER = '3000000000000000905';
const WORDS = 'Cán bộ địa chính nhận hối lộ khi làm sổ đỏ cho nhà ông A';
const PHONE_FORMS = ['912345678', '912 345 678', '0912'];

describe('a denunciation stays sealed whatever its type becomes', () => {
  let env: TestEnv;
  let app: TestApp;
  let talk: ReturnType<typeof chatWith>;
  let code = '';

  const row = async () =>
    (await app.database.db.select().from(cases).where(eq(cases.description, WORDS)))[0]!;
  const showsNoPhone = (text: string) => {
    for (const form of PHONE_FORMS) expect(text).not.toContain(form);
  };

  beforeAll(async () => {
    env = await createTestEnv();
    app = await startTestApp(env);
    talk = chatWith(app);
    const communeId = (await firstCommune(app.database.db)).id;
    await talk.linkTeam(communeId, [
      { zaloUserId: RECEPTION, name: 'Cán bộ tiếp nhận', role: 'reception_officer' },
      { zaloUserId: LEADER, name: 'Chủ tịch UBND', role: 'commune_leader' },
      { zaloUserId: OFFICER, name: 'Cán bộ Kinh tế', role: 'agency_officer', agencyCode: 'kinh-te' },
      { zaloUserId: FRONT, name: 'Ban Mặt trận', role: 'front_supervisor' },
    ]);

    await talk.chat(DENOUNCER, [WORDS, 'Đúng', 'Không có ảnh', 'Bỏ qua', '0912 345 678', 'Đồng ý']);
    const filed = await row();
    expect(filed).toMatchObject({
      caseType: 'denunciation',
      identitySealed: true,
      reporterPhone: '+84912345678',
    });
    code = filed.code;
    await eventually(async () => {
      const events = await app.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, filed.id));
      expect(events.map((e) => e.action)).toContain('routing_held');
    });
  });
  afterAll(async () => {
    await app.close();
    await env.dispose();
  });

  it('refuses the admin API a retype away from the denunciation, with the reason', async () => {
    const refused = await talk.admin('POST', `/api/admin/cases/${code}/type`, { type: 'feedback' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ ok: false, reason: 'unseal_not_allowed' });
    expect((await row()).caseType).toBe('denunciation');
    const view = await talk.admin('GET', `/api/admin/cases/${code}`);
    expect(view.body.reporter).toEqual({ sealed: true });
  });

  it('lets reception retype it in Zalo, and the reporter stays sealed for admin, the agency and the Front', async () => {
    const retyped = await talk.answer(RECEPTION, `/loai ${code} phản ánh`);
    expect(retyped).toContain(`đã sửa loại của ${code} thành "Phản ánh, kiến nghị"`);
    expect(retyped).toContain('vẫn được giữ bí mật');
    expect(await row()).toMatchObject({ caseType: 'feedback', identitySealed: true });

    const view = await talk.admin('GET', `/api/admin/cases/${code}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ type: 'feedback', reporter: { sealed: true } });
    const events = view.body.events as { action: string; actor: { residentId: unknown } }[];
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['receive', 'retype']));
    expect(events.every((e) => e.actor.residentId === null)).toBe(true);
    showsNoPhone(view.raw);

    // Reception sends it to an agency: the officer's notice and /xem carry no reporter.
    expect(await talk.answer(RECEPTION, `/chuyen ${code} kinh-te`)).toContain('Phòng Kinh tế');
    await eventually(() => {
      expect(env.fake.textsTo(OFFICER).some((t) => t.includes(code))).toBe(true);
    });
    showsNoPhone(env.fake.textsTo(OFFICER).join('\n'));
    for (const viewer of [OFFICER, FRONT]) {
      const seen = await talk.answer(viewer, `/xem ${code}`);
      expect(seen).toContain(code);
      expect(seen).toContain('Người phản ánh: được giữ bí mật');
      showsNoPhone(seen);
    }
    // Reception, who must log the denunciation, still sees who made it (Law 25/2018 Art. 24).
    const logged = await talk.answer(RECEPTION, `/xem ${code}`);
    expect(logged).toContain('+84912345678');

    // Between ordinary types the admin API may retype it again; the seal stays.
    expect((await talk.admin('POST', `/api/admin/cases/${code}/type`, { type: 'complaint' })).status).toBe(
      200,
    );
    expect((await talk.admin('GET', `/api/admin/cases/${code}`)).body.reporter).toEqual({ sealed: true });
  });

  it('keeps the seal in the database whatever writes the row', async () => {
    await app.database.db.execute(sql`update cases set identity_sealed = false where code = ${code}`);
    expect((await row()).identitySealed).toBe(true);
  });
});
