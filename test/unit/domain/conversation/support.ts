import { step } from '../../../../src/domain/conversation/machine';
import type {
  ConversationState,
  Ctx,
  Effect,
  Input,
  StepKind,
  StepResult,
} from '../../../../src/domain/conversation/types';
import { renderText, type TextKey } from '../../../../src/domain/text/catalog';

export const T0 = new Date('2026-03-02T03:00:00.000Z');

export const CATEGORIES = [
  { id: 1, code: 'duong-giao-thong', name: 'Đường sá, giao thông' },
  { id: 2, code: 've-sinh-moi-truong', name: 'Vệ sinh, môi trường' },
  { id: 3, code: 'dat-dai', name: 'Đất đai' },
  { id: 4, code: 'trat-tu-xay-dung', name: 'Trật tự xây dựng' },
  { id: 5, code: 'thu-tuc-hanh-chinh', name: 'Thủ tục hành chính' },
  { id: 6, code: 'phong-chong-thien-tai', name: 'Phòng chống thiên tai' },
  { id: 7, code: 'an-ninh-trat-tu', name: 'An ninh, trật tự' },
  { id: 8, code: 'khac', name: 'Khác' },
];

export const AREAS = [
  { id: 11, code: 'dong-bung', name: 'Thôn Đồng Bưng' },
  { id: 12, code: 'tk-6', name: 'Tiểu khu 6' },
  { id: 13, code: 'tdp-3', name: 'Tổ dân phố 3' },
];

export const DAY_MS = 24 * 3600_000;

export function makeCtx(overrides: Partial<Ctx> = {}): Ctx {
  return {
    now: T0,
    locale: 'vi',
    categories: CATEGORIES,
    areas: AREAS,
    idleTimeoutMs: DAY_MS,
    casePrefix: 'LS',
    consent: { noticeVersion: 2, given: null },
    communeName: 'xã Lương Sơn',
    ...overrides,
  };
}

export const text = (value: string): Input => ({ kind: 'text', text: value });
export const image = (n = 1): Input => ({
  kind: 'image',
  url: `https://cdn.example/${n}.jpg`,
  thumbnailUrl: `https://cdn.example/${n}-t.jpg`,
});
export const pin: Input = { kind: 'location', latitude: 20.85, longitude: 105.52 };

/**
 * Plays inputs one after the other like the app would: the state of each step feeds the next, and the clock
 * advances a minute per input unless `ctx.now` is given per call.
 */
export class Chat {
  state: ConversationState | null;
  ctx: Ctx;
  last: StepResult | null = null;

  constructor(ctx: Ctx = makeCtx(), state: ConversationState | null = null) {
    this.ctx = ctx;
    this.state = state;
  }

  send(input: Input | string): Effect[] {
    const result = step(this.state, typeof input === 'string' ? text(input) : input, this.ctx);
    this.last = result;
    this.state = result.state;
    // The app records consent decisions and withdrawals: the next event's ctx reflects them.
    for (const effect of result.effects) {
      if (effect.type === 'recordConsent') {
        this.ctx = {
          ...this.ctx,
          consent: { ...this.ctx.consent, given: { version: effect.noticeVersion, granted: effect.granted } },
        };
      }
      if (effect.type === 'withdrawConsent') {
        this.ctx = {
          ...this.ctx,
          consent: {
            ...this.ctx.consent,
            given: { version: this.ctx.consent.noticeVersion, granted: false },
          },
        };
      }
    }
    this.ctx = { ...this.ctx, now: new Date(this.ctx.now.getTime() + 60_000) };
    return result.effects;
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

export function replies(effects: readonly Effect[]): Extract<Effect, { type: 'reply' }>[] {
  return effects.filter((effect): effect is Extract<Effect, { type: 'reply' }> => effect.type === 'reply');
}

export function keys(effects: readonly Effect[]): TextKey[] {
  return replies(effects).map((reply) => reply.key);
}

export function types(effects: readonly Effect[]): Effect['type'][] {
  return effects.map((effect) => effect.type);
}

export function rendered(effects: readonly Effect[], locale: 'vi' | 'en' = 'vi'): string[] {
  return replies(effects).map((reply) => renderText(reply.key, reply.params, locale));
}

export function lastButtons(effects: readonly Effect[]): { title: string; payload: string }[] {
  const withButtons = replies(effects).filter((reply) => reply.buttons !== undefined);
  return withButtons.at(-1)?.buttons ?? [];
}

export function buttonTitles(effects: readonly Effect[]): string[] {
  return lastButtons(effects).map((button) => button.title);
}

/** The inputs that bring a fresh conversation (consent not yet given) to a step, in the normal wizard. */
export const PATHS: Record<StepKind, (Input | string)[]> = {
  menu: ['xin chào'],
  category: ['xin chào', '1'],
  description: ['xin chào', '1', '1'],
  consent: ['xin chào', '1', '1', 'Ổ gà lớn giữa đường thôn Đồng Bưng', 'xong'],
  photos: ['xin chào', '1', '1', 'Ổ gà lớn giữa đường thôn Đồng Bưng', 'xong', 'Đồng ý'],
  location: ['xin chào', '1', '1', 'Ổ gà lớn giữa đường thôn Đồng Bưng', 'xong', 'Đồng ý', 'Bỏ qua'],
  area: ['xin chào', '1', '1', 'Ổ gà lớn giữa đường thôn Đồng Bưng', 'xong', 'Không đồng ý'],
  phone: ['xin chào', '1', '1', 'Ổ gà lớn giữa đường thôn Đồng Bưng', 'xong', 'Đồng ý', 'Bỏ qua', 'Bỏ qua'],
  summary: [
    'xin chào',
    '1',
    '1',
    'Ổ gà lớn giữa đường thôn Đồng Bưng',
    'xong',
    'Đồng ý',
    'Bỏ qua',
    'Bỏ qua',
    'Bỏ qua',
  ],
  editField: [
    'xin chào',
    '1',
    '1',
    'Ổ gà lớn giữa đường thôn Đồng Bưng',
    'xong',
    'Đồng ý',
    'Bỏ qua',
    'Bỏ qua',
    'Bỏ qua',
    'Sửa',
  ],
  submitting: [
    'xin chào',
    '1',
    '1',
    'Ổ gà lớn giữa đường thôn Đồng Bưng',
    'xong',
    'Đồng ý',
    'Bỏ qua',
    'Bỏ qua',
    'Bỏ qua',
    'Gửi',
  ],
  resume: ['xin chào', '1', '1', 'Ổ gà lớn giữa đường thôn Đồng Bưng', 'menu', 'Gửi phản ánh'],
};

export const STEP_KINDS = Object.keys(PATHS) as StepKind[];

/** A chat brought to a step kind (asserts it got there). */
export function chatAt(kind: StepKind, ctx: Ctx = makeCtx()): Chat {
  const chat = new Chat(ctx);
  chat.sendAll(...PATHS[kind]);
  if (chat.kind !== kind) throw new Error(`expected to reach ${kind}, got ${chat.kind}`);
  return chat;
}
