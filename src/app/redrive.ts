import { redriveFailedInbox } from '../db/repos/inbox';
import { redriveFailedOutbox, wakeOpenOutbox } from '../db/repos/outbox';
import { JobName } from '../jobs/queues';
import type { AppDeps } from './deps';

/**
 * Operators bring failed work back (admin API): rows go back to `pending` in PostgreSQL first, then get a job
 * each. The job ids carry the moment of the re-drive, because the row's own job id may still belong to the
 * finished job that failed (an add with that id would do nothing); the sweeper catches any add that fails.
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
  await queueOutbox(deps, ids, 'r');
  deps.logger.info(
    { communeId: filter.communeId, reason: filter.reason, rows: ids.length },
    'failed outbox rows re-driven',
  );
  return ids;
}

export async function redriveInbox(deps: AppDeps, filter: RedriveFilter): Promise<number[]> {
  const ids = await redriveFailedInbox(deps.db, filter);
  const stamp = deps.now().getTime();
  await deps.queues.inbound
    .addBulk(
      ids.map((inboxId) => ({
        name: JobName.InboxProcess,
        data: { inboxId },
        opts: { jobId: `${deps.queues.jobIds.inbox(inboxId)}-r${stamp}` },
      })),
    )
    .catch((err: unknown) => {
      deps.logger.warn({ err }, 'queueing re-driven inbox rows failed; the sweeper will');
    });
  deps.logger.info(
    { communeId: filter.communeId, reason: filter.reason, rows: ids.length },
    'failed inbox events re-driven',
  );
  return ids;
}

/** A commune's waiting sends go now (its pause was lifted by an admin installing tokens). */
export async function wakeCommuneOutbox(deps: AppDeps, communeId: number): Promise<number[]> {
  const ids = await wakeOpenOutbox(deps.db, communeId, deps.now());
  await queueOutbox(deps, ids, 'w');
  return ids;
}

async function queueOutbox(deps: AppDeps, ids: number[], tag: string): Promise<void> {
  const stamp = deps.now().getTime();
  await deps.queues.outbound
    .addBulk(
      ids.map((outboxId) => ({
        name: JobName.OutboxSend,
        data: { outboxId },
        opts: { jobId: `${deps.queues.jobIds.outbox(outboxId)}-${tag}${stamp}` },
      })),
    )
    .catch((err: unknown) => {
      deps.logger.warn({ err }, 'queueing outbox rows failed; the sweeper will');
    });
}
