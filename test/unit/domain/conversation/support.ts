import { step } from '../../../../src/domain/conversation/machine';
import { replyText } from '../../../../src/domain/conversation/reply-text';
import type {
  AlertReach,
  ConversationState,
  Ctx,
  Effect,
  Input,
  StepKind,
  StepResult,
} from '../../../../src/domain/conversation/types';
import type { TextKey } from '../../../../src/domain/text/catalog';

export const T0 = new Date('2026-03-02T03:00:00.000Z');

export const CATEGORIES = [
  { id: 1, code: 'duong-giao-thong', name: 'Đường sá, giao thông' },
  { id: 2, code: 've-sinh-moi-truong', name: 'Vệ sinh, môi trường' },
  { id: 3, code: 'dat-dai', name: 'Đất đai' },
  { id: 4, code: 'trat-tu-xay-dung', name: 'Trật tự xây dựng' },
  { id: 5, code: 'thu-tuc-hanh-chinh', name: 'Thủ tục hành chính' },
  { id: 6, code: 'phong-chong-thien-tai', name: 'Phòng chống thiên tai' },
  { id: 7, code: 'an-ninh-trat-tu', name: 'An ninh, trật tự' },
  { id: 8, code: 'dien-chieu-sang', name: 'Điện, chiếu sáng' },
  { id: 9, code: 'khac', name: 'Khác' },
];

export const AREAS = [
  { id: 11, code: 'DONGBUNG', name: 'Thôn Đồng Bưng' },
  { id: 12, code: 'TK6', name: 'Tiểu khu 6' },
  { id: 13, code: 'TDP3', name: 'Tổ dân phố 3' },
];

export const DAY_MS = 24 * 3600_000;
export const NOTICE_URL = 'https://langnghe.example/du-lieu-ca-nhan/luong-son';

export function makeCtx(overrides: Partial<Ctx> = {}): Ctx {
  return {
    now: T0,
    locale: 'vi',
    categories: CATEGORIES,
    areas: AREAS,
    idleTimeoutMs: DAY_MS,
    casePrefix: 'LS',
    consent: { noticeVersion: 2, given: null, noticeUrl: NOTICE_URL },
    communeName: 'xã Lương Sơn',
    followUp: null,
    replyTo: null,
    knownPhone: null,
    ...overrides,
  };
}

export const text = (value: string): Input => ({ kind: 'text', text: value });
export const image = (n = 1): Input => ({
  kind: 'image',
  url: `https://cdn.example/${n}.jpg`,
  thumbnailUrl: `https://cdn.example/${n}-t.jpg`,
});
export const voice = (n = 1): Input => ({ kind: 'audio', url: `https://cdn.example/voice-${n}.aac` });
export const video = (n = 1): Input => ({ kind: 'video', url: `https://cdn.example/video-${n}.mp4` });
export const file = (n = 1): Input => ({
  kind: 'file',
  url: `https://cdn.example/file-${n}.pdf`,
  name: `don-${n}.pdf`,
});
export const pin: Input = { kind: 'location', latitude: 20.85, longitude: 105.52 };

export interface ChatOptions {
  /**
   * Play the app's part like app/converse.ts does: a filed case comes back as `caseCreated` (codes LS-0001, …), an
   * emergency alert as `alerted` (reaching `reach`). Off, the chat stops at `submitting`.
   */
  app?: boolean;
  reach?: AlertReach;
}

/**
 * Plays inputs one after the other like the app would: the state of each step feeds the next, recorded consents
 * and withdrawals show in the next event's ctx, and the clock advances a minute per input.
 */
export class Chat {
  state: ConversationState | null;
  ctx: Ctx;
  last: StepResult | null = null;
  filed = 0;
  private readonly options: Required<ChatOptions>;

  constructor(ctx: Ctx = makeCtx(), state: ConversationState | null = null, options: ChatOptions = {}) {
    this.ctx = ctx;
    this.state = state;
    this.options = { app: true, reach: 'duty', ...options };
  }

  send(input: Input | string): Effect[] {
    const all: Effect[] = [];
    let pending: Input[] = [typeof input === 'string' ? text(input) : input];
    while (pending.length > 0) {
      const next: Input[] = [];
      for (const current of pending) {
        const result = step(this.state, current, this.ctx);
        this.last = result;
        this.state = result.state;
        all.push(...result.effects);
        for (const effect of result.effects) next.push(...this.app(effect));
      }
      pending = next;
    }
    this.ctx = { ...this.ctx, now: new Date(this.ctx.now.getTime() + 60_000) };
    return all;
  }

  private app(effect: Effect): Input[] {
    if (effect.type === 'recordConsent') {
      this.ctx = {
        ...this.ctx,
        consent: { ...this.ctx.consent, given: { version: effect.noticeVersion, granted: effect.granted } },
      };
    }
    if (effect.type === 'withdrawConsent') {
      this.ctx = {
        ...this.ctx,
        knownPhone: null,
        consent: { ...this.ctx.consent, given: { version: this.ctx.consent.noticeVersion, granted: false } },
      };
    }
    if (!this.options.app) return [];
    if (effect.type === 'createCase') {
      this.filed += 1;
      return [
        { kind: 'caseCreated', code: `LS-${String(this.filed).padStart(4, '0')}`, expectedResponseDays: 7 },
      ];
    }
    if (effect.type === 'alertOnDuty' && effect.stage === 'new') {
      return [{ kind: 'alerted', code: effect.code, reached: this.options.reach }];
    }
    return [];
  }

  sendAll(...inputs: (Input | string)[]): Effect[] {
    return inputs.flatMap((input) => this.send(input));
  }

  get kind(): StepKind {
    if (this.state === null) throw new Error('no state yet');
    return this.state.step.kind;
  }

  get draft() {
    if (this.state === null) throw new Error('no state yet');
    return this.state.draft;
  }
}

export type Reply = Extract<Effect, { type: 'reply' }>;

export function replies(effects: readonly Effect[]): Reply[] {
  return effects.filter((effect): effect is Reply => effect.type === 'reply');
}

/** The keys of every part of every reply, leads included, in reading order. */
export function keys(effects: readonly Effect[]): TextKey[] {
  return replies(effects).flatMap((reply) => [...(reply.before ?? []).map((lead) => lead.key), reply.key]);
}

/** The main key of each message (one per Zalo message). */
export function messageKeys(effects: readonly Effect[]): TextKey[] {
  return replies(effects).map((reply) => reply.key);
}

export function types(effects: readonly Effect[]): Effect['type'][] {
  return effects.map((effect) => effect.type);
}

/** Each message as the resident reads it. */
export function rendered(effects: readonly Effect[], locale: 'vi' | 'en' = 'vi'): string[] {
  return replies(effects).map((reply) => replyText(reply, locale));
}

export function lastButtons(effects: readonly Effect[]) {
  const withButtons = replies(effects).filter((reply) => reply.buttons !== undefined);
  return withButtons.at(-1)?.buttons ?? [];
}

export function buttonTitles(effects: readonly Effect[]): string[] {
  return lastButtons(effects).map((button) => button.title);
}

export function effect<T extends Effect['type']>(
  effects: readonly Effect[],
  type: T,
): Extract<Effect, { type: T }> {
  const found = effects.find((e): e is Extract<Effect, { type: T }> => e.type === type);
  if (found === undefined) throw new Error(`no ${type} effect`);
  return found;
}

export const REPORT = 'Ổ gà lớn giữa đường thôn Đồng Bưng, xe máy dễ ngã';

/** The inputs that bring a fresh conversation (no consent given yet) to a step kind. */
export const PATHS: Record<StepKind, (Input | string)[]> = {
  menu: ['xin chào'],
  resume: [REPORT, 'trang chủ', 'Gửi phản ánh'],
  which: ['Đèn đường tổ 5 cũng bị hỏng'],
  emergencyPlace: ['Cháy nhà ở đầu làng, cứu với'],
  describe: ['Gửi phản ánh'],
  category: [REPORT],
  media: [REPORT, 'Đúng'],
  consent: [REPORT, 'Đúng', image()],
  place: [REPORT, 'Đúng', 'Không có ảnh'],
  area: [REPORT, 'Đúng', 'Không có ảnh', 'Chọn thôn, tổ'],
  summary: [REPORT, 'Đúng', 'Không có ảnh', 'Bỏ qua'],
  editField: [REPORT, 'Đúng', 'Không có ảnh', 'Bỏ qua', 'Sửa'],
  confirmCancel: [REPORT, 'Đúng', 'hủy'],
  submitting: [REPORT, 'Đúng', 'Không có ảnh', 'Bỏ qua', 'Gửi'],
};

export const STEP_KINDS = Object.keys(PATHS) as StepKind[];

/** A chat brought to a step kind (asserts it got there); `which` has a case to add to, `submitting` no app. */
export function chatAt(kind: StepKind, ctx: Ctx = makeCtx()): Chat {
  const chat = new Chat(kind === 'which' ? { ...ctx, followUp: { code: 'LS-0427' } } : ctx, null, {
    app: kind !== 'submitting',
  });
  chat.sendAll(...PATHS[kind]);
  if (chat.kind !== kind) throw new Error(`expected to reach ${kind}, got ${chat.kind}`);
  return chat;
}
