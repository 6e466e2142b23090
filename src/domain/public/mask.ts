import { renderText, type Locale } from '../text/catalog';

/**
 * Masks personal data inside free text before it is published (issue 12; VIETNAM.md §2: publishing personal
 * data needs consent or the law). Residents and officers write phone numbers, e-mails, ID card numbers and
 * vehicle plates into descriptions and answers; the public page and Open311 show the text with each replaced by
 * a neutral placeholder. Names cannot be told from ordinary words and are not guessed at: staff hide a case whose
 * text names people.
 *
 * The rules, in the order they run (each span is masked once):
 * 1. e-mail addresses;
 * 2. numbers right after an ID word (CCCD, CMND, căn cước, chứng minh, hộ chiếu, with or without diacritics):
 *    8 to 12 digits in any grouping;
 * 3. vehicle plates: two digits of the province, one or two series letters (and a digit), then 4 or 5 digits, in
 *    the ways people write them: "29A-123.45", "30E 12345", "29-H1 234.56", "51f1-2345";
 * 4. phone numbers: a leading 0, 84 or +84 and 9 or 10 more digits, with spaces, dots or dashes between any of
 *    them ("0912.345.678", "+84 912 345 678", "0210 3852 123", old 11-digit "0168…");
 * 5. bare ID numbers: 12 digits (CCCD) or 9 digits (old CMND) written together or in groups of 3 or 4 with
 *    spaces. Amounts are written with dots between thousands ("100.000.000 đồng"), which rule 5 leaves alone.
 */

export type MaskKind = 'email' | 'id' | 'plate' | 'phone';

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
/** Folded ID words, matched on a folded copy of the text: "cccd", "cmnd", "can cuoc", "chung minh", "ho chieu". */
const ID_WORDS =
  /(?:cccd|cmnd|cmtnd|can cuoc(?: cong dan)?|chung minh(?: nhan dan| thu)?|ho chieu|so dinh danh)\s*(?:so\s*)?[:.#-]?\s*/g;
const DIGITS_AFTER_ID_WORD = /^(?:\d[\s.-]?){7,11}\d(?!\d)/;
const PLATE =
  /(?<![\p{L}\p{N}])\d{2}\s?-?\s?[A-Z]{1,2}\d{0,2}\s?[-.\s]?\s?(?:\d{3}[.\s]?\d{2}|\d{4})(?![\p{L}\p{N}])/giu;
const PHONE = /(?<![\p{L}\p{N}+])(?:\+\s?84|84|0)(?:[\s.-]?\d){9,10}(?![\p{N}])/gu;
const BARE_ID =
  /(?<![\p{N}.,])(?:\d{12}|\d{9}|\d{3}(?: \d{3}){3}|\d{4}(?: \d{4}){2}|\d{3}(?: \d{3}){2})(?![\p{N}]|[.,]\d)/gu;

interface Span {
  start: number;
  end: number;
  kind: MaskKind;
}

function overlaps(spans: readonly Span[], start: number, end: number): boolean {
  return spans.some((s) => start < s.end && s.start < end);
}

function collect(text: string, pattern: RegExp, kind: MaskKind, spans: Span[]): void {
  for (const match of text.matchAll(pattern)) {
    const start = match.index;
    const end = start + match[0].length;
    if (!overlaps(spans, start, end)) spans.push({ start, end, kind });
  }
}

/** Lower case without diacritics, character by character, so offsets in the copy are offsets in the text. */
function foldInPlace(text: string): string {
  return text.replace(/./gsu, (ch) => {
    const folded = ch
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[đĐ]/g, 'd')
      .toLowerCase();
    return folded.length === ch.length ? folded : ch;
  });
}

/** Numbers after an ID word, found on a folded copy of the same length. */
function collectAfterIdWords(text: string, spans: Span[]): void {
  const folded = foldInPlace(text);
  for (const word of folded.matchAll(ID_WORDS)) {
    const from = word.index + word[0].length;
    const digits = DIGITS_AFTER_ID_WORD.exec(text.slice(from));
    if (digits === null) continue;
    const end = from + digits[0].length;
    if (!overlaps(spans, from, end)) spans.push({ start: from, end, kind: 'id' });
  }
}

/** Where the personal data is in an NFC text, for tests and for callers that word the placeholders themselves. */
export function findPersonalData(text: string): readonly Span[] {
  const spans: Span[] = [];
  collect(text, EMAIL, 'email', spans);
  collectAfterIdWords(text, spans);
  collect(text, PLATE, 'plate', spans);
  collect(text, PHONE, 'phone', spans);
  collect(text, BARE_ID, 'id', spans);
  return spans.sort((a, b) => a.start - b.start);
}

/** The text (in NFC) with every span found replaced by `placeholder(kind)`. */
export function maskPersonalData(input: string, placeholder: (kind: MaskKind) => string): string {
  const text = input.normalize('NFC');
  let out = '';
  let at = 0;
  for (const span of findPersonalData(text)) {
    out += text.slice(at, span.start) + placeholder(span.kind);
    at = span.end;
  }
  return out + text.slice(at);
}

/** The public form of a resident's or officer's text: masked, with the catalogue's placeholders. */
export function maskForPublic(text: string, locale: Locale = 'vi'): string {
  return maskPersonalData(text, (kind) => renderText(`public.mask.${kind}`, {}, locale));
}
