import { fileTypeFromBuffer } from 'file-type';
import type { Sniffed } from '../domain/media/policy';

/** How many leading bytes the sniffer reads: enough for file-type to look past a zip's first entries. */
export const SNIFF_BYTES = 256 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** What the first bytes are (file-type reads signatures, not names), and whether they read as UTF-8 text. */
export async function sniffBytes(head: Buffer): Promise<{ sniffed: Sniffed | null; looksLikeText: boolean }> {
  const found = await fileTypeFromBuffer(head);
  return { sniffed: found ? { mime: found.mime, ext: found.ext } : null, looksLikeText: looksLikeText(head) };
}

function looksLikeText(head: Buffer): boolean {
  if (head.length === 0 || head.includes(0)) return false;
  try {
    // A multi-byte character cut at the end of the sample is not a reason to call it binary.
    utf8.decode(head.subarray(0, Math.max(0, head.length - 4)));
    return true;
  } catch {
    return false;
  }
}
