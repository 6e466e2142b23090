import { fold, foldedWords, matchForm } from '../text/normalize';
import { matchOption } from './intents';
import type { NamedItem } from './types';

/**
 * Where a report is: the residential group's poster code, its name, or an address.
 *
 * Each residential group has a short code printed large on its poster (`TK6`, `TDP3`, `DONGCHANH`): residents
 * type it as "TK6", "tk6", "#tk6", "tk 6", "Tk-6", or the older "#QR-TK6" the first posters asked for, and the
 * group's name works too ("tiểu khu 6", "tieu khu 6"). A poster code is recognised in any step of the
 * conversation when it is the whole message, or the first word of one with a "#" ("#TK6 đường bị ngập").
 */

/** The form a poster code is compared in: letters and digits only, upper case, no diacritics ("tk-6" → "TK6"). */
export function posterForm(code: string): string {
  return fold(code)
    .replace(/[^a-z0-9]/g, '')
    .toUpperCase();
}

/** "#QR-TK6", "#tk6", "QR TK6" → "TK6"; null when the text has no such prefix or nothing after it. */
function withoutPosterPrefix(word: string): string {
  return word
    .replace(/^#+/, '')
    .replace(/^qr[\s\-_:]*/i, '')
    .trim();
}

/** The group a whole message names by its poster code or its name; null when it names none (or several). */
export function areaNamed(text: string, areas: readonly NamedItem[]): NamedItem | null {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > 60) return null;
  const compact = posterForm(withoutPosterPrefix(trimmed));
  if (compact.length >= 2) {
    const byCode = areas.filter((area) => posterForm(area.code) === compact);
    if (byCode.length === 1 && byCode[0] !== undefined) return byCode[0];
  }
  // A bare number is a list position, not a group: only the area list step takes those.
  if (/^\d+$/.test(trimmed)) return null;
  const named = matchOption(withoutPosterPrefix(trimmed), areas);
  if (named.kind !== 'one') return null;
  // "tiểu khu 6" names one group; "6" or "khu" inside another sentence does not.
  const words = matchForm(trimmed).split(' ');
  return words.length <= 6 && nameCovers(named.option, trimmed) ? named.option : null;
}

/** Whether the text contains the whole name of the group (after "thôn", "tổ"… that residents add or drop). */
function nameCovers(area: NamedItem, text: string): boolean {
  const name = ` ${matchForm(area.name)} `;
  const form = ` ${matchForm(text)} `;
  const core = ` ${stripKind(matchForm(area.name))} `;
  return form.includes(name) || (core.trim().length >= 3 && form.includes(core)) || name.includes(form);
}

const KIND_WORDS = ['thon', 'to dan pho', 'to', 'xom', 'ban', 'ap', 'khu pho', 'khu', 'lang'];

function stripKind(name: string): string {
  for (const kind of KIND_WORDS) {
    if (name.startsWith(`${kind} `)) return name.slice(kind.length + 1);
  }
  return name;
}

/**
 * A poster code at the start of a longer message ("#TK6 đường bị ngập", "#QR-TK6 rác"): the group and the rest.
 * Only with a "#": a first word that merely looks like a code is part of the report.
 */
export function leadingPosterCode(
  text: string,
  areas: readonly NamedItem[],
): { area: NamedItem; rest: string } | null {
  const match = /^\s*(#\S+)\s+([\s\S]+)$/u.exec(text);
  if (match?.[1] === undefined || match[2] === undefined) return null;
  const compact = posterForm(withoutPosterPrefix(match[1]));
  const found = areas.filter((area) => posterForm(area.code) === compact);
  return found.length === 1 && found[0] !== undefined ? { area: found[0], rest: match[2].trim() } : null;
}

/** A group a report mentions by name ("cống tắc ở tiểu khu 6"): offered first at the place question. */
export function areaMentioned(text: string, areas: readonly NamedItem[]): NamedItem | null {
  const form = ` ${matchForm(text)} `;
  const found = areas.filter((area) => {
    const name = matchForm(area.name);
    const code = posterForm(area.code).toLowerCase();
    const codeWords = ` ${foldedWords(text)} `;
    return (
      form.includes(` ${name} `) || (/\d/.test(code) && code.length >= 3 && codeWords.includes(` ${code} `))
    );
  });
  return found.length === 1 && found[0] !== undefined ? found[0] : null;
}

/**
 * Words that make a short text an address or a landmark: "số 12 ngõ 3", "đầu ngõ 12", "cạnh nhà văn hóa",
 * "trước cổng trường". Matched on whole folded words, without expanding chat abbreviations ("hẻm" is not "hem").
 */
const PLACE_WORDS = [
  'so nha', 'ngo', 'ngach', 'hem', 'kiet', 'duong', 'pho', 'thon', 'xom', 'to', 'tdp', 'tk', 'tieu khu', 'khu',
  'ban', 'ap', 'lang', 'xa', 'phuong', 'truong', 'cong', 'cau', 'nga ba', 'nga tu', 'nha van hoa', 'dinh', 'chua',
  'nha tho', 'tram', 'ben', 'bai', 'km', 'quoc lo', 'tinh lo', 'cuoi', 'dau', 'gan', 'canh', 'doi dien', 'truoc',
  'sau', 'ben canh', 'khu vuc', 'cum', 'doi', 'ubnd', 'uy ban',
]; // prettier-ignore

/**
 * Words of a sentence about something else, even when it names a place: "À quên, chỗ đó còn có rác", "còn đèn
 * đường tổ 5 cũng bị hỏng". Such text belongs in the description. (Not "chùa", "văn", "Hồng": places have them.)
 */
const NOT_A_PLACE = [
  'a quen', 'quen', 'con co', 'cung', 'them', 'ngoai ra', 'voi lai', 'bi', 'khong', 'ko', 'rat', 'nhieu',
  'de nghi', 'xin', 'giup', 'tai sao', 'vi the', 'boi vi', 'nen', 'dang', 'ma',
]; // prettier-ignore

const MAX_PLACE_WORDS = 14;

/**
 * Whether a text typed at the place question is a place: short, with a place word or a house number, and none of
 * the words of a sentence about the problem. Anything else stays in the description and the question is asked
 * again.
 */
export function looksLikePlace(text: string): boolean {
  const form = foldedWords(text);
  const words = form.split(' ').filter((word) => word !== '');
  if (words.length === 0 || words.length > MAX_PLACE_WORDS) return false;
  const padded = ` ${form} `;
  if (NOT_A_PLACE.some((word) => padded.includes(` ${word} `))) return false;
  return PLACE_WORDS.some((word) => padded.includes(` ${word} `)) || /\d/.test(form);
}
