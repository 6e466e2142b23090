import { findCaseCodes } from '../case/code';
import { catalog, type TextKey } from '../text/catalog';
import { foldedWords, matchForm, matchForms } from '../text/normalize';

/**
 * What a resident's text means, whatever way it was typed: with or without diacritics, with abbreviations, with
 * polite words around it ("dạ, tôi muốn gửi phản ánh ạ"), or sent back by a button (a button's payload is its
 * rendered title, so every button title is also a phrase of its intent, in both locales).
 *
 * Matching is on the whole message, never on a word inside a longer text: "phản ánh" inside a description is not
 * the "send feedback" intent.
 */

export type Intent =
  | 'cancel'
  | 'confirmCancel'
  | 'keepWriting'
  | 'restore'
  | 'menu'
  | 'back'
  | 'help'
  | 'withdrawConsent'
  | 'lookup'
  | 'feedback'
  | 'continueDraft'
  | 'greeting'
  | 'thanks'
  | 'done'
  | 'skip'
  | 'noPhone'
  | 'yes'
  | 'no'
  | 'send'
  | 'edit'
  | 'resume'
  | 'startOver'
  | 'pickArea'
  | 'categoryYes'
  | 'categoryOther'
  | 'categoryUnsure'
  | 'addTo'
  | 'newReport'
  | 'field.category'
  | 'field.description'
  | 'field.photos'
  | 'field.location'
  | 'field.phone';

/**
 * Phrases in match form (folded, abbreviations expanded). No everyday word cancels a report: "thôi", "thôi ạ"
 * ("that's all"), "dừng lại", "không gửi" ("I won't send a photo") are not cancel phrases, and even "hủy" asks
 * first (issue 11).
 */
const PHRASES: Record<Intent, readonly string[]> = {
  cancel: ['huy', 'huy bo', 'huy phan anh', 'huy bao cao', 'xoa phan anh', 'cancel'],
  confirmCancel: ['co huy', 'dong y huy', 'huy di', 'huy luon', 'co'],
  keepWriting: ['khong', 'khong huy', 'viet tiep', 'tiep tuc', 'tiep', 'giu lai', 'khong phai'],
  restore: ['khoi phuc', 'khoi phuc phan anh', 'lay lai', 'lay lai phan anh', 'hoan tac', 'undo', 'restore'],
  menu: ['menu', 'menu chinh', 'mo menu', 've menu', 'quay ve menu', 'quay lai menu', 'trang chu', 've trang chu', 'bat dau', 'bat dau lai', 'main menu', 'start', 'home', '0'],
  back: ['quay lai', 'tro lai', 'tro ve', 'quay ve', 'back', 'go back', 'khong sua', 'khong sua nua'],
  help: ['huong dan', 'huong dan su dung', 'tro giup', 'giup do', 'cach dung', 'cach gui', 'help', 'guide'],
  withdrawConsent: ['rut dong y', 'rut lai dong y', 'rut lai su dong y', 'rut su dong y', 'huy dong y', 'thu hoi dong y', 'khong dong y nua', 'withdraw consent', 'withdraw my consent'],
  lookup: ['tra cuu', 'tra cuu phan anh', 'tra cuu phan anh da gui', 'xem phan anh', 'xem lai phan anh', 'phan anh cua toi', 'phan anh da gui', 'kiem tra phan anh', 'kiem tra', 'tien do', 'xem tien do', 'my reports', 'my cases', 'look up', 'lookup', 'status'],
  feedback: ['gui phan anh', 'phan anh', 'gui gop y', 'gop y', 'kien nghi', 'gui kien nghi', 'phan anh kien nghi', 'gui y kien', 'y kien', 'bao su co', 'tao phan anh', 'send feedback', 'feedback', 'report'],
  continueDraft: ['tiep tuc phan anh', 'tiep tuc phan anh dang viet', 'viet tiep phan anh', 'continue my report'],
  greeting: ['xin chao', 'chao', 'chao ban', 'chao ad', 'chao admin', 'chao anh', 'chao chi', 'chao em', 'chao buoi sang', 'alo', 'a lo', 'alo alo', 'hello', 'helo', 'hi', 'hey'],
  thanks: ['cam on', 'cam on nhieu', 'xin cam on', 'thanks', 'thank you', 'thank', 'tks', 'ok', 'vang', 'da', 'da vang', 'u', 'uh', 'duoc', 'tot', 'tot qua', 'thoi', 'thoi a', 'the thoi', 'vay thoi'],
  done: ['xong', 'xong roi', 'xog', 'da xong', 'het', 'het roi', 'tiep', 'tiep tuc', 'ok', 'du roi', 'the thoi', 'vay thoi', 'thoi', 'thoi a', 'chi vay', 'chi co vay', 'hoan thanh', 'done', 'next', 'finish', 'finished'],
  skip: ['bo qua', 'bo', 'qua', 'khong', 'khong co', 'khong co anh', 'khong co hinh', 'khong gui', 'khong gui anh', 'khong gui nua', 'khong co dia chi', 'khong can', 'thoi khong can', 'khong muon', 'khong biet', 'khong ro', 'khong nho', 'chua co', 'de sau', 'thoi', 'thoi a', 'skip', 'none', 'no'],
  noPhone: ['khong co so', 'khong co so dien thoai', 'khong biet so', 'khong biet so dien thoai', 'khong nho so', 'khong nho so dien thoai', 'khong de so', 'khong muon de so', 'khong can so', 'khong co dien thoai', 'khong dung dien thoai', 'khong co so di dong'],
  yes: ['dong y', 'co dong y', 'toi dong y', 'chap nhan', 'yes', 'agree', 'i agree'],
  no: ['khong', 'khong dong y', 'tu choi', 'khong chap nhan', 'khong muon', 'no', 'decline', 'i do not agree', 'i don t agree', 'disagree'],
  send: ['gui', 'gui di', 'gui luon', 'gui phan anh nay', 'xac nhan', 'dong y gui', 'gui ngay', 'send', 'confirm'],
  edit: ['sua', 'sua lai', 'chinh sua', 'thay doi', 'edit', 'change'],
  resume: ['tiep tuc', 'tiep', 'viet tiep', 'lam tiep', 'gui tiep', 'co', 'continue', 'resume'],
  startOver: ['viet moi', 'viet lai', 'lam lai', 'gui moi', 'tao moi', 'moi', 'phan anh moi', 'start over', 'new'],
  pickArea: ['chon thon to', 'chon thon', 'chon to', 'chon to dan pho', 'chon khu', 'thon to', 'danh sach thon', 'choose my area', 'choose area'],
  categoryYes: ['dung', 'dung roi', 'dung vay', 'dung a', 'phai', 'phai roi', 'vang', 'vang dung', 'co', 'chinh xac', 'ok', 'dong y', 'u', 'duoc', 'yes', 'right'],
  categoryOther: ['linh vuc khac', 'khong phai', 'sai', 'sai roi', 'khong dung', 'chon khac', 'chon linh vuc khac', 'linh vuc', 'another topic', 'no'],
  categoryUnsure: ['khong ro', 'khong biet', 'chua ro', 'khong chac', 'bo qua', 'not sure'],
  addTo: ['bo sung', 'bo sung cho', 'bo sung phan anh', 'bo sung phan anh cu', 'them vao', 'them vao phan anh cu', 'phan anh cu', 'add to'],
  newReport: ['phan anh moi', 'gui phan anh moi', 'viec khac', 'moi', 'new report', 'new'],
  'field.category': ['linh vuc', 'sua linh vuc', 'topic', 'category'],
  'field.description': ['noi dung', 'sua noi dung', 'mo ta', 'description'],
  'field.photos': ['anh', 'hinh', 'hinh anh', 'anh chup', 'sua anh', 'tep', 'anh tep', 'photos', 'photo'],
  'field.location': ['vi tri', 'sua vi tri', 'dia chi', 'dia diem', 'noi xay ra', 'thon to', 'location', 'address', 'place'],
  'field.phone': ['so dien thoai', 'dien thoai', 'sua so dien thoai', 'phone', 'phone number'],
}; // prettier-ignore

/** Every button title, in both locales, is a phrase of the intent it stands for. */
const BUTTON_INTENTS: Partial<Record<TextKey, Intent>> = {
  'btn.feedback': 'feedback',
  'btn.continueDraft': 'continueDraft',
  'btn.lookup': 'lookup',
  'btn.help': 'help',
  'btn.menu': 'menu',
  'btn.cancel': 'cancel',
  'btn.skip': 'skip',
  'btn.agree': 'yes',
  'btn.decline': 'no',
  'btn.send': 'send',
  'btn.edit': 'edit',
  'btn.resume': 'resume',
  'btn.startOver': 'startOver',
  'btn.pickArea': 'pickArea',
  'btn.categoryYes': 'categoryYes',
  'btn.categoryOther': 'categoryOther',
  'btn.categoryUnsure': 'categoryUnsure',
  'btn.noMedia': 'skip',
  'btn.cancelConfirm': 'confirmCancel',
  'btn.keepWriting': 'keepWriting',
  'btn.restore': 'restore',
  'btn.newReport': 'newReport',
  'btn.field.category': 'field.category',
  'btn.field.description': 'field.description',
  'btn.field.photos': 'field.photos',
  'btn.field.location': 'field.location',
  'btn.field.phone': 'field.phone',
};

const PHRASE_SETS = buildPhraseSets();

function buildPhraseSets(): Record<Intent, Set<string>> {
  const sets = Object.fromEntries(
    Object.entries(PHRASES).map(([intent, phrases]) => [intent, new Set(phrases)]),
  ) as Record<Intent, Set<string>>;
  for (const [key, intent] of Object.entries(BUTTON_INTENTS) as [TextKey, Intent][]) {
    for (const title of [catalog[key].vi, catalog[key].en]) {
      for (const form of matchForms(title)) sets[intent].add(form);
    }
  }
  return sets;
}

/** Polite words and chat particles around a command: "dạ", "tôi muốn", "ạ", "nhé", "giúp tôi"… */
const LEADING_FILLERS = [
  'toi muon', 'em muon', 'chau muon', 'minh muon', 'con muon', 'toi can', 'em can', 'cho toi', 'cho em',
  'cho chau', 'vui long', 'lam on', 'xin', 'muon', 'da', 'vang', 'toi', 'em', 'chau', 'minh', 'ad oi',
  'admin oi', 'oi', 'thoi', 'please', 'i want to', 'i d like to',
]; // prettier-ignore
const TRAILING_FILLERS = [
  'giup toi', 'giup em', 'giup chau', 'giup', 'cho toi', 'cho em', 'nhe a', 'nha a', 'a', 'nhe', 'nha', 'di',
  'oi', 'voi', 'ad', 'admin', 'luon', 'roi', 'thoi', 'nua', 'ha', 'ah', 'ak', 'please', 'thanks', 'cam on',
]; // prettier-ignore

/** Removes polite words around a command, keeping at least one word. */
export function stripFillers(form: string): string {
  let text = form;
  for (let changed = true; changed;) {
    changed = false;
    for (const filler of LEADING_FILLERS) {
      if (text.startsWith(`${filler} `)) {
        text = text.slice(filler.length + 1);
        changed = true;
      }
    }
    for (const filler of TRAILING_FILLERS) {
      if (text.endsWith(` ${filler}`)) {
        text = text.slice(0, -(filler.length + 1));
        changed = true;
      }
    }
  }
  return text;
}

/** Longer messages are content, never a command or an option: not worth normalising for matching. */
const MAX_COMMAND_CHARS = 160;

/** The forms of a message to compare with phrases: as typed, and without polite words. */
export function candidateForms(text: string): string[] {
  if (text.length > MAX_COMMAND_CHARS) return [];
  const forms = new Set<string>();
  for (const form of matchForms(text)) {
    forms.add(form);
    forms.add(stripFillers(form));
  }
  forms.delete('');
  return [...forms];
}

/** Messages longer than this are content, not commands. */
const MAX_COMMAND_WORDS = 8;

export function matches(text: string, intent: Intent): boolean {
  const set = PHRASE_SETS[intent];
  return candidateForms(text).some((form) => form.split(' ').length <= MAX_COMMAND_WORDS && set.has(form));
}

/** The first of the given intents the message matches, in the order given. */
export function firstIntent<I extends Intent>(text: string, intents: readonly I[]): I | null {
  const forms = candidateForms(text).filter((form) => form.split(' ').length <= MAX_COMMAND_WORDS);
  return intents.find((intent) => forms.some((form) => PHRASE_SETS[intent].has(form))) ?? null;
}

/** "1", "1.", "số 1", "chọn 2" → the number; anything else → null. */
export function pickNumber(text: string): number | null {
  for (const form of candidateForms(text)) {
    const match = /^(?:so |chon |chon so |muc |phim |number |option )?(\d{1,3})$/.exec(form);
    if (match?.[1] !== undefined) return Number(match[1]);
  }
  return null;
}

/**
 * Words that carry no content of a report: "thôi ạ", "vâng", "ok", "xong", "cảm ơn". Not added to a description
 * where they are no answer; the question is asked again.
 */
export function isFiller(text: string): boolean {
  return firstIntent(text, ['thanks', 'done', 'greeting']) !== null;
}

/** Whether a text carries any letter or digit (an emoji-only or punctuation-only text does not). */
export function isMeaningful(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

export function wordCount(text: string): number {
  const words = foldedWords(text);
  return words === '' ? 0 : words.split(' ').length;
}

/** Words that may surround a case code in a look-up: "tra cứu LS-0427", "xem mã ls0427 giúp tôi". */
const LOOKUP_WORDS = new Set([
  'tra', 'cuu', 'xem', 'ma', 'so', 'phan', 'anh', 'kiem', 'tien', 'do', 'tinh', 'trang', 'cua', 'toi', 'em',
  'minh', 'cho', 'hoi', 've', 'giup', 'lai', 'nhe', 'a', 'voi', 'da', 'vang', 'xin', 'check', 'code', 'status',
  'report', 'case', 'my', 'of', 'the', 'look', 'up', 'lookup', 'nao', 'roi', 'sao',
]); // prettier-ignore

/**
 * A case code when the message is a look-up of that code ("LS-0427", "ls0427", "tra cứu LS-0427"), null when there
 * is no code or the code sits inside a longer text (then it is content, e.g. a description).
 */
export function codeLookup(text: string, prefix: string): string | null {
  const codes = findCaseCodes(text, prefix);
  const code = codes[0];
  if (code === undefined) return null;
  const codeWords = new RegExp(`(?:^| )${escapeRegExp(foldedWords(prefix))} ?\\d+(?= |$)`, 'g');
  const rest = matchForm(foldedWords(text).replace(codeWords, ' '))
    .split(' ')
    .filter((word) => word !== '' && !LOOKUP_WORDS.has(word));
  return rest.length === 0 ? code : null;
}

/** The first case code anywhere in a text. */
export function anyCode(text: string, prefix: string): string | null {
  return findCaseCodes(text, prefix)[0] ?? null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface NamedOption {
  readonly id: number;
  readonly code: string;
  readonly name: string;
}

export type OptionMatch<T> = { kind: 'one'; option: T } | { kind: 'none' } | { kind: 'many' };

/** Generic words that do not tell two options apart ("lĩnh vực đất đai", "thôn Đồng Bưng"). */
const OPTION_NOISE = ['linh vuc', 've', 'chon', 'phan anh', 'muc'];

/**
 * Picks one option (a category, a residential group) by its number in the list shown, its code, or its name typed
 * with or without diacritics; a fragment of a name counts when it fits one option only.
 */
export function matchOption<T extends NamedOption>(text: string, options: readonly T[]): OptionMatch<T> {
  const number = pickNumber(text);
  if (number !== null) {
    const option = options[number - 1];
    return option === undefined ? { kind: 'none' } : { kind: 'one', option };
  }
  const forms = candidateForms(text).flatMap((form) => [form, stripNoise(form)]);
  const named = options.map((option) => ({
    option,
    name: matchForm(option.name),
    code: foldedWords(option.code),
  }));
  const exact = named.filter((entry) => forms.some((form) => form === entry.name || form === entry.code));
  if (exact.length === 1 && exact[0] !== undefined) return { kind: 'one', option: exact[0].option };
  if (exact.length > 1) return { kind: 'many' };
  const partial = named.filter((entry) =>
    forms.some(
      (form) =>
        (form.length >= 3 && ` ${entry.name} `.includes(` ${form} `)) ||
        (entry.name.length >= 3 && ` ${form} `.includes(` ${entry.name} `)),
    ),
  );
  if (partial.length === 1 && partial[0] !== undefined) return { kind: 'one', option: partial[0].option };
  return partial.length > 1 ? { kind: 'many' } : { kind: 'none' };
}

function stripNoise(form: string): string {
  let text = form;
  for (const noise of OPTION_NOISE) {
    if (text.startsWith(`${noise} `)) text = text.slice(noise.length + 1);
  }
  return text;
}
