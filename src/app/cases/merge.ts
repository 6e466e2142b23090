import { planMerge } from '../../domain/case/duplicates';
import { statusLabel } from '../../domain/case/notices';
import type { CaseStatus, RefusalReason } from '../../domain/case/workflow';
import { renderText } from '../../domain/text/catalog';
import type { Actor } from '../../domain/staff/permissions';
import type { Tx } from '../../db/client';
import { addSubscribers, appendCaseEvent, applyCasePatch, caseById, subscribersOf } from '../../db/repos/case-work';
import { insertOutbox } from '../../db/repos/outbox';
import type { CaseRow } from '../../db/schema';
import { textMessage } from '../../zalo/render';
import { clocksAfterChange } from './clocks';
import { snapshotOf } from './facts';
import { CASE_UPDATE_MEDIA_PURPOSE, notifyResidents } from './notify-resident';

/**
 * Merges a duplicate into the case that survives (duplicates.ts planMerge): the duplicate becomes `merged`, its
 * reporters are told where their report went and become subscribers (`merged_reporter`) of the survivor, and
 * each newcomer gets the survivor's current status once, since they missed its earlier updates. From then on
 * every update of the survivor reaches all of them: nobody reports the same pothole twice.
 * Both rows must be locked by the caller (lower id first, to avoid deadlocks).
 */
export async function mergeCases(
  tx: Tx,
  input: { duplicate: CaseRow; survivor: CaseRow; actor: Actor; now: Date },
): Promise<{ ok: true; outboxIds: number[] } | { ok: false; reason: RefusalReason; currentStatus?: CaseStatus }> {
  const { duplicate, survivor, actor, now } = input;
  const plan = planMerge(await snapshotOf(tx, duplicate), await snapshotOf(tx, survivor), actor, now);
  if (!plan.ok) {
    await appendCaseEvent(tx, {
      communeId: duplicate.communeId,
      caseId: duplicate.id,
      action: 'refused',
      fromStatus: duplicate.status,
      toStatus: duplicate.status,
      actor,
      data: { attempted: 'merge', reason: plan.reason, survivorCode: survivor.code },
      internal: true,
      at: now,
    });
    return { ok: false, reason: plan.reason, ...(plan.currentStatus ? { currentStatus: plan.currentStatus } : {}) };
  }
  const { duplicate: dup, survivor: surv, newSubscriberIds } = plan.plan;

  await applyCasePatch(tx, duplicate.id, dup.next, now);
  const mergeEventId = await appendCaseEvent(tx, {
    communeId: duplicate.communeId,
    caseId: duplicate.id,
    action: dup.event.action,
    fromStatus: dup.event.fromStatus,
    toStatus: dup.event.toStatus,
    actor,
    data: { ...(dup.event.data ?? {}) },
    internal: dup.event.internal,
    at: now,
  });
  await appendCaseEvent(tx, {
    communeId: survivor.communeId,
    caseId: survivor.id,
    action: surv.event.action,
    fromStatus: surv.event.fromStatus,
    toStatus: surv.event.toStatus,
    actor,
    data: { ...(surv.event.data ?? {}) },
    internal: surv.event.internal,
    at: now,
  });
  const merged = (await caseById(tx, duplicate.id)) ?? duplicate;
  await clocksAfterChange(tx, { after: merged, action: 'merge', now });
  const outboxIds = await notifyResidents(tx, {
    caseRow: merged,
    sourceEventId: mergeEventId,
    facts: {
      action: 'merge',
      code: duplicate.code,
      status: 'merged',
      agencyName: null,
      dueAt: null,
      note: null,
      survivorCode: survivor.code,
    },
    now,
  });

  const newcomers = newSubscriberIds.map(Number);
  await addSubscribers(tx, survivor.communeId, survivor.id, newcomers, 'merged_reporter', now);
  const subscribers = (await subscribersOf(tx, survivor.id)).filter((s) => newcomers.includes(s.residentId));
  outboxIds.push(
    ...(await insertOutbox(
      tx,
      subscribers.map((s) => ({
        communeId: survivor.communeId,
        zaloUserId: s.zaloUserId,
        caseId: survivor.id,
        purpose: CASE_UPDATE_MEDIA_PURPOSE,
        message: textMessage(
          renderText('case.update.mergedState', { code: survivor.code, status: statusLabel(survivor.status, s.locale) }, s.locale),
        ),
        dedupKey: `merge-${duplicate.id}-into-${survivor.id}-r-${s.residentId}`,
      })),
    )),
  );
  return { ok: true, outboxIds };
}
