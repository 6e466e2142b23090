import { z } from 'zod';
import type { Input } from '../domain/conversation/types';
import type { WebhookEnvelope } from './events';

/**
 * Webhook user events → conversation inputs (pure). Attachment shapes per docs/zalo.md §1.2 table; anything
 * unexpected becomes `unsupported`, which the machine answers helpfully, never a crash.
 */

const attachment = z.looseObject({
  type: z.string(),
  payload: z
    .looseObject({
      url: z.string().optional(),
      thumbnail: z.string().optional(),
      name: z.string().optional(),
      coordinates: z
        .looseObject({ latitude: z.union([z.string(), z.number()]), longitude: z.union([z.string(), z.number()]) })
        .optional(),
    })
    .optional(),
});

const userMessage = z.looseObject({
  text: z.string().optional(),
  attachments: z.array(attachment).optional(),
});

const submitInfo = z.looseObject({
  info: z
    .looseObject({ phone: z.string().optional(), name: z.string().optional(), address: z.string().optional() })
    .optional(),
});

const quoted = z.looseObject({ message: z.looseObject({ quote_msg_id: z.union([z.string(), z.number()]).optional() }).optional() });

/** The OA message the user quote-replied to (Zalo's "Trả lời", docs/zalo.md §1.2), if any. */
export function quotedMessageId(event: WebhookEnvelope): string | null {
  const id = quoted.safeParse(event).data?.message?.quote_msg_id;
  return id === undefined || id === '' ? null : String(id);
}

/** The inputs an event carries, in order (an image with a caption is two); [] = nothing to answer. */
export function toConversationInputs(event: WebhookEnvelope): Input[] {
  switch (event.event_name) {
    case 'follow':
      return [{ kind: 'follow' }];
    case 'unfollow':
      return [{ kind: 'unfollow' }];
    case 'user_click_chatnow':
      return [{ kind: 'chatNow' }];
    // A reaction to a bot message is not a question: no answer (and it would otherwise echo forever).
    case 'user_reacted_message':
      return [];
    case 'user_submit_info': {
      const info = submitInfo.safeParse(event).data?.info ?? {};
      return [{ kind: 'submitInfo', phone: info.phone, name: info.name, address: info.address }];
    }
    case 'user_send_text':
      return [{ kind: 'text', text: event.message?.text ?? '' }];
    default:
      break;
  }
  const message = userMessage.safeParse(event.message);
  if (!message.success || !event.event_name.startsWith('user_send_')) {
    return [{ kind: 'unsupported', eventName: event.event_name }];
  }
  const inputs: Input[] = [];
  for (const item of message.data.attachments ?? []) inputs.push(fromAttachment(item, event.event_name));
  if (inputs.length === 0) inputs.push({ kind: 'unsupported', eventName: event.event_name });
  const caption = message.data.text?.trim();
  // A caption on a photo, video or file is words of the report too.
  const allMedia = !inputs.some((i) => i.kind !== 'image' && i.kind !== 'video' && i.kind !== 'file');
  if (caption && allMedia) inputs.push({ kind: 'text', text: caption });
  return inputs;
}

function fromAttachment(item: z.infer<typeof attachment>, eventName: string): Input {
  const payload = item.payload ?? {};
  switch (item.type) {
    case 'image':
      return payload.url ? { kind: 'image', url: payload.url, thumbnailUrl: payload.thumbnail } : { kind: 'unsupported', eventName };
    case 'location': {
      const latitude = Number(payload.coordinates?.latitude);
      const longitude = Number(payload.coordinates?.longitude);
      const valid = Number.isFinite(latitude) && Number.isFinite(longitude) && Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180;
      return valid ? { kind: 'location', latitude, longitude } : { kind: 'unsupported', eventName };
    }
    case 'sticker':
      return { kind: 'sticker' };
    case 'gif':
      return { kind: 'gif' };
    case 'file':
      return payload.url ? { kind: 'file', url: payload.url, name: payload.name } : { kind: 'unsupported', eventName };
    case 'link':
      return { kind: 'link', url: payload.url ?? '' };
    case 'audio':
      return payload.url ? { kind: 'audio', url: payload.url } : { kind: 'unsupported', eventName };
    case 'video':
      return payload.url ? { kind: 'video', url: payload.url, thumbnailUrl: payload.thumbnail } : { kind: 'unsupported', eventName };
    default:
      return { kind: 'unsupported', eventName };
  }
}
