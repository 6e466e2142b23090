import { cleanText, truncate } from '../text/normalize';
import { triage, type CaseType } from './triage';
import { DESCRIPTION_MAX_CHARS, excerpt, render, type Turn } from './turn';
import type { CaseDraft, Draft, Media, MediaKind } from './types';

/** The report being written: its text, its attachments, and the personal data waiting for consent. */

export function newDraft(t: Turn): Draft {
  return {
    categoryId: null,
    parts: [],
    truncated: false,
    media: [],
    location: null,
    address: null,
    areaId: null,
    phone: null,
    name: null,
    pending: emptyPending(),
    consent: null,
    guidanceShown: [],
    resumeAt: { kind: 'describe', editing: false },
    startedAt: t.ctx.now.toISOString(),
  };
}

export function emptyPending(): Draft['pending'] {
  return { media: [], location: null, address: null, phone: null, name: null };
}

/** Nothing worth offering to resume: no text, attachment, place or phone yet. */
export function isEmptyDraft(draft: Draft): boolean {
  return (
    draft.categoryId === null &&
    draft.parts.length === 0 &&
    draft.media.length === 0 &&
    draft.location === null &&
    draft.address === null &&
    draft.phone === null &&
    draft.pending.media.length === 0 &&
    draft.pending.location === null &&
    draft.pending.address === null &&
    draft.pending.phone === null
  );
}

/** A voice note or a video tells the story as well as words do (staff listen). */
export function isSpoken(media: Media): boolean {
  return media.kind === 'audio' || media.kind === 'video';
}

/** Whether the report says what happened: words, or a voice note or video (held for consent or not). */
export function hasDescription(draft: Draft): boolean {
  return draft.parts.length > 0 || [...draft.media, ...draft.pending.media].some(isSpoken);
}

export type AddResult = 'added' | 'truncated' | 'full';

/** Appends a message to the description, cut at DESCRIPTION_MAX_CHARS characters (never inside a character). */
export function addText(draft: Draft, text: string): AddResult {
  const clean = cleanText(text);
  if (clean === '') return 'added';
  const used = draft.parts.join('\n').length;
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

/**
 * Adds words to the description and says so in the next message: "đã ghi thêm" when `plain`, and always when
 * the text was cut or dropped.
 */
export function addAndAcknowledge(t: Turn, draft: Draft, text: string, plain = true): void {
  const result = addText(draft, text);
  switch (result) {
    case 'added':
      if (plain) t.leads.push({ key: 'conv.text.added' });
      return;
    case 'truncated':
      t.leads.push({ key: 'conv.description.truncated', params: { limit: DESCRIPTION_MAX_CHARS } });
      return;
    case 'full':
      t.leads.push({ key: 'conv.description.full', params: { limit: DESCRIPTION_MAX_CHARS } });
      return;
  }
}

const RESUME_EXCERPT_CHARS = 80;

export function draftExcerpt(t: Turn, draft: Draft): string {
  return excerpt(draft.parts.join(' '), RESUME_EXCERPT_CHARS) || render(t, 'conv.draft.noText', {});
}

const MEDIA_KINDS: readonly MediaKind[] = ['photo', 'audio', 'video', 'file'];

/** "1 ảnh, 1 tin nhắn thoại". */
export function mediaSummary(t: Turn, media: readonly Media[]): string {
  return MEDIA_KINDS.map((kind) => ({ kind, count: media.filter((m) => m.kind === kind).length }))
    .filter((entry) => entry.count > 0)
    .map((entry) => render(t, `media.count.${entry.kind}`, { count: entry.count }))
    .join(', ');
}

/** The case as filed: description joined and triaged now (so edits count), the consent version of its data. */
export function caseDraft(draft: Draft): CaseDraft {
  const description = draft.parts.join('\n');
  const result = triage(description);
  const caseType: CaseType = result.caseType;
  const hasPersonalData =
    draft.media.length > 0 || draft.location !== null || draft.phone !== null || draft.address !== null;
  return {
    categoryId: draft.categoryId,
    description,
    media: draft.media.map((item) => ({ ...item })),
    location: draft.location === null ? null : { ...draft.location },
    address: draft.address,
    areaId: draft.areaId,
    phone: draft.phone,
    name: draft.name,
    caseType,
    triageSignals: result.signals,
    consentNoticeVersion: hasPersonalData && draft.consent?.granted === true ? draft.consent.version : null,
  };
}

// ── Consent for personal data ──

export type ConsentStatus = 'granted' | 'declined' | 'unknown';

/**
 * Consent for the current notice version: this draft's own answer first, else the resident's recorded decision.
 * A decline recorded earlier is asked again when new data arrives (the resident may now want to add a photo);
 * silence is never consent.
 */
export function consentStatus(t: Turn): ConsentStatus {
  const version = t.ctx.consent.noticeVersion;
  const own = t.state.draft?.consent ?? null;
  if (own !== null && own.version === version) return own.granted ? 'granted' : 'declined';
  return residentConsents(t) ? 'granted' : 'unknown';
}

/** The resident's recorded decision for the current notice, outside any draft. */
export function residentConsents(t: Turn): boolean {
  const given = t.ctx.consent.given;
  return given !== null && given.version === t.ctx.consent.noticeVersion && given.granted;
}

/** Personal data is stored under the notice version in force: remember which one for the case. */
export function markConsentUsed(t: Turn, draft: Draft): void {
  draft.consent = { version: t.ctx.consent.noticeVersion, granted: true };
}

export function applyPending(draft: Draft, maxMedia: number): void {
  const room = Math.max(0, maxMedia - draft.media.length);
  draft.media.push(...draft.pending.media.slice(0, room));
  if (draft.pending.location !== null) draft.location = draft.pending.location;
  if (draft.pending.address !== null) draft.address = draft.pending.address;
  if (draft.pending.phone !== null) {
    draft.phone = draft.pending.phone;
    draft.name = draft.pending.name ?? draft.name;
  }
  draft.pending = emptyPending();
}

/** Removes every piece of personal data from a draft; returns whether there was any. */
export function dropPersonalData(draft: Draft): boolean {
  const had =
    draft.media.length > 0 ||
    draft.location !== null ||
    draft.address !== null ||
    draft.phone !== null ||
    draft.name !== null ||
    draft.pending.media.length > 0 ||
    draft.pending.location !== null ||
    draft.pending.address !== null ||
    draft.pending.phone !== null;
  draft.media = [];
  draft.location = null;
  draft.address = null;
  draft.phone = null;
  draft.name = null;
  draft.pending = emptyPending();
  return had;
}
