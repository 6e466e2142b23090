import { unroutedCases } from '../db/repos/case-work';
import { stalePendingInbox } from '../db/repos/inbox';
import { stalePendingMedia } from '../db/repos/media';
import { staleOpenOutbox } from '../db/repos/outbox';
import { JobName, jobIds } from '../jobs/queues';
import type { AppDeps } from './deps';

const LIMIT = 1000;

/**
 * Re-queues inbox and outbox rows left pending without a live job: stored while Redis was down, or whose
 * job was lost. Runs at start and as a repeatable job. The jobIds carry a time bucket, because a row's
 * original jobId may still belong to a finished job (which would make the add a no-op); the processors are
 * idempotent, so a duplicate wake-up costs one query.
 */
export async function sweep(deps: AppDeps): Promise<{ inbox: number; outbox: number }> {
  const now = deps.now();
  const before = new Date(now.getTime() - deps.config.SWEEP_STALE_AFTER_SECONDS * 1000);
  const bucket = Math.floor(now.getTime() / 60_000);
  const inbox = await stalePendingInbox(deps.db, before, LIMIT);
  if (inbox.length > 0) {
    await deps.queues.inbound.addBulk(
      inbox.map((inboxId) => ({
        name: JobName.InboxProcess,
        data: { inboxId },
        opts: { jobId: `${jobIds.inbox(inboxId)}-s${bucket}` },
      })),
    );
  }
  const outbox = await staleOpenOutbox(deps.db, before, LIMIT);
  if (outbox.length > 0) {
    await deps.queues.outbound.addBulk(
      outbox.map((outboxId) => ({
        name: JobName.OutboxSend,
        data: { outboxId },
        opts: { jobId: `${jobIds.outbox(outboxId)}-s${bucket}` },
      })),
    );
  }
  // Cases filed while Redis was down (their case.route job never queued): still `received`, no agency, and
  // no routing outcome recorded. The routing job is idempotent, so a duplicate wake-up is harmless.
  const cases = await unroutedCases(deps.db, before, 100);
  if (cases.length > 0) {
    await deps.queues.caseWorkflow.addBulk(
      cases.map((caseId) => ({
        name: JobName.CaseRoute,
        data: { caseId },
        opts: { jobId: `${jobIds.caseRoute(caseId)}-s${bucket}` },
      })),
    );
    deps.logger.info({ cases: cases.length }, 'sweeper re-queued unrouted cases');
  }
  // Media left pending: queued under their own jobId, so a copy still waiting out its backoff is not doubled.
  const media = await stalePendingMedia(deps.db, before, LIMIT);
  if (media.length > 0) {
    await deps.queues.media.addBulk(
      media.map((mediaId) => ({ name: JobName.MediaCopy, data: { mediaId }, opts: { jobId: jobIds.media(mediaId) } })),
    );
  }
  if (inbox.length + outbox.length > 0) {
    deps.logger.info({ inbox: inbox.length, outbox: outbox.length }, 'sweeper re-queued stale rows');
  }
  return { inbox: inbox.length, outbox: outbox.length };
}
