/**
 * What the simulator page draws: one bubble per webhook event a person sent, or per Zalo `message` the OA sent
 * them (docs/zalo.md §1.2, §3.1). Pure conversions, so the page stays a dumb renderer and never has to know
 * Zalo's shapes.
 */

export interface ChatButton {
  title: string;
  /** `oa.query.show`, `oa.query.hide`, `oa.open.url`, `oa.open.phone`... */
  type: string;
  /** The text sent back for query buttons, or the URL / phone of the others. */
  payload: string;
}

export interface ChatMessage {
  /** Zalo's message id (or, for events without one, a key of the event): the page dedups on it. */
  id: string;
  at: string;
  person: string;
  from: 'user' | 'oa';
  text?: string;
  image?: string;
  location?: { latitude: string; longitude: string };
  sticker?: string;
  file?: string;
  buttons?: ChatButton[];
  /** A `request_user_info` card. */
  infoRequest?: { title: string; subtitle: string };
  /** Follow, unfollow, a shared info form: shown as a grey line, not a bubble. */
  system?: string;
  /** A query button tapped with `oa.query.hide`: sent, but Zalo shows nothing in the chat. */
  hidden?: boolean;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

function firstAttachment(message: Json): { type?: string; payload: Json } {
  const list = Array.isArray(message.attachments) ? (message.attachments as unknown[]) : [];
  const first = list[0];
  if (!isObject(first)) return { payload: {} };
  return { type: str(first.type), payload: isObject(first.payload) ? first.payload : {} };
}

/** A webhook event a simulated person sent (the inbox payload, or the event the sim just built). */
export function chatFromEvent(person: string, event: Json, at: Date, fallbackId: string): ChatMessage | null {
  const name = str(event.event_name) ?? '';
  const message = isObject(event.message) ? event.message : {};
  const id = str(message.msg_id) ?? fallbackId;
  const base = { id, at: at.toISOString(), person, from: 'user' as const };
  switch (name) {
    case 'user_send_text':
      return { ...base, text: str(message.text) ?? '' };
    case 'user_send_image':
    case 'user_send_gif': {
      const { payload } = firstAttachment(message);
      const caption = str(message.text);
      return { ...base, image: str(payload.url) ?? '', ...(caption ? { text: caption } : {}) };
    }
    case 'user_send_location': {
      const coordinates = isObject(firstAttachment(message).payload.coordinates)
        ? (firstAttachment(message).payload.coordinates as Json)
        : {};
      return { ...base, location: { latitude: str(coordinates.latitude) ?? '', longitude: str(coordinates.longitude) ?? '' } };
    }
    case 'user_send_sticker':
      return { ...base, sticker: str(firstAttachment(message).payload.url) ?? '' };
    case 'user_send_file':
      return { ...base, file: str(firstAttachment(message).payload.name) ?? 'tệp' };
    case 'user_send_link':
      return { ...base, text: str(message.text) ?? str(firstAttachment(message).payload.url) ?? '' };
    case 'follow':
      return { ...base, system: 'Đã quan tâm OA' };
    case 'unfollow':
      return { ...base, system: 'Đã bỏ quan tâm OA' };
    case 'user_click_chatnow':
      return { ...base, system: 'Đã bấm "Nhắn tin" trên trang OA' };
    case 'user_submit_info':
      return { ...base, system: 'Đã chia sẻ thông tin liên hệ với OA' };
    default:
      return null;
  }
}

function buttonsOf(payload: Json): ChatButton[] {
  const raw = Array.isArray(payload.buttons) ? (payload.buttons as unknown[]) : [];
  return raw.filter(isObject).map((b) => {
    const p = b.payload;
    const target = isObject(p) ? (str(p.url) ?? str(p.phone_code) ?? str(p.content) ?? '') : (str(p) ?? '');
    return { title: str(b.title) ?? '', type: str(b.type) ?? 'oa.query.show', payload: target };
  });
}

/** A consultation `message` the OA sent to a person (docs/zalo.md §3.1). */
export function chatFromOaMessage(person: string, message: Json, at: Date, id: string): ChatMessage {
  const base: ChatMessage = { id, at: at.toISOString(), person, from: 'oa' };
  const text = str(message.text);
  if (text !== undefined) base.text = text;
  const attachment = isObject(message.attachment) ? message.attachment : null;
  if (!attachment) return base;
  const payload = isObject(attachment.payload) ? attachment.payload : {};
  if (attachment.type === 'file') return { ...base, file: 'Tệp đính kèm' };
  const elements = Array.isArray(payload.elements) ? (payload.elements as unknown[]).filter(isObject) : [];
  switch (payload.template_type) {
    case 'media': {
      const element = elements[0] ?? {};
      const url = str(element.url);
      return url ? { ...base, image: url } : { ...base, text: [text, '[ảnh đã tải lên Zalo]'].filter(Boolean).join('\n') };
    }
    case 'request_user_info': {
      const element = elements[0] ?? {};
      return { ...base, infoRequest: { title: str(element.title) ?? '', subtitle: str(element.subtitle) ?? '' } };
    }
    case 'list': {
      const lines = elements.map((e) => str(e.title)).filter((t): t is string => t !== undefined);
      const buttons = elements.flatMap((e) => (isObject(e.default_action) ? buttonsOf({ buttons: [{ ...e.default_action, title: e.title }] }) : []));
      return { ...base, text: [text, ...lines].filter(Boolean).join('\n'), ...(buttons.length > 0 ? { buttons } : {}) };
    }
    default: {
      const buttons = buttonsOf(payload);
      return buttons.length > 0 ? { ...base, buttons } : base;
    }
  }
}
