import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from './db/client';
import { pendingInboxLag } from './db/repos/inbox';
import {
  caseStatuses,
  cases,
  communes,
  mediaObjects,
  outboundPauses,
  outboxMessages,
  outboxStatuses,
} from './db/schema';
import { MEDIA_STATUSES } from './domain/media/policy';
import { WEBHOOK_RESULTS, type WebhookResult } from './http/routes/zalo-webhook';
import type { Queues } from './jobs/queues';
import type { Logger } from './logger';
import type { ZaloCallObservation } from './zalo/client';

/**
 * Prometheus metrics, one registry per app instance (tests build several in one process). Counters are fed by
 * hooks the adapters already expose (the webhook's onResult, the Zalo client's observe); the state of the
 * system (inbox lag, queue depth, outbox and cases by status) is read at scrape time with grouped counts that
 * the existing indexes serve, so nothing has to keep those numbers in step.
 *
 * Only the process that makes a Zalo call counts it: with ROLE=worker processes, Zalo latency of those is not
 * visible here; everything read at scrape time is the same from any API process.
 */

export interface MetricsSources {
  db: Db;
  queues: Queues;
  /** Events waiting in the webhook's Redis spool (API processes). */
  spoolLength?: () => Promise<number>;
  now: () => Date;
  logger: Logger;
}

export interface Metrics {
  registry: Registry;
  webhookResult: (result: WebhookResult) => void;
  zaloCall: (observation: ZaloCallObservation) => void;
  /** Zalo refused a commune's refresh token: an OA admin must grant the app again. */
  tokenNeedsReconsent: (communeId: number) => void;
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

export function createMetrics(sources: MetricsSources): Metrics {
  const registry = new Registry();
  const log = sources.logger.child({ module: 'metrics' });
  collectDefaultMetrics({ register: registry, prefix: 'langnghe_' });

  /** A failing read (database or Redis down) must not fail the scrape: the metric is left out instead. */
  const guarded = (name: string, gauge: Gauge, read: () => Promise<void>) => async () => {
    try {
      await read();
    } catch (err) {
      gauge.reset();
      log.warn({ err, metric: name }, 'metric collection failed');
    }
  };

  const webhookEvents = new Counter({
    name: 'langnghe_webhook_events_total',
    help: 'Zalo webhook deliveries by result (accepted, duplicate, spooled, stale, unknown_oa, bad_signature, unavailable, ...).',
    labelNames: ['result'],
    registers: [registry],
  });
  for (const result of WEBHOOK_RESULTS) webhookEvents.inc({ result }, 0);

  // The registry reads all metrics at once, so both inbox gauges share one query per scrape.
  let lagRead: { at: number; result: ReturnType<typeof pendingInboxLag> } | null = null;
  const readLag = () => {
    if (!lagRead || Date.now() - lagRead.at > 1000)
      lagRead = { at: Date.now(), result: pendingInboxLag(sources.db, sources.now()) };
    return lagRead.result;
  };
  const inboxPending: Gauge = new Gauge({
    name: 'langnghe_inbox_pending_events',
    help: 'Stored webhook events not processed yet.',
    registers: [registry],
    collect: () =>
      guarded('inbox', inboxPending, async () => {
        inboxPending.set((await readLag()).pending);
      })(),
  });
  const inboxOldest: Gauge = new Gauge({
    name: 'langnghe_inbox_oldest_pending_seconds',
    help: 'Age of the oldest unprocessed webhook event (0 when none): the inbound lag.',
    registers: [registry],
    collect: () =>
      guarded('inbox', inboxOldest, async () => {
        inboxOldest.set((await readLag()).oldestSeconds);
      })(),
  });

  if (sources.spoolLength) {
    const spoolLength = sources.spoolLength;
    const spooled: Gauge = new Gauge({
      name: 'langnghe_inbox_spool_events',
      help: 'Authentic events kept in Redis while PostgreSQL could not take them, not yet moved into the inbox.',
      registers: [registry],
      collect: () =>
        guarded('spool', spooled, async () => {
          spooled.set(await spoolLength());
        })(),
    });
  }

  const queueJobs: Gauge = new Gauge({
    name: 'langnghe_queue_jobs',
    help: 'BullMQ jobs per queue and state; state="failed" counts jobs that used up their attempts (kept 7 days).',
    labelNames: ['queue', 'state'],
    registers: [registry],
    collect: () =>
      guarded('queues', queueJobs, async () => {
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

  const outbox: Gauge = new Gauge({
    name: 'langnghe_outbox_messages',
    help: 'Outgoing messages by status (sent, undeliverable, failed, pending, sending); terminal states only grow.',
    labelNames: ['status'],
    registers: [registry],
    collect: () =>
      guarded('outbox', outbox, async () => {
        const rows = await sources.db
          .select({ status: outboxMessages.status, n: sql<number>`count(*)::int` })
          .from(outboxMessages)
          .groupBy(outboxMessages.status);
        for (const status of outboxStatuses)
          outbox.set({ status }, rows.find((r) => r.status === status)?.n ?? 0);
      })(),
  });

  const casesByStatus: Gauge = new Gauge({
    name: 'langnghe_cases',
    help: 'Cases by status, all communes.',
    labelNames: ['status'],
    registers: [registry],
    collect: () =>
      guarded('cases', casesByStatus, async () => {
        const rows = await sources.db
          .select({ status: cases.status, n: sql<number>`count(*)::int` })
          .from(cases)
          .groupBy(cases.status);
        for (const status of caseStatuses)
          casesByStatus.set({ status }, rows.find((r) => r.status === status)?.n ?? 0);
      })(),
  });

  const media: Gauge = new Gauge({
    name: 'langnghe_media_objects',
    help: 'Copies of media people sent, by status (copied, rejected, failed, pending, deleted); see media_objects.reason.',
    labelNames: ['status'],
    registers: [registry],
    collect: () =>
      guarded('media', media, async () => {
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
    help: "Failed Zalo API calls by Zalo's error code (REFERENCE.md §3.3; HTTP status or none for network errors) and kind.",
    labelNames: ['method', 'code', 'kind'],
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
      guarded('outbound', outboundBlocked, async () => {
        const [paused] = await sources.db.select({ n: sql<number>`count(*)::int` }).from(outboundPauses);
        const [reconsent] = await sources.db
          .select({ n: sql<number>`count(*)::int` })
          .from(communes)
          .where(sql`${communes.tokenStatus} = 'needs_reconsent'`);
        outboundBlocked.set({ state: 'paused' }, paused?.n ?? 0);
        outboundBlocked.set({ state: 'needs_reconsent' }, reconsent?.n ?? 0);
      })(),
  });

  return {
    registry,
    webhookResult(result) {
      webhookEvents.inc({ result });
    },
    zaloCall(o) {
      zaloDuration.observe({ method: o.method, outcome: o.outcome }, o.durationMs / 1000);
      if (o.method === TOKEN_REFRESH_METHOD) tokenRefreshes.inc({ outcome: o.outcome });
      if (o.outcome === 'error') {
        zaloErrors.inc({
          method: o.method,
          code: o.zaloCode === null ? 'none' : String(o.zaloCode),
          kind: o.errorKind ?? 'Other',
        });
      }
    },
    tokenNeedsReconsent() {
      reconsentEvents.inc();
    },
    routes(app) {
      app.get('/metrics', async (_request, reply) => {
        const body = await registry.metrics();
        return reply.type(registry.contentType).header('cache-control', 'no-store').send(body);
      });
    },
  };
}
