import { randomUUID } from 'node:crypto';
import {
  markOutboxFinal,
  markOutboxRetry,
  markOutboxSending,
  markOutboxSent,
  openOutboxForRecipient,
  openOutboxOfRecipientOf,
} from '../db/repos/outbox';
import type { OutboxMessage } from '../db/schema';
import { jitterBackoff } from '../jobs/queues';
import { ZaloError } from '../zalo/errors';
import { onOutboxSettled } from './cases/delivery-chain';
import type { AppDeps } from './deps';

/**
 * Sends outbox messages. A job names one row but delivers its recipient's whole queue, strictly in order,
 * under a per-recipient Redis lock: a resident never sees reply 2 before reply 1. A job that finds the
 * lock taken raises a flag beside it (in the same script, so never after the holder's release) and stops;
 * the holder, releasing the lock, takes the flag down and re-checks the queue if it was raised, so the row
 * is not stranded, and a recipient nobody else wrote to costs no extra query.
 *
 * Exactly-once towards the resident as far as Zalo allows: `sending` is committed before the call and
 * `sent` (with Zalo's message id) right after. A row found `sent` is never sent again. A row found
 * `sending` means a worker died mid-call: we wait for the OA echo to settle it (handle-inbound-event) and
 * resend only if none came within the grace period.
 */

export type DeliveryOutcome = { kind: 'done' } | { kind: 'retryAt'; at: Date };

const LOCK_TTL_MS = 60_000;
const BATCH = 50;
/** 1: the lock is ours. 0: it is held; the flag KEYS[2] now tells the holder to look again. */
const LOCK_OR_FLAG = `if redis.call("set", KEYS[1], ARGV[1], "PX", ARGV[2], "NX") then return 1 end
redis.call("set", KEYS[2], "1", "PX", ARGV[2])
return 0`;
/** 1: a job was turned away meanwhile; 0: none was; -1: the lock was no longer ours. */
const RELEASE_LOCK = `if redis.call("get", KEYS[1]) == ARGV[1] then
  redis.call("del", KEYS[1])
  return redis.call("del", KEYS[2])
end
return -1`;

export async function deliverOutbox(deps: AppDeps, outboxId: number, maxAttempts: number): Promise<DeliveryOutcome> {
  // The recipient's open rows, read before the lock: the first batch to drain if nobody changes them meanwhile
  // (every send re-checks its row, see markOutboxSending). Our row not among them: it is settled already.
  let firstBatch: OutboxMessage[] | null = await openOutboxOfRecipientOf(deps.db, outboxId, BATCH);
  const row = firstBatch.find((r) => r.id === outboxId);
  if (!row) return { kind: 'done' };
  const lockKey = `${deps.config.BULLMQ_PREFIX}:lock:outbox:${row.communeId}:${row.zaloUserId}`;
  const againKey = `${lockKey}:again`;
  for (;;) {
    const token = randomUUID();
    const acquired = await deps.redis.eval(LOCK_OR_FLAG, 2, lockKey, againKey, token, LOCK_TTL_MS);
    if (acquired !== 1) return { kind: 'done' };
    let outcome: DeliveryOutcome;
    let turnedAway: unknown;
    let extendedAt = Date.now();
    // Before each send the lock must outlive the send and a hand-off down the delivery chain (two HTTP
    // timeouts and a margin); it is extended only when it might not, which saves a Redis round trip a message.
    const extendAfterMs = LOCK_TTL_MS - 2 * deps.config.ZALO_HTTP_TIMEOUT_MS - 5_000;
    const keepLock = async (): Promise<void> => {
      if (Date.now() - extendedAt < extendAfterMs) return;
      extendedAt = Date.now();
      await deps.redis.pexpire(lockKey, LOCK_TTL_MS);
    };
    try {
      outcome = await drain(deps, row.communeId, row.zaloUserId, maxAttempts, keepLock, firstBatch);
      firstBatch = null;
    } finally {
      turnedAway = await deps.redis.eval(RELEASE_LOCK, 2, lockKey, againKey, token).catch(() => -1);
    }
    if (outcome.kind === 'retryAt') return outcome;
    // Nobody was turned away while we held the lock: what we drained was everything.
    if (turnedAway === 0) return { kind: 'done' };
    // Messages written while we held the lock had their jobs turned away: look once more.
    const [next] = await openOutboxForRecipient(deps.db, row.communeId, row.zaloUserId, 1);
    if (!next) return { kind: 'done' };
  }
}

async function drain(
  deps: AppDeps,
  communeId: number,
  zaloUserId: string,
  maxAttempts: number,
  keepLock: () => Promise<void>,
  readBeforeLock: OutboxMessage[] | null,
): Promise<DeliveryOutcome> {
  const echoGraceMs = deps.config.OUTBOX_ECHO_GRACE_SECONDS * 1000;
  let known = readBeforeLock;
  for (;;) {
    const rows = known ?? (await openOutboxForRecipient(deps.db, communeId, zaloUserId, BATCH));
    known = null;
    if (rows.length === 0) return { kind: 'done' };
    let stale = false;
    for (const row of rows) {
      const now = deps.now();
      if (row.nextAttemptAt.getTime() > now.getTime()) return { kind: 'retryAt', at: row.nextAttemptAt };
      if (row.status === 'sending' && row.lastAttemptAt && now.getTime() - row.lastAttemptAt.getTime() < echoGraceMs) {
        return { kind: 'retryAt', at: new Date(row.lastAttemptAt.getTime() + echoGraceMs) };
      }
      // Bindings per call, not a child logger per row: a child costs a redaction pass even when nothing is logged.
      const ids = { outboxId: row.id, communeId };
      await keepLock();
      const attempts = await markOutboxSending(deps.db, row, now);
      if (attempts === null) {
        // Settled or tried since we read it (by the previous holder of the lock, or an OA echo): read again.
        stale = true;
        break;
      }
      try {
        const result = await deps.zalo.sendMessage(communeId, zaloUserId, row.message);
        const sentAt = deps.now();
        await markOutboxSent(deps.db, row.id, result.messageId, sentAt);
        deps.metrics.outboxSettled(row, 'sent', sentAt);
        await onOutboxSettled(deps, row, 'sent');
        deps.logger.debug({ ...ids, attempts }, 'outbox sent');
      } catch (err) {
        const failure = describe(err);
        if (failure.verdict === 'undeliverable') {
          await markOutboxFinal(deps.db, row.id, 'undeliverable', failure);
          deps.metrics.outboxSettled(row, 'undeliverable', deps.now());
          // A case update that cannot reach the chat goes on down its delivery chain (ZNS, public record).
          await onOutboxSettled(deps, row, 'undeliverable', failure);
          deps.logger.info({ ...ids, errorKind: failure.kind, zaloCode: failure.code }, 'outbox undeliverable');
          continue;
        }
        if (failure.verdict === 'failed' || attempts >= maxAttempts) {
          await markOutboxFinal(deps.db, row.id, 'failed', failure);
          deps.metrics.outboxSettled(row, 'failed', deps.now());
          await onOutboxSettled(deps, row, 'failed', failure);
          deps.logger.error({ ...ids, errorKind: failure.kind, zaloCode: failure.code, attempts }, 'outbox failed for good');
          continue;
        }
        const delay = Math.max(failure.retryAfterMs ?? 0, jitterBackoff(attempts));
        const at = new Date(deps.now().getTime() + delay);
        await markOutboxRetry(deps.db, row.id, at, failure);
        deps.logger.warn({ ...ids, errorKind: failure.kind, zaloCode: failure.code, attempts, retryInMs: delay }, 'outbox send will be retried');
        return { kind: 'retryAt', at };
      }
    }
    // A short batch was the whole queue; rows written since then are found through the flag (deliverOutbox).
    if (!stale && rows.length < BATCH) return { kind: 'done' };
  }
}

interface Failure {
  verdict: 'retry' | 'undeliverable' | 'failed';
  kind: string;
  code: number | null;
  message: string;
  retryAfterMs: number | null;
}

function describe(err: unknown): Failure {
  if (!(err instanceof ZaloError)) {
    return { verdict: 'retry', kind: 'Internal', code: null, message: err instanceof Error ? err.message : String(err), retryAfterMs: null };
  }
  const base = { kind: err.kind, code: err.zaloCode, message: err.message, retryAfterMs: err.retryAfterMs };
  switch (err.kind) {
    case 'OutsideWindow':
      return { ...base, verdict: 'undeliverable' };
    case 'BadRequest':
    case 'Other':
      return { ...base, verdict: err.retryable ? 'retry' : 'failed' };
    case 'Http':
      return { ...base, verdict: err.retryable ? 'retry' : 'failed' };
    case 'TokenInvalid':
    case 'RateLimited':
    case 'QuotaExceeded':
    case 'OaProblem':
    case 'Network':
      // Fixable by time or by an operator (a refresh, a quota, a re-consent): retry within the attempts.
      return { ...base, verdict: 'retry' };
  }
}
