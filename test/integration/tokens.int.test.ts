import { eq } from 'drizzle-orm';
import { Client } from 'pg';
import { communes, outboundPauses } from '../../src/db/schema';
import { textMessage } from '../../src/zalo/render';
import { userSendText } from '../../src/dev/fake-zalo';
import { eventually } from '../support/eventually';
import { outboxRow, queueMessage } from '../support/outbox';
import {
  ADMIN_TOKEN,
  APP_ID,
  APP_SECRET,
  INITIAL_ACCESS,
  INITIAL_REFRESH,
  OA_ID,
  OA_SECRET,
  createTestEnv,
  startTestApp,
  type TestApp,
  type TestEnv,
} from '../support/test-app';

/** Issue 9, item 3: tokens refreshed safely, sealed at rest, and a refused refresh recovered by an admin. */

const TOKEN_PATH = '/v4/oa/access_token';

const queue = (app: TestApp, userId: string, text: string) => queueMessage(app, userId, textMessage(text));
const statusOf = async (app: TestApp, id: number) => (await outboxRow(app, id)).status;

async function commune(app: TestApp) {
  const [row] = await app.database.db.select().from(communes);
  return row!;
}

describe('zalo tokens', () => {
  let env: TestEnv;
  let app: TestApp;
  afterEach(async () => {
    await app.close();
    await env.dispose();
  });

  it('keeps sending with the current token when an early refresh fails, and does not retry it at once', async () => {
    env = await createTestEnv();
    app = await startTestApp(env, { ZALO_TOKEN_REFRESH_AHEAD_SECONDS: '3600' });
    const { id } = await commune(app);
    await app.database.db
      .update(communes)
      .set({ accessTokenExpiresAt: new Date(Date.now() + 30 * 60_000) })
      .where(eq(communes.id, id));
    app.deps.tokens.forget(id);
    env.fake.failNext({ path: TOKEN_PATH, times: 10, with: { httpStatus: 503 } });
    const ids: number[] = [];
    for (const user of ['3000000000000000501', '3000000000000000502', '3000000000000000503']) {
      ids.push(await queue(app, user, 'Vẫn gửi được'));
    }
    await eventually(async () => {
      for (const outboxId of ids) expect(await statusOf(app, outboxId)).toBe('sent');
    });
    expect(env.fake.requests({ path: TOKEN_PATH })).toHaveLength(1);
    const after = await commune(app);
    expect(after).toMatchObject({ tokenStatus: 'ok', tokenRefreshFailures: 1 });
    expect(after.tokenError).toContain('http 503');
    expect(after.tokenRefreshRetryAt!.getTime()).toBeGreaterThan(Date.now());
    expect(app.deps.secrets.open(after.accessToken)).toBe(INITIAL_ACCESS);
  });

  it('marks a refused refresh needs_reconsent, pauses the commune without a storm, and resumes on a new pair', async () => {
    env = await createTestEnv();
    app = await startTestApp(env, { OUTBOX_OA_PAUSE_SECONDS: '1' });
    env.fake.killTokens(OA_ID);
    const users = ['3000000000000000511', '3000000000000000512', '3000000000000000513'];
    const ids: number[] = [];
    for (const user of users) ids.push(await queue(app, user, 'Chờ cấp quyền lại'));
    await eventually(async () => {
      expect(await commune(app)).toMatchObject({ tokenStatus: 'needs_reconsent' });
      const [pause] = await app.database.db.select().from(outboundPauses);
      expect(pause).toMatchObject({ reason: 'TokenNeedsReconsent' });
    });
    // Several pauses end and are probed; OAuth is never asked again.
    const probesBefore = env.fake.requests({ path: '/v3.0/oa/message/cs' }).length;
    await eventually(
      () => {
        expect(env.fake.requests({ path: '/v3.0/oa/message/cs' }).length).toBeGreaterThanOrEqual(
          probesBefore + 2,
        );
      },
      {
        timeoutMs: 15_000,
      },
    );
    expect(env.fake.requests({ path: TOKEN_PATH })).toHaveLength(1);
    const metrics = await app.server!.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('langnghe_outbound_blocked_communes{state="needs_reconsent"} 1');
    expect(metrics.body).toContain('langnghe_zalo_token_refused_total 1');

    const pair = env.fake.reconsent(OA_ID);
    const installed = await app.server!.inject({
      method: 'POST',
      url: '/api/admin/zalo/tokens',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { ...pair, expiresInSeconds: 90_000 },
    });
    expect(installed.statusCode).toBe(200);
    await eventually(async () => {
      for (const id of ids) expect(await statusOf(app, id)).toBe('sent');
    });
    for (const user of users) expect(env.fake.textsTo(user)).toEqual(['Chờ cấp quyền lại']);
    expect(await commune(app)).toMatchObject({ tokenStatus: 'ok', tokenRefreshFailures: 0 });
    expect(await app.database.db.select().from(outboundPauses)).toEqual([]);
  });

  it('holds no lock on the commune row while OAuth answers slowly', async () => {
    env = await createTestEnv();
    app = await startTestApp(env);
    const { id } = await commune(app);
    env.fake.expireAccessToken(OA_ID);
    env.fake.failNext({ path: TOKEN_PATH, with: { delayMs: 3_000 } });
    env.fake.setUser(OA_ID, '3000000000000000521');
    const profile = app.deps.zalo.getUserProfile(id, '3000000000000000521');
    const client = new Client({ connectionString: env.dbUrl });
    await client.connect();
    try {
      // The refresh is under way: its advisory lock is held while the fake sits on the OAuth answer.
      await eventually(async () => {
        const { rows } = await client.query<{ n: string }>(
          "select count(*) as n from pg_locks where locktype = 'advisory'",
        );
        expect(Number(rows[0]!.n)).toBeGreaterThan(0);
      });
      // What case numbering does to the same row; with the old FOR UPDATE it waited for the OAuth call.
      await client.query("set lock_timeout = '500ms'");
      await client.query('update communes set case_seq = case_seq where id = $1', [id]);
      expect(env.fake.refreshCount(OA_ID)).toBe(0);
    } finally {
      await client.end();
    }
    await profile;
    expect(env.fake.refreshCount(OA_ID)).toBe(1);
  });

  it('keeps tokens and secrets sealed in PostgreSQL, and seals rows an older version left in plain text', async () => {
    env = await createTestEnv();
    app = await startTestApp(env);
    const plain = [INITIAL_ACCESS, INITIAL_REFRESH, OA_SECRET, APP_SECRET];
    const raw = async () => {
      const client = new Client({ connectionString: env.dbUrl });
      await client.connect();
      try {
        const { rows } = await client.query<Record<string, string>>(
          'select access_token, refresh_token, zalo_oa_secret_key, zalo_app_secret from communes',
        );
        return rows[0]!;
      } finally {
        await client.end();
      }
    };
    for (const value of Object.values(await raw())) {
      expect(value).toMatch(/^enc1:/);
      for (const secret of plain) expect(value).not.toContain(secret);
    }
    await app.close();

    // An older version's row: plain text everywhere.
    const client = new Client({ connectionString: env.dbUrl });
    await client.connect();
    await client.query(
      'update communes set access_token = $1, refresh_token = $2, zalo_oa_secret_key = $3, zalo_app_secret = $4',
      plain,
    );
    await client.end();
    app = await startTestApp(env);
    for (const value of Object.values(await raw())) expect(value).toMatch(/^enc1:/);
    // Still the same secrets: the webhook verifies with the OA secret key, sends use the token.
    const webhook = await app.deliver(
      userSendText({ appId: APP_ID, oaId: OA_ID, userId: '3000000000000000531', text: 'xin chào' }),
    );
    expect(webhook.statusCode).toBe(200);
    await eventually(() => {
      expect(env.fake.sentMessages('3000000000000000531').length).toBeGreaterThan(0);
    });
  });
});
