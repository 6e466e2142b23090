import { randomUUID } from 'node:crypto';
import { claimProbe, liftPause, pauseOf, pauseOutbound } from '../db/repos/outbound-pauses';
import {
  echoMayStillCome,
  markOutboxFinal,
  markOutboxRetry,
  markOutboxSending,
  markOutboxSent,
  markOutboxSentThenSending,
  markOutboxUnknown,
  openOutboxForRecipient,
  openOutboxOfRecipientOf,
  type OutboxError,
  type RowVersion,
} from '../db/repos/outbox';
import type { OutboundPause, OutboxMessage } from '../db/schema';
import { jitterBackoff } from '../jobs/queues';
import { safeErrorText } from '../safe-error';
import { ZaloError, isNeedsReconsent } from '../zalo/errors';
import { onOutboxSettled } from './cases/delivery-chain';
import type { AppDeps } from './deps';
import { inboxSpoolKey } from './inbox-spool';

/**
 * Sends outbox messages, each exactly once as far as Zalo lets anyone know (docs/RELIABILITY.md).
 *
 * Order: a job names one row but delivers its recipient's whole queue, strictly in order, under a per-recipient
 * Redis lock: a resident never sees reply 2 before reply 1. A job that finds the lock taken raises a flag
 * beside it (in the same script, so never after the holder's release) and stops; the holder, releasing the
 * lock, takes the flag down and re-checks the queue if it was raised. The lock lives LOCK_TTL_MS and is renewed
 * while the holder drains, so a killed holder strands its recipient for seconds, not a minute.
 *
 * Exactly once: `sending` is committed before the call. When Zalo's answer says the message was taken, the row
 * becomes `sent` (guarded on the attempt, so an echo that settled it first wins and nothing goes back). When
 * the answer says it was not (a Zalo error code, a refused connection), the row goes back to `pending` with a
 * backoff. When nobody can tell (a timeout or reset after the request was written, a 5xx, a crash, our own DB
 * failing after Zalo answered), the row stays `sending` like after a crash, and the recipient's later messages
 * wait behind it: the OA echo settles it, and it is resent only once the grace has passed AND the recipient has
 * no unprocessed inbox event received before the grace ended, that is once every echo that exists was handled.
 *
 * Time, not attempts: transient failures are retried with capped backoff for OUTBOX_RETRY_BUDGET_SECONDS from
 * the row's first attempt (or re-drive), then `failed` with the reason. Zalo saying the OA is rate-limited, out of
 * quota, its token is dead or the OA has a problem pauses the whole commune (outbound_pauses): its sends wait,
 * and when the pause ends one probe tries before the rest follow.
 */

export type DeliveryOutcome = { kind: 'done' } | { kind: 'retryAt'; at: Date };

/** A killed holder strands its recipient at most this long (the 30 s recovery budget). */
export const LOCK_TTL_MS = 10_000;
const LOCK_RENEW_MS = 3_000;
const BATCH = 50;
/** How soon to look again while an echo may still be in the recipient's inbox. */
const ECHO_RECHECK_MS = 1_000;
/** How soon the other recipients of a paused commune look again while one probe is out. */
const PROBE_WAIT_MS = 2_000;
/** A -32 without a Retry-After pauses this long at most: Zalo's limit is per minute (docs/zalo.md §8). */
const RATE_LIMIT_PAUSE_MS = 60_000;
/** A DB write after Zalo took the message is retried this many times before it is left to the echo. */
const RECORD_TRIES = 3;

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
const RENEW_LOCK = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) end
return 0`;

/** Where a send's Zalo message id waits when PostgreSQL failed to record it (read before any resend). */
export const sentMemoKey = (prefix: string, outboxId: number) => `${prefix}:outbox-sent:${outboxId}`;

export async function deliverOutbox(deps: AppDeps, outboxId: number): Promise<DeliveryOutcome> {
  // The recipient's open rows, read before the lock: the first batch to drain if nobody changes them meanwhile
  // (every send re-checks its row, see markOutboxSending). Our row not among them: it is settled already.
  const found = await openOutboxOfRecipientOf(deps.db, outboxId, BATCH);
  let firstBatch: { rows: OutboxMessage[]; pause: OutboundPause | null } | null = found;
  const row = found.rows.find((r) => r.id === outboxId);
  if (!row) return { kind: 'done' };
  const lockKey = `${deps.config.BULLMQ_PREFIX}:lock:outbox:${row.communeId}:${row.zaloUserId}`;
  const againKey = `${lockKey}:again`;
  for (;;) {
    const token = randomUUID();
    const acquired = await deps.redis.eval(LOCK_OR_FLAG, 2, lockKey, againKey, token, LOCK_TTL_MS);
    if (acquired !== 1) return { kind: 'done' };
    const renew = setInterval(() => {
      deps.redis.eval(RENEW_LOCK, 1, lockKey, token, LOCK_TTL_MS).catch(() => undefined);
    }, LOCK_RENEW_MS);
    renew.unref();
    let outcome: DeliveryOutcome;
    let turnedAway: unknown;
    try {
      outcome = await drain(deps, row.communeId, row.zaloUserId, firstBatch);
      firstBatch = null;
    } finally {
      clearInterval(renew);
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

type Verdict =
  /** Nothing was sent; try again after a backoff. */
  | 'retry'
  /** Zalo may have taken it: leave it `sending` for the echo. */
  | 'unknown'
  /** The commune's OA cannot send now: pause them all. */
  | 'pause'
  /** Cannot reach this resident (7-day window, blocked, their quota): the delivery chain goes on. */
  | 'undeliverable'
  /** Will never work (our bug: a message Zalo calls invalid). */
  | 'failed';

interface Failure extends OutboxError {
  verdict: Verdict;
  retryAfterMs: number | null;
  /** What the pause says (outbound_pauses.reason), when the verdict is `pause`. */
  pauseReason?: string;
}

/** What the drain knows of its commune's pause: read once, with the first batch or before the first send. */
interface PauseState {
  loaded: boolean;
  pause: OutboundPause | null;
  probing: boolean;
}

async function drain(
  deps: AppDeps,
  communeId: number,
  zaloUserId: string,
  readBeforeLock: { rows: OutboxMessage[]; pause: OutboundPause | null } | null,
): Promise<DeliveryOutcome> {
  const { config } = deps;
  const graceMs = config.OUTBOX_ECHO_GRACE_SECONDS * 1000;
  const budgetMs = config.OUTBOX_RETRY_BUDGET_SECONDS * 1000;
  // The pause read with the first batch is a few milliseconds older than one read after the lock would be;
  // either may be overtaken by a pause another process writes during the drain, which its next job sees.
  const pauseState: PauseState = readBeforeLock
    ? { loaded: true, pause: readBeforeLock.pause, probing: false }
    : { loaded: false, pause: null, probing: false };
  let known = readBeforeLock?.rows ?? null;
  for (;;) {
    const rows = known ?? (await openOutboxForRecipient(deps.db, communeId, zaloUserId, BATCH));
    known = null;
    if (rows.length === 0) return { kind: 'done' };
    let stale = false;
    // The next row's `sending`, already written with the previous row's `sent` (recordSent).
    let claimed: RowVersion | null = null;
    for (const [index, row] of rows.entries()) {
      const now = deps.now();
      // Bindings per call, not a child logger per row: a child costs a redaction pass even when nothing is logged.
      const ids = { outboxId: row.id, communeId };
      let attempts: number | null;
      if (claimed?.id === row.id) {
        attempts = claimed.attempts;
      } else {
        if (row.status === 'pending' && row.nextAttemptAt.getTime() > now.getTime()) {
          return { kind: 'retryAt', at: row.nextAttemptAt };
        }
        if (row.status === 'sending') {
          const settled = await settleUnknown(deps, row, now, graceMs);
          if (settled.kind === 'wait') return { kind: 'retryAt', at: settled.at };
          if (settled.kind === 'sent') continue;
          deps.logger.warn(
            { ...ids, attempts: row.attempts },
            'outbox send of unknown outcome not echoed within the grace: resending',
          );
        }
        if (overBudget(row, now, budgetMs)) {
          await giveUp(deps, row);
          continue;
        }
        const paused = await checkPause(deps, pauseState, communeId, now);
        if (paused) return { kind: 'retryAt', at: paused };
        attempts = await markOutboxSending(deps.db, row, now, new Date(now.getTime() + graceMs));
      }
      claimed = null;
      if (attempts === null) {
        // Settled or tried since we read it (by the previous holder of the lock, or an OA echo): read again.
        stale = true;
        break;
      }
      const sending: RowVersion = { id: row.id, status: 'sending', attempts };
      let messageId: string;
      try {
        messageId = (await deps.zalo.sendMessage(communeId, zaloUserId, row.message)).messageId;
      } catch (err) {
        const failure = describe(err);
        const next = await onFailure(deps, row, sending, failure, pauseState);
        if (next.kind === 'retryAt') return next;
        continue;
      }
      if (pauseState.probing) await endProbe(deps, pauseState, communeId);
      // The next row goes out at once if nothing has to be decided first: a pending row that is due, within
      // its budget, and no pause or probe. Its `sending` then rides with this row's `sent`.
      const following = rows[index + 1];
      const next = following && sendableAtOnce(following, deps.now(), budgetMs, pauseState) ? following : null;
      const recorded = await recordSent(deps, row, attempts, messageId, next, graceMs);
      if (recorded.kind === 'lost') return { kind: 'retryAt', at: new Date(deps.now().getTime() + graceMs) };
      if (recorded.kind === 'recorded') await onOutboxSettled(deps, row, 'sent');
      deps.logger.debug({ ...ids, attempts }, 'outbox sent');
      if (next) {
        if (recorded.claimed === null) {
          stale = true;
          break;
        }
        claimed = { id: next.id, status: 'sending', attempts: recorded.claimed };
      }
    }
    // A short batch was the whole queue; rows written since then are found through the flag (deliverOutbox).
    if (!stale && rows.length < BATCH) return { kind: 'done' };
  }
}

function overBudget(row: OutboxMessage, now: Date, budgetMs: number): boolean {
  return row.retrySince !== null && now.getTime() - row.retrySince.getTime() > budgetMs;
}

/** A row the drain would claim without a look at anything else: the checks of `drain` all pass as read. */
function sendableAtOnce(row: OutboxMessage, now: Date, budgetMs: number, pause: PauseState): boolean {
  return (
    row.status === 'pending' &&
    row.nextAttemptAt.getTime() <= now.getTime() &&
    !overBudget(row, now, budgetMs) &&
    pause.loaded &&
    pause.pause === null &&
    !pause.probing
  );
}

/**
 * A row found `sending`: a crash, or a send whose outcome we never learned. It is resent only when no echo can
 * still come: the grace is over and the recipient's inbox holds nothing received before it ended.
 */
async function settleUnknown(
  deps: AppDeps,
  row: OutboxMessage,
  now: Date,
  graceMs: number,
): Promise<{ kind: 'wait'; at: Date } | { kind: 'sent' } | { kind: 'resend' }> {
  const graceEnd = new Date((row.lastAttemptAt ?? row.createdAt).getTime() + graceMs);
  if (now.getTime() < graceEnd.getTime()) return { kind: 'wait', at: graceEnd };
  const memo = await deps.redis.get(sentMemoKey(deps.config.BULLMQ_PREFIX, row.id)).catch(() => null);
  if (memo !== null) {
    if (await markOutboxSent(deps.db, row.id, row.attempts, memo, now))
      await onOutboxSettled(deps, row, 'sent');
    await deps.redis.del(sentMemoKey(deps.config.BULLMQ_PREFIX, row.id)).catch(() => undefined);
    return { kind: 'sent' };
  }
  // An echo that came while PostgreSQL was down waits in the webhook's Redis spool, not yet in the inbox: while
  // the spool holds anything (or cannot be read), no echo can be ruled out.
  const spooled = await deps.redis.xlen(inboxSpoolKey(deps.config.BULLMQ_PREFIX)).catch(() => null);
  if (spooled !== 0) return { kind: 'wait', at: new Date(now.getTime() + ECHO_RECHECK_MS) };
  if (await echoMayStillCome(deps.db, row.communeId, row.zaloUserId, graceEnd)) {
    return { kind: 'wait', at: new Date(now.getTime() + ECHO_RECHECK_MS) };
  }
  return { kind: 'resend' };
}

/** The retry budget is spent: `failed`, with the last reason, and the delivery chain goes on. */
async function giveUp(deps: AppDeps, row: OutboxMessage): Promise<void> {
  const hours = Math.round(deps.config.OUTBOX_RETRY_BUDGET_SECONDS / 360) / 10;
  const error: OutboxError = {
    kind: row.errorKind ?? 'Unknown',
    code: row.errorCode,
    message: `retry budget of ${hours} h spent after ${row.attempts} attempts; last: ${row.lastError ?? 'none'}`,
  };
  if (!(await markOutboxFinal(deps.db, row, 'failed', error))) return;
  await onOutboxSettled(deps, row, 'failed', error);
  deps.logger.error(
    {
      outboxId: row.id,
      communeId: row.communeId,
      errorKind: error.kind,
      zaloCode: error.code,
      attempts: row.attempts,
      since: row.retrySince,
    },
    'outbox failed after its retry budget',
  );
}

/** Null: go ahead (and maybe we are the probe). A date: the commune is paused, look again then. */
async function checkPause(
  deps: AppDeps,
  state: PauseState,
  communeId: number,
  now: Date,
): Promise<Date | null> {
  if (!state.loaded) {
    state.pause = await pauseOf(deps.db, communeId);
    state.loaded = true;
  }
  const pause = state.pause;
  if (!pause || state.probing) return null;
  if (pause.until.getTime() > now.getTime()) {
    // Spread the wake-ups of the commune's waiting recipients over a couple of seconds.
    return new Date(pause.until.getTime() + Math.round(Math.random() * PROBE_WAIT_MS));
  }
  const holdMs = 2 * deps.config.ZALO_HTTP_TIMEOUT_MS + 5_000;
  if (await claimProbe(deps.db, communeId, now, holdMs)) {
    state.probing = true;
    deps.logger.info({ communeId, reason: pause.reason }, 'outbound pause over: probing with one send');
    return null;
  }
  return new Date(now.getTime() + PROBE_WAIT_MS);
}

async function endProbe(deps: AppDeps, state: PauseState, communeId: number): Promise<void> {
  state.probing = false;
  state.pause = null;
  if (await liftPause(deps.db, communeId)) deps.logger.info({ communeId }, 'outbound pause lifted');
}

async function onFailure(
  deps: AppDeps,
  row: OutboxMessage,
  sending: RowVersion,
  failure: Failure,
  pauseState: PauseState,
): Promise<DeliveryOutcome> {
  const { config } = deps;
  const now = deps.now();
  const ids = {
    outboxId: row.id,
    communeId: row.communeId,
    errorKind: failure.kind,
    zaloCode: failure.code,
    attempts: sending.attempts,
  };
  if (pauseState.probing && failure.verdict !== 'pause') await endProbe(deps, pauseState, row.communeId);
  switch (failure.verdict) {
    case 'undeliverable':
      if (await markOutboxFinal(deps.db, sending, 'undeliverable', failure)) {
        // A case update that cannot reach the chat goes on down its delivery chain (ZNS, public record).
        await onOutboxSettled(deps, row, 'undeliverable', failure);
      }
      deps.logger.info(ids, 'outbox undeliverable');
      return { kind: 'done' };
    case 'failed':
      if (await markOutboxFinal(deps.db, sending, 'failed', failure))
        await onOutboxSettled(deps, row, 'failed', failure);
      deps.logger.error(ids, 'outbox failed: Zalo refuses this message');
      return { kind: 'done' };
    case 'unknown': {
      const at = new Date(now.getTime() + config.OUTBOX_ECHO_GRACE_SECONDS * 1000);
      await markOutboxUnknown(deps.db, sending, at, failure);
      deps.logger.warn(ids, 'outbox send of unknown outcome: waiting for the OA echo');
      return { kind: 'retryAt', at };
    }
    case 'pause': {
      const oaPauseMs = config.OUTBOX_OA_PAUSE_SECONDS * 1000;
      const pauseMs =
        failure.kind === 'RateLimited'
          ? (failure.retryAfterMs ?? Math.min(oaPauseMs, RATE_LIMIT_PAUSE_MS))
          : oaPauseMs;
      const until = new Date(now.getTime() + pauseMs);
      const reason = failure.pauseReason ?? failure.kind;
      await pauseOutbound(deps.db, { communeId: row.communeId, reason, zaloCode: failure.code, until, now });
      pauseState.probing = false;
      pauseState.pause = {
        communeId: row.communeId,
        reason,
        zaloCode: failure.code,
        since: now,
        until,
        probingUntil: null,
      };
      await markOutboxRetry(deps.db, sending, until, failure);
      deps.logger.warn({ ...ids, pausedUntil: until }, 'outbound paused for the commune');
      return { kind: 'retryAt', at: until };
    }
    case 'retry': {
      const delay = Math.max(
        failure.retryAfterMs ?? 0,
        jitterBackoff(sending.attempts, 1_000, config.OUTBOX_BACKOFF_CAP_SECONDS * 1000),
      );
      const at = new Date(now.getTime() + delay);
      await markOutboxRetry(deps.db, sending, at, failure);
      deps.logger.warn({ ...ids, retryInMs: delay }, 'outbox send will be retried');
      return { kind: 'retryAt', at };
    }
  }
}

/**
 * Zalo took the message: record it, and claim `next` (the recipient's following row) in the same statement.
 * A failing write is retried a few times; if it still fails, the message id waits in Redis for the next look at
 * the row, the row stays `sending` for the echo (never resent blindly) and `next` was not claimed. `claimed`:
 * `next`'s attempts including this one, or null when it moved on or there was no `next`.
 */
async function recordSent(
  deps: AppDeps,
  row: OutboxMessage,
  attempts: number,
  messageId: string,
  next: OutboxMessage | null,
  graceMs: number,
): Promise<{ kind: 'recorded' | 'settled-elsewhere'; claimed: number | null } | { kind: 'lost' }> {
  let lastError: unknown;
  for (let i = 0; i < RECORD_TRIES; i++) {
    try {
      const now = deps.now();
      if (!next) {
        const sent = await markOutboxSent(deps.db, row.id, attempts, messageId, now);
        return { kind: sent ? 'recorded' : 'settled-elsewhere', claimed: null };
      }
      const result = await markOutboxSentThenSending(
        deps.db,
        { id: row.id, attempts, zaloMessageId: messageId },
        next,
        now,
        new Date(now.getTime() + graceMs),
      );
      return { kind: result.sent ? 'recorded' : 'settled-elsewhere', claimed: result.claimed };
    } catch (err) {
      lastError = err;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** i));
    }
  }
  await deps.redis
    .set(sentMemoKey(deps.config.BULLMQ_PREFIX, row.id), messageId, 'EX', 7 * 86_400)
    .catch(() => undefined);
  deps.logger.error(
    { outboxId: row.id, communeId: row.communeId, err: lastError },
    'outbox sent but not recorded; the echo or the memo settles it',
  );
  return { kind: 'lost' };
}

function describe(err: unknown): Failure {
  if (!(err instanceof ZaloError)) {
    // Thrown before any HTTP call (reading the token, our limiter's store): nothing went to Zalo.
    return {
      verdict: 'retry',
      kind: 'Internal',
      code: null,
      message: safeErrorText(err),
      retryAfterMs: null,
    };
  }
  const base = {
    kind: err.kind,
    code: err.zaloCode,
    message: safeErrorText(err),
    retryAfterMs: err.retryAfterMs,
  };
  if (err.ambiguous) return { ...base, verdict: 'unknown' };
  switch (err.kind) {
    case 'OutsideWindow':
      return { ...base, verdict: 'undeliverable' };
    case 'QuotaExceeded':
      // -218 is the recipient's own quota ("stop", docs/zalo.md §3.3); -211 the OA's.
      return { ...base, verdict: err.zaloCode === -218 ? 'undeliverable' : 'pause' };
    case 'RateLimited':
      // Zalo's -32 or 429 is about the OA or app; our own limiter only asks this send to wait.
      return { ...base, verdict: err.zaloCode === -32 || err.httpStatus === 429 ? 'pause' : 'retry' };
    case 'TokenInvalid':
      return {
        ...base,
        verdict: 'pause',
        ...(isNeedsReconsent(err) ? { pauseReason: 'TokenNeedsReconsent' } : {}),
      };
    case 'OaProblem':
      return { ...base, verdict: 'pause' };
    case 'BadRequest':
      return { ...base, verdict: 'failed' };
    case 'Other':
    case 'Http':
    case 'Network':
      // Unknown codes and statuses too: the retry budget bounds what a permanent one costs.
      return { ...base, verdict: 'retry' };
  }
}
