/**
 * The yardstick of the durable-accept benchmark: the plain stack issue 2 quotes (~11,000 events/s on its
 * machine), measured here on this one. Fastify with no logging, the Zalo signature over the raw body, a
 * group-committed insert into a table of its own, and one BullMQ add per event on an auto-pipelined ioredis
 * connection, then 200. Nothing from src/ is imported: it is what a minimal implementation costs, not the
 * product. It reads the product's environment (DATABASE_URL, REDIS_URL, BULLMQ_PREFIX, ZALO_APP_ID,
 * ZALO_OA_SECRET_KEY), so the same signed bodies verify and the bench's cleanup of the prefix removes its keys.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Queue } from 'bullmq';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import { Pool } from 'pg';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

/** `X-ZEvent-Signature: mac=<hex sha256(app_id + rawBody + timestamp + oaSecretKey)>`, a plain hash (REFERENCE.md §2). */
function signatureValid(header: unknown, appId: string, raw: Buffer, timestamp: string, secret: string): boolean {
  if (typeof header !== 'string') return false;
  const given = header.trim().replace(/^mac=/i, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  const expected = createHash('sha256').update(appId, 'utf8').update(raw).update(timestamp, 'utf8').update(secret, 'utf8').digest();
  return timingSafeEqual(Buffer.from(given, 'hex'), expected);
}

interface Waiting {
  key: string;
  payload: string;
  resolve: (id: number | null) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: requests that arrive while an INSERT is in flight go together into the next multi-row one;
 * one in flight at a time, no timer. Resolves with the new row's id, or null for a duplicate.
 */
function groupInserter(pool: Pool): (key: string, payload: string) => Promise<number | null> {
  let queue: Waiting[] = [];
  let inFlight = false;
  const flush = async () => {
    inFlight = true;
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      try {
        const { rows } = await pool.query<{ id: string; dedup_key: string }>(
          `insert into reference_inbox (dedup_key, payload)
           select k, p::jsonb from unnest($1::text[], $2::text[]) as t(k, p)
           on conflict (dedup_key) do nothing returning id, dedup_key`,
          [batch.map((w) => w.key), batch.map((w) => w.payload)],
        );
        const ids = new Map(rows.map((r) => [r.dedup_key, Number(r.id)]));
        for (const w of batch) {
          const id = ids.get(w.key);
          ids.delete(w.key); // the same key twice in one batch: the first is the insert, the second a duplicate
          w.resolve(id ?? null);
        }
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    inFlight = false;
  };
  return (key, payload) =>
    new Promise((resolve, reject) => {
      queue.push({ key, payload, resolve, reject });
      if (!inFlight) void flush();
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
  const insert = groupInserter(pool);

  const app = Fastify({ logger: false });
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    (request as unknown as { rawBody: Buffer }).rawBody = body;
    try {
      done(null, JSON.parse(body.toString('utf8')));
    } catch {
      done(Object.assign(new Error('Malformed JSON body'), { statusCode: 400 }), undefined);
    }
  });
  app.get('/healthz', () => ({ ok: true }));
  app.post('/webhooks/zalo', async (request, reply) => {
    const raw = (request as unknown as { rawBody?: Buffer }).rawBody;
    const event = request.body as { timestamp?: unknown; message?: { msg_id?: unknown } } | null;
    const msgId = event?.message?.msg_id;
    if (!raw || typeof event?.timestamp !== 'string' || typeof msgId !== 'string') {
      return reply.code(400).send({ ok: false, error: 'Expected a signed message event' });
    }
    if (!signatureValid(request.headers['x-zevent-signature'], appId, raw, event.timestamp, secret)) {
      return reply.code(401).send({ ok: false, error: 'Invalid signature' });
    }
    let id: number | null;
    try {
      id = await insert(msgId, raw.toString('utf8'));
      if (id !== null) await queue.add('inbox', { id }, { jobId: `inbox-${id}` });
    } catch {
      return reply.code(503).send({ ok: false, error: 'Unavailable, retry later' });
    }
    return reply.code(200).send({ ok: true });
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
