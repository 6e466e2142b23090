import type { Config } from '../../config';
import type { DbOrTx } from '../../db/client';
import { mediaByOrigins } from '../../db/repos/media';
import type { MediaStatus } from '../../db/schema';
import { expiryFor, signedMediaUrl } from '../../media/signed-url';

export interface ResolvedMedia {
  /** Where to look at it now: a signed, expiring link to our copy once copied, else the origin URL. */
  url: string;
  /** Our copy's state; null when the URL was never recorded (e.g. sent before copying existed). */
  status: MediaStatus | null;
  contentType: string | null;
}

/**
 * The one way staff notices, /xem and the admin case view turn an attachment's origin URL into the URL they show.
 * Until the copy job has finished, Zalo's link is still valid (it lasts about a week, docs/zalo.md §6), so
 * nothing waits for the copy; afterwards, and long after Zalo's link died, our copy answers.
 */
export interface MediaLinks {
  mediaUrlFor(db: DbOrTx, communeId: number, originUrl: string): Promise<string>;
  resolve(db: DbOrTx, communeId: number, originUrls: readonly string[]): Promise<Map<string, ResolvedMedia>>;
  /** A signed link to the object at `key`, expiring MEDIA_URL_TTL_SECONDS from now (rounded up to the hour). */
  link(key: string): string;
}

export function createMediaLinks(
  config: Pick<Config, 'PUBLIC_BASE_URL' | 'MEDIA_URL_SECRET' | 'MEDIA_URL_TTL_SECONDS'>,
  now: () => Date,
): MediaLinks {
  const link = (key: string) =>
    signedMediaUrl({
      baseUrl: config.PUBLIC_BASE_URL,
      secret: config.MEDIA_URL_SECRET,
      key,
      exp: expiryFor(now(), config.MEDIA_URL_TTL_SECONDS),
    });

  const resolve = async (db: DbOrTx, communeId: number, originUrls: readonly string[]) => {
    const rows = await mediaByOrigins(db, communeId, originUrls);
    const byOrigin = new Map(rows.map((row) => [row.originUrl, row]));
    const resolved = new Map<string, ResolvedMedia>();
    for (const url of originUrls) {
      const row = byOrigin.get(url);
      resolved.set(url, {
        url: row?.status === 'copied' && row.storageKey !== null ? link(row.storageKey) : url,
        status: row?.status ?? null,
        contentType: row?.contentType ?? null,
      });
    }
    return resolved;
  };

  return {
    link,
    resolve,
    async mediaUrlFor(db, communeId, originUrl) {
      return (await resolve(db, communeId, [originUrl])).get(originUrl)?.url ?? originUrl;
    },
  };
}
