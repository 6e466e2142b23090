import { formatPhoneLocal } from '../text/phone';
import {
  addAndAcknowledge,
  caseDraft,
  consentStatus,
  draftExcerpt,
  hasDescription,
  markConsentUsed,
  mediaSummary,
  newDraft,
} from './draft';
import { areaMentioned } from './places';
import { rankTopics } from './topics';
import { triage } from './triage';
import {
  assertNever,
  button,
  exampleArea,
  excerpt,
  MAX_BUTTONS,
  render,
  say,
  titled,
  type PlainKey,
  type Turn,
} from './turn';
import type { Button, ConsentStep, Draft, DraftStep, NamedItem, Step, WizardStep } from './types';

/**
 * Moving through a report: which step comes next, which steps have nothing to ask, and what each step asks.
 * The order after the first message: describe (when the first message had no words) → category (suggested from
 * the words) → media → place → summary (with the optional phone; sending files the case).
 */

/** A numbered list longer than this (characters) is cut with "… and N more: type the name". */
const LIST_BUDGET_CHARS = 1200;
const SUMMARY_EXCERPT_CHARS = 300;
/** Buttons of the likeliest categories when the suggestion was wrong; the numbered list has them all. */
const LIKELY_CATEGORY_BUTTONS = MAX_BUTTONS - 1;

export function isDraftStep(step: Step): step is DraftStep {
  return (
    step.kind !== 'menu' &&
    step.kind !== 'resume' &&
    step.kind !== 'submitting' &&
    step.kind !== 'which' &&
    step.kind !== 'emergencyPlace'
  );
}

export function requireDraft(t: Turn): Draft {
  t.state.draft ??= newDraft(t);
  return t.state.draft;
}

export function setStep(t: Turn, target: Step): void {
  t.state.step = target;
  if (t.state.draft !== null && isDraftStep(target) && target.kind !== 'confirmCancel') {
    t.state.draft.resumeAt = target;
  }
}

/**
 * A new report, from what the resident just sent: words (the first message is the report), or nothing yet (the
 * "Gửi phản ánh" button), or a photo, voice note or location (the caller adds it).
 */
export function startReport(t: Turn, text: string | null): Draft {
  t.state.draft = newDraft(t);
  t.state.held = null;
  const draft = t.state.draft;
  if (text !== null) {
    ack(t, t.firstContact ? 'conv.report.firstContact' : 'conv.report.thanks');
    addAndAcknowledge(t, draft, text, false);
  }
  return draft;
}

function ack(t: Turn, key: 'conv.report.firstContact' | 'conv.report.thanks'): void {
  t.leads.push({ key, params: { communeName: t.ctx.communeName } });
}

/** The next step of the report after `done`; while editing, back to the summary. */
export function next(t: Turn, done: WizardStep): void {
  if ('editing' in done && done.editing) {
    enter(t, { kind: 'summary' });
    return;
  }
  switch (done.kind) {
    case 'describe':
      enter(t, { kind: 'category', editing: false, suggestedId: null, choosing: false });
      return;
    case 'category':
      enter(t, { kind: 'media', editing: false });
      return;
    case 'media':
      enter(t, { kind: 'place', editing: false });
      return;
    case 'place':
    case 'area':
    case 'editField':
      enter(t, { kind: 'summary' });
      return;
    case 'summary':
      prompt(t);
      return;
    default:
      assertNever(done);
  }
}

/** The step a "quay lại" goes back to. */
export function previous(step: WizardStep): WizardStep | null {
  switch (step.kind) {
    case 'describe':
      return null;
    case 'category':
      return { kind: 'describe', editing: step.editing };
    case 'media':
      return { kind: 'category', editing: step.editing, suggestedId: null, choosing: true };
    case 'place':
      return { kind: 'media', editing: step.editing };
    case 'area':
      return { kind: 'place', editing: step.editing };
    case 'summary':
      return { kind: 'place', editing: true };
    case 'editField':
      return { kind: 'summary' };
  }
}

/**
 * Enters a step and asks its question, skipping steps with nothing to ask: words already there, no categories
 * configured, a voice-only report (staff classify it), attachments or a place already given.
 */
export function enter(t: Turn, target: Step): void {
  const draft = t.state.draft;
  if (isDraftStep(target) && draft === null) {
    goToMenu(t);
    return;
  }
  if (draft !== null) {
    switch (target.kind) {
      case 'describe':
        if (!target.editing && hasDescription(draft)) {
          next(t, target);
          return;
        }
        break;
      case 'category': {
        if (t.ctx.categories.length === 0 || (!target.editing && draft.parts.length === 0)) {
          next(t, target);
          return;
        }
        giveGuidance(t, draft);
        if (!target.choosing) {
          const suggested = rankTopics(draft.parts.join(' '), t.ctx.categories)[0];
          setStep(t, {
            ...target,
            suggestedId: suggested?.id ?? null,
            choosing: suggested === undefined,
          });
          prompt(t);
          return;
        }
        break;
      }
      case 'media':
        if (!target.editing && draft.media.length + draft.pending.media.length > 0) {
          next(t, target);
          return;
        }
        break;
      case 'place':
        if (!target.editing && (draft.areaId !== null || draft.location !== null || draft.address !== null)) {
          next(t, target);
          return;
        }
        break;
      case 'area':
        if (t.ctx.areas.length === 0) {
          next(t, target);
          return;
        }
        break;
      case 'summary':
        if (draft.phone === null && t.ctx.knownPhone && consentStatus(t) === 'granted') {
          // The phone given with consent for an earlier report: not asked again.
          draft.phone = t.ctx.knownPhone;
          markConsentUsed(t, draft);
        }
        break;
      default:
        break;
    }
  }
  setStep(t, target);
  prompt(t);
}

export function goToMenu(t: Turn): void {
  t.state.step = { kind: 'menu' };
  prompt(t);
}

/** Back to where the resident was in the kept draft. */
export function resumeDraft(t: Turn): void {
  const draft = t.state.draft;
  if (draft === null) {
    goToMenu(t);
    return;
  }
  const at = draft.resumeAt;
  enter(t, at.kind === 'confirmCancel' ? at.back : at);
}

export function submit(t: Turn): void {
  const draft = requireDraft(t);
  // The confirmation that follows says it all ("Dạ, phản ánh đã được gửi…"); nothing goes out before it.
  t.leads = [];
  t.effects.push({ type: 'createCase', draft: caseDraft(draft) });
  t.state.step = { kind: 'submitting' };
}

/** Complaint, denunciation, crime-tip and procedure guidance, once per draft, when the words show it. */
export function giveGuidance(t: Turn, draft: Draft): void {
  const { caseType } = triage(draft.parts.join('\n'));
  if (caseType === 'feedback' || caseType === 'emergency' || draft.guidanceShown.includes(caseType)) return;
  draft.guidanceShown.push(caseType);
  const communeName = t.ctx.communeName;
  switch (caseType) {
    case 'complaint':
      say(t, 'triage.complaint', { communeName });
      return;
    case 'denunciation':
      say(t, 'triage.denunciation', { communeName });
      return;
    case 'crime_tip':
      say(t, 'triage.crimeTip', { communeName });
      return;
    case 'procedure':
      say(t, 'triage.procedure', { communeName });
      return;
    default:
      assertNever(caseType);
  }
}

// ── Prompts ──

/** Sends what the current step asks. `again`: a repeat, asked briefly and without a second share-phone card. */
export function prompt(t: Turn, options: { again?: boolean } = {}): void {
  const step = t.state.step;
  const draft = t.state.draft;
  switch (step.kind) {
    case 'menu':
      // The greeting carries the menu's buttons.
      if (t.greeted && t.leads.length === 0) return;
      say(t, draft === null ? 'conv.menu' : 'conv.menu.withDraft', {}, menuButtons(t));
      return;
    case 'resume':
      say(
        t,
        'conv.resume.prompt',
        { excerpt: draft === null ? '' : draftExcerpt(t, draft) },
        resumeButtons(t),
      );
      return;
    case 'which':
      say(t, 'conv.which.prompt', { code: step.code }, whichButtons(t, step.code));
      return;
    case 'emergencyPlace':
      say(t, 'conv.emergency.where', {}, [button(t, 'btn.skip')]);
      return;
    case 'submitting':
      say(t, 'conv.submit.pending', {}, [button(t, 'btn.lookup'), button(t, 'btn.menu')]);
      return;
    case 'consent':
      say(t, 'conv.consent.ask', { communeName: t.ctx.communeName }, consentButtons(t));
      return;
    case 'confirmCancel':
      say(t, 'conv.cancel.confirm', { excerpt: draft === null ? '' : draftExcerpt(t, draft) }, [
        button(t, 'btn.cancelConfirm'),
        button(t, 'btn.keepWriting'),
      ]);
      return;
    case 'describe':
      say(t, step.editing && draft?.parts.length === 0 ? 'conv.describe.edit' : 'conv.describe.prompt', {});
      return;
    case 'category':
      promptCategory(t, step);
      return;
    case 'media':
      say(t, step.editing ? 'conv.media.edit' : 'conv.media.prompt', {}, stepButtons(t));
      return;
    case 'place':
      promptPlace(t, options.again === true);
      return;
    case 'area':
      say(t, 'conv.area.prompt', { list: numberedList(t, t.ctx.areas) }, stepButtons(t));
      return;
    case 'summary':
      promptSummary(t, draft, options.again === true);
      return;
    case 'editField':
      say(t, 'conv.edit.prompt', {}, stepButtons(t));
      return;
    default:
      assertNever(step);
  }
}

function promptCategory(t: Turn, step: Extract<WizardStep, { kind: 'category' }>): void {
  const suggested = t.ctx.categories.find((category) => category.id === step.suggestedId);
  if (!step.choosing && suggested !== undefined) {
    say(t, 'conv.category.suggest', { category: suggested.name }, stepButtons(t));
    return;
  }
  say(t, 'conv.category.choose', { list: numberedList(t, t.ctx.categories) }, stepButtons(t));
}

/** The likeliest categories for the words so far (the rejected suggestion last), then the menu's order. */
export function likelyCategories(t: Turn, step: Extract<WizardStep, { kind: 'category' }>): NamedItem[] {
  const ranked = rankTopics(t.state.draft?.parts.join(' ') ?? '', t.ctx.categories);
  const rest = t.ctx.categories.filter((category) => !ranked.includes(category));
  const ordered = [...ranked.filter((c) => c.id !== step.suggestedId), ...rest];
  return ordered.slice(0, LIKELY_CATEGORY_BUTTONS);
}

/** The group to offer first at the place question: one the words name, else the resident's last one. */
export function suggestedArea(t: Turn): NamedItem | null {
  const draft = t.state.draft;
  const mentioned = draft === null ? null : areaMentioned(draft.parts.join(' '), t.ctx.areas);
  return mentioned ?? t.ctx.areas.find((area) => area.id === t.state.lastAreaId) ?? null;
}

function promptPlace(t: Turn, again: boolean): void {
  const hasAreas = t.ctx.areas.length > 0;
  if (again) {
    if (hasAreas) say(t, 'conv.place.again', { exampleArea: exampleArea(t) }, stepButtons(t));
    else say(t, 'conv.place.againNoAreas', {}, stepButtons(t));
    return;
  }
  if (hasAreas) say(t, 'conv.place.prompt', { exampleArea: exampleArea(t) }, stepButtons(t));
  else say(t, 'conv.place.promptNoAreas', {}, stepButtons(t));
}

/** Whether the summary asks for a phone: none yet, and the resident has not refused personal data for it. */
export function asksPhone(t: Turn, draft: Draft): boolean {
  return draft.phone === null && consentStatus(t) !== 'declined';
}

function promptSummary(t: Turn, draft: Draft | null, again: boolean): void {
  if (draft === null) return;
  const askPhone = asksPhone(t, draft);
  const none = render(t, 'conv.summary.none', {});
  const area = t.ctx.areas.find((candidate) => candidate.id === draft.areaId);
  const where = [
    draft.location === null ? null : render(t, 'conv.summary.pin', {}),
    draft.address,
    area?.name ?? null,
  ].filter((part): part is string => part !== null);
  const category = t.ctx.categories.find((candidate) => candidate.id === draft.categoryId);
  const description =
    excerpt(draft.parts.join(' '), SUMMARY_EXCERPT_CHARS) ||
    (draft.media.some((m) => m.kind === 'audio' || m.kind === 'video')
      ? render(t, 'conv.summary.voiceOnly', {})
      : none);
  const lines = [
    ...(t.ctx.categories.length > 0
      ? [
          render(t, 'conv.summary.category', {
            value: category?.name ?? render(t, 'conv.summary.noCategory', {}),
          }),
        ]
      : []),
    render(t, 'conv.summary.description', { value: description }),
    render(t, 'conv.summary.media', { value: mediaSummary(t, draft.media) || none }),
    render(t, 'conv.summary.place', { value: where.length > 0 ? where.join('; ') : none }),
    ...(draft.phone === null
      ? []
      : [render(t, 'conv.summary.phone', { value: formatPhoneLocal(draft.phone) })]),
  ];
  say(
    t,
    'conv.summary',
    {
      details: lines.join('\n'),
      ask: render(t, askPhone ? 'conv.summary.askPhone' : 'conv.summary.askSend', {}),
    },
    stepButtons(t),
  );
  if (askPhone && !again) {
    t.effects.push({
      type: 'requestUserInfo',
      title: render(t, 'conv.userInfo.title', {}),
      subtitle: render(t, 'conv.userInfo.subtitle', { communeName: t.ctx.communeName }),
    });
  }
}

/** "1. Name" lines, cut to a character budget with "… and N more". */
export function numberedList(t: Turn, items: readonly { name: string }[]): string {
  const lines: string[] = [];
  let used = 0;
  for (const [index, item] of items.entries()) {
    const line = `${index + 1}. ${item.name}`;
    if (used + line.length + 1 > LIST_BUDGET_CHARS) {
      lines.push(render(t, 'conv.list.more', { count: items.length - index }));
      break;
    }
    lines.push(line);
    used += line.length + 1;
  }
  return lines.join('\n');
}

// ── Buttons ──

export function menuButtons(t: Turn): Button[] {
  return [
    button(t, t.state.draft === null ? 'btn.feedback' : 'btn.continueDraft'),
    button(t, 'btn.lookup'),
    button(t, 'btn.help'),
  ];
}

export function resumeButtons(t: Turn): Button[] {
  return [button(t, 'btn.resume'), button(t, 'btn.startOver'), button(t, 'btn.cancel')];
}

export function whichButtons(t: Turn, code: string): Button[] {
  const addTo = render(t, 'btn.addTo', { code });
  return [titled(addTo), button(t, 'btn.newReport')];
}

export function consentButtons(t: Turn): Button[] {
  return [
    button(t, 'btn.agree'),
    button(t, 'btn.decline'),
    { title: render(t, 'btn.notice', {}), url: t.ctx.consent.noticeUrl },
  ];
}

export function afterFilingButtons(t: Turn): Button[] {
  return [button(t, 'btn.lookup'), button(t, 'btn.feedback')];
}

/** The buttons of the current step, for acknowledgements that stay on it. */
export function stepButtons(t: Turn): Button[] {
  const step = t.state.step;
  switch (step.kind) {
    case 'menu':
      return menuButtons(t);
    case 'resume':
      return resumeButtons(t);
    case 'which':
      return whichButtons(t, step.code);
    case 'emergencyPlace':
      return [button(t, 'btn.skip')];
    case 'submitting':
      return [button(t, 'btn.lookup'), button(t, 'btn.menu')];
    case 'consent':
      return consentButtons(t);
    case 'confirmCancel':
      return [button(t, 'btn.cancelConfirm'), button(t, 'btn.keepWriting')];
    case 'describe':
      return [];
    case 'category':
      if (!step.choosing && step.suggestedId !== null) {
        return [button(t, 'btn.categoryYes'), button(t, 'btn.categoryOther')];
      }
      return [
        ...likelyCategories(t, step).map((category) => titled(category.name)),
        button(t, 'btn.categoryUnsure'),
      ];
    case 'media':
      return [button(t, 'btn.noMedia')];
    case 'place': {
      const area = suggestedArea(t);
      return [
        ...(area === null ? [] : [titled(area.name)]),
        ...(t.ctx.areas.length > 0 ? [button(t, 'btn.pickArea')] : []),
        button(t, 'btn.skip'),
      ];
    }
    case 'area':
      return [button(t, 'btn.skip')];
    case 'summary':
      return [button(t, 'btn.send'), button(t, 'btn.edit'), button(t, 'btn.cancel')];
    case 'editField':
      return [
        button(t, 'btn.field.category'),
        button(t, 'btn.field.description'),
        button(t, 'btn.field.photos'),
        button(t, 'btn.field.location'),
        button(t, 'btn.field.phone'),
      ];
    default:
      return assertNever(step);
  }
}

/** A helpful answer for what the bot cannot use, then what the current step asks (never silence). */
export function notUnderstood(t: Turn, key: PlainKey): void {
  if (!t.greeted) t.leads.push({ key });
  prompt(t, { again: true });
}

/** The consent question for data that arrived at `at`; `then` is where agreeing leads. */
export function consentFor(
  then: ConsentStep['then'],
  otherwise: ConsentStep['otherwise'],
  options: { submit?: boolean; relayTo?: string | null } = {},
): ConsentStep {
  return {
    kind: 'consent',
    then,
    otherwise,
    submit: options.submit ?? false,
    relayTo: options.relayTo ?? null,
  };
}
