import { addAndAcknowledge } from '../draft';
import { next, notUnderstood, prompt, requireDraft, setStep, stepButtons } from '../flow';
import { firstIntent, isFiller, isMeaningful, matchOption, pickNumber } from '../intents';
import { rankTopics } from '../topics';
import { ack, say, type Turn } from '../turn';
import type { NamedItem, WizardStep } from '../types';

type CategoryStep = Extract<WizardStep, { kind: 'category' }>;

/**
 * The category is suggested from the words ("Có phải về Đường sá, giao thông? [Đúng] [Lĩnh vực khác]"); "Lĩnh
 * vực khác" shows the likeliest as buttons and every category as a short numbered list. Staff reclassify anyway,
 * so "Không rõ" is always an answer. More words sent instead of an answer are kept, and the suggestion follows
 * them.
 */
export function onCategoryText(t: Turn, step: CategoryStep, text: string): void {
  const draft = requireDraft(t);
  const suggested = t.ctx.categories.find((category) => category.id === step.suggestedId);
  const intent = firstIntent(text, ['categoryYes', 'categoryOther', 'categoryUnsure', 'done']);
  if (!step.choosing && suggested !== undefined) {
    // "thôi ạ", "xong": nothing more to say, and no objection to the suggestion (staff reclassify anyway).
    if (intent === 'categoryYes' || intent === 'done') {
      choose(t, step, suggested);
      return;
    }
    if (intent === 'categoryOther') {
      setStep(t, { ...step, choosing: true });
      prompt(t);
      return;
    }
  }
  if (step.choosing && (intent === 'categoryYes' || intent === 'categoryOther')) {
    // "Đúng" to a list is no choice (and must not pick "Trật tự xây dựng" for its last word).
    prompt(t, { again: true });
    return;
  }
  if (intent === 'categoryUnsure') {
    draft.categoryId = null;
    next(t, step);
    return;
  }
  // A category named or numbered (the numbers of the list, which has them all), or a likely one's button.
  const named = matchOption(text, step.choosing ? t.ctx.categories : nameOnly(t.ctx.categories, text));
  if (named.kind === 'one') {
    choose(t, step, named.option);
    return;
  }
  if (isMeaningful(text) && pickNumber(text) === null && !isFiller(text)) {
    addAndAcknowledge(t, draft, text);
    if (!step.choosing) {
      const best = rankTopics(draft.parts.join(' '), t.ctx.categories)[0];
      setStep(t, { ...step, suggestedId: best?.id ?? null, choosing: best === undefined });
    }
    prompt(t);
    return;
  }
  if (step.choosing) {
    say(t, 'conv.category.unknown', { max: t.ctx.categories.length }, stepButtons(t));
    return;
  }
  notUnderstood(t, 'conv.unknown');
}

/** While a suggestion is shown, numbers mean nothing (no list is shown): only a typed name counts. */
function nameOnly(categories: readonly NamedItem[], text: string): readonly NamedItem[] {
  return pickNumber(text) === null ? categories : [];
}

function choose(t: Turn, step: CategoryStep, category: NamedItem): void {
  requireDraft(t).categoryId = category.id;
  if (step.choosing || step.editing) ack(t, 'conv.category.chosen', { category: category.name });
  next(t, step);
}
