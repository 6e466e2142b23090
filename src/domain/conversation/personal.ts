import { formatPhoneLocal } from '../text/phone';
import { consentStatus, isSpoken, markConsentUsed, residentConsents } from './draft';
import {
  consentFor,
  enter,
  isDraftStep,
  next,
  prompt,
  setStep,
  startReport,
  stepButtons,
  submit,
} from './flow';
import { areaMentioned } from './places';
import { ack, button, flushLeads, MAX_MEDIA, render, say, type Turn } from './turn';
import type { ConsentStep, Draft, LatLng, Media, WizardStep } from './types';

/**
 * Photos, voice notes, videos, files, a location, a typed address, a phone: personal data, kept only with the
 * resident's consent (Law 91/2025, VIETNAM.md §2). The question comes when such data arrives, never before; the
 * data waits in `draft.pending` until the answer, and is dropped on a refusal.
 */

type Personal =
  | { kind: 'media'; media: Media }
  | { kind: 'location'; location: LatLng }
  | { kind: 'address'; address: string; areaId: number | null }
  | { kind: 'contact'; phone: string; name: string | null };

/** Where the report goes once the data that arrived at `step` is kept, and where if it is refused. */
function afterConsent(step: WizardStep, item: Personal): { then: WizardStep; otherwise: WizardStep } {
  switch (step.kind) {
    case 'describe':
      // A voice note tells the story: the report moves on. A photo still needs a few words.
      return item.kind === 'media' && isSpoken(item.media)
        ? { then: { kind: 'category', editing: false, suggestedId: null, choosing: false }, otherwise: step }
        : { then: step, otherwise: step };
    case 'media':
      return {
        then: { kind: 'place', editing: step.editing },
        otherwise: { kind: 'place', editing: step.editing },
      };
    case 'place':
    case 'area':
      return item.kind === 'media'
        ? { then: step, otherwise: step }
        : { then: { kind: 'summary' }, otherwise: step };
    default:
      return { then: step, otherwise: step };
  }
}

/** A photo, voice note, video or file. */
export function receiveMedia(t: Turn, media: Media): void {
  const step = t.state.step;
  switch (step.kind) {
    case 'submitting':
      prompt(t);
      return;
    case 'emergencyPlace':
      // Pictures of the danger go to the officers at once (vital interests, as for the emergency itself).
      t.effects.push({ type: 'relayFollowUp', code: step.code, media: [media] });
      say(t, 'conv.emergency.more', {}, stepButtons(t));
      return;
    case 'which':
      t.state.held ??= { parts: [], media: [] };
      if (t.state.held.media.length < MAX_MEDIA) t.state.held.media.push(media);
      ack(t, 'conv.media.got', { item: render(t, `media.${media.kind}`, {}) });
      prompt(t);
      return;
    case 'menu':
    case 'resume':
      if (t.state.draft === null && t.ctx.followUp) {
        t.state.held = { parts: [], media: [media] };
        ack(t, 'conv.media.got', { item: render(t, `media.${media.kind}`, {}) });
        setStep(t, { kind: 'which', code: t.ctx.followUp.code });
        prompt(t);
        return;
      }
      break;
    default:
      break;
  }
  receivePersonal(t, { kind: 'media', media });
}

export function receiveLocation(t: Turn, location: LatLng): void {
  receivePersonal(t, { kind: 'location', location });
}

export function receiveContact(t: Turn, phone: string, name: string | null): void {
  receivePersonal(t, { kind: 'contact', phone, name });
}

export function receiveAddress(t: Turn, address: string): void {
  receivePersonal(t, { kind: 'address', address, areaId: areaMentioned(address, t.ctx.areas)?.id ?? null });
}

function receivePersonal(t: Turn, item: Personal): void {
  let draft = t.state.draft;
  if (draft === null) {
    draft = startReport(t, null);
    ack(t, t.firstContact ? 'conv.report.firstContact' : 'conv.report.thanks', {
      communeName: t.ctx.communeName,
    });
    setStep(t, { kind: 'describe', editing: false });
  } else if (!isDraftStep(t.state.step)) {
    // At the menu with a kept draft: what arrives belongs to it.
    setStep(t, draft.resumeAt);
  }
  const step = t.state.step;
  if (!isDraftStep(step)) {
    prompt(t);
    return;
  }
  if (step.kind === 'consent') {
    // Another item while the question waits: it waits too, and the question is asked again.
    holdPending(draft, item);
    say(t, 'conv.consent.reask', {}, stepButtons(t));
    return;
  }
  const at: WizardStep = step.kind === 'confirmCancel' ? wizardOf(step.back) : step;
  if (step.kind === 'confirmCancel') setStep(t, at);
  if (consentStatus(t) === 'granted') {
    store(t, draft, item, at);
    return;
  }
  holdPending(draft, item);
  if (item.kind === 'media') ack(t, 'conv.media.got', { item: render(t, `media.${item.media.kind}`, {}) });
  const { then, otherwise } = afterConsent(at, item);
  enter(t, consentFor(then, otherwise, { submit: item.kind === 'contact' && at.kind === 'summary' }));
}

function wizardOf(step: WizardStep | ConsentStep): WizardStep {
  return step.kind === 'consent' ? (step.then.kind === 'menu' ? { kind: 'summary' } : step.then) : step;
}

function holdPending(draft: Draft, item: Personal): void {
  switch (item.kind) {
    case 'media':
      if (draft.media.length + draft.pending.media.length < MAX_MEDIA) draft.pending.media.push(item.media);
      return;
    case 'location':
      draft.pending.location = item.location;
      return;
    case 'address':
      draft.pending.address = item.address;
      if (item.areaId !== null) draft.areaId = item.areaId;
      return;
    case 'contact':
      draft.pending.phone = item.phone;
      draft.pending.name = item.name;
      return;
  }
}

function store(t: Turn, draft: Draft, item: Personal, at: WizardStep): void {
  markConsentUsed(t, draft);
  switch (item.kind) {
    case 'media': {
      if (draft.media.length >= MAX_MEDIA) {
        say(t, 'conv.media.limit', { max: MAX_MEDIA }, stepButtons(t));
        return;
      }
      draft.media.push(item.media);
      ack(t, 'conv.media.received', {
        item: render(t, `media.${item.media.kind}`, {}),
        count: draft.media.length,
      });
      if (at.kind === 'media' || (at.kind === 'describe' && isSpoken(item.media))) {
        next(t, at);
        return;
      }
      // Photos in a burst: each is acknowledged, the question stays on its buttons (not asked again and again).
      flushLeads(t, stepButtons(t));
      return;
    }
    case 'location':
      draft.location = item.location;
      ack(t, 'conv.place.pin', {});
      if (at.kind === 'place' || at.kind === 'area') next(t, at);
      else prompt(t, { again: true });
      return;
    case 'address':
      draft.address = item.address;
      if (item.areaId !== null) draft.areaId = item.areaId;
      ack(t, 'conv.place.address', { address: item.address });
      next(t, at);
      return;
    case 'contact':
      draft.phone = item.phone;
      draft.name = item.name ?? draft.name;
      ack(t, 'conv.phone.received', { phone: formatPhoneLocal(item.phone) });
      if (at.kind === 'summary') submit(t);
      else prompt(t, { again: true });
      return;
  }
}

/**
 * Adds what the resident sent to one of their cases. Media go only with consent: without it the words are
 * relayed and the media wait for the answer (a consent step that relays them).
 */
export function relayHeld(t: Turn, code: string, consented = false): void {
  const held = t.state.held ?? { parts: [], media: [] };
  const text = held.parts.join('\n');
  const mayKeepMedia = consented || residentConsents(t) || (t.state.draft?.consent?.granted ?? false);
  if (held.media.length > 0 && !mayKeepMedia) {
    if (text !== '') t.effects.push({ type: 'relayFollowUp', code, text, media: [] });
    t.state.held = { parts: [], media: held.media };
    // No draft: the question stands alone, and its answer relays (or drops) the held media.
    t.state.step = consentFor({ kind: 'menu' }, { kind: 'menu' }, { relayTo: code });
    prompt(t);
    return;
  }
  t.effects.push({ type: 'relayFollowUp', code, ...(text === '' ? {} : { text }), media: held.media });
  t.state.held = null;
  t.state.step = { kind: 'menu' };
  say(t, 'conv.followUp.relayed', { code }, [button(t, 'btn.feedback'), button(t, 'btn.menu')]);
}
