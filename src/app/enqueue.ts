import { JobName, jobIds } from '../jobs/queues';
import type { AppDeps } from './deps';

/** Queues processing of stored inbox rows; jobIds make a repeat a no-op. */
export async function enqueueInbox(deps: Pick<AppDeps, 'queues'>, inboxIds: number[]): Promise<void> {
  if (inboxIds.length === 0) return;
  await deps.queues.inbound.addBulk(
    inboxIds.map((inboxId) => ({ name: JobName.InboxProcess, data: { inboxId }, opts: { jobId: jobIds.inbox(inboxId) } })),
  );
}

/** Queues delivery of stored outbox rows. Failure is tolerated by callers: the sweeper catches up. */
export async function enqueueOutbox(deps: Pick<AppDeps, 'queues'>, outboxIds: number[]): Promise<void> {
  if (outboxIds.length === 0) return;
  await deps.queues.outbound.addBulk(
    outboxIds.map((outboxId) => ({ name: JobName.OutboxSend, data: { outboxId }, opts: { jobId: jobIds.outbox(outboxId) } })),
  );
}

/** Queues routing of newly filed cases (case-workflow queue). */
export async function enqueueCaseRoute(deps: Pick<AppDeps, 'queues'>, caseIds: number[]): Promise<void> {
  if (caseIds.length === 0) return;
  await deps.queues.caseWorkflow.addBulk(
    caseIds.map((caseId) => ({ name: JobName.CaseRoute, data: { caseId }, opts: { jobId: jobIds.caseRoute(caseId) } })),
  );
}
