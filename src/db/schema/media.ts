import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { communes } from './communes';
import { MEDIA_KINDS as mediaKinds, MEDIA_STATUSES as mediaStatuses } from '../../domain/media/policy';
import { inboxEvents } from './inbox';

export type { MediaKind, MediaStatus } from '../../domain/media/policy';

/**
 * Our copy of every photo, voice note, video, gif and file sent to the OA: Zalo's CDN links expire after about
 * a week (docs/zalo.md §6), so each is downloaded right after its event is processed. One row per (commune,
 * origin URL): the same link sent twice is copied once. `originHash` (sha256 of the URL) carries the unique
 * index, since a URL can be longer than a btree entry allows.
 */
export const mediaObjects = pgTable(
  'media_objects',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    communeId: integer('commune_id')
      .notNull()
      .references(() => communes.id),
    inboxId: bigint('inbox_id', { mode: 'number' }).references(() => inboxEvents.id),
    kind: text('kind', { enum: mediaKinds }).notNull(),
    originUrl: text('origin_url').notNull(),
    originHash: text('origin_hash').notNull(),
    /** The name a sent file carried (Zalo's `payload.name`); null for photos, voice notes and videos. */
    fileName: text('file_name'),
    status: text('status', { enum: mediaStatuses }).notNull().default('pending'),
    /** Why it was rejected or failed, e.g. `too_large`, `type_not_allowed:application/pdf`, `http_500`. */
    reason: text('reason'),
    attempts: integer('attempts').notNull().default(0),
    storageKey: text('storage_key'),
    /** Sniffed from the bytes, never taken from the origin's header. */
    contentType: text('content_type'),
    sizeBytes: bigint('size_bytes', { mode: 'number' }),
    sha256: text('sha256'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    copiedAt: timestamp('copied_at', { withTimezone: true }),
  },
  // status: pending → copied | rejected (never retried: not allowed, too large, wrong type, gone at the origin)
  // | failed (transient errors until the job's attempts ran out); then deleted (retention).
  (t) => [
    uniqueIndex('media_objects_origin_uq').on(t.communeId, t.originHash),
    index('media_objects_inbox_idx').on(t.inboxId),
    index('media_objects_pending_idx')
      .on(t.updatedAt)
      .where(sql`${t.status} = 'pending'`),
  ],
);

export type MediaObject = typeof mediaObjects.$inferSelect;
