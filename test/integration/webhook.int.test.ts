import { eq } from 'drizzle-orm';
import { follow, userSendText, userSeenMessage } from '../../src/dev/fake-zalo';
import { inboxEvents } from '../../src/db/schema';
import { withAdmin } from '../support/db';
import { eventually } from '../support/eventually';
import { APP_ID, OA_ID, RESIDENT, createTestEnv, startTestApp, type TestApp, type TestEnv } from '../support/test-app';

const base = { appId: APP_ID, oaId: OA_ID, userId: RESIDENT };

describe('POST /webhooks/zalo', () => {
  let env: TestEnv;
  let app: TestApp;

  beforeAll(async () => {
    env = await createTestEnv();
    app = await startTestApp(env);
  });
  afterAll(async () => {
    await app.close();
    await env.dispose();
  });

  const inboxRows = () => app.database.db.select().from(inboxEvents);

  it('rejects a wrong signature with 401 and stores nothing', async () => {
    const before = (await inboxRows()).length;
    const response = await app.deliver(userSendText({ ...base, text: 'xin chào' }), { secret: 'not-the-oa-secret' });
    expect(response.statusCode).toBe(401);
    expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: 'Invalid signature' });
    expect(await inboxRows()).toHaveLength(before);
  });

  it('rejects a missing signature with 401', async () => {
    const response = await app.server!.inject({
      method: 'POST',
      url: '/webhooks/zalo',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(userSendText({ ...base, text: 'xin chào' })),
    });
    expect(response.statusCode).toBe(401);
  });

  it('rejects a signature computed over different bytes (a re-serialised body)', async () => {
    const event = userSendText({ ...base, text: 'xin chào' });
    const response = await app.deliver(event, { headers: { 'x-zevent-signature': 'mac=' + '0'.repeat(64) } });
    expect(response.statusCode).toBe(401);
  });

  it('rejects an event older than the replay window', async () => {
    const old = String(Date.now() - 4 * 3600 * 1000);
    const response = await app.deliver(userSendText({ ...base, text: 'cũ', timestamp: old }));
    expect(response.statusCode).toBe(401);
    expect(response.body).toContain('timestamp');
  });

  it('rejects an event for an OA not served here', async () => {
    const response = await app.deliver(userSendText({ ...base, oaId: '2999999999999999999', text: 'x' }));
    expect(response.statusCode).toBe(401);
  });

  it('answers malformed JSON with 400', async () => {
    const response = await app.server!.inject({
      method: 'POST',
      url: '/webhooks/zalo',
      headers: { 'content-type': 'application/json', 'x-zevent-signature': 'mac=00' },
      payload: '{"event_name": "user_send_text",',
    });
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: 'Malformed JSON body' });
  });

  it('answers a JSON body that is not an event envelope with 400 and the missing fields', async () => {
    const response = await app.server!.inject({
      method: 'POST',
      url: '/webhooks/zalo',
      headers: { 'content-type': 'application/json', 'x-zevent-signature': 'mac=00' },
      payload: '{"hello":"world"}',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('event_name');
  });

  it('answers a body over the limit with 413', async () => {
    const event = userSendText({ ...base, text: 'x'.repeat(300 * 1024) });
    const response = await app.deliver(event);
    expect(response.statusCode).toBe(413);
  });

  it('stores an accepted event and processes it', async () => {
    const event = userSeenMessage({ ...base, msgIds: ['m1', 'm2'] });
    const response = await app.deliver(event);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ ok: true, result: 'accepted' });
    await eventually(async () => {
      const rows = await app.database.db.select().from(inboxEvents).where(eq(inboxEvents.eventName, 'user_seen_message'));
      expect(rows).toHaveLength(1);
      expect(rows[0]!.status).toBe('processed');
      expect(rows[0]!.zaloUserId).toBe(RESIDENT);
    });
  });

  it('acknowledges a duplicate delivery without storing or processing it twice', async () => {
    const event = follow({ ...base, userId: '3000000000000000077' });
    const first = await app.deliver(event);
    const retry = await app.deliver(event, { headers: { num_retry: '1' } });
    expect(first.statusCode).toBe(200);
    expect(retry.statusCode).toBe(200);
    expect(JSON.parse(retry.body)).toMatchObject({ result: 'duplicate' });
    const rows = await app.database.db.select().from(inboxEvents).where(eq(inboxEvents.zaloUserId, '3000000000000000077'));
    expect(rows).toHaveLength(1);
  });

  it('acknowledges an unknown event name, keeps it for the record and does not process it', async () => {
    const event = { app_id: APP_ID, oa_id: OA_ID, event_name: 'shop_has_order', timestamp: String(Date.now()), order: { id: '1' } };
    const response = await app.deliver(event);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ result: 'ignored' });
    const [row] = await app.database.db.select().from(inboxEvents).where(eq(inboxEvents.eventName, 'shop_has_order'));
    expect(row?.status).toBe('ignored');
  });

  it('keeps Zalo ids longer than 2^53 exactly', async () => {
    const userId = '9007199254740993123';
    await app.deliver(follow({ ...base, userId }));
    const [row] = await app.database.db.select().from(inboxEvents).where(eq(inboxEvents.zaloUserId, userId));
    expect(row?.zaloUserId).toBe(userId);
  });

  it('reports health and readiness', async () => {
    expect((await app.server!.inject('/healthz')).statusCode).toBe(200);
    const ready = await app.server!.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(JSON.parse(ready.body)).toMatchObject({ status: 'ready', checks: { postgres: 'ok', redis: 'ok', migrations: 'ok' } });
  });
});

describe('when Redis or PostgreSQL is down', () => {
  it('keeps the event while Redis is down and processes it once a worker can run', async () => {
    const env = await createTestEnv();
    // An API process whose Redis is unreachable: nothing listens on port 1.
    const api = await startTestApp(env, { ROLE: 'api', REDIS_URL: 'redis://127.0.0.1:1', ENQUEUE_TIMEOUT_MS: '200' });
    try {
      const response = await api.deliver(follow({ ...base, userId: '3000000000000000101' }));
      expect(response.statusCode).toBe(200);
      const ready = await api.server!.inject('/readyz');
      expect(ready.statusCode).toBe(503);
      expect(JSON.parse(ready.body).checks.redis).not.toBe('ok');
      const [stored] = await api.database.db.select().from(inboxEvents);
      expect(stored?.status).toBe('pending');
    } finally {
      await api.close();
    }
    const worker = await startTestApp(env, { ROLE: 'worker' });
    try {
      await eventually(async () => {
        const [row] = await worker.database.db.select().from(inboxEvents);
        expect(row?.status).toBe('processed');
      });
    } finally {
      await worker.close();
      await env.dispose();
    }
  });

  it('answers 503 when PostgreSQL is unreachable, so Zalo retries', async () => {
    const env = await createTestEnv();
    const api = await startTestApp(env, { ROLE: 'api' });
    try {
      // Warm the commune cache, then lose the database: its connections are cut and new ones refused.
      await api.deliver(follow({ ...base, userId: '3000000000000000102' }));
      await withAdmin(async (client) => {
        await client.query(`alter database "${env.dbName}" with allow_connections false`);
        await client.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [env.dbName]);
      });
      const response = await api.deliver(follow({ ...base, userId: '3000000000000000103' }));
      expect(response.statusCode).toBe(503);
      expect(JSON.parse(response.body).error).toMatch(/retry/i);
      expect((await api.server!.inject('/readyz')).statusCode).toBe(503);
    } finally {
      await withAdmin((client) => client.query(`alter database "${env.dbName}" with allow_connections true`));
      await api.close().catch(() => undefined);
      await env.dispose();
    }
  });
});
