import { formatCaseCode } from '../case/code';
import { isTextKey, renderText, type ParamsFor, type TextKey, type TextParamName } from '../text/catalog';
import { cleanText, matchForm, truncate } from '../text/normalize';
import { findPhone, formatPhoneLocal, parsePhone, type PhoneParse } from '../text/phone';
import {
  anyCode,
  codeLookup,
  firstIntent,
  isMeaningful,
  matches,
  matchOption,
  pickNumber,
  stripFillers,
  wordCount,
  type Intent,
} from './intents';
import { emergencySignals, triage, type CaseType } from './triage';
import type {
  Button,
  CaseDraft,
  CaseSummary,
  ConsentStep,
  ConversationState,
  Ctx,
  Draft,
  DraftStep,
  Effect,
  Input,
  LatLng,
  Photo,
  Step,
  StepResult,
  WizardStep,
} from './types';

/**
 * The resident conversation as one pure function: (state, input, ctx) → (state, effects). Every state and
 * transition is in this file. Order of handling for a resident's event:
 *   1. emergency words: alert the on-duty leaders (first effect), give 113/114/115, keep the text in a draft;
 *   2. first contact: greeting;
 *   3. idle longer than ctx.idleTimeoutMs in the middle of a report: polite reset, draft kept, offer to resume;
 *   4. global intents (withdraw consent, cancel, back, menu, help, look-up, a case code, send feedback, greeting);
 *   5. the current step.
 * The app's answers to effects (caseCreated, casesLoaded, caseLoaded) and follow/unfollow/chat-now are handled
 * before all that. Nothing the resident sends goes unanswered, except unfollow (Zalo cannot deliver then).
 */

/** Longer descriptions are cut here, with a note to the resident (the case keeps a readable text). */
export const DESCRIPTION_MAX_CHARS = 3000;
export const MAX_PHOTOS = 10;
/** Buttons per message; more options are offered as a numbered list. */
export const MAX_BUTTONS = 5;
export const ADDRESS_MAX_CHARS = 300;
export const ALERT_EXCERPT_CHARS = 300;
const SUMMARY_EXCERPT_CHARS = 300;
const RESUME_EXCERPT_CHARS = 80;
const ANSWER_EXCERPT_CHARS = 160;
const LOOKUP_MAX_CASES = 5;
/** A numbered list longer than this (characters) is cut with "… and N more: type the name". */
const LIST_BUDGET_CHARS = 1200;
/** A text at the menu with this many words is taken as the start of a report, not as a command. */
const REPORT_MIN_WORDS = 4;

export function initialState(now: Date): ConversationState {
  return {
    schema: 1,
    step: { kind: 'menu' },
    draft: null,
    lastActivityAt: now.toISOString(),
    followed: true,
  };
}

/** Keys whose template takes no parameter. */
type PlainKey = { [K in TextKey]: [TextParamName<K>] extends [never] ? K : never }[TextKey];

interface Turn {
  state: ConversationState;
  effects: Effect[];
  ctx: Ctx;
  /** The full greeting was sent in this turn: skip "not understood" in favour of the plain prompt. */
  greeted: boolean;
}

export function step(previous: ConversationState | null, input: Input, ctx: Ctx): StepResult {
  const t: Turn = {
    state: previous === null ? initialState(ctx.now) : structuredClone(previous),
    effects: [],
    ctx,
    greeted: false,
  };
  switch (input.kind) {
    case 'caseCreated':
      onCaseCreated(t, input.code, input.expectedResponseDays);
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
      onHello(t, previous, input.kind);
      break;
    default:
      onResidentEvent(t, previous, input);
  }
  return { state: t.state, effects: t.effects };
}

// ── Resident events ──

type ResidentInput = Exclude<
  Input,
  { kind: 'caseCreated' | 'casesLoaded' | 'caseLoaded' | 'unfollow' | 'follow' | 'chatNow' }
>;

function onResidentEvent(t: Turn, previous: ConversationState | null, input: ResidentInput): void {
  const idle = previous !== null && isIdle(previous, t.ctx);
  t.state.lastActivityAt = t.ctx.now.toISOString();
  t.state.followed = true;

  if (input.kind === 'text') {
    const signals = emergencySignals(input.text);
    if (signals.length > 0) {
      onEmergency(t, input.text);
      return;
    }
  }
  if (previous === null) {
    say(t, 'conv.greeting', { communeName: t.ctx.communeName });
    t.greeted = true;
  }
  if (idle && t.state.step.kind !== 'menu') {
    resetAfterIdle(t);
    // Only an explicit command goes on; anything else was meant for a step the resident no longer sees.
    if (input.kind !== 'text' || !isCommand(input.text, t.ctx)) return;
  }
  if (input.kind === 'text') {
    onText(t, input.text);
    return;
  }
  switch (input.kind) {
    case 'image':
      receivePhoto(
        t,
        input.thumbnailUrl === undefined
          ? { url: input.url }
          : { url: input.url, thumbnailUrl: input.thumbnailUrl },
      );
      return;
    case 'location':
      if (validLatLng(input.latitude, input.longitude)) {
        receiveLocation(t, { latitude: input.latitude, longitude: input.longitude });
      } else {
        notUnderstood(t, 'conv.input.unsupported');
      }
      return;
    case 'submitInfo':
      onSubmitInfo(t, input.phone, input.name);
      return;
    case 'sticker':
    case 'gif':
      notUnderstood(t, 'conv.input.sticker');
      return;
    case 'file':
      notUnderstood(t, 'conv.input.file');
      return;
    case 'link':
      notUnderstood(t, 'conv.input.link');
      return;
    case 'audio':
      notUnderstood(t, 'conv.input.audio');
      return;
    case 'video':
      notUnderstood(t, 'conv.input.video');
      return;
    case 'unsupported':
      notUnderstood(t, 'conv.input.unsupported');
      return;
    default:
      return assertNever(input);
  }
}

function isIdle(state: ConversationState, ctx: Ctx): boolean {
  const last = Date.parse(state.lastActivityAt);
  return Number.isNaN(last) || ctx.now.getTime() - last > ctx.idleTimeoutMs;
}

function resetAfterIdle(t: Turn): void {
  const draft = t.state.draft;
  if (draft === null || isEmptyDraft(draft)) {
    t.state.draft = null;
    t.state.step = { kind: 'menu' };
    say(t, 'conv.greeting.short', {});
    prompt(t);
    return;
  }
  t.state.step = { kind: 'resume' };
  say(t, 'conv.idle.reset', { excerpt: draftExcerpt(t, draft) }, resumeButtons(t));
}

/** Commands that act whatever the step: they are honoured even right after an idle reset. */
const COMMANDS: readonly Intent[] = ['withdrawConsent', 'cancel', 'menu', 'help', 'lookup'];

function isCommand(text: string, ctx: Ctx): boolean {
  return firstIntent(text, COMMANDS) !== null || codeLookup(text, ctx.casePrefix) !== null;
}

function onEmergency(t: Turn, text: string): void {
  t.effects.push({
    type: 'alertOnDuty',
    reason: 'emergency',
    excerpt: excerpt(cleanText(text), ALERT_EXCERPT_CHARS),
  });
  say(t, 'triage.emergency', { communeName: t.ctx.communeName });
  const stepKind = t.state.step.kind;
  const draft = t.state.draft;
  if (draft === null) {
    startReport(t, text);
    if (t.state.draft !== null) t.state.draft.emergency = true;
    return;
  }
  if (stepKind === 'submitting') {
    prompt(t);
    return;
  }
  draft.emergency = true;
  if (stepKind === 'description') {
    acknowledgeText(t, addText(draft, text));
    return;
  }
  acknowledgeText(t, addText(draft, text), false);
  say(t, 'conv.description.appended', {});
  if (isDraftStep(t.state.step)) prompt(t, { again: true });
  else resumeDraft(t);
}

// ── Text ──

function onText(t: Turn, text: string): void {
  if (text.trim() === '') {
    notUnderstood(t, 'conv.input.empty');
    return;
  }
  if (onGlobalIntent(t, text)) return;
  const step = t.state.step;
  switch (step.kind) {
    case 'menu':
      onMenuText(t, text);
      return;
    case 'resume':
      onResumeText(t, text);
      return;
    case 'submitting':
      say(t, 'conv.submit.pending', {}, [button(t, 'btn.lookup'), button(t, 'btn.menu')]);
      return;
    case 'consent':
      onConsentText(t, step, text);
      return;
    case 'category':
      onCategoryText(t, step, text);
      return;
    case 'description':
      onDescriptionText(t, step, text);
      return;
    case 'photos':
      onPhotosText(t, step, text);
      return;
    case 'location':
      onLocationText(t, step, text);
      return;
    case 'area':
      onAreaText(t, step, text);
      return;
    case 'phone':
      onPhoneText(t, step, text);
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

const GLOBAL_INTENTS: readonly Intent[] = [
  'withdrawConsent',
  'cancel',
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
    lookUpCode(t, code);
    return true;
  }
  switch (intent) {
    case 'withdrawConsent':
      withdrawConsent(t);
      return true;
    case 'cancel':
      cancel(t);
      return true;
    case 'back':
      if (t.state.step.kind === 'editField') enter(t, { kind: 'summary' });
      else goToMenu(t);
      return true;
    case 'menu':
      goToMenu(t);
      return true;
    case 'help':
      say(t, 'conv.help', { exampleCode: exampleCode(t) });
      prompt(t);
      return true;
    case 'lookup':
      leaveForMenu(t);
      t.effects.push({ type: 'loadMyCases' });
      return true;
    case 'continueDraft':
    case 'feedback':
      if (isDraftStep(t.state.step)) {
        prompt(t);
      } else if (t.state.draft !== null) {
        if (intent === 'continueDraft' || isEmptyDraft(t.state.draft)) resumeDraft(t);
        else enter(t, { kind: 'resume' });
      } else {
        startReport(t, null);
      }
      return true;
    case 'greeting':
      if (!t.greeted) say(t, 'conv.greeting.short', {});
      prompt(t);
      return true;
    default:
      return false;
  }
}

function goToMenu(t: Turn): void {
  leaveForMenu(t);
  prompt(t);
}

/** The menu keeps the draft: "send feedback" offers to resume it. */
function leaveForMenu(t: Turn): void {
  t.state.step = { kind: 'menu' };
}

function lookUpCode(t: Turn, code: string): void {
  leaveForMenu(t);
  t.effects.push({ type: 'loadCase', code });
}

function cancel(t: Turn): void {
  const hadReport = t.state.draft !== null || t.state.step.kind !== 'menu';
  t.state.draft = null;
  t.state.step = { kind: 'menu' };
  say(t, hadReport ? 'conv.cancelled' : 'conv.cancelled.nothing', {});
  prompt(t);
}

function withdrawConsent(t: Turn): void {
  t.effects.push({ type: 'withdrawConsent' });
  say(t, 'conv.consent.withdrawn', {});
  const draft = t.state.draft;
  if (draft !== null) {
    const hadData = dropPersonalData(draft);
    draft.consent = { version: t.ctx.consent.noticeVersion, granted: false };
    if (hadData) say(t, 'conv.consent.withdrawnDraft', {});
  }
  const step = t.state.step;
  switch (step.kind) {
    case 'photos':
    case 'location':
    case 'phone':
      enter(t, declinedAlternative(step));
      return;
    case 'consent':
      enter(t, step.otherwise);
      return;
    default:
      prompt(t);
  }
}

function onMenuText(t: Turn, text: string): void {
  const number = pickNumber(text);
  if (number === 1) {
    if (t.state.draft !== null) resumeDraft(t);
    else startReport(t, null);
    return;
  }
  if (number === 2) {
    t.effects.push({ type: 'loadMyCases' });
    return;
  }
  if (number === 3) {
    say(t, 'conv.help', { exampleCode: exampleCode(t) });
    prompt(t);
    return;
  }
  const code = anyCode(text, t.ctx.casePrefix);
  if (code !== null) {
    lookUpCode(t, code);
    return;
  }
  if (matches(text, 'thanks')) {
    // "cảm ơn", "ok", "vâng" after an answer: a polite word back, not "not understood".
    say(t, 'conv.thanks', {}, menuButtons(t));
    return;
  }
  if (isMeaningful(text) && t.state.draft === null && t.ctx.followUp) {
    relayFollowUp(t, t.ctx.followUp.code, { text: cleanText(text) });
    return;
  }
  if (isMeaningful(text) && wordCount(text) >= REPORT_MIN_WORDS) {
    if (t.state.draft !== null) {
      // A kept draft: this text continues it rather than silently replacing it.
      acknowledgeText(t, addText(t.state.draft, text), false);
      say(t, 'conv.description.appended', {});
      resumeDraft(t);
      return;
    }
    startReport(t, text);
    return;
  }
  notUnderstood(t, 'conv.unknown');
}

function onResumeText(t: Turn, text: string): void {
  const number = pickNumber(text);
  const intent = firstIntent(text, ['resume', 'startOver']);
  if (intent === 'resume' || number === 1) {
    resumeDraft(t);
  } else if (intent === 'startOver' || number === 2) {
    t.state.draft = null;
    startReport(t, null);
  } else {
    notUnderstood(t, 'conv.unknown');
  }
}

function onConsentText(t: Turn, step: ConsentStep, text: string): void {
  const number = pickNumber(text);
  const intent = firstIntent(text, ['yes', 'no']);
  if (intent === 'yes' || number === 1) {
    decideConsent(t, step, true);
  } else if (intent === 'no' || number === 2) {
    decideConsent(t, step, false);
  } else if (isMeaningful(text) && wordCount(text) >= REPORT_MIN_WORDS && t.state.draft !== null) {
    // More description while the notice waits: keep it, then ask again.
    acknowledgeText(t, addText(t.state.draft, text), false);
    say(t, 'conv.consent.ask', {}, consentButtons(t));
  } else {
    say(t, 'conv.consent.ask', {}, consentButtons(t));
  }
}

function decideConsent(t: Turn, step: ConsentStep, granted: boolean): void {
  const draft = requireDraft(t);
  const version = t.ctx.consent.noticeVersion;
  t.effects.push({ type: 'recordConsent', granted, noticeVersion: version });
  draft.consent = { version, granted };
  if (granted) {
    applyPending(draft);
    say(t, 'conv.consent.granted', {});
    enter(t, step.then);
    return;
  }
  const hadData = dropPersonalData(draft);
  if (hadData) say(t, 'conv.consent.pendingDiscarded', {});
  say(t, 'conv.consent.declined', {});
  enter(t, step.otherwise);
}

function onCategoryText(t: Turn, step: Extract<WizardStep, { kind: 'category' }>, text: string): void {
  const draft = requireDraft(t);
  const match = matchOption(text, t.ctx.categories);
  if (match.kind === 'one') {
    draft.categoryId = match.option.id;
    next(t, step);
    return;
  }
  if (match.kind === 'none' && isMeaningful(text) && wordCount(text) >= REPORT_MIN_WORDS) {
    // The resident went straight to describing: keep it and still ask for the category.
    acknowledgeText(t, addText(draft, text), false);
    say(t, 'conv.category.textKept', {});
    prompt(t);
    return;
  }
  say(t, 'conv.category.unknown', { max: t.ctx.categories.length }, categoryButtons(t));
}

function onDescriptionText(t: Turn, step: Extract<WizardStep, { kind: 'description' }>, text: string): void {
  const draft = requireDraft(t);
  if (firstIntent(text, ['done', 'skip']) !== null) {
    if (draft.parts.length === 0) {
      say(t, 'conv.description.empty', {}, stepButtons(t));
      return;
    }
    next(t, step);
    return;
  }
  if (!isMeaningful(text)) {
    notUnderstood(t, 'conv.unknown');
    return;
  }
  acknowledgeText(t, addText(draft, text));
}

function onPhotosText(t: Turn, step: Extract<WizardStep, { kind: 'photos' }>, text: string): void {
  if (firstIntent(text, ['done', 'skip']) !== null) {
    next(t, step);
    return;
  }
  if (isMeaningful(text) && pickNumber(text) === null) {
    // Words sent while we wait for photos belong to the description.
    acknowledgeText(t, addText(requireDraft(t), text), false);
    say(t, 'conv.description.appended', {}, stepButtons(t));
    return;
  }
  notUnderstood(t, 'conv.unknown');
}

function onLocationText(t: Turn, step: Extract<WizardStep, { kind: 'location' }>, text: string): void {
  const draft = requireDraft(t);
  const intent = firstIntent(text, ['pickArea', 'skip', 'done']);
  if (intent === 'pickArea') {
    enter(t, { kind: 'area', editing: step.editing });
    return;
  }
  if (intent !== null) {
    next(t, step);
    return;
  }
  const area = matchOption(text, t.ctx.areas);
  if (area.kind === 'one' && pickNumber(text) === null && wordCount(text) <= 4) {
    draft.areaId = area.option.id;
    say(t, 'conv.area.received', { area: area.option.name });
    next(t, step);
    return;
  }
  if (consentStatus(t) !== 'granted') {
    // A typed address is personal data too (often the resident's home).
    enter(t, consentFor(step));
    return;
  }
  const address = excerpt(cleanText(text), ADDRESS_MAX_CHARS);
  if (isVaguePlace(address)) {
    say(t, 'conv.location.addressTooShort', {}, stepButtons(t));
    return;
  }
  draft.address = address;
  if (area.kind === 'one') draft.areaId = area.option.id;
  markConsentUsed(t, draft);
  say(t, 'conv.location.addressReceived', { address });
  next(t, step);
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
  'here',
  'there',
]);

function isVaguePlace(address: string): boolean {
  const words = stripFillers(matchForm(address));
  return !/\p{L}/u.test(address) || words.replace(/[^a-z0-9]/g, '').length < 4 || VAGUE_PLACES.has(words);
}

function onAreaText(t: Turn, step: Extract<WizardStep, { kind: 'area' }>, text: string): void {
  if (firstIntent(text, ['skip', 'done']) !== null) {
    next(t, step);
    return;
  }
  const match = matchOption(text, t.ctx.areas);
  if (match.kind === 'one') {
    requireDraft(t).areaId = match.option.id;
    say(t, 'conv.area.received', { area: match.option.name });
    next(t, step);
    return;
  }
  say(t, 'conv.area.unknown', {}, stepButtons(t));
}

function onPhoneText(t: Turn, step: Extract<WizardStep, { kind: 'phone' }>, text: string): void {
  if (firstIntent(text, ['skip', 'done']) !== null) {
    next(t, step);
    return;
  }
  const parsed = findPhone(text);
  if (parsed.ok) {
    receiveContact(t, parsed.e164, null);
    return;
  }
  say(t, phoneProblemKey(parsed), {}, stepButtons(t));
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

function onSummaryText(t: Turn, text: string): void {
  const number = pickNumber(text);
  const intent = firstIntent(text, ['send', 'edit']);
  if (intent === 'send' || number === 1) {
    submit(t);
  } else if (intent === 'edit' || number === 2) {
    enter(t, { kind: 'editField' });
  } else if (number === 3) {
    cancel(t);
  } else {
    notUnderstood(t, 'conv.unknown');
  }
}

const FIELDS = [
  'field.category',
  'field.description',
  'field.photos',
  'field.location',
  'field.phone',
] as const;

function onEditFieldText(t: Turn, text: string): void {
  const draft = requireDraft(t);
  const number = pickNumber(text);
  const field = (number !== null ? FIELDS[number - 1] : undefined) ?? firstIntent(text, FIELDS);
  const granted = consentStatus(t) === 'granted';
  switch (field) {
    case 'field.category':
      enter(t, { kind: 'category', editing: true });
      return;
    case 'field.description':
      // The new text is triaged afresh; an alert already sent for the old one stays in the outbox.
      draft.parts = [];
      draft.truncated = false;
      draft.emergency = false;
      enter(t, { kind: 'description', editing: true });
      return;
    case 'field.photos':
      draft.photos = [];
      enter(t, granted ? { kind: 'photos', editing: true } : consentFor({ kind: 'photos', editing: true }));
      return;
    case 'field.location':
      draft.location = null;
      draft.address = null;
      draft.areaId = null;
      enter(
        t,
        granted ? { kind: 'location', editing: true } : consentFor({ kind: 'location', editing: true }),
      );
      return;
    case 'field.phone':
      draft.phone = null;
      draft.name = null;
      enter(t, granted ? { kind: 'phone', editing: true } : consentFor({ kind: 'phone', editing: true }));
      return;
    case null:
      notUnderstood(t, 'conv.unknown');
      return;
    default:
      return assertNever(field);
  }
}

function submit(t: Turn): void {
  const draft = requireDraft(t);
  t.effects.push({ type: 'createCase', draft: caseDraft(draft) });
  t.state.step = { kind: 'submitting' };
}

/** The case as filed: description joined, triaged now so edits count, consent version of the personal data. */
export function caseDraft(draft: Draft): CaseDraft {
  const description = draft.parts.join('\n');
  const result = triage(description);
  const caseType: CaseType = draft.emergency ? 'emergency' : result.caseType;
  const hasPersonalData =
    draft.photos.length > 0 || draft.location !== null || draft.phone !== null || draft.address !== null;
  return {
    categoryId: draft.categoryId,
    description,
    photos: draft.photos.map((photo) => ({ ...photo })),
    location: draft.location === null ? null : { ...draft.location },
    address: draft.address,
    areaId: draft.areaId,
    phone: draft.phone,
    name: draft.name,
    caseType,
    triageSignals:
      draft.emergency && result.caseType !== 'emergency'
        ? ['emergency:reported', ...result.signals]
        : result.signals,
    consentNoticeVersion: hasPersonalData && draft.consent?.granted === true ? draft.consent.version : null,
  };
}

// ── Photos, locations, contact: personal data, only with consent ──

type Personal =
  | { kind: 'photo'; photo: Photo }
  | { kind: 'location'; location: LatLng }
  | { kind: 'contact'; phone: string; name: string | null };

function receivePhoto(t: Turn, photo: Photo): void {
  if (t.state.step.kind === 'menu' && t.state.draft === null && t.ctx.followUp) {
    relayFollowUp(t, t.ctx.followUp.code, { photo });
    return;
  }
  receivePersonal(t, { kind: 'photo', photo });
}

/**
 * A resident writing while staff work on their case is usually answering them (issue 4: follow-ups reach the
 * assigned officers). It is relayed, and a button still lets them start a new report instead.
 */
function relayFollowUp(t: Turn, code: string, content: { text?: string; photo?: Photo }): void {
  t.effects.push({ type: 'relayFollowUp', code, ...content });
  say(t, 'conv.followUp.relayed', { code }, [button(t, 'btn.feedback'), button(t, 'btn.menu')]);
}

function receiveLocation(t: Turn, location: LatLng): void {
  receivePersonal(t, { kind: 'location', location });
}

function receiveContact(t: Turn, phone: string, name: string | null): void {
  receivePersonal(t, { kind: 'contact', phone, name });
}

function onSubmitInfo(t: Turn, phone: string | undefined, name: string | undefined): void {
  const parsed = phone === undefined ? null : parsePhone(phone);
  const cleanName = name === undefined ? null : excerpt(cleanText(name), 100) || null;
  if (t.state.draft === null && t.state.step.kind !== 'phone') {
    say(t, 'conv.userInfo.unused', {});
    prompt(t);
    return;
  }
  if (parsed?.ok !== true) {
    if (t.state.step.kind === 'phone') say(t, 'conv.userInfo.noPhone', {}, stepButtons(t));
    else notUnderstood(t, 'conv.userInfo.unused');
    return;
  }
  receiveContact(t, parsed.e164, cleanName);
}

/** Steps where the consent notice is still to come in the normal flow: data received there waits for it. */
function noticeComesLater(step: Step): boolean {
  return step.kind === 'category' || step.kind === 'description' || step.kind === 'consent';
}

function receivePersonal(t: Turn, item: Personal): void {
  if (t.state.step.kind === 'submitting') {
    prompt(t);
    return;
  }
  let draft = t.state.draft;
  let started = false;
  if (draft === null) {
    draft = newDraft(t);
    t.state.draft = draft;
    setStep(
      t,
      t.ctx.categories.length > 0
        ? { kind: 'category', editing: false }
        : { kind: 'description', editing: false },
    );
    started = true;
  } else if (!isDraftStep(t.state.step)) {
    // At the menu with a kept draft: the photo or location belongs to it.
    resumeDraftQuietly(t);
    started = true;
  }
  const status = consentStatus(t);
  const step = t.state.step;
  if (status === 'granted') {
    storePersonal(t, draft, item, started);
    return;
  }
  holdPending(t, draft, item);
  if (status === 'unknown' && noticeComesLater(step)) {
    say(t, pendingKey(item), {}, started ? undefined : stepButtons(t));
    if (started) prompt(t);
    return;
  }
  // Declined for this draft, or a step past the notice: ask now, then come back here.
  say(t, pendingKey(item), {});
  if (step.kind !== 'consent' && isDraftStep(step)) enter(t, consentFor(step));
  else prompt(t);
}

function pendingKey(item: Personal): PlainKey {
  switch (item.kind) {
    case 'photo':
      return 'conv.pending.photo';
    case 'location':
      return 'conv.pending.location';
    case 'contact':
      return 'conv.pending.contact';
    default:
      return assertNever(item);
  }
}

function holdPending(t: Turn, draft: Draft, item: Personal): void {
  switch (item.kind) {
    case 'photo':
      if (draft.photos.length + draft.pending.photos.length < MAX_PHOTOS)
        draft.pending.photos.push(item.photo);
      return;
    case 'location':
      draft.pending.location = item.location;
      return;
    case 'contact':
      draft.pending.phone = item.phone;
      draft.pending.name = item.name;
      return;
    default:
      assertNever(item);
  }
}

function storePersonal(t: Turn, draft: Draft, item: Personal, started: boolean): void {
  markConsentUsed(t, draft);
  const step = t.state.step;
  switch (item.kind) {
    case 'photo': {
      if (draft.photos.length >= MAX_PHOTOS) {
        say(t, 'conv.photos.limit', { max: MAX_PHOTOS }, stepButtons(t));
        return;
      }
      draft.photos.push(item.photo);
      const count = draft.photos.length;
      if (step.kind === 'photos') say(t, 'conv.photos.received', { count }, stepButtons(t));
      else if (started) {
        say(t, 'conv.photos.added', { count });
        prompt(t);
      } else say(t, 'conv.photos.added', { count }, stepButtons(t));
      return;
    }
    case 'location':
      draft.location = item.location;
      say(t, 'conv.location.pinReceived', {});
      if (step.kind === 'location' || step.kind === 'area') next(t, step);
      else prompt(t, { again: !started });
      return;
    case 'contact':
      draft.phone = item.phone;
      draft.name = item.name ?? draft.name;
      say(t, 'conv.phone.received', { phone: formatPhoneLocal(item.phone) });
      if (step.kind === 'phone') next(t, step);
      else prompt(t, { again: true });
      return;
    default:
      assertNever(item);
  }
}

/** Personal data is stored under the notice version in force: remember which one for the case. */
function markConsentUsed(t: Turn, draft: Draft): void {
  draft.consent = { version: t.ctx.consent.noticeVersion, granted: true };
}

function applyPending(draft: Draft): void {
  const room = MAX_PHOTOS - draft.photos.length;
  draft.photos.push(...draft.pending.photos.slice(0, Math.max(0, room)));
  if (draft.pending.location !== null) draft.location = draft.pending.location;
  if (draft.pending.phone !== null) {
    draft.phone = draft.pending.phone;
    draft.name = draft.pending.name ?? draft.name;
  }
  draft.pending = emptyPending();
}

/** Removes every piece of personal data from a draft; returns whether there was any. */
function dropPersonalData(draft: Draft): boolean {
  const had =
    draft.photos.length > 0 ||
    draft.location !== null ||
    draft.address !== null ||
    draft.phone !== null ||
    draft.name !== null ||
    draft.pending.photos.length > 0 ||
    draft.pending.location !== null ||
    draft.pending.phone !== null;
  draft.photos = [];
  draft.location = null;
  draft.address = null;
  draft.phone = null;
  draft.name = null;
  draft.pending = emptyPending();
  return had;
}

type ConsentStatus = 'granted' | 'declined' | 'unknown';

/**
 * Consent for the current notice version: this draft's own answer first, else the resident's recorded decision.
 * A decline recorded earlier is asked again for a new report (the resident may now want to add photos); silence
 * is never consent.
 */
function consentStatus(t: Turn): ConsentStatus {
  const version = t.ctx.consent.noticeVersion;
  const own = t.state.draft?.consent ?? null;
  if (own !== null && own.version === version) return own.granted ? 'granted' : 'declined';
  const given = t.ctx.consent.given;
  return given !== null && given.version === version && given.granted ? 'granted' : 'unknown';
}

function consentFor(then: WizardStep, otherwise: WizardStep = declinedAlternative(then)): ConsentStep {
  return { kind: 'consent', then, otherwise };
}

/** Where a step that needs personal data goes when consent is refused: text and residential group only. */
function declinedAlternative(step: WizardStep): WizardStep {
  switch (step.kind) {
    case 'photos':
    case 'location':
      return { kind: 'area', editing: step.editing };
    case 'phone':
      return { kind: 'summary' };
    default:
      return step;
  }
}

// ── Wizard navigation ──

function startReport(t: Turn, text: string | null): void {
  t.state.draft = newDraft(t);
  const draft = t.state.draft;
  if (text !== null) {
    const added = addText(draft, text);
    if (added !== 'added') acknowledgeText(t, added, false);
    giveGuidance(t, draft);
    if (t.ctx.categories.length > 0) say(t, 'conv.category.textKept', {});
  }
  enter(t, { kind: 'category', editing: false });
}

function newDraft(t: Turn): Draft {
  return {
    categoryId: null,
    parts: [],
    truncated: false,
    photos: [],
    location: null,
    address: null,
    areaId: null,
    phone: null,
    name: null,
    pending: emptyPending(),
    consent: null,
    guidanceShown: [],
    emergency: false,
    resumeAt: { kind: 'category', editing: false },
    startedAt: t.ctx.now.toISOString(),
  };
}

/** Nothing worth offering to resume: no category, text or personal data yet. */
function isEmptyDraft(draft: Draft): boolean {
  return (
    draft.categoryId === null &&
    draft.parts.length === 0 &&
    draft.photos.length === 0 &&
    draft.location === null &&
    draft.address === null &&
    draft.areaId === null &&
    draft.phone === null &&
    draft.pending.photos.length === 0 &&
    draft.pending.location === null &&
    draft.pending.phone === null
  );
}

function emptyPending(): Draft['pending'] {
  return { photos: [], location: null, phone: null, name: null };
}

/** Back to where the resident was, asking consent again if it is no longer current for a personal-data step. */
function resumeDraft(t: Turn): void {
  resumeDraftQuietly(t);
  prompt(t);
}

function resumeDraftQuietly(t: Turn): void {
  const at = requireDraft(t).resumeAt;
  const needsConsent = at.kind === 'photos' || at.kind === 'location' || at.kind === 'phone';
  const target: DraftStep = needsConsent && consentStatus(t) !== 'granted' ? consentFor(at) : at;
  setStep(t, target);
}

/** The next step of the wizard after `done`; while editing, back to the summary. */
function next(t: Turn, done: WizardStep): void {
  if ('editing' in done && done.editing) {
    enter(t, { kind: 'summary' });
    return;
  }
  const draft = requireDraft(t);
  switch (done.kind) {
    case 'category':
      enter(t, { kind: 'description', editing: false });
      return;
    case 'description': {
      giveGuidance(t, draft);
      const status = consentStatus(t);
      if (status === 'granted') {
        applyPending(draft);
        enter(t, { kind: 'photos', editing: false });
      } else if (status === 'declined') {
        enter(t, { kind: 'area', editing: false });
      } else {
        enter(t, consentFor({ kind: 'photos', editing: false }));
      }
      return;
    }
    case 'photos':
      enter(t, { kind: 'location', editing: false });
      return;
    case 'location':
      enter(t, { kind: 'phone', editing: false });
      return;
    case 'area':
      enter(t, consentStatus(t) === 'granted' ? { kind: 'phone', editing: false } : { kind: 'summary' });
      return;
    case 'phone':
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

/**
 * Enters a step and prompts for it, skipping steps with nothing to ask: no categories or areas configured, a
 * location or phone already given (e.g. held before consent), personal-data steps without consent.
 */
function enter(t: Turn, target: Step): void {
  const draft = t.state.draft;
  if (isDraftStep(target) && draft === null) {
    goToMenu(t);
    return;
  }
  if (draft !== null) {
    switch (target.kind) {
      case 'category':
        if (t.ctx.categories.length === 0) {
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
      case 'location':
        if (draft.location !== null) {
          next(t, target);
          return;
        }
        if (consentStatus(t) !== 'granted') {
          enter(t, consentFor(target));
          return;
        }
        break;
      case 'phone':
        if (draft.phone !== null) {
          next(t, target);
          return;
        }
        if (consentStatus(t) !== 'granted') {
          enter(t, consentFor(target));
          return;
        }
        break;
      case 'photos':
        if (consentStatus(t) !== 'granted') {
          enter(t, consentFor(target));
          return;
        }
        break;
      default:
        break;
    }
  }
  setStep(t, target);
  prompt(t);
}

function setStep(t: Turn, target: Step): void {
  t.state.step = target;
  if (t.state.draft !== null && isDraftStep(target)) t.state.draft.resumeAt = target;
}

function isDraftStep(step: Step): step is DraftStep {
  return step.kind !== 'menu' && step.kind !== 'resume' && step.kind !== 'submitting';
}

/** Complaint, denunciation and procedure guidance, once per draft, when the description shows it. */
function giveGuidance(t: Turn, draft: Draft): void {
  const { caseType } = triage(draft.parts.join('\n'));
  if (caseType !== 'complaint' && caseType !== 'denunciation' && caseType !== 'procedure') return;
  if (draft.guidanceShown.includes(caseType)) return;
  draft.guidanceShown.push(caseType);
  switch (caseType) {
    case 'complaint':
      say(t, 'triage.complaint', { communeName: t.ctx.communeName });
      return;
    case 'denunciation':
      say(t, 'triage.denunciation', { communeName: t.ctx.communeName });
      return;
    case 'procedure':
      say(t, 'triage.procedure', { communeName: t.ctx.communeName });
      return;
    default:
      assertNever(caseType);
  }
}

// ── Description text ──

type AddResult = 'added' | 'truncated' | 'full';

function descriptionLength(draft: Draft): number {
  return draft.parts.join('\n').length;
}

/** Appends a message to the description, cut at DESCRIPTION_MAX_CHARS characters (never inside a character). */
function addText(draft: Draft, text: string): AddResult {
  const clean = cleanText(text);
  if (clean === '') return 'added';
  const used = descriptionLength(draft);
  const room = DESCRIPTION_MAX_CHARS - used - (draft.parts.length > 0 ? 1 : 0);
  if (room <= 0) {
    draft.truncated = true;
    return 'full';
  }
  if (clean.length <= room) {
    draft.parts.push(clean);
    return 'added';
  }
  draft.parts.push(truncate(clean, room).trimEnd());
  draft.truncated = true;
  return 'truncated';
}

/** Tells the resident what happened to a message; `plain` also confirms a normal addition. */
function acknowledgeText(t: Turn, result: AddResult, plain = true): void {
  switch (result) {
    case 'added':
      if (plain) say(t, 'conv.description.received', {}, stepButtons(t));
      return;
    case 'truncated':
      say(
        t,
        'conv.description.truncated',
        { limit: DESCRIPTION_MAX_CHARS },
        plain ? stepButtons(t) : undefined,
      );
      return;
    case 'full':
      say(t, 'conv.description.full', { limit: DESCRIPTION_MAX_CHARS }, plain ? stepButtons(t) : undefined);
      return;
    default:
      assertNever(result);
  }
}

// ── Answers from the app ──

function onCaseCreated(t: Turn, code: string, days: number): void {
  const draft = t.state.draft;
  const submitted = t.state.step.kind === 'submitting' && draft !== null;
  const caseType = submitted ? caseDraft(draft).caseType : 'feedback';
  // Only the draft that was sent is done; a report started since (a race) is kept.
  if (submitted) {
    t.state.draft = null;
    t.state.step = { kind: 'menu' };
  }
  const buttons = [button(t, 'btn.lookup'), button(t, 'btn.feedback')];
  const extra: PlainKey | null =
    caseType === 'complaint'
      ? 'conv.created.complaint'
      : caseType === 'denunciation'
        ? 'conv.created.denunciation'
        : caseType === 'procedure'
          ? 'conv.created.procedure'
          : null;
  say(t, 'conv.created', { code, days }, extra === null ? buttons : undefined);
  if (extra !== null) say(t, extra, {}, buttons);
}

function onCasesLoaded(t: Turn, cases: readonly CaseSummary[]): void {
  const buttons = afterLookupButtons(t);
  if (cases.length === 0) {
    say(t, 'conv.lookup.none', {}, buttons);
    return;
  }
  const recent = [...cases]
    .sort((a, b) => (Date.parse(b.updatedAt) || 0) - (Date.parse(a.updatedAt) || 0))
    .slice(0, LOOKUP_MAX_CASES);
  const list = recent
    .map((summary) => {
      const item = render(t, 'conv.lookup.item', {
        code: summary.code,
        category: summary.categoryName,
        status: statusLabel(t, summary.status),
        date: formatDate(summary.updatedAt),
      });
      const answer = summary.latestAnswer?.trim();
      return answer
        ? `${item}\n${render(t, 'conv.lookup.itemAnswer', { answer: excerpt(answer, ANSWER_EXCERPT_CHARS) })}`
        : item;
    })
    .join('\n');
  say(t, 'conv.lookup.list', { list, exampleCode: recent[0]?.code ?? exampleCode(t) }, buttons);
}

function onCaseLoaded(t: Turn, code: string, found: CaseSummary | null): void {
  const buttons = [button(t, 'btn.lookup'), button(t, 'btn.menu')];
  if (found === null) {
    say(t, 'conv.case.notFound', { code }, buttons);
    return;
  }
  const answer = found.latestAnswer?.trim();
  say(
    t,
    'conv.case.detail',
    {
      code: found.code,
      category: found.categoryName,
      status: statusLabel(t, found.status),
      date: formatDate(found.updatedAt),
      answer: answer ? excerpt(answer, 1200) : render(t, 'conv.case.noAnswer', {}),
    },
    buttons,
  );
}

function afterLookupButtons(t: Turn): Button[] {
  return t.state.draft !== null
    ? [button(t, 'btn.continueDraft'), button(t, 'btn.menu')]
    : [button(t, 'btn.feedback'), button(t, 'btn.menu')];
}

function statusLabel(t: Turn, status: string): string {
  const key = `case.status.${status}`;
  return renderText(isTextKey(key) ? key : 'case.status.unknown', {}, t.ctx.locale);
}

/** dd/mm/yyyy in Vietnam (UTC+7, no daylight saving). */
export function formatDate(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const local = new Date(ms + 7 * 3600_000);
  const dd = String(local.getUTCDate()).padStart(2, '0');
  const mm = String(local.getUTCMonth() + 1).padStart(2, '0');
  return `${dd}/${mm}/${local.getUTCFullYear()}`;
}

function onHello(t: Turn, previous: ConversationState | null, kind: 'follow' | 'chatNow'): void {
  const idle = previous !== null && isIdle(previous, t.ctx);
  t.state.followed = true;
  t.state.lastActivityAt = t.ctx.now.toISOString();
  if (kind === 'chatNow' && previous !== null && !idle && isDraftStep(t.state.step)) {
    say(t, 'conv.greeting.short', {});
    prompt(t);
    return;
  }
  leaveForMenu(t);
  say(t, 'conv.greeting', { communeName: t.ctx.communeName });
  prompt(t);
}

// ── Prompts ──

/** Sends what the current step asks. `again`: a repeat, so no second share-phone template. */
function prompt(t: Turn, options: { again?: boolean } = {}): void {
  const step = t.state.step;
  const draft = t.state.draft;
  switch (step.kind) {
    case 'menu':
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
    case 'submitting':
      say(t, 'conv.submit.pending', {}, [button(t, 'btn.lookup'), button(t, 'btn.menu')]);
      return;
    case 'consent':
      say(
        t,
        'conv.consent.notice',
        { version: t.ctx.consent.noticeVersion, communeName: t.ctx.communeName },
        consentButtons(t),
      );
      return;
    case 'category':
      say(t, 'conv.category.prompt', { list: numberedList(t, t.ctx.categories) }, categoryButtons(t));
      return;
    case 'description': {
      const category = categoryName(t, draft);
      if (step.editing && draft?.parts.length === 0) say(t, 'conv.description.edit', {}, stepButtons(t));
      else if (draft !== null && draft.parts.length > 0)
        say(t, 'conv.description.prefilled', { category }, stepButtons(t));
      else say(t, 'conv.description.prompt', { category }, stepButtons(t));
      return;
    }
    case 'photos': {
      const count = draft?.photos.length ?? 0;
      if (count > 0) say(t, 'conv.photos.promptWithCount', { count }, stepButtons(t));
      else if (step.editing) say(t, 'conv.photos.edit', {}, stepButtons(t));
      else say(t, 'conv.photos.prompt', {}, stepButtons(t));
      return;
    }
    case 'location':
      say(t, 'conv.location.prompt', {}, stepButtons(t));
      return;
    case 'area':
      say(t, 'conv.area.prompt', { list: numberedList(t, t.ctx.areas) }, stepButtons(t));
      return;
    case 'phone':
      say(t, 'conv.phone.prompt', {}, stepButtons(t));
      if (options.again !== true) {
        t.effects.push({
          type: 'requestUserInfo',
          title: render(t, 'conv.userInfo.title', {}),
          subtitle: render(t, 'conv.userInfo.subtitle', { communeName: t.ctx.communeName }),
        });
      }
      return;
    case 'summary':
      say(t, 'conv.summary', summaryParams(t, draft), stepButtons(t));
      return;
    case 'editField':
      say(t, 'conv.edit.prompt', {}, stepButtons(t));
      return;
    default:
      assertNever(step);
  }
}

function summaryParams(t: Turn, draft: Draft | null): ParamsFor<'conv.summary'> {
  const none = render(t, 'conv.summary.none', {});
  if (draft === null) return { category: none, description: none, photos: none, location: none, phone: none };
  const area = t.ctx.areas.find((candidate) => candidate.id === draft.areaId);
  const where = [
    draft.location === null ? null : render(t, 'conv.summary.pin', {}),
    draft.address,
    area?.name ?? null,
  ].filter((part): part is string => part !== null);
  return {
    category: draft.categoryId === null ? render(t, 'conv.summary.noCategory', {}) : categoryName(t, draft),
    description: excerpt(draft.parts.join(' '), SUMMARY_EXCERPT_CHARS) || none,
    photos:
      draft.photos.length > 0 ? render(t, 'conv.summary.photoCount', { count: draft.photos.length }) : none,
    location: where.length > 0 ? where.join('; ') : none,
    phone: draft.phone === null ? none : formatPhoneLocal(draft.phone),
  };
}

function categoryName(t: Turn, draft: Draft | null): string {
  const category = t.ctx.categories.find((candidate) => candidate.id === draft?.categoryId);
  return category?.name ?? render(t, 'conv.summary.noCategory', {});
}

function draftExcerpt(t: Turn, draft: Draft): string {
  return excerpt(draft.parts.join(' '), RESUME_EXCERPT_CHARS) || render(t, 'conv.draft.noText', {});
}

/** "1. Name" lines, cut to a character budget with "… and N more". */
function numberedList(t: Turn, items: readonly { name: string }[]): string {
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

function button(t: Turn, key: PlainKey): Button {
  const title = render(t, key, {});
  return { title, payload: title };
}

function menuButtons(t: Turn): Button[] {
  return [
    button(t, t.state.draft === null ? 'btn.feedback' : 'btn.continueDraft'),
    button(t, 'btn.lookup'),
    button(t, 'btn.help'),
  ];
}

function resumeButtons(t: Turn): Button[] {
  return [button(t, 'btn.resume'), button(t, 'btn.startOver'), button(t, 'btn.cancel')];
}

function consentButtons(t: Turn): Button[] {
  return [button(t, 'btn.agree'), button(t, 'btn.decline')];
}

/** One button per category when they fit; otherwise the numbered list does the job. */
function categoryButtons(t: Turn): Button[] {
  const categories = t.ctx.categories;
  if (categories.length > 0 && categories.length <= MAX_BUTTONS) {
    return categories.map((category) => ({ title: excerpt(category.name, 40), payload: category.name }));
  }
  return [button(t, 'btn.cancel')];
}

/** The buttons of the current step, for acknowledgements that stay on it. */
function stepButtons(t: Turn): Button[] {
  const step = t.state.step;
  switch (step.kind) {
    case 'menu':
      return menuButtons(t);
    case 'resume':
      return resumeButtons(t);
    case 'submitting':
      return [button(t, 'btn.lookup'), button(t, 'btn.menu')];
    case 'consent':
      return consentButtons(t);
    case 'category':
      return categoryButtons(t);
    case 'description':
      return [button(t, 'btn.done'), button(t, 'btn.cancel')];
    case 'photos':
      return (t.state.draft?.photos.length ?? 0) > 0
        ? [button(t, 'btn.done'), button(t, 'btn.cancel')]
        : [button(t, 'btn.skip'), button(t, 'btn.cancel')];
    case 'location':
      return t.ctx.areas.length > 0
        ? [button(t, 'btn.pickArea'), button(t, 'btn.skip'), button(t, 'btn.cancel')]
        : [button(t, 'btn.skip'), button(t, 'btn.cancel')];
    case 'area':
    case 'phone':
      return [button(t, 'btn.skip'), button(t, 'btn.cancel')];
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

// ── Small helpers ──

function say<K extends TextKey>(t: Turn, key: K, params: ParamsFor<K>, buttons?: Button[]): void {
  t.effects.push({
    type: 'reply',
    key,
    ...(Object.keys(params).length > 0 ? { params } : {}),
    ...(buttons !== undefined && buttons.length > 0 ? { buttons } : {}),
  });
}

function render<K extends TextKey>(t: Turn, key: K, params: ParamsFor<K>): string {
  return renderText(key, params, t.ctx.locale);
}

/** A helpful answer for what the bot cannot use, then what the current step asks (never silence). */
function notUnderstood(t: Turn, key: PlainKey): void {
  if (!t.greeted) say(t, key, {});
  prompt(t, { again: true });
}

function requireDraft(t: Turn): Draft {
  t.state.draft ??= newDraft(t);
  return t.state.draft;
}

function exampleCode(t: Turn): string {
  return formatCaseCode(t.ctx.casePrefix, 427);
}

/** At most `max` characters, cut at a word boundary when possible (never inside a character), with "…". */
export function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = truncate(flat, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
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

function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
