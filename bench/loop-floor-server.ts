/**
 * The server of the loop-floor benchmark (bench/loop-floor.ts): the prescribed design's full loop with only
 * its mandatory steps, on the same libraries as the product and nothing from src/. One process plays
 * ROLE=all:
 *
 * 1. webhook: Fastify (no logging) parses the raw body as JSON, checks the Zalo signature, stores the event in
 *    floor_inbox by group commit (one multi-row INSERT in flight, the requests arriving meanwhile in the next),
 *    adds the job `inbox-<id>` to `floor-inbound` on an auto-pipelined connection, then answers 200;
 * 2. inbound worker (concurrency 8): one transaction per job, on named prepared statements: per-resident
 *    advisory lock, the inbox row FOR UPDATE, upsert of the conversation, one outbox row, the inbox row
 *    `processed`, commit; then the job `outbox-<id>` to `floor-outbound`;
 * 3. outbound worker (concurrency 8): the outbox row `sending`, one POST to Zalo (axios, keep-alive), the row
 *    `sent` with Zalo's message id.
 *
 * The schema (floor_inbox, floor_conversations, floor_outbox) is created by the bench before this starts.
 * Environment: DATABASE_URL, REDIS_URL, BULLMQ_PREFIX, ZALO_API_BASE_URL, ZALO_ACCESS_TOKEN, ZALO_APP_ID,
 * ZALO_OA_SECRET_KEY, PORT.
 */
import { Agent } from 'node:http';
import axios from 'axios';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { Pool, type PoolClient } from 'pg';
import { env, groupCommit, signedWebhook } from './yardstick';

/**
 * Every statement of the hot path is named, so each pool connection parses and plans it once; begin and
 * commit too (measured here: no different from the simple protocol either way).
 */
const sql = {
  begin: { name: 'floor-begin', text: 'begin' },
  commit: { name: 'floor-commit', text: 'commit' },
  insertInbox: {
    name: 'floor-insert-inbox',
    // Rows are produced in the order of the arrays, so the serial ids come out ascending in that order.
    text: `insert into floor_inbox (user_id, payload)
           select u, p::jsonb from unnest($1::text[], $2::text[]) with ordinality as t(u, p, n) order by n
           returning id`,
  },
  lockResident: { name: 'floor-lock-resident', text: 'select pg_advisory_xact_lock(hashtext($1))' },
  readInbox: {
    name: 'floor-read-inbox',
    text: `select status, payload->'message'->>'text' as text from floor_inbox where id = $1 for update`,
  },
  upsertConversation: {
    name: 'floor-upsert-conversation',
    text: `insert into floor_conversations (user_id, state, version) values ($1, jsonb_build_object('last', $2::text), 1)
           on conflict (user_id) do update set state = excluded.state, version = floor_conversations.version + 1`,
  },
  insertOutbox: {
    name: 'floor-insert-outbox',
    text: `insert into floor_outbox (user_id, text, status) values ($1, $2, 'pending') returning id`,
  },
  markProcessed: { name: 'floor-mark-processed', text: `update floor_inbox set status = 'processed' where id = $1` },
  markSending: {
    name: 'floor-mark-sending',
    text: `update floor_outbox set status = 'sending' where id = $1 returning user_id, text`,
  },
  markSent: { name: 'floor-mark-sent', text: `update floor_outbox set status = 'sent', zalo_msg_id = $2 where id = $1` },
};

/** One multi-row INSERT per batch; the new rows' ids in the items' order. */
function inboxWriter(pool: Pool): (item: { userId: string; payload: string }) => Promise<number> {
  return groupCommit(async (batch) => {
    const { rows } = await pool.query<{ id: string }>({
      ...sql.insertInbox,
      values: [batch.map((w) => w.userId), batch.map((w) => w.payload)],
    });
    return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  });
}

/** Runs `work` in one transaction on a pooled connection; a failed one is rolled back and its connection dropped. */
async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(sql.begin);
    const result = await work(client);
    await client.query(sql.commit);
    client.release();
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    client.release(err instanceof Error ? err : true);
    throw err;
  }
}

interface InboxJob {
  id: number;
  userId: string;
}

interface OutboxJob {
  id: number;
}

async function main(): Promise<void> {
  const appId = env('ZALO_APP_ID');
  const secret = env('ZALO_OA_SECRET_KEY');
  const accessToken = env('ZALO_ACCESS_TOKEN');
  const prefix = env('BULLMQ_PREFIX');
  // 8 inbound transactions + 8 outbound updates + the group insert, with room to spare. Idle connections are
  // kept, so the bench sees every backend that worked for the run.
  const pool = new Pool({ connectionString: env('DATABASE_URL'), max: 20, idleTimeoutMillis: 0 });
  pool.on('error', () => undefined);

  // Producer connection (webhook and inbound worker adds): auto-pipelined, fail fast. Each worker has its
  // own connection, as BullMQ workers require (retries forever); BullMQ adds a blocking one per worker.
  const producer = new Redis(env('REDIS_URL'), { enableAutoPipelining: true, maxRetriesPerRequest: 1 });
  const workerConnections = [0, 1].map(() => new Redis(env('REDIS_URL'), { maxRetriesPerRequest: null }));
  for (const r of [producer, ...workerConnections]) r.on('error', () => undefined);
  // Completed jobs are not kept (the floor has no use for them); failed ones stay, to look at.
  const jobOptions = { removeOnComplete: true };
  const inboundQueue = new Queue<InboxJob>('floor-inbound', { connection: producer, prefix, defaultJobOptions: jobOptions });
  const outboundQueue = new Queue<OutboxJob>('floor-outbound', { connection: producer, prefix, defaultJobOptions: jobOptions });
  for (const q of [inboundQueue, outboundQueue]) q.on('error', () => undefined);

  const zalo = axios.create({
    baseURL: env('ZALO_API_BASE_URL'),
    httpAgent: new Agent({ keepAlive: true }),
    headers: { access_token: accessToken },
    timeout: 10_000,
    // Zalo's send API does not redirect: without this, every request also goes through follow-redirects.
    maxRedirects: 0,
  });

  const inbound = new Worker<InboxJob>(
    'floor-inbound',
    async (job: Job<InboxJob>) => {
      const { id, userId } = job.data;
      const outboxId = await inTransaction(pool, async (client) => {
        await client.query({ ...sql.lockResident, values: [userId] });
        const { rows } = await client.query<{ status: string; text: string | null }>({ ...sql.readInbox, values: [id] });
        const row = rows[0];
        if (!row || row.status === 'processed') return null; // a redelivered job: already done
        await client.query({ ...sql.upsertConversation, values: [userId, row.text ?? ''] });
        const inserted = await client.query<{ id: string }>({ ...sql.insertOutbox, values: [userId, `Đã nhận: ${row.text ?? ''}`] });
        await client.query({ ...sql.markProcessed, values: [id] });
        return Number(inserted.rows[0]!.id);
      });
      if (outboxId !== null) await outboundQueue.add('outbox', { id: outboxId }, { jobId: `outbox-${outboxId}` });
    },
    { connection: workerConnections[0]!, prefix, concurrency: 8 },
  );

  const outbound = new Worker<OutboxJob>(
    'floor-outbound',
    async (job: Job<OutboxJob>) => {
      const { id } = job.data;
      const { rows } = await pool.query<{ user_id: string; text: string }>({ ...sql.markSending, values: [id] });
      const row = rows[0];
      if (!row) return;
      const { data } = await zalo.post<{ error: number; message?: string; data?: { message_id?: string } }>('/v3.0/oa/message/cs', {
        recipient: { user_id: row.user_id },
        message: { text: row.text },
      });
      if (data.error !== 0) throw new Error(`Zalo error ${data.error}: ${data.message ?? ''}`);
      await pool.query({ ...sql.markSent, values: [id, data.data?.message_id ?? null] });
    },
    { connection: workerConnections[1]!, prefix, concurrency: 8 },
  );
  for (const w of [inbound, outbound]) w.on('error', () => undefined);

  const insert = inboxWriter(pool);
  const app = signedWebhook({ appId, secret }, async (event, raw) => {
    const userId = (event.sender as { id?: unknown } | undefined)?.id;
    if (typeof userId !== 'string') return { status: 400, error: 'Expected a user event' };
    const id = await insert({ userId, payload: raw.toString('utf8') });
    await inboundQueue.add('inbox', { id, userId }, { jobId: `inbox-${id}` });
    return undefined;
  });

  await app.listen({ port: Number(process.env.PORT ?? '0'), host: '127.0.0.1' });
  const close = () => {
    void app
      .close()
      .then(() => Promise.all([inbound.close(), outbound.close()]))
      .then(() => Promise.all([inboundQueue.close(), outboundQueue.close()]))
      .then(() => Promise.all([producer, ...workerConnections].map((r) => r.quit())))
      .then(() => pool.end())
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', close);
  process.on('SIGINT', close);
}

main().catch((err: unknown) => {
  process.stderr.write(`loop-floor server failed: ${String(err)}\n`);
  process.exit(1);
});
