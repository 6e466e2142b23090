import { redriveFailedInbox } from '../db/repos/inbox';
import { redriveFailedOutbox, wakeOpenOutbox } from '../db/repos/outbox';
import { JobName } from '../jobs/queues';
import type { AppDeps } from './deps';
import { requeue } from './sweep';

/**
 * Operators bring failed work back (admin API): rows go back to `pending` in PostgreSQL first, then get their
 * job as the sweeper gives it (the row's own job id, the finished job that failed removed first). If Redis
 * fails here, the sweeper does it on its next pass.
 */

export interface RedriveFilter {
  /** Null: every commune. */
  communeId: number | null;
  /** Outbox: an error kind (`Network`, `QuotaExceeded`…). Inbox: the start of `last_error`. Null: all. */
  reason: string | null;
}

export async function redriveOutbox(deps: AppDeps, filter: RedriveFilter): Promise<number[]> {
  const ids = await redriveFailedOutbox(
    deps.db,
    { communeId: filter.communeId, errorKind: filter.reason },
    deps.now(),
  );
  await queueOutbox(deps, ids);
  deps.logger.info(
    { communeId: filter.communeId, reason: filter.reason, rows: ids.length },
    'failed outbox rows re-driven',
  );
  return ids;
}

export async function redriveInbox(deps: AppDeps, filter: RedriveFilter): Promise<number[]> {
  const ids = await redriveFailedInbox(deps.db, filter);
  await requeue(deps.queues.inbound, JobName.InboxProcess, ids, deps.queues.jobIds.inbox, (inboxId) => ({
    inboxId,
  })).catch((err: unknown) => {
    deps.logger.warn({ err }, 'queueing re-driven inbox rows failed; the sweeper will');
  });
  deps.logger.info(
    { communeId: filter.communeId, reason: filter.reason, rows: ids.length },
    'failed inbox events re-driven',
  );
  return ids;
}

/**
 * A commune's waiting sends go now (an admin installed tokens or lifted the pause): their rows are due, and
 * jobs that sleep until the pause's end are woken.
 */
export async function wakeCommuneOutbox(deps: AppDeps, communeId: number): Promise<number[]> {
  const ids = await wakeOpenOutbox(deps.db, communeId, deps.now());
  await queueOutbox(deps, ids);
  await Promise.all(
    ids.map(async (id) => {
      const job = await deps.queues.outbound.getJob(deps.queues.jobIds.outbox(id));
      if (job && (await job.isDelayed())) await job.promote();
    }),
  ).catch((err: unknown) => {
    deps.logger.warn({ err, communeId }, 'waking delayed sends failed; they run when their delay ends');
  });
  return ids;
}

async function queueOutbox(deps: AppDeps, ids: number[]): Promise<void> {
  await requeue(deps.queues.outbound, JobName.OutboxSend, ids, deps.queues.jobIds.outbox, (outboxId) => ({
    outboxId,
  })).catch((err: unknown) => {
    deps.logger.warn({ err }, 'queueing outbox rows failed; the sweeper will');
  });
}
