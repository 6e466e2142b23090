import { eq } from 'drizzle-orm';
import { follow, userSendText, userSeenMessage } from '../../src/dev/fake-zalo';
import { inboxEvents } from '../../src/db/schema';
import { webhookCount } from '../support/metrics';
import { eventually } from '../support/eventually';
import {
  APP_ID,
  OA_ID,
  RESIDENT,
  createTestEnv,
  startTestApp,
  type TestApp,
  type TestEnv,
} from '../support/test-app';

const base = { appId: APP_ID, oaId: OA_ID, userId: RESIDENT };
/** A signature header of the right form that matches nothing. */
const WELL_FORMED_MAC = `mac=${'0'.repeat(64)}`;

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
    const response = await app.deliver(userSendText({ ...base, text: 'xin chào' }), {
      secret: 'not-the-oa-secret',
    });
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

  it('rejects a missing or malformed signature header before looking anything up', async () => {
    const response = await app.deliver(userSendText({ ...base, text: 'x' }), {
      headers: { 'x-zevent-signature': 'mac=00' },
    });
    expect(response.statusCode).toBe(401);
    expect(JSON.parse(response.body).error).toMatch(/malformed/i);
  });

  it('keeps an authentic event older than the replay window as ignored (stale), answers 200 and never processes it', async () => {
    const old = String(Date.now() - 14 * 3600 * 1000);
    const response = await app.deliver(userSendText({ ...base, text: 'cũ', timestamp: old }));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ ok: true, result: 'stale' });
    const [row] = await app.database.db
      .select()
      .from(inboxEvents)
      .where(eq(inboxEvents.eventAt, new Date(Number(old))));
    expect(row).toMatchObject({ status: 'ignored', ignoredReason: 'stale', processedAt: null });
    expect(await webhookCount(app, 'stale')).toBe(1);
  });

  it('accepts a retry Zalo sends 12 hours after the event (its retries may run that long)', async () => {
    const late = String(Date.now() - 12 * 3600 * 1000);
    const response = await app.deliver(follow({ ...base, userId: '3000000000000000088', timestamp: late }));
    expect(JSON.parse(response.body)).toMatchObject({ ok: true, result: 'accepted' });
  });

  it('answers 200 to an event for an OA not served here, without storing it, and counts it', async () => {
    const before = (await inboxRows()).length;
    const response = await app.deliver(userSendText({ ...base, oaId: '2999999999999999999', text: 'x' }));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ ok: true, result: 'unknown_oa' });
    expect(await inboxRows()).toHaveLength(before);
    expect(await webhookCount(app, 'unknown_oa')).toBe(1);
  });

  it('answers malformed JSON with 400', async () => {
    const response = await app.server!.inject({
      method: 'POST',
      url: '/webhooks/zalo',
      headers: { 'content-type': 'application/json', 'x-zevent-signature': WELL_FORMED_MAC },
      payload: '{"event_name": "user_send_text",',
    });
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: 'Malformed JSON body' });
  });

  it('answers a JSON body that is not an object with 400, and one naming no OA of ours with 200 unknown_oa', async () => {
    const post = (payload: string) =>
      app.server!.inject({
        method: 'POST',
        url: '/webhooks/zalo',
        headers: { 'content-type': 'application/json', 'x-zevent-signature': WELL_FORMED_MAC },
        payload,
      });
    expect((await post('[1, 2]')).statusCode).toBe(400);
    const noOa = await post('{"hello":"world"}');
    expect(noOa.statusCode).toBe(200);
    expect(JSON.parse(noOa.body)).toMatchObject({ result: 'unknown_oa' });
  });

  it('keeps an authentic event of an unexpected shape as ignored with the fields at fault, and answers 200', async () => {
    // A user id that is not Zalo's (letters, and far too long for an id): the signature is valid all the same.
    const event = { ...userSendText({ ...base, text: 'lạ' }), sender: { id: 'x'.repeat(3000) } };
    const response = await app.deliver(event);
    expect(JSON.parse(response.body)).toMatchObject({ ok: true, result: 'odd_shape' });
    const [row] = await app.database.db
      .select()
      .from(inboxEvents)
      .where(eq(inboxEvents.ignoredReason, 'odd_shape: sender.id'));
    expect(row).toMatchObject({ status: 'ignored', eventName: 'user_send_text', zaloUserId: null });
  });

  it('refuses (keeps as ignored) an authentic event whose timestamp is not a safe integer', async () => {
    const response = await app.deliver(
      follow({ ...base, userId: '3000000000000000089', timestamp: '9999999999999999' }),
    );
    expect(JSON.parse(response.body)).toMatchObject({ ok: true, result: 'bad_timestamp' });
    const [row] = await app.database.db
      .select()
      .from(inboxEvents)
      .where(eq(inboxEvents.zaloUserId, '3000000000000000089'));
    expect(row).toMatchObject({ status: 'ignored', ignoredReason: 'bad_timestamp' });
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
      const rows = await app.database.db
        .select()
        .from(inboxEvents)
        .where(eq(inboxEvents.eventName, 'user_seen_message'));
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
    const rows = await app.database.db
      .select()
      .from(inboxEvents)
      .where(eq(inboxEvents.zaloUserId, '3000000000000000077'));
    expect(rows).toHaveLength(1);
  });

  it('acknowledges an unknown event name, keeps it for the record and does not process it', async () => {
    const event = {
      app_id: APP_ID,
      oa_id: OA_ID,
      event_name: 'shop_has_order',
      timestamp: String(Date.now()),
      order: { id: '1' },
    };
    const response = await app.deliver(event);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ result: 'ignored' });
    const [row] = await app.database.db
      .select()
      .from(inboxEvents)
      .where(eq(inboxEvents.eventName, 'shop_has_order'));
    expect(row).toMatchObject({ status: 'ignored', ignoredReason: 'unknown_event' });
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
    expect(JSON.parse(ready.body)).toMatchObject({
      status: 'ready',
      checks: { postgres: 'ok', redis: 'ok', migrations: 'ok' },
    });
  });
});

describe('when Redis or PostgreSQL is down', () => {
  it('keeps the event while Redis is down and processes it once a worker can run', async () => {
    const env = await createTestEnv();
    // An API process whose Redis is unreachable: nothing listens on port 1.
    const api = await startTestApp(env, {
      ROLE: 'api',
      REDIS_URL: 'redis://127.0.0.1:1',
      ENQUEUE_TIMEOUT_MS: '200',
    });
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
});
