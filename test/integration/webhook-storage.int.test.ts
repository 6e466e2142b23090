import { randomInt } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { follow, signedWebhook, userSendText } from '../../src/dev/fake-zalo';
import { inboxEvents, inboxQuarantine } from '../../src/db/schema';
import { signatureHeaderValue } from '../../src/zalo/signature';
import { allowConnections, cutConnections } from '../support/db';
import { eventually } from '../support/eventually';
import { webhookCount } from '../support/metrics';
import {
  APP_ID,
  OA_ID,
  OA_SECRET,
  createTestEnv,
  redisUrl,
  startTestApp,
  type TestApp,
  type TestEnv,
} from '../support/test-app';

const base = { appId: APP_ID, oaId: OA_ID };
const user = (n: number) => `30000000000000${String(n).padStart(5, '0')}`;

const cutDatabase = (env: TestEnv) => cutConnections(env.dbName);
const restoreDatabase = (env: TestEnv) => allowConnections(env.dbName);

async function spoolLength(env: TestEnv): Promise<number> {
  const redis = new Redis(redisUrl);
  try {
    return await redis.xlen(`${env.prefix}:inbox-spool`);
  } finally {
    redis.disconnect();
  }
}

describe('when PostgreSQL cannot take an event', () => {
  it('keeps it in the Redis spool, answers 200, and processes it once PostgreSQL is back', async () => {
    const env = await createTestEnv();
    const app = await startTestApp(env);
    try {
      await cutDatabase(env);
      const followed = follow({ ...base, userId: user(1) });
      const first = await app.deliver(followed);
      // Zalo's retry of the same event during the outage: spooled again, stored once.
      const retry = await app.deliver(followed, { headers: { num_retry: '1' } });
      const text = await app.deliver(userSendText({ ...base, userId: user(2), text: 'Đèn đường hỏng' }));
      for (const response of [first, retry, text]) {
        expect(response.statusCode).toBe(200);
        expect(JSON.parse(response.body)).toMatchObject({ ok: true, result: 'spooled' });
      }
      expect(await spoolLength(env)).toBe(3);
      expect(await webhookCount(app, 'spooled')).toBe(3);
      expect((await app.server!.inject('/metrics')).body).toMatch(/^langnghe_inbox_spool_events 3$/m);

      await restoreDatabase(env);
      await eventually(
        async () => {
          const rows = await app.database.db
            .select()
            .from(inboxEvents)
            .where(inArray(inboxEvents.zaloUserId, [user(1), user(2)]));
          expect(rows.map((r) => [r.zaloUserId, r.status]).sort()).toEqual([
            [user(1), 'processed'],
            [user(2), 'processed'],
          ]);
          // The resident who wrote got the bot's answer.
          expect(env.fake.sentMessages(user(2)).length).toBeGreaterThan(0);
        },
        { timeoutMs: 20_000 },
      );
      expect(await spoolLength(env)).toBe(0);
    } finally {
      await restoreDatabase(env);
      await app.close();
      await env.dispose();
    }
  });

  it('answers within the deadline when PostgreSQL hangs, and stores the event once', async () => {
    const env = await createTestEnv();
    // Neither lock_timeout nor statement_timeout cuts the insert short: only the deadline can.
    const app = await startTestApp(env, {
      WEBHOOK_DEADLINE_MS: '600',
      WEBHOOK_LOCK_TIMEOUT_MS: '0',
      WEBHOOK_STATEMENT_TIMEOUT_MS: '60000',
    });
    const locker = new Client({ connectionString: env.dbUrl });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('lock table inbox_events in access exclusive mode');
      const started = performance.now();
      const response = await app.deliver(follow({ ...base, userId: user(4) }));
      const elapsedMs = performance.now() - started;
      expect(JSON.parse(response.body)).toMatchObject({ ok: true, result: 'spooled' });
      // Zalo's limit; the deadline is 600 ms.
      expect(elapsedMs).toBeLessThan(2_000);
      await locker.query('rollback');
      // The hung insert lands late and the drain finds it stored: one row, processed once.
      await eventually(async () => {
        const rows = await app.database.db
          .select()
          .from(inboxEvents)
          .where(eq(inboxEvents.zaloUserId, user(4)));
        expect(rows.map((r) => r.status)).toEqual(['processed']);
        expect(await spoolLength(env)).toBe(0);
      });
    } finally {
      await locker.end();
      await app.close();
      await env.dispose();
    }
  });

  it('answers 503 only when Redis cannot keep it either', async () => {
    const env = await createTestEnv();
    const api = await startTestApp(env, { ROLE: 'api', REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      await cutDatabase(env);
      const response = await api.deliver(follow({ ...base, userId: user(3) }));
      expect(response.statusCode).toBe(503);
      expect(JSON.parse(response.body).error).toMatch(/retry/i);
      expect((await api.server!.inject('/readyz')).statusCode).toBe(503);
    } finally {
      await restoreDatabase(env);
      await api.close();
      await env.dispose();
    }
  });
});

describe('a poisoned event among many', () => {
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

  it('never fails its batch-mates: what can be cleaned is stored, what PostgreSQL refuses even alone is quarantined', async () => {
    // Nested deeper than PostgreSQL's jsonb parser goes (stack depth limit): refused however it is cleaned.
    // JSON.stringify cannot build it either, so the body is written by hand.
    const depth = 20_000;
    const deepEvent = follow({ ...base, userId: user(99) });
    const deep = JSON.stringify(deepEvent).replace(
      /}$/,
      `,"extra":${'['.repeat(depth)}${']'.repeat(depth)}}`,
    );
    const deepHeaders = {
      'content-type': 'application/json',
      'x-zevent-signature': signatureHeaderValue(APP_ID, deep, deepEvent.timestamp, OA_SECRET),
    };

    const plain = Array.from({ length: 40 }, (_, i) =>
      signedWebhook(follow({ ...base, userId: user(10 + i) }), OA_SECRET),
    );
    // jsonb refuses `\u0000` and lone surrogates: cleaned to U+FFFD, stored and processed.
    const nul = signedWebhook(
      userSendText({ ...base, userId: user(60), text: 'ổ gà\u0000 ở thôn Đông' }),
      OA_SECRET,
    );
    const surrogate = signedWebhook(
      userSendText({ ...base, userId: user(61), text: 'đèn hỏng \ud83d' }),
      OA_SECRET,
    );
    expect(nul.rawBody).toContain('\\u0000');
    expect(surrogate.rawBody).toContain('\\ud83d');

    const requests = [
      ...plain.slice(0, 20).map((s) => ({ payload: s.rawBody, headers: s.headers })),
      { payload: nul.rawBody, headers: nul.headers },
      { payload: deep, headers: deepHeaders },
      { payload: surrogate.rawBody, headers: surrogate.headers },
      ...plain.slice(20).map((s) => ({ payload: s.rawBody, headers: s.headers })),
    ];
    // Sent at once, so that they share group-commit batches.
    const responses = await Promise.all(
      requests.map((r) => app.server!.inject({ method: 'POST', url: '/webhooks/zalo', ...r })),
    );
    const results = responses.map((r) => (JSON.parse(r.body) as { result: string }).result);
    expect(responses.every((r) => r.statusCode === 200)).toBe(true);
    expect(results.filter((r) => r === 'accepted')).toHaveLength(42);
    expect(results[21]).toBe('quarantined');

    const [quarantined] = await app.database.db.select().from(inboxQuarantine);
    expect(quarantined?.raw.equals(Buffer.from(deep))).toBe(true);
    expect(quarantined?.reason).toBe('54001');

    await eventually(async () => {
      const rows = await app.database.db.select().from(inboxEvents);
      expect(rows).toHaveLength(42);
      expect(rows.every((r) => r.status === 'processed')).toBe(true);
    });
    const [cleaned] = await app.database.db
      .select()
      .from(inboxEvents)
      .where(eq(inboxEvents.zaloUserId, user(60)));
    expect((cleaned?.payload.message as { text: string }).text).toBe('ổ gà\uFFFD ở thôn Đông');
    await eventually(() => {
      expect(env.fake.sentMessages(user(60)).length).toBeGreaterThan(0);
      expect(env.fake.sentMessages(user(61)).length).toBeGreaterThan(0);
    });
  });
});

describe('unsigned requests naming made-up OAs', () => {
  it('cost no database query and no memory, and get 200', async () => {
    const env = await createTestEnv();
    const app = await startTestApp(env, { ROLE: 'api', COMMUNE_KEYS_REFRESH_SECONDS: '3600' });
    try {
      const acquired = { webhook: 0, workers: 0 };
      app.webhook!.database.pool.on('acquire', () => acquired.webhook++);
      app.database.pool.on('acquire', () => acquired.workers++);
      const before = app.webhook!.directory.stats();
      const flood = 2_000;
      for (let i = 0; i < flood; i += 100) {
        const batch = Array.from({ length: 100 }, () => {
          const oaId = String(randomInt(1, 2 ** 47)) + String(randomInt(1, 2 ** 47));
          const body = JSON.stringify({
            app_id: APP_ID,
            recipient: { id: oaId },
            sender: { id: user(1) },
            event_name: 'user_send_text',
            timestamp: String(Date.now()),
          });
          return app.server!.inject({
            method: 'POST',
            url: '/webhooks/zalo',
            headers: { 'content-type': 'application/json', 'x-zevent-signature': `mac=${'ab'.repeat(32)}` },
            payload: body,
          });
        });
        const responses = await Promise.all(batch);
        expect(responses.every((r) => r.statusCode === 200 && r.body.includes('unknown_oa'))).toBe(true);
      }
      expect(acquired).toEqual({ webhook: 0, workers: 0 });
      expect(app.webhook!.directory.stats()).toEqual(before);
      expect(await webhookCount(app, 'unknown_oa')).toBe(flood);
      // The operator sees the same bound (npm run faults reads it from every api process).
      expect((await app.server!.inject('/metrics')).body).toMatch(/^langnghe_webhook_communes 1$/m);
    } finally {
      await app.close();
      await env.dispose();
    }
  });
});

describe('session limits', () => {
  it('sets statement, lock and idle-in-transaction timeouts on every pool, the webhook one shorter', async () => {
    const env = await createTestEnv();
    const app = await startTestApp(env, { ROLE: 'api' });
    try {
      const show = async (pool: typeof app.database.pool) => {
        const result = await pool.query<{ s: string; l: string; i: string }>(
          `select current_setting('statement_timeout') as s, current_setting('lock_timeout') as l,
                  current_setting('idle_in_transaction_session_timeout') as i`,
        );
        return result.rows[0];
      };
      expect(await show(app.database.pool)).toEqual({ s: '30s', l: '5s', i: '1min' });
      expect(await show(app.webhook!.database.pool)).toEqual({ s: '1s', l: '500ms', i: '5s' });
      // The limit is real: a statement longer than the webhook's is cancelled by PostgreSQL.
      await expect(app.webhook!.database.pool.query('select pg_sleep(2)')).rejects.toMatchObject({
        code: '57014',
      });
    } finally {
      await app.close();
      await env.dispose();
    }
  });
});
