import type { Locale, TextKey, TextParams } from '../text/catalog';
import type { CaseType } from './triage';

export type { CaseType } from './triage';
export type { Locale, TextKey, TextParams } from '../text/catalog';

export interface LatLng {
  latitude: number;
  longitude: number;
}

/** What a resident can attach to a report: photos, voice notes, videos and files (staff look and listen). */
export type MediaKind = 'photo' | 'audio' | 'video' | 'file';

export interface Media {
  kind: MediaKind;
  /** Zalo's CDN link as received; staff read it through the app's one attachment-URL function. */
  url: string;
  thumbnailUrl?: string;
  /** A file's name as sent. */
  name?: string;
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

/** Who an emergency alert reached: the on-duty officers, the fallback (reception and leaders), or nobody. */
export type AlertReach = 'duty' | 'fallback' | 'none';

/** What the machine reacts to: a resident's event (from a Zalo webhook event) or the result of an effect. */
export type Input =
  | { kind: 'text'; text: string }
  | { kind: 'image'; url: string; thumbnailUrl?: string }
  | { kind: 'audio'; url: string }
  | { kind: 'video'; url: string; thumbnailUrl?: string }
  | { kind: 'file'; url: string; name?: string }
  | { kind: 'location'; latitude: number; longitude: number }
  | { kind: 'sticker' }
  | { kind: 'gif' }
  | { kind: 'link'; url: string }
  | { kind: 'unsupported'; eventName: string }
  | { kind: 'follow' }
  | { kind: 'unfollow' }
  | { kind: 'chatNow' }
  /** The answer to Zalo's request-user-info template (docs/zalo.md §1.4 `user_submit_info`). */
  | { kind: 'submitInfo'; phone?: string; name?: string; address?: string }
  // Fed back by the app after running an effect (Elm-style):
  | { kind: 'caseCreated'; code: string; expectedResponseDays: number }
  | { kind: 'alerted'; code: string; reached: AlertReach }
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
  /** Residential groups (thôn, tổ dân phố, tiểu khu), in list order; `code` is the code on the group's poster. */
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
    /** The page with the notice's full text (an `oa.open.url` button). */
    noticeUrl: string;
  };
  /** As residents say it, e.g. "xã Lương Sơn". */
  communeName: string;
  /**
   * The resident's case that staff are working on or just resolved (recently updated), if any: words and
   * photos sent outside a report may be meant for it, so the resident is asked.
   */
  followUp?: { code: string } | null;
  /** The case of the message the resident quote-replied to (Zalo's "Trả lời"), when it was about one. */
  replyTo?: { code: string } | null;
  /** The mobile number the resident gave with consent for an earlier report (E.164): not asked again. */
  knownPhone?: string | null;
}

/**
 * A Zalo button: `oa.query.show` (the user's Zalo sends `payload` back as a text message when tapped) or
 * `oa.open.url` (opens a page). Titles are rendered in the context's locale.
 */
export type Button = { title: string; payload: string } | { title: string; url: string };

/** What the app files. */
export interface CaseDraft {
  /** Null when the commune has no categories, or the resident left it to staff. */
  categoryId: number | null;
  /** The resident's messages joined by new lines, cleaned (NFC), at most DESCRIPTION_MAX_CHARS. */
  description: string;
  media: Media[];
  location: LatLng | null;
  address: string | null;
  areaId: number | null;
  /** E.164 (+84…). */
  phone: string | null;
  /** From Zalo's shared info, when the resident shared it. */
  name: string | null;
  caseType: CaseType;
  triageSignals: string[];
  /** The notice version the resident agreed to for the media, location and phone above; null if none given. */
  consentNoticeVersion: number | null;
}

/** A message part rendered before the main text of a reply: an acknowledgement merged into the next question. */
export interface Lead {
  key: TextKey;
  params?: TextParams;
}

export type Effect =
  | { type: 'reply'; key: TextKey; params?: TextParams; buttons?: Button[]; before?: Lead[] }
  /** Send Zalo's request-user-info template (share phone); title and subtitle are rendered. */
  | { type: 'requestUserInfo'; title: string; subtitle: string }
  | { type: 'createCase'; draft: CaseDraft }
  | { type: 'loadMyCases' }
  | { type: 'loadCase'; code: string }
  | { type: 'recordConsent'; granted: boolean; noticeVersion: number }
  /** The app records the withdrawal and forgets the remembered phone. */
  | { type: 'withdrawConsent' }
  /** The resident added something to one of their cases: the app relays it to its officers. */
  | { type: 'relayFollowUp'; code: string; text?: string; media: Media[] }
  /**
   * An emergency was filed as `code`: the app alerts the on-duty officers (else reception and the leaders) and,
   * for the first alert (`new`), answers `alerted`. Then the place the resident gave (`place`), or more of their
   * words (`more`), go to the same people.
   */
  | {
      type: 'alertOnDuty';
      code: string;
      stage: 'new' | 'place' | 'more';
      excerpt: string;
      place: string | null;
    }
  /** The resident said where their (emergency) case is. */
  | {
      type: 'setCasePlace';
      code: string;
      areaId: number | null;
      address: string | null;
      location: LatLng | null;
    };

export type EffectType = Effect['type'];

// ── State ──

/** Steps of the report; `editing` means "return to the summary when done". */
export type WizardStep =
  /** Waiting for the words (or a voice note) of the report. */
  | { kind: 'describe'; editing: boolean }
  /** A suggested category ("Có phải về …?"), or, with `choosing`, the likeliest ones to pick from. */
  | { kind: 'category'; editing: boolean; suggestedId: number | null; choosing: boolean }
  /** Photos, voice notes, videos, files. */
  | { kind: 'media'; editing: boolean }
  /** Where: a poster code, a group's name, an address or a pin. */
  | { kind: 'place'; editing: boolean }
  /** Picking the residential group from the list. */
  | { kind: 'area'; editing: boolean }
  /** The review, with the optional phone; sending files the case. */
  | { kind: 'summary' }
  | { kind: 'editField' };

/**
 * Asking for consent when personal data arrived: where to go on "agree" and on "do not agree". `submit`: the
 * data came with "send" (a phone typed at the summary), so agreeing files the case. `relayTo`: the data is held
 * for a case the resident is adding to (`state.held`).
 */
export interface ConsentStep {
  kind: 'consent';
  then: WizardStep | { kind: 'menu' };
  otherwise: WizardStep | { kind: 'menu' };
  submit: boolean;
  relayTo: string | null;
}

/** "Hủy" asks first; `back` is where the resident was. */
export interface CancelStep {
  kind: 'confirmCancel';
  back: WizardStep | ConsentStep;
}

/** A step in the middle of a report, where a draft exists. */
export type DraftStep = WizardStep | ConsentStep | CancelStep;

export type Step =
  | { kind: 'menu' }
  /** Offer to continue the kept draft (after an idle reset, or "send feedback" while a draft exists). */
  | { kind: 'resume' }
  /** Words or photos after a case was filed: "Bổ sung cho LS-0427 hay phản ánh mới?"; the content waits in `held`. */
  | { kind: 'which'; code: string }
  /**
   * An emergency is filed as `code` (empty until the app answers `caseCreated`); the only question is where.
   * `excerpt` is what the resident wrote, for the alert.
   */
  | { kind: 'emergencyPlace'; code: string; excerpt: string }
  | DraftStep
  /** createCase emitted, waiting for caseCreated. */
  | { kind: 'submitting' };

export type StepKind = Step['kind'];

export interface Draft {
  categoryId: number | null;
  /** Each message as sent (cleaned); joined with new lines for the case. */
  parts: string[];
  truncated: boolean;
  media: Media[];
  location: LatLng | null;
  address: string | null;
  areaId: number | null;
  phone: string | null;
  name: string | null;
  /** Personal data received before the resident answered the consent question: kept out of the draft until then. */
  pending: {
    media: Media[];
    location: LatLng | null;
    address: string | null;
    phone: string | null;
    name: string | null;
  };
  /** The resident's answer for this draft, with the notice version it answered. */
  consent: { version: number; granted: boolean } | null;
  /** Triage guidance already shown for this draft (each type once). */
  guidanceShown: CaseType[];
  /** Where the resident was, to resume there. */
  resumeAt: DraftStep;
  startedAt: string;
}

/** Content waiting for the resident to say which case it belongs to (or to agree to keep its media). */
export interface Held {
  parts: string[];
  media: Media[];
}

export interface ConversationState {
  /** Shape version of this JSON; bump with a migration in `reviveState`. */
  schema: 2;
  step: Step;
  draft: Draft | null;
  held: Held | null;
  /** A report cancelled recently: "Khôi phục" brings it back within the undo window. */
  cancelled: { draft: Draft; at: string } | null;
  /** The residential group of the resident's last report or poster code: offered first next time. */
  lastAreaId: number | null;
  /** ISO 8601 time of the resident's last own event: drives the idle reset. */
  lastActivityAt: string;
  followed: boolean;
}

export interface StepResult {
  state: ConversationState;
  effects: Effect[];
}
