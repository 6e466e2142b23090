import type { OutboxMessage } from '../db/schema';
import { onOutboxSettled } from './cases/delivery-chain';
import type { AppDeps } from './deps';
import { enqueueCaseRoute, enqueueMediaCopy, enqueueOutbox } from './enqueue';

/**
 * Jobs a transaction made necessary, queued only once it committed (a job must never see a row that a
 * rollback took back). If queueing fails, the sweeper finds the rows and queues them later.
 */
export interface AfterCommit {
  outboxIds: number[];
  caseRouteIds: number[];
  /** media_objects rows to copy from Zalo's CDN (media.copy). */
  mediaIds: number[];
  /** Rows an OA echo settled as sent: their delivery chain records it, as the sender would have. */
  settledOutbox?: OutboxMessage[];
}

export function afterCommit(): AfterCommit {
  return { outboxIds: [], caseRouteIds: [], mediaIds: [] };
}

export function mergeAfterCommit(into: AfterCommit, from: AfterCommit): void {
  into.outboxIds.push(...from.outboxIds);
  into.caseRouteIds.push(...from.caseRouteIds);
  into.mediaIds.push(...from.mediaIds);
  if (from.settledOutbox) (into.settledOutbox ??= []).push(...from.settledOutbox);
}

/** Callers that only made some kinds of work pass just those. */
export async function flushAfterCommit(deps: AppDeps, work: Partial<AfterCommit>): Promise<void> {
  const results = await Promise.allSettled([
    enqueueOutbox(deps, work.outboxIds ?? []),
    enqueueCaseRoute(deps, work.caseRouteIds ?? []),
    enqueueMediaCopy(deps, work.mediaIds ?? []),
  ]);
  for (const result of results) {
    if (result.status === 'rejected') {
      deps.logger.warn(
        { err: result.reason as unknown },
        'enqueue after commit failed; the sweeper will catch up',
      );
    }
  }
  for (const row of work.settledOutbox ?? []) await onOutboxSettled(deps, row, 'sent');
}
