import { addAndAcknowledge, applyPending, dropPersonalData } from '../draft';
import { enter, goToMenu, prompt, stepButtons, submit } from '../flow';
import { firstIntent, isMeaningful, wordCount } from '../intents';
import { relayHeld } from '../personal';
import { ack, button, MAX_MEDIA, say, type Turn } from '../turn';
import type { ConsentStep } from '../types';

/**
 * The answer to the consent question. Only the buttons or the words ("đồng ý", "không đồng ý") decide: a legal
 * act is never inferred from "1", "ok" or a sticker. Words that are more of the report are kept, and the question
 * is asked again.
 */
export function onConsentText(t: Turn, step: ConsentStep, text: string): void {
  const intent = firstIntent(text, ['yes', 'no']);
  if (intent !== null) {
    decideConsent(t, step, intent === 'yes');
    return;
  }
  const draft = t.state.draft;
  if (draft !== null && isMeaningful(text) && wordCount(text) >= 2) addAndAcknowledge(t, draft, text);
  say(t, 'conv.consent.reask', {}, stepButtons(t));
}

function decideConsent(t: Turn, step: ConsentStep, granted: boolean): void {
  const version = t.ctx.consent.noticeVersion;
  t.effects.push({ type: 'recordConsent', granted, noticeVersion: version });
  const draft = t.state.draft;
  if (draft !== null) draft.consent = { version, granted };
  if (step.relayTo !== null) {
    const code = step.relayTo;
    if (granted) {
      ack(t, 'conv.consent.granted', {});
      relayHeld(t, code, true);
      return;
    }
    t.state.held = null;
    ack(t, 'conv.consent.declined', {});
    t.state.step = { kind: 'menu' };
    say(t, 'conv.followUp.mediaDropped', {}, [button(t, 'btn.feedback'), button(t, 'btn.menu')]);
    return;
  }
  if (draft === null) {
    goToMenu(t);
    return;
  }
  if (granted) {
    applyPending(draft, MAX_MEDIA);
    ack(t, 'conv.consent.granted', {});
    if (step.submit) {
      submit(t);
      return;
    }
    enter(t, step.then);
    return;
  }
  dropPersonalData(draft);
  ack(t, 'conv.consent.declined', {});
  enter(t, step.otherwise);
}

/** "rút đồng ý", at any step: recorded, the draft's personal data removed, the report goes on in words. */
export function withdrawConsent(t: Turn): void {
  t.effects.push({ type: 'withdrawConsent' });
  ack(t, 'conv.consent.withdrawn', {});
  const draft = t.state.draft;
  if (draft !== null) {
    const hadData = dropPersonalData(draft);
    draft.consent = { version: t.ctx.consent.noticeVersion, granted: false };
    if (hadData) ack(t, 'conv.consent.withdrawnDraft', {});
  }
  if (t.state.held !== null) t.state.held.media = [];
  const step = t.state.step;
  if (step.kind === 'consent') {
    if (step.relayTo !== null) {
      t.state.held = null;
      goToMenu(t);
      return;
    }
    enter(t, step.otherwise);
    return;
  }
  prompt(t);
}
