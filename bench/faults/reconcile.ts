/**
 * The fault suite's bookkeeping, as a pure function over what was recorded: the events posted and their
 * answers, the inbox and outbox rows of the scenario's residents, and the sends the fake Zalo counted. It
 * states the guarantees of docs/RELIABILITY.md as checks: every acknowledged event is one inbox row, processed
 * once and answered; every reply is sent exactly once at Zalo, or `failed` only after its retry budget.
 */

export interface PostedEvent {
  msgId: string;
  userId: string;
  /** Final HTTP status after the generator's retries (null: no answer at all). */
  status: number | null;
  /** The webhook's `result` of the 200 (accepted, duplicate, spooled, quarantined…). */
  result: string | null;
  /** Posts it took (the generator retries what did not get a 200). */
  tries?: number;
}

export interface InboxRecord {
  id: number;
  msgId: string | null;
  userId: string | null;
  status: string;
}

export interface OutboxRecord {
  id: number;
  userId: string;
  dedupKey: string | null;
  status: string;
  zaloMessageId: string | null;
  /** ms since epoch */
  replyToReceivedAt: number | null;
  retrySince: number | null;
  lastAttemptAt: number | null;
  lastError: string | null;
}

export interface FakeSend {
  messageId: string;
  userId: string | null;
  /** ms since epoch, the fake's clock (same machine) */
  at: number;
}

export interface ReconcileInput {
  posted: PostedEvent[];
  inbox: InboxRecord[];
  outbox: OutboxRecord[];
  sends: FakeSend[];
  /** Rows in inbox_quarantine for the commune during the scenario. */
  quarantined: number;
  retryBudgetMs: number;
  /**
   * When the fault ended (ms). Recovery: from here until the last reply, at Zalo, to a message received before
   * it (0 when every such message was answered by then).
   */
  faultEndAt: number | null;
}

export interface Reconciliation {
  events: number;
  acknowledged: number;
  lost: number;
  doubled: number;
  /** Replies failed after their whole budget: allowed, counted apart. */
  failedAfterBudget: number;
  replies: number;
  recoverySeconds: number | null;
  p95ReplyMs: number | null;
  /** Why a guarantee broke, one line each (empty: all held). */
  problems: string[];
}

export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? null;
}

function add(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

export function reconcile(input: ReconcileInput): Reconciliation {
  const problems: string[] = [];
  const note = (count: number, what: string) => {
    if (count > 0) problems.push(`${count} ${what}`);
  };

  // An event posted several times (duplicates, the generator's retries) counts once; acknowledged if any 200.
  const byMsg = new Map<string, PostedEvent[]>();
  for (const p of input.posted) byMsg.set(p.msgId, [...(byMsg.get(p.msgId) ?? []), p]);
  const acknowledged = [...byMsg.entries()].filter(([, posts]) => posts.some((p) => p.status === 200));
  const quarantinedAcks = acknowledged.filter(([, posts]) => posts.some((p) => p.result === 'quarantined'));

  const rowsByMsg = new Map<string, InboxRecord[]>();
  for (const row of input.inbox) {
    if (row.msgId === null) continue;
    rowsByMsg.set(row.msgId, [...(rowsByMsg.get(row.msgId) ?? []), row]);
  }

  let missing = 0;
  let unprocessed = 0;
  let doubledRows = 0;
  let unanswered = 0;
  const replyKeys = new Set(input.outbox.map((o) => o.dedupKey));
  for (const [msgId, posts] of acknowledged) {
    const rows = rowsByMsg.get(msgId) ?? [];
    if (rows.length === 0) {
      // Kept by design in inbox_quarantine (checked below by count), never processed.
      if (!posts.some((p) => p.result === 'quarantined')) missing++;
      continue;
    }
    if (rows.length > 1) doubledRows += rows.length - 1;
    const row = rows[0]!;
    if (row.status !== 'processed') {
      unprocessed++;
      continue;
    }
    // Every resident message gets at least a first reply (converse's dedup key `inbox-<id>-0`).
    if (!replyKeys.has(`inbox-${row.id}-0`)) unanswered++;
  }
  const quarantineShort = Math.max(0, quarantinedAcks.length - input.quarantined);
  note(missing, 'acknowledged events without an inbox row');
  note(quarantineShort, 'events answered "quarantined" without a quarantine row');
  note(unprocessed, 'inbox rows not processed');
  note(doubledRows, 'events stored twice');
  note(unanswered, 'processed messages without a reply');

  const sendById = new Map(input.sends.map((s) => [s.messageId, s]));
  const claims = new Map<string, number>();
  let open = 0;
  let sentWithoutSend = 0;
  let failedEarly = 0;
  let failedAfterBudget = 0;
  let otherOutcome = 0;
  const latencies: number[] = [];
  const caughtUp: { receivedAt: number; at: number }[] = [];
  for (const row of input.outbox) {
    switch (row.status) {
      case 'sent': {
        const send = row.zaloMessageId === null ? undefined : sendById.get(row.zaloMessageId);
        if (!send) {
          sentWithoutSend++;
          break;
        }
        add(claims, send.messageId);
        if (row.replyToReceivedAt !== null) {
          latencies.push(send.at - row.replyToReceivedAt);
          caughtUp.push({ receivedAt: row.replyToReceivedAt, at: send.at });
        }
        break;
      }
      case 'failed': {
        const spent =
          row.retrySince !== null && row.lastAttemptAt !== null ? row.lastAttemptAt - row.retrySince : 0;
        if (spent >= input.retryBudgetMs) failedAfterBudget++;
        else failedEarly++;
        break;
      }
      case 'pending':
      case 'sending':
        open++;
        break;
      default:
        otherOutcome++;
    }
  }
  const unclaimed = input.sends.filter((s) => !claims.has(s.messageId)).length;
  const claimedTwice = [...claims.values()].filter((n) => n > 1).length;
  note(open, 'replies still pending or sending');
  note(sentWithoutSend, 'replies marked sent that Zalo never received');
  note(failedEarly, 'replies failed before their retry budget');
  note(otherOutcome, 'replies undeliverable');
  note(unclaimed, 'sends at Zalo that no reply row accounts for (a double)');
  note(claimedTwice, 'sends at Zalo claimed by two reply rows');

  // Caught up: the last reply to a message that reached the webhook before the fault ended (later messages
  // are the steady load going on, not recovery).
  const faultEndAt = input.faultEndAt;
  const backlog =
    faultEndAt === null ? [] : caughtUp.filter((c) => c.receivedAt <= faultEndAt).map((c) => c.at);
  return {
    events: byMsg.size,
    acknowledged: acknowledged.length,
    lost:
      missing +
      quarantineShort +
      unprocessed +
      unanswered +
      open +
      sentWithoutSend +
      failedEarly +
      otherOutcome,
    doubled: doubledRows + unclaimed + claimedTwice,
    failedAfterBudget,
    replies: input.outbox.length,
    recoverySeconds:
      faultEndAt === null ? null : Math.max(0, (Math.max(faultEndAt, ...backlog) - faultEndAt) / 1000),
    p95ReplyMs: percentile(latencies, 95),
    problems,
  };
}
