import { cleanText } from '../text/normalize';
import { parsePhone } from '../text/phone';
import { addAndAcknowledge, isEmptyDraft } from './draft';
import {
  enter,
  goToMenu,
  isDraftStep,
  notUnderstood,
  previous,
  prompt,
  requireDraft,
  resumeDraft,
  setStep,
  startReport,
  stepButtons,
} from './flow';
import { codeLookup, firstIntent, isMeaningful, type Intent } from './intents';
import { receiveContact, receiveLocation, receiveMedia, relayHeld } from './personal';
import { residentConsents } from './draft';
import { areaNamed, leadingPosterCode } from './places';
import { emergencySignals } from './triage';
import { ack, assertNever, excerpt, flushLeads, type Turn } from './turn';
import type { ConversationState, Ctx, Input, Media, NamedItem, StepResult } from './types';
import { greet, onCaseCreated, onCaseLoaded, onCasesLoaded, onHello } from './steps/answers';
import { askCancel, onConfirmCancelText, restore } from './steps/cancel';
import { onCategoryText } from './steps/category';
import { onConsentText, withdrawConsent } from './steps/consent';
import { onAlerted, onEmergencyPin, onEmergencyPlaceText, onEmergencyText } from './steps/emergency';
import { isReport, onMenuText, onResumeText, onWhichText, showHelp } from './steps/menu';
import { onAreaText, onPlaceText } from './steps/place';
import { onDescribeText, onMediaText } from './steps/report';
import { onEditFieldText, onSummaryText } from './steps/summary';

export {
  DESCRIPTION_MAX_CHARS,
  MAX_MEDIA,
  MAX_BUTTONS,
  ADDRESS_MAX_CHARS,
  ALERT_EXCERPT_CHARS,
  excerpt,
} from './turn';
export { caseDraft } from './draft';
export { formatDate } from './steps/answers';

/**
 * The resident conversation as one pure function: (state, input, ctx) → (state, effects). This file is the entry
 * and the order of handling; each step (or family of steps) has its file in `steps/`, the way through a report is
 * `flow.ts`, personal data is `personal.ts`. Order of handling for a resident's event:
 *   1. words of danger now: the emergency is filed at once (steps/emergency.ts);
 *   2. a Zalo quote-reply to a message about a case: the words go to that case;
 *   3. first contact: a greeting (or, when the first message is the report, a thank-you opening the answer);
 *   4. idle longer than ctx.idleTimeoutMs in the middle of a report: polite reset, draft kept, offer to resume;
 *   5. a poster code or a group's name, at any step: the report's place;
 *   6. global intents (withdraw consent, cancel (asks first), restore, back, menu, help, look-up, a case code,
 *      send feedback, greeting);
 *   7. the current step.
 * The app's answers to effects (caseCreated, alerted, casesLoaded, caseLoaded) and follow/unfollow/chat-now are
 * handled before all that. Nothing the resident sends goes unanswered, except unfollow (Zalo cannot deliver then).
 */

export function initialState(now: Date): ConversationState {
  return {
    schema: 2,
    step: { kind: 'menu' },
    draft: null,
    held: null,
    cancelled: null,
    lastAreaId: null,
    lastActivityAt: now.toISOString(),
    followed: true,
  };
}

export function step(previousState: ConversationState | null, input: Input, ctx: Ctx): StepResult {
  const t: Turn = {
    state: previousState === null ? initialState(ctx.now) : structuredClone(previousState),
    effects: [],
    ctx,
    greeted: false,
    firstContact: previousState === null,
    leads: [],
  };
  switch (input.kind) {
    case 'caseCreated':
      onCaseCreated(t, input.code, input.expectedResponseDays);
      break;
    case 'alerted':
      onAlerted(t, input.code, input.reached);
      break;
    case 'casesLoaded':
      onCasesLoaded(t, input.cases);
      break;
    case 'caseLoaded':
      onCaseLoaded(t, input.code, input.found);
      break;
    case 'unfollow':
      t.state.followed = false;
      break;
    case 'follow':
    case 'chatNow':
      onHello(t, previousState, previousState !== null && isIdle(previousState, ctx), input.kind);
      break;
    default:
      onResidentEvent(t, previousState, input);
  }
  flushLeads(t, stepButtons(t));
  return { state: t.state, effects: t.effects };
}

// ── Resident events ──

type ResidentInput = Exclude<
  Input,
  { kind: 'caseCreated' | 'alerted' | 'casesLoaded' | 'caseLoaded' | 'unfollow' | 'follow' | 'chatNow' }
>;

function onResidentEvent(t: Turn, previousState: ConversationState | null, input: ResidentInput): void {
  const idle = previousState !== null && isIdle(previousState, t.ctx);
  t.state.lastActivityAt = t.ctx.now.toISOString();
  t.state.followed = true;

  if (input.kind === 'text' && emergencySignals(input.text).length > 0) {
    onEmergencyText(t, input.text);
    return;
  }
  if (t.ctx.replyTo && quotesCase(t, input)) {
    relayQuoted(t, t.ctx.replyTo.code, input);
    return;
  }
  if (t.firstContact) welcome(t, input);
  if (idle && t.state.step.kind !== 'menu') {
    resetAfterIdle(t);
    // Only an explicit command goes on; anything else was meant for a step the resident no longer sees.
    if (input.kind !== 'text' || !isCommand(input.text, t.ctx)) return;
  }
  switch (input.kind) {
    case 'text':
      onText(t, input.text);
      return;
    case 'image':
      receiveMedia(t, {
        kind: 'photo',
        url: input.url,
        ...(input.thumbnailUrl === undefined ? {} : { thumbnailUrl: input.thumbnailUrl }),
      });
      return;
    case 'audio':
      receiveMedia(t, { kind: 'audio', url: input.url });
      return;
    case 'video':
      receiveMedia(t, {
        kind: 'video',
        url: input.url,
        ...(input.thumbnailUrl === undefined ? {} : { thumbnailUrl: input.thumbnailUrl }),
      });
      return;
    case 'file':
      receiveMedia(t, {
        kind: 'file',
        url: input.url,
        ...(input.name === undefined ? {} : { name: input.name }),
      });
      return;
    case 'location':
      if (!validLatLng(input.latitude, input.longitude)) {
        notUnderstood(t, 'conv.input.unsupported');
        return;
      }
      onLocation(t, { latitude: input.latitude, longitude: input.longitude });
      return;
    case 'submitInfo':
      onSubmitInfo(t, input.phone, input.name);
      return;
    case 'sticker':
    case 'gif':
      notUnderstood(t, 'conv.input.sticker');
      return;
    case 'link':
      notUnderstood(t, 'conv.input.link');
      return;
    case 'unsupported':
      notUnderstood(t, 'conv.input.unsupported');
      return;
    default:
      return assertNever(input);
  }
}

/** The first event ever: a report gets a thank-you opening the answer, anything else the greeting. */
function welcome(t: Turn, input: ResidentInput): void {
  const startsReport =
    input.kind === 'image' ||
    input.kind === 'audio' ||
    input.kind === 'video' ||
    input.kind === 'file' ||
    input.kind === 'location' ||
    (input.kind === 'text' &&
      areaNamed(input.text, t.ctx.areas) === null &&
      firstIntent(input.text, GLOBAL_INTENTS) === null &&
      codeLookup(input.text, t.ctx.casePrefix) === null &&
      isReport(t, input.text));
  if (startsReport) return;
  if (input.kind === 'text' && areaNamed(input.text, t.ctx.areas) !== null) {
    ack(t, 'conv.greeting.short', {});
    return;
  }
  greet(t);
}

function isIdle(state: ConversationState, ctx: Ctx): boolean {
  const last = Date.parse(state.lastActivityAt);
  return Number.isNaN(last) || ctx.now.getTime() - last > ctx.idleTimeoutMs;
}

function resetAfterIdle(t: Turn): void {
  const draft = t.state.draft;
  t.state.held = null;
  if (draft === null || isEmptyDraft(draft)) {
    t.state.draft = null;
    t.state.step = { kind: 'menu' };
    ack(t, 'conv.greeting.short', {});
    prompt(t);
    return;
  }
  t.state.step = { kind: 'resume' };
  t.leads.push({ key: 'conv.idle.reset', params: { excerpt: excerpt(draft.parts.join(' '), 80) } });
  flushLeads(t, stepButtons(t));
}

/** Commands that act whatever the step: they are honoured even right after an idle reset. */
const COMMANDS: readonly Intent[] = ['withdrawConsent', 'cancel', 'menu', 'help', 'lookup', 'restore'];

function isCommand(text: string, ctx: Ctx): boolean {
  return firstIntent(text, COMMANDS) !== null || codeLookup(text, ctx.casePrefix) !== null;
}

/** A quote-reply carries the resident's words or media about that case (not a command). */
function quotesCase(t: Turn, input: ResidentInput): boolean {
  switch (input.kind) {
    case 'text':
      return isMeaningful(input.text) && !isCommand(input.text, t.ctx);
    case 'image':
    case 'audio':
    case 'video':
    case 'file':
      return true;
    default:
      return false;
  }
}

/** Zalo's "Trả lời" on an update about a case: the words go to that case, whatever the step (issue 11). */
function relayQuoted(t: Turn, code: string, input: ResidentInput): void {
  const text = input.kind === 'text' ? cleanText(input.text) : null;
  const media: Media[] =
    input.kind === 'image'
      ? [{ kind: 'photo', url: input.url }]
      : input.kind === 'audio' || input.kind === 'video' || input.kind === 'file'
        ? [{ kind: input.kind, url: input.url }]
        : [];
  const inReport = isDraftStep(t.state.step);
  if (!inReport || (media.length > 0 && !residentConsents(t))) {
    t.state.held = { parts: text === null ? [] : [text], media };
    relayHeld(t, code);
    return;
  }
  // Inside a report: relayed, and the report goes on where it was.
  t.effects.push({ type: 'relayFollowUp', code, ...(text === null ? {} : { text }), media });
  ack(t, 'conv.followUp.relayed', { code });
  prompt(t, { again: true });
}

// ── Text ──

function onText(t: Turn, text: string): void {
  if (text.trim() === '') {
    notUnderstood(t, 'conv.input.empty');
    return;
  }
  const step = t.state.step;
  if (step.kind === 'emergencyPlace' && step.code !== '') {
    // "ở đâu?" is the only question: any answer but a command is the place.
    if (!onGlobalIntent(t, text)) onEmergencyPlaceText(t, step.code, text);
    return;
  }
  const area = areaNamed(text, t.ctx.areas);
  if (area !== null && step.kind !== 'area') {
    setArea(t, area);
    return;
  }
  const leading = leadingPosterCode(text, t.ctx.areas);
  if (leading !== null) {
    setArea(t, leading.area, leading.rest);
    return;
  }
  if (onGlobalIntent(t, text)) return;
  switch (step.kind) {
    case 'menu':
      onMenuText(t, text);
      return;
    case 'resume':
      onResumeText(t, text);
      return;
    case 'which':
      onWhichText(t, step.code, text);
      return;
    case 'emergencyPlace':
    case 'submitting':
      prompt(t);
      return;
    case 'consent':
      onConsentText(t, step, text);
      return;
    case 'confirmCancel':
      onConfirmCancelText(t, step, text);
      return;
    case 'describe':
      onDescribeText(t, step, text);
      return;
    case 'category':
      onCategoryText(t, step, text);
      return;
    case 'media':
      onMediaText(t, step, text);
      return;
    case 'place':
      onPlaceText(t, step, text);
      return;
    case 'area':
      onAreaText(t, step, text);
      return;
    case 'summary':
      onSummaryText(t, text);
      return;
    case 'editField':
      onEditFieldText(t, text);
      return;
    default:
      return assertNever(step);
  }
}

/**
 * A poster code or a group's name typed at any step sets the report's place (starting a report when there is
 * none): "TK6", "#tk6", "tk 6", "tiểu khu 6", "#QR-TK6". The rest of a "#TK6 …" message is the report's words.
 */
function setArea(t: Turn, area: NamedItem, rest?: string): void {
  t.state.lastAreaId = area.id;
  const step = t.state.step;
  const held = t.state.held;
  if (t.state.draft === null || !isDraftStep(step)) {
    if (t.state.draft === null) {
      startReport(t, held !== null && held.parts.length > 0 ? held.parts.join('\n') : null);
    }
    const draft = requireDraft(t);
    draft.areaId = area.id;
    ack(t, 'conv.place.area', { area: area.name });
    if (rest !== undefined && rest !== '') addAndAcknowledge(t, draft, rest, false);
    if (held !== null && held.media.length > 0) draft.pending.media.push(...held.media);
    resumeDraft(t);
    return;
  }
  const draft = requireDraft(t);
  draft.areaId = area.id;
  ack(t, 'conv.place.area', { area: area.name });
  if (rest !== undefined && rest !== '') addAndAcknowledge(t, draft, rest);
  if (step.kind === 'place' || step.kind === 'area') {
    enter(t, { kind: 'summary' });
    return;
  }
  prompt(t, { again: true });
}

const GLOBAL_INTENTS: readonly Intent[] = [
  'withdrawConsent',
  'cancel',
  'restore',
  'back',
  'menu',
  'help',
  'lookup',
  'continueDraft',
  'feedback',
  'greeting',
];

/** Intents that work at any step. Returns whether the text was one. */
function onGlobalIntent(t: Turn, text: string): boolean {
  const intent = firstIntent(text, GLOBAL_INTENTS);
  if (intent === null) {
    const code = codeLookup(text, t.ctx.casePrefix);
    if (code === null) return false;
    t.state.step = { kind: 'menu' };
    t.effects.push({ type: 'loadCase', code });
    return true;
  }
  const step = t.state.step;
  switch (intent) {
    case 'withdrawConsent':
      withdrawConsent(t);
      return true;
    case 'cancel':
      askCancel(t);
      return true;
    case 'restore':
      restore(t);
      return true;
    case 'back': {
      const before =
        isDraftStep(step) && step.kind !== 'consent' && step.kind !== 'confirmCancel' ? previous(step) : null;
      if (before !== null) enter(t, before);
      else goToMenu(t);
      return true;
    }
    case 'menu':
      t.state.held = null;
      goToMenu(t);
      return true;
    case 'help':
      showHelp(t);
      return true;
    case 'lookup':
      t.state.step = { kind: 'menu' };
      t.effects.push({ type: 'loadMyCases' });
      return true;
    case 'continueDraft':
    case 'feedback':
      if (isDraftStep(step)) {
        prompt(t);
      } else if (t.state.draft !== null) {
        if (intent === 'continueDraft' || isEmptyDraft(t.state.draft)) resumeDraft(t);
        else enter(t, { kind: 'resume' });
      } else {
        startReport(t, null);
        enter(t, { kind: 'describe', editing: false });
      }
      return true;
    case 'greeting':
      if (!t.greeted) ack(t, 'conv.greeting.short', {});
      prompt(t, { again: true });
      return true;
    default:
      return false;
  }
}

// ── Location, shared contact ──

function onLocation(t: Turn, location: { latitude: number; longitude: number }): void {
  const step = t.state.step;
  if (step.kind === 'emergencyPlace' && step.code !== '') {
    onEmergencyPin(t, step.code, location);
    return;
  }
  if (step.kind === 'which') {
    // A place is a new report's place.
    const held = t.state.held;
    startReport(t, held !== null && held.parts.length > 0 ? held.parts.join('\n') : null);
  }
  receiveLocation(t, location);
}

function onSubmitInfo(t: Turn, phone: string | undefined, name: string | undefined): void {
  const parsed = phone === undefined ? null : parsePhone(phone);
  const cleanName = name === undefined ? null : excerpt(cleanText(name), 100) || null;
  if (t.state.draft === null) {
    ack(t, 'conv.userInfo.unused', {});
    prompt(t);
    return;
  }
  if (parsed?.ok !== true) {
    ack(t, 'conv.userInfo.noPhone', {});
    if (!isDraftStep(t.state.step)) setStep(t, t.state.draft.resumeAt);
    prompt(t, { again: true });
    return;
  }
  if (!isDraftStep(t.state.step)) setStep(t, t.state.draft.resumeAt);
  receiveContact(t, parsed.e164, cleanName);
}

function validLatLng(latitude: number, longitude: number): boolean {
  return (
    Number.isFinite(latitude) &&
    Number.isFinite(longitude) &&
    Math.abs(latitude) <= 90 &&
    Math.abs(longitude) <= 180 &&
    !(latitude === 0 && longitude === 0)
  );
}
