import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { eq, inArray } from 'drizzle-orm';
import { sweep } from '../../src/app/sweep';
import { follow, signedWebhook, userSendText } from '../../src/dev/fake-zalo';
import { inboxEvents, outboxMessages } from '../../src/db/schema';
import { dropDatabase, templateDb, withAdmin } from '../support/db';
import { eventually } from '../support/eventually';
import { forkWorker } from '../support/fork-worker';
import { APP_ID, OA_ID, OA_SECRET, RESIDENT, createTestEnv, startTestApp } from '../support/test-app';

const base = { appId: APP_ID, oaId: OA_ID };
const user = (n: number) => `31000000000000${String(n).padStart(5, '0')}`;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('a database reset with Redis kept', () => {
  it('gets its replies at once: job ids of the new database never collide with the old run', async () => {
    const env = await createTestEnv();
    // No sweeper to rescue a row whose job add was a no-op: only the direct path can answer.
    const settings = { SWEEP_INTERVAL_SECONDS: '3600', SWEEP_STALE_AFTER_SECONDS: '3600' };
    let app = await startTestApp(env, settings);
    try {
      const firstIds = app.deps.queues.jobIds.inbox(1);
      const settled = async (db: typeof app.database.db) => {
        expect((await db.select().from(inboxEvents)).map((r) => r.status)).toEqual(['processed']);
        expect((await db.select().from(outboxMessages)).every((r) => r.status === 'sent')).toBe(true);
      };
      await app.deliver(userSendText({ ...base, userId: RESIDENT, text: 'xin chào' }));
      await eventually(() => settled(app.database.db));
      const firstRun = env.fake.sentMessages(RESIDENT).length;
      expect(firstRun).toBeGreaterThan(0);
      await app.close();

      await withAdmin(async (client) => {
        await dropDatabase(client, env.dbName);
        await client.query(`create database "${env.dbName}" template "${templateDb()}"`);
      });
      app = await startTestApp(env, settings);
      expect(app.deps.queues.jobIds.inbox(1)).not.toBe(firstIds);
      // Row 1 again (and outbox row 1), in a Redis that still holds the first run's finished jobs.
      await app.deliver(userSendText({ ...base, userId: RESIDENT, text: 'xin chào' }));
      await eventually(() => settled(app.database.db));
      expect(env.fake.sentMessages(RESIDENT)).toHaveLength(2 * firstRun);
    } finally {
      await app.close();
      await env.dispose();
    }
  });
});

describe('ROLE=all while Redis is down', () => {
  it('listens, stores what Zalo sends, and processes it once Redis is there', async () => {
    const env = await createTestEnv();
    const port = await freePort();
    let redis: ChildProcess | null = null;
    const app = await startTestApp(env, {
      ROLE: 'all',
      REDIS_URL: `redis://127.0.0.1:${port}`,
      ENQUEUE_TIMEOUT_MS: '100',
    });
    try {
      await app.server!.listen({ port: 0, host: '127.0.0.1' });
      const { port: httpPort } = app.server!.server.address() as net.AddressInfo;
      const signed = signedWebhook(
        userSendText({ ...base, userId: user(1), text: 'đường ngập nước' }),
        OA_SECRET,
      );
      const response = await fetch(`http://127.0.0.1:${httpPort}/webhooks/zalo`, {
        method: 'POST',
        headers: signed.headers,
        body: signed.rawBody,
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ result: 'accepted' });
      const [stored] = await app.database.db
        .select()
        .from(inboxEvents)
        .where(eq(inboxEvents.zaloUserId, user(1)));
      expect(stored?.status).toBe('pending');

      redis = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        { stdio: 'ignore' },
      );
      await eventually(
        async () => {
          const [row] = await app.database.db
            .select()
            .from(inboxEvents)
            .where(eq(inboxEvents.zaloUserId, user(1)));
          expect(row?.status).toBe('processed');
          expect(env.fake.sentMessages(user(1)).length).toBeGreaterThan(0);
        },
        { timeoutMs: 25_000 },
      );
    } finally {
      await app.close();
      redis?.kill('SIGKILL');
      await env.dispose();
    }
  }, 60_000);
});

describe('a chatty resident', () => {
  it('does not hold every inbound worker: another resident is answered in the middle of the burst', async () => {
    const env = await createTestEnv();
    const app = await startTestApp(env, { INBOUND_CONCURRENCY: '2' });
    try {
      const chatty = user(2);
      const other = user(3);
      const burst = 40;
      await Promise.all(
        Array.from({ length: burst }, (_, i) =>
          app.deliver(userSendText({ ...base, userId: chatty, text: `tin ${i}` })),
        ),
      );
      await app.deliver(follow({ ...base, userId: other }));
      const rows = () =>
        app.database.db
          .select()
          .from(inboxEvents)
          .where(inArray(inboxEvents.zaloUserId, [chatty, other]));
      await eventually(
        async () => {
          expect((await rows()).every((r) => r.status === 'processed')).toBe(true);
        },
        { timeoutMs: 60_000 },
      );
      const all = await rows();
      const otherDone = all.find((r) => r.zaloUserId === other)!.processedAt!.getTime();
      const chattyAfter = all.filter(
        (r) => r.zaloUserId === chatty && r.processedAt!.getTime() > otherDone,
      ).length;
      // With waited-for locks both workers sit on the chatty resident's jobs, and the other one comes last.
      // How many come after depends on the machine's load (7 of 40 on a loaded 2-core machine);
      // any clear share shows the other resident was not kept waiting behind the burst.
      expect(chattyAfter).toBeGreaterThanOrEqual(burst / 8);
      // Its own messages were still handled in the order they arrived.
      const chattyRows = all.filter((r) => r.zaloUserId === chatty).sort((a, b) => a.id - b.id);
      const times = chattyRows.map((r) => r.processedAt!.getTime());
      expect([...times].sort((a, b) => a - b)).toEqual(times);
    } finally {
      await app.close();
      await env.dispose();
    }
  }, 90_000);
});

describe('the sweeper', () => {
  it('leaves rows whose job is waiting alone and re-queues only a row whose job is gone', async () => {
    const env = await createTestEnv();
    // An API process only: its jobs wait, nobody runs them. Its clock is an hour ahead, so every row is stale.
    const app = await startTestApp(env, { ROLE: 'api' }, { now: () => new Date(Date.now() + 3600_000) });
    try {
      for (let i = 0; i < 5; i++) await app.deliver(follow({ ...base, userId: user(10 + i) }));
      const { inbound } = app.deps.queues;
      await eventually(async () => {
        expect((await inbound.getJobCounts('waiting')).waiting).toBe(5);
      });
      expect(await sweep(app.deps)).toMatchObject({ inbox: 0 });
      expect(await sweep(app.deps)).toMatchObject({ inbox: 0 });
      expect((await inbound.getJobCounts('waiting')).waiting).toBe(5);

      const [lost] = await app.database.db
        .select()
        .from(inboxEvents)
        .where(eq(inboxEvents.zaloUserId, user(12)));
      await inbound.remove(app.deps.queues.jobIds.inbox(lost!.id));
      expect(await sweep(app.deps)).toMatchObject({ inbox: 1 });
      expect((await inbound.getJobCounts('waiting')).waiting).toBe(5);
      expect(await inbound.getJobState(app.deps.queues.jobIds.inbox(lost!.id))).toBe('waiting');
    } finally {
      await app.close();
      await env.dispose();
    }
  });
});

describe('a worker killed mid-burst', () => {
  it('answers every acknowledged message within 30 s of the restart, with the default lock and sweep settings', async () => {
    const env = await createTestEnv();
    // The production defaults for recovery, not the test environment's fast sweeper. A send cut by the kill
    // waits for Zalo's echo before it is resent (the outbound side's rule): a short grace keeps that apart.
    Object.assign(env.baseEnv, {
      SWEEP_INTERVAL_SECONDS: '5',
      SWEEP_STALE_AFTER_SECONDS: '10',
      OUTBOX_ECHO_GRACE_SECONDS: '5',
    });
    const api = await startTestApp(env, { ROLE: 'api' });
    try {
      const { child } = await forkWorker(env);
      const killed = new Promise<void>((resolve) => {
        env.fake.events.once('message', () => {
          child.kill('SIGKILL');
          resolve();
        });
      });
      const residents = Array.from({ length: 12 }, (_, i) => user(100 + i));
      const events = residents.flatMap((r) =>
        ['đèn đường hỏng', 'ở thôn Đông', 'từ tối qua'].map((text) =>
          userSendText({ ...base, userId: r, text }),
        ),
      );
      const acknowledged = await Promise.all(events.map((event) => api.deliver(event)));
      expect(acknowledged.every((r) => r.statusCode === 200)).toBe(true);
      await killed;
      await new Promise((resolve) => child.once('exit', resolve));
      const unanswered = residents.filter((r) => env.fake.sentMessages(r).length === 0);
      expect(unanswered.length).toBeGreaterThan(0);

      const restartedAt = Date.now();
      const { child: restarted } = await forkWorker(env);
      try {
        await eventually(
          async () => {
            expect(residents.filter((r) => env.fake.sentMessages(r).length === 0)).toEqual([]);
            const rows = await api.database.db.select().from(inboxEvents);
            expect(rows.filter((r) => r.status !== 'processed')).toEqual([]);
          },
          { timeoutMs: 30_000, intervalMs: 100 },
        );
        const seconds = (Date.now() - restartedAt) / 1000;
        process.stdout.write(
          `recovery: ${unanswered.length}/12 residents unanswered at the kill, all answered ${seconds.toFixed(1)} s after the restart\n`,
        );
      } finally {
        restarted.kill('SIGTERM');
        await new Promise((resolve) => restarted.once('exit', resolve));
      }
    } finally {
      await api.close();
      await env.dispose();
    }
  }, 90_000);
});
