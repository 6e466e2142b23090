import type { DbOrTx } from '../../db/client';
import type { AttachmentKind } from '../../db/schema';
import type { MediaLinks } from '../media/links';

/** An attachment as the app keeps it: where it came from and what it is. */
export interface AttachmentRef {
  kind: AttachmentKind | 'photo' | 'audio' | 'video' | 'file';
  url: string;
  fileName?: string | null;
}

/**
 * The links staff open for a list of attachments, in order: our copy once the media store has it, Zalo's link
 * until then (media/links.ts decides; Zalo's links expire after about a week, docs/zalo.md §6).
 */
export async function attachmentUrls(
  links: MediaLinks,
  db: DbOrTx,
  communeId: number,
  items: readonly AttachmentRef[],
): Promise<string[]> {
  if (items.length === 0) return [];
  const resolved = await links.resolve(
    db,
    communeId,
    items.map((item) => item.url),
  );
  return items.map((item) => resolved.get(item.url)?.url ?? item.url);
}
