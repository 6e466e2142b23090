import { parseCaseCode } from '../case/code';
import type { CaseType, Id, RejectReason } from '../case/workflow';
import type { ReportSubscriptionChoice } from '../reports/subscriptions';
import { fold } from '../text/normalize';

/**
 * Staff commands typed into the OA chat (issue 4). Parsing is tolerant where a tired officer on a phone slips:
 * - the command word ignores case and diacritics and may be split or hyphenated: "/Nhận", "/NHAN", "/từ chối",
 *   "/tu-choi", "/Xác minh" all work; a space after the slash is allowed ("/ nhan"); the code may even be glued
 *   to the word ("/nhanLS0427");
 * - the case code takes any spelling `code.ts` accepts ("LS-0427", "ls0427", "ls 0427", "Ls_427") and must
 *   carry the commune's prefix: bare digits are refused, since in "/tl 50 hộ dân..." they are text;
 * - free text (/tl, /xong, /ghichu, /tuchoi) is kept as typed, diacritics, case and line breaks included; only
 *   the ends are trimmed, one separator right after the code (":", "-", ",") is dropped, and the text is put in
 *   Unicode NFC (the same characters, one encoding);
 * - extra words after /nhan, /xem, /xacminh, /ds, /huongdan, /dat are ignored.
 * The Front's commands (issue 10): `/giamsat` alone lists what needs supervising, `/giamsat <mã> <nội dung>` is a
 * supervision note, `/dat <mã>` confirms a result nobody scored, `/chuadat <mã> <lý do>` reopens it. `/giahan
 * <mã> <ngày mới | số ngày> <lý do>` extends a deadline once: "20/3", "20/03/2026", "20-3-2026", or "5", "5 ngày"
 * (working days added to the current deadline). `/tach <mã> <phần nội dung>` splits that part of a mixed message off
 * into a case of its own (Law 42/2013 Art. 25); the part is kept as typed. `/bosung <mã>` (the button under a
 * photo sent after a resolve) sends that photo to the case's residents.
 * A message that does not start with "/" is not a command, so the app can treat it as a photo caption or a
 * reply. Errors carry no text for the user and no list of commands: the text catalogue words them.
 */

export type StaffCommandName =
  | 'register'
  | 'take'
  | 'answer'
  | 'resolve'
  | 'transfer'
  | 'note'
  | 'view'
  | 'list'
  | 'verify'
  | 'reject'
  | 'retype'
  | 'help'
  | 'frontList'
  | 'supervise'
  | 'frontConfirm'
  | 'frontReopen'
  | 'extend'
  // ── Reports (issue 10) ──
  | 'reports'
  // ── Publication (issue 12) ──
  | 'hide'
  | 'unhide'
  | 'publish'
  | 'photo'
  // ── Splitting a mixed message (Law 42/2013 Art. 25) ──
  | 'split'
  // ── Photos after a resolve reach the resident only once confirmed ──
  | 'addEvidence';

/** How far a `/giahan` moves a deadline: to a date (the year may be left out), or by working days. */
export type ExtensionTarget =
  | { readonly kind: 'date'; readonly day: number; readonly month: number; readonly year: number | null }
  | { readonly kind: 'workingDays'; readonly days: number };

export type StaffCommand =
  | { readonly kind: 'register'; readonly inviteCode: string }
  | { readonly kind: 'take'; readonly caseCode: string }
  | { readonly kind: 'answer'; readonly caseCode: string; readonly text: string }
  | { readonly kind: 'resolve'; readonly caseCode: string; readonly resultText: string }
  | {
      readonly kind: 'transfer';
      readonly caseCode: string;
      readonly agencyId: Id;
      readonly agencyCode: string;
    }
  | { readonly kind: 'note'; readonly caseCode: string; readonly text: string }
  | { readonly kind: 'view'; readonly caseCode: string }
  | { readonly kind: 'list' }
  | { readonly kind: 'verify'; readonly caseCode: string }
  | {
      readonly kind: 'reject';
      readonly caseCode: string;
      readonly reason: RejectReason;
      readonly text: string;
    }
  | { readonly kind: 'retype'; readonly caseCode: string; readonly caseType: CaseType }
  | { readonly kind: 'help' }
  | { readonly kind: 'frontList' }
  | { readonly kind: 'supervise'; readonly caseCode: string; readonly text: string }
  | { readonly kind: 'frontConfirm'; readonly caseCode: string }
  | { readonly kind: 'frontReopen'; readonly caseCode: string; readonly reason: string }
  | { readonly kind: 'extend'; readonly caseCode: string; readonly until: ExtensionTarget; readonly reason: string }
  // ── Reports (issue 10): `/baocao` subscribes to the digests, `/baocao tat` stops them ──
  | { readonly kind: 'reports'; readonly choice: ReportSubscriptionChoice }
  /** `/an LS-0427 <lý do>`: hide from public pages; `/hien LS-0427`: show again. */
  // ── Publication (issue 12) ──
  | { readonly kind: 'hide'; readonly caseCode: string; readonly reason: string }
  | { readonly kind: 'unhide'; readonly caseCode: string }
  /** `/congkhai LS-0427`: publish a result waiting for review. */
  | { readonly kind: 'publish'; readonly caseCode: string }
  /** `/anhcongkhai LS-0427 2`: clear the case's 2nd photo for public pages ("bo" after it withdraws it). */
  | { readonly kind: 'photo'; readonly caseCode: string; readonly photoNumber: number; readonly publishable: boolean }
  /** `/tach LS-0427 <phần nội dung>`: that part becomes a case of its own. */
  | { readonly kind: 'split'; readonly caseCode: string; readonly text: string }
  /** `/bosung LS-0427`: send the photos or files just offered for the resolved case to its residents. */
  | { readonly kind: 'addEvidence'; readonly caseCode: string };


export type CommandParseError =
  /** Does not start with "/": not meant as a command. */
  | { readonly kind: 'not_a_command' }
  | { readonly kind: 'unknown_command' }
  | { readonly kind: 'missing_invite_code' }
  /** No case code of this commune's prefix right after the command word. */
  | { readonly kind: 'missing_case_code'; readonly command: StaffCommandName }
  | {
      readonly kind: 'missing_text';
      readonly command:
        | 'answer'
        | 'resolve'
        | 'note'
        | 'reject'
        | 'supervise'
        | 'frontReopen'
        | 'extend'
        | 'hide'
        | 'split';
    }
  /** `/giahan` without a new date or a number of days right after the code. */
  | { readonly kind: 'missing_extension' }
  /** `/anhcongkhai` without the photo's number. */
  | { readonly kind: 'missing_photo_number' }
  /** `/loai` without a type it knows (phản ánh, khiếu nại, tố cáo, thủ tục, khẩn cấp). */
  | { readonly kind: 'unknown_case_type' }
  | { readonly kind: 'missing_agency' }
  | { readonly kind: 'unknown_agency' }
  /** The agency typed matches several; `candidates` are their codes. */
  | { readonly kind: 'ambiguous_agency'; readonly candidates: readonly string[] };

export type CommandParseResult =
  | { readonly ok: true; readonly command: StaffCommand }
  | { readonly ok: false; readonly error: CommandParseError };

export interface AgencyRef {
  readonly id: Id;
  readonly code: string;
  readonly name: string;
  readonly aliases?: readonly string[];
}

export interface CommandContext {
  /** The commune's case-code prefix, e.g. "LS". */
  readonly casePrefix: string;
  /** The commune's agencies, for `/chuyen`. */
  readonly agencies: readonly AgencyRef[];
}

/** Command words, folded, without spaces or hyphens. */
const commandWords: Readonly<Record<string, StaffCommandName>> = {
  dangky: 'register',
  nhan: 'take',
  tl: 'answer',
  traloi: 'answer',
  xong: 'resolve',
  chuyen: 'transfer',
  ghichu: 'note',
  xem: 'view',
  ds: 'list',
  danhsach: 'list',
  xacminh: 'verify',
  tuchoi: 'reject',
  loai: 'retype',
  phanloai: 'retype',
  huongdan: 'help',
  help: 'help',
  trogiup: 'help',
  giamsat: 'supervise',
  dat: 'frontConfirm',
  chuadat: 'frontReopen',
  khongdat: 'frontReopen',
  giahan: 'extend',
  // ── Reports (issue 10) ──
  baocao: 'reports',
  // ── Publication (issue 12) ──
  an: 'hide',
  hien: 'unhide',
  congkhai: 'publish',
  anhcongkhai: 'photo',
  // ── Splitting a mixed message ──
  tach: 'split',
  bosung: 'addEvidence',
};
const wordsLongestFirst = Object.entries(commandWords).sort(([a], [b]) => b.length - a.length);

const commandStart = /^\s*[/／]\s*/;
/**
 * Only locates a code-like span at the start (letters, a few separators, digits); `parseCaseCode` then decides
 * with code.ts's own rules whether it is a code of this commune, so the two never disagree on spellings.
 */
const codeAtStart = /^\s*\p{L}+[\s\-_.:#]{0,3}\p{Nd}{1,7}(?!\p{Nd})/u;
const separatorAfterCode = /^\s*[:\-–—,]?\s*/;

const ok = (command: StaffCommand): CommandParseResult => ({ ok: true, command });
const fail = (error: CommandParseError): CommandParseResult => ({ ok: false, error });

/** Folded words: no diacritics, lower case, punctuation as spaces. "Phòng Văn hóa – Xã hội" → "phong van hoa xa hoi". */
function words(text: string): string {
  return fold(text)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function commandKey(token: string): string {
  return fold(token).replace(/[-_.]/g, '');
}

interface Split {
  readonly name: StaffCommandName;
  /** The original text after the command word. */
  readonly rest: string;
}

function splitCommandWord(body: string, casePrefix: string): Split | null {
  const tokens = [...body.matchAll(/\S+/g)].slice(0, 2);
  const [first, second] = tokens;
  if (first === undefined) return null;
  const endOf = (token: RegExpExecArray): number => token.index + token[0].length;

  const single = commandWords[commandKey(first[0])];
  if (single !== undefined) return { name: single, rest: body.slice(endOf(first)) };
  if (second !== undefined) {
    const pair = commandWords[commandKey(first[0]) + commandKey(second[0])];
    if (pair !== undefined) return { name: pair, rest: body.slice(endOf(second)) };
  }
  // "/nhanLS0427": the word glued to the code. Only when folding kept the length, so offsets still line up.
  const folded = fold(first[0]);
  if (folded.length !== first[0].length) return null;
  for (const [word, name] of wordsLongestFirst) {
    if (!folded.startsWith(word) || folded.length === word.length) continue;
    const rest = body.slice(first.index + word.length);
    if (takeCaseCode(rest, casePrefix) !== null) return { name, rest };
  }
  return null;
}

/** The case code at the start of `text` and the text after it, or null. */
function takeCaseCode(text: string, casePrefix: string): { code: string; after: string } | null {
  const match = codeAtStart.exec(text);
  if (match === null) return null;
  const code = parseCaseCode(match[0], casePrefix);
  return code === null ? null : { code, after: text.slice(match[0].length) };
}

function freeText(after: string): string {
  return after.replace(separatorAfterCode, '').trimEnd();
}

/** The reason code a rejection text states, from its folded words; "other" when none is recognised. */
export function rejectReasonOf(text: string): RejectReason {
  const w = ` ${words(text)} `;
  const has = (...phrases: string[]): boolean => phrases.some((phrase) => w.includes(` ${phrase} `));
  if (has('spam', 'tin rac', 'quang cao', 'lua dao')) return 'spam';
  // "trùng" alone is a duplicate, but "trung tâm" (centre) and "trung ương" (central) are not.
  const duplicateWord = /^ trung (?!tam |uong |thu |binh |hoc )/.test(w) || w === ' trung ';
  if (duplicateWord || has('trung lap', 'trung voi', 'bi trung', 'da co phan anh', 'duplicate', 'lap lai')) {
    return 'duplicate';
  }
  if (
    has(
      'ngoai tham quyen',
      'khong thuoc',
      'sai tham quyen',
      'vuot tham quyen',
      'out of scope',
      'out_of_scope',
    )
  ) {
    return 'out_of_scope';
  }
  return 'other';
}

/**
 * The agency a `/chuyen` names: by code ("kinh-te", "kinhte"), full name or alias first, then by words contained
 * in a name or alias ("kinh te" → "Phòng Kinh tế", "cong an" → "Công an xã"). Several matches at the best level
 * are ambiguous.
 */
export function matchAgency(
  query: string,
  agencies: readonly AgencyRef[],
): { ok: true; agency: AgencyRef } | { ok: false; error: CommandParseError } {
  const q = words(query);
  if (q === '') return { ok: false, error: { kind: 'missing_agency' } };
  const compact = q.replace(/ /g, '');
  const namesOf = (agency: AgencyRef): string[] => [agency.name, ...(agency.aliases ?? [])].map(words);
  const exact = agencies.filter(
    (agency) => words(agency.code).replace(/ /g, '') === compact || namesOf(agency).includes(q),
  );
  const tiers = [
    exact,
    agencies.filter((agency) => namesOf(agency).some((name) => ` ${name} `.includes(` ${q} `))),
  ];
  for (const found of tiers) {
    const [only, ...others] = found;
    if (only !== undefined && others.length === 0) return { ok: true, agency: only };
    if (only !== undefined) {
      return {
        ok: false,
        error: { kind: 'ambiguous_agency', candidates: found.map((agency) => agency.code) },
      };
    }
  }
  return { ok: false, error: { kind: 'unknown_agency' } };
}

/** Parses one staff message. */
export function parseStaffCommand(message: string, ctx: CommandContext): CommandParseResult {
  const text = message.normalize('NFC');
  const start = commandStart.exec(text);
  if (start === null) return fail({ kind: 'not_a_command' });
  const split = splitCommandWord(text.slice(start[0].length), ctx.casePrefix);
  if (split === null) return fail({ kind: 'unknown_command' });
  const { name, rest } = split;

  switch (name) {
    case 'help':
    case 'list':
    case 'frontList':
      return ok({ kind: name });
    case 'supervise':
      // "/giamsat" alone is the Front's list; with a code it is a note on that case.
      if (takeCaseCode(rest, ctx.casePrefix) === null && rest.trim() === '') return ok({ kind: 'frontList' });
      break;
    case 'reports':
      return ok({ kind: 'reports', choice: reportChoiceOf(rest) });
    case 'register': {
      const inviteCode = /\S+/.exec(rest)?.[0];
      return inviteCode === undefined
        ? fail({ kind: 'missing_invite_code' })
        : ok({ kind: 'register', inviteCode });
    }
    default:
      break;
  }

  const taken = takeCaseCode(rest, ctx.casePrefix);
  if (taken === null) return fail({ kind: 'missing_case_code', command: name });
  const { code: caseCode, after } = taken;
  const body = freeText(after);

  switch (name) {
    case 'take':
    case 'view':
    case 'verify':
    case 'unhide':
    case 'publish':
    case 'addEvidence':
      return ok({ kind: name, caseCode });
    case 'frontConfirm':
      return ok({ kind: 'frontConfirm', caseCode });
    case 'supervise':
      return body === '' ? fail({ kind: 'missing_text', command: 'supervise' }) : ok({ kind: 'supervise', caseCode, text: body });
    case 'frontReopen':
      return body === ''
        ? fail({ kind: 'missing_text', command: 'frontReopen' })
        : ok({ kind: 'frontReopen', caseCode, reason: body });
    case 'extend': {
      const target = extensionTarget(body);
      if (target === null) return fail({ kind: 'missing_extension' });
      return target.reason === ''
        ? fail({ kind: 'missing_text', command: 'extend' })
        : ok({ kind: 'extend', caseCode, until: target.until, reason: target.reason });
    }
    case 'hide':
      return body === '' ? fail({ kind: 'missing_text', command: 'hide' }) : ok({ kind: 'hide', caseCode, reason: body });
    case 'photo': {
      const match = /^(\d{1,3})(?:\s+(.*))?$/su.exec(body);
      if (match?.[1] === undefined) return fail({ kind: 'missing_photo_number' });
      const withdraw = /^(bo|khong|huy|an)\b/.test(words(match[2] ?? ''));
      return ok({ kind: 'photo', caseCode, photoNumber: Number(match[1]), publishable: !withdraw });
    }
    case 'split':
      return body === '' ? fail({ kind: 'missing_text', command: 'split' }) : ok({ kind: 'split', caseCode, text: body });
    case 'answer':
    case 'note':
      return body === ''
        ? fail({ kind: 'missing_text', command: name })
        : ok({ kind: name, caseCode, text: body });
    case 'resolve':
      return body === ''
        ? fail({ kind: 'missing_text', command: 'resolve' })
        : ok({ kind: 'resolve', caseCode, resultText: body });
    case 'reject':
      return body === ''
        ? fail({ kind: 'missing_text', command: 'reject' })
        : ok({ kind: 'reject', caseCode, reason: rejectReasonOf(body), text: body });
    case 'retype': {
      const caseType = caseTypeOf(body);
      return caseType === null ? fail({ kind: 'unknown_case_type' }) : ok({ kind: 'retype', caseCode, caseType });
    }
    case 'transfer': {
      const found = matchAgency(body, ctx.agencies);
      if (!found.ok) return fail(found.error);
      return ok({ kind: 'transfer', caseCode, agencyId: found.agency.id, agencyCode: found.agency.code });
    }
  }
}

const extensionDate = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?(?!\d)/;
const extensionDays = /^(\d{1,2})(?!\s*[/.-]\s*\d)(?:\s*(?:ngày làm việc|ngay lam viec|ngày|ngay|ngày lv|ngay lv))?(?![\p{L}\d])/iu;

/** The new deadline and the reason after the code of a `/giahan`, or null without a date or a number of days. */
export function extensionTarget(body: string): { until: ExtensionTarget; reason: string } | null {
  const text = body.normalize('NFC').trimStart();
  const date = extensionDate.exec(text);
  if (date !== null) {
    const day = Number(date[1]);
    const month = Number(date[2]);
    if (day < 1 || day > 31 || month < 1 || month > 12) return null;
    const until: ExtensionTarget = { kind: 'date', day, month, year: date[3] === undefined ? null : Number(date[3]) };
    return { until, reason: freeText(text.slice(date[0].length)).trim() };
  }
  const days = extensionDays.exec(text);
  if (days !== null) {
    const count = Number(days[1]);
    if (count < 1) return null;
    return { until: { kind: 'workingDays', days: count }, reason: freeText(text.slice(days[0].length)).trim() };
  }
  return null;
}

/** Folded words staff type for each case type; the first that appears in the text wins. */
const caseTypeWords: readonly (readonly [CaseType, readonly string[]])[] = [
  ['complaint', ['khieu nai', 'complaint']],
  ['crime_tip', ['to giac', 'toi pham', 'crime']],
  ['denunciation', ['to cao', 'denunciation']],
  ['procedure', ['thu tuc', 'hanh chinh', 'procedure']],
  ['emergency', ['khan cap', 'emergency']],
  ['feedback', ['phan anh', 'kien nghi', 'feedback']],
];

/** The case type a staff member named in `/loai`, with or without diacritics; null when none is named. */
export function caseTypeOf(text: string): CaseType | null {
  const folded = ` ${words(text)} `;
  for (const [type, phrases] of caseTypeWords) {
    if (phrases.some((phrase) => folded.includes(` ${phrase} `))) return type;
  }
  return null;
}

// ── Reports (issue 10) ──
/**
 * What `/baocao` asks for: nothing more means both digests; "ngày"/"tuần" one of them; "tắt", "hủy", "dừng",
 * "thôi", "off" stop them.
 */
export function reportChoiceOf(text: string): ReportSubscriptionChoice {
  const w = ` ${words(text)} `;
  const has = (...phrases: string[]) => phrases.some((phrase) => w.includes(` ${phrase} `));
  if (has('tat', 'huy', 'dung', 'thoi', 'bo', 'off', 'stop')) return { kind: 'unsubscribe' };
  const daily = has('ngay', 'hang ngay', 'daily');
  const weekly = has('tuan', 'hang tuan', 'weekly');
  if (daily !== weekly) return { kind: 'subscribe', daily, weekly };
  return { kind: 'subscribe', daily: true, weekly: true };
}
