import type { CaseAction, CaseStatus, CaseType, RefusalReason } from '../../domain/case/workflow';
import type { StaffActor } from '../../domain/staff/permissions';
import { lockCaseByCode } from '../../db/repos/case-work';
import { findAgency } from '../../db/repos/reference';
import type { AppDeps } from '../deps';
import { flushAfterCommit } from '../after-commit';
import type { ClockKind } from '../../domain/case/clocks';
import type { ExtensionTarget } from '../../domain/staff/commands';
import { performCaseAction } from './act';
import { planExtension } from './clocks';
import { dueDateFor } from './facts';
import { mergeCases } from './merge';
import { attachmentOfCase } from '../public/publication';
import { splitCase, type SplitPartSummary } from './split';

/**
 * Case actions of the admin API, a machine client acting with the `admin` role (permissions.ts): it may do any
 * workflow action but never sees who made a denunciation. Its events carry `actorRef: 'admin-api'` (ADMIN_TOKEN) or `admin-token-<id>` (a commune's token).
 */
export const ADMIN_API_ACTOR: StaffActor = { kind: 'staff', staffId: 'admin-api', role: 'admin', agencyId: null };

export type AdminActionResult =
  | { ok: true; status: string; agencyId: number | null; dueAt: Date | null }
  | { ok: false; notFound: string }
  | { ok: false; refused: RefusalReason; currentStatus?: CaseStatus };

/** The reception officer's override: (re)assign a case to an agency, due by `dueAt` or the rules' deadline. */
export async function overrideAssignment(
  deps: AppDeps,
  communeId: number,
  code: string,
  input: { agencyId: number; dueAt?: Date; note?: string },
  actor: StaffActor = ADMIN_API_ACTOR,
): Promise<AdminActionResult> {
  const now = deps.now();
  const result = await deps.db.transaction(async (tx) => {
    const agency = await findAgency(tx, communeId, input.agencyId);
    if (!agency?.active) return { result: { ok: false, notFound: 'agency' } as const, outboxIds: [] };
    const caseRow = await lockCaseByCode(tx, communeId, code);
    if (!caseRow) return { result: { ok: false, notFound: 'case' } as const, outboxIds: [] };
    const dueAt =
      input.dueAt ?? (await dueDateFor(tx, { communeId, row: caseRow, agencyId: agency.id, now, timeZone: deps.config.TZ }));
    const acted = await performCaseAction(tx, {
      caseRow,
      actor,
      action: { type: 'assign', agencyId: agency.id, dueAt, ...(input.note ? { note: input.note } : {}) },
      now,
      timeZone: deps.config.TZ,
      links: deps.mediaLinks,
      publicBaseUrl: deps.config.PUBLIC_BASE_URL,
    });
    if (!acted.ok) {
      return {
        result: { ok: false, refused: acted.reason, ...(acted.currentStatus ? { currentStatus: acted.currentStatus } : {}) } as const,
        outboxIds: [],
      };
    }
    return {
      result: { ok: true, status: acted.caseRow.status, agencyId: acted.caseRow.agencyId, dueAt: acted.caseRow.dueAt } as const,
      outboxIds: acted.outboxIds,
    };
  });
  await flushAfterCommit(deps, { outboxIds: result.outboxIds, caseRouteIds: [] });
  return result.result;
}

/** Merges the duplicate `code` into `intoCode`: every reporter stays subscribed and is told (merge.ts). */
export async function mergeDuplicate(deps: AppDeps, communeId: number, code: string, intoCode: string, actor: StaffActor = ADMIN_API_ACTOR): Promise<AdminActionResult> {
  const now = deps.now();
  const result = await deps.db.transaction(async (tx) => {
    // Lock in code order so two opposite merges cannot deadlock.
    const [first, second] = [code, intoCode].sort();
    const a = await lockCaseByCode(tx, communeId, first ?? code);
    const b = await lockCaseByCode(tx, communeId, second ?? intoCode);
    const duplicate = a?.code === code ? a : b?.code === code ? b : undefined;
    const survivor = a?.code === intoCode ? a : b?.code === intoCode ? b : undefined;
    if (!duplicate) return { result: { ok: false, notFound: 'case' } as const, outboxIds: [] };
    if (!survivor) return { result: { ok: false, notFound: 'survivor' } as const, outboxIds: [] };
    const merged = await mergeCases(tx, { duplicate, survivor, actor, now });
    if (!merged.ok) {
      return {
        result: { ok: false, refused: merged.reason, ...(merged.currentStatus ? { currentStatus: merged.currentStatus } : {}) } as const,
        outboxIds: [],
      };
    }
    return { result: { ok: true, status: 'merged', agencyId: duplicate.agencyId, dueAt: duplicate.dueAt } as const, outboxIds: merged.outboxIds };
  });
  await flushAfterCommit(deps, { outboxIds: result.outboxIds, caseRouteIds: [] });
  return result.result;
}

/** Corrects the automatic triage (issue 3: staff can correct it); an internal event records old and new type. */
export async function retypeCase(
  deps: AppDeps,
  communeId: number,
  code: string,
  input: { caseType: CaseType; note?: string },
  actor: StaffActor = ADMIN_API_ACTOR,
): Promise<AdminActionResult> {
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const caseRow = await lockCaseByCode(tx, communeId, code);
    if (!caseRow) return { ok: false, notFound: 'case' } as const;
    const acted = await performCaseAction(tx, {
      caseRow,
      actor,
      action: { type: 'retype', caseType: input.caseType, ...(input.note ? { note: input.note } : {}) },
      now,
      timeZone: deps.config.TZ,
      links: deps.mediaLinks,
      publicBaseUrl: deps.config.PUBLIC_BASE_URL,
    });
    if (!acted.ok) return { ok: false, refused: acted.reason, ...(acted.currentStatus ? { currentStatus: acted.currentStatus } : {}) } as const;
    return { ok: true, status: acted.caseRow.status, agencyId: acted.caseRow.agencyId, dueAt: acted.caseRow.dueAt } as const;
  });
}

/** Extends one deadline of a case once, with a reason the resident is told (issue 10; the staff twin is /giahan). */
export async function extendDeadline(
  deps: AppDeps,
  communeId: number,
  code: string,
  input: { clock?: ClockKind; until: ExtensionTarget; reason: string },
  actor: StaffActor = ADMIN_API_ACTOR,
): Promise<AdminActionResult | { ok: false; invalid: 'no_clock' | 'not_a_date' }> {
  const now = deps.now();
  const result = await deps.db.transaction(async (tx) => {
    const caseRow = await lockCaseByCode(tx, communeId, code);
    if (!caseRow) return { result: { ok: false, notFound: 'case' } as const, outboxIds: [] };
    const plan = await planExtension(tx, {
      caseRow,
      ...(input.clock === undefined ? {} : { clock: input.clock }),
      until: input.until,
      now,
      timeZone: deps.config.TZ,
    });
    if (!plan.ok) return { result: { ok: false, invalid: plan.reason } as const, outboxIds: [] };
    const acted = await performCaseAction(tx, {
      caseRow,
      actor,
      action: { type: 'extend', clock: plan.clock.kind, currentDueAt: plan.clock.dueAt, dueAt: plan.dueAt, reason: input.reason },
      now,
      timeZone: deps.config.TZ,
      links: deps.mediaLinks,
    });
    if (!acted.ok) {
      return {
        result: { ok: false, refused: acted.reason, ...(acted.currentStatus ? { currentStatus: acted.currentStatus } : {}) } as const,
        outboxIds: [],
      };
    }
    return {
      result: { ok: true, status: acted.caseRow.status, agencyId: acted.caseRow.agencyId, dueAt: plan.dueAt } as const,
      outboxIds: acted.outboxIds,
    };
  });
  await flushAfterCommit(deps, { outboxIds: result.outboxIds, caseRouteIds: [] });
  return result.result;
}

/**
 * Publication actions of the admin API (issue 12): hide or show a case on public pages, publish a result waiting
 * for review, clear a photo for publication. Each goes through the workflow and leaves its event.
 */
export async function publicationAction(
  deps: AppDeps,
  communeId: number,
  code: string,
  action: Extract<CaseAction, { type: 'hide' | 'unhide' | 'publish_result' | 'mark_media' }>,
  actor: StaffActor = ADMIN_API_ACTOR,
): Promise<AdminActionResult> {
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const caseRow = await lockCaseByCode(tx, communeId, code);
    if (!caseRow) return { ok: false, notFound: 'case' } as const;
    if (action.type === 'mark_media' && !(await attachmentOfCase(tx, caseRow.id, Number(action.attachmentId)))) {
      return { ok: false, notFound: 'attachment' } as const;
    }
    const acted = await performCaseAction(tx, { caseRow, actor, action, now, links: deps.mediaLinks, timeZone: deps.config.TZ, publicBaseUrl: deps.config.PUBLIC_BASE_URL });
    if (!acted.ok) return { ok: false, refused: acted.reason, ...(acted.currentStatus ? { currentStatus: acted.currentStatus } : {}) } as const;
    return { ok: true, status: acted.caseRow.status, agencyId: acted.caseRow.agencyId, dueAt: acted.caseRow.dueAt } as const;
  });
}

/**
 * Splits part of a case's text off into a case of its own (Law 42/2013 Art. 25; split.ts), routed after commit by
 * its own type. The admin API's twin of `/tach`.
 */
export async function splitOff(
  deps: AppDeps,
  communeId: number,
  code: string,
  text: string,
  actor: StaffActor = ADMIN_API_ACTOR,
): Promise<{ ok: true; code: string; part: SplitPartSummary } | Exclude<AdminActionResult, { ok: true }>> {
  const now = deps.now();
  const result = await deps.db.transaction(async (tx) => {
    const caseRow = await lockCaseByCode(tx, communeId, code);
    if (!caseRow) return { result: { ok: false, notFound: 'case' } as const, outboxIds: [], caseRouteIds: [] };
    const split = await splitCase(tx, {
      caseRow,
      actor,
      text,
      now,
      publicBaseUrl: deps.config.PUBLIC_BASE_URL,
    });
    if (!split.ok) {
      return {
        result: { ok: false, refused: split.reason, ...(split.currentStatus ? { currentStatus: split.currentStatus } : {}) } as const,
        outboxIds: [],
        caseRouteIds: [],
      };
    }
    return {
      result: { ok: true, code: caseRow.code, part: split.part } as const,
      outboxIds: split.outboxIds,
      caseRouteIds: split.caseRouteIds,
    };
  });
  await flushAfterCommit(deps, { outboxIds: result.outboxIds, caseRouteIds: result.caseRouteIds });
  return result.result;
}
