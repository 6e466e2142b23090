import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * Webhook envelopes (docs/zalo.md §1). Ids and timestamps are strings longer than 2^53 and stay strings.
 * The OA an event belongs to is `recipient.id` (user → OA), `sender.id` (OA echoes and receipts) or `oa_id`
 * (follow, chat-now, management); the user it concerns is the other side.
 */

/** User, OA and app ids: digits, about 19 of them in practice; anything longer is not Zalo's. */
export const ZALO_ID = /^\d{1,32}$/;
const id = z.union([z.string().regex(ZALO_ID), z.number().int().nonnegative()]).transform(String);
/** Message ids (32 hex characters in practice) and admin ids: bounded, since they end up in a btree. */
const token = z.union([z.string().min(1).max(128), z.number().int().nonnegative()]).transform(String);

export const webhookEnvelope = z.looseObject({
  event_name: z.string().min(1).max(100),
  app_id: id.optional(),
  oa_id: id.optional(),
  timestamp: z.union([z.string().regex(/^\d{1,16}$/), z.number().int().nonnegative()]).transform(String),
  sender: z.looseObject({ id: id.optional(), admin_id: token.optional() }).optional(),
  recipient: z.looseObject({ id: id.optional() }).optional(),
  follower: z.looseObject({ id: id.optional() }).optional(),
  user_id: id.optional(),
  message: z
    .looseObject({
      msg_id: token.optional(),
      msg_ids: z.array(token).max(1000).optional(),
      text: z.string().optional(),
    })
    .optional(),
});
export type WebhookEnvelope = z.infer<typeof webhookEnvelope>;

/** Events that come from a user and may be conversation input. */
export const userEventNames = new Set([
  'user_send_text',
  'user_send_image',
  'user_send_gif',
  'user_send_link',
  'user_send_audio',
  'user_send_video',
  'user_send_sticker',
  'user_send_location',
  'user_send_file',
  'user_send_business_card',
  'user_submit_info',
  'user_reacted_message',
  'follow',
  'unfollow',
  'user_click_chatnow',
]);

/** The OA's own messages coming back, and delivery receipts: never user input (docs/zalo.md §0.6). */
export const oaEchoEventNames = new Set([
  'oa_send_text',
  'oa_send_image',
  'oa_send_gif',
  'oa_send_list',
  'oa_send_file',
  'oa_send_sticker',
  'oa_send_template',
  'oa_reacted_message',
]);
export const receiptEventNames = new Set(['user_received_message', 'user_seen_message']);

export const managementEventNames = new Set([
  'add_user_to_tag',
  'remove_user_from_tag',
  'update_user_info',
  'permission_revoked',
]);

export type EventFamily = 'user' | 'echo' | 'receipt' | 'management' | 'unknown';

export function eventFamily(eventName: string): EventFamily {
  if (userEventNames.has(eventName)) return 'user';
  if (oaEchoEventNames.has(eventName)) return 'echo';
  if (receiptEventNames.has(eventName)) return 'receipt';
  if (managementEventNames.has(eventName)) return 'management';
  return 'unknown';
}

/** Candidate OA ids, most specific first; the webhook takes the first one that is a known commune. */
export function oaIdCandidates(event: WebhookEnvelope): string[] {
  const family = eventFamily(event.event_name);
  const ordered =
    family === 'echo' || family === 'receipt'
      ? [event.sender?.id, event.oa_id, event.recipient?.id]
      : [event.oa_id, event.recipient?.id, event.sender?.id];
  return ordered.filter((v, i, all): v is string => v !== undefined && all.indexOf(v) === i);
}

/** The Zalo user (OA-scoped id) the event is about: the key that orders processing. */
export function eventUserId(event: WebhookEnvelope, oaId: string): string | null {
  const candidates = [event.sender?.id, event.recipient?.id, event.follower?.id, event.user_id];
  return candidates.find((v) => v !== undefined && v !== oaId) ?? null;
}

/**
 * Unique per event: the message id where there is one (prefixed by the event name, since an OA echo and
 * its receipt share the id), else a hash of the exact bytes (a Zalo retry resends the same body).
 */
export function eventDedupKey(event: WebhookEnvelope, rawBody: Buffer): string {
  const msgId = event.message?.msg_id;
  if (msgId) return `${event.event_name}:${msgId}`;
  return `${event.event_name}#${createHash('sha256').update(rawBody).digest('base64url')}`;
}

/** The event's time; null when its timestamp is not a safe integer (the webhook refuses such an event). */
export function eventTime(event: WebhookEnvelope): Date | null {
  const ms = Number(event.timestamp);
  return Number.isSafeInteger(ms) ? new Date(ms) : null;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The OA ids a body that is not (yet) known to be an envelope may name, most specific first; only Zalo-shaped ids. */
export function looseOaIdCandidates(body: Record<string, unknown>): string[] {
  const field = (value: unknown): string | undefined => {
    const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
    return typeof text === 'string' && ZALO_ID.test(text) ? text : undefined;
  };
  const nested = (key: string) => {
    const value = body[key];
    return typeof value === 'object' && value !== null
      ? field((value as Record<string, unknown>).id)
      : undefined;
  };
  const eventName = typeof body.event_name === 'string' ? body.event_name : '';
  const family = eventFamily(eventName);
  const ordered =
    family === 'echo' || family === 'receipt'
      ? [nested('sender'), field(body.oa_id), nested('recipient')]
      : [field(body.oa_id), nested('recipient'), nested('sender')];
  return ordered.filter((v, i, all): v is string => v !== undefined && all.indexOf(v) === i);
}

// A `\u0000` escape (jsonb refuses it) or any escaped UTF-16 surrogate (a lone one is refused too).
const UNSTORABLE_ESCAPE = /\\u(0000|[dD][89a-fA-F][0-9a-fA-F]{2})/;

function cleanText(text: string): string {
  return text.replaceAll('\u0000', '\uFFFD').toWellFormed();
}

function clean(value: Json): Json {
  if (typeof value === 'string') return cleanText(value);
  if (Array.isArray(value)) return value.map(clean);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [cleanText(k), clean(v)]));
  }
  return value;
}

/**
 * What PostgreSQL can store of a parsed body: the received text itself in the usual case (no re-serialising),
 * else the body with NUL characters and lone surrogates replaced by U+FFFD, which jsonb accepts; `value` is
 * what the rest of the webhook reads, so no field it stores can carry them either.
 */
export function storablePayload(
  rawText: string,
  parsed: unknown,
): { value: unknown; json: string; cleaned: boolean } {
  if (!UNSTORABLE_ESCAPE.test(rawText)) return { value: parsed, json: rawText, cleaned: false };
  try {
    const value = clean(parsed as Json);
    return { value, json: JSON.stringify(value), cleaned: true };
  } catch {
    // Nested too deep to walk (RangeError): PostgreSQL refuses such a body anyway, and the inbox writer
    // quarantines its raw bytes.
    return { value: parsed, json: rawText, cleaned: false };
  }
}
