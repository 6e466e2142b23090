import { MAX_BUTTONS, step } from '../../../../src/domain/conversation/machine';
import { reviveState } from '../../../../src/domain/conversation/state';
import type { ConversationState, Effect, Input } from '../../../../src/domain/conversation/types';
import { renderText, type TextKey } from '../../../../src/domain/text/catalog';
import {
  Chat,
  DAY_MS,
  STEP_KINDS,
  chatAt,
  image,
  keys,
  lastButtons,
  makeCtx,
  pin,
  rendered,
  replies,
  text,
} from './support';

const LONG_TEXT = 'Nước thải tràn ra đường làm ô nhiễm cả xóm. '.repeat(115).slice(0, 5000);

const BAD_INPUTS: [string, Input, TextKey | null][] = [
  ['a sticker', { kind: 'sticker' }, 'conv.input.sticker'],
  ['a GIF', { kind: 'gif' }, 'conv.input.sticker'],
  ['a file', { kind: 'file', name: 'don.pdf' }, 'conv.input.file'],
  ['a link', { kind: 'link', url: 'https://example.invalid/x' }, 'conv.input.link'],
  ['a voice note', { kind: 'audio' }, 'conv.input.audio'],
  ['a video', { kind: 'video' }, 'conv.input.video'],
  [
    'an unsupported event',
    { kind: 'unsupported', eventName: 'user_send_business_card' },
    'conv.input.unsupported',
  ],
  ['an empty text', text(''), 'conv.input.empty'],
  ['a blank text', text(' \n\t '), 'conv.input.empty'],
  ['an emoji-only text', text('😀👍🙏'), null],
  ['punctuation only', text('???!!!'), null],
  ['a location at 0,0', { kind: 'location', latitude: 0, longitude: 0 }, 'conv.input.unsupported'],
  [
    'a location off the globe',
    { kind: 'location', latitude: Number.NaN, longitude: 200 },
    'conv.input.unsupported',
  ],
  ['a 5,000-character text', text(LONG_TEXT), null],
];

/** What is wrong with a turn's effects: a placeholder left, a text too long for Zalo, bad buttons, a late alert. */
function wellFormedProblems(effects: readonly Effect[]): string[] {
  const problems: string[] = [];
  for (const reply of replies(effects)) {
    for (const locale of ['vi', 'en'] as const) {
      const body = renderText(reply.key, reply.params, locale);
      if (/\{[A-Za-z]\w*\}/.test(body)) problems.push(`${reply.key}: placeholder left in ${locale}`);
      if (body.length > 2000) problems.push(`${reply.key}: ${body.length} characters in ${locale}`);
      if (body.trim() === '') problems.push(`${reply.key}: empty in ${locale}`);
    }
    const buttons = reply.buttons ?? [];
    if (buttons.length > MAX_BUTTONS) problems.push(`${reply.key}: ${buttons.length} buttons`);
    for (const button of buttons) {
      if (button.title.length === 0 || button.title.length > 100) problems.push(`${reply.key}: button title`);
      if (button.payload.length === 0) problems.push(`${reply.key}: empty payload`);
    }
  }
  const alertAt = effects.findIndex((effect) => effect.type === 'alertOnDuty');
  if (alertAt > 0) problems.push('alertOnDuty is not the first effect');
  return problems;
}

describe('inputs the bot cannot use, at every step', () => {
  describe.each(STEP_KINDS)('at %s', (kind) => {
    it.each(BAD_INPUTS)(
      '%s gets a helpful answer and the current question, never silence',
      (_name, input, key) => {
        const chat = chatAt(kind);
        const effects = chat.send(input);
        expect(replies(effects).length).toBeGreaterThan(0);
        expect(wellFormedProblems(effects)).toEqual([]);
        if (key !== null) {
          expect(keys(effects)[0]).toBe(key);
          expect(chat.kind).toBe(kind);
          expect(keys(effects).length).toBeGreaterThan(1);
        }
      },
    );
  });

  it('an emoji-only text at the menu is "not understood" plus the menu', () => {
    expect(keys(chatAt('menu').send('😀👍🙏'))).toEqual(['conv.unknown', 'conv.menu']);
  });

  it('a short unknown text at the menu is "not understood" plus the menu', () => {
    expect(keys(chatAt('menu').send('abc xyz'))).toEqual(['conv.unknown', 'conv.menu']);
  });

  it('a 5,000-character text at the menu starts a report, cut with a note', () => {
    const chat = chatAt('menu');
    const effects = chat.send(LONG_TEXT);
    expect(keys(effects)).toEqual([
      'conv.description.truncated',
      'conv.category.textKept',
      'conv.category.prompt',
    ]);
    expect((chat.draft?.parts[0] ?? '').length).toBeLessThanOrEqual(3000);
  });
});

describe('every button comes back as text and is understood', () => {
  const NOT_UNDERSTOOD: TextKey[] = [
    'conv.unknown',
    'conv.consent.ask',
    'conv.category.unknown',
    'conv.area.unknown',
    'conv.phone.invalid',
    'conv.location.addressTooShort',
  ];

  describe.each(['vi', 'en'] as const)('in %s', (locale) => {
    // At "submitting" the machine shows nothing: the app answers createCase with caseCreated at once.
    it.each(STEP_KINDS.filter((kind) => kind !== 'submitting'))('the buttons shown at %s', (kind) => {
      const ctx = makeCtx({ locale });
      const start = chatAt(kind, ctx);
      const buttons = lastButtons(start.last?.effects ?? []);
      expect(buttons.length).toBeGreaterThan(0);
      for (const button of buttons) {
        const chat = new Chat(start.ctx, start.state);
        const effects = chat.send(button.payload);
        const answered = keys(effects).filter((key) => NOT_UNDERSTOOD.includes(key));
        expect({ button: button.payload, answered }).toEqual({ button: button.payload, answered: [] });
        expect(effects.length).toBeGreaterThan(0);
      }
    });
  });

  it('category buttons, when the categories fit in buttons, come back as the category', () => {
    const categories = [
      { id: 1, code: 'duong', name: 'Đường sá, giao thông' },
      { id: 2, code: 've-sinh', name: 'Vệ sinh, môi trường' },
      { id: 9, code: 'khac', name: 'Khác' },
    ];
    const start = chatAt('category', makeCtx({ categories }));
    const buttons = lastButtons(start.last?.effects ?? []);
    expect(buttons.map((button) => button.payload)).toEqual(categories.map((category) => category.name));
    for (const [index, button] of buttons.entries()) {
      const chat = new Chat(start.ctx, start.state);
      chat.send(button.payload);
      expect(chat.draft?.categoryId).toBe(categories[index]?.id);
    }
  });

  it('buttons while sending, after the case is created and after a look-up are understood too', () => {
    const waiting = chatAt('submitting');
    for (const button of lastButtons(waiting.send('abc'))) {
      expect(keys(new Chat(waiting.ctx, waiting.state).send(button.payload))).not.toContain('conv.unknown');
    }
    const looked = chatAt('menu');
    for (const button of lastButtons(looked.send({ kind: 'casesLoaded', cases: [] }))) {
      expect(keys(new Chat(looked.ctx, looked.state).send(button.payload))).not.toContain('conv.unknown');
    }
    const chat = chatAt('submitting');
    const created = chat.send({ kind: 'caseCreated', code: 'LS-0001', expectedResponseDays: 5 });
    for (const button of lastButtons(created)) {
      const again = new Chat(chat.ctx, chat.state).send(button.payload);
      expect(keys(again)).not.toContain('conv.unknown');
    }
  });
});

/** A small deterministic PRNG (mulberry32) so the random walk is the same on every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

const POOL: Input[] = [
  text('1'), text('2'), text('3'), text('5'), text('Gửi phản ánh'), text('gui phan anh'), text('Tra cứu'),
  text('Hướng dẫn'), text('menu'), text('Hủy'), text('Xong'), text('Bỏ qua'), text('Đồng ý'), text('Không đồng ý'),
  text('Gửi'), text('Sửa'), text('Tiếp tục'), text('Viết mới'), text('Chọn thôn, tổ'), text('quay lại'),
  text('rút đồng ý'), text('LS-0427'), text('tra cuu ls12'), text('Đường thôn 3 bị sụt lún nặng lắm'),
  text('dat dai'), text('tieu khu 6'), text('0912 345 678'), text('0210 3123 456'), text('Số 5 ngõ 2 thôn Đồng Bưng'),
  text('cháy nhà cứu với'), text('khieu nai quyet dinh thu hoi dat'), text(''), text('😀'), text(LONG_TEXT),
  text('xin chào'), image(1), image(2), pin, { kind: 'location', latitude: Number.NaN, longitude: 1 },
  { kind: 'sticker' }, { kind: 'gif' }, { kind: 'file' }, { kind: 'link', url: 'https://x' }, { kind: 'audio' },
  { kind: 'video' }, { kind: 'unsupported', eventName: 'user_reacted_message' }, { kind: 'follow' },
  { kind: 'unfollow' }, { kind: 'chatNow' }, { kind: 'submitInfo', phone: '84900000001', name: 'Giả' },
  { kind: 'submitInfo' }, { kind: 'caseCreated', code: 'LS-0001', expectedResponseDays: 7 },
  { kind: 'casesLoaded', cases: [{ code: 'LS-0001', status: 'received', categoryName: 'Khác', updatedAt: '2026-01-01T00:00:00Z' }] },
  { kind: 'caseLoaded', code: 'LS-0427', found: null },
]; // prettier-ignore

const FEEDBACK_KINDS = new Set(['caseCreated', 'casesLoaded', 'caseLoaded']);

describe('a long random walk through the machine', () => {
  it('never throws, never stays silent, keeps the state valid JSON, is pure and deterministic', () => {
    const random = prng(20260302);
    const problems: string[] = [];
    let answeredEvents = 0;
    for (let conversation = 0; conversation < 120; conversation++) {
      let ctx = makeCtx({
        locale: random() < 0.2 ? 'en' : 'vi',
        consent: { noticeVersion: 2, given: random() < 0.3 ? { version: 2, granted: true } : null },
        areas: random() < 0.1 ? [] : makeCtx().areas,
      });
      let state: ConversationState | null = null;
      for (let turn = 0; turn < 30; turn++) {
        const input = POOL[Math.floor(random() * POOL.length)] ?? text('1');
        const jump = random() < 0.05 ? DAY_MS * 2 : 60_000;
        ctx = { ...ctx, now: new Date(ctx.now.getTime() + jump) };
        const frozen = deepFreeze(state === null ? null : structuredClone(state));
        const result = step(frozen, input, ctx);
        const where = `conversation ${conversation}, turn ${turn}, ${input.kind} at ${frozen?.step.kind ?? 'first contact'}`;
        const report = (problem: string) => problems.push(`${where}: ${problem}`);

        if (JSON.stringify(step(frozen, input, ctx)) !== JSON.stringify(result)) report('not deterministic');
        for (const problem of wellFormedProblems(result.effects)) report(problem);
        if (input.kind === 'unfollow') {
          if (result.effects.length > 0) report('answered an unfollow');
        } else if (!FEEDBACK_KINDS.has(input.kind)) {
          answeredEvents++;
          const answered = result.effects.some((effect) =>
            ['reply', 'loadMyCases', 'loadCase', 'createCase'].includes(effect.type),
          );
          if (!answered) report('silence');
        }

        const json = JSON.stringify(result.state);
        if (JSON.stringify(reviveState(JSON.parse(json))) !== json) report('state does not survive jsonb');
        if (result.state.step.kind !== 'menu' && result.state.draft === null)
          report('a step without a draft');
        if (Number.isNaN(Date.parse(result.state.lastActivityAt))) report('bad lastActivityAt');

        for (const effect of result.effects) {
          if (effect.type === 'recordConsent') {
            ctx = {
              ...ctx,
              consent: { ...ctx.consent, given: { version: effect.noticeVersion, granted: effect.granted } },
            };
          }
          if (effect.type === 'withdrawConsent') {
            ctx = { ...ctx, consent: { ...ctx.consent, given: { version: 2, granted: false } } };
          }
          if (effect.type === 'createCase' && effect.draft.consentNoticeVersion === null) {
            const { photos, location, phone } = effect.draft;
            if (photos.length > 0 || location !== null || phone !== null)
              report('personal data without consent');
          }
        }
        state = result.state;
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(answeredEvents).toBeGreaterThan(2500);
  });
});

describe('reviveState', () => {
  it('reads back what the machine stored', () => {
    const chat = chatAt('phone');
    chat.send(image(1));
    const stored: unknown = JSON.parse(JSON.stringify(chat.state));
    expect(reviveState(stored)).toEqual(chat.state);
  });

  it.each([
    ['null', null],
    ['a string', 'menu'],
    [
      'another shape version',
      { schema: 2, step: { kind: 'menu' }, draft: null, lastActivityAt: 'x', followed: true },
    ],
    [
      'an unknown step',
      { schema: 1, step: { kind: 'dancing' }, draft: null, lastActivityAt: 'x', followed: true },
    ],
    [
      'a broken draft',
      { schema: 1, step: { kind: 'menu' }, draft: { parts: 'x' }, lastActivityAt: 'x', followed: true },
    ],
  ])('turns %s into null, which step() greets as a first contact', (_name, raw) => {
    expect(reviveState(raw)).toBeNull();
    expect(keys(step(reviveState(raw), text('1'), makeCtx()).effects)).toEqual([
      'conv.greeting',
      'conv.category.prompt',
    ]);
  });
});

describe('rendering in English', () => {
  it('the same conversation reads in English', () => {
    const chat = new Chat(makeCtx({ locale: 'en' }));
    const effects = chat.send({ kind: 'follow' });
    expect(rendered(effects, 'en')[0]).toContain('This is the "We listen" Zalo channel of xã Lương Sơn');
    expect(lastButtons(effects).map((button) => button.title)).toEqual([
      'Send feedback',
      'My reports',
      'Help',
    ]);
  });
});
