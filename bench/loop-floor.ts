import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { ACCESS_TOKEN, APP_ID, OA_SECRET, signedTexts } from './events';
import { postAll } from './load';
import {
  type ChildServer,
  clearRedisPrefix,
  cpuPerEvent,
  cpuSnapshot,
  type CpuPerEvent,
  dropDatabase,
  fmt,
  freePort,
  freshDatabase,
  redisUrl,
  startChild,
  type LoadResult,
  yardstickScript,
} from './support';

export interface LoopFloorOptions {
  dbName: string;
  connections: number;
  residents: number;
  messages: number;
  timeoutSeconds: number;
}

export interface LoopFloorReport {
  accept: LoadResult;
  seconds: number;
  perSecond: number;
  cpu: CpuPerEvent;
  /** Every acknowledged event processed, answered by one outbox row `sent`, and posted to Zalo once. */
  consistent: boolean;
  complete: boolean;
}

/** The floor's own tables: the columns the loop touches, a primary key each, no other index. */
const SCHEMA = `
  create table floor_inbox (id bigserial primary key, user_id text not null, payload jsonb not null,
    status text not null default 'pending');
  create table floor_conversations (user_id text primary key, state jsonb not null, version int not null);
  create table floor_outbox (id bigserial primary key, user_id text not null, text text not null,
    status text not null default 'pending', zalo_msg_id text);
`;

interface FakeZalo {
  url: string;
  /** Send requests answered so far. */
  sends(): number;
  close(): Promise<void>;
}

/**
 * The smallest stand-in for Zalo's send API: every POST is a success with a fresh message id, counted. It
 * runs in this process, so its CPU is counted with the load generator's. With `onSend`, each send's recipient
 * is read from its body and reported (the steady-rate phase matches replies to messages by recipient).
 */
async function startFakeZalo(onSend?: (userId: string) => void): Promise<FakeZalo> {
  let sends = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    if (onSend) req.on('data', (chunk: Buffer) => chunks.push(chunk));
    else req.resume();
    req.on('end', () => {
      if (req.method === 'POST') {
        sends++;
        if (onSend) {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { recipient?: { user_id?: string } };
          if (body.recipient?.user_id !== undefined) onSend(body.recipient.user_id);
        }
      }
      const body = JSON.stringify({ error: 0, message: 'Success', data: { message_id: `floor${String(sends).padStart(27, '0')}` } });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.listen(await freePort(), '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    sends: () => sends,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

export interface FloorStack {
  server: ChildServer;
  pg: Client;
  redis: Redis;
  fake: FakeZalo;
  stop: () => Promise<void>;
}

/**
 * A fresh database with the floor's tables, the fake Zalo and bench/loop-floor-server.ts in its own process.
 * `stop` ends them all, clears the BullMQ prefix and drops the database (unless BENCH_KEEP_DB=1).
 */
export async function startFloor(dbName: string, onSend?: (userId: string) => void): Promise<FloorStack> {
  const prefix = `floor-${randomBytes(4).toString('hex')}`;
  const databaseUrl = await freshDatabase(dbName, { migrations: false });
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  const redis = new Redis(redisUrl);
  const fake = await startFakeZalo(onSend);
  let server: ChildServer | undefined;
  const stop = async () => {
    redis.disconnect();
    await pg.end();
    await server?.stop();
    await fake.close();
    await clearRedisPrefix(prefix);
    if (process.env.BENCH_KEEP_DB !== '1') await dropDatabase(dbName).catch(() => undefined);
  };
  try {
    await pg.query(SCHEMA);
    server = await startChild('loop-floor', yardstickScript('loop-floor-server'), {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      BULLMQ_PREFIX: prefix,
      ZALO_API_BASE_URL: fake.url,
      ZALO_ACCESS_TOKEN: ACCESS_TOKEN,
      ZALO_APP_ID: APP_ID,
      ZALO_OA_SECRET_KEY: OA_SECRET,
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { server, pg, redis, fake, stop };
}

interface Counts {
  inbox: number;
  processed: number;
  outbox: number;
  sent: number;
  conversations: number;
}

async function counts(pg: Client): Promise<Counts> {
  const { rows } = await pg.query<Record<keyof Counts, string>>(`
    select
      (select count(*) from floor_inbox) as inbox,
      (select count(*) from floor_inbox where status = 'processed') as processed,
      (select count(*) from floor_outbox) as outbox,
      (select count(*) from floor_outbox where status = 'sent') as sent,
      (select count(*) from floor_conversations) as conversations`);
  const r = rows[0]!;
  return { inbox: Number(r.inbox), processed: Number(r.processed), outbox: Number(r.outbox), sent: Number(r.sent), conversations: Number(r.conversations) };
}

/**
 * (3) Loop floor: the full loop of the prescribed design with only its mandatory steps and nothing of ours
 * (bench/loop-floor-server.ts, in its own process), under the full loop's load: what this machine allows the
 * design at best, the yardstick for (2). Measured from the first request until every event has its outbox
 * row `sent` and the fake Zalo has counted as many sends.
 */
export async function loopFloor(options: LoopFloorOptions): Promise<LoopFloorReport> {
  process.stdout.write(
    `\n(3) loop floor: ${fmt(options.messages)} messages from ${fmt(options.residents)} residents, ${options.connections} connections, ` +
      `minimal Fastify + pg + BullMQ loop (bench/loop-floor-server.ts) + fake Zalo\n`,
  );
  const { server, pg, redis, fake, stop } = await startFloor(options.dbName);
  try {
    // The same messages as the full loop: one event each, residents interleaved.
    const texts = ['Xin chào', 'Đèn đường thôn 3 bị hỏng', '1', 'Cảm ơn', 'menu'];
    const bodies = signedTexts(options.messages, options.residents, (k) => texts[k % texts.length]!);

    const cpuBefore = await cpuSnapshot(server.pid, options.dbName, redis, pg);
    const started = process.hrtime.bigint();
    const accept = await postAll(server.url, bodies, options.connections);
    process.stdout.write(
      `  accept phase: ${fmt(accept.ok)} × 200 in ${fmt(accept.seconds, 2)} s (${fmt(accept.perSecond)} req/s, p50 ${fmt(accept.p50, 1)} ms, ` +
        `p99 ${fmt(accept.p99, 1)} ms, non-2xx ${accept.non2xx}, errors ${accept.errors}; workers running meanwhile)\n`,
    );

    // Waiting costs nothing measurable: the fake's counter is read in this process, and PostgreSQL is asked
    // only once every send has arrived (the row turns `sent` right after Zalo's answer).
    const deadline = Date.now() + options.timeoutSeconds * 1000;
    let lastPrint = Date.now();
    let complete = false;
    let doneAt = process.hrtime.bigint();
    while (Date.now() < deadline) {
      if (fake.sends() >= accept.ok) {
        const { rows } = await pg.query<{ n: string }>(`select count(*) as n from floor_outbox where status = 'sent'`);
        if (Number(rows[0]?.n ?? 0) >= accept.ok) {
          doneAt = process.hrtime.bigint();
          complete = true;
          break;
        }
        await sleep(5);
        continue;
      }
      if (Date.now() - lastPrint > 10_000) {
        lastPrint = Date.now();
        process.stdout.write(`  … ${fmt(fake.sends())} of ${fmt(accept.ok)} answers at Zalo\n`);
      }
      await sleep(20);
    }
    const cpu = cpuPerEvent(cpuBefore, await cpuSnapshot(server.pid, options.dbName, redis, pg), accept.ok);
    const c = await counts(pg);
    const seconds = Number(doneAt - started) / 1e9;
    const perSecond = complete ? accept.ok / seconds : 0;
    const sends = fake.sends();
    const consistent =
      complete &&
      accept.ok === bodies.length &&
      c.inbox === accept.ok &&
      c.processed === accept.ok &&
      c.outbox === accept.ok &&
      c.sent === accept.ok &&
      sends === accept.ok &&
      c.conversations === Math.min(options.residents, options.messages);
    process.stdout.write(
      `  ${complete ? 'done' : `TIMED OUT after ${options.timeoutSeconds} s`}: ${fmt(accept.ok)} messages answered in ${fmt(seconds, 2)} s → ${fmt(perSecond)} messages/s\n` +
        `  check: ${fmt(c.processed)}/${fmt(c.inbox)} inbox rows processed, ${fmt(c.sent)}/${fmt(c.outbox)} outbox rows sent, ` +
        `${fmt(sends)} sends reached the fake Zalo, ${fmt(c.conversations)} conversations ${consistent ? '✔' : '✘ MISMATCH'}\n`,
    );
    process.stdout.write(
      `  CPU per message (µs): server ${fmt(cpu.server)}, PostgreSQL ${fmt(cpu.postgres)}, Redis ${fmt(cpu.redis)}, ` +
        `load generator + fake Zalo ${fmt(cpu.generator)} = ${fmt(cpu.total)} → ${fmt((os.cpus().length * 1e6) / cpu.total)}/s if this machine's ${os.cpus().length} cores did nothing else\n`,
    );
    return { accept, seconds, perSecond, cpu, consistent, complete };
  } finally {
    await stop();
  }
}
