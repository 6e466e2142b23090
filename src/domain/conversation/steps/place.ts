import { cleanText } from '../../text/normalize';
import { addAndAcknowledge } from '../draft';
import { enter, next, notUnderstood, prompt, requireDraft, stepButtons } from '../flow';
import { firstIntent, isFiller, isMeaningful, matchOption, stripFillers } from '../intents';
import { receiveAddress } from '../personal';
import { looksLikePlace } from '../places';
import { ack, ADDRESS_MAX_CHARS, excerpt, say, type Turn } from '../turn';
import type { WizardStep } from '../types';
import { matchForm } from '../../text/normalize';

type PlaceStep = Extract<WizardStep, { kind: 'place' }>;
type AreaStep = Extract<WizardStep, { kind: 'area' }>;

/**
 * The place question. A poster code or a group's name is taken wherever it is typed (machine.ts); here an
 * address or a landmark is kept as the address (personal data: with consent), and a sentence that is not a
 * place is kept in the description while the question is asked again briefly ("À quên, chỗ đó còn có rác").
 */
export function onPlaceText(t: Turn, step: PlaceStep, text: string): void {
  const intent = firstIntent(text, ['pickArea', 'skip', 'done']);
  if (intent === 'pickArea') {
    enter(t, { kind: 'area', editing: step.editing });
    return;
  }
  if (intent !== null) {
    next(t, step);
    return;
  }
  if (!isMeaningful(text) || isFiller(text)) {
    notUnderstood(t, 'conv.unknown');
    return;
  }
  if (looksLikePlace(text)) {
    const address = excerpt(cleanText(text), ADDRESS_MAX_CHARS);
    if (isVaguePlace(address)) {
      say(t, 'conv.place.vague', {}, stepButtons(t));
      return;
    }
    receiveAddress(t, address);
    return;
  }
  addAndAcknowledge(t, requireDraft(t), text);
  prompt(t, { again: true });
}

/** "ở đây", "chỗ này", "gần nhà": not an address anyone can find. */
const VAGUE_PLACES = new Set([
  'o day',
  'day',
  'cho nay',
  'o cho nay',
  'ngay day',
  'o nha',
  'nha toi',
  'gan nha',
  'gan day',
]);

function isVaguePlace(address: string): boolean {
  const words = stripFillers(matchForm(address));
  return !/\p{L}/u.test(address) || words.replace(/[^a-z0-9]/g, '').length < 4 || VAGUE_PLACES.has(words);
}

/** The list of residential groups: a number, a code or a name. */
export function onAreaText(t: Turn, step: AreaStep, text: string): void {
  if (firstIntent(text, ['skip', 'done']) !== null) {
    next(t, step);
    return;
  }
  const match = matchOption(text, t.ctx.areas);
  if (match.kind === 'one') {
    requireDraft(t).areaId = match.option.id;
    t.state.lastAreaId = match.option.id;
    ack(t, 'conv.place.area', { area: match.option.name });
    next(t, step);
    return;
  }
  say(t, 'conv.area.unknown', {}, stepButtons(t));
}
