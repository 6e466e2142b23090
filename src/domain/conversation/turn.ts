import { formatCaseCode } from '../case/code';
import { renderText, type ParamsFor, type TextKey, type TextParamName } from '../text/catalog';
import { truncate } from '../text/normalize';
import { posterForm } from './places';
import type { Button, ConversationState, Ctx, Effect, Lead } from './types';

/** What one call of `step` works on: the state being changed, the effects so far, the context. */
export interface Turn {
  state: ConversationState;
  effects: Effect[];
  ctx: Ctx;
  /** The full greeting (with the menu's buttons) was sent in this turn: no second menu, no "not understood". */
  greeted: boolean;
  /** The resident's first event ever: the first reply greets them. */
  firstContact: boolean;
  /** Acknowledgements waiting to open the next message ("Dạ, đã ghi…" + the next question, one message). */
  leads: Lead[];
}

/** Longer descriptions are cut here, with a note to the resident (the case keeps a readable text). */
export const DESCRIPTION_MAX_CHARS = 3000;
/** Photos, voice notes, videos and files per report. */
export const MAX_MEDIA = 10;
/** Buttons per message; more options are offered as a numbered list. */
export const MAX_BUTTONS = 5;
export const ADDRESS_MAX_CHARS = 300;
export const ALERT_EXCERPT_CHARS = 300;
/** A cancelled report can be restored for this long ("Khôi phục"). */
export const UNDO_WINDOW_MS = 24 * 3600_000;

/** Keys whose template takes no parameter. */
export type PlainKey = { [K in TextKey]: [TextParamName<K>] extends [never] ? K : never }[TextKey];

/** Sends a message; acknowledgements waiting in `t.leads` open it. */
export function say<K extends TextKey>(t: Turn, key: K, params: ParamsFor<K>, buttons?: Button[]): void {
  const before = t.leads;
  t.leads = [];
  t.effects.push({
    type: 'reply',
    key,
    ...(Object.keys(params).length > 0 ? { params } : {}),
    ...(buttons !== undefined && buttons.length > 0 ? { buttons } : {}),
    ...(before.length > 0 ? { before } : {}),
  });
}

/** An acknowledgement that opens the next message instead of being a message of its own. */
export function ack<K extends TextKey>(t: Turn, key: K, params: ParamsFor<K>): void {
  t.leads.push({ key, ...(Object.keys(params).length > 0 ? { params } : {}) });
}

/** Acknowledgements no question followed: they go out as one message (the last one's buttons, none). */
export function flushLeads(t: Turn, buttons?: Button[]): void {
  const last = t.leads.pop();
  if (last === undefined) return;
  const before = t.leads;
  t.leads = [];
  t.effects.push({
    type: 'reply',
    key: last.key,
    ...(last.params === undefined ? {} : { params: last.params }),
    ...(buttons !== undefined && buttons.length > 0 ? { buttons } : {}),
    ...(before.length > 0 ? { before } : {}),
  });
}

export function render<K extends TextKey>(t: Turn, key: K, params: ParamsFor<K>): string {
  return renderText(key, params, t.ctx.locale);
}

/** A query button whose payload is its title (so typing the title does the same as tapping it). */
export function button(t: Turn, key: PlainKey): Button {
  const title = render(t, key, {});
  return { title, payload: title };
}

export function titled(title: string, payload: string = title): Button {
  return { title: excerpt(title, 40), payload };
}

export function exampleCode(t: Turn): string {
  return formatCaseCode(t.ctx.casePrefix, 427);
}

/** The poster code to show as an example: the resident's own group when known, else the first one. */
export function exampleArea(t: Turn): string {
  const own = t.ctx.areas.find((area) => area.id === t.state.lastAreaId);
  const code = (own ?? t.ctx.areas[0])?.code;
  return code === undefined ? 'TK6' : posterForm(code);
}

/** At most `max` characters, cut at a word boundary when possible (never inside a character), with "…". */
export function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = truncate(flat, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
