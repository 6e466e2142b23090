import { DEFAULT_TIME_ZONE } from '../../domain/case/deadlines';
import type { UpdateFacts } from '../../domain/case/notices';
import {
  type CaseAction,
  type CaseEvent,
  type CaseSnapshot,
  type CaseStatus,
  type RefusalReason,
  applyAction,
  refusalEvent,
} from '../../domain/case/workflow';
import type { Actor } from '../../domain/staff/permissions';
import type { Tx } from '../../db/client';
import { addAttachments, appendCaseEvent, applyCasePatch, caseById } from '../../db/repos/case-work';
import type { CaseRow } from '../../db/schema';
import type { MediaLinks } from '../media/links';
import { scheduleResultPublication, setAttachmentPublishable } from '../public/publication';
import { notifyAgencyOfAssignment } from '../staff/notify-staff';
import { clocksAfterChange } from './clocks';
import { namesOf, snapshotOf } from './facts';
import { notifyResidents, type Evidence } from './notify-resident';
import { askForScore } from './score-question';

/**
 * The one way the app changes a case: the pure workflow decides (domain/case/workflow.ts applyAction), this
 * persists the patch and its event in the caller's transaction, and writes the notices the change implies:
 * the residents' update (down the delivery chain) and, when the case lands at an agency, that agency's
 * officers. It keeps the case's clocks in step (clocks.ts) and, after a resolution, asks every reporter for
 * their score in the same turn as the result (score-question.ts). A refusal is recorded too, as an internal
 * audit event. The caller holds the case row lock.
 */

export type ActOutcome =
  | { ok: true; caseRow: CaseRow; eventId: number; outboxIds: number[] }
  | { ok: false; reason: RefusalReason; currentStatus?: CaseStatus; eventId: number };

export interface ActInput {
  caseRow: CaseRow;
  actor: Actor;
  action: CaseAction;
  /** Evidence of a result (resolve), stored as attachments and sent to the residents with the result. */
  evidence?: readonly Evidence[];
  /** Extra details for the event (e.g. the audit context of a refusal). */
  data?: Record<string, unknown>;
  now: Date;
  snapshot?: CaseSnapshot;
  /** Who the residents read as the sender of an answer or result (an agency or the commune, never a person). */
  signature?: string;
  /** The commune's time zone for the clocks and a result's review deadline (config TZ); Asia/Ho_Chi_Minh by default. */
  timeZone?: string;
  /** Staff notices show our copies of the case's media once copied (media/links.ts). */
  links: MediaLinks;
  /** PUBLIC_BASE_URL, so residents' updates link to the case's public page (issue 12). */
  publicBaseUrl?: string;
}

/** A domain event as the case_events row appendCaseEvent writes, with extra details the app knows. */
export function eventRow(communeId: number, caseId: number, event: CaseEvent, extra: Record<string, unknown> = {}) {
  return {
    communeId,
    caseId,
    action: event.action,
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    actor: event.actor,
    note: event.note ?? null,
    data: { ...(event.data ?? {}), ...extra },
    internal: event.internal,
    at: event.at,
  };
}

export async function performCaseAction(tx: Tx, input: ActInput): Promise<ActOutcome> {
  const { caseRow, actor, action, now } = input;
  const snapshot = input.snapshot ?? (await snapshotOf(tx, caseRow));
  const result = applyAction(snapshot, action, actor, now);
  if (!result.ok) {
    const eventId = await appendCaseEvent(
      tx,
      eventRow(caseRow.communeId, caseRow.id, refusalEvent(snapshot, action.type, actor, result.reason, now), input.data),
    );
    return { ok: false, reason: result.reason, ...(result.currentStatus ? { currentStatus: result.currentStatus } : {}), eventId };
  }

  await applyCasePatch(tx, caseRow.id, result.next, now);
  // Publication (issue 12): a new result is published now or held for review; a photo's decision is applied.
  if (action.type === 'resolve') await scheduleResultPublication(tx, caseRow, now, input.timeZone ?? DEFAULT_TIME_ZONE);
  if (action.type === 'mark_media') {
    await setAttachmentPublishable(tx, caseRow.id, Number(action.attachmentId), action.publishable);
  }
  const evidence = input.evidence ?? [];
  const eventId = await appendCaseEvent(tx, eventRow(caseRow.communeId, caseRow.id, result.event, input.data));
  if (evidence.length > 0) {
    await addAttachments(
      tx,
      caseRow.communeId,
      caseRow.id,
      evidence.map((e) => ({ kind: e.kind === 'image' ? 'evidence_photo' : 'evidence_file', url: e.url, fileName: e.fileName ?? null })),
      actor.kind === 'staff' && typeof actor.staffId === 'number' ? actor.staffId : null,
      now,
    );
  }
  const updated = (await caseById(tx, caseRow.id)) ?? caseRow;
  await clocksAfterChange(tx, {
    after: updated,
    action: action.type,
    now,
    ...(input.timeZone === undefined ? {} : { timeZone: input.timeZone }),
    ...(action.type === 'extend'
      ? { extension: { clock: action.clock, dueAt: action.dueAt, previousDueAt: action.currentDueAt, reason: action.reason.trim() } }
      : {}),
  });

  const outboxIds: number[] = [];
  if (result.event.notifyResident) {
    const names = await namesOf(tx, updated);
    const facts: UpdateFacts = {
      action: action.type,
      code: updated.code,
      status: updated.status,
      agencyName: input.signature ?? names.agencyName,
      // An extension tells the resident the extended clock's new date, whichever clock it is.
      dueAt: action.type === 'extend' ? action.dueAt : updated.dueAt,
      note: result.event.note ?? null,
      ...(result.next.rejectReason ? { rejectReason: result.next.rejectReason } : {}),
      ...(action.type === 'merge' ? { survivorCode: action.survivor.code } : {}),
      evidenceCount: evidence.length,
    };
    outboxIds.push(...(await notifyResidents(tx, {
        caseRow: updated,
        sourceEventId: eventId,
        facts,
        evidence,
        now,
        ...(input.publicBaseUrl === undefined ? {} : { publicBaseUrl: input.publicBaseUrl }),
      })));
  }
  if (action.type === 'resolve') outboxIds.push(...(await askForScore(tx, { caseRow: updated, resolveEventId: eventId, now })));
  const movedAgency = (action.type === 'assign' || action.type === 'transfer') && updated.agencyId !== caseRow.agencyId;
  if (movedAgency) outboxIds.push(...(await notifyAgencyOfAssignment(tx, { caseRow: updated, eventId, now, links: input.links })));
  return { ok: true, caseRow: updated, eventId, outboxIds };
}
