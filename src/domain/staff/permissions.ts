import type { CaseActionType, CaseSnapshot, CaseType, Id } from '../case/workflow';

/**
 * Who may do what on a case. Kept apart from the transitions in workflow.ts: a refusal here never depends on
 * the case's status, so an actor without rights on a case learns nothing about its state.
 */

export const STAFF_ROLES = [
  'reception_officer',
  'agency_officer',
  'agency_leader',
  'commune_leader',
  'front_supervisor',
  'admin',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Background jobs acting on cases: the routing job assigns new cases, the auto-close job closes unscored ones, the
 * delivery chain records what reached the resident (it changes no status), the clocks job sends reminders; the
 * publication job publishes reviewed results at their deadline; `open311` records what an Open311 client posted
 * (issue 12). */
export type SystemJob = 'routing' | 'auto_close' | 'delivery' | 'clocks' | 'publication' | 'open311';

export type StaffActor = {
  readonly kind: 'staff';
  readonly staffId: Id;
  readonly role: StaffRole;
  /** The staff member's agency; required for agency officers and leaders, optional for commune-wide roles. */
  readonly agencyId: Id | null;
};
export type ResidentActor = { readonly kind: 'resident'; readonly residentId: Id };
export type SystemActor = { readonly kind: 'system'; readonly job: SystemJob };
export type Actor = StaffActor | ResidentActor | SystemActor;

export type AuthorizationRefusal =
  /** A resident (or anyone not linked as staff) tried a staff action. */
  | 'not_staff'
  /** The actor's role never makes this action. */
  | 'role_not_allowed'
  /** An agency officer or leader acting on a case that is not assigned to their agency. */
  | 'other_agency'
  /** A resident acting on a case they did not report. */
  | 'not_reporter'
  /** Taking a case out of a sealed type by a role that may not see its reporter (see `authorizeTypeChange`). */
  | 'unseal_not_allowed';

const allActions: readonly CaseActionType[] = [
  'verify',
  'reject',
  'classify',
  'assign',
  'take',
  'answer',
  'resolve',
  'transfer',
  'note',
  'retype',
  'close',
  'reopen',
  'merge',
  'extend',
  'locate',
  'hide',
  'unhide',
  'publish_result',
  'mark_media',
  'split',
];

/**
 * `anyCase`: actions on every case of the commune. `ownAgency`: actions only on cases currently assigned to the
 * actor's agency. Closing by staff is for leaders and admins; otherwise a case closes by the resident's score,
 * the Front's confirmation of a result nobody scored, or the auto-close job (workflow.ts says which closing is
 * whose). Extending a deadline is a leader's decision (and reception's, who owns the clocks before routing).
 *
 * The Fatherland Front supervises, it does not handle (its "second key"): it sees every case, records
 * supervision notes (`supervise`, public) and internal notes, confirms a result nobody scored (`close` by
 * 'front'), and reopens a result it finds wanting (`reopen`). `supervise` is the Front's alone: a note by anyone
 * else is not the Front's.
 */
const grants: Record<
  StaffRole,
  { anyCase: readonly CaseActionType[]; ownAgency: readonly CaseActionType[] }
> = {
  admin: { anyCase: allActions, ownAgency: [] },
  commune_leader: { anyCase: allActions, ownAgency: [] },
  reception_officer: {
    anyCase: [
      'verify',
      'reject',
      'classify',
      'retype',
      'assign',
      'transfer',
      'merge',
      'answer',
      'note',
      'reopen',
      'extend',
      'locate',
      'hide',
      'unhide',
      'publish_result',
      'mark_media',
      // Law 42/2013 Art. 25: reception splits a mixed message into a complaint or denunciation and feedback.
      'split',
    ],
    ownAgency: [],
  },
  // An agency leader vouches for the photos of their agency's cases (e.g. the after-photo of a repair).
  agency_leader: {
    anyCase: [],
    ownAgency: ['take', 'answer', 'resolve', 'transfer', 'note', 'reopen', 'extend', 'mark_media'],
  },
  agency_officer: { anyCase: [], ownAgency: ['take', 'answer', 'resolve', 'transfer', 'note'] },
  front_supervisor: { anyCase: ['note', 'supervise', 'close', 'reopen'], ownAgency: [] },
};

const residentActions: readonly CaseActionType[] = ['close', 'reopen', 'score', 'locate'];
/** The publication job publishes a reviewed result at its deadline (issue 12). */
const systemActions: readonly CaseActionType[] = ['assign', 'close', 'publish_result'];

function isOwnAgency(actor: StaffActor, c: Pick<CaseSnapshot, 'agencyId'>): boolean {
  return actor.agencyId !== null && c.agencyId !== null && actor.agencyId === c.agencyId;
}

/** Null when the actor may attempt the action on this case; otherwise why not. */
export function authorize(
  actor: Actor,
  action: CaseActionType,
  c: Pick<CaseSnapshot, 'agencyId' | 'reporterIds'>,
): AuthorizationRefusal | null {
  switch (actor.kind) {
    case 'system':
      return systemActions.includes(action) ? null : 'role_not_allowed';
    case 'resident':
      if (!residentActions.includes(action)) return 'not_staff';
      return c.reporterIds.includes(actor.residentId) ? null : 'not_reporter';
    case 'staff': {
      const grant = grants[actor.role];
      if (grant.anyCase.includes(action)) return null;
      if (!grant.ownAgency.includes(action)) return 'role_not_allowed';
      return isOwnAgency(actor, c) ? null : 'other_agency';
    }
  }
}

/** Commune-wide staff see every case; agency staff the cases assigned to their agency; residents their own. */
export function canViewCase(actor: Actor, c: Pick<CaseSnapshot, 'agencyId' | 'reporterIds'>): boolean {
  switch (actor.kind) {
    case 'system':
      return true;
    case 'resident':
      return c.reporterIds.includes(actor.residentId);
    case 'staff':
      return actor.role === 'agency_officer' || actor.role === 'agency_leader' ? isOwnAgency(actor, c) : true;
  }
}

/**
 * Roles that may see who made a denunciation: the reception officer who must log it (Law 25/2018 Art. 24) and
 * the commune leader who resolves it. The denouncer's identity is sealed from everyone else (Art. 47, 56),
 * including admins: the workflow's "admin may do everything" does not extend to a legal secret.
 */
export const DENUNCIATION_IDENTITY_ROLES: readonly StaffRole[] = ['reception_officer', 'commune_leader'];

/** Case types whose reporter is sealed: denunciations (Law 25/2018) and crime tips (informants, CPC Art. 56). */
export const SEALED_TYPES: readonly CaseType[] = ['denunciation', 'crime_tip'];

export function isSealedType(caseType: CaseType): boolean {
  return SEALED_TYPES.includes(caseType);
}

/**
 * Sealed once, sealed for good: a case that is, or ever was, of a sealed type keeps its reporter sealed whatever
 * its type later (`cases.identity_sealed`, set by the workflow, kept by a trigger). A denouncer who wrote
 * "tố cáo" and is then retyped to feedback spoke under the law's protection; a retype cannot take it back.
 */
export function isIdentitySealed(c: Pick<CaseSnapshot, 'caseType' | 'identitySealed'>): boolean {
  return c.identitySealed || isSealedType(c.caseType);
}

/**
 * Changing a case's type (retype, or classify with a type) out of a sealed type is for the roles that may see the
 * reporter, who read the whole file and answer for the decision; not for admins, who never see a denunciation's
 * reporter. Into a sealed type, or between unsealed types, the grants of `authorize` decide alone.
 */
export function authorizeTypeChange(actor: Actor, from: CaseType, to: CaseType): AuthorizationRefusal | null {
  if (!isSealedType(from) || isSealedType(to)) return null;
  return actor.kind === 'staff' && DENUNCIATION_IDENTITY_ROLES.includes(actor.role)
    ? null
    : 'unseal_not_allowed';
}

/**
 * Whether the actor may see who reported the case (name, phone, Zalo id). Residents never see reporters through
 * a case view, not even co-reporters of a merged case; the system sees them to deliver updates. The Front
 * supervisor supervises the process, not people: its own use of personal data needs consent (VIETNAM.md §2).
 * Every view of a reporter (the admin API, /xem, staff notices) asks this; public pages, reports and Open311 show
 * no reporter at all.
 */
export function canSeeReporterIdentity(
  actor: Actor,
  c: Pick<CaseSnapshot, 'agencyId' | 'reporterIds' | 'caseType' | 'identitySealed'>,
): boolean {
  switch (actor.kind) {
    case 'system':
      return true;
    case 'resident':
      return false;
    case 'staff':
      if (!canViewCase(actor, c)) return false;
      if (isIdentitySealed(c)) return DENUNCIATION_IDENTITY_ROLES.includes(actor.role);
      return actor.role !== 'front_supervisor';
  }
}
