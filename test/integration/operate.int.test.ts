import { eq } from 'drizzle-orm';
import { follow, userSendText } from '../../src/dev/fake-zalo';
import { cases, outboxMessages } from '../../src/db/schema';
import { eventually } from '../support/eventually';
import { sample, scrape } from '../support/prometheus';
import { APP_ID, OA_ID, createTestEnv, startTestApp, type TestApp, type TestEnv } from '../support/test-app';
import { forkWorker, stopWorker, type WorkerChild } from '../support/fork-worker';

/**
 * Issue 13's proof for metrics and readiness, scraped over real HTTP: an API process (ROLE=api, in this
 * process, on a clock the test moves) and a worker process (ROLE=worker, a child process, on its own
 * METRICS_PORT). Events go through the real webhook; the worker answers through the fake Zalo.
 */

const COMMUNE = 'xa-mac-dinh';
const SEND_PATH = '/v3.0/oa/message/cs';
const DAY_MS = 24 * 3600 * 1000;

/** A clock the test moves forward; everything of the API process reads it. */
function movableClock() {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advance: (ms: number) => {
      offsetMs += ms;
    },
    reset: () => {
      offsetMs = 0;
    },
  };
}

describe('metrics an operator reads, from an api and a worker process', () => {
  let env: TestEnv;
  let api: TestApp;
  let worker: WorkerChild;
  const clock = movableClock();
  let apiUrl: string;
  let apiMetricsUrl: string;
  let workerUrl: string;
  const apiMetrics = () => scrape(`${apiUrl}/metrics`);
  const workerMetrics = () => scrape(`${workerUrl}/metrics`);
  const base = (userId: string) => ({ appId: APP_ID, oaId: OA_ID, userId });

  beforeAll(async () => {
    env = await createTestEnv();
    api = await startTestApp(
      env,
      { ROLE: 'api', HOST: '127.0.0.1', WEBHOOK_BODY_LIMIT_BYTES: '2048' },
      { now: clock.now },
    );
    const { port, metricsPort } = await api.listen();
    apiUrl = `http://127.0.0.1:${String(port)}`;
    apiMetricsUrl = `http://127.0.0.1:${String(metricsPort)}`;
    // A Zalo 5xx leaves the send's outcome unknown: the worker waits this grace for an echo before resending.
    worker = await forkWorker(env, { OUTBOX_ECHO_GRACE_SECONDS: '1' });
    workerUrl = `http://127.0.0.1:${String(worker.metricsPort)}`;
  });
  afterAll(async () => {
    await stopWorker(worker);
    await api.close();
    await env.dispose();
  });
  afterEach(() => {
    clock.reset();
  });

  /** Sends each event once the bot has answered the previous one and every message to the user went out. */
  async function chat(userId: string, texts: string[]): Promise<void> {
    for (const text of texts) {
      const before = env.fake.sentMessages(userId).length;
      const event = text === '(follow)' ? follow(base(userId)) : userSendText({ ...base(userId), text });
      expect((await api.deliver(event)).statusCode).toBe(200);
      await eventually(() => {
        expect(env.fake.sentMessages(userId).length).toBeGreaterThan(before);
      });
      await eventually(async () => {
        const rows = await api.database.db
          .select()
          .from(outboxMessages)
          .where(eq(outboxMessages.zaloUserId, userId));
        expect(rows.every((m) => m.status !== 'pending' && m.status !== 'sending')).toBe(true);
      });
    }
  }

  it('counts webhook answers by HTTP status and result, and times them, on both API listeners', async () => {
    const resident = '3000000000000000701';
    const event = userSendText({ ...base(resident), text: 'xin chào' });
    expect((await api.deliver(event)).statusCode).toBe(200);
    expect((await api.deliver(event)).statusCode).toBe(200);
    expect(
      (await api.deliver(userSendText({ ...base(resident), text: 'x' }), { secret: 'not-the-secret' }))
        .statusCode,
    ).toBe(401);
    const post = (body: string) =>
      fetch(`${apiUrl}/webhooks/zalo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-zevent-signature': 'mac=0' },
        body,
      });
    expect((await post(JSON.stringify({ pad: 'x'.repeat(4096) }))).status).toBe(413);
    expect((await post('{not json')).status).toBe(400);

    for (const text of [await apiMetrics(), await scrape(`${apiMetricsUrl}/metrics`)]) {
      expect(sample(text, 'langnghe_webhook_requests_total', { status: '200', result: 'accepted' })).toBe(1);
      expect(sample(text, 'langnghe_webhook_requests_total', { status: '200', result: 'duplicate' })).toBe(1);
      expect(
        sample(text, 'langnghe_webhook_requests_total', { status: '401', result: 'bad_signature' }),
      ).toBe(1);
      expect(sample(text, 'langnghe_webhook_requests_total', { status: '413', result: 'too_large' })).toBe(1);
      expect(sample(text, 'langnghe_webhook_requests_total', { status: '400', result: 'invalid' })).toBe(1);
      expect(sample(text, 'langnghe_webhook_duration_seconds_count', { result: 'accepted' })).toBe(1);
      expect(
        sample(text, 'langnghe_webhook_duration_seconds_bucket', { result: 'accepted', le: '+Inf' }),
      ).toBe(1);
    }
    // The worker process took no webhook request.
    expect(
      sample(await workerMetrics(), 'langnghe_webhook_requests_total', { status: '200', result: 'accepted' }),
    ).toBe(0);
    // Every reply to that event settled, so the next test counts only its own.
    await eventually(async () => {
      const rows = await api.database.db
        .select()
        .from(outboxMessages)
        .where(eq(outboxMessages.zaloUserId, resident));
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((m) => m.status === 'sent')).toBe(true);
    });
  });

  it("times each reply from the resident's event reaching the webhook to Zalo accepting it, in the worker", async () => {
    const resident = '3000000000000000702';
    const before = sample(await workerMetrics(), 'langnghe_reply_duration_seconds_count') ?? 0;
    const sentBefore =
      sample(await workerMetrics(), 'langnghe_outbox_settled_total', { status: 'sent' }) ?? 0;
    await chat(resident, ['menu']);
    const replies = await api.database.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.zaloUserId, resident));
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.every((r) => r.replyToReceivedAt !== null && r.status === 'sent')).toBe(true);

    const text = await workerMetrics();
    expect(sample(text, 'langnghe_reply_duration_seconds_count')).toBe(before + replies.length);
    expect(sample(text, 'langnghe_reply_duration_seconds_bucket', { le: '+Inf' })).toBe(
      before + replies.length,
    );
    expect(sample(text, 'langnghe_outbox_settled_total', { status: 'sent' })).toBe(
      sentBefore + replies.length,
    );
    expect(
      sample(text, 'langnghe_zalo_api_duration_seconds_count', { method: 'message.cs', outcome: 'ok' }),
    ).toBeGreaterThanOrEqual(sentBefore + replies.length);
    // Sends are counted where they happen: the API process sent nothing. State reads the same from both.
    const apiText = await apiMetrics();
    expect(sample(apiText, 'langnghe_outbox_settled_total', { status: 'sent' })).toBe(0);
    expect(sample(apiText, 'langnghe_reply_duration_seconds_count')).toBe(0);
    // State gauges share one read for two seconds, so a scrape may still show the last one.
    await eventually(async () => {
      for (const t of [await workerMetrics(), await apiMetrics()]) {
        expect(sample(t, 'langnghe_inbox_pending_events')).toBe(0);
        expect(sample(t, 'langnghe_outbox_pending_messages')).toBe(0);
        expect(sample(t, 'langnghe_queue_jobs', { queue: 'outbound-messages', state: 'waiting' })).toBe(0);
      }
    });
  });

  it("labels Zalo's HTTP 503 with its status, and counts failed and undeliverable messages", async () => {
    const resident = '3000000000000000703';
    env.fake.failNext({ path: SEND_PATH, with: { httpStatus: 503 } });
    await chat(resident, ['menu']);
    const afterRetry = await workerMetrics();
    expect(
      sample(afterRetry, 'langnghe_zalo_api_errors_total', {
        method: 'message.cs',
        code: 'none',
        http_status: '503',
        kind: 'Http',
      }),
    ).toBe(1);

    // -201 is our bug (a bad request): never retried, the message is failed at once.
    env.fake.failNext({ path: SEND_PATH, times: 10, with: { zaloError: -201 } });
    expect((await api.deliver(userSendText({ ...base(resident), text: 'menu' }))).statusCode).toBe(200);
    await eventually(async () => {
      const [w, a] = [await workerMetrics(), await apiMetrics()];
      expect(sample(w, 'langnghe_outbox_settled_total', { status: 'failed' })).toBeGreaterThan(0);
      expect(
        sample(w, 'langnghe_zalo_api_errors_total', {
          method: 'message.cs',
          code: '-201',
          http_status: '200',
          kind: 'BadRequest',
        }),
      ).toBeGreaterThan(0);
      for (const t of [w, a])
        expect(sample(t, 'langnghe_failed_rows', { table: 'outbox_messages' })).toBeGreaterThan(0);
    });
    env.fake.reset();

    env.fake.setOutsideWindow(OA_ID, resident, true);
    expect((await api.deliver(userSendText({ ...base(resident), text: 'menu' }))).statusCode).toBe(200);
    await eventually(async () => {
      expect(
        sample(await workerMetrics(), 'langnghe_outbox_settled_total', { status: 'undeliverable' }),
      ).toBeGreaterThan(0);
    });
    env.fake.setOutsideWindow(OA_ID, resident, false);
  });

  it('shows token expiry per commune once a refresh tells it, and overdue cases as deadlines pass', async () => {
    // Tokens pasted from the environment have no known expiry: no series until the first refresh.
    expect(
      sample(await apiMetrics(), 'langnghe_zalo_token_expiry_seconds', { commune: COMMUNE }),
    ).toBeUndefined();
    env.fake.expireAccessToken(OA_ID);
    const reporter = '3000000000000000704';
    await chat(reporter, [
      '(follow)',
      'Ổ gà lớn trước cổng chợ, xe máy đi qua dễ ngã',
      'dung',
      'khong co anh',
      'bo qua',
      'gui',
    ]);
    expect(sample(await workerMetrics(), 'langnghe_zalo_token_refreshes_total', { outcome: 'ok' })).toBe(1);
    await eventually(async () => {
      expect(
        sample(await apiMetrics(), 'langnghe_zalo_token_expiry_seconds', { commune: COMMUNE }),
      ).toBeGreaterThan(20 * 3600);
    });

    // The case is routed with a deadline; the API's clock moves past it.
    const filed = await eventually(async () => {
      const [row] = await api.database.db.select().from(cases);
      expect(row?.dueAt).toBeInstanceOf(Date);
      return row!;
    });
    await eventually(async () => {
      const opened = await apiMetrics();
      expect(sample(opened, 'langnghe_cases_open', { commune: COMMUNE, status: filed.status })).toBe(1);
      expect(sample(opened, 'langnghe_cases_overdue', { commune: COMMUNE })).toBe(0);
    });
    clock.advance(filed.dueAt!.getTime() - Date.now() + DAY_MS);
    await eventually(async () => {
      const later = await apiMetrics();
      expect(sample(later, 'langnghe_cases_overdue', { commune: COMMUNE })).toBe(1);
      expect(sample(later, 'langnghe_zalo_token_expiry_seconds', { commune: COMMUNE })).toBeLessThan(0);
    });
  });
});

describe('readiness that tells the truth', () => {
  let env: TestEnv;
  let api: TestApp;
  const clock = movableClock();
  const resident = '3000000000000000801';
  const base = { appId: APP_ID, oaId: OA_ID, userId: resident };
  const readyz = async () => {
    const response = await api.server!.inject('/readyz');
    return {
      statusCode: response.statusCode,
      body: response.json<{ status: string; checks: Record<string, string> }>(),
    };
  };

  beforeAll(async () => {
    env = await createTestEnv();
    // An API process alone: nothing processes the events it stores until the test starts a worker.
    api = await startTestApp(env, { ROLE: 'api', READY_MAX_PENDING_AGE_SECONDS: '60' }, { now: clock.now });
  });
  afterAll(async () => {
    await api.close();
    await env.dispose();
  });

  it('turns degraded while inbox events wait for a worker, and ready again once they move', async () => {
    expect(await readyz()).toEqual({
      statusCode: 200,
      body: {
        status: 'ready',
        checks: { postgres: 'ok', redis: 'ok', media: 'ok', migrations: 'ok', inbox: 'ok', outbox: 'ok' },
      },
    });
    expect((await api.deliver(userSendText({ ...base, text: 'menu' }))).statusCode).toBe(200);
    clock.advance(90_000);
    await eventually(async () => {
      const degraded = await readyz();
      // Still 200: the webhook stores events, so the load balancer must keep sending them (health.ts).
      expect(degraded.statusCode).toBe(200);
      expect(degraded.body.status).toBe('degraded');
      expect(degraded.body.checks.inbox).toMatch(
        /^the oldest pending inbox event has waited 9\d s \(bound 60 s\)$/,
      );
      expect(degraded.body.checks.outbox).toBe('ok');
    });

    // The reply is held at Zalo for a while: the outbox is now what does not move.
    env.fake.failNext({ path: '/v3.0/oa/message/cs', with: { delayMs: 6_000 } });
    const worker = await startTestApp(env, { ROLE: 'worker' });
    try {
      await eventually(async () => {
        const { statusCode, body } = await readyz();
        expect(statusCode).toBe(200);
        expect(body.checks.inbox).toBe('ok');
        expect(body.checks.outbox).toMatch(
          /^the oldest pending outbox message has waited 9\d s \(bound 60 s\)$/,
        );
      });
      await eventually(
        async () => {
          expect(await readyz()).toMatchObject({
            statusCode: 200,
            body: { status: 'ready', checks: { inbox: 'ok', outbox: 'ok' } },
          });
        },
        { timeoutMs: 20_000 },
      );
      expect(env.fake.sentMessages(resident).length).toBeGreaterThan(0);
    } finally {
      await worker.close();
    }
  });

  it('fails with 503 when a dependency is down, without echoing its error', async () => {
    const down = await startTestApp(env, { ROLE: 'api', REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const response = await down.server!.inject('/readyz');
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({
        status: 'not_ready',
        checks: { redis: 'unavailable', postgres: 'ok' },
      });
      expect(response.body).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|connect|:1\b/);
    } finally {
      await down.close();
    }
  });
});
