import type { Locale, TextKey, TextParams } from '../text/catalog';
import type { CaseType } from './triage';

export type { CaseType } from './triage';
export type { Locale, TextKey, TextParams } from '../text/catalog';

export interface LatLng {
  latitude: number;
  longitude: number;
}

export interface Photo {
  url: string;
  thumbnailUrl?: string;
}

/** One of the resident's own cases, as the app loads it for a look-up. */
export interface CaseSummary {
  code: string;
  /** A case workflow status (received, verified, rejected, classified, assigned, in_progress, resolved, closed, reopened). */
  status: string;
  categoryName: string;
  latestAnswer?: string;
  /** ISO 8601. */
  updatedAt: string;
}

/** What the machine reacts to: a resident's event (from a Zalo webhook event) or the result of an effect. */
export type Input =
  | { kind: 'text'; text: string }
  | { kind: 'image'; url: string; thumbnailUrl?: string }
  | { kind: 'location'; latitude: number; longitude: number }
  | { kind: 'sticker' }
  | { kind: 'gif' }
  | { kind: 'file'; name?: string }
  | { kind: 'link'; url: string }
  | { kind: 'audio' }
  | { kind: 'video' }
  | { kind: 'unsupported'; eventName: string }
  | { kind: 'follow' }
  | { kind: 'unfollow' }
  | { kind: 'chatNow' }
  /** The answer to Zalo's request-user-info template (docs/zalo.md §1.4 `user_submit_info`). */
  | { kind: 'submitInfo'; phone?: string; name?: string; address?: string }
  // Fed back by the app after running an effect (Elm-style):
  | { kind: 'caseCreated'; code: string; expectedResponseDays: number }
  | { kind: 'casesLoaded'; cases: CaseSummary[] }
  /** `found` is null when the code is unknown or not this resident's: the machine never tells which. */
  | { kind: 'caseLoaded'; code: string; found: CaseSummary | null };

export type InputKind = Input['kind'];

export interface NamedItem {
  id: number;
  code: string;
  name: string;
}

export interface Ctx {
  /** The injected clock. */
  now: Date;
  locale: Locale;
  /** The commune's categories, in menu order. */
  categories: readonly NamedItem[];
  /** Residential groups (thôn, tổ dân phố, tiểu khu), in list order. */
  areas: readonly NamedItem[];
  /** A conversation left longer than this resets politely on the next message (default 24 h in config). */
  idleTimeoutMs: number;
  /** Case code prefix, e.g. "LS". */
  casePrefix: string;
  consent: {
    /** The current personal-data notice version. */
    noticeVersion: number;
    /**
     * The resident's latest decision, or null. After a `withdrawConsent` effect the app must report
     * `{granted: false}` here.
     */
    given: { version: number; granted: boolean } | null;
  };
  /** As residents say it, e.g. "xã Lương Sơn". */
  communeName: string;
  /**
   * The resident's case that staff are working on or just resolved (recently updated), if any: words and
   * photos sent outside a report go to its officers instead of starting a new one.
   */
  followUp?: { code: string } | null;
}

/** A Zalo `oa.query.show` button: the user's Zalo sends `payload` back as a text message when tapped. */
export interface Button {
  /** Already rendered in the context's locale. */
  title: string;
  payload: string;
}

/** What the app files when the resident confirms. */
export interface CaseDraft {
  /** Null only when the commune has no categories configured. */
  categoryId: number | null;
  /** The resident's messages joined by new lines, cleaned (NFC), at most DESCRIPTION_MAX_CHARS. */
  description: string;
  photos: Photo[];
  location: LatLng | null;
  address: string | null;
  areaId: number | null;
  /** E.164 (+84…). */
  phone: string | null;
  /** From Zalo's shared info, when the resident shared it. */
  name: string | null;
  caseType: CaseType;
  triageSignals: string[];
  /** The notice version the resident agreed to for the photos, location and phone above; null if none given. */
  consentNoticeVersion: number | null;
}

export type Effect =
  | { type: 'reply'; key: TextKey; params?: TextParams; buttons?: Button[] }
  /** Send Zalo's request-user-info template (share phone); title and subtitle are rendered. */
  | { type: 'requestUserInfo'; title: string; subtitle: string }
  | { type: 'createCase'; draft: CaseDraft }
  | { type: 'loadMyCases' }
  | { type: 'loadCase'; code: string }
  | { type: 'recordConsent'; granted: boolean; noticeVersion: number }
  | { type: 'withdrawConsent' }
  /** The resident added something to the case staff are working on: the app relays it to its officers. */
  | { type: 'relayFollowUp'; code: string; text?: string; photo?: Photo }
  /** Emitted first in an emergency: the app alerts the on-duty leaders through the outbox. */
  | { type: 'alertOnDuty'; reason: 'emergency'; excerpt: string };

export type EffectType = Effect['type'];

// ── State ──

/** Steps of the feedback wizard; `editing` means "return to the summary when done". */
export type WizardStep =
  | { kind: 'category'; editing: boolean }
  | { kind: 'description'; editing: boolean }
  | { kind: 'photos'; editing: boolean }
  | { kind: 'location'; editing: boolean }
  | { kind: 'area'; editing: boolean }
  | { kind: 'phone'; editing: boolean }
  | { kind: 'summary' }
  | { kind: 'editField' };

/** Asking for consent to personal data; where to go on "agree" and on "do not agree". */
export interface ConsentStep {
  kind: 'consent';
  then: WizardStep;
  otherwise: WizardStep;
}

/** A step in the middle of a report, where a draft exists. */
export type DraftStep = WizardStep | ConsentStep;

export type Step =
  | { kind: 'menu' }
  /** Offer to continue the kept draft (after an idle reset, or "send feedback" while a draft exists). */
  | { kind: 'resume' }
  | DraftStep
  /** createCase emitted, waiting for caseCreated. */
  | { kind: 'submitting' };

export type StepKind = Step['kind'];

export interface Draft {
  categoryId: number | null;
  /** Each message as sent (cleaned); joined with new lines for the case. */
  parts: string[];
  truncated: boolean;
  photos: Photo[];
  location: LatLng | null;
  address: string | null;
  areaId: number | null;
  phone: string | null;
  name: string | null;
  /** Personal data received before the resident answered the consent notice: kept out of the draft until then. */
  pending: { photos: Photo[]; location: LatLng | null; phone: string | null; name: string | null };
  /** The resident's answer for this draft, with the notice version it answered. */
  consent: { version: number; granted: boolean } | null;
  /** Triage guidance already shown for this draft (each type once). */
  guidanceShown: CaseType[];
  /** An emergency was signalled while writing this draft. */
  emergency: boolean;
  /** Where the resident was, to resume there. */
  resumeAt: DraftStep;
  startedAt: string;
}

export interface ConversationState {
  /** Shape version of this JSON; bump with a migration in `reviveState`. */
  schema: 1;
  step: Step;
  draft: Draft | null;
  /** ISO 8601 time of the resident's last own event: drives the idle reset. */
  lastActivityAt: string;
  followed: boolean;
}

export interface StepResult {
  state: ConversationState;
  effects: Effect[];
}
