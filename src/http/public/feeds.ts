import { Feed } from 'feed';
import type { HistoryEntry } from '../../domain/public/history';

/**
 * Atom and JSON Feed documents for the commune's website (issue 12), built with `feed`, which escapes every text
 * it is given. Entries carry the same masked texts as the pages.
 */

export interface FeedEntry {
  readonly id: string;
  readonly title: string;
  readonly link: string;
  readonly date: Date;
  readonly text: string;
}

export function buildFeed(
  format: 'atom' | 'json',
  meta: { title: string; selfUrl: string; pageUrl: string; updated: Date },
  entries: readonly FeedEntry[],
): string {
  const feed = new Feed({
    id: meta.pageUrl,
    title: meta.title,
    link: meta.pageUrl,
    language: 'vi',
    updated: entries[0]?.date ?? meta.updated,
    generator: 'langnghe',
    feedLinks: format === 'atom' ? { atom: meta.selfUrl } : { json: meta.selfUrl },
    copyright: meta.title,
  });
  for (const entry of entries) {
    feed.addItem({
      id: entry.id,
      title: entry.title,
      link: entry.link,
      date: entry.date,
      description: entry.text,
      content: entry.text,
    });
  }
  return format === 'atom' ? feed.atom1() : feed.json1();
}

export function historyEntries(entries: readonly HistoryEntry[], caseUrl: string): FeedEntry[] {
  return [...entries].reverse().map((e) => ({
    id: `${caseUrl}#su-kien-${e.id}`,
    title: e.label,
    link: caseUrl,
    date: e.at,
    text: e.text ?? e.label,
  }));
}
