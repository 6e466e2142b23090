import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { createFakeZalo } from '../src/dev/fake-zalo';
import {
  ACCESS_TOKEN,
  APP_ID,
  APP_SECRET,
  OA_ID,
  REFRESH_TOKEN,
  residentId,
  signedTexts,
} from './events';
import { openWork, startLoopServer } from './full-loop';
import { postAll, postPaced, type PacedResult } from './load';
import { startFloor } from './loop-floor';
import {
  clearRedisPrefix,
  dropDatabase,
  fmt,
  freePort,
  freshDatabase,
  startChild,
  type ChildServer,
  yardstickScript,
} from './support';

export interface SteadyRateOptions {
  dbName: string;
  floorDbName: string;
  /** Messages per second, paced (open loop). */
  rate: number;
  seconds: number;
  /**
   * Residents taking turns: each sends one message every residents / rate seconds (5 s by default), far
   * longer than an answer takes, so each send at the fake Zalo belongs to the resident's latest message.
   */
  residents: number;
}

export interface LatencySummary {
  messages: number;
  /**
   * Messages without a reply within their turn (before the resident's next message, or the end of the drain):
   * too late to attribute, counted as infinitely late in the percentiles. Not a lost message: the full loop
   * checks those.
   */
  late: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface SteadyRateReport {
  /** The product (ROLE=all + fake Zalo): webhook request written → first reply at the fake Zalo. */
  product: LatencySummary;
  /** The loop floor (bench/loop-floor-server.ts) at the same rate, same measure: the design's best. */
  floor: LatencySummary;
  /** The bare Fastify route at the same rate: request written → response read, HTTP alone. */
  bare: LatencySummary;
  /** The product's webhook answers (request written → 200 read) during the steady phase. */
  productAccept: LatencySummary;
  lagMax: number;
  /** Every paced request of the product got its 200. */
  ok: boolean;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** Percentiles over every message; one without an answer in time is counted as infinitely late. */
function summary(latencies: number[]): LatencySummary {
  const sorted = latencies.map((l) => (Number.isFinite(l) ? l : Infinity)).sort((a, b) => a - b);
  return {
    messages: latencies.length,
    late: sorted.filter((l) => l === Infinity).length,
    p50: pct(sorted, 50),
    p95: pct(sorted, 95),
    p99: pct(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

/**
 * Replies by recipient: for every send the time it reached the fake Zalo. Each measured message's latency is
 * its resident's first send after the message was written and before the resident's next message.
 */
class ReplyClock {
  private readonly byUser = new Map<string, number[]>();
  measuring = false;

  record(userId: string): void {
    if (!this.measuring) return;
    const at = performance.now();
    const list = this.byUser.get(userId);
    if (list) list.push(at);
    else this.byUser.set(userId, [at]);
  }

  /** Latency of each message i (sent at sentAt[i] by users[i]); NaN when no reply came in its turn. */
  latencies(users: string[], sentAt: Float64Array): number[] {
    const nextOfUser = new Map<string, number>();
    const turnEnd = new Float64Array(users.length).fill(Infinity);
    for (let i = users.length - 1; i >= 0; i--) {
      const u = users[i]!;
      const later = nextOfUser.get(u);
      if (later !== undefined) turnEnd[i] = sentAt[later]!;
      nextOfUser.set(u, i);
    }
    return users.map((u, i) => {
      const start = sentAt[i]!;
      const first = (this.byUser.get(u) ?? []).find((at) => at >= start && at < turnEnd[i]!);
      return first === undefined ? NaN : first - start;
    });
  }

  answeredAll(users: string[], sentAt: Float64Array): boolean {
    return this.latencies(users, sentAt).every((l) => Number.isFinite(l));
  }
}

const TEXTS = ['Xin chào', 'Đèn đường thôn 3 bị hỏng', '1', 'Cảm ơn', 'menu'];

/**
 * The measured messages: `rate × seconds` of them, resident i % residents in turn; each resident's warm-up
 * message (its first, "Xin chào", sent before the clock starts) is not among them, so the measured ones are
 * the full loop's later messages, in the same order of texts.
 */
function measuredMessages(options: SteadyRateOptions): {
  users: string[];
  bodies: ReturnType<typeof signedTexts>;
} {
  const count = Math.round(options.rate * options.seconds);
  const all = signedTexts(options.residents + count, options.residents, (k) => TEXTS[k % TEXTS.length]!);
  const users = Array.from({ length: count }, (_, i) =>
    residentId((options.residents + i) % options.residents),
  );
  return { users, bodies: all.slice(options.residents) };
}

async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(100);
  }
  return false;
}

interface Run {
  paced: PacedResult;
  replies: number[];
}

/** Warm-up (each resident's first message, as fast as it goes), then the paced phase, then a drain. */
async function runSteady(
  options: SteadyRateOptions,
  url: string,
  clock: ReplyClock,
  quiet: () => Promise<boolean>,
): Promise<Run> {
  const warmup = signedTexts(options.residents, options.residents, () => TEXTS[0]!);
  await postAll(url, warmup, 50);
  await waitUntil(quiet, 120_000);
  const { users, bodies } = measuredMessages(options);
  clock.measuring = true;
  const paced = await postPaced(url, '/webhooks/zalo', bodies, options.rate, 32);
  await waitUntil(() => clock.answeredAll(users, paced.sentAt), 30_000);
  clock.measuring = false;
  return { paced, replies: clock.latencies(users, paced.sentAt) };
}

/** Milliseconds, or ∞ for a percentile that falls on a message answered too late to attribute. */
export const ms = (v: number) => (Number.isFinite(v) ? fmt(v, 1) : '∞');

function line(label: string, s: LatencySummary, turnSeconds: number): string {
  return (
    `  ${label.padEnd(38)} p50 ${ms(s.p50).padStart(6)} ms   p95 ${ms(s.p95).padStart(6)} ms   p99 ${ms(s.p99).padStart(6)} ms   ` +
    `max ${ms(s.max).padStart(7)} ms   (${fmt(s.messages)} messages` +
    `${s.late > 0 ? `, ${fmt(s.late)} without an answer within ${fmt(turnSeconds, 1)} s, counted as ∞` : ''})`
  );
}

/**
 * (5) Steady rate: `rate` messages a second for `seconds` from residents taking turns, against ROLE=all with
 * the fake Zalo; per message the time from the webhook request being written to its first reply reaching the
 * fake Zalo (matched by recipient). Beside it, from the same run: the loop floor at the same rate and the same
 * measure (the design's best), and the bare route's HTTP round trip at the same rate.
 */
export async function steadyRate(options: SteadyRateOptions): Promise<SteadyRateReport> {
  const turn = options.residents / options.rate;
  process.stdout.write(
    `\n(5) steady rate: ${fmt(options.rate)} messages/s for ${fmt(options.seconds)} s from ${fmt(options.residents)} residents taking turns ` +
      `(one message each every ${fmt(options.residents / options.rate, 1)} s), ROLE=all + fake Zalo; webhook request → first reply at Zalo\n`,
  );

  // The product.
  const productClock = new ReplyClock();
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  const databaseUrl = await freshDatabase(options.dbName);
  const fake = createFakeZalo({ logger: false });
  fake.addOa({
    oaId: OA_ID,
    appId: APP_ID,
    appSecret: APP_SECRET,
    accessToken: ACCESS_TOKEN,
    refreshToken: REFRESH_TOKEN,
  });
  await fake.start(await freePort(), '127.0.0.1');
  fake.events.on('message', (m) => {
    if (m.userId !== null) productClock.record(m.userId);
  });
  let server: ChildServer | undefined;
  const pg = new Client({ connectionString: databaseUrl });
  let product: Run;
  try {
    server = await startLoopServer('steady-all', { databaseUrl, prefix, zaloBaseUrl: fake.baseUrl });
    await pg.connect();
    product = await runSteady(options, server.url, productClock, async () => (await openWork(pg)) === 0);
  } finally {
    await pg.end().catch(() => undefined);
    await server?.stop();
    await fake.close();
    await clearRedisPrefix(prefix);
    if (process.env.BENCH_KEEP_DB !== '1') await dropDatabase(options.dbName).catch(() => undefined);
  }
  const productSummary = summary(product.replies);
  const acceptSummary = summary([...product.paced.latency]);
  process.stdout.write(line('product: request → first reply', productSummary, turn) + '\n');
  // A queue that builds up shows as a p95 that grows from one 10 s window to the next.
  const perWindow = Math.round(options.rate * 10);
  const windows: string[] = [];
  for (let start = 0; start < product.replies.length; start += perWindow) {
    windows.push(ms(summary(product.replies.slice(start, start + perWindow)).p95));
  }
  process.stdout.write(`  product p95 by 10 s of sending: ${windows.join(', ')} ms\n`);
  process.stdout.write(
    line('product: request → 200 (webhook)', acceptSummary, turn) +
      `   generator lag max ${fmt(product.paced.lagMax, 1)} ms\n`,
  );

  // The loop floor, same load.
  const floorClock = new ReplyClock();
  const floorStack = await startFloor(options.floorDbName, (userId) => {
    floorClock.record(userId);
  });
  let floor: Run;
  try {
    floor = await runSteady(options, floorStack.server.url, floorClock, async () => {
      const { rows } = await floorStack.pg.query<{ n: string }>(
        `select count(*) as n from floor_outbox where status <> 'sent'`,
      );
      const inbox = await floorStack.pg.query<{ n: string }>(
        `select count(*) as n from floor_inbox where status <> 'processed'`,
      );
      return (
        Number(rows[0]?.n) === 0 &&
        Number(inbox.rows[0]?.n) === 0 &&
        floorStack.fake.sends() >= options.residents
      );
    });
  } finally {
    await floorStack.stop();
  }
  const floorSummary = summary(floor.replies);
  process.stdout.write(line('yardstick: loop floor, same measure', floorSummary, turn) + '\n');

  // The bare route: HTTP alone at the same rate.
  const bareServer = await startChild('bare-steady', yardstickScript('bare-server'), {});
  let bare: PacedResult;
  try {
    const { bodies } = measuredMessages(options);
    bare = await postPaced(bareServer.url, '/webhooks/zalo', bodies, options.rate, 32);
  } finally {
    await bareServer.stop();
  }
  const bareSummary = summary([...bare.latency]);
  process.stdout.write(line('yardstick: bare route, request → 200', bareSummary, turn) + '\n');

  return {
    product: productSummary,
    floor: floorSummary,
    bare: bareSummary,
    productAccept: acceptSummary,
    lagMax: product.paced.lagMax,
    ok: product.paced.ok === product.paced.sentAt.length,
  };
}
