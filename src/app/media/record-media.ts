import type { Tx } from '../../db/client';
import { recordMedia } from '../../db/repos/media';
import type { InboxEvent } from '../../db/schema';
import type { WebhookEnvelope } from '../../zalo/events';
import { mediaOfEvent } from '../../zalo/media';

/**
 * Records, in the inbound event's transaction, every photo, voice note, video, gif and file it carries, from a
 * resident or an officer alike; the `media.copy` jobs of the returned ids are queued after commit.
 */
export async function recordInboundMedia(
  tx: Tx,
  row: InboxEvent,
  event: WebhookEnvelope,
  now: Date,
): Promise<number[]> {
  const found = mediaOfEvent(event);
  return recordMedia(
    tx,
    found.map((m) => ({
      communeId: row.communeId,
      inboxId: row.id,
      kind: m.kind,
      originUrl: m.url,
      fileName: m.fileName,
    })),
    now,
  );
}
