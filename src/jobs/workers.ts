import { DelayedError, Worker, type ConnectionOptions, type Job, type Processor } from 'bullmq';
import { deliverOutbox } from '../app/deliver-outbound';
import type { AppDeps } from '../app/deps';
import { processInboxEvent } from '../app/handle-inbound-event';
import { scanClocks } from '../app/cases/reminders';
import { runScheduledReports } from '../app/reports/digests';
import { copyMedia } from '../app/media/copy-media';
import { sweep } from '../app/sweep';
import { SanitizedError } from '../safe-error';
import { JobName, QueueName, jitterBackoff, payloadSchemas, schedulerIds } from './queues';

export interface Workers {
  all: Worker[];
  close(): Promise<void>;
}

export interface WorkerOptions {
  /** Extra handlers of the case-workflow queue, added by later modules. */
  caseHandlers?: Partial<Record<string, (job: Job) => Promise<unknown>>>;
  tokenRefresh?: () => Promise<void>;
}

/**
 * BullMQ keeps a failed job's `message` (failedReason) and `stack` in Redis for days and shows them on
 * /admin/queues: a processor throws only the safe form of an error (src/safe-error.ts). BullMQ's own control
 * errors (DelayedError) pass through untouched.
 */
function sanitized(processor: Processor): Processor {
  return async (job, token) => {
    try {
      return (await processor(job, token)) as unknown;
    } catch (err) {
      if (err instanceof DelayedError) throw err;
      throw new SanitizedError(err);
    }
  };
}

/**
 * One Worker per queue. Startup fails if a job name has no handler; payloads are checked with their zod
 * schema; logs carry ids only. Nothing here waits for Redis: each Worker connects, and reconnects, by
 * itself, so a process whose Redis is down at start still serves its webhook (the repeatable jobs are
 * scheduled by scheduleMaintenance, which retries).
 */
export function startWorkers(
  deps: AppDeps,
  connection: ConnectionOptions,
  options: WorkerOptions = {},
): Workers {
  const { config } = deps;
  const prefix = config.BULLMQ_PREFIX;
  const common = {
    connection,
    prefix,
    settings: { backoffStrategy: (attemptsMade: number) => jitterBackoff(attemptsMade) },
    // Recovery after a crash (kill -9): a dead worker's active job is back in `wait` once its lock has
    // expired and two stalled checks have seen it, at most lockDuration + 2 × stalledInterval (20 s with the
    // defaults, BullMQ's own 90 s). A job whose lock renewal was merely late may run twice: every processor is
    // idempotent. A few stalls are allowed before a job fails, since a fault may kill workers repeatedly.
    lockDuration: config.JOB_LOCK_DURATION_MS,
    stalledInterval: config.JOB_STALLED_INTERVAL_MS,
    maxStalledCount: 5,
    // After a Redis error a Worker waits this long before fetching again (BullMQ's default is 15 s).
    runRetryDelay: 1_000,
  };

  const inbound = new Worker(
    QueueName.InboundEvents,
    sanitized(async (job, token) => {
      const { inboxId } = payloadSchemas[JobName.InboxProcess].parse(job.data);
      const outcome = await processInboxEvent(deps, inboxId, config.JOB_ATTEMPTS);
      if (outcome === 'busy' && token) {
        // Another job holds this resident: come back shortly rather than hold a worker slot waiting for it.
        // No attempt is spent and the job keeps its id, so the row is never left without a job.
        const retryMs = config.INBOUND_BUSY_RETRY_MS;
        await job.moveToDelayed(Date.now() + retryMs + Math.floor(Math.random() * retryMs), token);
        throw new DelayedError();
      }
      return outcome;
    }),
    { ...common, concurrency: config.INBOUND_CONCURRENCY },
  );

  const outbound = new Worker(
    QueueName.OutboundMessages,
    sanitized(async (job, token) => {
      const { outboxId } = payloadSchemas[JobName.OutboxSend].parse(job.data);
      const outcome = await deliverOutbox(deps, outboxId);
      if (outcome.kind === 'retryAt' && token) {
        // A backoff, a pause or an echo grace: sleep until then without spending a job attempt.
        await job.moveToDelayed(outcome.at.getTime(), token);
        throw new DelayedError();
      }
      return outcome.kind;
    }),
    // Zalo's per-app limit (docs/zalo.md §8) is counted on Zalo calls, in the client, not on jobs here.
    { ...common, concurrency: config.OUTBOUND_CONCURRENCY },
  );

  const caseWorkflow = new Worker(
    QueueName.CaseWorkflow,
    sanitized(async (job) => {
      const handler = options.caseHandlers?.[job.name];
      if (!handler) throw new Error(`no handler for ${job.name}`);
      return handler(job);
    }),
    { ...common, concurrency: 8 },
  );

  const maintenance = new Worker(
    QueueName.Maintenance,
    sanitized(async (job) => {
      switch (job.name) {
        case JobName.MaintenanceSweep:
          return sweep(deps);
        case JobName.TokenRefresh:
          await options.tokenRefresh?.();
          return 'ok';
        case JobName.ClockScan:
          return scanClocks(deps);
        default:
          throw new Error(`no handler for ${job.name}`);
      }
    }),
    { ...common, concurrency: 1 },
  );

  // Reports read a lot and write little: one at a time, apart from the sweep and the token refresh.
  const reports = new Worker(
    QueueName.Reports,
    sanitized(async (job) => {
      switch (job.name) {
        case JobName.ReportDaily:
          return runScheduledReports(deps, 'daily');
        case JobName.ReportWeekly:
          return runScheduledReports(deps, 'weekly');
        default:
          throw new Error(`no handler for ${job.name}`);
      }
    }),
    { ...common, concurrency: 1 },
  );

  const media = new Worker(
    QueueName.Media,
    sanitized(async (job) => {
      const { mediaId } = payloadSchemas[JobName.MediaCopy].parse(job.data);
      return copyMedia(deps, mediaId, { last: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) });
    }),
    // Downloads wait on Zalo's CDN, not on the CPU; a few at a time keep memory and bandwidth modest.
    { ...common, concurrency: config.MEDIA_COPY_CONCURRENCY },
  );

  const all = [inbound, outbound, caseWorkflow, maintenance, media, reports];
  for (const worker of all) {
    worker.on('failed', (job, err) => {
      deps.logger.warn(
        { queue: worker.name, jobId: job?.id, attemptsMade: job?.attemptsMade, err },
        'job failed',
      );
    });
    worker.on('error', (err) => {
      deps.logger.error({ queue: worker.name, err }, 'worker error');
    });
  }

  return {
    all,
    close: async () => {
      await Promise.all(all.map((w) => w.close()));
    },
  };
}

/** The repeatable jobs; rejects while Redis is unreachable (the caller retries). */
export async function scheduleMaintenance(deps: AppDeps): Promise<void> {
  await deps.queues.maintenance.upsertJobScheduler(
    schedulerIds.sweep,
    { every: deps.config.SWEEP_INTERVAL_SECONDS * 1000 },
    { name: JobName.MaintenanceSweep, data: {} },
  );
  await deps.queues.maintenance.upsertJobScheduler(
    schedulerIds.clockScan,
    { every: deps.config.CLOCK_SCAN_INTERVAL_SECONDS * 1000 },
    { name: JobName.ClockScan, data: {} },
  );
  await deps.queues.maintenance.upsertJobScheduler(
    schedulerIds.tokenRefresh,
    { every: 15 * 60 * 1000 },
    { name: JobName.TokenRefresh, data: {} },
  );
  // Cron in the commune's time zone: "0 7 * * 1" is Monday 07:00 in Hà Nội whatever the server's zone.
  await deps.queues.reports.upsertJobScheduler(
    schedulerIds.reportDaily,
    { pattern: deps.config.REPORT_DAILY_CRON, tz: deps.config.TZ },
    { name: JobName.ReportDaily, data: {} },
  );
  await deps.queues.reports.upsertJobScheduler(
    schedulerIds.reportWeekly,
    { pattern: deps.config.REPORT_WEEKLY_CRON, tz: deps.config.TZ },
    { name: JobName.ReportWeekly, data: {} },
  );
}
