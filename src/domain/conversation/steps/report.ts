import { addAndAcknowledge, hasDescription } from '../draft';
import { next, notUnderstood, prompt, requireDraft } from '../flow';
import { firstIntent, isFiller, isMeaningful, pickNumber } from '../intents';
import type { Turn } from '../turn';
import type { WizardStep } from '../types';

/** The words of the report, when the first message had none (a photo, a location, the "Gửi phản ánh" button). */
export function onDescribeText(t: Turn, step: Extract<WizardStep, { kind: 'describe' }>, text: string): void {
  const draft = requireDraft(t);
  if (firstIntent(text, ['done', 'skip']) !== null && hasDescription(draft)) {
    next(t, step);
    return;
  }
  if (!isMeaningful(text)) {
    notUnderstood(t, 'conv.unknown');
    return;
  }
  addAndAcknowledge(t, draft, text, false);
  next(t, step);
}

/**
 * "Ảnh, video, tin nhắn thoại?": the attachments themselves arrive as their own events (personal.ts); words here
 * are more of the report ("không gửi" or "thôi" is no photo, never a cancellation).
 */
export function onMediaText(t: Turn, step: Extract<WizardStep, { kind: 'media' }>, text: string): void {
  if (firstIntent(text, ['done', 'skip']) !== null) {
    next(t, step);
    return;
  }
  if (isMeaningful(text) && pickNumber(text) === null && !isFiller(text)) {
    addAndAcknowledge(t, requireDraft(t), text);
    prompt(t, { again: true });
    return;
  }
  notUnderstood(t, 'conv.unknown');
}
