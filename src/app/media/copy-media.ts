import fs from 'node:fs';
import { judgeContent } from '../../domain/media/policy';
import { markMediaCopied, markMediaUncopied, mediaById, startMediaAttempt } from '../../db/repos/media';
import type { MediaObject } from '../../db/schema';
import { fetchOrigin } from '../../media/fetch-origin';
import { sniffBytes } from '../../media/sniff';
import type { AppDeps } from '../deps';

export type CopyOutcome = 'copied' | 'rejected' | 'failed' | 'skipped';

/** A transient failure: BullMQ retries the job with backoff (queues.ts). */
export class MediaCopyRetry extends Error {
  override name = 'MediaCopyRetry';
}

/**
 * The `media.copy` job: download one recorded URL from Zalo's CDN, check size and type (the bytes decide,
 * domain/media/policy.ts), store it under our key and mark the row copied. Idempotent: a row no longer pending
 * is left alone, and a retry after a crash writes the same key again. Permanent refusals (not allowed, too
 * large, wrong type, link gone) settle the row at once as `rejected`; transient ones throw MediaCopyRetry
 * until the last attempt, which settles it as `failed`. Logs carry ids and reasons, never the URL.
 */
export async function copyMedia(
  deps: AppDeps,
  mediaId: number,
  attempt: { last: boolean },
): Promise<CopyOutcome> {
  const { config, logger } = deps;
  const existing = await mediaById(deps.db, mediaId);
  if (existing?.status !== 'pending') return 'skipped';
  const row = await startMediaAttempt(deps.db, mediaId, deps.now());
  if (!row) return 'skipped';
  const log = logger.child({ mediaId, communeId: row.communeId, kind: row.kind });

  const fetched = await fetchOrigin(row.originUrl, {
    policy: { hosts: config.MEDIA_SOURCE_HOSTS, origins: config.MEDIA_SOURCE_ORIGINS },
    maxBytes: config.MEDIA_MAX_BYTES,
    timeoutMs: config.MEDIA_FETCH_TIMEOUT_MS,
  });
  if (!fetched.ok) {
    if (fetched.permanent) return settle(deps, row, 'rejected', fetched.reason);
    if (attempt.last) return settle(deps, row, 'failed', fetched.reason);
    log.warn({ reason: fetched.reason, attempts: row.attempts }, 'media copy will be retried');
    throw new MediaCopyRetry(fetched.reason);
  }
  try {
    const { sniffed, looksLikeText } = await sniffBytes(fetched.head);
    const verdict = judgeContent({
      kind: row.kind,
      sniffed,
      fileName: row.fileName,
      looksLikeText,
      size: fetched.size,
    });
    if (!verdict.ok) return await settle(deps, row, 'rejected', verdict.reason);
    const key = mediaKey(row, verdict.extension);
    await deps.media.put(key, fs.createReadStream(fetched.file), {
      contentType: verdict.contentType,
      size: fetched.size,
    });
    await markMediaCopied(
      deps.db,
      row.id,
      { storageKey: key, contentType: verdict.contentType, sizeBytes: fetched.size, sha256: fetched.sha256 },
      deps.now(),
    );
    log.info(
      { size: fetched.size, contentType: verdict.contentType, store: deps.media.kind },
      'media copied',
    );
    return 'copied';
  } catch (err) {
    // The store refused or the database went away: retried like a download error, never left half-done.
    if (attempt.last)
      return await settle(deps, row, 'failed', `store_${err instanceof Error ? err.name : 'error'}`);
    throw err;
  } finally {
    await fetched.dispose();
  }
}

async function settle(
  deps: AppDeps,
  row: MediaObject,
  status: 'rejected' | 'failed',
  reason: string,
): Promise<CopyOutcome> {
  await markMediaUncopied(deps.db, row.id, status, reason, deps.now());
  deps.logger.warn(
    { mediaId: row.id, communeId: row.communeId, kind: row.kind, reason, attempts: row.attempts },
    `media ${status}`,
  );
  return status;
}

/** `<commune>/<yyyy-mm>/<media id>.<ext>`: ours, stable across retries, and free of anything the sender chose. */
export function mediaKey(
  row: Pick<MediaObject, 'id' | 'communeId' | 'createdAt'>,
  extension: string,
): string {
  const month = row.createdAt.toISOString().slice(0, 7);
  return `${row.communeId}/${month}/${row.id}.${extension.toLowerCase().replace(/[^a-z0-9]/g, '') || 'bin'}`;
}
