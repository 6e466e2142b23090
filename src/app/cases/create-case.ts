import { eq } from 'drizzle-orm';
import { formatCaseCode } from '../../domain/case/code';
import type { CaseDraft, MediaKind } from '../../domain/conversation/types';
import { isSealedType } from '../../domain/staff/permissions';
import type { Tx } from '../../db/client';
import { findCaseBySourceInbox, nextCaseSeq } from '../../db/repos/cases';
import { caseAttachments, caseEvents, caseSubscribers, cases, categories, residents, type AttachmentKind, type Commune, type Resident } from '../../db/schema';
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

/** A resident's photos, voice notes, videos and files are kept as report attachments of their kind. */
const REPORT_KIND: Record<MediaKind, AttachmentKind> = {
  photo: 'report_photo',
  audio: 'report_audio',
  video: 'report_video',
  file: 'report_file',
};

/**
 * Files a resident's confirmed draft as a case in status `received`: the case row with a fresh code, the
 * `receive` event, the report's photos, voice notes, videos and files, and the reporter's subscription. Idempotent per inbox event. The phone
 * is stored only when the resident consented (the draft carries it only then). Routing happens after commit
 * (the case.route job), so the resident's confirmation is never held up by it.
 */
export async function createCase(
  tx: Tx,
  input: {
    commune: Commune;
    /** The Zalo resident who reported; null for a case filed by an Open311 client for its own user (issue 12). */
    resident: Resident | null;
    draft: CaseDraft;
    /** The inbox event that filed it (idempotency); null when the case did not come through the webhook. */
    inboxId: number | null;
    now: Date;
    source?: string;
    reporterEmail?: string | null;
    /** More facts for the `receive` event (the Open311 client and the consent its user gave). */
    receiveData?: Record<string, unknown>;
    /**
     * A case split off another (split.ts): its reporter (subscribed by the caller, never re-remembering a phone)
     * and whether that case's reporter was sealed, which the part keeps.
     */
    splitFrom?: { reporterResidentId: number | null; identitySealed: boolean };
  },
): Promise<CreatedCase> {
  const { commune, resident, draft, now } = input;
  const category = draft.categoryId === null ? undefined : (await tx.select().from(categories).where(eq(categories.id, draft.categoryId)))[0];
  const expectedResponseDays = category?.deadlineWorkingDays ?? DEFAULT_RESPONSE_DAYS;

  const existing = input.inboxId === null ? undefined : await findCaseBySourceInbox(tx, commune.id, input.inboxId);
  if (existing) return { caseId: existing.id, code: existing.code, expectedResponseDays, created: false };

  const code = formatCaseCode(commune.caseCodePrefix, await nextCaseSeq(tx, commune.id));
  const [row] = await tx
    .insert(cases)
    .values({
      communeId: commune.id,
      code,
      status: 'received',
      caseType: draft.caseType,
      identitySealed: isSealedType(draft.caseType) || input.splitFrom?.identitySealed === true,
      triageSignals: draft.triageSignals,
      categoryId: category?.id ?? null,
      areaId: draft.areaId,
      description: draft.description,
      latitude: draft.location?.latitude ?? null,
      longitude: draft.location?.longitude ?? null,
      address: draft.address,
      source: input.source ?? 'zalo',
      reporterResidentId: resident?.id ?? input.splitFrom?.reporterResidentId ?? null,
      reporterPhone: draft.phone,
      reporterName: draft.name,
      reporterEmail: input.reporterEmail ?? null,
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
    actorKind: resident === null ? 'system' : 'resident',
    actorResidentId: resident?.id ?? null,
    data: {
      caseType: draft.caseType,
      photos: draft.media.filter((m) => m.kind === 'photo').length,
      attachments: draft.media.length,
      channel: input.source ?? 'zalo',
      ...input.receiveData,
    },
    createdAt: now,
  });
  if (draft.media.length > 0) {
    await tx.insert(caseAttachments).values(
      draft.media.map((item) => ({
        communeId: commune.id,
        caseId: row.id,
        kind: REPORT_KIND[item.kind],
        url: item.url,
        thumbnailUrl: item.thumbnailUrl ?? null,
        fileName: item.name ?? null,
        createdAt: now,
      })),
    );
  }
  // The law's clocks start at the filing (clocks.ts): first answer, status notice, transfer, the type's own.
  await startFilingClocks(tx, { communeId: commune.id, caseId: row.id, caseType: draft.caseType, filedAt: now });
  // A case filed by an Open311 client has no Zalo resident to subscribe or to update (issue 12).
  if (resident === null) return { caseId: row.id, code, expectedResponseDays, created: true };
  await tx
    .insert(caseSubscribers)
    .values({ communeId: commune.id, caseId: row.id, residentId: resident.id, role: 'reporter', createdAt: now })
    .onConflictDoNothing();
  if (draft.phone !== null) {
    await tx.update(residents).set({ phone: draft.phone }).where(eq(residents.id, resident.id));
  }
  return { caseId: row.id, code, expectedResponseDays, created: true };
}
