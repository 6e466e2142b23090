/**
 * What we keep of what people send (pure). The bytes decide the type, never the name or the sender's header:
 * each kind of Zalo attachment (docs/zalo.md §1.2) has its allow-list, and a file whose name says one type
 * while its bytes say another is refused, so staff never open a program that calls itself a letter.
 */

export const MEDIA_KINDS = ['image', 'gif', 'audio', 'video', 'file'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

export const MEDIA_STATUSES = ['pending', 'copied', 'rejected', 'failed', 'deleted'] as const;
export type MediaStatus = (typeof MEDIA_STATUSES)[number];

const PHOTO = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/heic',
  'image/heif',
  'image/avif',
  'image/gif',
];
const AUDIO = [
  'audio/aac',
  'audio/mp4',
  'audio/x-m4a',
  'audio/mpeg',
  'audio/ogg',
  'audio/opus',
  'audio/amr',
  'audio/wav',
  'audio/webm',
];
const VIDEO = [
  'video/mp4',
  'video/quicktime',
  'video/3gpp',
  'video/3gpp2',
  'video/webm',
  'video/x-matroska',
  'video/x-m4v',
];
const DOCUMENTS = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  // .doc, .xls and .ppt of old Office all sniff as a compound file.
  'application/x-cfb',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/zip',
  'application/x-rar-compressed',
  'application/x-7z-compressed',
];

export const ALLOWED_CONTENT_TYPES: Record<MediaKind, readonly string[]> = {
  image: PHOTO,
  // Zalo's GIF picker sends GIFs, and some phones turn them into short silent videos.
  gif: ['image/gif', 'image/webp', 'video/mp4'],
  // A voice note recorded as an MP4 container without video sniffs as video/mp4.
  audio: [...AUDIO, 'video/mp4', 'video/3gpp'],
  video: VIDEO,
  file: [...DOCUMENTS, ...PHOTO, ...AUDIO, ...VIDEO, 'text/plain'],
};

const ZIP_DOCUMENTS: Partial<Record<string, string>> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
};

/** Names whose bytes carry no signature: accepted as plain text when the bytes look like text. */
const TEXT_EXTENSIONS = new Set(['txt', 'csv']);

/** Extensions that name the same bytes (a file's declared type against its sniffed one). */
const SAME_BYTES: readonly (readonly string[])[] = [
  ['jpg', 'jpeg', 'jpe', 'jfif'],
  ['doc', 'xls', 'ppt', 'cfb', 'msg'],
  ['heic', 'heif'],
  ['mp4', 'm4v', 'm4a', 'mov', 'qt', '3gp', '3g2'],
  ['tif', 'tiff'],
  ['txt', 'csv'],
];

export interface Sniffed {
  mime: string;
  ext: string;
}

export type Verdict = { ok: true; contentType: string; extension: string } | { ok: false; reason: string };

export interface ContentFacts {
  kind: MediaKind;
  /** What the bytes are, or null when they carry no known signature. */
  sniffed: Sniffed | null;
  /** The name a file was sent with (Zalo's `payload.name`). */
  fileName?: string | null;
  /** The first bytes hold no NUL and decode as UTF-8: only then is an unsigned file kept as text. */
  looksLikeText: boolean;
  size: number;
}

export function extensionOf(fileName: string | null | undefined): string | null {
  if (!fileName) return null;
  const match = /\.([a-z0-9]{1,8})$/i.exec(fileName.trim());
  return match?.[1]?.toLowerCase() ?? null;
}

function sameBytes(declared: string, sniffed: string): boolean {
  if (declared === sniffed) return true;
  return SAME_BYTES.some((family) => family.includes(declared) && family.includes(sniffed));
}

/** Whether the bytes may be kept for this kind, and under which content type. */
export function judgeContent(facts: ContentFacts): Verdict {
  if (facts.size === 0) return { ok: false, reason: 'empty' };
  const declared = facts.kind === 'file' ? extensionOf(facts.fileName) : null;
  if (facts.sniffed === null) {
    if (facts.kind === 'file' && declared !== null && TEXT_EXTENSIONS.has(declared) && facts.looksLikeText) {
      return { ok: true, contentType: 'text/plain; charset=utf-8', extension: 'txt' };
    }
    return { ok: false, reason: 'type_unknown' };
  }
  const { mime, ext } = facts.sniffed;
  if (!ALLOWED_CONTENT_TYPES[facts.kind].includes(mime))
    return { ok: false, reason: `type_not_allowed:${mime}` };
  // Office Open XML and OpenDocument files are zips: a .docx whose first entries did not tell is still one.
  const zipDocument = mime === 'application/zip' && declared !== null ? ZIP_DOCUMENTS[declared] : undefined;
  if (zipDocument !== undefined && declared !== null)
    return { ok: true, contentType: zipDocument, extension: declared };
  if (declared !== null && !sameBytes(declared, ext))
    return { ok: false, reason: `type_mismatch:${declared}->${ext}` };
  return { ok: true, contentType: mime, extension: ext };
}

/** Photos, sound and video open in the browser; documents download (never rendered on our origin). */
export function opensInline(contentType: string): boolean {
  return /^(image|audio|video)\//.test(contentType);
}
