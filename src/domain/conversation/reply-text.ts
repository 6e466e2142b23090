import { renderText, type Locale } from '../text/catalog';
import type { Effect } from './types';

/** The text of a reply as the resident reads it: the acknowledgements that open it, then its own text. */
export function replyText(effect: Extract<Effect, { type: 'reply' }>, locale: Locale): string {
  return [...(effect.before ?? []), effect]
    .map((part) => renderText(part.key, part.params, locale))
    .join('\n');
}
