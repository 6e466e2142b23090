import { addAndAcknowledge, consentStatus, markConsentUsed } from '../draft';
import {
  consentFor,
  enter,
  menuButtons,
  notUnderstood,
  prompt,
  resumeDraft,
  setStep,
  startReport,
} from '../flow';
import { anyCode, firstIntent, isMeaningful, matches, pickNumber, wordCount } from '../intents';
import { relayHeld } from '../personal';
import { rankTopics } from '../topics';
import { exampleArea, exampleCode, say, type Turn } from '../turn';

/** A text at the menu with this many words is the start of a report (the first message is the report). */
export const REPORT_MIN_WORDS = 2;

/** Whether a text outside a report is a report: a few words, or one word that names a topic ("rác", "ngập"). */
export function isReport(t: Turn, text: string): boolean {
  if (!isMeaningful(text)) return false;
  if (wordCount(text) >= REPORT_MIN_WORDS) return true;
  return rankTopics(text, t.ctx.categories).length > 0;
}

export function onMenuText(t: Turn, text: string): void {
  const number = pickNumber(text);
  if (number === 1) {
    if (t.state.draft !== null) resumeDraft(t);
    else {
      startReport(t, null);
      enter(t, { kind: 'describe', editing: false });
    }
    return;
  }
  if (number === 2) {
    t.effects.push({ type: 'loadMyCases' });
    return;
  }
  if (number === 3) {
    showHelp(t);
    return;
  }
  const code = anyCode(text, t.ctx.casePrefix);
  if (code !== null && wordCount(text) <= 3) {
    t.effects.push({ type: 'loadCase', code });
    return;
  }
  if (matches(text, 'thanks')) {
    // "cảm ơn", "ok", "vâng", "thôi ạ" after an answer: a polite word back, not "not understood".
    say(t, 'conv.thanks', {}, menuButtons(t));
    return;
  }
  if (!isReport(t, text)) {
    notUnderstood(t, 'conv.unknown');
    return;
  }
  const draft = t.state.draft;
  if (draft !== null) {
    // A kept draft: these words continue it rather than silently replacing it.
    addAndAcknowledge(t, draft, text);
    resumeDraft(t);
    return;
  }
  if (t.ctx.followUp) {
    // A second problem is not glued to the first: the resident says which (and nothing is lost meanwhile).
    t.state.held = { parts: [text], media: [] };
    setStep(t, { kind: 'which', code: t.ctx.followUp.code });
    prompt(t);
    return;
  }
  startReport(t, text);
  enter(t, { kind: 'describe', editing: false });
}

export function showHelp(t: Turn): void {
  say(t, 'conv.help', { exampleCode: exampleCode(t), exampleArea: exampleArea(t) });
  prompt(t);
}

export function onResumeText(t: Turn, text: string): void {
  const number = pickNumber(text);
  const intent = firstIntent(text, ['resume', 'startOver']);
  if (intent === 'resume' || number === 1) {
    resumeDraft(t);
  } else if (intent === 'startOver' || number === 2) {
    t.state.draft = null;
    startReport(t, null);
    enter(t, { kind: 'describe', editing: false });
  } else if (isReport(t, text) && t.state.draft !== null) {
    addAndAcknowledge(t, t.state.draft, text);
    resumeDraft(t);
  } else {
    notUnderstood(t, 'conv.unknown');
  }
}

/** "Bổ sung cho LS-0427 hay phản ánh mới?": the words and photos wait in `held` for the answer. */
export function onWhichText(t: Turn, code: string, text: string): void {
  const intent = firstIntent(text.replace(new RegExp(code.replace('-', '[\\s-]?'), 'i'), ' '), [
    'addTo',
    'newReport',
  ]);
  if (intent === 'addTo') {
    relayHeld(t, code);
    return;
  }
  if (intent === 'newReport') {
    const held = t.state.held ?? { parts: [], media: [] };
    const draft = startReport(t, held.parts.length > 0 ? held.parts.join('\n') : null);
    const describe = { kind: 'describe', editing: false } as const;
    if (held.media.length === 0) {
      enter(t, describe);
    } else if (consentStatus(t) === 'granted') {
      draft.media.push(...held.media);
      markConsentUsed(t, draft);
      enter(t, describe);
    } else {
      draft.pending.media.push(...held.media);
      enter(t, consentFor(describe, describe));
    }
    return;
  }
  if (isMeaningful(text)) {
    t.state.held ??= { parts: [], media: [] };
    t.state.held.parts.push(text);
    t.leads.push({ key: 'conv.text.added' });
    prompt(t);
    return;
  }
  notUnderstood(t, 'conv.unknown');
}
