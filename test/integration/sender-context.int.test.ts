import { eq } from 'drizzle-orm';
import { recordConsent, saveConversation } from '../../src/db/repos/conversations';
import { touchSender, type Interaction } from '../../src/db/repos/sender-context';
import { insertStaff } from '../../src/db/repos/staff';
import { areas, cases, categories, scoreRequests, staff, type Commune } from '../../src/db/schema';
import { ensureReferenceData, firstCommune } from '../support/factories';
import { createTestEnv, startTestApp, type TestApp, type TestEnv } from '../support/test-app';

const USER = '3000000000000000901';
const OFFICER = '3000000000000000902';
const SCORED = '3000000000000000903';
const LONG_AGO = new Date('2026-01-01T00:00:00Z');

describe('touchSender: the sender and everything the conversation needs, in one statement', () => {
  let env: TestEnv;
  let app: TestApp;
  let commune: Commune;

  beforeAll(async () => {
    env = await createTestEnv();
    app = await startTestApp(env, { ROLE: 'api' });
    commune = await firstCommune(app.database.db);
    await ensureReferenceData(app.database.db, commune.id);
  });
  afterAll(async () => {
    await app.close();
    await env.dispose();
  });

  // Inside a transaction, as the inbound worker calls it.
  const touch = (zaloUserId: string, interaction: Interaction) =>
    app.database.db.transaction(async (tx) => {
      const found = await touchSender(tx, commune.id, zaloUserId, interaction, LONG_AGO);
      if (!found) throw new Error('no sender context');
      return found;
    });

  it('creates the resident on first contact and keeps follower and interaction facts as events say', async () => {
    const t1 = new Date('2026-11-20T08:00:00Z');
    const first = await touch(USER, { at: t1, counts: true });
    expect(first.resident).toMatchObject({ communeId: commune.id, zaloUserId: USER, isFollower: false, locale: 'vi' });
    expect(first.resident.lastInteractionAt?.toISOString()).toBe(t1.toISOString());

    const followed = await touch(USER, { at: new Date('2026-11-20T09:00:00Z'), follower: true, counts: true });
    expect(followed.resident.id).toBe(first.resident.id);
    expect(followed.resident.isFollower).toBe(true);

    // A text says nothing about following; an older event never moves the window back.
    const text = await touch(USER, { at: new Date('2026-11-20T08:30:00Z'), counts: true });
    expect(text.resident.isFollower).toBe(true);
    expect(text.resident.lastInteractionAt?.toISOString()).toBe('2026-11-20T09:00:00.000Z');

    // Reactions and unfollows do not open the messaging window.
    const unfollowed = await touch(USER, { at: new Date('2026-11-21T09:00:00Z'), follower: false, counts: false });
    expect(unfollowed.resident.isFollower).toBe(false);
    expect(unfollowed.resident.lastInteractionAt?.toISOString()).toBe('2026-11-20T09:00:00.000Z');
  });

  it('reads the commune, its active menus in order, state, consent, and the staff record only when linked and active', async () => {
    const db = app.database.db;
    await db.update(categories).set({ active: false }).where(eq(categories.code, 've-sinh'));
    await db.update(areas).set({ sortOrder: 9 }).where(eq(areas.code, 'TK5'));
    const before = await touch(OFFICER, { at: new Date(), counts: true });
    expect(before.commune.id).toBe(commune.id);
    expect(before.categories.map((c) => c.code)).toEqual(['duong-sa', 'khac']);
    expect(before.areas.map((a) => a.code)).toEqual(['TK6', 'THONDONG', 'TK5']);
    expect(before).toMatchObject({ staff: null, conversation: null, consent: null, followUp: null });

    const member = await insertStaff(db, commune.id, { name: 'Cán bộ Thử', role: 'reception_officer', agencyId: null });
    await db.update(staff).set({ zaloUserId: OFFICER }).where(eq(staff.id, member.id));
    await saveConversation(db, { communeId: commune.id, zaloUserId: OFFICER }, { step: 'menu' }, null, 1, new Date());
    await recordConsent(db, { communeId: commune.id, residentId: before.resident.id, noticeVersion: 2, decision: 'granted', at: new Date() });
    await recordConsent(db, { communeId: commune.id, residentId: before.resident.id, noticeVersion: 2, decision: 'withdrawn', at: new Date() });

    const after = await touch(OFFICER, { at: new Date(), counts: true });
    expect(after.staff?.id).toBe(member.id);
    expect(after.conversation).toEqual({ state: { step: 'menu' }, version: 1 });
    expect(after.consent).toEqual({ version: 2, granted: false });

    await db.update(staff).set({ active: false }).where(eq(staff.id, member.id));
    expect((await touch(OFFICER, { at: new Date(), counts: true })).staff).toBeNull();
  });

  it('says whether the resident was ever asked for a score, so the score look-ups run only then', async () => {
    const db = app.database.db;
    const first = await touch(SCORED, { at: new Date(), counts: true });
    expect(first.askedForScore).toBe(false);
    const [row] = await db
      .insert(cases)
      .values({ communeId: commune.id, code: 'LS-0903', description: 'Đèn đường thôn 3 bị hỏng' })
      .returning();
    await db.insert(scoreRequests).values({
      communeId: commune.id,
      caseId: row!.id,
      residentId: first.resident.id,
      resolveEventId: 1,
      askedAt: new Date(),
    });
    expect((await touch(SCORED, { at: new Date(), counts: true })).askedForScore).toBe(true);
    expect((await touch(OFFICER, { at: new Date(), counts: true })).askedForScore).toBe(false);
  });
});
