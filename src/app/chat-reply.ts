import type { Tx } from '../db/client';
import { insertOutbox } from '../db/repos/outbox';
import { buttonsMessage, imageMessage, splitText, textMessage, type ZaloButton } from '../zalo/render';
import { afterCommit, type AfterCommit } from './after-commit';

/**
 * The bot's answer to one inbound event, in order, written to the outbox in the event's transaction. Long texts
 * are split (Zalo's 2,000 characters); buttons ride on the last part. Dedup keys `<keyPrefix>-<n>` make a replayed
 * event write nothing twice. `outboxIds` collects other rows the turn wrote (notices), enqueued with the reply;
 * `caseRouteIds` the cases it filed (a split), routed after commit.
 */
export class ChatReply {
  private readonly messages: Record<string, unknown>[] = [];
  readonly outboxIds: number[] = [];
  readonly caseRouteIds: number[] = [];
  constructor(
    private readonly communeId: number,
    private readonly zaloUserId: string,
    private readonly keyPrefix: string,
    private readonly purpose: string,
  ) {}

  text(text: string): void {
    for (const part of splitText(text)) this.messages.push(textMessage(part));
  }

  buttons(text: string, buttons: readonly ZaloButton[]): void {
    const parts = splitText(text);
    const last = parts.pop() ?? '';
    for (const part of parts) this.messages.push(textMessage(part));
    this.messages.push(buttons.length > 0 ? buttonsMessage(last, [...buttons]) : textMessage(last));
  }

  image(url: string): void {
    this.messages.push(imageMessage({ url }));
  }

  async flush(tx: Tx): Promise<AfterCommit> {
    const ids = await insertOutbox(
      tx,
      this.messages.map((message, index) => ({
        communeId: this.communeId,
        zaloUserId: this.zaloUserId,
        message,
        purpose: this.purpose,
        dedupKey: `${this.keyPrefix}-${String(index)}`,
      })),
    );
    const work = afterCommit();
    work.outboxIds.push(...this.outboxIds, ...ids);
    work.caseRouteIds.push(...this.caseRouteIds);
    return work;
  }
}
