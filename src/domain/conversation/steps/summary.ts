import { findPhone, type PhoneParse } from '../../text/phone';
import { addAndAcknowledge, consentStatus } from '../draft';
import { asksPhone, enter, notUnderstood, prompt, requireDraft, setStep, stepButtons, submit } from '../flow';
import { firstIntent, isFiller, isMeaningful, pickNumber } from '../intents';
import { receiveContact } from '../personal';
import { assertNever, say, type PlainKey, type Turn } from '../turn';

/**
 * The review. "Gửi" files the case; a mobile number typed (or shared) here is the phone and sends at once; "không
 * có số", "ko có sđt" send without one; other words are more of the report (kept, the review shown again). No
 * hidden number cancels anything.
 */
export function onSummaryText(t: Turn, text: string): void {
  const draft = requireDraft(t);
  const intent = firstIntent(text, ['send', 'noPhone', 'edit']);
  if (intent === 'send' || intent === 'noPhone') {
    submit(t);
    return;
  }
  if (intent === 'edit') {
    enter(t, { kind: 'editField' });
    return;
  }
  if (asksPhone(t, draft) || consentStatus(t) === 'granted') {
    const parsed = findPhone(text);
    if (parsed.ok) {
      receiveContact(t, parsed.e164, null);
      return;
    }
    if (/\d{6,}/.test(text.replace(/[\s.\-()+]/g, ''))) {
      say(t, phoneProblemKey(parsed), {}, stepButtons(t));
      return;
    }
  }
  if (isMeaningful(text) && pickNumber(text) === null && !isFiller(text)) {
    addAndAcknowledge(t, draft, text);
    prompt(t, { again: true });
    return;
  }
  notUnderstood(t, 'conv.unknown');
}

function phoneProblemKey(parsed: Extract<PhoneParse, { ok: false }>): PlainKey {
  switch (parsed.reason) {
    case 'landline':
      return 'conv.phone.landline';
    case 'foreign':
      return 'conv.phone.foreign';
    default:
      return 'conv.phone.invalid';
  }
}

const FIELDS = [
  'field.category',
  'field.description',
  'field.photos',
  'field.location',
  'field.phone',
] as const;

export function onEditFieldText(t: Turn, text: string): void {
  const draft = requireDraft(t);
  const number = pickNumber(text);
  const field = (number !== null ? FIELDS[number - 1] : undefined) ?? firstIntent(text, FIELDS);
  switch (field) {
    case 'field.category':
      enter(t, { kind: 'category', editing: true, suggestedId: null, choosing: true });
      return;
    case 'field.description':
      draft.parts = [];
      draft.truncated = false;
      enter(t, { kind: 'describe', editing: true });
      return;
    case 'field.photos':
      draft.media = [];
      enter(t, { kind: 'media', editing: true });
      return;
    case 'field.location':
      draft.location = null;
      draft.address = null;
      draft.areaId = null;
      enter(t, { kind: 'place', editing: true });
      return;
    case 'field.phone':
      draft.phone = null;
      draft.name = null;
      // Not `enter`: that would fill in the remembered phone again.
      setStep(t, { kind: 'summary' });
      prompt(t);
      return;
    case null:
      notUnderstood(t, 'conv.unknown');
      return;
    default:
      return assertNever(field);
  }
}
