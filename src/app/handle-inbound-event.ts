import type { Tx } from '../db/client';
import { lockSenderOf, markInbox, recordInboxFailure, takeOldestPendingForUser } from '../db/repos/inbox';
import { markOutboxReceipt, settleOutboxByEcho } from '../db/repos/outbox';
import { touchSender } from '../db/repos/sender-context';
import type { InboxEvent } from '../db/schema';
import { safeErrorText } from '../safe-error';
import { echoKeysOfEvent } from '../zalo/echo-key';
import { eventFamily, eventTime, webhookEnvelope, type WebhookEnvelope } from '../zalo/events';
import { afterCommit, flushAfterCommit, mergeAfterCommit, type AfterCommit } from './after-commit';
import { converse, FOLLOW_UP_WINDOW_MS } from './converse';
import type { AppDeps } from './deps';
import { recordInboundMedia } from './media/record-media';
import { dispatchStaffEvent } from './staff/handle-staff';

/**
 * Processes the inbox row `inboxId`. Events of one Zalo user are handled strictly in arrival order and
 * never two at once: each step locks the user (advisory lock), takes the user's oldest pending row up to
 * ours and handles it in one transaction with the state it changes and the outbox rows it writes. A
 * worker holding a later event therefore first handles the earlier ones; their own jobs then find nothing.
 * `busy`: another transaction holds the user, and our row is still pending; the caller comes back later.
 */
export async function processInboxEvent(
  deps: AppDeps,
  inboxId: number,
  maxAttempts: number,
): Promise<'processed' | 'skipped' | 'busy'> {
  const work = afterCommit();
  let handledAny = false;
  try {
    for (;;) {
      const holder: { row?: InboxEvent } = {};
      let handled: { id: number; work: AfterCommit } | 'busy' | null;
      try {
        handled = await deps.db.transaction(async (tx) => {
          const sender = await lockSenderOf(tx, inboxId);
          if (!sender) return null;
          if (!sender.locked) return 'busy' as const;
          // Marked `processed` as it is taken; the handling below commits or rolls back with it.
          const row = await takeOldestPendingForUser(tx, sender.communeId, sender.zaloUserId, inboxId, deps.now());
          if (!row) return null;
          holder.row = row;
          const done = await handleEvent(deps, tx, row);
          return { id: row.id, work: done };
        });
      } catch (err) {
        const failed = holder.row;
        if (!failed) throw err;
        const message = safeErrorText(err);
        const attempts = await recordInboxFailure(deps.db, failed.id, message);
        if (attempts < maxAttempts) throw err;
        // A poison event must not block the resident's later messages forever.
        deps.logger.error(
          { err, inboxId, failedInboxId: failed.id, communeId: failed.communeId, attempts },
          'inbox event failed for good',
        );
        await markInbox(deps.db, failed.id, 'failed', deps.now(), message);
        continue;
      }
      if (handled === 'busy') return 'busy';
      if (!handled) break;
      handledAny = true;
      mergeAfterCommit(work, handled.work);
      if (handled.id === inboxId) break;
    }
  } finally {
    await flushAfterCommit(deps, work);
  }
  return handledAny ? 'processed' : 'skipped';
}

async function handleEvent(deps: AppDeps, tx: Tx, row: InboxEvent): Promise<AfterCommit> {
  const nothing = afterCommit();
  const parsed = webhookEnvelope.safeParse(row.payload);
  if (!parsed.success) return nothing;
  const event = parsed.data;
  const at = eventTime(event) ?? row.receivedAt;
  switch (eventFamily(event.event_name)) {
    case 'echo':
      return settleEcho(deps, tx, row, event);
    case 'receipt':
      await settleReceipt(tx, row, event, at);
      return nothing;
    case 'management':
      if (event.event_name === 'permission_revoked') {
        deps.logger.error(
          { communeId: row.communeId },
          'the OA revoked the app: an OA admin must grant it again',
        );
      }
      return nothing;
    case 'user': {
      if (row.zaloUserId === null) return nothing;
      const follower =
        event.event_name === 'follow' ? true : event.event_name === 'unfollow' ? false : undefined;
      // Reactions and unfollows do not open the messaging window (docs/zalo.md §4).
      const counts = event.event_name !== 'unfollow' && event.event_name !== 'user_reacted_message';
      const followUpSince = new Date(deps.now().getTime() - FOLLOW_UP_WINDOW_MS);
      const sender = await touchSender(
        tx,
        row.communeId,
        row.zaloUserId,
        { at, follower, counts },
        followUpSince,
      );
      if (!sender) return nothing;
      // Everything people send is copied before Zalo's links expire: residents' media and officers' evidence.
      const mediaIds = await recordInboundMedia(tx, row, event, deps.now());
      // Linked staff and `/dangky` go to the staff side; everyone else (and staff who chose /phananh) to the conversation.
      const staffWork = await dispatchStaffEvent(deps, tx, { ...sender, inbox: row, event });
      const work = staffWork ?? (await converse(deps, tx, { sender, inbox: row, event }));
      work.mediaIds.push(...mediaIds);
      return work;
    }
    case 'unknown':
      return nothing;
  }
}

/**
 * An `oa_send_*` echo settles the bot's send it proves (db/repos/outbox.ts settleOutboxByEcho). One that
 * carries `sender.admin_id` is staff typing in Zalo's OA chat tool (docs/zalo.md §1.4): it proves nothing
 * about a bot row, even with the same text.
 */
async function settleEcho(
  deps: AppDeps,
  tx: Tx,
  row: InboxEvent,
  event: WebhookEnvelope,
): Promise<AfterCommit> {
  const work = afterCommit();
  const msgId = event.message?.msg_id;
  if (row.zaloUserId === null || !msgId || event.sender?.admin_id !== undefined) return work;
  const keys = echoKeysOfEvent(event.event_name, event.message?.text);
  const settled = await settleOutboxByEcho(tx, row.communeId, row.zaloUserId, keys, msgId, deps.now());
  if (settled !== null) {
    work.settledOutbox = [settled];
    deps.logger.info({ outboxId: settled.id, inboxId: row.id }, 'outbox settled by OA echo');
  }
  return work;
}

async function settleReceipt(tx: Tx, row: InboxEvent, event: WebhookEnvelope, at: Date): Promise<void> {
  if (event.event_name === 'user_received_message' && event.message?.msg_id) {
    await markOutboxReceipt(tx, row.communeId, [event.message.msg_id], 'delivered', at);
  } else if (event.event_name === 'user_seen_message') {
    await markOutboxReceipt(tx, row.communeId, event.message?.msg_ids ?? [], 'seen', at);
  }
}
