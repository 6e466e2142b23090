import type { DbOrTx } from '../../db/client';
import { publicFigures, type PublicFigures, type PublicFilter } from '../../db/repos/public';

/**
 * The figures at a glance, kept for a short while per (commune, filter): they scan every case of the commune
 * (about 120 ms with 100,000 cases on a 2-core machine, docs/BENCHMARKS.md), while the list itself reads a
 * few index entries. Figures a minute old are fine on a page that is itself cached for a minute; a TTL of 0
 * reads them every time. The list's rows are always read fresh.
 */

export type FiguresReader = (db: DbOrTx, communeId: number, filter: PublicFilter) => Promise<PublicFigures>;

const MAX_ENTRIES = 1_000;

export function createFiguresCache(
  ttlMs: number,
  now: () => Date,
  read: FiguresReader = publicFigures,
): FiguresReader {
  if (ttlMs <= 0) return read;
  const entries = new Map<string, { at: number; value: Promise<PublicFigures> }>();
  return (db, communeId, filter) => {
    const key = JSON.stringify([
      communeId,
      filter.categoryId ?? null,
      filter.areaId ?? null,
      filter.from ?? null,
      filter.to ?? null,
    ]);
    const at = now().getTime();
    const hit = entries.get(key);
    if (hit && at - hit.at < ttlMs) return hit.value;
    if (entries.size >= MAX_ENTRIES) entries.clear();
    // The promise is kept, so requests arriving together share one query; a failure is not kept.
    const value = read(db, communeId, { ...filter, statuses: undefined });
    entries.set(key, { at, value });
    value.catch(() => entries.delete(key));
    return value;
  };
}
