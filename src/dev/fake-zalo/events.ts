import { createHash, randomBytes } from 'node:crypto';
import { SIGNATURE_HEADER, signatureHeaderValue } from '../../zalo/signature';

/**
 * Webhook events as Zalo posts them, for tests and the simulator. Every builder produces its event with the keys
 * in the order of `../shared/zalo/fixtures/<event_name>.json`, because the signature is computed over the exact
 * bytes (docs/zalo.md §2, §11): `JSON.stringify` of a built event is the compact body Zalo would send.
 * Ids and `timestamp` are strings (docs/zalo.md §0.4).
 */

export type Clock = () => Date;

export interface EventBase {
  appId: string;
  oaId: string;
  /** The OA-scoped user id (`sender.id` of a user event). */
  userId: string;
  /** The app-scoped id; when omitted, a stable 19-digit id derived from appId and userId. */
  userIdByApp?: string;
  /** `message.msg_id`; a fresh unique id when omitted. */
  msgId?: string;
  /** Epoch milliseconds as a string; `clock()` when omitted. */
  timestamp?: string;
  clock?: Clock;
}

/** A stable app-scoped id for a user, so the same user gets the same `user_id_by_app` in every event. */
export function userIdByAppFor(appId: string, userId: string): string {
  const hex = createHash('sha256').update(`${appId}:${userId}`).digest('hex');
  let digits = '4';
  for (let i = 0; digits.length < 19; i++) digits += String(parseInt(hex.charAt(i), 16) % 10);
  return digits;
}

/** 32 hex characters, the look of Zalo's message ids. */
export function freshMsgId(): string {
  return randomBytes(16).toString('hex');
}

function common(base: EventBase) {
  return {
    userIdByApp: base.userIdByApp ?? userIdByAppFor(base.appId, base.userId),
    msgId: base.msgId ?? freshMsgId(),
    timestamp: base.timestamp ?? String((base.clock ?? (() => new Date()))().getTime()),
  };
}

/** The envelope of an event a user sends to the OA (docs/zalo.md §1.2). */
function fromUser<E extends string, M>(base: EventBase, eventName: E, message: (msgId: string) => M) {
  const c = common(base);
  return {
    app_id: base.appId,
    sender: { id: base.userId },
    user_id_by_app: c.userIdByApp,
    recipient: { id: base.oaId },
    event_name: eventName,
    message: message(c.msgId),
    timestamp: c.timestamp,
  };
}

/** The envelope of an echo or receipt: sender = OA, recipient = user (docs/zalo.md §1.4). */
function fromOa<E extends string, S, M>(
  base: EventBase,
  eventName: E,
  sender: S,
  message: (msgId: string) => M,
) {
  const c = common(base);
  return {
    app_id: base.appId,
    sender,
    user_id_by_app: c.userIdByApp,
    recipient: { id: base.userId },
    event_name: eventName,
    message: message(c.msgId),
    timestamp: c.timestamp,
  };
}

function withAttachment<T extends string, P>(type: T, payload: P, text: string, msgId: string) {
  return { attachments: [{ payload, type }], text, msg_id: msgId };
}

export function userSendText(input: EventBase & { text: string; quoteMsgId?: string }) {
  return fromUser(input, 'user_send_text', (msgId) =>
    input.quoteMsgId === undefined
      ? { text: input.text, msg_id: msgId }
      : { text: input.text, msg_id: msgId, quote_msg_id: input.quoteMsgId },
  );
}

export function userSendImage(input: EventBase & { url: string; thumbnail?: string; text?: string }) {
  const payload = { thumbnail: input.thumbnail ?? input.url, url: input.url };
  return fromUser(input, 'user_send_image', (msgId) =>
    withAttachment('image', payload, input.text ?? '', msgId),
  );
}

export function userSendGif(input: EventBase & { url: string; thumbnail?: string }) {
  const payload = { thumbnail: input.thumbnail ?? input.url, url: input.url };
  return fromUser(input, 'user_send_gif', (msgId) => withAttachment('gif', payload, '', msgId));
}

/** `text` defaults to the URL, as in the fixture. */
export function userSendLink(
  input: EventBase & { url: string; thumbnail?: string; description?: string; text?: string },
) {
  const payload = { thumbnail: input.thumbnail ?? '', description: input.description ?? '', url: input.url };
  return fromUser(input, 'user_send_link', (msgId) =>
    withAttachment('link', payload, input.text ?? input.url, msgId),
  );
}

export function userSendAudio(input: EventBase & { url: string }) {
  return fromUser(input, 'user_send_audio', (msgId) =>
    withAttachment('audio', { url: input.url }, '', msgId),
  );
}

export function userSendVideo(input: EventBase & { url: string; thumbnail?: string; description?: string }) {
  const payload = { url: input.url, thumbnail: input.thumbnail ?? '', description: input.description ?? '' };
  return fromUser(input, 'user_send_video', (msgId) => withAttachment('video', payload, '', msgId));
}

export function userSendSticker(input: EventBase & { stickerId: string; url?: string }) {
  const url =
    input.url ?? `https://zalo-api.zadn.vn/api/emoticon/sticker/webpc?eid=${input.stickerId}&size=130`;
  return fromUser(input, 'user_send_sticker', (msgId) =>
    withAttachment('sticker', { id: input.stickerId, url }, '', msgId),
  );
}

/** Coordinates are strings in Zalo's payload (docs/zalo.md §1.2). */
export function userSendLocation(input: EventBase & { latitude: string; longitude: string }) {
  const payload = { coordinates: { latitude: input.latitude, longitude: input.longitude } };
  return fromUser(input, 'user_send_location', (msgId) => withAttachment('location', payload, '', msgId));
}

/** `size` is a string of bytes, `checksum` an MD5, `fileType` the extension (docs/zalo.md §1.2). */
export function userSendFile(
  input: EventBase & { url: string; name: string; size: string; checksum?: string; fileType?: string },
) {
  const payload = {
    size: input.size,
    name: input.name,
    checksum: input.checksum ?? createHash('md5').update(input.url).digest('hex'),
    type: input.fileType ?? (input.name.includes('.') ? (input.name.split('.').pop() ?? '') : ''),
    url: input.url,
  };
  return fromUser(input, 'user_send_file', (msgId) => withAttachment('file', payload, '', msgId));
}

/** The answer to a `request_user_info` message (docs/zalo.md §1.4); phone as `84…`. */
export function userSubmitInfo(
  input: Omit<EventBase, 'msgId'> & {
    info: { name: string; phone: string; address?: string; ward?: string; district?: string; city?: string };
  },
) {
  const c = common(input);
  const { info } = input;
  return {
    app_id: input.appId,
    sender: { id: input.userId },
    user_id_by_app: c.userIdByApp,
    recipient: { id: input.oaId },
    event_name: 'user_submit_info' as const,
    info: {
      address: info.address ?? '',
      phone: info.phone,
      city: info.city ?? '',
      district: info.district ?? '',
      name: info.name,
      ward: info.ward ?? '',
    },
    timestamp: c.timestamp,
  };
}

/** `msgId` is the reacted message (usually one the OA sent). */
export function userReactedMessage(input: EventBase & { msgId: string; reactIcon?: string }) {
  return fromUser(input, 'user_reacted_message', (msgId) => ({
    msg_id: msgId,
    react_icon: input.reactIcon ?? '/-heart',
  }));
}

function followEvent<E extends 'follow' | 'unfollow'>(
  eventName: E,
  input: Omit<EventBase, 'msgId'> & { source?: string },
) {
  const c = common(input);
  return {
    oa_id: input.oaId,
    follower: { id: input.userId },
    user_id_by_app: c.userIdByApp,
    event_name: eventName,
    source: input.source ?? 'oa_profile',
    app_id: input.appId,
    timestamp: c.timestamp,
  };
}

export function follow(input: Omit<EventBase, 'msgId'> & { source?: string }) {
  return followEvent('follow', input);
}

export function unfollow(input: Omit<EventBase, 'msgId'> & { source?: string }) {
  return followEvent('unfollow', input);
}

/** The `{oa_id, user_id, …}` variant of the two shapes seen (docs/zalo.md §1.4). */
export function userClickChatnow(input: Omit<EventBase, 'msgId'>) {
  const c = common(input);
  return {
    oa_id: input.oaId,
    user_id: input.userId,
    user_id_by_app: c.userIdByApp,
    event_name: 'user_click_chatnow' as const,
    app_id: input.appId,
    timestamp: c.timestamp,
  };
}

/** The echo of a text the OA sent; `adminId` only when staff typed it in the OA chat tool (docs/zalo.md §1.4). */
export function oaSendText(input: EventBase & { text: string; adminId?: string; quoteMsgId?: string }) {
  const sender =
    input.adminId === undefined ? { id: input.oaId } : { id: input.oaId, admin_id: input.adminId };
  return fromOa(input, 'oa_send_text', sender, (msgId) =>
    input.quoteMsgId === undefined
      ? { text: input.text, msg_id: msgId }
      : { text: input.text, msg_id: msgId, quote_msg_id: input.quoteMsgId },
  );
}

/** The echo of an image the OA sent (oa_send_image.json): Zalo's CDN copy, not the URL we posted. */
export function oaSendImage(
  input: EventBase & { url: string; thumbnail?: string; text?: string; adminId?: string },
) {
  const sender =
    input.adminId === undefined ? { id: input.oaId } : { id: input.oaId, admin_id: input.adminId };
  const payload = { thumbnail: input.thumbnail ?? input.url, url: input.url };
  return fromOa(input, 'oa_send_image', sender, (msgId) =>
    withAttachment('image', payload, input.text ?? '', msgId),
  );
}

/**
 * The echo of a template message (text with buttons, request_user_info). No capture of a real one was found
 * (docs/zalo.md §1.4 only names `oa_send_template`): the fake repeats the text and the template payload.
 */
export function oaSendTemplate(
  input: EventBase & { text?: string; payload: Record<string, unknown>; adminId?: string },
) {
  const sender =
    input.adminId === undefined ? { id: input.oaId } : { id: input.oaId, admin_id: input.adminId };
  return fromOa(input, 'oa_send_template', sender, (msgId) =>
    withAttachment('template', input.payload, input.text ?? '', msgId),
  );
}

/** Receipt for an OA message: `msgId` is the OA's `message_id`. */
export function userReceivedMessage(input: EventBase & { msgId: string }) {
  return fromOa(input, 'user_received_message', { id: input.oaId }, (msgId) => ({ msg_id: msgId }));
}

export function userSeenMessage(input: Omit<EventBase, 'msgId'> & { msgIds: readonly string[] }) {
  return fromOa(input, 'user_seen_message', { id: input.oaId }, () => ({ msg_ids: [...input.msgIds] }));
}

export type WebhookEvent =
  | ReturnType<typeof userSendText>
  | ReturnType<typeof userSendImage>
  | ReturnType<typeof userSendGif>
  | ReturnType<typeof userSendLink>
  | ReturnType<typeof userSendAudio>
  | ReturnType<typeof userSendVideo>
  | ReturnType<typeof userSendSticker>
  | ReturnType<typeof userSendLocation>
  | ReturnType<typeof userSendFile>
  | ReturnType<typeof userSubmitInfo>
  | ReturnType<typeof userReactedMessage>
  | ReturnType<typeof follow>
  | ReturnType<typeof unfollow>
  | ReturnType<typeof userClickChatnow>
  | ReturnType<typeof oaSendText>
  | ReturnType<typeof oaSendImage>
  | ReturnType<typeof oaSendTemplate>
  | ReturnType<typeof userReceivedMessage>
  | ReturnType<typeof userSeenMessage>;

export interface SignedWebhook {
  /** Compact JSON: the exact bytes to POST, and the bytes that were signed. */
  rawBody: string;
  headers: { 'content-type': 'application/json'; 'x-zevent-signature': string };
}

/**
 * Signs an event as Zalo does: `mac=` + sha256(app_id + rawBody + the body's timestamp + OA secret key), with the
 * OA Secret Key, not the App Secret (docs/zalo.md §2). Accepts any event object, fixtures included.
 */
export function signedWebhook(
  event: { readonly app_id: string; readonly timestamp: string },
  oaSecretKey: string,
): SignedWebhook {
  const rawBody = JSON.stringify(event);
  return {
    rawBody,
    headers: {
      'content-type': 'application/json',
      [SIGNATURE_HEADER]: signatureHeaderValue(event.app_id, rawBody, event.timestamp, oaSecretKey),
    },
  };
}
