import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { createFakeZalo } from '../src/dev/fake-zalo';
import { ACCESS_TOKEN, APP_ID, APP_SECRET, OA_ID, REFRESH_TOKEN, serverEnv, signedTexts } from './events';
import { postAll } from './load';
import { clearRedisPrefix, serverScript, cpuPerEvent, cpuSnapshot, type CpuPerEvent, fmt, freePort, freshDatabase, redisUrl, startChild, type ChildServer, type LoadResult } from './support';

export interface FullLoopOptions {
  dbName: string;
  connections: number;
  residents: number;
  messages: number;
  timeoutSeconds: number;
  /** Extra server environment (worker concurrency, pool size...). */
  serverEnv?: Record<string, string>;
}

export interface FullLoopReport {
  accept: LoadResult;
  seconds: number;
  perSecond: number;
  sends: number;
  outboxRows: number;
  unanswered: number;
  complete: boolean;
  cpu: CpuPerEvent;
}

interface Progress {
  processed: number;
  pendingInbox: number;
  outboxRows: number;
  outboxOpen: number;
  outboxSent: number;
  outboxOther: number;
  unanswered: number;
}

/**
 * The product under a loop's load: ROLE=all against the fake Zalo. The product default is Zalo's real per-app
 * limit (4,000 calls/min); the benches measure our own throughput, so the limiter runs with a limit no load
 * here reaches. BENCH_SERVER_ENV comes last.
 */
export function startLoopServer(
  name: string,
  input: { databaseUrl: string; prefix: string; zaloBaseUrl: string; extra?: Record<string, string> },
): Promise<ChildServer> {
  return startChild(
    name,
    serverScript,
    serverEnv({
      role: 'all',
      databaseUrl: input.databaseUrl,
      redisUrl,
      prefix: input.prefix,
      zaloBaseUrl: input.zaloBaseUrl,
      extra: { ZALO_RATE_LIMIT_PER_MINUTE: '10000000', ...input.extra, ...extraEnv() },
    }),
  );
}

/** BENCH_SERVER_ENV="INBOUND_CONCURRENCY=8 OUTBOUND_CONCURRENCY=8" tries other settings of the server. */
export function extraEnv(): Record<string, string> {
  return Object.fromEntries(
    (process.env.BENCH_SERVER_ENV ?? '')
      .split(' ')
      .filter((kv) => kv.includes('='))
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
}

/**
 * "Answered" as the brief defines it: every inbound message produced at least one outbox row (converse
 * gives its replies the dedup keys `inbox-<inbox id>-<n>`) and every outbox row is `sent`.
 */
async function progress(pg: Client): Promise<Progress> {
  const { rows } = await pg.query<{
    processed: string;
    pending: string;
    outbox: string;
    open: string;
    sent: string;
    other: string;
  }>(`
    select
      (select count(*) from inbox_events where status = 'processed') as processed,
      (select count(*) from inbox_events where status = 'pending') as pending,
      (select count(*) from outbox_messages) as outbox,
      (select count(*) from outbox_messages where status in ('pending', 'sending')) as open,
      (select count(*) from outbox_messages where status = 'sent') as sent,
      (select count(*) from outbox_messages where status not in ('pending', 'sending', 'sent')) as other`);
  const r = rows[0]!;
  return {
    processed: Number(r.processed),
    pendingInbox: Number(r.pending),
    outboxRows: Number(r.outbox),
    outboxOpen: Number(r.open),
    outboxSent: Number(r.sent),
    outboxOther: Number(r.other),
    unanswered: 0,
  };
}

/** Pending inbox rows plus open outbox rows. */
export async function openWork(pg: Client): Promise<number> {
  const { rows } = await pg.query<{ n: string }>(`
    select (select count(*) from inbox_events where status = 'pending')
         + (select count(*) from outbox_messages where status in ('pending', 'sending')) as n`);
  return Number(rows[0]?.n ?? 1);
}

/** Inbound user messages with no outbox row written while processing them. */
async function unanswered(pg: Client): Promise<number> {
  const { rows } = await pg.query<{ n: string }>(`
    select count(*) as n from inbox_events i
    where i.event_name = 'user_send_text'
      and not exists (
        select 1 from outbox_messages o where o.commune_id = i.commune_id and o.dedup_key = 'inbox-' || i.id || '-0')`);
  return Number(rows[0]?.n ?? 0);
}

/**
 * (2) Full loop: a ROLE=all server (API + inbound and outbound workers) and the fake Zalo; many residents
 * send messages; measured from the first request until the last answer reached the fake Zalo.
 */
export async function fullLoop(options: FullLoopOptions): Promise<FullLoopReport> {
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  const databaseUrl = await freshDatabase(options.dbName);
  process.stdout.write(
    `\n(2) full loop: ${fmt(options.messages)} messages from ${fmt(options.residents)} residents, ${options.connections} connections, ROLE=all + fake Zalo\n`,
  );
  const fake = createFakeZalo({ logger: false });
  fake.addOa({ oaId: OA_ID, appId: APP_ID, appSecret: APP_SECRET, accessToken: ACCESS_TOKEN, refreshToken: REFRESH_TOKEN });
  await fake.start(await freePort(), '127.0.0.1');
  let sends = 0;
  let lastSendAt = 0n;
  fake.events.on('message', () => {
    sends++;
    lastSendAt = process.hrtime.bigint();
  });

  const texts = ['Xin chào', 'Đèn đường thôn 3 bị hỏng', '1', 'Cảm ơn', 'menu'];
  const bodies = signedTexts(options.messages, options.residents, (k) => texts[k % texts.length]!);
  const server = await startLoopServer('full-loop-all', { databaseUrl, prefix, zaloBaseUrl: fake.baseUrl, extra: options.serverEnv });
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  const redis = new Redis(redisUrl);
  try {
    const cpuBefore = await cpuSnapshot(server.pid, options.dbName, redis, pg);
    const started = process.hrtime.bigint();
    const accept = await postAll(server.url, bodies, options.connections);
    const acceptedAt = process.hrtime.bigint();
    process.stdout.write(
      `  accept phase: ${fmt(accept.ok)} × 200 in ${fmt(accept.seconds, 2)} s (${fmt(accept.perSecond)} req/s, p99 ${fmt(accept.p99, 1)} ms; workers running meanwhile)\n`,
    );
    const deadline = Date.now() + options.timeoutSeconds * 1000;
    let last: Progress = await progress(pg);
    let lastPrint = Date.now();
    let complete = false;
    let doneAt = acceptedAt;
    for (;;) {
      // Cheap while work remains (both counts read partial indexes); the full count only to confirm.
      if ((await openWork(pg)) === 0) {
        last = await progress(pg);
        if (last.pendingInbox === 0 && last.outboxOpen === 0 && last.processed >= accept.ok) {
          doneAt = last.outboxRows > 0 ? lastSendAt : process.hrtime.bigint();
          complete = true;
          break;
        }
      }
      if (Date.now() > deadline) {
        last = await progress(pg);
        break;
      }
      if (Date.now() - lastPrint > 10_000) {
        lastPrint = Date.now();
        last = await progress(pg);
        process.stdout.write(
          `  … ${fmt(last.processed)} processed, ${fmt(last.pendingInbox)} pending, outbox ${fmt(last.outboxSent)}/${fmt(last.outboxRows)} sent, ${fmt(sends)} at Zalo\n`,
        );
      }
      await sleep(250);
    }
    const cpu = cpuPerEvent(cpuBefore, await cpuSnapshot(server.pid, options.dbName, redis, pg), accept.ok);
    last.unanswered = await unanswered(pg).catch(() => -1);
    const seconds = Number(doneAt - started) / 1e9;
    const perSecond = accept.ok / seconds;
    process.stdout.write(
      `  ${complete ? 'done' : `TIMED OUT after ${options.timeoutSeconds} s`}: ${fmt(accept.ok)} messages answered in ${fmt(seconds, 2)} s → ${fmt(perSecond)} messages/s\n` +
        `  check: ${fmt(last.processed)} inbox rows processed, ${fmt(last.outboxRows)} outbox rows (${fmt(last.outboxSent)} sent, ${fmt(last.outboxOther)} undeliverable/failed), ` +
        `${fmt(sends)} sends reached the fake Zalo, ${last.unanswered < 0 ? 'n/a' : fmt(last.unanswered)} messages without an answer ` +
        `${complete && last.outboxRows > 0 && last.unanswered === 0 && last.outboxSent === last.outboxRows && sends >= last.outboxRows ? '✔' : '✘'}\n`,
    );
    process.stdout.write(
      `  CPU per message (µs): server ${fmt(cpu.server)}, PostgreSQL ${fmt(cpu.postgres)}, Redis ${fmt(cpu.redis)}, ` +
        `load generator + fake Zalo ${fmt(cpu.generator)} = ${fmt(cpu.total)} → ${fmt((os.cpus().length * 1e6) / cpu.total)}/s if this machine's ${os.cpus().length} cores did nothing else\n`,
    );
    if (last.outboxRows === 0) {
      process.stdout.write('  note: converse wrote no replies (the resident conversation has not landed), so this measured inbound processing only\n');
    }
    return {
      accept,
      seconds,
      perSecond,
      sends,
      outboxRows: last.outboxRows,
      unanswered: last.unanswered,
      complete,
      cpu,
    };
  } finally {
    redis.disconnect();
    await pg.end();
    await server.stop();
    await fake.close();
    await clearRedisPrefix(prefix);
  }
}
