import { addWorkingDays } from '../domain/case/deadlines';
import { DEFAULT_CATEGORIES } from '../domain/case/defaults';
import { residentUpdate } from '../domain/case/notices';
import { step } from '../domain/conversation/machine';
import { replyText } from '../domain/conversation/reply-text';
import type { ConversationState, Ctx, Effect, Input } from '../domain/conversation/types';
import { DEMO_AREAS } from '../db/seed';

/**
 * docs/CONVERSATION.md, played through the real conversation machine (domain/conversation/machine.ts) with the
 * default categories and the demo commune's residential groups. `npm run docs:conversation` writes it; a unit
 * test fails when the file is stale, so the dialogues shown are always the ones residents get.
 */

const NOW = new Date('2026-03-02T02:00:00.000Z'); // Monday 02/03/2026, 09:00 in Vietnam
const NOTICE_URL = 'https://langnghe.example/du-lieu-ca-nhan/luong-son';
const CATEGORIES = DEFAULT_CATEGORIES.map((category, index) => ({
  id: index + 1,
  code: category.code,
  name: category.name,
}));
const AREAS = DEMO_AREAS.map((area, index) => ({ id: 101 + index, code: area.code, name: area.name }));

type Turn = Input | string | { note: string };

interface Dialogue {
  title: string;
  intro: string;
  turns: Turn[];
  /** Case code the app gives the first case filed. */
  firstCode?: number;
  followUp?: string;
  reach?: 'duty' | 'fallback' | 'none';
  /** Show the routing update that follows a filed case (the agency and the deadline). */
  routedTo?: string;
}

const DIALOGUES: Dialogue[] = [
  {
    title: 'A typical report: words, one photo, the area, a phone',
    intro:
      'A resident scans the poster of Tiểu khu 6, follows the OA and writes. Five turns after the first message; the consent question comes only when the photo arrives; the phone is the last, optional question and sends the report.',
    turns: [
      { kind: 'follow' },
      'Ổ gà lớn ở đầu ngõ 12, xe máy đi qua dễ ngã',
      'Đúng',
      { kind: 'image', url: 'https://zalo-cdn.example/o-ga.jpg' },
      'Đồng ý',
      'TK6',
      '0912 345 678',
    ],
    routedTo: 'Phòng Kinh tế',
  },
  {
    title: 'The poster code first, then a voice note',
    intro:
      'The poster asks people to type its code. A voice note tells the story (staff listen to it), so there is no category question.',
    turns: ['tk6', { kind: 'audio', url: 'https://zalo-cdn.example/voice.aac' }, 'Đồng ý', 'Gửi'],
  },
  {
    title: 'A second problem after filing',
    intro:
      'Words sent after a case are not glued to it: the resident says which. (A Zalo "Trả lời" on an update about a case goes to that case directly.)',
    followUp: 'LS-0427',
    turns: [
      { kind: 'follow' },
      'À, còn đèn đường tổ 5 cũng hỏng',
      'Phản ánh mới',
      'Đúng',
      'Không có ảnh',
      'Bỏ qua',
      'ko có sđt',
    ],
    firstCode: 428,
  },
  {
    title: 'Everyday words never delete a report',
    intro:
      '"thôi ạ" means "that is all", "không gửi" means no photo; a sentence is not an address; "hủy" asks first, and a cancelled report can be restored for a day.',
    turns: [
      'Rác thải đổ bừa bãi ở đầu thôn, bốc mùi hôi',
      'thôi ạ',
      'hủy',
      'Không, viết tiếp',
      'không gửi',
      'À quên, chỗ đó còn có rác',
      'hủy',
      'Hủy phản ánh',
      'Khôi phục',
    ],
  },
  {
    title: 'When the suggested category is not the right one',
    intro: '"Lĩnh vực khác" shows the likeliest as buttons and every category as a short numbered list.',
    turns: ['Nhà bên cạnh đổ đất lấn ra ngõ đi chung', 'Lĩnh vực khác', '4'],
  },
  {
    title: 'An emergency is filed at once',
    intro:
      'The case exists with the first message; the on-duty officer is alerted before anything is sent to the resident, who is told who got it and asked only where.',
    turns: ['Cháy nhà ở tiểu khu 6, cứu với', 'số 12 ngõ 3, cạnh nhà văn hóa'],
  },
  {
    title: 'When nobody on duty can be reached',
    intro: 'The alert goes to reception and the commune leaders, and the resident is told the truth.',
    reach: 'fallback',
    turns: ['Có người bị điện giật đang bất tỉnh ở đầu ngõ 5'],
  },
  {
    title: 'A denunciation',
    intro: 'It goes to reception and the chairman only, never to the agency of the category.',
    turns: [
      'Cán bộ địa chính nhận hối lộ khi làm sổ đỏ cho nhà ông A',
      'Đúng',
      'Không có ảnh',
      'Bỏ qua',
      'Gửi',
    ],
  },
];

function ctxFor(dialogue: Dialogue): Ctx {
  return {
    now: NOW,
    locale: 'vi',
    categories: CATEGORIES,
    areas: AREAS,
    idleTimeoutMs: 24 * 3600_000,
    casePrefix: 'LS',
    consent: { noticeVersion: 2, given: null, noticeUrl: NOTICE_URL },
    communeName: 'xã Lương Sơn',
    followUp: dialogue.followUp === undefined ? null : { code: dialogue.followUp },
    replyTo: null,
    knownPhone: null,
  };
}

function residentLine(turn: Input | string): string {
  if (typeof turn === 'string') return turn;
  switch (turn.kind) {
    case 'follow':
      return '(quét mã QR trên áp phích, bấm "Quan tâm")';
    case 'image':
      return '(gửi một ảnh)';
    case 'audio':
      return '(gửi một tin nhắn thoại)';
    case 'video':
      return '(gửi một video)';
    case 'location':
      return '(gửi vị trí)';
    case 'submitInfo':
      return '(bấm chia sẻ số điện thoại)';
    default:
      return `(${turn.kind})`;
  }
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line, index) => (index === 0 ? line : `${' '.repeat(prefix.length)}${line}`))
    .join('\n');
}

function buttonsOf(effect: Extract<Effect, { type: 'reply' }>): string {
  const buttons = effect.buttons ?? [];
  if (buttons.length === 0) return '';
  return `\n${' '.repeat(4)}${buttons.map((b) => ('url' in b ? `[${b.title} ↗]` : `[${b.title}]`)).join(' ')}`;
}

interface Played {
  transcript: string;
  /** Resident turns after the first message (a follow is not a message). */
  turnsAfterFirst: number;
  /** Bot messages from the first message on. */
  botMessages: number;
}

function play(dialogue: Dialogue): Played {
  let ctx = ctxFor(dialogue);
  let state: ConversationState | null = null;
  let code = dialogue.firstCode ?? 427;
  let r = 0;
  let b = 0;
  let firstAt: number | null = null;
  let botBeforeFirst = 0;
  const lines: string[] = [];
  let filedCategory: number | null = null;
  for (const turn of dialogue.turns) {
    if (typeof turn === 'object' && 'note' in turn) {
      lines.push(`    ${turn.note}`);
      continue;
    }
    r += 1;
    if (firstAt === null && !(typeof turn === 'object' && turn.kind === 'follow')) {
      firstAt = r;
      botBeforeFirst = b;
    }
    lines.push(`R${r}  ${residentLine(turn)}`);
    let pending: Input[] = [typeof turn === 'string' ? { kind: 'text', text: turn } : turn];
    while (pending.length > 0) {
      const next: Input[] = [];
      for (const input of pending) {
        const result = step(state, input, ctx);
        state = result.state;
        for (const effect of result.effects) {
          switch (effect.type) {
            case 'reply':
              b += 1;
              lines.push(`B${b}  ${indent(replyText(effect, 'vi'), `B${b}  `)}${buttonsOf(effect)}`);
              break;
            case 'requestUserInfo':
              b += 1;
              lines.push(`B${b}  (thẻ chia sẻ số điện thoại) ${effect.title} — ${effect.subtitle}`);
              break;
            case 'recordConsent':
              ctx = {
                ...ctx,
                consent: {
                  ...ctx.consent,
                  given: { version: effect.noticeVersion, granted: effect.granted },
                },
              };
              break;
            case 'createCase': {
              filedCategory = effect.draft.categoryId;
              const caseCode = `LS-${String(code).padStart(4, '0')}`;
              code += 1;
              const days = DEFAULT_CATEGORIES[(effect.draft.categoryId ?? 0) - 1]?.deadlineWorkingDays ?? 7;
              lines.push(`    (hệ thống: lưu phản ánh ${caseCode}, loại ${effect.draft.caseType})`);
              next.push({ kind: 'caseCreated', code: caseCode, expectedResponseDays: days });
              break;
            }
            case 'alertOnDuty': {
              const who =
                (dialogue.reach ?? 'duty') === 'duty' ? 'cán bộ trực' : 'cán bộ tiếp nhận và lãnh đạo xã';
              lines.push(
                `    (hệ thống: báo khẩn cấp ${effect.code} tới ${who}${effect.place === null ? '' : `, địa điểm: ${effect.place}`})`,
              );
              if (effect.stage === 'new')
                next.push({ kind: 'alerted', code: effect.code, reached: dialogue.reach ?? 'duty' });
              break;
            }
            case 'relayFollowUp':
              lines.push(`    (hệ thống: chuyển cho cán bộ giải quyết ${effect.code})`);
              break;
            case 'setCasePlace':
              lines.push(`    (hệ thống: ghi địa điểm vào ${effect.code})`);
              break;
            default:
              break;
          }
        }
      }
      pending = next;
    }
  }
  if (dialogue.routedTo !== undefined && filedCategory !== null) {
    const days = DEFAULT_CATEGORIES[filedCategory - 1]?.deadlineWorkingDays ?? 7;
    const update = residentUpdate({
      action: 'assign',
      code: `LS-${String(dialogue.firstCode ?? 427).padStart(4, '0')}`,
      status: 'assigned',
      agencyName: dialogue.routedTo,
      dueAt: addWorkingDays(NOW, days, [], 'Asia/Ho_Chi_Minh'),
      note: null,
    });
    if (update !== null) {
      lines.push('    (vài giây sau, khi việc phân công chạy)');
      lines.push(`B${b + 1}  ${indent(update.text, `B${b + 1}  `)}`);
    }
  }
  return {
    transcript: lines.join('\n'),
    turnsAfterFirst: r - (firstAt ?? 1),
    botMessages: b - botBeforeFirst,
  };
}

export function conversationDoc(): string {
  const parts = [
    '# The resident conversation',
    '',
    '<!-- Generated by `npm run docs:conversation` from the real machine (src/dev/conversation-doc.ts). Do not edit: a test fails when this file is stale. -->',
    '',
    'How the bot of "Lắng nghe dân nói" talks with residents, verbatim, as `src/domain/conversation/machine.ts` plays it',
    'for xã Lương Sơn with the default categories and the demo residential groups (issue 11). `R` is the resident,',
    '`B` a message from the bot, `[…]` its buttons (`↗` opens a page), `(hệ thống: …)` what the app does meanwhile.',
    '',
  ];
  for (const dialogue of DIALOGUES) {
    const played = play(dialogue);
    parts.push(`## ${dialogue.title}`, '', dialogue.intro, '', '```', played.transcript, '```', '');
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    parts.push(
      `${plural(played.turnsAfterFirst, 'resident turn')} after the first message; ` +
        `${plural(played.botMessages, 'bot message')} from the first message on` +
        (dialogue.routedTo === undefined ? '.' : ', then the routing update.'),
      '',
    );
  }
  return `${parts.join('\n').trimEnd()}\n`;
}
