import { type Actor, authorize, isIdentitySealed } from '../staff/permissions';
import {
  type CaseEvent,
  type CasePatch,
  type CaseSnapshot,
  type CaseStatus,
  type CaseType,
  type Id,
  type RefusalReason,
  OPEN_STATUSES,
  applyAction,
} from './workflow';

/**
 * Possible duplicates: the same pothole reported by ten neighbours should be one case that informs ten people.
 * Detection only links a new case to open ones for the reception officer; merging is a person's decision.
 *
 * A candidate is a possible duplicate when all of these hold:
 * - it is open (OPEN_STATUSES) and in the same category;
 * - neither case is a complaint or a denunciation: those are individual by law (VIETNAM.md §1.3, §1.4);
 * - the two were received within `windowHours` of each other;
 * - they are close in place: when both have coordinates, within `maxDistanceMeters` (haversine), and then the
 *   coordinates decide alone, since one residential area can span kilometres; otherwise the same residential
 *   area.
 *
 * The score (0..1) ranks candidates for the officer: half from closeness in time, half from closeness in place
 * (a shared area without coordinates counts as half-close, being coarser than a distance).
 */

export interface GeoPoint {
  readonly lat: number;
  readonly lng: number;
}

export interface DuplicateProbe {
  readonly id: Id;
  readonly code: string;
  readonly status: CaseStatus;
  readonly caseType: CaseType;
  readonly categoryId: Id | null;
  readonly areaId: Id | null;
  readonly location: GeoPoint | null;
  readonly receivedAt: Date;
  readonly reporterIds: readonly Id[];
}

export interface DuplicateOptions {
  readonly windowHours: number;
  readonly maxDistanceMeters: number;
}

/** Three days covers a weekend of neighbours reporting the same thing; 150 m is "the same stretch of road". */
export const DEFAULT_DUPLICATE_OPTIONS: DuplicateOptions = { windowHours: 72, maxDistanceMeters: 150 };

export type DuplicateReason =
  | { readonly kind: 'same_category' }
  | { readonly kind: 'close_in_time'; readonly hours: number }
  | { readonly kind: 'close_in_place'; readonly meters: number }
  | { readonly kind: 'same_area' }
  | { readonly kind: 'same_reporter' };

export interface DuplicateMatch {
  readonly caseId: Id;
  readonly code: string;
  readonly score: number;
  readonly reasons: readonly DuplicateReason[];
}

const earthRadiusMeters = 6_371_008.8;
const hourMs = 60 * 60 * 1000;
const individualTypes: readonly CaseType[] = ['complaint', 'denunciation'];

const toRadians = (degrees: number): number => (degrees * Math.PI) / 180;
const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** Great-circle distance in metres. */
export function haversineMeters(a: GeoPoint, b: GeoPoint): number {
  const dLat = toRadians(b.lat - a.lat);
  const dLng = toRadians(b.lng - a.lng);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(toRadians(a.lat)) * Math.cos(toRadians(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * earthRadiusMeters * Math.asin(Math.min(1, Math.sqrt(h)));
}

function matchOne(
  probe: DuplicateProbe,
  candidate: DuplicateProbe,
  options: DuplicateOptions,
): DuplicateMatch | null {
  if (candidate.id === probe.id || !OPEN_STATUSES.includes(candidate.status)) return null;
  if (probe.categoryId === null || candidate.categoryId !== probe.categoryId) return null;
  if (individualTypes.includes(probe.caseType) || individualTypes.includes(candidate.caseType)) return null;

  const hours = Math.abs(probe.receivedAt.getTime() - candidate.receivedAt.getTime()) / hourMs;
  if (!(hours <= options.windowHours)) return null;
  const reasons: DuplicateReason[] = [
    { kind: 'same_category' },
    { kind: 'close_in_time', hours: round(hours, 1) },
  ];

  let placeCloseness: number;
  if (probe.location !== null && candidate.location !== null) {
    const meters = haversineMeters(probe.location, candidate.location);
    if (!(meters <= options.maxDistanceMeters)) return null;
    reasons.push({ kind: 'close_in_place', meters: Math.round(meters) });
    placeCloseness = options.maxDistanceMeters === 0 ? 1 : 1 - meters / options.maxDistanceMeters;
  } else if (probe.areaId !== null && probe.areaId === candidate.areaId) {
    reasons.push({ kind: 'same_area' });
    placeCloseness = 0.5;
  } else {
    return null;
  }

  if (probe.reporterIds.some((id) => candidate.reporterIds.includes(id)))
    reasons.push({ kind: 'same_reporter' });
  const timeCloseness = options.windowHours === 0 ? 1 : 1 - hours / options.windowHours;
  return {
    caseId: candidate.id,
    code: candidate.code,
    score: round((timeCloseness + placeCloseness) / 2, 2),
    reasons,
  };
}

/** The open cases the new one may duplicate, best match first. */
export function findPossibleDuplicates(
  probe: DuplicateProbe,
  candidates: readonly DuplicateProbe[],
  options: DuplicateOptions = DEFAULT_DUPLICATE_OPTIONS,
): DuplicateMatch[] {
  if (!(options.windowHours >= 0) || !(options.maxDistanceMeters >= 0)) {
    throw new RangeError('duplicate window and distance must be non-negative numbers');
  }
  return candidates
    .map((candidate) => matchOne(probe, candidate, options))
    .filter((match): match is DuplicateMatch => match !== null)
    .sort((a, b) => b.score - a.score);
}

export interface MergePlan {
  /** The duplicate becomes `merged`, pointing at the survivor; its reporters are told where their report went. */
  readonly duplicate: { readonly next: CasePatch; readonly event: CaseEvent };
  /** The survivor keeps its status and gains every reporter of the duplicate. */
  readonly survivor: { readonly next: CasePatch; readonly event: CaseEvent };
  /**
   * Reporters newly subscribed to the survivor: from now on they receive its updates, and the app should send
   * them its current state once, since they missed the earlier ones.
   */
  readonly newSubscriberIds: readonly Id[];
}

export type MergeResult =
  | { readonly ok: true; readonly plan: MergePlan }
  | { readonly ok: false; readonly reason: RefusalReason; readonly currentStatus?: CaseStatus };

/**
 * What merging `duplicate` into `survivor` does, as data: nothing is lost, both cases get an event, and nobody
 * has to report the same pothole twice. The survivor must be open and must not be a complaint or denunciation.
 */
export function planMerge(
  duplicate: CaseSnapshot,
  survivor: CaseSnapshot,
  actor: Actor,
  now: Date,
): MergeResult {
  const merged = applyAction(
    duplicate,
    { type: 'merge', survivor: { id: survivor.id, code: survivor.code } },
    actor,
    now,
  );
  if (!merged.ok) return merged;
  const denied = authorize(actor, 'merge', survivor);
  if (denied !== null) return { ok: false, reason: denied };
  if (!OPEN_STATUSES.includes(survivor.status)) return { ok: false, reason: 'survivor_not_open' };
  if (individualTypes.includes(survivor.caseType)) return { ok: false, reason: 'not_mergeable' };
  // Sealed once, sealed for good: a sealed reporter would become a subscriber (and an id in the survivor's events)
  // of a case whose reporters agencies and admins see. Merging the other way round keeps everyone sealed.
  if (isIdentitySealed(duplicate) && !isIdentitySealed(survivor)) return { ok: false, reason: 'sealed_reporter' };

  const newSubscriberIds = duplicate.reporterIds.filter(
    (id, index) => !survivor.reporterIds.includes(id) && duplicate.reporterIds.indexOf(id) === index,
  );
  return {
    ok: true,
    plan: {
      duplicate: { next: merged.next, event: merged.event },
      survivor: {
        next: { status: survivor.status, reporterIds: [...survivor.reporterIds, ...newSubscriberIds] },
        event: {
          caseId: survivor.id,
          action: 'absorb',
          fromStatus: survivor.status,
          toStatus: survivor.status,
          actor,
          at: now,
          data: {
            mergedCaseId: duplicate.id,
            mergedCaseCode: duplicate.code,
            addedReporterIds: newSubscriberIds,
          },
          internal: false,
          notifyResident: false,
        },
      },
      newSubscriberIds,
    },
  };
}
