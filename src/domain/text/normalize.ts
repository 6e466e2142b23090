/**
 * Vietnamese text normalisation for matching what residents type against what the bot expects.
 *
 * Residents type with or without diacritics ("gửi phản ánh", "gui phan anh"), in NFC or NFD, with either tone
 * placement ("hòa"/"hoà"), with chat abbreviations ("ko", "dc", "sdt") and with leftovers of a Telex keyboard
 * that did not convert ("ddường", "chays nhaf"). See ../shared/domain/VIETNAM.md §5.
 */

const COMBINING_MARKS = /[\u0300-\u036f]/g;

/**
 * Folds Vietnamese text for matching: NFC, lower case, no diacritics, đ → d, single spaces.
 * "Gửi phản ánh", "gui phan anh" and an NFD-encoded "Gửi phản ánh" all fold to "gui phan anh".
 */
export function fold(input: string): string {
  return input
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** True when the text carries any Vietnamese diacritic (tone or vowel mark, or đ). */
export function hasDiacritics(input: string): boolean {
  return /[\u0300-\u036f]/.test(input.normalize('NFD')) || /[đĐ]/.test(input);
}

const TONE_MARKS = '\u0300\u0301\u0303\u0309\u0323';
// oa, oe, uy at the end of a syllable (not after q, where u belongs to the consonant "qu"): the old style puts the
// tone on the first vowel (hòa, khỏe, thúy), the new style on the second (hoà, khoẻ, thuý).
const NEW_STYLE_TONE = new RegExp(
  `(?<![qQ])([oOuU])([aeyAEY])([${TONE_MARKS}])(?![\\p{L}\\u0300-\\u036f])`,
  'gu',
);

/**
 * NFC with one tone placement: "hoà" and "hòa" both become "hòa", "thuý" becomes "thúy". Case is kept.
 * Use it before comparing or storing texts that keep their diacritics.
 */
export function canonicalTone(input: string): string {
  return input.normalize('NFD').replace(NEW_STYLE_TONE, '$1$3$2').normalize('NFC');
}

/**
 * A resident's free text made safe to keep and show: NFC with canonical tones, no control or zero-width characters,
 * spaces collapsed inside lines, at most one empty line in a row, trimmed.
 */
export function cleanText(input: string): string {
  return canonicalTone(input)
    .replace(/\r\n?/g, '\n')
    .replace(/[\u200b-\u200f\u2028\u2029\u2060\ufeff]/g, '')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/(?!\n)\p{Cc}/gu, '')
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Lower-case words with their diacritics kept (NFC, canonical tones), punctuation and emoji removed, single spaces.
 * "Cháy nhà!!! Cứu với" → "cháy nhà cứu với". For precise matching of texts typed with diacritics.
 */
export function markedWords(input: string): string {
  return canonicalTone(input)
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .join(' ');
}

/**
 * Chat abbreviations (on folded words) and what they stand for, folded. Only unambiguous ones: "a"/"e"/"b" (anh,
 * em, bạn) are not expanded.
 */
export const ABBREVIATIONS: Readonly<Record<string, string>> = {
  ko: 'khong',
  k: 'khong',
  kh: 'khong',
  kg: 'khong',
  khg: 'khong',
  hok: 'khong',
  hem: 'khong',
  dc: 'duoc',
  dk: 'duoc',
  j: 'gi',
  ntn: 'nhu the nao',
  sdt: 'so dien thoai',
  dt: 'dien thoai',
  tdp: 'to dan pho',
  tk: 'tieu khu',
  ubnd: 'uy ban nhan dan',
  hdnd: 'hoi dong nhan dan',
  mttq: 'mat tran to quoc',
  csgt: 'canh sat giao thong',
  vs: 'voi',
  cx: 'cung',
  cg: 'cung',
  r: 'roi',
  ns: 'noi',
  mn: 'moi nguoi',
  bn: 'bao nhieu',
  trc: 'truoc',
  hnay: 'hom nay',
  hqua: 'hom qua',
  oke: 'ok',
  okie: 'ok',
  oki: 'ok',
  okay: 'ok',
  okela: 'ok',
};

const ONSET = '(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])';
const NUCLEUS =
  '(?:ieu|yeu|oai|oay|oeo|uay|uoi|uou|uya|uye|uyu|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ue|ui|uo|uu|uy|ye|[aeiouy])';
const CODA = '(?:ch|ng|nh|[cmnpt])';
const SYLLABLE = new RegExp(`^${ONSET}?${NUCLEUS}${CODA}?$`);

/** Whether a folded word can be a Vietnamese syllable written without diacritics ("duong" yes, "dduongf" no). */
export function isFoldedSyllable(word: string): boolean {
  return SYLLABLE.test(word);
}

/**
 * Repairs a folded word left by a Telex keyboard that did not convert: "dduong" → "duong", "nguwowfi" → "nguoi",
 * "chays" → "chay", "wa" → "qua" (w for qu). A word is changed only when it is not a syllable and the repair makes one,
 * so ordinary words and numbers pass through.
 */
export function untelex(word: string): string {
  if (!/^[a-z]+$/.test(word) || isFoldedSyllable(word)) return word;
  const repaired = word
    .replace(/^dd/, 'd')
    .replace(/^w(?=[aeiouy])/, 'qu')
    .replace(/([aeiouy])w/g, '$1')
    .replace(/aa/g, 'a')
    .replace(/ee/g, 'e')
    .replace(/oo/g, 'o');
  if (isFoldedSyllable(repaired)) return repaired;
  // A tone key (s f r x j) typed after the vowel, usually last: "nhaf", "nguofi".
  for (let i = repaired.length - 1; i > 0; i--) {
    if ('sfrxj'.includes(repaired.charAt(i))) {
      const candidate = repaired.slice(0, i) + repaired.slice(i + 1);
      if (isFoldedSyllable(candidate)) return candidate;
    }
  }
  return word;
}

/** Folded words of a text: no diacritics, lower case, every run of non-letters/digits is one space. */
export function foldedWords(input: string): string {
  return fold(input)
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0)
    .join(' ');
}

/**
 * The form used to match intents and keywords: folded words with abbreviations expanded and Telex leftovers repaired.
 * "Ko gửi đc ạ" → "khong gui duoc a"; "sdt" → "so dien thoai"; "ddường" → "duong"; "wa" → "qua".
 */
export function matchForm(input: string): string {
  return foldedWords(input)
    .split(' ')
    .filter((word) => word.length > 0)
    .map((word) => ABBREVIATIONS[word] ?? untelex(word))
    .join(' ');
}

/**
 * The distinct forms a phrase list should be tried against: the expanded match form and the plain folded words (so
 * an English "yes" is not mistaken for a Telex "ye" + tone key).
 */
export function matchForms(input: string): string[] {
  const expanded = matchForm(input);
  const plain = foldedWords(input);
  return expanded === plain ? [expanded] : [expanded, plain];
}

/** What may not start the cut-off part: a low surrogate, a combining mark, a joiner, a variation or skin-tone modifier. */
const CONTINUATION = /^(?:[\uDC00-\uDFFF]|\p{M}|\u200D|[\uFE00-\uFE0F]|[\u{1F3FB}-\u{1F3FF}])/u;

/**
 * At most `max` UTF-16 units of a text, never cutting a character apart: not inside a surrogate pair, not between a
 * letter and its combining marks, not inside an emoji sequence. Linear and cheap on a 5,000-character message.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max);
  while (end > 0 && (CONTINUATION.test(text.slice(end)) || text.charAt(end - 1) === '\u200D')) end--;
  return text.slice(0, end);
}
