import { eq } from 'drizzle-orm';
import { enqueueOutbox } from '../../src/app/enqueue';
import { oaSendText } from '../../src/dev/fake-zalo';
import {
  insertOutbox,
  markOutboxSending,
  markOutboxSent,
  markOutboxSentThenSending,
} from '../../src/db/repos/outbox';
import { communes, outboxMessages } from '../../src/db/schema';
import { textMessage } from '../../src/zalo/render';
import { eventually } from '../support/eventually';
import { forkWorker } from '../support/fork-worker';
import { APP_ID, OA_ID, createTestEnv, startTestApp, type TestApp, type TestEnv } from '../support/test-app';

const USER_A = '3000000000000000201';
const USER_B = '3000000000000000202';

async function queueText(app: TestApp, userId: string, text: string): Promise<number> {
  const [commune] = await app.database.db.select().from(communes);
  const [id] = await insertOutbox(app.database.db, [
    { communeId: commune!.id, zaloUserId: userId, message: textMessage(text) },
  ]);
  await enqueueOutbox(app.deps, [id!]);
  return id!;
}

async function outboxRow(app: TestApp, id: number) {
  const [row] = await app.database.db.select().from(outboxMessages).where(eq(outboxMessages.id, id));
  return row!;
}

describe('outbox delivery', () => {
  let env: TestEnv;
  let app: TestApp;

  beforeEach(async () => {
    env = await createTestEnv();
    // Short graces and pauses: a 5xx or a dropped connection leaves the send of unknown outcome for the grace.
    app = await startTestApp(env, { OUTBOX_ECHO_GRACE_SECONDS: '1', OUTBOX_OA_PAUSE_SECONDS: '1' });
  });
  afterEach(async () => {
    await app.close();
    await env.dispose();
  });

  it('sends a message and records the message id Zalo returned', async () => {
    const id = await queueText(app, USER_A, 'Xin chào');
    await eventually(async () => {
      expect((await outboxRow(app, id)).status).toBe('sent');
    });
    const [sent] = env.fake.sentMessages(USER_A);
    expect(sent).toBeDefined();
    expect((await outboxRow(app, id)).zaloMessageId).toBe(sent!.messageId);
    expect(env.fake.textsTo(USER_A)).toEqual(['Xin chào']);
  });

  it('resends after a 5xx and a dropped connection once no echo came within the grace, then succeeds once', async () => {
    env.fake.failNext({ path: '/v3.0/oa/message/cs', with: { httpStatus: 502 } });
    env.fake.failNext({ path: '/v3.0/oa/message/cs', with: { dropConnection: true } });
    const id = await queueText(app, USER_A, 'Thử lại');
    await eventually(
      async () => {
        expect((await outboxRow(app, id)).status).toBe('sent');
      },
      { timeoutMs: 20_000 },
    );
    expect(env.fake.textsTo(USER_A)).toEqual(['Thử lại']);
    expect((await outboxRow(app, id)).attempts).toBe(3);
  });

  it('pauses on rate limiting (-32), probes once and then delivers', async () => {
    env.fake.setRateLimited(OA_ID, 1);
    const id = await queueText(app, USER_A, 'Chậm lại');
    await eventually(
      async () => {
        expect((await outboxRow(app, id)).status).toBe('sent');
      },
      { timeoutMs: 20_000 },
    );
    expect((await outboxRow(app, id)).attempts).toBe(2);
  });

  it('marks a message to a user outside the 7-day window undeliverable with the reason, and goes on', async () => {
    env.fake.setOutsideWindow(OA_ID, USER_A, true);
    const blocked = await queueText(app, USER_A, 'Không tới được');
    await eventually(async () => {
      expect((await outboxRow(app, blocked)).status).toBe('undeliverable');
    });
    const row = await outboxRow(app, blocked);
    expect(row).toMatchObject({ errorKind: 'OutsideWindow', errorCode: -230 });
    const other = await queueText(app, USER_B, 'Tới được');
    await eventually(async () => {
      expect((await outboxRow(app, other)).status).toBe('sent');
    });
  });

  it('does not retry a message Zalo calls invalid', async () => {
    const [commune] = await app.database.db.select().from(communes);
    const [id] = await insertOutbox(app.database.db, [
      { communeId: commune!.id, zaloUserId: USER_A, message: textMessage('x'.repeat(2001)) },
    ]);
    await enqueueOutbox(app.deps, [id!]);
    await eventually(async () => {
      expect((await outboxRow(app, id!)).status).toBe('failed');
    });
    expect((await outboxRow(app, id!)).attempts).toBe(1);
  });

  it('claims a row read before the lock only while nobody has sent or tried it since', async () => {
    const db = app.database.db;
    const [commune] = await db.select().from(communes);
    // Not queued: only this test touches the row.
    const [id] = await insertOutbox(db, [
      { communeId: commune!.id, zaloUserId: USER_B, message: textMessage('Đọc trước khi khóa') },
    ]);
    const readEarly = await outboxRow(app, id!);
    expect(await markOutboxSending(db, readEarly, new Date())).toBe(1);
    // The same copy again: the row was tried since it was read, so the caller must read again.
    expect(await markOutboxSending(db, readEarly, new Date())).toBeNull();
    const readLater = await outboxRow(app, id!);
    expect(readLater).toMatchObject({ status: 'sending', attempts: 1 });
    await markOutboxSent(db, id!, 1, 'zalo-msg-1', new Date());
    // Sent meanwhile (by its worker or an OA echo): never claimed again, not even by a caller that read it sent.
    expect(await markOutboxSending(db, readLater, new Date())).toBeNull();
    expect(await markOutboxSending(db, await outboxRow(app, id!), new Date())).toBeNull();
    expect(await outboxRow(app, id!)).toMatchObject({
      status: 'sent',
      attempts: 1,
      zaloMessageId: 'zalo-msg-1',
    });
  });

  it("records a send and claims the recipient's next row in one statement, each only as the caller read it", async () => {
    const db = app.database.db;
    const [commune] = await db.select().from(communes);
    // Not queued: only this test touches the rows.
    const [first, second, third] = await insertOutbox(
      db,
      ['một', 'hai', 'ba'].map((text) => ({ communeId: commune!.id, zaloUserId: USER_B, message: textMessage(text) })),
    );
    const now = new Date();
    const recheckAt = new Date(now.getTime() + 15_000);
    expect(await markOutboxSending(db, await outboxRow(app, first!), now)).toBe(1);
    const secondRead = await outboxRow(app, second!);
    expect(
      await markOutboxSentThenSending(db, { id: first!, attempts: 1, zaloMessageId: 'm-1' }, secondRead, now, recheckAt),
    ).toEqual({ sent: true, claimed: 1 });
    expect(await outboxRow(app, first!)).toMatchObject({ status: 'sent', attempts: 1, zaloMessageId: 'm-1' });
    expect(await outboxRow(app, second!)).toMatchObject({ status: 'sending', attempts: 1, nextAttemptAt: recheckAt });
    // The same copies again: the first row is sent (never goes back), the second was claimed since it was read.
    expect(
      await markOutboxSentThenSending(db, { id: first!, attempts: 1, zaloMessageId: 'm-x' }, secondRead, now, recheckAt),
    ).toEqual({ sent: false, claimed: null });
    expect(await outboxRow(app, first!)).toMatchObject({ status: 'sent', zaloMessageId: 'm-1' });
    expect(await outboxRow(app, second!)).toMatchObject({ status: 'sending', attempts: 1 });
    // A send settled elsewhere (an echo) still lets the next row be claimed; a sent row is never claimed.
    await markOutboxSent(db, second!, 1, 'echo-2', now);
    expect(
      await markOutboxSentThenSending(
        db,
        { id: second!, attempts: 1, zaloMessageId: 'm-2' },
        await outboxRow(app, third!),
        now,
        recheckAt,
      ),
    ).toEqual({ sent: false, claimed: 1 });
    expect(await outboxRow(app, second!)).toMatchObject({ status: 'sent', zaloMessageId: 'echo-2' });
    await markOutboxSent(db, third!, 1, 'm-3', now);
    expect(
      await markOutboxSentThenSending(
        db,
        { id: third!, attempts: 1, zaloMessageId: 'm-3' },
        await outboxRow(app, first!),
        now,
        recheckAt,
      ),
    ).toEqual({ sent: false, claimed: null });
    expect(await outboxRow(app, first!)).toMatchObject({ status: 'sent', attempts: 1, zaloMessageId: 'm-1' });
  });

  it("drains a recipient's waiting messages in order, each sent once and recorded with its own message id", async () => {
    const db = app.database.db;
    const [commune] = await db.select().from(communes);
    const texts = ['một', 'hai', 'ba', 'bốn', 'năm'];
    // All written before any job runs: the first job finds the whole queue and drains it in one pass.
    const ids = await insertOutbox(
      db,
      texts.map((text) => ({ communeId: commune!.id, zaloUserId: USER_A, message: textMessage(text) })),
    );
    await enqueueOutbox(app.deps, ids);
    await eventually(async () => {
      for (const id of ids) expect((await outboxRow(app, id)).status).toBe('sent');
    });
    expect(env.fake.textsTo(USER_A)).toEqual(texts);
    const sent = env.fake.sentMessages(USER_A).map((m) => m.messageId);
    const rows = await Promise.all(ids.map((id) => outboxRow(app, id)));
    expect(rows.map((r) => r.zaloMessageId)).toEqual(sent);
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
  });

  it("keeps one recipient's messages in order even when the first one needs a retry", async () => {
    env.fake.failNext({ path: '/v3.0/oa/message/cs', with: { httpStatus: 503 } });
    const ids: number[] = [];
    for (const text of ['một', 'hai', 'ba', 'bốn']) ids.push(await queueText(app, USER_A, text));
    await eventually(
      async () => {
        for (const id of ids) expect((await outboxRow(app, id)).status).toBe('sent');
      },
      { timeoutMs: 20_000 },
    );
    expect(env.fake.textsTo(USER_A)).toEqual(['một', 'hai', 'ba', 'bốn']);
  });

  it('refreshes an expired token once and resends', async () => {
    env.fake.expireAccessToken(OA_ID);
    const id = await queueText(app, USER_A, 'Sau khi làm mới');
    await eventually(async () => {
      expect((await outboxRow(app, id)).status).toBe('sent');
    });
    expect(env.fake.refreshCount(OA_ID)).toBe(1);
    const [commune] = await app.database.db.select().from(communes);
    expect(app.deps.secrets.open(commune!.accessToken)).toBe(env.fake.tokens(OA_ID).accessToken);
    expect(app.deps.secrets.open(commune!.refreshToken)).toBe(env.fake.tokens(OA_ID).refreshToken);
    expect(commune!.accessTokenExpiresAt).not.toBeNull();
  });
});

describe('token refresh across processes', () => {
  it('two workers hitting an expired token refresh it once and never burn the refresh token', async () => {
    const env = await createTestEnv();
    const one = await startTestApp(env, { ROLE: 'worker' });
    const two = await startTestApp(env, { ROLE: 'worker' });
    try {
      env.fake.setUser(OA_ID, USER_A);
      env.fake.setUser(OA_ID, USER_B);
      env.fake.expireAccessToken(OA_ID);
      const [commune] = await one.database.db.select().from(communes);
      const id = commune!.id;
      const stale = one.deps.secrets.open(commune!.accessToken);
      // Both processes see the token refused at the same moment.
      const tokens = await Promise.all([
        one.deps.zalo.getUserProfile(id, USER_A).then(() => 'ok'),
        two.deps.zalo.getUserProfile(id, USER_B).then(() => 'ok'),
      ]);
      expect(tokens).toEqual(['ok', 'ok']);
      expect(env.fake.refreshCount(OA_ID)).toBe(1);
      const refreshes = env.fake.requests({ path: '/v4/oa/access_token' });
      expect(refreshes.every((r) => (r.response.body as { error?: number }).error === undefined)).toBe(true);
      const [after] = await one.database.db.select().from(communes);
      expect(one.deps.secrets.open(after!.accessToken)).not.toBe(stale);
      expect(one.deps.secrets.open(after!.refreshToken)).toBe(env.fake.tokens(OA_ID).refreshToken);

      // And a flood of sends through both workers still costs one refresh per expiry.
      env.fake.expireAccessToken(OA_ID);
      const ids: number[] = [];
      for (let i = 0; i < 10; i++)
        ids.push(await queueText(one, `30000000000000003${String(i).padStart(2, '0')}`, `tin ${i}`));
      await eventually(async () => {
        for (const outboxId of ids) expect((await outboxRow(one, outboxId)).status).toBe('sent');
      });
      expect(env.fake.refreshCount(OA_ID)).toBe(2);
    } finally {
      await one.close();
      await two.close();
      await env.dispose();
    }
  });

  it('refreshes ahead of expiry', async () => {
    const env = await createTestEnv();
    const first = await startTestApp(env, { ROLE: 'api' });
    const [commune] = await first.database.db.select().from(communes);
    await first.database.db
      .update(communes)
      .set({ accessTokenExpiresAt: new Date(Date.now() + 30 * 60 * 1000) })
      .where(eq(communes.id, commune!.id));
    await first.close();
    // A process that reads the token now finds it expiring within the refresh-ahead margin.
    const app = await startTestApp(env, { ROLE: 'api', ZALO_TOKEN_REFRESH_AHEAD_SECONDS: '3600' });
    try {
      env.fake.setUser(OA_ID, USER_A);
      await app.deps.zalo.getUserProfile(commune!.id, USER_A);
      expect(env.fake.refreshCount(OA_ID)).toBe(1);
      const [after] = await app.database.db.select().from(communes);
      expect(after!.accessTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 20 * 3600 * 1000);
    } finally {
      await app.close();
      await env.dispose();
    }
  });
});

describe('a worker killed between the send and the record', () => {
  it('never sends again once the OA echo proves Zalo accepted the message', async () => {
    const env = await createTestEnv();
    const api = await startTestApp(env, { ROLE: 'api' });
    try {
      const { child } = await forkWorker(env, { OUTBOX_ECHO_GRACE_SECONDS: '2' });
      const killed = new Promise<void>((resolve) => {
        env.fake.events.once('message', () => {
          // Synchronously, before the fake writes its answer: the worker never learns the message id.
          child.kill('SIGKILL');
          resolve();
        });
      });
      const id = await queueText(api, USER_A, 'Chỉ một lần');
      await killed;
      await new Promise((resolve) => child.once('exit', resolve));
      expect((await outboxRow(api, id)).status).toBe('sending');

      // Zalo echoes the OA's message to the webhook, as it does for every API send (docs/zalo.md §1.4).
      const [sent] = env.fake.sentMessages(USER_A);
      const echo = await api.deliver(
        oaSendText({
          appId: APP_ID,
          oaId: OA_ID,
          userId: USER_A,
          text: 'Chỉ một lần',
          msgId: sent!.messageId,
        }),
      );
      expect(echo.statusCode).toBe(200);

      const worker = await startTestApp(
        env,
        { ROLE: 'worker', OUTBOX_ECHO_GRACE_SECONDS: '2' },
        { stalledIntervalMs: 500 },
      );
      try {
        await eventually(async () => {
          const row = await outboxRow(api, id);
          expect(row.status).toBe('sent');
          expect(row.zaloMessageId).toBe(sent!.messageId);
        });
        // Past the grace period and several sweeps: still exactly one send.
        await new Promise((resolve) => setTimeout(resolve, 3_500));
        expect(env.fake.sentMessages(USER_A)).toHaveLength(1);
      } finally {
        await worker.close();
      }
    } finally {
      await api.close();
      await env.dispose();
    }
  });

  it('does not send a recorded message again when its job runs a second time', async () => {
    const env = await createTestEnv();
    const app = await startTestApp(env);
    try {
      const id = await queueText(app, USER_A, 'Đã ghi nhận');
      await eventually(async () => {
        expect((await outboxRow(app, id)).status).toBe('sent');
      });
      // What a stalled job re-run after a crash would do: deliver the same row again.
      await app.deps.queues.outbound.add('outbox.send', { outboxId: id }, { jobId: `outbox-${id}-again` });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(env.fake.sentMessages(USER_A)).toHaveLength(1);
    } finally {
      await app.close();
      await env.dispose();
    }
  });
});
