import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { ACCESS_TOKEN, APP_ID, APP_SECRET, OA_ID, OA_SECRET, REFRESH_TOKEN, serverEnv } from '../events';
import { freePort, startChild, type ChildServer } from '../support';
import { startOwnPostgres, startOwnRedis, type OwnPostgres, type OwnRedis } from './infra';
import type { FakeSend, InboxRecord, OutboxRecord } from './reconcile';

/**
 * Everything the suite runs: its own PostgreSQL and Redis, the fake Zalo as a process, 2 × ROLE=api and
 * 2 × ROLE=worker of the built server (dist/), all on loopback.
 */

const run = promisify(execFile);
const DATABASE = 'langnghe_faults';
const SERVER_SCRIPT = 'dist/src/main.js';
const FAKE_SCRIPT = 'dist/src/dev/fake-zalo/cli.js';
export const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';

/**
 * Server settings of the run, the product defaults except where a default would make a scenario take longer
 * than the suite's 15 minutes without testing anything more: a 3 s Zalo timeout (accept-then-timeout waits for
 * it), a 20 s OA pause (quota, token death: the pause's length is configuration, the probe is the mechanism).
 */
export const SUITE_SETTINGS: Record<string, string> = {
  LOG_LEVEL: 'warn',
  ZALO_HTTP_TIMEOUT_MS: '3000',
  OUTBOX_OA_PAUSE_SECONDS: '20',
  DATABASE_POOL_SIZE: '10',
  INBOUND_CONCURRENCY: '4',
  OUTBOUND_CONCURRENCY: '4',
};

export interface Cluster {
  pg: OwnPostgres;
  redis: OwnRedis;
  fake: ChildServer;
  apis: ChildServer[];
  workers: ChildServer[];
  /** The api processes' internal listeners (/metrics), same order as `apis`. */
  apiMetrics: string[];
  db: Pool;
  communeId: number;
  /** Events waiting in the webhook's Redis spool (PostgreSQL could not take them); null when Redis is down. */
  spoolLength(): Promise<number | null>;
  /** Kills (SIGKILL) and restarts one process; resolves with when the new one was ready. */
  restartApi(index: number, signal: NodeJS.Signals): Promise<number>;
  restartWorker(index: number, signal: NodeJS.Signals): Promise<number>;
  /** Echoes of accepted sends go to this api's webhook (the fake posts each once, as Zalo would). */
  echoTo(index: number, delayMs?: number): Promise<void>;
  fakeControl(method: 'POST' | 'DELETE', route: string, body?: unknown): Promise<unknown>;
  fakeSends(): Promise<FakeSend[]>;
  /** Requests the fake answered with a failure (no answer or ≥ 500) since its last reset: times, ms. */
  fakeFailures(): Promise<number[]>;
  records(residents: string[]): Promise<{ inbox: InboxRecord[]; outbox: OutboxRecord[] }>;
  quarantined(): Promise<number>;
  close(): Promise<void>;
}

/** Starts everything; when one part fails to start, what was already started is stopped and removed. */
export async function startCluster(log: (line: string) => void): Promise<Cluster> {
  const undo: (() => Promise<unknown>)[] = [];
  try {
    return await assemble(log, undo);
  } catch (err) {
    for (const fn of undo.reverse()) await fn().catch(() => undefined);
    throw err;
  }
}

async function assemble(log: (line: string) => void, undo: (() => Promise<unknown>)[]): Promise<Cluster> {
  const pg = await startOwnPostgres();
  undo.push(() => pg.dispose());
  const redis = await startOwnRedis();
  undo.push(() => redis.dispose());
  log(`  own PostgreSQL on :${pg.port}, own Redis at ${redis.url} (AOF)`);
  const mediaDir = mkdtempSync(path.join(os.tmpdir(), 'langnghe-faults-media-'));
  undo.push(() => {
    rmSync(mediaDir, { recursive: true, force: true });
    return Promise.resolve();
  });
  const oa = {
    oaId: OA_ID,
    appId: APP_ID,
    appSecret: APP_SECRET,
    accessToken: ACCESS_TOKEN,
    refreshToken: REFRESH_TOKEN,
  };
  const fake = await startChild(
    'fake-zalo',
    FAKE_SCRIPT,
    {},
    {
      args: (port) => ['--port', String(port), '--oa', JSON.stringify(oa)],
      healthPath: '/_fake/sent?userId=0',
    },
  );
  undo.push(() => fake.kill('SIGKILL'));
  const prefix = `faults-${randomBytes(3).toString('hex')}`;
  const env = (role: 'api' | 'worker', extra: Record<string, string> = {}) =>
    serverEnv({
      role,
      databaseUrl: pg.url(DATABASE),
      redisUrl: redis.url,
      prefix,
      zaloBaseUrl: fake.url,
      extra: { ZALO_ZNS_BASE_URL: fake.url, MEDIA_DIR: mediaDir, ...SUITE_SETTINGS, ...extra },
    });
  const apiMetrics: string[] = [];
  const startApi = async (index: number) => {
    const metricsPort = await freePort();
    apiMetrics[index] = `http://127.0.0.1:${metricsPort}`;
    return startChild(`api-${index + 1}`, SERVER_SCRIPT, env('api', { METRICS_PORT: String(metricsPort) }));
  };
  const startWorker = (index: number) =>
    startChild(`worker-${index + 1}`, SERVER_SCRIPT, env('worker'), { listenOn: 'metrics' });

  // The first api creates the database and migrates; the others start on a ready schema.
  const apis: ChildServer[] = [];
  const workers: ChildServer[] = [];
  undo.push(() => Promise.all([...apis, ...workers].map((p) => p.kill('SIGKILL'))));
  apis.push(await startApi(0));
  apis.push(await startApi(1));
  workers.push(await startWorker(0));
  workers.push(await startWorker(1));
  log(`  fake Zalo ${fake.url}; api ${apis.map((a) => a.url).join(', ')}; 2 workers (prefix ${prefix})`);

  const db = new Pool({ connectionString: pg.url(DATABASE), max: 3, connectionTimeoutMillis: 2_000 });
  // The suite restarts PostgreSQL under this pool: a dropped idle connection is not an error of ours.
  db.on('error', () => undefined);
  const { rows } = await db.query<{ id: number }>('select id from communes where zalo_oa_id = $1', [OA_ID]);
  const communeId = rows[0]!.id;

  let echoIndex = 0;
  const fakeControl = async (method: 'POST' | 'DELETE', route: string, body?: unknown) => {
    const res = await fetch(`${fake.url}/_fake/${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`fake zalo ${route}: HTTP ${res.status} ${await res.text()}`);
    return res.json();
  };
  const echoTo = async (index: number, delayMs = 0) => {
    echoIndex = index;
    await fakeControl('POST', 'echoes', {
      oaId: OA_ID,
      url: `${apis[index]!.url}/webhooks/zalo`,
      oaSecretKey: OA_SECRET,
      delayMs,
    });
  };
  await echoTo(0);

  const cluster: Cluster = {
    pg,
    redis,
    fake,
    apis,
    workers,
    apiMetrics,
    db,
    communeId,
    spoolLength: async () => {
      try {
        const { stdout } = await run('redis-cli', ['-u', redis.url, 'XLEN', `${prefix}:inbox-spool`]);
        const n = Number(stdout.trim());
        return Number.isInteger(n) ? n : null;
      } catch {
        return null;
      }
    },
    restartApi: async (index, signal) => {
      await apis[index]!.kill(signal);
      apis[index] = await startApi(index);
      // The fake's echo target moved with the process.
      if (echoIndex === index) await echoTo(index);
      return Date.now();
    },
    restartWorker: async (index, signal) => {
      await workers[index]!.kill(signal);
      workers[index] = await startWorker(index);
      return Date.now();
    },
    echoTo,
    fakeControl,
    fakeSends: async () => {
      const res = await fetch(`${fake.url}/_fake/sent`);
      const { messages } = (await res.json()) as {
        messages: { messageId: string; userId: string | null; at: string }[];
      };
      return messages.map((m) => ({ messageId: m.messageId, userId: m.userId, at: Date.parse(m.at) }));
    },
    fakeFailures: async () => {
      const res = await fetch(`${fake.url}/_fake/requests`);
      const { requests } = (await res.json()) as { requests: { at: string; statusCode: number | null }[] };
      return requests
        .filter((r) => r.statusCode === null || r.statusCode >= 500)
        .map((r) => Date.parse(r.at));
    },
    records: async (residents) => {
      const inbox = await db.query<{
        id: string;
        msg_id: string | null;
        zalo_user_id: string | null;
        status: string;
      }>(
        `select id, payload->'message'->>'msg_id' as msg_id, zalo_user_id, status from inbox_events
         where zalo_user_id = any($1) and event_name like 'user_%'`,
        [residents],
      );
      const outbox = await db.query<{
        id: string;
        zalo_user_id: string;
        dedup_key: string | null;
        status: string;
        zalo_message_id: string | null;
        reply_to_received_at: Date | null;
        retry_since: Date | null;
        last_attempt_at: Date | null;
        last_error: string | null;
      }>(
        `select id, zalo_user_id, dedup_key, status, zalo_message_id, reply_to_received_at, retry_since, last_attempt_at, last_error
         from outbox_messages where zalo_user_id = any($1)`,
        [residents],
      );
      const ms = (d: Date | null) => (d === null ? null : d.getTime());
      return {
        inbox: inbox.rows.map((r) => ({
          id: Number(r.id),
          msgId: r.msg_id,
          userId: r.zalo_user_id,
          status: r.status,
        })),
        outbox: outbox.rows.map((r) => ({
          id: Number(r.id),
          userId: r.zalo_user_id,
          dedupKey: r.dedup_key,
          status: r.status,
          zaloMessageId: r.zalo_message_id,
          replyToReceivedAt: ms(r.reply_to_received_at),
          retrySince: ms(r.retry_since),
          lastAttemptAt: ms(r.last_attempt_at),
          lastError: r.last_error,
        })),
      };
    },
    quarantined: async () => {
      const { rows: q } = await db.query<{ n: string }>('select count(*) as n from inbox_quarantine');
      return Number(q[0]?.n ?? 0);
    },
    close: async () => {
      await db.end().catch(() => undefined);
      await Promise.all([...apis, ...workers].map((p) => p.stop()));
      await fake.stop();
      await redis.dispose();
      await pg.dispose();
      rmSync(mediaDir, { recursive: true, force: true });
    },
  };
  return cluster;
}
