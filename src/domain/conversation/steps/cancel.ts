import { addAndAcknowledge, draftExcerpt, isEmptyDraft } from '../draft';
import { enter, isDraftStep, prompt, setStep } from '../flow';
import { firstIntent, isMeaningful, wordCount } from '../intents';
import { ack, button, say, UNDO_WINDOW_MS, type Turn } from '../turn';
import type { CancelStep } from '../types';

/**
 * Cancelling asks first, and a cancelled report can be restored for UNDO_WINDOW_MS ("Khôi phục"): an elderly
 * resident who taps an old "Hủy" button, or types "hủy" meaning the photo, loses nothing.
 */
export function askCancel(t: Turn): void {
  const draft = t.state.draft;
  const step = t.state.step;
  if (draft === null || isEmptyDraft(draft)) {
    // Nothing written yet: nothing to lose, nothing to confirm.
    t.state.draft = null;
    if (isDraftStep(step)) t.state.step = { kind: 'menu' };
    ack(t, 'conv.cancelled.nothing', {});
    prompt(t);
    return;
  }
  if (step.kind === 'confirmCancel') {
    confirmCancel(t);
    return;
  }
  const back = isDraftStep(step) ? step : draft.resumeAt;
  t.state.step = { kind: 'confirmCancel', back: back.kind === 'confirmCancel' ? back.back : back };
  prompt(t);
}

function confirmCancel(t: Turn): void {
  const draft = t.state.draft;
  if (draft !== null) t.state.cancelled = { draft, at: t.ctx.now.toISOString() };
  t.state.draft = null;
  t.state.step = { kind: 'menu' };
  say(t, 'conv.cancelled', { hours: UNDO_WINDOW_MS / 3600_000 }, [
    button(t, 'btn.restore'),
    button(t, 'btn.feedback'),
  ]);
}

export function onConfirmCancelText(t: Turn, step: CancelStep, text: string): void {
  const intent = firstIntent(text, ['confirmCancel', 'cancel', 'keepWriting', 'back', 'no']);
  if (intent === 'confirmCancel' || intent === 'cancel') {
    confirmCancel(t);
    return;
  }
  if (intent !== null) {
    ack(t, 'conv.cancel.kept', {});
    enter(t, step.back);
    return;
  }
  const draft = t.state.draft;
  if (draft !== null && isMeaningful(text) && wordCount(text) >= 2) {
    // The resident went on writing: that is an answer too.
    addAndAcknowledge(t, draft, text);
    enter(t, step.back);
    return;
  }
  prompt(t);
}

/** "Khôi phục": the report cancelled within the undo window comes back where it was. */
export function restore(t: Turn): void {
  const cancelled = t.state.cancelled;
  const fresh = cancelled !== null && t.ctx.now.getTime() - Date.parse(cancelled.at) <= UNDO_WINDOW_MS;
  const busy = t.state.draft !== null && !isEmptyDraft(t.state.draft);
  if (cancelled === null || !fresh || busy) {
    if (!fresh) t.state.cancelled = null;
    ack(t, 'conv.restore.nothing', {});
    prompt(t);
    return;
  }
  t.state.draft = cancelled.draft;
  t.state.cancelled = null;
  ack(t, 'conv.restored', { excerpt: draftExcerpt(t, cancelled.draft) });
  const at = cancelled.draft.resumeAt;
  setStep(t, at.kind === 'confirmCancel' ? at.back : at);
  enter(t, t.state.step);
}
