import { renderText, type Locale, type TextKey } from '../text/catalog';
import { matchForm } from '../text/normalize';
import { parseCaseCode } from './code';
import { SCORE_MAX, SCORE_MIN } from './workflow';

/**
 * "The government does not grade itself; the people give the score" (VIETNAM.md, Law 10/2022 Art. 34): after a
 * result, the resident answers with one tap (1–5, labelled in words) or in their own words, with or without
 * diacritics. 1–2, or "chưa giải quyết", sends the case back; 3–5 closes it.
 *
 * The buttons are `oa.query.hide` (docs/zalo.md §3.1): the tap sends the payload to the OA without showing it in
 * the resident's chat, so the payload may carry the case code ("#danhgia LS-0427 4") and the answer is never
 * ambiguous. What residents type is matched on its leading words only ("không hài lòng vì còn ổ gà" → 2 with
 * the rest as a comment), after a few polite fillers ("dạ", "tôi").
 */

export const SCORE_TAG = '#danhgia';
export const NO_COMMENT_TAG = '#gopy';

export type ScoreAnswer =
  | {
      readonly kind: 'score';
      readonly score: number;
      readonly code: string | null;
      readonly comment: string | null;
      /** A bare number ("4"), the weakest reading: at the menu "1" also means "send feedback". */
      readonly bare: boolean;
    }
  /** "Chưa giải quyết": the result is not a result. Reopens like a low score, without a number. */
  | { readonly kind: 'unresolved'; readonly code: string | null; readonly comment: string | null }
  /** The [Không góp ý] button. */
  | { readonly kind: 'noComment'; readonly code: string | null };

export type ScoreOutcome = 'close' | 'reopen';

/** 1–2 reopens the case; 3–5 closes it. */
export function scoreOutcome(score: number): ScoreOutcome {
  return score <= 2 ? 'reopen' : 'close';
}

const LABEL_KEYS: readonly TextKey[] = [
  'score.label.1',
  'score.label.2',
  'score.label.3',
  'score.label.4',
  'score.label.5',
];

/** "Rất không hài lòng" … "Rất hài lòng". */
export function scoreLabel(score: number, locale: Locale = 'vi'): string {
  const key = LABEL_KEYS[score - SCORE_MIN];
  return key === undefined ? String(score) : renderText(key, {}, locale);
}

export interface ScoreButton {
  readonly title: string;
  readonly payload: string;
}

/** The five buttons of the score question, "1 – Rất không hài lòng" … "5 – Rất hài lòng". */
export function scoreButtons(code: string, locale: Locale = 'vi'): ScoreButton[] {
  const buttons: ScoreButton[] = [];
  for (let score = SCORE_MIN; score <= SCORE_MAX; score += 1) {
    buttons.push({
      title: `${String(score)} – ${scoreLabel(score, locale)}`,
      payload: `${SCORE_TAG} ${code} ${String(score)}`,
    });
  }
  return buttons;
}

export function noCommentButton(code: string, locale: Locale = 'vi'): ScoreButton {
  return { title: renderText('btn.score.noComment', {}, locale), payload: `${NO_COMMENT_TAG} ${code}` };
}

/** Leading phrases (match forms: folded, abbreviations expanded) and what they mean; longest first. */
const PHRASES: readonly (readonly [string, number | 'unresolved'])[] = (
  [
    ['rat khong hai long', 1],
    ['rat chua hai long', 1],
    ['hoan toan khong hai long', 1],
    ['rat te', 1],
    ['qua te', 1],
    ['khong hai long', 2],
    ['chua hai long', 2],
    ['khong tot', 2],
    ['chua tot', 2],
    ['binh thuong', 3],
    ['tam duoc', 3],
    ['tam on', 3],
    ['tam chap nhan', 3],
    ['rat hai long', 5],
    ['rat tot', 5],
    ['tuyet voi', 5],
    ['hai long', 4],
    ['tot', 4],
    ['chua duoc giai quyet', 'unresolved'],
    ['van chua duoc giai quyet', 'unresolved'],
    ['van chua giai quyet', 'unresolved'],
    ['chua giai quyet', 'unresolved'],
    ['khong duoc giai quyet', 'unresolved'],
    ['van chua sua', 'unresolved'],
    ['chua sua', 'unresolved'],
    ['chua duoc xu ly', 'unresolved'],
    ['chua xu ly', 'unresolved'],
    ['van chua xong', 'unresolved'],
    ['chua xong', 'unresolved'],
    ['chua dat', 'unresolved'],
    ['khong dat', 'unresolved'],
  ] as const
)
  .map(([phrase, meaning]) => [phrase, meaning] as const)
  .sort(([a], [b]) => b.split(' ').length - a.split(' ').length);

/** Polite words and "score" words a resident may put before the answer. */
const LEADING = new Set([
  'da',
  'vang',
  'toi',
  'em',
  'minh',
  'chau',
  'con',
  'cham',
  'danh',
  'gia',
  'diem',
  'muc',
  'la',
  'thay',
]);
/** Words that may follow a bare number and make it a score ("4 sao", "5 điểm", "4/5"). */
const UNITS = new Set(['sao', 'diem']);

interface Word {
  readonly form: string;
  /** Index just after the word in the original text. */
  readonly end: number;
}

function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
    const form = matchForm(match[0]);
    for (const part of form.split(' ')) {
      if (part !== '') words.push({ form: part, end: match.index + match[0].length });
    }
  }
  return words;
}

function rest(text: string, end: number): string | null {
  const comment = text
    .slice(end)
    .replace(/^[\s.,;:!?/\-–—…]+/u, '')
    .trim();
  return comment === '' ? null : comment;
}

/** The score answer a message carries, or null when it is something else (the conversation goes on). */
export function parseScoreAnswer(message: string, casePrefix: string): ScoreAnswer | null {
  const text = message.normalize('NFC').trim();
  if (text === '') return null;
  const lowered = text.toLowerCase();
  if (lowered.startsWith(SCORE_TAG) || lowered.startsWith(NO_COMMENT_TAG))
    return parsePayload(text, casePrefix);

  const words = wordsOf(text);
  let start = 0;
  while (start < words.length - 1 && LEADING.has(words[start]?.form ?? '')) start += 1;
  const forms = words.slice(start).map((w) => w.form);

  const digit = /^[1-5]$/.exec(forms[0] ?? '');
  if (digit !== null) {
    const score = Number(digit[0]);
    let used = 1;
    const next = forms[1];
    // "4/5" and "4 trên 5" are scores out of five, not two numbers.
    if (next === '5' && /(?:^|\s)[1-5]\s*\/\s*5(?![\p{N}])/u.test(text)) used = 2;
    else if (next === 'tren' && forms[2] === '5') used = 3;
    else if (next !== undefined && UNITS.has(next)) used = 2;
    const last = words[start + used - 1];
    const bare = used === 1 && start === 0;
    return { kind: 'score', score, code: null, comment: rest(text, last?.end ?? text.length), bare };
  }

  for (const [phrase, meaning] of PHRASES) {
    const parts = phrase.split(' ');
    if (parts.every((part, i) => forms[i] === part)) {
      const end = words[start + parts.length - 1]?.end ?? text.length;
      const comment = rest(text, end);
      // "tốt" alone is an answer; "tốt nghiệp…" or "tốt nhất là…" is a sentence about something else.
      if (phrase === 'tot' && comment !== null) return null;
      return meaning === 'unresolved'
        ? { kind: 'unresolved', code: null, comment }
        : { kind: 'score', score: meaning, code: null, comment, bare: false };
    }
  }
  return null;
}

function parsePayload(text: string, casePrefix: string): ScoreAnswer | null {
  const code = parseCaseCode(text, casePrefix);
  const lowered = text.toLowerCase();
  if (lowered.startsWith(NO_COMMENT_TAG)) return { kind: 'noComment', code };
  const value = /([1-5])\s*$/.exec(text);
  if (value === null) return null;
  return { kind: 'score', score: Number(value[1]), code, comment: null, bare: false };
}

const NO_COMMENT = new Set([
  'khong',
  'khong co',
  'khong a',
  'khong co gi',
  'khong gop y',
  'khong can',
  'thoi',
  'het',
  'het roi',
  'khong them',
]);

/** "Không", "không có gì", "thôi": the answer to "có góp ý thêm không?" that is not a comment. */
export function isNoComment(message: string): boolean {
  const form = matchForm(message)
    .replace(/^(da|vang)\s+/, '')
    .replace(/\s+(a|nhe|nha|cam on)$/, '')
    .trim();
  return NO_COMMENT.has(form);
}
