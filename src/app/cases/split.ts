import { excerpt } from '../../domain/case/notices';
import { splitPart } from '../../domain/case/split';
import { ALERT_EXCERPT_CHARS } from '../../domain/conversation/turn';
import {
  applyAction,
  refusalEvent,
  splitPartEvent,
  type CaseStatus,
  type CaseType,
  type RefusalReason,
} from '../../domain/case/workflow';
import { type Actor, isIdentitySealed } from '../../domain/staff/permissions';
import type { Tx } from '../../db/client';
import { addSubscribers, appendCaseEvent, caseById, subscribersOf } from '../../db/repos/case-work';
import { findCommuneById } from '../../db/repos/communes';
import { listCategories } from '../../db/repos/reference';
import type { CaseRow } from '../../db/schema';
import { eventRow } from './act';
import { queueDutyAlert } from './alert-duty';
import { createCase } from './create-case';
import { snapshotOf } from './facts';
import { notifyResidents } from './notify-resident';

/**
 * Splits part of a case's text off into a case of its own (Law 42/2013 Art. 25: a complaint or denunciation and
 * ordinary feedback in one message are handled apart). The workflow decides (`split`); the new case is filed like
 * any other (createCase: its code, its clocks, the `receive` event) with the part's own triage and category
 * suggestion (domain/case/split.ts), the original's reporter, consent, e-mail and residential group; every
 * subscriber of the original is subscribed to it with the same role. A sealed reporter stays sealed in both. Each
 * case gets a `split` event pointing at the other, the original keeps its text (its event's note is what was
 * split off), and the reporters are told both codes through the delivery chain. The new case is routed after
 * commit by its own type (the caller queues `caseRouteIds`); an emergency part alerts the on-duty officers at once.
 * The caller holds the original's row lock.
 */

export interface SplitPartSummary {
  caseId: number;
  code: string;
  caseType: CaseType;
  categoryId: number | null;
}

export type SplitOutcome =
  | { ok: true; part: SplitPartSummary; outboxIds: number[]; caseRouteIds: number[] }
  | { ok: false; reason: RefusalReason; currentStatus?: CaseStatus };

export async function splitCase(
  tx: Tx,
  input: { caseRow: CaseRow; actor: Actor; text: string; now: Date; publicBaseUrl?: string },
): Promise<SplitOutcome> {
  const { caseRow: original, actor, now } = input;
  const snapshot = await snapshotOf(tx, original);
  const action = { type: 'split', text: input.text } as const;
  const decided = applyAction(snapshot, action, actor, now);
  if (!decided.ok) {
    await appendCaseEvent(
      tx,
      eventRow(original.communeId, original.id, refusalEvent(snapshot, 'split', actor, decided.reason, now)),
    );
    return {
      ok: false,
      reason: decided.reason,
      ...(decided.currentStatus ? { currentStatus: decided.currentStatus } : {}),
    };
  }

  const commune = await findCommuneById(tx, original.communeId);
  if (!commune) throw new Error('a case without its commune');
  const categories = await listCategories(tx, commune.id, { activeOnly: true });
  const part = splitPart(decided.event.note ?? input.text, categories);
  const created = await createCase(tx, {
    commune,
    resident: null,
    inboxId: null,
    now,
    source: original.source,
    reporterEmail: original.reporterEmail,
    receiveData: { splitFrom: { caseId: original.id, code: original.code } },
    splitFrom: {
      reporterResidentId: original.reporterResidentId,
      identitySealed: isIdentitySealed(snapshot),
    },
    draft: {
      categoryId: part.categoryId,
      description: part.description,
      media: [],
      location: null,
      address: null,
      areaId: original.areaId,
      phone: original.reporterPhone,
      name: original.reporterName,
      caseType: part.caseType,
      triageSignals: part.triageSignals,
      consentNoticeVersion: original.consentNoticeVersion,
    },
  });
  const subscribers = await subscribersOf(tx, original.id);
  for (const role of ['reporter', 'merged_reporter'] as const) {
    const ids = subscribers.filter((s) => s.role === role).map((s) => s.residentId);
    await addSubscribers(tx, commune.id, created.caseId, ids, role, now);
  }

  const eventId = await appendCaseEvent(
    tx,
    eventRow(commune.id, original.id, decided.event, {
      partCaseId: created.caseId,
      partCode: created.code,
      partType: part.caseType,
    }),
  );
  const partRow = await caseById(tx, created.caseId);
  if (!partRow) throw new Error('the split-off case vanished');
  await appendCaseEvent(tx, eventRow(commune.id, partRow.id, splitPartEvent(partRow, original, actor, now)));

  const outboxIds = await notifyResidents(tx, {
    caseRow: original,
    sourceEventId: eventId,
    facts: {
      action: 'split',
      code: original.code,
      status: original.status,
      agencyName: null,
      dueAt: original.dueAt,
      note: null,
      partCode: created.code,
    },
    now,
    ...(input.publicBaseUrl === undefined ? {} : { publicBaseUrl: input.publicBaseUrl }),
  });
  if (part.caseType === 'emergency') {
    const alert = await queueDutyAlert(tx, {
      communeId: commune.id,
      caseId: created.caseId,
      code: created.code,
      communeName: commune.name,
      stage: 'new',
      excerpt: excerpt(part.description, ALERT_EXCERPT_CHARS),
      place: null,
      now,
      ...(original.source === 'zalo' ? {} : { channel: original.source }),
    });
    outboxIds.push(...alert.outboxIds);
  }
  return {
    ok: true,
    part: {
      caseId: created.caseId,
      code: created.code,
      caseType: part.caseType,
      categoryId: part.categoryId,
    },
    outboxIds,
    caseRouteIds: [created.caseId],
  };
}
