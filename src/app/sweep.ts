import type { Queue } from 'bullmq';
import { unroutedCases } from '../db/repos/case-work';
import { stalePendingInbox } from '../db/repos/inbox';
import { stalePendingMedia } from '../db/repos/media';
import { staleOpenOutbox } from '../db/repos/outbox';
import { JobName } from '../jobs/queues';
import type { AppDeps } from './deps';
import { publishDueResults } from './public/publish-due';

const LIMIT = 1000;

/**
 * Re-queues rows whose job will not run: never added (Redis was down, the process died between commit and
 * enqueue), or finished while the row stayed open (attempts spent on a database error). A row whose job is
 * merely waiting, delayed or backing off, or active, is left alone, so a backlog never grows duplicates. The
 * row's own jobId is reused: a finished job holding it is removed first, since BullMQ adds nothing for a jobId
 * it holds. Returns the number of rows re-queued.
 *
 * A job's hash says all of that in one read: BullMQ sets `finishedOn` only when a job is completed or has
 * failed for good (a retry moves it to delayed or waiting without it, and a manual retry clears it), and
 * deletes the hash when the job is removed. `getJobState` would say the same but scans the wait and active
 * lists (LPOS), so during a backlog each of up to a thousand look-ups per sweep cost the length of the queue.
 */
export async function requeue(
  queue: Queue,
  name: JobName,
  ids: number[],
  jobIdOf: (id: number) => string,
  data: (id: number) => object,
) {
  if (ids.length === 0) return 0;
  // One round trip for all of them: the producer connection pipelines concurrent commands.
  const jobs = await Promise.all(ids.map((id) => queue.getJob(jobIdOf(id))));
  const dead = ids
    .map((id, i) => ({ id, job: jobs[i] }))
    .filter((row) => row.job === undefined || Boolean(row.job.finishedOn));
  await Promise.all(dead.filter((row) => row.job !== undefined).map((row) => queue.remove(jobIdOf(row.id))));
  if (dead.length > 0)
    await queue.addBulk(dead.map((row) => ({ name, data: data(row.id), opts: { jobId: jobIdOf(row.id) } })));
  return dead.length;
}

/** Runs at start and as a repeatable job (every SWEEP_INTERVAL_SECONDS). */
export async function sweep(deps: AppDeps): Promise<{ inbox: number; outbox: number }> {
  const now = deps.now();
  const before = new Date(now.getTime() - deps.config.SWEEP_STALE_AFTER_SECONDS * 1000);
  const { jobIds } = deps.queues;
  const inbox = await requeue(
    deps.queues.inbound,
    JobName.InboxProcess,
    await stalePendingInbox(deps.db, before, LIMIT),
    jobIds.inbox,
    (inboxId) => ({ inboxId }),
  );
  const outbox = await requeue(
    deps.queues.outbound,
    JobName.OutboxSend,
    await staleOpenOutbox(deps.db, before, LIMIT),
    jobIds.outbox,
    (outboxId) => ({ outboxId }),
  );
  // Cases filed while Redis was down (their case.route job never queued): still `received`, no agency, and
  // no routing outcome recorded. The routing job is idempotent, so a duplicate wake-up is harmless.
  const cases = await requeue(
    deps.queues.caseWorkflow,
    JobName.CaseRoute,
    await unroutedCases(deps.db, before, 100),
    jobIds.caseRoute,
    (caseId) => ({ caseId }),
  );
  // Media copies left pending (media.copy backs off on its own; a waiting one is left alone like the rest).
  const media = await requeue(
    deps.queues.media,
    JobName.MediaCopy,
    await stalePendingMedia(deps.db, before, LIMIT),
    jobIds.media,
    (mediaId) => ({ mediaId }),
  );
  // Results held for review whose publication deadline has come (issue 12).
  await publishDueResults(deps);
  if (inbox + outbox + cases + media > 0)
    deps.logger.info({ inbox, outbox, cases, media }, 'sweeper re-queued rows without a live job');
  return { inbox, outbox };
}
