import { reconcile, type ReconcileInput } from '../../bench/faults/reconcile';

const BUDGET = 36 * 3600 * 1000;

/** Two residents, one message each, both processed and answered once at the fake Zalo. */
function clean(): ReconcileInput {
  return {
    posted: [
      { msgId: 'm1', userId: 'u1', status: 200, result: 'accepted' },
      { msgId: 'm2', userId: 'u2', status: 200, result: 'accepted' },
    ],
    inbox: [
      { id: 1, msgId: 'm1', userId: 'u1', status: 'processed' },
      { id: 2, msgId: 'm2', userId: 'u2', status: 'processed' },
    ],
    outbox: [
      {
        id: 10,
        userId: 'u1',
        dedupKey: 'inbox-1-0',
        status: 'sent',
        zaloMessageId: 'z1',
        replyToReceivedAt: 1_000,
        retrySince: 1_010,
        lastAttemptAt: 1_010,
        lastError: null,
      },
      {
        id: 11,
        userId: 'u2',
        dedupKey: 'inbox-2-0',
        status: 'sent',
        zaloMessageId: 'z2',
        replyToReceivedAt: 2_000,
        retrySince: 2_010,
        lastAttemptAt: 2_010,
        lastError: null,
      },
    ],
    sends: [
      { messageId: 'z1', userId: 'u1', at: 1_100 },
      { messageId: 'z2', userId: 'u2', at: 2_300 },
    ],
    quarantined: 0,
    retryBudgetMs: BUDGET,
    faultEndAt: null,
  };
}

describe('the fault suite reconciliation', () => {
  it('finds nothing wrong when every acknowledged event was processed and answered once', () => {
    const r = reconcile(clean());
    expect(r).toMatchObject({ events: 2, acknowledged: 2, lost: 0, doubled: 0, replies: 2, problems: [] });
    expect(r.p95ReplyMs).toBe(300);
    expect(r.recoverySeconds).toBeNull();
  });

  it('counts an event posted twice once, and a send no reply row accounts for as doubled', () => {
    const input = clean();
    input.posted.push({ msgId: 'm1', userId: 'u1', status: 200, result: 'duplicate' });
    input.sends.push({ messageId: 'z9', userId: 'u1', at: 1_200 });
    const r = reconcile(input);
    expect(r).toMatchObject({ events: 2, acknowledged: 2, lost: 0, doubled: 1 });
    expect(r.problems).toEqual(['1 sends at Zalo that no reply row accounts for (a double)']);
  });

  it('calls lost an acknowledged event without a row, an unprocessed row and a reply marked sent that Zalo never got', () => {
    const input = clean();
    input.posted.push({ msgId: 'm3', userId: 'u3', status: 200, result: 'spooled' });
    input.inbox[1] = { ...input.inbox[1]!, status: 'pending' };
    input.sends = input.sends.filter((s) => s.messageId !== 'z1');
    const r = reconcile(input);
    expect(r.lost).toBe(3);
    expect(r.problems).toEqual([
      '1 acknowledged events without an inbox row',
      '1 inbox rows not processed',
      '1 replies marked sent that Zalo never received',
    ]);
  });

  it('ignores what was never acknowledged, and accepts a quarantined event only with its quarantine row', () => {
    const input = clean();
    input.posted.push({ msgId: 'm4', userId: 'u4', status: 503, result: null });
    input.posted.push({ msgId: 'm5', userId: 'u5', status: 200, result: 'quarantined' });
    expect(reconcile(input)).toMatchObject({ events: 4, acknowledged: 3, lost: 1 });
    expect(reconcile({ ...input, quarantined: 1 })).toMatchObject({ lost: 0, problems: [] });
  });

  it('allows failed only after the whole retry budget, and wants a first reply for every processed message', () => {
    const input = clean();
    input.outbox[0] = {
      ...input.outbox[0]!,
      status: 'failed',
      zaloMessageId: null,
      lastAttemptAt: 1_010 + BUDGET,
    };
    input.sends = input.sends.filter((s) => s.messageId !== 'z1');
    expect(reconcile(input)).toMatchObject({ lost: 0, failedAfterBudget: 1, problems: [] });

    input.outbox[0] = { ...input.outbox[0], lastAttemptAt: 1_010 + 60_000 };
    expect(reconcile(input).problems).toEqual(['1 replies failed before their retry budget']);

    const unanswered = clean();
    unanswered.outbox = unanswered.outbox.slice(1);
    unanswered.sends = unanswered.sends.slice(1);
    expect(reconcile(unanswered).problems).toEqual(['1 processed messages without a reply']);
  });

  it('measures recovery up to the last reply to a message received before the fault ended', () => {
    const r = reconcile({ ...clean(), faultEndAt: 1_500 });
    // m1 (received 1 000) was answered at 1 100, before the end; m2 came after the fault.
    expect(r.recoverySeconds).toBe(0);
    expect(reconcile({ ...clean(), faultEndAt: 2_100 }).recoverySeconds).toBeCloseTo(0.2);
  });
});
