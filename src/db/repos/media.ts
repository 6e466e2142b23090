import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { MediaKind } from '../../domain/media/policy';
import type { DbOrTx } from '../client';
import { caseAttachments, caseEvents, mediaObjects, type MediaObject } from '../schema';

/** media_objects: one row per (commune, origin URL), from the inbound event that carried it to our copy. */

export function originHash(url: string): string {
  return createHash('sha256').update(url).digest('hex');
}

export interface NewMedia {
  communeId: number;
  inboxId: number;
  kind: MediaKind;
  originUrl: string;
  fileName: string | null;
}

/** Records media to copy; a URL this commune already has is skipped. Returns the ids of new rows. */
export async function recordMedia(db: DbOrTx, items: readonly NewMedia[], now: Date): Promise<number[]> {
  if (items.length === 0) return [];
  const rows = await db
    .insert(mediaObjects)
    .values(
      items.map((item) => ({
        ...item,
        originHash: originHash(item.originUrl),
        createdAt: now,
        updatedAt: now,
      })),
    )
    .onConflictDoNothing({ target: [mediaObjects.communeId, mediaObjects.originHash] })
    .returning({ id: mediaObjects.id });
  return rows.map((r) => r.id);
}

export async function mediaById(db: DbOrTx, id: number): Promise<MediaObject | undefined> {
  const [row] = await db.select().from(mediaObjects).where(eq(mediaObjects.id, id));
  return row;
}

/** Counts an attempt on a pending row; undefined when the row is no longer pending (another run settled it). */
export async function startMediaAttempt(db: DbOrTx, id: number, now: Date): Promise<MediaObject | undefined> {
  const [row] = await db
    .update(mediaObjects)
    .set({ attempts: sql`${mediaObjects.attempts} + 1`, updatedAt: now })
    .where(and(eq(mediaObjects.id, id), eq(mediaObjects.status, 'pending')))
    .returning();
  return row;
}

export async function markMediaCopied(
  db: DbOrTx,
  id: number,
  copy: { storageKey: string; contentType: string; sizeBytes: number; sha256: string },
  now: Date,
): Promise<void> {
  await db
    .update(mediaObjects)
    .set({ ...copy, status: 'copied', reason: null, copiedAt: now, updatedAt: now })
    .where(eq(mediaObjects.id, id));
}

export async function markMediaUncopied(
  db: DbOrTx,
  id: number,
  status: 'rejected' | 'failed',
  reason: string,
  now: Date,
): Promise<void> {
  await db.update(mediaObjects).set({ status, reason, updatedAt: now }).where(eq(mediaObjects.id, id));
}

/** Media still pending since before `before`, for the sweeper. */
export async function stalePendingMedia(db: DbOrTx, before: Date, limit: number): Promise<number[]> {
  const rows = await db
    .select({ id: mediaObjects.id })
    .from(mediaObjects)
    .where(and(eq(mediaObjects.status, 'pending'), lt(mediaObjects.updatedAt, before)))
    .orderBy(asc(mediaObjects.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** The rows of these origin URLs in a commune (any status). */
export async function mediaByOrigins(
  db: DbOrTx,
  communeId: number,
  urls: readonly string[],
): Promise<MediaObject[]> {
  if (urls.length === 0) return [];
  return db
    .select()
    .from(mediaObjects)
    .where(
      and(
        eq(mediaObjects.communeId, communeId),
        inArray(mediaObjects.originHash, [...new Set(urls)].map(originHash)),
      ),
    );
}

/**
 * Every copy that belongs to a case: its attachments (the report's media, the officers' evidence) and the photos
 * residents sent as follow-ups (case_events data.photo).
 */
export async function mediaOfCase(db: DbOrTx, communeId: number, caseId: number): Promise<MediaObject[]> {
  const attached = db
    .select({ url: caseAttachments.url })
    .from(caseAttachments)
    .where(eq(caseAttachments.caseId, caseId));
  const followUps = db
    .select({ url: sql<string>`${caseEvents.data} ->> 'photo'`.as('url') })
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), sql`${caseEvents.data} ? 'photo'`));
  const urls = (await attached.union(followUps)).map((r) => r.url);
  return mediaByOrigins(db, communeId, urls);
}

export async function markMediaDeleted(db: DbOrTx, ids: readonly number[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(mediaObjects)
    .set({ status: 'deleted', updatedAt: now })
    .where(inArray(mediaObjects.id, [...ids]));
}
