import { eq } from 'drizzle-orm';
import { userSendText } from '../../src/dev/fake-zalo';
import { adminTokens, caseEvents, cases, communes, holidays } from '../../src/db/schema';
import { eventually } from '../support/eventually';
import { ADMIN_TOKEN, APP_ID, APP_SECRET, createTestEnv, startTestApp, type TestApp, type TestEnv } from '../support/test-app';

/**
 * A province-wide deployment through the real admin API, webhook, workers and the fake Zalo: the operator
 * (ADMIN_TOKEN) adds a commune with its own OA and gives its administrator a token of its own; that token
 * reaches its commune only, and the new commune's residents are answered through its own OA.
 */

const TAN_LAC_OA = '2000000000000000777';
const TAN_LAC_SECRET = 'FAKEoaSecretKeyTanLac1';
const TAN_LAC_ACCESS = 'FAKE-ACCESS-TOKEN-TANLAC-xxxxxxxxxxxxxxxx';
const TAN_LAC_REFRESH = 'FAKE-REFRESH-TOKEN-TANLAC-yyyyyyyyyyyyyyy';
const NEIGHBOUR = '3000000000000000777';

describe('communes of one deployment, each with its own administrator', () => {
  let env: TestEnv;
  let app: TestApp;

  beforeAll(async () => {
    env = await createTestEnv();
    env.fake.addOa({ oaId: TAN_LAC_OA, appId: APP_ID, appSecret: APP_SECRET, accessToken: TAN_LAC_ACCESS, refreshToken: TAN_LAC_REFRESH });
    app = await startTestApp(env, { COMMUNE_KEYS_REFRESH_SECONDS: '1' });
  });
  afterAll(async () => {
    await app.close();
    await env.dispose();
  });

  async function call(method: 'GET' | 'POST' | 'DELETE', url: string, token: string, payload?: object) {
    const response = await app.server!.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload }),
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
  }

  const tanLac = {
    slug: 'tan-lac',
    name: 'xã Tân Lạc',
    caseCodePrefix: 'TL',
    zaloOaId: TAN_LAC_OA,
    zaloOaSecretKey: TAN_LAC_SECRET,
    accessToken: TAN_LAC_ACCESS,
    refreshToken: TAN_LAC_REFRESH,
    expiresInSeconds: 90_000,
  };
  let communeToken = '';

  it('the operator adds a commune, sealed and provisioned; a taken slug or OA is 409, a bad field 400', async () => {
    const created = await call('POST', '/api/admin/communes', ADMIN_TOKEN, tanLac);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ slug: 'tan-lac', name: 'xã Tân Lạc', caseCodePrefix: 'TL', zaloOaId: TAN_LAC_OA });
    expect(JSON.stringify(created.body)).not.toContain(TAN_LAC_SECRET);

    const [row] = await app.database.db.select().from(communes).where(eq(communes.slug, 'tan-lac'));
    // Sealed at rest: no secret or token in plain text.
    for (const value of [row!.zaloOaSecretKey, row!.accessToken, row!.refreshToken]) {
      expect([TAN_LAC_SECRET, TAN_LAC_ACCESS, TAN_LAC_REFRESH]).not.toContain(value);
    }
    // Vietnam's holidays of this year and the next, Tết included.
    const days = await app.database.db.select().from(holidays).where(eq(holidays.communeId, row!.id));
    const year = new Date().getFullYear();
    expect(days.some((d) => d.day.startsWith(String(year)) && d.name.includes('Tết'))).toBe(true);
    expect(days.some((d) => d.day.startsWith(String(year + 1)))).toBe(true);

    expect((await call('POST', '/api/admin/communes', ADMIN_TOKEN, tanLac)).status).toBe(409);
    const sameOa = await call('POST', '/api/admin/communes', ADMIN_TOKEN, { ...tanLac, slug: 'tan-lac-2' });
    expect(sameOa).toMatchObject({ status: 409, body: { error: expect.stringContaining(TAN_LAC_OA) } });
    const bad = await call('POST', '/api/admin/communes', ADMIN_TOKEN, { ...tanLac, slug: 'Tân Lạc', caseCodePrefix: 'tl1' });
    expect(bad.status).toBe(400);
    expect((bad.body.fields as { field: string }[]).map((f) => f.field).sort()).toEqual(['caseCodePrefix', 'slug']);
    const otherApp = await call('POST', '/api/admin/communes', ADMIN_TOKEN, { ...tanLac, slug: 'x-1', zaloOaId: '123', zaloAppId: '5' });
    expect(otherApp).toMatchObject({ status: 400, body: { fields: [{ field: 'zaloAppSecret' }] } });
    expect((await call('GET', '/api/admin/communes', ADMIN_TOKEN)).body).toHaveLength(2);
  });

  it("a commune token reaches its own commune only, and shows once", async () => {
    const issued = await call('POST', '/api/admin/admin-tokens?commune=tan-lac', ADMIN_TOKEN, { name: 'Văn phòng UBND xã Tân Lạc' });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ commune: 'tan-lac', name: 'Văn phòng UBND xã Tân Lạc' });
    communeToken = String(issued.body.token);
    expect(communeToken).toMatch(/^lnadm_[\w-]{43}$/);
    // Only a hash is kept, and the list never shows the token.
    const stored = await app.database.db.select().from(adminTokens);
    expect(JSON.stringify(stored)).not.toContain(communeToken);
    const listed = await call('GET', '/api/admin/admin-tokens?commune=tan-lac', ADMIN_TOKEN);
    expect(JSON.stringify(listed.body)).not.toContain(communeToken);

    // Without ?commune= the token means its commune: its own seeded agencies, not the first commune's.
    const mine = await call('GET', '/api/admin/agencies', communeToken);
    const first = await call('GET', '/api/admin/agencies', ADMIN_TOKEN);
    expect(mine.status).toBe(200);
    const ids = (r: { body: unknown }) => (r.body as { id: number }[]).map((a) => a.id);
    expect(ids(mine).length).toBeGreaterThan(0);
    expect(ids(mine).some((id) => ids(first).includes(id))).toBe(false);
    expect((await call('GET', '/api/admin/communes', communeToken)).body).toEqual([expect.objectContaining({ slug: 'tan-lac' })]);
    expect((await call('GET', '/api/admin/agencies?commune=tan-lac', communeToken)).status).toBe(200);

    // Another commune, and what only the operator may do: 403 with the reason.
    const other = await call('GET', '/api/admin/agencies?commune=demo', communeToken);
    expect(other).toMatchObject({ status: 403, body: { error: 'this token is for commune tan-lac only' } });
    expect((await call('POST', '/api/admin/communes', communeToken, { ...tanLac, slug: 'x', zaloOaId: '1' })).status).toBe(403);
    expect((await call('POST', '/api/admin/admin-tokens', communeToken, { name: 'tôi' })).status).toBe(403);
    expect((await call('POST', '/api/admin/outbox/redrive', communeToken, { allCommunes: true })).status).toBe(403);
    expect((await call('POST', '/api/admin/outbox/redrive', communeToken, {})).status).toBe(200);
  });

  it("the new commune's residents are answered through its own OA", async () => {
    // Every API process loads the new commune's keys within COMMUNE_KEYS_REFRESH_SECONDS.
    const event = userSendText({ appId: APP_ID, oaId: TAN_LAC_OA, userId: NEIGHBOUR, text: 'Ổ gà lớn ở đầu ngõ 5' });
    await eventually(async () => {
      expect((await app.deliver(event, { secret: TAN_LAC_SECRET })).statusCode).toBe(200);
      expect(env.fake.sentMessages(NEIGHBOUR).length).toBeGreaterThan(0);
    });
    const sent = env.fake.sentMessages(NEIGHBOUR);
    expect(sent.map((m) => m.text).join('\n')).toContain('xã Tân Lạc');
    // Sent with the new OA's own token (the fake records whose token a call carried).
    expect(sent.every((m) => m.oaId === TAN_LAC_OA)).toBe(true);

    // The report goes on to a case of the new commune, with its own code prefix.
    for (const text of ['Đúng', 'Không có ảnh', 'Bỏ qua', 'Gửi']) {
      const before = env.fake.sentMessages(NEIGHBOUR).length;
      expect((await app.deliver(userSendText({ appId: APP_ID, oaId: TAN_LAC_OA, userId: NEIGHBOUR, text }), { secret: TAN_LAC_SECRET })).statusCode).toBe(200);
      await eventually(() => {
        expect(env.fake.sentMessages(NEIGHBOUR).length).toBeGreaterThan(before);
      });
    }
    await eventually(async () => {
      expect(await app.database.db.select().from(cases).where(eq(cases.code, 'TL-0001'))).toHaveLength(1);
    });
    // What the commune's administrator does is recorded as that token's, not as the operator's.
    const retyped = await call('POST', '/api/admin/cases/TL-0001/type', communeToken, { type: 'complaint' });
    expect(retyped.status).toBe(200);
    const [tokenRow] = await app.database.db.select().from(adminTokens);
    const [caseRow] = await app.database.db.select().from(cases).where(eq(cases.code, 'TL-0001'));
    const events = await app.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseRow!.id));
    expect(events.find((e) => e.action === 'retype')?.data).toMatchObject({ actorRef: `admin-token-${tokenRow!.id}`, actorRole: 'admin' });
    // Without ?commune= the operator's token means the first commune, which has no TL-0001.
    expect((await call('POST', '/api/admin/cases/TL-0001/type', ADMIN_TOKEN, { type: 'feedback' })).status).toBe(404);
  });

  it('a revoked token is refused', async () => {
    const [token] = await app.database.db.select().from(adminTokens);
    const revoked = await call('DELETE', `/api/admin/admin-tokens/${token!.id}?commune=tan-lac`, ADMIN_TOKEN);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    expect((await call('GET', '/api/admin/agencies', communeToken)).status).toBe(401);
    expect((await call('DELETE', '/api/admin/admin-tokens/999?commune=tan-lac', ADMIN_TOKEN)).status).toBe(404);
  });
});
