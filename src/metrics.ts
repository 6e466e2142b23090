import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AppMetrics } from './app/deps';
import type { Db } from './db/client';
import { readBacklog, readCommuneGauges, type Backlog, type CommuneGauges } from './db/repos/work-state';
import { communes as communesTable, mediaObjects, outboundPauses } from './db/schema';
import { MEDIA_STATUSES } from './domain/media/policy';
import { OPEN_STATUSES } from './domain/case/workflow';
import type { WebhookObservation, WebhookResult } from './http/routes/zalo-webhook';
import type { Queues } from './jobs/queues';
import type { Logger } from './logger';
import type { ZaloCallObservation } from './zalo/client';

/**
 * Prometheus metrics, one registry per app instance (tests build several in one process). Every role serves
 * them: the API on its listener and on METRICS_PORT, a worker on METRICS_PORT (http/metrics-server.ts).
 *
 * Two kinds, and how to sum them across processes:
 * - Flows (counters, histograms) are counted by the process that does the work: webhook requests in API
 *   processes, sends and Zalo calls in workers. Sum them over instances.
 * - State (backlog, failed rows, open and overdue cases, tokens, queue depth) is read from PostgreSQL and Redis
 *   at scrape time, the same from every process: take max() over instances. The reads use partial indexes
 *   (db/repos/work-state.ts) and are shared for STATE_TTL_MS, so concurrent scrapes and /readyz cost one read.
 *
 * Labels are bounded and carry no personal data: results, statuses, queue names, Zalo methods and codes, and the
 * commune's slug (never a user id).
 */

export interface MetricsSources {
  db: Db;
  queues: Queues;
  /** Events waiting in the webhook's Redis spool (API processes). */
  spoolLength?: () => Promise<number>;
  /** The webhook's in-memory commune keys (ROLE api or all): bounded by the communes table, whatever is posted. */
  communesKnown?: () => number;
  now: () => Date;
  logger: Logger;
}

export interface Metrics {
  registry: Registry;
  webhook: (observation: WebhookObservation) => void;
  zaloCall: (observation: ZaloCallObservation) => void;
  app: AppMetrics;
  /** Zalo refused a commune's refresh token: an OA admin must grant the app again. */
  tokenNeedsReconsent: (communeId: number) => void;
  /** The backlog as the gauges last read it (shared with /readyz). */
  backlog: () => Promise<Backlog>;
  routes: (app: FastifyInstance) => void;
}

const QUEUE_STATES = [
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'waiting-children',
  'failed',
  'completed',
] as const;
const TOKEN_REFRESH_METHOD = 'oauth.refresh';
/** The status each webhook result is usually answered with: every series exists (at 0) from the start. */
const WEBHOOK_STATUS: Record<WebhookResult, number> = {
  accepted: 200,
  duplicate: 200,
  spooled: 200,
  quarantined: 200,
  ignored: 200,
  stale: 200,
  odd_shape: 200,
  bad_timestamp: 200,
  unknown_oa: 200,
  bad_signature: 401,
  invalid: 400,
  too_large: 413,
  unavailable: 503,
  error: 500,
};
const STATE_TTL_MS = 2_000;
const WEBHOOK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5];
// Zalo wants replies quickly; the interesting range runs from sub-second to the minutes of a stall.
const REPLY_BUCKETS = [0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900];

/** One read shared by every caller within `ttlMs`; a failed read is not kept, so the next caller tries again. */
function shared<T>(ttlMs: number, read: () => Promise<T>): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | null = null;
  return () => {
    if (last && Date.now() - last.at < ttlMs) return last.value;
    const value = read();
    const entry = { at: Date.now(), value };
    last = entry;
    value.catch(() => {
      if (last === entry) last = null;
    });
    return value;
  };
}

export function createMetrics(sources: MetricsSources): Metrics {
  const registry = new Registry();
  const log = sources.logger.child({ module: 'metrics' });
  collectDefaultMetrics({ register: registry, prefix: 'langnghe_' });

  const collectErrors = new Counter({
    name: 'langnghe_metrics_collect_errors_total',
    help: 'Scrapes that could not read a source (postgres, redis); the gauges of that source are left out meanwhile.',
    labelNames: ['source'],
    registers: [registry],
  });
  for (const source of ['postgres', 'redis']) collectErrors.inc({ source }, 0);

  /** A failing read (database or Redis down) must not fail the scrape: its gauges are left out instead. */
  const guarded = (source: 'postgres' | 'redis', gauges: Gauge[], read: () => Promise<void>) => async () => {
    try {
      await read();
    } catch (err) {
      for (const gauge of gauges) gauge.reset();
      collectErrors.inc({ source });
      log.warn({ err, source }, 'metric collection failed');
    }
  };

  const backlog = shared(STATE_TTL_MS, () => readBacklog(sources.db, sources.now()));
  const communes = shared(STATE_TTL_MS, () => readCommuneGauges(sources.db, sources.now()));
  const fromBacklog = (gauge: () => Gauge, set: (b: Backlog, gauge: Gauge) => void) => () =>
    guarded('postgres', [gauge()], async () => {
      set(await backlog(), gauge());
    })();
  const fromCommunes = (gauge: () => Gauge, set: (rows: CommuneGauges[], gauge: Gauge) => void) => () =>
    guarded('postgres', [gauge()], async () => {
      const rows = await communes();
      gauge().reset();
      set(rows, gauge());
    })();

  const webhookRequests = new Counter({
    name: 'langnghe_webhook_requests_total',
    help: 'Zalo webhook requests by HTTP status and result (accepted, duplicate, spooled, stale, unknown_oa, bad_signature, unavailable, too_large...).',
    labelNames: ['status', 'result'],
    registers: [registry],
  });
  for (const [result, status] of Object.entries(WEBHOOK_STATUS))
    webhookRequests.inc({ status: String(status), result }, 0);
  const webhookDuration = new Histogram({
    name: 'langnghe_webhook_duration_seconds',
    help: 'Time from the webhook request to its answer (Zalo wants it within 2 s), by result.',
    labelNames: ['result'],
    buckets: WEBHOOK_BUCKETS,
    registers: [registry],
  });

  const replyDuration = new Histogram({
    name: 'langnghe_reply_duration_seconds',
    help: "Time from a resident's event reaching the webhook to Zalo accepting the reply to it (each reply message).",
    buckets: REPLY_BUCKETS,
    registers: [registry],
  });
  const outboxSettled = new Counter({
    name: 'langnghe_outbox_settled_total',
    help: 'Outgoing messages that reached a final status: sent, undeliverable (outside the window...) or failed.',
    labelNames: ['status'],
    registers: [registry],
  });
  for (const status of ['sent', 'undeliverable', 'failed']) outboxSettled.inc({ status }, 0);

  const inboxPending: Gauge = new Gauge({
    name: 'langnghe_inbox_pending_events',
    help: 'Stored webhook events not processed yet.',
    registers: [registry],
    collect: fromBacklog(
      () => inboxPending,
      (b, g) => {
        g.set(b.inboxPending);
      },
    ),
  });
  const inboxOldest: Gauge = new Gauge({
    name: 'langnghe_inbox_oldest_pending_seconds',
    help: 'Age of the oldest unprocessed webhook event (0 when none): the inbound lag.',
    registers: [registry],
    collect: fromBacklog(
      () => inboxOldest,
      (b, g) => {
        g.set(b.inboxOldestSeconds);
      },
    ),
  });
  const outboxPending: Gauge = new Gauge({
    name: 'langnghe_outbox_pending_messages',
    help: 'Outgoing messages not sent yet (pending, waiting for a retry, or being sent).',
    registers: [registry],
    collect: fromBacklog(
      () => outboxPending,
      (b, g) => {
        g.set(b.outboxOpen);
      },
    ),
  });
  const outboxOldest: Gauge = new Gauge({
    name: 'langnghe_outbox_oldest_pending_seconds',
    help: 'Age of the oldest outgoing message not sent yet (0 when none): replies not moving.',
    registers: [registry],
    collect: fromBacklog(
      () => outboxOldest,
      (b, g) => {
        g.set(b.outboxOldestSeconds);
      },
    ),
  });
  const failedRows: Gauge = new Gauge({
    name: 'langnghe_failed_rows',
    help: 'Inbox events and outbox messages that used up their attempts (status failed, kept with the reason).',
    labelNames: ['table'],
    registers: [registry],
    collect: fromBacklog(
      () => failedRows,
      (b, g) => {
        g.set({ table: 'inbox_events' }, b.inboxFailed);
        g.set({ table: 'outbox_messages' }, b.outboxFailed);
      },
    ),
  });

  const openCases: Gauge = new Gauge({
    name: 'langnghe_cases_open',
    help: 'Open cases (the commune still owes the resident an answer) by commune and status.',
    labelNames: ['commune', 'status'],
    registers: [registry],
    collect: fromCommunes(
      () => openCases,
      (rows, g) => {
        for (const row of rows)
          for (const status of OPEN_STATUSES)
            g.set({ commune: row.slug, status }, row.openCases[status] ?? 0);
      },
    ),
  });
  const overdueCases: Gauge = new Gauge({
    name: 'langnghe_cases_overdue',
    help: 'Open cases past their deadline, by commune.',
    labelNames: ['commune'],
    registers: [registry],
    collect: fromCommunes(
      () => overdueCases,
      (rows, g) => {
        for (const row of rows) g.set({ commune: row.slug }, row.overdueCases);
      },
    ),
  });
  const tokenExpiry: Gauge = new Gauge({
    name: 'langnghe_zalo_token_expiry_seconds',
    help: "Seconds until the commune's OA access token expires (negative: expired); absent while the expiry is unknown.",
    labelNames: ['commune'],
    registers: [registry],
    collect: fromCommunes(
      () => tokenExpiry,
      (rows, g) => {
        for (const row of rows)
          if (row.tokenExpiresInSeconds !== null) g.set({ commune: row.slug }, row.tokenExpiresInSeconds);
      },
    ),
  });

  if (sources.spoolLength) {
    const spoolLength = sources.spoolLength;
    const spooled: Gauge = new Gauge({
      name: 'langnghe_inbox_spool_events',
      help: 'Authentic events kept in Redis while PostgreSQL could not take them, not yet moved into the inbox.',
      registers: [registry],
      collect: () =>
        guarded('redis', [spooled], async () => {
          spooled.set(await spoolLength());
        })(),
    });
  }

  if (sources.communesKnown) {
    const communesKnown = sources.communesKnown;
    new Gauge({
      name: 'langnghe_webhook_communes',
      help: 'Communes whose signing keys the webhook holds in memory (reloaded from the communes table only).',
      registers: [registry],
      collect() {
        this.set(communesKnown());
      },
    });
  }

  const queueJobs: Gauge = new Gauge({
    name: 'langnghe_queue_jobs',
    help: 'BullMQ jobs per queue and state; state="failed" counts jobs that used up their attempts (kept 7 days).',
    labelNames: ['queue', 'state'],
    registers: [registry],
    collect: () =>
      guarded('redis', [queueJobs], async () => {
        const counts = await Promise.all(
          sources.queues.all.map(async (q) => ({
            name: q.name,
            counts: await q.getJobCounts(...QUEUE_STATES),
          })),
        );
        for (const { name, counts: byState } of counts) {
          for (const state of QUEUE_STATES) queueJobs.set({ queue: name, state }, byState[state] ?? 0);
        }
      })(),
  });

  const media: Gauge = new Gauge({
    name: 'langnghe_media_objects',
    help: 'Copies of media people sent, by status (copied, rejected, failed, pending, deleted); see media_objects.reason.',
    labelNames: ['status'],
    registers: [registry],
    collect: () =>
      // A grouped count over every copy: the one state read here that no partial index serves yet (copies only
      // grow); a counter in the copy path would make it as cheap as the others.
      guarded('postgres', [media], async () => {
        const rows = await sources.db
          .select({ status: mediaObjects.status, n: sql<number>`count(*)::int` })
          .from(mediaObjects)
          .groupBy(mediaObjects.status);
        for (const status of MEDIA_STATUSES)
          media.set({ status }, rows.find((r) => r.status === status)?.n ?? 0);
      })(),
  });

  const zaloDuration = new Histogram({
    name: 'langnghe_zalo_api_duration_seconds',
    help: 'Zalo API call latency, including one token refresh and retry when Zalo refused the token.',
    labelNames: ['method', 'outcome'],
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
    registers: [registry],
  });
  const zaloErrors = new Counter({
    name: 'langnghe_zalo_api_errors_total',
    help:
      "Failed Zalo API calls by Zalo's error code (docs/zalo.md §3.3; none when Zalo gave none), HTTP status " +
      '(200 for an error in the body, none when no answer came) and kind.',
    labelNames: ['method', 'code', 'http_status', 'kind'],
    registers: [registry],
  });
  const tokenRefreshes = new Counter({
    name: 'langnghe_zalo_token_refreshes_total',
    help: 'Access token refreshes by outcome; a failed one may need an OA admin to grant the app again.',
    labelNames: ['outcome'],
    registers: [registry],
  });
  tokenRefreshes.inc({ outcome: 'ok' }, 0);
  tokenRefreshes.inc({ outcome: 'error' }, 0);
  const reconsentEvents = new Counter({
    name: 'langnghe_zalo_token_refused_total',
    help: 'Refresh tokens Zalo refused (-140xx): the commune needs an OA admin to grant the app again.',
    registers: [registry],
  });
  // Outbound health per commune, read at scrape time from the two small places that hold it.
  const outboundBlocked: Gauge = new Gauge({
    name: 'langnghe_outbound_blocked_communes',
    help: 'Communes whose sends are paused (reason: Zalo rate limit, quota, token, OA) or whose tokens need re-consent.',
    labelNames: ['state'],
    registers: [registry],
    collect: () =>
      guarded('postgres', [outboundBlocked], async () => {
        const [paused] = await sources.db.select({ n: sql<number>`count(*)::int` }).from(outboundPauses);
        const [reconsent] = await sources.db
          .select({ n: sql<number>`count(*)::int` })
          .from(communesTable)
          .where(sql`${communesTable.tokenStatus} = 'needs_reconsent'`);
        outboundBlocked.set({ state: 'paused' }, paused?.n ?? 0);
        outboundBlocked.set({ state: 'needs_reconsent' }, reconsent?.n ?? 0);
      })(),
  });

  return {
    registry,
    backlog,
    webhook(o) {
      webhookRequests.inc({ status: String(o.statusCode), result: o.result });
      webhookDuration.observe({ result: o.result }, o.durationMs / 1000);
    },
    zaloCall(o) {
      zaloDuration.observe({ method: o.method, outcome: o.outcome }, o.durationMs / 1000);
      if (o.method === TOKEN_REFRESH_METHOD) tokenRefreshes.inc({ outcome: o.outcome });
      if (o.outcome === 'error') {
        zaloErrors.inc({
          method: o.method,
          code: o.zaloCode === null ? 'none' : String(o.zaloCode),
          http_status: o.httpStatus === null ? 'none' : String(o.httpStatus),
          kind: o.errorKind ?? 'Other',
        });
      }
    },
    tokenNeedsReconsent() {
      reconsentEvents.inc();
    },
    app: {
      outboxSettled(row, outcome, at) {
        outboxSettled.inc({ status: outcome });
        if (outcome === 'sent' && row.replyToReceivedAt) {
          replyDuration.observe(Math.max(0, (at.getTime() - row.replyToReceivedAt.getTime()) / 1000));
        }
      },
    },
    routes(app) {
      app.get('/metrics', async (_request, reply) => {
        const body = await registry.metrics();
        return reply.type(registry.contentType).header('cache-control', 'no-store').send(body);
      });
    },
  };
}
