import type { Queue } from 'bullmq';
import { JobName, jobIds } from '../jobs/queues';
import type { AppDeps } from './deps';

type BulkJob = Parameters<Queue['addBulk']>[0][number];

interface Waiting {
  jobs: BulkJob[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

const MAX_BATCH = 500;
const MAX_IN_FLIGHT = 2;
const batchers = new WeakMap<Queue, (jobs: BulkJob[]) => Promise<void>>();

/**
 * Group commit for enqueues, like the inbox writer's for inserts: jobs that arrive while an addBulk to the
 * same queue is in flight go together in the next one, so a busy webhook makes a few large Redis round trips
 * instead of one pipeline per event (building an ioredis pipeline copies BullMQ's ~50 scripts onto it, and
 * each flush is a socket write); a quiet one waits for nobody (no timer). Each caller's promise settles
 * with the addBulk that carried its jobs, so a Redis failure still reaches it (and the sweeper catches up).
 */
function batchedAdd(queue: Queue): (jobs: BulkJob[]) => Promise<void> {
  const existing = batchers.get(queue);
  if (existing) return existing;
  let waiting: Waiting[] = [];
  let inFlight = 0;

  const pump = (): void => {
    while (inFlight < MAX_IN_FLIGHT && waiting.length > 0) {
      let size = 0;
      let take = 0;
      for (let next = waiting[0]; next !== undefined; next = waiting[take]) {
        if (take > 0 && size + next.jobs.length > MAX_BATCH) break;
        size += next.jobs.length;
        take++;
      }
      const batch = waiting.slice(0, take);
      waiting = waiting.slice(take);
      inFlight++;
      queue
        .addBulk(batch.flatMap((w) => w.jobs))
        .then(
          () => {
            for (const w of batch) w.resolve();
          },
          (err: unknown) => {
            for (const w of batch) w.reject(err);
          },
        )
        .finally(() => {
          inFlight--;
          pump();
        });
    }
  };

  const add = (jobs: BulkJob[]): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ jobs, resolve, reject });
      pump();
    });
  batchers.set(queue, add);
  return add;
}

/** Queues processing of stored inbox rows; jobIds make a repeat a no-op. */
export async function enqueueInbox(deps: Pick<AppDeps, 'queues'>, inboxIds: number[]): Promise<void> {
  if (inboxIds.length === 0) return;
  await batchedAdd(deps.queues.inbound)(
    inboxIds.map((inboxId) => ({ name: JobName.InboxProcess, data: { inboxId }, opts: { jobId: jobIds.inbox(inboxId) } })),
  );
}

/** Queues delivery of stored outbox rows. Failure is tolerated by callers: the sweeper catches up. */
export async function enqueueOutbox(deps: Pick<AppDeps, 'queues'>, outboxIds: number[]): Promise<void> {
  if (outboxIds.length === 0) return;
  await batchedAdd(deps.queues.outbound)(
    outboxIds.map((outboxId) => ({ name: JobName.OutboxSend, data: { outboxId }, opts: { jobId: jobIds.outbox(outboxId) } })),
  );
}

/** Queues copies of recorded media (media queue); the sweeper re-adds rows whose job never made it. */
export async function enqueueMediaCopy(deps: Pick<AppDeps, 'queues'>, mediaIds: number[]): Promise<void> {
  if (mediaIds.length === 0) return;
  await batchedAdd(deps.queues.media)(
    mediaIds.map((mediaId) => ({ name: JobName.MediaCopy, data: { mediaId }, opts: { jobId: jobIds.media(mediaId) } })),
  );
}

/** Queues routing of newly filed cases (case-workflow queue). */
export async function enqueueCaseRoute(deps: Pick<AppDeps, 'queues'>, caseIds: number[]): Promise<void> {
  if (caseIds.length === 0) return;
  await batchedAdd(deps.queues.caseWorkflow)(
    caseIds.map((caseId) => ({ name: JobName.CaseRoute, data: { caseId }, opts: { jobId: jobIds.caseRoute(caseId) } })),
  );
}
