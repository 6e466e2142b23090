import { type Actor, type AuthorizationRefusal, authorize, authorizeTypeChange, isSealedType } from '../staff/permissions';
import type { ClockKind } from './clocks';
import { isOverdue } from './deadlines';

/**
 * The case workflow: receive → verify → classify → assign → take → resolve → close (VIETNAM.md, the Lương Sơn
 * process), with rejection, transfer, reopening and merging of duplicates. `applyAction` is the only way a case
 * changes: it checks who acts (staff/permissions.ts), whether the action is legal from the current status, and
 * the action's own requirements, and returns the changed fields plus one append-only event.
 *
 * Transitions (from → to); `note` is legal in every status and never changes it:
 *
 * | action   | from                                          | to                                              |
 * |----------|-----------------------------------------------|-------------------------------------------------|
 * | verify   | received                                      | verified                                        |
 * | reject   | received, verified, classified, assigned      | rejected (final)                                |
 * | classify | verified, classified                          | classified                                      |
 * | assign   | received, verified, classified                | assigned (first assignment)                     |
 * |          | assigned, in_progress, reopened               | assigned (override, staff only) ¹               |
 * | take     | assigned, reopened                            | in_progress                                     |
 * | answer   | any open status, resolved                     | unchanged, or in_progress ²                     |
 * | resolve  | assigned, in_progress, reopened               | resolved                                        |
 * | transfer | assigned, in_progress, reopened               | assigned (to another agency)                    |
 * | close    | resolved                                      | closed                                          |
 * | reopen   | resolved, closed                              | reopened                                        |
 * | merge    | any open status                               | merged (final; see duplicates.ts)               |
 * | score    | resolved, closed, and open after a resolution | unchanged (the resident's 1–5) ³                |
 * | extend   | any open status                               | unchanged (one clock's due date, once) ⁴        |
 * | supervise| every status                                  | unchanged (the Front's note, public) ⁵          |
 * | locate   | any open status                               | unchanged (the place: group, address, pin) ⁶    |
 * | hide, unhide | every status                              | unchanged (public pages only) ⁷                 |
 * | publish_result | resolved, closed (result under review)    | unchanged (the result goes public) ⁷            |
 * | mark_media | every status                                | unchanged (a photo fit for public pages) ⁷      |
 * | split    | any open status                               | unchanged (part of the text becomes a case) ⁸   |
 *
 * ¹ An override that keeps the agency and only moves the due date leaves an in_progress case in_progress.
 * ² When the case's own agency answers an assigned or reopened case, the work has visibly started: the case moves
 *   to in_progress. Anyone else answering (reception asking for details, a leader) leaves the status alone.
 * ³ "The people give the score": the app follows a score of 3–5 with `close` (by 'score') and 1–2 with `reopen`;
 *   a late score (the case already closed, or reopened by another reporter) is still recorded.
 * ⁴ A deadline (clocks.ts) may be extended once, with a reason the resident is told; extending `resolution`
 *   moves cases.due_at.
 * ⁵ The Fatherland Front's supervision note: visible to staff and marked as the Front's on the public record.
 *   `close` has its own actors: by 'score' the reporter, by 'front' a Front supervisor confirming a result nobody
 *   scored, by 'unscored' (or the older 'timeout') the auto-close job, by 'staff' a leader or admin.
 * ⁶ The reporter says where it is after filing (an emergency is filed before the place is known); staff
 *   may correct it. The event records what was given, never the address or the coordinates themselves.
 *
 * ⁷ Publication (issue 12, domain/public/publication.ts): staff hide a case from public pages with a reason and
 *   show it again, publish a result waiting for review (the publication job does it at the deadline), and mark a
 *   photo publishable or not. Their events are internal except `publish_result`, which the public history shows.
 *
 * ⁸ A message that mixes a complaint or denunciation with ordinary feedback is handled as two cases (Law 42/2013
 *   Art. 25; split.ts): the original keeps its text and its `split` event records, as its note, what became the
 *   new case; the new case gets its own `split` event pointing back (`splitPartEvent`). Both are internal; the
 *   reporters are told both codes.
 *
 * Staff classify only verified cases, so a resident hears "verified" before a person reworks their report; the
 * routing job may assign a received case directly, the commune's rules standing in for that check, and reception
 * can still reject it until an agency takes it. After that a case is resolved or transferred, never rejected.
 * The routing job (system actor) assigns only cases that have no agency yet: a case it finds already assigned
 * was handled by a person first, and the person wins. Events carry the actor; on a denunciation, whoever renders
 * them must hide a resident actor unless `canSeeReporterIdentity` allows it.
 */

/** Database ids: whatever the persistence layer uses, compared with ===. */
export type Id = string | number;

export const CASE_STATUSES = [
  'received',
  'verified',
  'rejected',
  'classified',
  'assigned',
  'in_progress',
  'resolved',
  'closed',
  'reopened',
  'merged',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Statuses in which the commune still owes the resident something. */
export const OPEN_STATUSES: readonly CaseStatus[] = [
  'received',
  'verified',
  'classified',
  'assigned',
  'in_progress',
  'reopened',
];
/** Statuses no action leaves (except an internal note). */
export const FINAL_STATUSES: readonly CaseStatus[] = ['rejected', 'merged'];
/** Statuses with a running deadline. */
export const DEADLINE_STATUSES: readonly CaseStatus[] = ['assigned', 'in_progress', 'reopened'];

/**
 * Triage (issue 3): denunciations and crime tips seal the reporter's identity, complaints and denunciations are
 * never merged. A crime tip (tố giác tội phạm: drugs, gambling, smuggling…) is for the commune police (issue 11).
 */
export const CASE_TYPES = [
  'feedback',
  'complaint',
  'denunciation',
  'crime_tip',
  'procedure',
  'emergency',
] as const;
export type CaseType = (typeof CASE_TYPES)[number];

export const REJECT_REASONS = ['spam', 'duplicate', 'out_of_scope', 'other'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** The resident's satisfaction score given when closing (VIETNAM.md §1.5, Art. 34). */
export const SCORE_MIN = 1;
export const SCORE_MAX = 5;

/** A photo or document sent as proof of the result; `ref` is the attachment's id or URL, opaque here. */
export type EvidenceRef = { readonly kind: 'image' | 'file'; readonly ref: string };

/** What the workflow needs to know about a case to decide. */
export interface CaseSnapshot {
  readonly id: Id;
  readonly code: string;
  readonly status: CaseStatus;
  readonly caseType: CaseType;
  readonly categoryId: Id | null;
  readonly areaId: Id | null;
  readonly agencyId: Id | null;
  readonly dueAt: Date | null;
  /** From the case's category: whether `resolve` needs at least one evidence attachment. */
  readonly requiresEvidence: boolean;
  /** Every resident subscribed to the case: the original reporter and those of merged duplicates. */
  readonly reporterIds: readonly Id[];
  /** The case is, or once was, of a sealed type: its reporter stays sealed whatever its type (permissions.ts). */
  readonly identitySealed: boolean;
  /** The clocks whose deadline was already extended (a deadline is extended once). */
  readonly extendedClocks?: readonly ClockKind[];
  /** When the case was last resolved, and last scored by a resident: "unscored" means no score since. */
  readonly resolvedAt?: Date | null;
  readonly scoredAt?: Date | null;
  /** Publication (issue 12): when staff hid the case from public pages, when its result was published. */
  readonly publicHiddenAt?: Date | null;
  readonly publishedAt?: Date | null;
}

export type CaseAction =
  | { readonly type: 'verify'; readonly note?: string }
  | { readonly type: 'reject'; readonly reason: RejectReason; readonly text?: string }
  | {
      readonly type: 'classify';
      readonly categoryId: Id;
      readonly areaId: Id | null;
      readonly caseType?: CaseType;
    }
  | { readonly type: 'assign'; readonly agencyId: Id; readonly dueAt: Date; readonly note?: string }
  | { readonly type: 'take' }
  | { readonly type: 'answer'; readonly text: string }
  | { readonly type: 'resolve'; readonly resultText: string; readonly evidence: readonly EvidenceRef[] }
  | { readonly type: 'transfer'; readonly agencyId: Id; readonly dueAt: Date; readonly note?: string }
  | { readonly type: 'note'; readonly text: string }
  /** Staff correct the triage (issue 3): the type decides the legal procedure and who may see the reporter. */
  | { readonly type: 'retype'; readonly caseType: CaseType; readonly note?: string }
  /** Closing after a resident's score of 3–5; the score itself is the `score` action's event. */
  | { readonly type: 'close'; readonly by: 'score' }
  | {
      readonly type: 'close';
      readonly by: 'front' | 'unscored' | 'timeout' | 'staff';
      readonly note?: string;
    }
  | { readonly type: 'reopen'; readonly reason?: string; readonly dueAt?: Date }
  | { readonly type: 'merge'; readonly survivor: { readonly id: Id; readonly code: string } }
  | { readonly type: 'score'; readonly score: number; readonly comment?: string; readonly via: 'zalo' }
  | {
      readonly type: 'extend';
      readonly clock: ClockKind;
      /** The clock's due date now, and the new one (later). */
      readonly currentDueAt: Date;
      readonly dueAt: Date;
      readonly reason: string;
    }
  | { readonly type: 'supervise'; readonly text: string }
  /** Where it is; an absent field is left as it is. */
  | {
      readonly type: 'locate';
      readonly areaId?: Id;
      readonly address?: string;
      readonly location?: { readonly latitude: number; readonly longitude: number };
    }
  // ── Publication (issue 12) ──
  | { readonly type: 'hide'; readonly reason: string }
  | { readonly type: 'unhide' }
  | { readonly type: 'publish_result' }
  | { readonly type: 'mark_media'; readonly attachmentId: Id; readonly publishable: boolean }
  /** Part of the text becomes a case of its own (split.ts); the new case's id and code go in the app's event data. */
  | { readonly type: 'split'; readonly text: string };
export type CaseActionType = CaseAction['type'];

/** The changed fields after an action; `status` is always present, other keys only when they change. */
export interface CasePatch {
  readonly status: CaseStatus;
  readonly caseType?: CaseType;
  /** Only ever true: a case that takes a sealed type is sealed for good (never cleared). */
  readonly identitySealed?: true;
  readonly categoryId?: Id;
  readonly areaId?: Id | null;
  readonly agencyId?: Id;
  readonly dueAt?: Date;
  readonly rejectReason?: RejectReason;
  readonly resultText?: string;
  readonly resolvedAt?: Date | null;
  readonly closedAt?: Date | null;
  readonly satisfactionScore?: number;
  readonly scoredAt?: Date;
  readonly mergedIntoCaseId?: Id;
  readonly reporterIds?: readonly Id[];
  readonly address?: string;
  readonly location?: { readonly latitude: number; readonly longitude: number };
  /** Hidden from public pages since, with the reason; null shows the case again. */
  readonly publicHidden?: { readonly at: Date; readonly reason: string } | null;
  readonly publishedAt?: Date;
}

export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * `absorb` is the survivor's side of a merge (duplicates.ts); `refused` records an attempt that was refused
 * (issue 4: every refusal leaves an audit event).
 */
export type CaseEventAction = CaseActionType | 'absorb' | 'refused';

export interface CaseEvent {
  readonly caseId: Id;
  readonly action: CaseEventAction;
  readonly fromStatus: CaseStatus;
  readonly toStatus: CaseStatus;
  readonly actor: Actor;
  readonly at: Date;
  /** The human text of the event, as typed: the answer, the result, the reason, the internal note. */
  readonly note?: string;
  /** Structured details (reason codes, agency ids, ISO due dates, evidence), JSON-ready. */
  readonly data?: { readonly [key: string]: JsonValue };
  /** Staff-only: never shown to the resident or published (internal notes, refusals). */
  readonly internal: boolean;
  /** The change matters to the resident and goes down the delivery chain to every reporter. */
  readonly notifyResident: boolean;
}

export type RefusalReason =
  | AuthorizationRefusal
  /** The action is not legal from the case's current status (see `currentStatus`). */
  | 'illegal_transition'
  /** An answer, result, note or "other" rejection with no text. */
  | 'text_required'
  /** `resolve` without an evidence attachment on a category that requires one. */
  | 'evidence_required'
  /** `transfer` to the agency that already has the case. */
  | 'same_agency'
  /** `retype` to the type the case already has. */
  | 'same_type'
  /** A due date that is not a date or not in the future. */
  | 'invalid_due_date'
  /** A score that is not an integer from SCORE_MIN to SCORE_MAX. */
  | 'invalid_score'
  /** `extend` on a clock whose deadline was already extended once. */
  | 'already_extended'
  /** The Front or the auto-close job closing a result a resident has scored since it was resolved. */
  | 'already_scored'
  /** Merging a case into itself. */
  | 'merge_into_self'
  /** Complaints and denunciations are individual by law and are never merged. */
  | 'not_mergeable'
  /** The survivor of a merge is not open. */
  | 'survivor_not_open'
  /** A case whose reporter is sealed merged into one whose reporters are shown (permissions.ts isIdentitySealed). */
  | 'sealed_reporter'
  /** `hide` on a hidden case, `unhide` on a shown one. */
  | 'already_hidden'
  | 'not_hidden'
  /** `publish_result` when the result is already public. */
  | 'already_published';

export type ActionResult =
  | { readonly ok: true; readonly next: CasePatch; readonly event: CaseEvent }
  | { readonly ok: false; readonly reason: RefusalReason; readonly currentStatus?: CaseStatus };

const allStatuses: readonly CaseStatus[] = CASE_STATUSES;
const unassignedStatuses: readonly CaseStatus[] = ['received', 'verified', 'classified'];

/** Statuses each action is legal from. */
export const LEGAL_FROM: Readonly<Record<CaseActionType, readonly CaseStatus[]>> = {
  verify: ['received'],
  reject: ['received', 'verified', 'classified', 'assigned'],
  classify: ['verified', 'classified'],
  assign: [...unassignedStatuses, 'assigned', 'in_progress', 'reopened'],
  take: ['assigned', 'reopened'],
  answer: [...OPEN_STATUSES, 'resolved'],
  resolve: ['assigned', 'in_progress', 'reopened'],
  transfer: ['assigned', 'in_progress', 'reopened'],
  note: allStatuses,
  retype: [...OPEN_STATUSES, 'resolved'],
  close: ['resolved'],
  reopen: ['resolved', 'closed'],
  merge: OPEN_STATUSES,
  score: ['resolved', 'closed', 'reopened', 'assigned', 'in_progress'],
  extend: OPEN_STATUSES,
  supervise: allStatuses,
  locate: OPEN_STATUSES,
  hide: allStatuses,
  unhide: allStatuses,
  publish_result: ['resolved', 'closed'],
  mark_media: allStatuses,
  split: OPEN_STATUSES,
};

const actionTypes = Object.keys(LEGAL_FROM) as CaseActionType[];

/** The patch that seals a case taking a sealed type; nothing ever unseals it. */
function sealing(caseType: CaseType): Pick<CasePatch, 'identitySealed'> {
  return isSealedType(caseType) ? { identitySealed: true } : {};
}

function refuse(reason: RefusalReason): ActionResult {
  return { ok: false, reason };
}

function statusAllows(c: CaseSnapshot, type: CaseActionType, actor: Actor): boolean {
  if (!LEGAL_FROM[type].includes(c.status)) return false;
  if (type === 'assign' && actor.kind === 'system') return unassignedStatuses.includes(c.status);
  return true;
}

function isFutureDate(value: Date, now: Date): boolean {
  return !Number.isNaN(value.getTime()) && value.getTime() > now.getTime();
}

function hasText(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

/** Who may close a case in each way (permissions.ts grants `close`; this says which closing is whose). */
function closerMatches(by: 'score' | 'front' | 'unscored' | 'timeout' | 'staff', actor: Actor): boolean {
  switch (by) {
    case 'score':
      return actor.kind === 'resident';
    case 'unscored':
    case 'timeout':
      return actor.kind === 'system';
    case 'front':
      return actor.kind === 'staff' && actor.role === 'front_supervisor';
    case 'staff':
      return actor.kind === 'staff' && actor.role !== 'front_supervisor';
  }
}

/** A resident scored the result after it was last resolved. */
function scoredSinceResolved(c: Pick<CaseSnapshot, 'resolvedAt' | 'scoredAt'>): boolean {
  if (c.scoredAt === undefined || c.scoredAt === null) return false;
  return (
    c.resolvedAt === undefined || c.resolvedAt === null || c.scoredAt.getTime() >= c.resolvedAt.getTime()
  );
}

/** The actions this actor may attempt on the case now (for buttons and help). Payload checks still apply. */
export function allowedActions(c: CaseSnapshot, actor: Actor): CaseActionType[] {
  return actionTypes.filter((type) => authorize(actor, type, c) === null && statusAllows(c, type, actor));
}

/** Overdue only while a deadline runs: resolved, closed, rejected and merged cases are never overdue. */
export function isCaseOverdue(c: Pick<CaseSnapshot, 'status' | 'dueAt'>, now: Date): boolean {
  return c.dueAt !== null && DEADLINE_STATUSES.includes(c.status) && isOverdue(c.dueAt, now);
}

/** The audit event for a refused attempt: internal, status unchanged. */
export function refusalEvent(
  c: Pick<CaseSnapshot, 'id' | 'status'>,
  attempted: CaseActionType,
  actor: Actor,
  reason: RefusalReason,
  now: Date,
): CaseEvent {
  return {
    caseId: c.id,
    action: 'refused',
    fromStatus: c.status,
    toStatus: c.status,
    actor,
    at: now,
    data: { attempted, reason },
    internal: true,
    notifyResident: false,
  };
}

/**
 * Applies one action. Checks run in this order, so an actor without rights learns nothing about the case:
 * authorization, then the status, then the action's own requirements.
 */
export function applyAction(c: CaseSnapshot, action: CaseAction, actor: Actor, now: Date): ActionResult {
  const newType = action.type === 'retype' || action.type === 'classify' ? action.caseType : undefined;
  const denied =
    authorize(actor, action.type, c) ??
    (newType === undefined ? null : authorizeTypeChange(actor, c.caseType, newType));
  if (denied !== null) return refuse(denied);
  if (!statusAllows(c, action.type, actor)) {
    return { ok: false, reason: 'illegal_transition', currentStatus: c.status };
  }

  const done = (
    next: CasePatch,
    event: Pick<CaseEvent, 'note' | 'data'> & { notifyResident: boolean; internal?: boolean },
  ): ActionResult => ({
    ok: true,
    next,
    event: {
      caseId: c.id,
      action: action.type,
      fromStatus: c.status,
      toStatus: next.status,
      actor,
      at: now,
      ...(event.note === undefined ? {} : { note: event.note }),
      ...(event.data === undefined ? {} : { data: event.data }),
      internal: event.internal ?? false,
      notifyResident: event.notifyResident,
    },
  });
  const optionalNote = (text: string | undefined): string | undefined =>
    hasText(text) ? text.trim() : undefined;

  switch (action.type) {
    case 'verify':
      return done({ status: 'verified' }, { note: optionalNote(action.note), notifyResident: true });

    case 'reject':
      if (action.reason === 'other' && !hasText(action.text)) return refuse('text_required');
      return done(
        { status: 'rejected', rejectReason: action.reason },
        { note: optionalNote(action.text), data: { reason: action.reason }, notifyResident: true },
      );

    case 'classify':
      return done(
        {
          status: 'classified',
          categoryId: action.categoryId,
          areaId: action.areaId,
          ...(action.caseType === undefined ? {} : { caseType: action.caseType, ...sealing(action.caseType) }),
        },
        {
          data: {
            categoryId: action.categoryId,
            areaId: action.areaId,
            caseType: action.caseType ?? c.caseType,
            previous: { categoryId: c.categoryId, areaId: c.areaId, caseType: c.caseType },
          },
          notifyResident: false,
        },
      );

    case 'assign': {
      if (!isFutureDate(action.dueAt, now)) return refuse('invalid_due_date');
      const sameAgency = c.agencyId !== null && c.agencyId === action.agencyId;
      const status: CaseStatus = sameAgency && c.status === 'in_progress' ? 'in_progress' : 'assigned';
      return done(
        { status, agencyId: action.agencyId, dueAt: action.dueAt },
        {
          note: optionalNote(action.note),
          data: {
            agencyId: action.agencyId,
            previousAgencyId: c.agencyId,
            dueAt: action.dueAt.toISOString(),
          },
          notifyResident: !sameAgency,
        },
      );
    }

    case 'take':
      return done({ status: 'in_progress' }, { notifyResident: false });

    case 'answer': {
      if (!hasText(action.text)) return refuse('text_required');
      const byCaseAgency = actor.kind === 'staff' && actor.agencyId !== null && actor.agencyId === c.agencyId;
      const starts = byCaseAgency && (c.status === 'assigned' || c.status === 'reopened');
      return done(
        { status: starts ? 'in_progress' : c.status },
        { note: action.text.trim(), notifyResident: true },
      );
    }

    case 'resolve':
      if (!hasText(action.resultText)) return refuse('text_required');
      if (c.requiresEvidence && action.evidence.length === 0) return refuse('evidence_required');
      return done(
        { status: 'resolved', resultText: action.resultText.trim(), resolvedAt: now, closedAt: null },
        {
          note: action.resultText.trim(),
          data: { evidence: action.evidence.map((e) => ({ kind: e.kind, ref: e.ref })) },
          notifyResident: true,
        },
      );

    case 'transfer':
      if (action.agencyId === c.agencyId) return refuse('same_agency');
      if (!isFutureDate(action.dueAt, now)) return refuse('invalid_due_date');
      return done(
        { status: 'assigned', agencyId: action.agencyId, dueAt: action.dueAt },
        {
          note: optionalNote(action.note),
          data: {
            agencyId: action.agencyId,
            previousAgencyId: c.agencyId,
            dueAt: action.dueAt.toISOString(),
          },
          notifyResident: true,
        },
      );

    case 'note':
      if (!hasText(action.text)) return refuse('text_required');
      return done({ status: c.status }, { note: action.text.trim(), internal: true, notifyResident: false });

    case 'retype':
      if (action.caseType === c.caseType) return refuse('same_type');
      return done(
        { status: c.status, caseType: action.caseType, ...sealing(action.caseType) },
        {
          ...(action.note && hasText(action.note) ? { note: action.note.trim() } : {}),
          data: { caseType: action.caseType, previous: c.caseType },
          internal: true,
          notifyResident: false,
        },
      );

    case 'close': {
      if (!closerMatches(action.by, actor)) return refuse('role_not_allowed');
      if (action.by === 'score') {
        return done({ status: 'closed', closedAt: now }, { data: { by: 'score' }, notifyResident: false });
      }
      if ((action.by === 'front' || action.by === 'unscored') && scoredSinceResolved(c)) {
        return refuse('already_scored');
      }
      return done(
        { status: 'closed', closedAt: now },
        { note: optionalNote(action.note), data: { by: action.by }, notifyResident: true },
      );
    }

    case 'score': {
      if (!Number.isInteger(action.score) || action.score < SCORE_MIN || action.score > SCORE_MAX) {
        return refuse('invalid_score');
      }
      const comment = optionalNote(action.comment);
      return done(
        { status: c.status, satisfactionScore: action.score, scoredAt: now },
        {
          data: { score: action.score, via: action.via, ...(comment === undefined ? {} : { comment }) },
          notifyResident: false,
        },
      );
    }

    case 'extend': {
      if (!hasText(action.reason)) return refuse('text_required');
      if ((c.extendedClocks ?? []).includes(action.clock)) return refuse('already_extended');
      if (!isFutureDate(action.dueAt, now) || action.dueAt.getTime() <= action.currentDueAt.getTime()) {
        return refuse('invalid_due_date');
      }
      return done(
        { status: c.status, ...(action.clock === 'resolution' ? { dueAt: action.dueAt } : {}) },
        {
          note: action.reason.trim(),
          data: {
            clock: action.clock,
            dueAt: action.dueAt.toISOString(),
            previousDueAt: action.currentDueAt.toISOString(),
          },
          notifyResident: true,
        },
      );
    }

    case 'supervise':
      if (!hasText(action.text)) return refuse('text_required');
      return done(
        { status: c.status },
        { note: action.text.trim(), data: { front: true }, internal: false, notifyResident: false },
      );

    case 'reopen':
      if (action.dueAt !== undefined && !isFutureDate(action.dueAt, now)) return refuse('invalid_due_date');
      return done(
        {
          status: 'reopened',
          resolvedAt: null,
          closedAt: null,
          ...(action.dueAt === undefined ? {} : { dueAt: action.dueAt }),
        },
        {
          note: optionalNote(action.reason),
          ...(action.dueAt === undefined ? {} : { data: { dueAt: action.dueAt.toISOString() } }),
          notifyResident: actor.kind !== 'resident',
        },
      );

    case 'locate': {
      const address = optionalNote(action.address);
      if (action.areaId === undefined && address === undefined && action.location === undefined) {
        return refuse('text_required');
      }
      return done(
        {
          status: c.status,
          ...(action.areaId === undefined ? {} : { areaId: action.areaId }),
          ...(address === undefined ? {} : { address }),
          ...(action.location === undefined ? {} : { location: action.location }),
        },
        {
          data: {
            ...(action.areaId === undefined ? {} : { areaId: action.areaId, previousAreaId: c.areaId }),
            address: address !== undefined,
            pin: action.location !== undefined,
          },
          notifyResident: false,
        },
      );
    }

    case 'hide':
      if (!hasText(action.reason)) return refuse('text_required');
      if ((c.publicHiddenAt ?? null) !== null) return refuse('already_hidden');
      return done(
        { status: c.status, publicHidden: { at: now, reason: action.reason.trim() } },
        { note: action.reason.trim(), internal: true, notifyResident: false },
      );

    case 'unhide':
      if ((c.publicHiddenAt ?? null) === null) return refuse('not_hidden');
      return done({ status: c.status, publicHidden: null }, { internal: true, notifyResident: false });

    case 'publish_result':
      if ((c.publishedAt ?? null) !== null) return refuse('already_published');
      return done({ status: c.status, publishedAt: now }, { data: { by: actor.kind }, notifyResident: false });

    case 'mark_media':
      return done(
        { status: c.status },
        {
          data: { attachmentId: String(action.attachmentId), publishable: action.publishable },
          internal: true,
          notifyResident: false,
        },
      );

    case 'split':
      if (!hasText(action.text)) return refuse('text_required');
      return done(
        { status: c.status },
        { note: action.text.trim(), data: { role: 'original' }, internal: true, notifyResident: true },
      );

    case 'merge':
      if (action.survivor.id === c.id) return refuse('merge_into_self');
      if (c.caseType === 'complaint' || c.caseType === 'denunciation') return refuse('not_mergeable');
      return done(
        { status: 'merged', mergedIntoCaseId: action.survivor.id },
        {
          data: { survivorCaseId: action.survivor.id, survivorCode: action.survivor.code },
          notifyResident: true,
        },
      );
  }
}

/**
 * The new case's side of a split: its own `split` event, by the same actor, pointing back at the case it came
 * from. Internal, and nothing to tell: the reporters hear about both codes through the original's event.
 */
export function splitPartEvent(
  part: Pick<CaseSnapshot, 'id' | 'status'>,
  from: Pick<CaseSnapshot, 'id' | 'code'>,
  actor: Actor,
  now: Date,
): CaseEvent {
  return {
    caseId: part.id,
    action: 'split',
    fromStatus: part.status,
    toStatus: part.status,
    actor,
    at: now,
    data: { role: 'part', fromCaseId: from.id, fromCode: from.code },
    internal: true,
    notifyResident: false,
  };
}
