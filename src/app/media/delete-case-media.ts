import { markMediaDeleted, mediaOfCase } from '../../db/repos/media';
import type { AppDeps } from '../deps';

/**
 * Retention: removes our copies of a case's media (its attachments and follow-up photos) from the store and
 * marks their rows `deleted`; links already handed out then answer 404. The rows stay, without bytes, as the
 * record that something was received and removed. Data-subject requests will call this (a later issue).
 */
export async function deleteCaseMedia(
  deps: Pick<AppDeps, 'db' | 'media' | 'now' | 'logger'>,
  communeId: number,
  caseId: number,
): Promise<number> {
  const rows = (await mediaOfCase(deps.db, communeId, caseId)).filter((row) => row.status !== 'deleted');
  for (const row of rows) {
    if (row.storageKey !== null) await deps.media.delete(row.storageKey);
  }
  await markMediaDeleted(
    deps.db,
    rows.map((row) => row.id),
    deps.now(),
  );
  deps.logger.info({ communeId, caseId, deleted: rows.length }, 'case media deleted');
  return rows.length;
}
