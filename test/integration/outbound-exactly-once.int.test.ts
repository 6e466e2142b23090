import { eq } from 'drizzle-orm';
import { oaSendText, type WebhookEvent } from '../../src/dev/fake-zalo';
import { markOutboxFinal, markOutboxRetry } from '../../src/db/repos/outbox';
import { inboxEvents, outboundPauses } from '../../src/db/schema';
import { buttonsMessage, imageMessage, textMessage } from '../../src/zalo/render';
import { allowConnections, cutConnections } from '../support/db';
import { eventually } from '../support/eventually';
import { outboxRow, queueMessage } from '../support/outbox';
import {
  ADMIN_TOKEN,
  APP_ID,
  OA_ID,
  createTestEnv,
  startTestApp,
  type TestApp,
  type TestEnv,
} from '../support/test-app';

/**
 * Issue 9, items 1 and 2, through the real outbound worker, PostgreSQL, Redis and the fake Zalo's faults after
 * acceptance (the send is recorded, then the answer is lost), with Zalo's echoes posted to the real webhook.
 */

const USER = '3000000000000000401';
const CS = '/v3.0/oa/message/cs';

const queue = queueMessage;
const row = outboxRow;

/** Zalo's echoes of accepted sends reach the app's real webhook, as in production (docs/zalo.md §1.4). */
function echoToWebhook(env: TestEnv, app: TestApp): void {
  env.fake.setEchoes(OA_ID, async (event) => {
    await app.deliver(event);
  });
}

/** For `ms` (past the grace, several looks of the worker) the row keeps its one attempt, Zalo its one send. */
async function notResentFor(env: TestEnv, app: TestApp, id: number, ms: number): Promise<void> {
  const over = Date.now() + ms;
  await eventually(
    async () => {
      expect(Date.now()).toBeGreaterThan(over);
      expect((await row(app, id)).attempts).toBe(1);
    },
    { timeoutMs: ms + 6_000, intervalMs: 250 },
  );
  expect(env.fake.sentMessages(USER)).toHaveLength(1);
}

const admin = (app: TestApp, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  app.server!.inject({
    method,
    url,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    ...(payload ? { payload } : {}),
  });

describe('a send Zalo accepted but whose answer was lost', () => {
  let env: TestEnv;
  let app: TestApp;

  beforeEach(async () => {
    env = await createTestEnv();
    app = await startTestApp(env, { ZALO_HTTP_TIMEOUT_MS: '400', OUTBOX_ECHO_GRACE_SECONDS: '2' });
  });
  afterEach(async () => {
    await app.close();
    await env.dispose();
  });

  it.each([
    ['a timeout', { acceptThen: 'timeout' as const, holdMs: 5_000 }, textMessage('Đã nhận phản ánh')],
    [
      'a 502',
      { acceptThen: 'http' as const, httpStatus: 502 },
      imageMessage({ url: 'https://example.invalid/so-do.jpg' }, 'Sơ đồ'),
    ],
    [
      'a 504',
      { acceptThen: 'http' as const, httpStatus: 504 },
      buttonsMessage('Chọn lĩnh vực', [{ title: 'Đường sá', payload: '#duong' }]),
    ],
    ['a reset', { acceptThen: 'reset' as const }, textMessage('Mất kết nối')],
  ])('after %s reaches the resident once, settled by the echo', async (_what, fault, message) => {
    echoToWebhook(env, app);
    env.fake.failNext({ path: CS, with: fault });
    const id = await queue(app, USER, message);
    const settled = await eventually(
      async () => {
        const r = await row(app, id);
        expect(r.status).toBe('sent');
        return r;
      },
      { timeoutMs: 15_000 },
    );
    const sent = env.fake.sentMessages(USER);
    expect(sent).toHaveLength(1);
    expect(settled.zaloMessageId).toBe(sent[0]!.messageId);
    expect(settled.attempts).toBe(1);
  });

  it('resends once when no echo came within the grace', async () => {
    env.fake.failNext({ path: CS, with: { acceptThen: 'http', httpStatus: 502 } });
    const id = await queue(app, USER, textMessage('Không có tiếng vọng'));
    await eventually(async () => {
      expect((await row(app, id)).status).toBe('sending');
    });
    const sent = await eventually(
      async () => {
        const r = await row(app, id);
        expect(r.status).toBe('sent');
        return r;
      },
      { timeoutMs: 15_000 },
    );
    // Echoes off: the only case where the fake sees it twice, and only once more.
    expect(env.fake.sentMessages(USER)).toHaveLength(2);
    expect(sent.attempts).toBe(2);
    expect(sent.zaloMessageId).toBe(env.fake.sentMessages(USER)[1]!.messageId);
  });

  it('waits while an echo received within the grace is still unprocessed in the inbox', async () => {
    await app.deps.queues.inbound.pause();
    echoToWebhook(env, app);
    env.fake.failNext({ path: CS, with: { acceptThen: 'http', httpStatus: 502 } });
    const id = await queue(app, USER, textMessage('Tiếng vọng đến muộn'));
    await eventually(async () => {
      expect((await row(app, id)).status).toBe('sending');
    });
    // Past the grace and several looks of the worker: the echo is stored, not yet handled, so nothing is resent.
    await notResentFor(env, app, id, 4_000);
    await app.deps.queues.inbound.resume();
    await eventually(
      async () => {
        expect((await row(app, id)).status).toBe('sent');
      },
      { timeoutMs: 15_000 },
    );
    expect(env.fake.sentMessages(USER)).toHaveLength(1);
  });

  it('waits for an echo kept in the Redis spool while PostgreSQL was down, and is settled by it', async () => {
    // Zalo took the send and the answer was lost; its echo comes while PostgreSQL is down, so the webhook keeps
    // it in the Redis spool. The database is back long after the grace, the spool not yet drained.
    const echoes: WebhookEvent[] = [];
    env.fake.setEchoes(OA_ID, (event) => {
      echoes.push(event);
      return Promise.resolve();
    });
    env.fake.failNext({ path: CS, with: { acceptThen: 'http', httpStatus: 502 } });
    const id = await queue(app, USER, textMessage('Tiếng vọng trong hàng đợi Redis'));
    await eventually(async () => {
      expect((await row(app, id)).status).toBe('sending');
      expect(echoes).toHaveLength(1);
    });
    await cutConnections(env.dbName);
    const spooledAt = Date.now();
    const answer = await app.deliver(echoes[0]!);
    expect(JSON.parse(answer.body)).toMatchObject({ result: 'spooled' });
    await app.webhook!.spool.stop();
    await allowConnections(env.dbName);

    // Past the grace and several looks of the worker with the database up: the echo may be in the spool.
    await notResentFor(env, app, id, 5_000);

    expect(await app.webhook!.spool.drain()).toBe(1);
    const [echoRow] = await app.database.db
      .select()
      .from(inboxEvents)
      .where(eq(inboxEvents.eventName, 'oa_send_text'));
    // Stored with the webhook's receipt, not the drain's time: the grace rule counts from there.
    expect(Math.abs(echoRow!.receivedAt.getTime() - spooledAt)).toBeLessThan(1_000);
    const settled = await eventually(
      async () => {
        const r = await row(app, id);
        expect(r.status).toBe('sent');
        return r;
      },
      { timeoutMs: 15_000 },
    );
    expect(env.fake.sentMessages(USER)).toHaveLength(1);
    expect(settled.zaloMessageId).toBe(env.fake.sentMessages(USER)[0]!.messageId);
  }, 40_000);

  it('never lets an echo typed by an OA admin settle a bot message', async () => {
    // The bot's send is taken and its answer lost; Zalo's own echo of it is not posted (no sink). What comes
    // is the echo of a staff member typing the same text in Zalo's OA chat tool.
    env.fake.failNext({ path: CS, with: { acceptThen: 'http', httpStatus: 502 } });
    const text = 'Cán bộ sẽ liên hệ lại.';
    const id = await queue(app, USER, textMessage(text));
    await eventually(async () => {
      expect((await row(app, id)).status).toBe('sending');
    });
    const human = await app.deliver(
      oaSendText({ appId: APP_ID, oaId: OA_ID, userId: USER, text, adminId: '6000000000000000006' }),
    );
    expect(human.statusCode).toBe(200);
    await eventually(
      async () => {
        expect((await row(app, id)).status).toBe('sent');
      },
      { timeoutMs: 20_000 },
    );
    const r = await row(app, id);
    // Settled by our resend after the grace, not by the admin's echo.
    expect(r.attempts).toBe(2);
    expect(r.zaloMessageId).toBe(env.fake.sentMessages(USER)[1]!.messageId);
  });
});

describe('our own database failing after Zalo answered', () => {
  it('does not resend, and a sent row never goes back', async () => {
    const env = await createTestEnv();
    const app = await startTestApp(env, { OUTBOX_ECHO_GRACE_SECONDS: '1' });
    try {
      // The first three writes of `sent` fail, as a PostgreSQL blip right after Zalo's answer would.
      await app.database.pool.query(`
        create sequence fail_sent_writes;
        create function fail_sent_writes() returns trigger language plpgsql as $$
        begin
          if new.status = 'sent' and nextval('fail_sent_writes') <= 3 then
            raise exception 'injected failure of the sent write';
          end if;
          return new;
        end $$;
        create trigger fail_sent_writes before update on outbox_messages for each row execute function fail_sent_writes();`);
      const id = await queue(app, USER, textMessage('Ghi nhận thất bại'));
      await eventually(
        async () => {
          expect((await row(app, id)).status).toBe('sent');
        },
        { timeoutMs: 15_000 },
      );
      const sent = await row(app, id);
      expect(env.fake.sentMessages(USER)).toHaveLength(1);
      expect(sent.zaloMessageId).toBe(env.fake.sentMessages(USER)[0]!.messageId);

      // Every later transition names the version it read, so none applies to a sent row.
      const stale = { id, status: 'sending' as const, attempts: sent.attempts };
      const error = { kind: 'Network', code: null, message: 'late' };
      expect(await markOutboxRetry(app.database.db, stale, new Date(), error)).toBe(false);
      expect(await markOutboxFinal(app.database.db, stale, 'failed', error)).toBe(false);
      await app.deps.queues.outbound.add('outbox.send', { outboxId: id }, { jobId: `outbox-${id}-again` });
      await app.deliver(
        oaSendText({
          appId: APP_ID,
          oaId: OA_ID,
          userId: USER,
          text: 'Ghi nhận thất bại',
          msgId: sent.zaloMessageId!,
        }),
      );
      await eventually(async () => {
        expect(await app.deps.queues.outbound.getCompletedCount()).toBeGreaterThanOrEqual(2);
      });
      expect(await row(app, id)).toMatchObject({
        status: 'sent',
        zaloMessageId: sent.zaloMessageId,
        attempts: sent.attempts,
      });
      expect(env.fake.sentMessages(USER)).toHaveLength(1);
    } finally {
      await app.close();
      await env.dispose();
    }
  });
});

describe('retries budgeted by time', () => {
  let env: TestEnv;
  let app: TestApp;
  afterEach(async () => {
    await app.close();
    await env.dispose();
  });

  it('delivers after an outage longer than the old two-minute attempt budget would allow, once', async () => {
    env = await createTestEnv();
    // JOB_ATTEMPTS 2 used to mean failed after two tries; the outage lasts many tries.
    app = await startTestApp(env, {
      JOB_ATTEMPTS: '2',
      OUTBOX_ECHO_GRACE_SECONDS: '1',
      OUTBOX_BACKOFF_CAP_SECONDS: '1',
      OUTBOX_RETRY_BUDGET_SECONDS: '60',
    });
    env.fake.startOutage({ ms: 5_000, mode: 'reset' });
    const id = await queue(app, USER, textMessage('Sau sự cố'));
    await eventually(
      async () => {
        expect((await row(app, id)).attempts).toBeGreaterThan(2);
      },
      {
        timeoutMs: 15_000,
      },
    );
    expect((await row(app, id)).status).not.toBe('failed');
    await eventually(
      async () => {
        expect((await row(app, id)).status).toBe('sent');
      },
      { timeoutMs: 20_000 },
    );
    expect(env.fake.textsTo(USER)).toEqual(['Sau sự cố']);
  });

  it('marks a message failed only once its budget is spent, with the reason, and re-drives it', async () => {
    env = await createTestEnv();
    app = await startTestApp(env, {
      OUTBOX_ECHO_GRACE_SECONDS: '1',
      OUTBOX_BACKOFF_CAP_SECONDS: '1',
      OUTBOX_RETRY_BUDGET_SECONDS: '3',
    });
    env.fake.startOutage({ ms: 600_000, mode: 'http', httpStatus: 503 });
    const id = await queue(app, USER, textMessage('Hết hạn thử lại'));
    const failed = await eventually(
      async () => {
        const r = await row(app, id);
        expect(r.status).toBe('failed');
        return r;
      },
      { timeoutMs: 20_000 },
    );
    expect(Date.now() - failed.retrySince!.getTime()).toBeGreaterThanOrEqual(3_000);
    expect(failed.errorKind).toBe('Http');
    expect(failed.lastError).toMatch(/^retry budget of .* spent after \d+ attempts; last: ZaloError/);
    expect(env.fake.sentMessages(USER)).toHaveLength(0);

    env.fake.endOutage();
    const status = await admin(app, 'GET', '/api/admin/outbound');
    expect(status.json()).toMatchObject({ failed: { Http: 1 }, token: { status: 'ok' } });
    const redrive = await admin(app, 'POST', '/api/admin/outbox/redrive', { reason: 'Http' });
    expect(redrive.json()).toEqual({ ok: true, redriven: 1 });
    await eventually(
      async () => {
        expect((await row(app, id)).status).toBe('sent');
      },
      { timeoutMs: 15_000 },
    );
    expect(env.fake.textsTo(USER)).toEqual(['Hết hạn thử lại']);
  });

  it('leaves a refused connection a plain retry: never a send of unknown outcome', async () => {
    env = await createTestEnv();
    // Nothing listens there: the connection is refused before any byte leaves.
    app = await startTestApp(env, {
      ZALO_API_BASE_URL: 'http://127.0.0.1:9',
      OUTBOX_BACKOFF_CAP_SECONDS: '1',
    });
    const id = await queue(app, USER, textMessage('Không kết nối được'));
    const r = await eventually(
      async () => {
        const found = await row(app, id);
        expect(found.attempts).toBeGreaterThanOrEqual(2);
        expect(found.status).toBe('pending');
        return found;
      },
      { timeoutMs: 15_000 },
    );
    expect(r).toMatchObject({ errorKind: 'Network' });
    expect(r.lastError).toContain('ECONNREFUSED');
  });
});

describe('a per-OA pause', () => {
  it('holds the commune’s sends while Zalo says out of quota, probes once per pause, then delivers all once', async () => {
    const env = await createTestEnv();
    const app = await startTestApp(env, { OUTBOX_OA_PAUSE_SECONDS: '2' });
    try {
      env.fake.setQuotaExceeded(OA_ID, true);
      const users = [
        '3000000000000000411',
        '3000000000000000412',
        '3000000000000000413',
        '3000000000000000414',
      ];
      const ids: number[] = [];
      for (const user of users)
        ids.push(await queue(app, user, textMessage(`Thông báo cho ${user.slice(-3)}`)));

      const pause = await eventually(async () => {
        const [found] = await app.database.db.select().from(outboundPauses);
        expect(found).toMatchObject({ reason: 'QuotaExceeded', zaloCode: -211 });
        return found!;
      });
      // The pause ends, one probe is refused, the pause is extended. Before the pause landed, the recipients'
      // concurrent jobs may each have tried once; after it ended, one probe and no more.
      const refusedAfter = (at: Date) =>
        env.fake
          .requests({ path: CS })
          .filter(
            (r) =>
              (r.response.body as { error?: number } | null)?.error === -211 &&
              r.at.getTime() >= at.getTime(),
          );
      await eventually(
        async () => {
          const [found] = await app.database.db.select().from(outboundPauses);
          expect(found!.until.getTime()).toBeGreaterThan(pause.until.getTime());
          expect(refusedAfter(pause.until).length).toBeGreaterThanOrEqual(1);
        },
        { timeoutMs: 10_000 },
      );
      expect(refusedAfter(pause.until)).toHaveLength(1);
      expect(refusedAfter(new Date(0)).length).toBeLessThanOrEqual(users.length + 1);
      const visible = await admin(app, 'GET', '/api/admin/outbound');
      expect(visible.json()).toMatchObject({ pause: { reason: 'QuotaExceeded', zaloCode: -211 } });

      env.fake.setQuotaExceeded(OA_ID, false);
      await eventually(
        async () => {
          for (const id of ids) expect((await row(app, id)).status).toBe('sent');
        },
        { timeoutMs: 15_000 },
      );
      for (const user of users) expect(env.fake.sentMessages(user)).toHaveLength(1);
      expect(await app.database.db.select().from(outboundPauses)).toEqual([]);
    } finally {
      await app.close();
      await env.dispose();
    }
  });
});

describe('the outbound rate limit', () => {
  it('counts Zalo calls across the app, not jobs', async () => {
    const env = await createTestEnv();
    const app = await startTestApp(env, { ZALO_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const ids: number[] = [];
      // One recipient: one job drains every message, yet each send is a call the limit counts.
      for (let i = 0; i < 5; i++) ids.push(await queue(app, USER, textMessage(`tin ${i}`)));
      await eventually(
        async () => {
          expect((await row(app, ids[3]!)).errorKind).toBe('RateLimited');
        },
        {
          timeoutMs: 10_000,
        },
      );
      expect(env.fake.requests({ path: CS })).toHaveLength(3);
      expect(env.fake.textsTo(USER)).toEqual(['tin 0', 'tin 1', 'tin 2']);
      expect(await row(app, ids[3]!)).toMatchObject({ status: 'pending', errorCode: null });
    } finally {
      await app.close();
      await env.dispose();
    }
  });
});
