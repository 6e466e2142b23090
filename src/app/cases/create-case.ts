import { eq } from 'drizzle-orm';
import { formatCaseCode } from '../../domain/case/code';
import type { CaseDraft } from '../../domain/conversation/types';
import type { Tx } from '../../db/client';
import { findCaseBySourceInbox, nextCaseSeq } from '../../db/repos/cases';
import { caseAttachments, caseEvents, caseSubscribers, cases, categories, residents, type Commune, type Resident } from '../../db/schema';
import { startFilingClocks } from './clocks';

export interface CreatedCase {
  caseId: number;
  code: string;
  /** What the resident is told to expect: the category's deadline in working days. */
  expectedResponseDays: number;
  /** false when the inbox event had already filed this case (a replay): nothing new was written. */
  created: boolean;
}

const DEFAULT_RESPONSE_DAYS = 7;

/**
 * Files a resident's confirmed draft as a case in status `received`: the case row with a fresh code, the
 * `receive` event, the report photos and the reporter's subscription. Idempotent per inbox event. The phone
 * is stored only when the resident consented (the draft carries it only then). Routing happens after commit
 * (the case.route job), so the resident's confirmation is never held up by it.
 */
export async function createCase(
  tx: Tx,
  input: { commune: Commune; resident: Resident; draft: CaseDraft; inboxId: number; now: Date; source?: string },
): Promise<CreatedCase> {
  const { commune, resident, draft, now } = input;
  const category = draft.categoryId === null ? undefined : (await tx.select().from(categories).where(eq(categories.id, draft.categoryId)))[0];
  const expectedResponseDays = category?.deadlineWorkingDays ?? DEFAULT_RESPONSE_DAYS;

  const existing = await findCaseBySourceInbox(tx, commune.id, input.inboxId);
  if (existing) return { caseId: existing.id, code: existing.code, expectedResponseDays, created: false };

  const code = formatCaseCode(commune.caseCodePrefix, await nextCaseSeq(tx, commune.id));
  const [row] = await tx
    .insert(cases)
    .values({
      communeId: commune.id,
      code,
      status: 'received',
      caseType: draft.caseType,
      triageSignals: draft.triageSignals,
      categoryId: category?.id ?? null,
      areaId: draft.areaId,
      description: draft.description,
      latitude: draft.location?.latitude ?? null,
      longitude: draft.location?.longitude ?? null,
      address: draft.address,
      source: input.source ?? 'zalo',
      reporterResidentId: resident.id,
      reporterPhone: draft.phone,
      reporterName: draft.name,
      consentNoticeVersion: draft.consentNoticeVersion,
      sourceInboxId: input.inboxId,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: cases.id });
  if (!row) throw new Error('case insert returned nothing');

  await tx.insert(caseEvents).values({
    communeId: commune.id,
    caseId: row.id,
    action: 'receive',
    fromStatus: null,
    toStatus: 'received',
    actorKind: 'resident',
    actorResidentId: resident.id,
    data: { caseType: draft.caseType, photos: draft.photos.length, channel: input.source ?? 'zalo' },
    createdAt: now,
  });
  if (draft.photos.length > 0) {
    await tx.insert(caseAttachments).values(
      draft.photos.map((photo) => ({
        communeId: commune.id,
        caseId: row.id,
        kind: 'report_photo' as const,
        url: photo.url,
        thumbnailUrl: photo.thumbnailUrl ?? null,
        createdAt: now,
      })),
    );
  }
  await tx
    .insert(caseSubscribers)
    .values({ communeId: commune.id, caseId: row.id, residentId: resident.id, role: 'reporter', createdAt: now })
    .onConflictDoNothing();
  // The law's clocks start at the filing (clocks.ts): first answer, status notice, transfer, the type's own.
  await startFilingClocks(tx, { communeId: commune.id, caseId: row.id, caseType: draft.caseType, filedAt: now });
  if (draft.phone !== null) {
    await tx.update(residents).set({ phone: draft.phone }).where(eq(residents.id, resident.id));
  }
  return { caseId: row.id, code, expectedResponseDays, created: true };
}
