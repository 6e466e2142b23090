import type { Queue } from 'bullmq';
import { JobName } from '../jobs/queues';
import { createGroupCommit, type GroupCommit } from '../lib/group-commit';
import type { AppDeps } from './deps';

type BulkJob = Parameters<Queue['addBulk']>[0][number];

const batchers = new WeakMap<Queue, GroupCommit<BulkJob[], undefined>>();

/**
 * Group commit for enqueues, like the inbox writer's for inserts: jobs that arrive while an addBulk to the
 * same queue is in flight go together in the next one, so a busy webhook makes a few large Redis round trips
 * instead of one pipeline per event (building an ioredis pipeline copies BullMQ's ~50 scripts onto it, and
 * each flush is a socket write). Each caller's promise settles with the addBulk that carried its jobs, so a
 * Redis failure still reaches it (and the sweeper catches up); with Redis slow or down, at most 20,000 jobs
 * wait and further callers are told at once.
 */
function batchedAdd(queue: Queue): GroupCommit<BulkJob[], undefined> {
  const existing = batchers.get(queue);
  if (existing) return existing;
  const pump = createGroupCommit<BulkJob[], undefined>({
    name: `enqueue ${queue.name}`,
    maxBatch: 500,
    maxInFlight: 2,
    maxQueued: 20_000,
    weight: (jobs) => jobs.length,
    run: async (batches) => {
      await queue.addBulk(batches.flat());
      return batches.map(() => ({ ok: true, value: undefined }));
    },
  });
  batchers.set(queue, pump);
  return pump;
}

/** Queues processing of stored inbox rows; jobIds make a repeat a no-op. */
export async function enqueueInbox(deps: Pick<AppDeps, 'queues'>, inboxIds: number[]): Promise<void> {
  if (inboxIds.length === 0) return;
  await batchedAdd(deps.queues.inbound).submit(
    inboxIds.map((inboxId) => ({
      name: JobName.InboxProcess,
      data: { inboxId },
      opts: { jobId: deps.queues.jobIds.inbox(inboxId) },
    })),
  );
}

/** Queues delivery of stored outbox rows. Failure is tolerated by callers: the sweeper catches up. */
export async function enqueueOutbox(deps: Pick<AppDeps, 'queues'>, outboxIds: number[]): Promise<void> {
  if (outboxIds.length === 0) return;
  await batchedAdd(deps.queues.outbound).submit(
    outboxIds.map((outboxId) => ({
      name: JobName.OutboxSend,
      data: { outboxId },
      opts: { jobId: deps.queues.jobIds.outbox(outboxId) },
    })),
  );
}

/** Queues copies of recorded media (media queue); the sweeper re-adds rows whose job never made it. */
export async function enqueueMediaCopy(deps: Pick<AppDeps, 'queues'>, mediaIds: number[]): Promise<void> {
  if (mediaIds.length === 0) return;
  await batchedAdd(deps.queues.media).submit(
    mediaIds.map((mediaId) => ({ name: JobName.MediaCopy, data: { mediaId }, opts: { jobId: deps.queues.jobIds.media(mediaId) } })),
  );
}

/** Queues routing of newly filed cases (case-workflow queue). */
export async function enqueueCaseRoute(deps: Pick<AppDeps, 'queues'>, caseIds: number[]): Promise<void> {
  if (caseIds.length === 0) return;
  await batchedAdd(deps.queues.caseWorkflow).submit(
    caseIds.map((caseId) => ({
      name: JobName.CaseRoute,
      data: { caseId },
      opts: { jobId: deps.queues.jobIds.caseRoute(caseId) },
    })),
  );
}
