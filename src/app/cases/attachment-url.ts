import type { DbOrTx } from '../../db/client';
import type { AttachmentKind } from '../../db/schema';

/** An attachment as the app keeps it: where it came from and what it is. */
export interface AttachmentRef {
  kind: AttachmentKind | 'photo' | 'audio' | 'video' | 'file';
  url: string;
  fileName?: string | null;
}

/**
 * The link staff (and the case record) open for a resident's photo, voice note, video or file. Every notice,
 * view and relay asks here, so one place decides: today the origin URL (Zalo's CDN, which expires after about a
 * week, REFERENCE.md §6); the media store answers with its own copy where it has one, without changing callers.
 */
export function attachmentUrls(_db: DbOrTx, _communeId: number, items: readonly AttachmentRef[]): Promise<string[]> {
  return Promise.resolve(items.map((item) => item.url));
}
