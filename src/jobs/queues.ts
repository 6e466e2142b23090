import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { z } from 'zod';

/**
 * Every queue, job name, payload and jobId rule in one place. Payloads carry ids only, never personal data.
 * JobIds come from database rows (`inbox-<instance>-<id>`): never bare digits, never a colon, so re-enqueueing
 * the same row adds nothing (BullMQ guide/jobs/job-ids).
 */

export const QueueName = {
  InboundEvents: 'inbound-events',
  OutboundMessages: 'outbound-messages',
  CaseWorkflow: 'case-workflow',
  Maintenance: 'maintenance',
  Reports: 'reports',
  /** Copies of what people send, from Zalo's CDN into our media store (issue 11). */
  Media: 'media',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  InboxProcess: 'inbox.process',
  OutboxSend: 'outbox.send',
  CaseRoute: 'case.route',
  MaintenanceSweep: 'maintenance.sweep',
  TokenRefresh: 'token.refresh-due',
  /** Reminders, escalations, the Front's hand-over and the unscored closure, each once (app/cases/reminders.ts). */
  ClockScan: 'clock.scan',
  ReportDaily: 'report.daily',
  ReportWeekly: 'report.weekly',
  MediaCopy: 'media.copy',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

export const payloadSchemas = {
  [JobName.InboxProcess]: z.object({ inboxId: z.number().int().positive() }),
  [JobName.OutboxSend]: z.object({ outboxId: z.number().int().positive() }),
  [JobName.CaseRoute]: z.object({ caseId: z.number().int().positive() }),
  [JobName.MaintenanceSweep]: z.object({}),
  [JobName.TokenRefresh]: z.object({}),
  [JobName.ClockScan]: z.object({}),
  [JobName.ReportDaily]: z.object({}),
  [JobName.ReportWeekly]: z.object({}),
  [JobName.MediaCopy]: z.object({ mediaId: z.number().int().positive() }),
} satisfies Record<JobName, z.ZodType>;

export type JobPayload<N extends JobName> = z.infer<(typeof payloadSchemas)[N]>;

/**
 * The jobIds of one database. Row ids alone are not enough: after a database reset, or with two deployments
 * sharing a Redis, `inbox-1` would name the previous run's finished job (kept for `removeOnComplete`), and
 * BullMQ silently adds nothing for a jobId it already holds. The instance id (db/repos/instance.ts) is
 * different for every database, so each database's jobs live in their own id space.
 */
export interface JobIds {
  inbox: (inboxId: number) => string;
  outbox: (outboxId: number) => string;
  caseRoute: (caseId: number) => string;
  media: (mediaId: number) => string;
}

export function jobIdsFor(instance: string): JobIds {
  if (!/^[a-z0-9]+$/.test(instance)) throw new Error('instance id: lower-case letters and digits only');
  return {
    inbox: (inboxId) => `inbox-${instance}-${inboxId}`,
    outbox: (outboxId) => `outbox-${instance}-${outboxId}`,
    caseRoute: (caseId) => `case-route-${instance}-${caseId}`,
    media: (mediaId) => `media-${instance}-${mediaId}`,
  };
}

/** Repeatable jobs, upserted with fixed scheduler ids at start. */
export const schedulerIds = {
  sweep: 'maintenance-sweep',
  tokenRefresh: 'token-refresh',
  clockScan: 'clock-scan',
  reportDaily: 'report-daily',
  reportWeekly: 'report-weekly',
};

export function defaultJobOptions(attempts: number): JobsOptions {
  return {
    attempts,
    // Exponential with jitter (custom strategy in workers.ts) so retries of a failing Zalo spread out.
    backoff: { type: 'jitter', delay: 1_000 },
    // Completed jobs are kept a while so a redelivered event's jobId still dedups; processors are idempotent.
    removeOnComplete: { age: 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

export interface Queues {
  /** The jobIds of this database's rows. */
  jobIds: JobIds;
  inbound: Queue;
  outbound: Queue;
  caseWorkflow: Queue;
  maintenance: Queue;
  reports: Queue;
  media: Queue;
  all: Queue[];
  close(): Promise<void>;
}

export function createQueues(
  connection: ConnectionOptions,
  prefix: string,
  attempts: number,
  instance: string,
): Queues {
  const make = (name: QueueName) =>
    new Queue(name, { connection, prefix, defaultJobOptions: defaultJobOptions(attempts) });
  const inbound = make(QueueName.InboundEvents);
  const outbound = make(QueueName.OutboundMessages);
  const caseWorkflow = make(QueueName.CaseWorkflow);
  const maintenance = make(QueueName.Maintenance);
  const reports = make(QueueName.Reports);
  const media = make(QueueName.Media);
  const all = [inbound, outbound, caseWorkflow, maintenance, media, reports];
  // With a fail-fast producer connection, errors surface on the add() promise; this only keeps them from
  // being unhandled 'error' events.
  for (const q of all) q.on('error', () => undefined);
  return {
    jobIds: jobIdsFor(instance),
    inbound,
    outbound,
    caseWorkflow,
    maintenance,
    reports,
    media,
    all,
    close: async () => {
      await Promise.all(all.map((q) => q.close()));
    },
  };
}

/** Exponential backoff with full jitter: a random delay in [0, base·2^(attempt-1)], capped at 10 minutes. */
export function jitterBackoff(attemptsMade: number, baseMs = 1_000, capMs = 600_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}
