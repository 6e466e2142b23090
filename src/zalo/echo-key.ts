import { createHash } from 'node:crypto';
import type { ZaloMessage } from './client';

/**
 * Matching a send whose outcome we never learned with the OA echo Zalo posts for it (docs/zalo.md §1.4). The
 * echo's `msg_id` is the message id we did not get, so the match is on what the echo shows, per message kind:
 *
 * - text, and text with buttons: the text. A button message's echo was never captured; it is either
 *   `oa_send_text` or `oa_send_template` carrying the text, and both match.
 * - image: the kind alone. The echo carries Zalo's CDN copy, not our URL or attachment id, and its text is
 *   empty in the only capture (oa_send_image.json), caption or not.
 * - other templates (request_user_info), file, gif, sticker: the kind alone.
 *
 * A kind-only key is unambiguous enough because a recipient has at most one send of unknown outcome at a time:
 * its later messages wait behind it (app/deliver-outbound.ts). Plain texts hash as before this scheme
 * (sha256 of the text), so rows written before it still match.
 */

const hash = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');
// U+0001 cannot start a text a bot sends, so a kind key never equals a text's.
const kindKey = (kind: string) => hash(`\u0001${kind}`);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The key stored with an outbox row (`text_hash`), or null for a message no echo can confirm. */
export function echoKeyOf(message: ZaloMessage): string | null {
  const text = typeof message.text === 'string' ? message.text : null;
  const attachment = isObject(message.attachment) ? message.attachment : null;
  if (!attachment) return text === null ? null : hash(text);
  const payload = isObject(attachment.payload) ? attachment.payload : {};
  if (attachment.type === 'file') return kindKey('file');
  if (payload.template_type === 'media') {
    const element: unknown = Array.isArray(payload.elements) ? payload.elements[0] : undefined;
    const mediaType =
      isObject(element) && typeof element.media_type === 'string' ? element.media_type : 'image';
    return kindKey(mediaType);
  }
  if (Array.isArray(payload.buttons) && text !== null) return hash(text);
  return kindKey('template');
}

/** The keys an `oa_send_*` echo can settle (any of them), most specific first. */
export function echoKeysOfEvent(eventName: string, text: string | undefined): string[] {
  const texts = text !== undefined && text !== '' ? [hash(text)] : [];
  switch (eventName) {
    case 'oa_send_text':
    case 'oa_send_list':
      return texts;
    case 'oa_send_template':
      return [...texts, kindKey('template')];
    case 'oa_send_image':
      return [kindKey('image')];
    case 'oa_send_gif':
      return [kindKey('gif')];
    case 'oa_send_sticker':
      return [kindKey('sticker')];
    case 'oa_send_file':
      return [kindKey('file')];
    default:
      return [];
  }
}
