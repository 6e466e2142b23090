import { mapLink } from '../../case/notices';
import { cleanText, truncate } from '../../text/normalize';
import { menuButtons, prompt, stepButtons } from '../flow';
import { firstIntent, isMeaningful } from '../intents';
import { areaMentioned, areaNamed } from '../places';
import { triage } from '../triage';
import { ack, ALERT_EXCERPT_CHARS, DESCRIPTION_MAX_CHARS, excerpt, render, say, type Turn } from '../turn';
import type { AlertReach, LatLng } from '../types';

/**
 * Danger now (113/114/115): the case is filed at once as an emergency, with no category and no consent question
 * (a resident's life and health come first: processing without consent in an emergency, Decree 13/2023 Art. 17,
 * carried into Law 91/2025), the on-duty officers are alerted before anything else is sent, the resident is told
 * the truth about who got it, and the only question is "ở đâu?". A report being written meanwhile is kept.
 */
export function onEmergencyText(t: Turn, text: string): void {
  const step = t.state.step;
  const clean = excerpt(cleanText(text), ALERT_EXCERPT_CHARS);
  if (step.kind === 'emergencyPlace' && step.code !== '') {
    t.effects.push({ type: 'alertOnDuty', code: step.code, stage: 'more', excerpt: clean, place: null });
    say(t, 'conv.emergency.more', {}, stepButtons(t));
    return;
  }
  const area = areaNamed(text, t.ctx.areas) ?? areaMentioned(text, t.ctx.areas);
  if (area !== null) t.state.lastAreaId = area.id;
  t.effects.push({
    type: 'createCase',
    draft: {
      categoryId: null,
      description: truncate(cleanText(text), DESCRIPTION_MAX_CHARS),
      media: [],
      location: null,
      address: null,
      areaId: area?.id ?? null,
      phone: null,
      name: null,
      caseType: 'emergency',
      triageSignals: triage(text).signals,
      consentNoticeVersion: null,
    },
  });
  t.state.step = { kind: 'emergencyPlace', code: '', excerpt: clean };
}

/** The emergency case exists: alert first (the app answers `alerted`). */
export function onEmergencyFiled(t: Turn, code: string): void {
  const step = t.state.step;
  if (step.kind !== 'emergencyPlace') return;
  t.state.step = { ...step, code };
  const area = areaMentioned(step.excerpt, t.ctx.areas) ?? areaNamed(step.excerpt, t.ctx.areas);
  t.effects.push({
    type: 'alertOnDuty',
    code,
    stage: 'new',
    excerpt: step.excerpt,
    place: area?.name ?? null,
  });
}

/** What a reporter is told about who got the alert (the chat's guidance, and Open311's service notice). */
export const REACH_KEYS = {
  duty: 'triage.emergency.duty',
  fallback: 'triage.emergency.fallback',
  none: 'triage.emergency.none',
} as const;

/** The guidance, with the truth about who was reached, then "ở đâu?" in the same message. */
export function onAlerted(t: Turn, code: string, reached: AlertReach): void {
  const reach = render(t, REACH_KEYS[reached], { communeName: t.ctx.communeName });
  ack(t, 'triage.emergency', { reach, code });
  const step = t.state.step;
  if (step.kind === 'emergencyPlace' && step.code === code) prompt(t);
  else say(t, 'conv.emergency.more', {}, menuButtons(t));
}

export function onEmergencyPlaceText(t: Turn, code: string, text: string): void {
  if (firstIntent(text, ['skip', 'done', 'thanks']) !== null || !isMeaningful(text)) {
    leave(t);
    prompt(t);
    return;
  }
  const area = areaNamed(text, t.ctx.areas);
  const address = area === null ? excerpt(cleanText(text), 300) : null;
  const place = area?.name ?? address ?? '';
  t.effects.push({ type: 'setCasePlace', code, areaId: area?.id ?? null, address, location: null });
  t.effects.push({ type: 'alertOnDuty', code, stage: 'place', excerpt: '', place });
  if (area !== null) t.state.lastAreaId = area.id;
  leave(t);
  say(t, 'conv.emergency.placeSent', { place }, menuButtons(t));
}

export function onEmergencyPin(t: Turn, code: string, location: LatLng): void {
  t.effects.push({ type: 'setCasePlace', code, areaId: null, address: null, location });
  t.effects.push({
    type: 'alertOnDuty',
    code,
    stage: 'place',
    excerpt: '',
    place: mapLink(location.latitude, location.longitude),
  });
  leave(t);
  say(t, 'conv.emergency.placeSent', { place: render(t, 'conv.summary.pin', {}) }, menuButtons(t));
}

/** Back to the menu; a report written before the emergency is kept there. */
function leave(t: Turn): void {
  t.state.step = { kind: 'menu' };
}
