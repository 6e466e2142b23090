import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { Redis } from 'ioredis';
import { drizzle } from 'drizzle-orm/node-postgres';
import { Client } from 'pg';
import { ensureInstanceId } from '../src/db/repos/instance';
import { jobIdsFor } from '../src/jobs/queues';
import { signedTexts, serverEnv } from './events';
import { postAll } from './load';
import {
  clearRedisPrefix,
  cpuPerEvent,
  cpuSnapshot,
  type CpuPerEvent,
  fmt,
  freshDatabase,
  redisUrl,
  serverScript,
  startChild,
  type LoadResult,
  yardstickScript,
} from './support';

export interface DurableAcceptOptions {
  dbName: string;
  connections: number;
  events: number;
  warmup: number;
  /** Alternating webhook/reference/bare measurements; the events are split between the rounds. */
  rounds: number;
}

export interface DurableAcceptReport {
  webhook: LoadResult;
  /** The plain reference stack (bench/reference-server.ts) on this machine. */
  reference: LoadResult;
  bare: LoadResult;
  ratio: number;
  /** Median of the rounds' webhook/reference throughput ratios. */
  webhookVsReference: number;
  accepted: number;
  inboxRows: number;
  rowsWithJob: number;
  waiting: number;
  webhookCpu: CpuPerEvent;
  referenceCpu: CpuPerEvent;
  bareCpu: CpuPerEvent;
  /** Every event acknowledged, stored once and queued once. */
  consistent: boolean;
  /** The reference acknowledged every body posted to it, and each is a row of reference_inbox with a job. */
  referenceConsistent: boolean;
}

function line(label: string, r: LoadResult): string {
  return `  ${label.padEnd(22)} ${fmt(r.perSecond).padStart(7)} req/s   p50 ${fmt(r.p50, 1).padStart(5)} ms   p99 ${fmt(r.p99, 1).padStart(5)} ms   (${fmt(r.ok)} × 200 in ${fmt(r.seconds, 2)} s, non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts})`;
}

/**
 * (1) Durable accept: signed events at a ROLE=api server, then the same bodies at the reference stack
 * (bench/reference-server.ts: signature, group-committed insert into its own table, BullMQ add) and at a bare
 * Fastify route that only parses the JSON, each in its own process; afterwards every accepted event must be
 * an inbox row with a queued job.
 */
export async function durableAccept(options: DurableAcceptOptions): Promise<DurableAcceptReport> {
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  const databaseUrl = await freshDatabase(options.dbName);
  const total = options.warmup + options.events;
  process.stdout.write(`\n(1) durable accept: ${fmt(options.events)} signed events (+${fmt(options.warmup)} warm-up), ${options.connections} connections\n`);
  const bodies = signedTexts(total, 2_000, (k) => `Đường thôn ${k} bị ngập, nhờ xã xem giúp`);
  const warm = bodies.slice(0, options.warmup);
  const measured = bodies.slice(options.warmup);

  const pg = new Client({ connectionString: databaseUrl });
  const redis = new Redis(redisUrl);
  await pg.connect();
  let report: DurableAcceptReport;
  const env = serverEnv({ role: 'api', databaseUrl, redisUrl, prefix, zaloBaseUrl: 'http://127.0.0.1:9' });
  const server = await startChild('webhook-api', serverScript, env);
  const bareServer = await startChild('bare-route', yardstickScript('bare-server'), {});
  // Same database and BullMQ prefix as the product, but its own table (reference_inbox) and queue
  // (reference-inbound): no dedup collision, and the prefix cleanup below removes its keys too.
  const referenceServer = await startChild('reference-stack', yardstickScript('reference-server'), env).catch(async (err: unknown) => {
    await server.stop();
    await bareServer.stop();
    throw err;
  });
  try {
    const warmAccepted = (await postAll(server.url, warm, options.connections)).ok;
    const referenceWarmAccepted = (await postAll(referenceServer.url, warm, options.connections)).ok;
    await postAll(bareServer.url, warm, options.connections);
    // Rounds alternate webhook, reference and bare, so that load from elsewhere on the machine hits all alike;
    // the figures are medians over rounds, the ratios the medians of each round's pairs.
    const webhookRounds: LoadResult[] = [];
    const referenceRounds: LoadResult[] = [];
    const bareRounds: LoadResult[] = [];
    const ratios: number[] = [];
    const referenceRatios: number[] = [];
    const webhookCpus: CpuPerEvent[] = [];
    const referenceCpus: CpuPerEvent[] = [];
    const bareCpus: CpuPerEvent[] = [];
    const perRound = Math.ceil(measured.length / options.rounds);
    for (let r = 0; r < options.rounds; r++) {
      const slice = measured.slice(r * perRound, (r + 1) * perRound);
      let before = await cpuSnapshot(server.pid, options.dbName, redis, pg);
      const w = await postAll(server.url, slice, options.connections);
      webhookCpus.push(cpuPerEvent(before, await cpuSnapshot(server.pid, options.dbName, redis, pg), w.ok));
      before = await cpuSnapshot(referenceServer.pid, options.dbName, redis, pg);
      const f = await postAll(referenceServer.url, slice, options.connections);
      referenceCpus.push(cpuPerEvent(before, await cpuSnapshot(referenceServer.pid, options.dbName, redis, pg), f.ok));
      before = await cpuSnapshot(bareServer.pid, options.dbName, redis, pg);
      const b = await postAll(bareServer.url, slice, options.connections);
      bareCpus.push(cpuPerEvent(before, await cpuSnapshot(bareServer.pid, options.dbName, redis, pg), b.ok));
      webhookRounds.push(w);
      referenceRounds.push(f);
      bareRounds.push(b);
      ratios.push(w.perSecond / b.perSecond);
      referenceRatios.push(w.perSecond / f.perSecond);
      process.stdout.write(
        `  round ${r + 1}: webhook ${fmt(w.perSecond)}/s p99 ${fmt(w.p99, 1)} ms, reference ${fmt(f.perSecond)}/s p99 ${fmt(f.p99, 1)} ms, ` +
          `bare ${fmt(b.perSecond)}/s p99 ${fmt(b.p99, 1)} ms, ratio ${fmt((w.perSecond / b.perSecond) * 100, 1)} % of bare, ${fmt((w.perSecond / f.perSecond) * 100, 1)} % of reference\n`,
      );
    }
    const webhook = medianResult(webhookRounds);
    const reference = medianResult(referenceRounds);
    const bare = medianResult(bareRounds);
    const ratio = median(ratios);
    const webhookVsReference = median(referenceRatios);
    const webhookCpu = meanCpu(webhookCpus);
    const referenceCpu = meanCpu(referenceCpus);
    const bareCpu = meanCpu(bareCpus);
    const cores = os.cpus().length;
    process.stdout.write(`${line('webhook (ROLE=api)', webhook)}\n`);
    process.stdout.write(`${line('reference stack', reference)}\n`);
    process.stdout.write(`${line('bare Fastify + JSON', bare)}\n`);
    process.stdout.write(`  webhook / bare         ${fmt(ratio * 100, 1)} % (median of the rounds' ratios)\n`);
    process.stdout.write(`  webhook / reference    ${fmt(webhookVsReference * 100, 1)} % (median of the rounds' ratios)\n`);
    process.stdout.write(
      `  CPU per event (µs)     webhook: server ${fmt(webhookCpu.server)}, PostgreSQL ${fmt(webhookCpu.postgres)}, Redis ${fmt(webhookCpu.redis)}, load generator ${fmt(webhookCpu.generator)} = ${fmt(webhookCpu.total)}` +
        ` → ${fmt((cores * 1e6) / webhookCpu.total)}/s if this machine's ${cores} cores did nothing else\n` +
        `                         reference: server ${fmt(referenceCpu.server)}, PostgreSQL ${fmt(referenceCpu.postgres)}, Redis ${fmt(referenceCpu.redis)}, load generator ${fmt(referenceCpu.generator)} = ${fmt(referenceCpu.total)}` +
        ` → ${fmt((cores * 1e6) / referenceCpu.total)}/s\n` +
        `                         bare: server ${fmt(bareCpu.server)}, load generator ${fmt(bareCpu.generator)} = ${fmt(bareCpu.server + bareCpu.generator)}\n`,
    );

    // Stored before acknowledged: every 200 is a row, and every row has its job.
    const { rows } = await pg.query<{ id: string }>(`select id from inbox_events where status = 'pending' order by id`);
    const [{ count } = { count: '0' }] = (await pg.query<{ count: string }>('select count(*) from inbox_events')).rows;
    const ids = rows.map((r) => Number(r.id));
    // The server wrote the instance row at its start; this reads it.
    const jobIds = jobIdsFor(await ensureInstanceId(drizzle(pg)));
    let rowsWithJob = 0;
    for (let i = 0; i < ids.length; i += 10_000) {
      const pipeline = redis.pipeline();
      for (const id of ids.slice(i, i + 10_000)) pipeline.exists(`${prefix}:inbound-events:${jobIds.inbox(id)}`);
      const results = (await pipeline.exec()) ?? [];
      rowsWithJob += results.filter(([err, value]) => err === null && value === 1).length;
    }
    const waiting = await redis.llen(`${prefix}:inbound-events:wait`);
    // Every body is unique, so every 200 (warm-up included) must be its own row.
    const accepted = warmAccepted + webhookRounds.reduce((n, r) => n + r.ok, 0);
    const consistent = accepted === total && Number(count) === accepted && rowsWithJob === accepted;
    // The yardstick must have done the same work: every body it was sent acknowledged, stored and queued.
    const referenceAccepted = referenceWarmAccepted + referenceRounds.reduce((n, r) => n + r.ok, 0);
    const [{ count: referenceCount } = { count: '0' }] = (await pg.query<{ count: string }>('select count(*) from reference_inbox')).rows;
    const referenceWaiting = await redis.llen(`${prefix}:reference-inbound:wait`);
    const referenceConsistent = referenceAccepted === total && Number(referenceCount) === total && referenceWaiting === total;
    report = {
      webhook,
      reference,
      bare,
      ratio,
      webhookVsReference,
      accepted,
      inboxRows: Number(count),
      rowsWithJob,
      waiting,
      webhookCpu,
      referenceCpu,
      bareCpu,
      consistent,
      referenceConsistent,
    };
    process.stdout.write(
      `  check: ${fmt(report.accepted)} events acknowledged (incl. warm-up), ${fmt(report.inboxRows)} inbox rows, ` +
        `${fmt(rowsWithJob)} rows with a job, ${fmt(waiting)} jobs waiting ${consistent ? '✔' : '✘ MISMATCH'}\n`,
    );
    process.stdout.write(
      `  reference check: ${fmt(total)} bodies posted, ${fmt(referenceAccepted)} acknowledged, ${fmt(Number(referenceCount))} reference_inbox rows, ` +
        `${fmt(referenceWaiting)} jobs waiting ${referenceConsistent ? '✔' : '✘ MISMATCH'}\n`,
    );
  } finally {
    await server.stop();
    await referenceServer.stop();
    await bareServer.stop();
    await pg.end();
    redis.disconnect();
    await clearRedisPrefix(prefix);
  }
  return report;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The round with the median throughput, its latencies the medians of the rounds', counts summed. */
function medianResult(rounds: LoadResult[]): LoadResult {
  const sum = (k: 'requests' | 'ok' | 'non2xx' | 'errors' | 'timeouts' | 'seconds') => rounds.reduce((n, r) => n + r[k], 0);
  return {
    requests: sum('requests'),
    ok: sum('ok'),
    non2xx: sum('non2xx'),
    errors: sum('errors'),
    timeouts: sum('timeouts'),
    seconds: sum('seconds'),
    perSecond: median(rounds.map((r) => r.perSecond)),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
  };
}

function meanCpu(rounds: CpuPerEvent[]): CpuPerEvent {
  const mean = (k: keyof CpuPerEvent) => rounds.reduce((n, r) => n + r[k], 0) / rounds.length;
  return { server: mean('server'), postgres: mean('postgres'), redis: mean('redis'), generator: mean('generator'), total: mean('total') };
}
