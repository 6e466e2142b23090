import { and, eq } from 'drizzle-orm';
import {
  publicationOnResolve,
  publicationSettings,
  type PublicationSettings,
} from '../../domain/public/publication';
import type { DbOrTx, Tx } from '../../db/client';
import { findCommuneById } from '../../db/repos/communes';
import { holidayDays } from '../../db/repos/reference';
import { caseAttachments, cases, type CaseRow, type Commune } from '../../db/schema';

/**
 * Publication on the clock (issue 12): what `performCaseAction` does besides the workflow's patch when a result
 * is recorded or a photo is marked (publish-due.ts publishes results whose review deadline has come).
 */

/** `communes.settings.publication` of a commune row, checked field by field. */
export function settingsOf(commune: Pick<Commune, 'settings'>): PublicationSettings {
  return publicationSettings(commune.settings.publication);
}

/** A result was just recorded: published now, or held for review until the deadline. */
export async function scheduleResultPublication(
  tx: Tx,
  caseRow: CaseRow,
  now: Date,
  timeZone: string,
): Promise<void> {
  const commune = await findCommuneById(tx, caseRow.communeId);
  const settings = settingsOf(commune ?? { settings: {} });
  const fields = publicationOnResolve(
    settings,
    now,
    settings.review ? await holidayDays(tx, caseRow.communeId) : [],
    timeZone,
  );
  await tx.update(cases).set(fields).where(eq(cases.id, caseRow.id));
}

/** Applies a `mark_media` event's decision to the attachment, which must belong to the case. */
export async function setAttachmentPublishable(
  tx: Tx,
  caseId: number,
  attachmentId: number,
  publishable: boolean,
): Promise<void> {
  await tx
    .update(caseAttachments)
    .set({ publishable })
    .where(and(eq(caseAttachments.id, attachmentId), eq(caseAttachments.caseId, caseId)));
}

export async function attachmentOfCase(db: DbOrTx, caseId: number, attachmentId: number) {
  const [row] = await db
    .select()
    .from(caseAttachments)
    .where(and(eq(caseAttachments.id, attachmentId), eq(caseAttachments.caseId, caseId)));
  return row;
}
