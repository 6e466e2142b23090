/**
 * The yardstick of the durable-accept benchmark: the plain stack issue 2 quotes (~11,000 events/s on its
 * machine), measured here on this one. Fastify with no logging, the Zalo signature over the raw body, a
 * group-committed insert into a table of its own, and one BullMQ add per event on an auto-pipelined ioredis
 * connection, then 200. Nothing from src/ is imported: it is what a minimal implementation costs, not the
 * product. It reads the product's environment (DATABASE_URL, REDIS_URL, BULLMQ_PREFIX, ZALO_APP_ID,
 * ZALO_OA_SECRET_KEY), so the same signed bodies verify and the bench's cleanup of the prefix removes its keys.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { env, groupCommit, signedWebhook } from './yardstick';

/** One multi-row INSERT per batch; the new row's id per item, or null for a duplicate. */
function inboxWriter(pool: Pool): (item: { key: string; payload: string }) => Promise<number | null> {
  return groupCommit(async (batch) => {
    const { rows } = await pool.query<{ id: string; dedup_key: string }>(
      `insert into reference_inbox (dedup_key, payload)
       select k, p::jsonb from unnest($1::text[], $2::text[]) as t(k, p)
       on conflict (dedup_key) do nothing returning id, dedup_key`,
      [batch.map((w) => w.key), batch.map((w) => w.payload)],
    );
    const ids = new Map(rows.map((r) => [r.dedup_key, Number(r.id)]));
    return batch.map((w) => {
      const id = ids.get(w.key) ?? null;
      ids.delete(w.key); // the same key twice in one batch: the first is the insert, the second a duplicate
      return id;
    });
  });
}

async function main(): Promise<void> {
  const appId = env('ZALO_APP_ID');
  const secret = env('ZALO_OA_SECRET_KEY');
  const pool = new Pool({ connectionString: env('DATABASE_URL'), max: 3 });
  await pool.query(
    `create table if not exists reference_inbox (id bigserial primary key, dedup_key text not null unique,
     payload jsonb not null, received_at timestamptz not null default now())`,
  );
  const redis = new Redis(env('REDIS_URL'), { enableAutoPipelining: true, maxRetriesPerRequest: 1 });
  const queue = new Queue('reference-inbound', { connection: redis, prefix: process.env.BULLMQ_PREFIX ?? process.env.BENCH_PREFIX ?? 'bull' });
  queue.on('error', () => undefined);
  const insert = inboxWriter(pool);

  const app = signedWebhook({ appId, secret }, async (event, raw) => {
    const msgId = (event.message as { msg_id?: unknown } | undefined)?.msg_id;
    if (typeof msgId !== 'string') return { status: 400, error: 'Expected a message event' };
    const id = await insert({ key: msgId, payload: raw.toString('utf8') });
    if (id !== null) await queue.add('inbox', { id }, { jobId: `inbox-${id}` });
    return undefined;
  });

  await app.listen({ port: Number(process.env.PORT ?? '0'), host: '127.0.0.1' });
  const close = () => {
    void app
      .close()
      .then(() => queue.close())
      .then(() => redis.quit())
      .then(() => pool.end())
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', close);
  process.on('SIGINT', close);
}

main().catch((err: unknown) => {
  process.stderr.write(`reference server failed: ${String(err)}\n`);
  process.exit(1);
});
