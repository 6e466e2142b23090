import { z } from 'zod';
import type { MediaKind } from '../domain/media/policy';
import type { WebhookEnvelope } from './events';

/**
 * The media an event carries, for the copy job (pure). Zalo's attachment payloads (docs/zalo.md §1.2): image,
 * gif, audio (voice note), video and file have a CDN `url` that expires after about a week (§6). Stickers are
 * Zalo's own pictures and links are web pages, not something the sender made: neither is copied.
 */

export interface InboundMedia {
  kind: MediaKind;
  url: string;
  fileName: string | null;
}

const copied: Record<string, MediaKind | undefined> = {
  image: 'image',
  gif: 'gif',
  audio: 'audio',
  video: 'video',
  file: 'file',
};

const attachments = z.array(
  z.looseObject({
    type: z.string(),
    payload: z.looseObject({ url: z.string().optional(), name: z.string().optional() }).optional(),
  }),
);

export function mediaOfEvent(event: WebhookEnvelope): InboundMedia[] {
  if (!event.event_name.startsWith('user_send_')) return [];
  const message: unknown = event.message;
  const parsed = attachments.safeParse(
    typeof message === 'object' && message !== null && 'attachments' in message ? message.attachments : [],
  );
  if (!parsed.success) return [];
  const found: InboundMedia[] = [];
  for (const item of parsed.data) {
    const kind = copied[item.type];
    const url = item.payload?.url?.trim();
    if (kind === undefined || !url) continue;
    if (found.some((f) => f.url === url)) continue;
    found.push({ kind, url, fileName: kind === 'file' ? (item.payload?.name ?? null) : null });
  }
  return found;
}
