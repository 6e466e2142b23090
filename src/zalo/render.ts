import type { ZaloMessage } from './client';

/**
 * Pure builders of Zalo `message` bodies (docs/zalo.md §3.1). A text is at most 2,000 characters (§0.9, counted
 * here in UTF-16 units, the stricter reading):
 * longer bot texts are split on paragraph, line, sentence or word boundaries, in order.
 */

export const MAX_TEXT_LENGTH = 2000;

/**
 * A query button (`oa.query.show`: the user's Zalo sends `payload` back as a text when tapped; `hidden`,
 * `oa.query.hide`: it reaches the OA without showing in the user's chat, a code-carrying answer) or a link
 * button (`oa.open.url`: opens the page, sends nothing back).
 */
export type ZaloButton = { title: string; payload: string; hidden?: boolean } | { title: string; url: string };

export function textMessage(text: string): ZaloMessage {
  return { text };
}

export function buttonsMessage(text: string, buttons: ZaloButton[]): ZaloMessage {
  return {
    text,
    attachment: {
      type: 'template',
      payload: {
        buttons: buttons.map((b) =>
          'url' in b
            ? { title: b.title, type: 'oa.open.url', payload: { url: b.url } }
            : { title: b.title, type: b.hidden === true ? 'oa.query.hide' : 'oa.query.show', payload: b.payload },
        ),
      },
    },
  };
}

export function imageMessage(image: { url: string } | { attachmentId: string }, caption?: string): ZaloMessage {
  const element =
    'url' in image ? { media_type: 'image', url: image.url } : { media_type: 'image', attachment_id: image.attachmentId };
  return {
    ...(caption ? { text: caption } : {}),
    attachment: { type: 'template', payload: { template_type: 'media', elements: [element] } },
  };
}

export function requestUserInfoMessage(element: { title: string; subtitle: string; imageUrl: string }): ZaloMessage {
  return {
    attachment: {
      type: 'template',
      payload: {
        template_type: 'request_user_info',
        elements: [{ title: element.title, subtitle: element.subtitle, image_url: element.imageUrl }],
      },
    },
  };
}

export function splitText(text: string, max = MAX_TEXT_LENGTH): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    let window = rest.slice(0, max);
    // Never cut a surrogate pair (emoji) in half.
    if (/[\uD800-\uDBFF]$/.test(window)) window = window.slice(0, -1);
    const cut =
      lastBoundary(window, '\n\n') ?? lastBoundary(window, '\n') ?? lastBoundary(window, '. ') ?? lastBoundary(window, ' ') ?? window.length;
    parts.push(window.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0) parts.push(rest);
  return parts;
}

/** Index just after the last occurrence of `sep` in the second half of `window`, or null. */
function lastBoundary(window: string, sep: string): number | null {
  const at = window.lastIndexOf(sep);
  return at > window.length / 2 ? at + sep.length : null;
}

/** The visible text of a message, if it has one (what an OA echo repeats). */
export function messageText(message: ZaloMessage): string | null {
  return typeof message.text === 'string' ? message.text : null;
}
