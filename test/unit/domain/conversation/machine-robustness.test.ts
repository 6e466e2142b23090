import { MAX_BUTTONS, step } from '../../../../src/domain/conversation/machine';
import { reviveState } from '../../../../src/domain/conversation/state';
import type { ConversationState, Effect, Input } from '../../../../src/domain/conversation/types';
import { replyText } from '../../../../src/domain/conversation/reply-text';
import type { TextKey } from '../../../../src/domain/text/catalog';
import {
  Chat,
  DAY_MS,
  NOTICE_URL,
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
  ['a link', { kind: 'link', url: 'https://example.invalid/x' }, 'conv.input.link'],
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
      const body = replyText(reply, locale);
      if (/\{[A-Za-z]\w*\}/.test(body)) problems.push(`${reply.key}: placeholder left in ${locale}`);
      if (body.length > 2000) problems.push(`${reply.key}: ${body.length} characters in ${locale}`);
      if (body.trim() === '') problems.push(`${reply.key}: empty in ${locale}`);
    }
    const buttons = reply.buttons ?? [];
    if (buttons.length > MAX_BUTTONS) problems.push(`${reply.key}: ${buttons.length} buttons`);
    for (const button of buttons) {
      if (button.title.length === 0 || button.title.length > 100) problems.push(`${reply.key}: button title`);
      if ('payload' in button && button.payload.length === 0) problems.push(`${reply.key}: empty payload`);
      if ('url' in button && !button.url.startsWith('https://')) problems.push(`${reply.key}: bad url`);
    }
  }
  // An emergency is filed and alerted before any word goes to the resident.
  const alertAt = effects.findIndex((effect) => effect.type === 'alertOnDuty' && effect.stage === 'new');
  const firstReply = effects.findIndex((effect) => effect.type === 'reply');
  if (
    alertAt > firstReply &&
    firstReply >= 0 &&
    effects.some((e) => e.type === 'createCase' && e.draft.caseType === 'emergency')
  ) {
    problems.push('alertOnDuty after a reply');
  }
  return problems;
}

describe('inputs the bot cannot use, at every step', () => {
  describe.each(STEP_KINDS.filter((kind) => kind !== 'submitting'))('at %s', (kind) => {
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
        }
      },
    );
  });

  it('an emoji-only text at the menu is "not understood" plus the menu', () => {
    expect(keys(chatAt('menu').send('😀👍🙏'))).toEqual(['conv.unknown', 'conv.menu']);
  });

  it('a one-word unknown text at the menu is "not understood" plus the menu', () => {
    expect(keys(chatAt('menu').send('abcxyz'))).toEqual(['conv.unknown', 'conv.menu']);
  });

  it('a 5,000-character text at the menu starts a report, cut with a note', () => {
    const chat = chatAt('menu');
    const effects = chat.send(LONG_TEXT);
    expect(keys(effects)).toEqual([
      'conv.report.thanks',
      'conv.description.truncated',
      'conv.category.suggest',
    ]);
    expect((chat.draft?.parts[0] ?? '').length).toBeLessThanOrEqual(3000);
  });
});

describe('every button comes back as text and is understood', () => {
  const NOT_UNDERSTOOD: TextKey[] = [
    'conv.unknown',
    'conv.consent.reask',
    'conv.category.unknown',
    'conv.area.unknown',
    'conv.phone.invalid',
    'conv.place.vague',
    'conv.text.added',
  ];

  describe.each(['vi', 'en'] as const)('in %s', (locale) => {
    // At "submitting" the machine shows nothing: the app answers createCase with caseCreated at once.
    it.each(STEP_KINDS.filter((kind) => kind !== 'submitting' && kind !== 'describe'))(
      'the buttons shown at %s',
      (kind) => {
        const ctx = makeCtx({ locale });
        const start = chatAt(kind, ctx);
        const buttons = lastButtons(start.last?.effects ?? []).filter(
          (b): b is { title: string; payload: string } => 'payload' in b,
        );
        expect(buttons.length).toBeGreaterThan(0);
        for (const button of buttons) {
          const chat = new Chat(start.ctx, start.state);
          const effects = chat.send(button.payload);
          const answered = keys(effects).filter((key) => NOT_UNDERSTOOD.includes(key));
          expect({ button: button.payload, answered }).toEqual({ button: button.payload, answered: [] });
          expect(effects.length).toBeGreaterThan(0);
        }
      },
    );
  });

  it('buttons while sending, after the case is created and after a look-up are understood too', () => {
    const query = (effects: ReturnType<Chat['send']>) =>
      lastButtons(effects).flatMap((b) => ('payload' in b ? [b.payload] : []));
    const waiting = chatAt('submitting');
    for (const payload of query(waiting.send('abc'))) {
      expect(keys(new Chat(waiting.ctx, waiting.state).send(payload))).not.toContain('conv.unknown');
    }
    const looked = chatAt('menu');
    for (const payload of query(looked.send({ kind: 'casesLoaded', cases: [] }))) {
      expect(keys(new Chat(looked.ctx, looked.state).send(payload))).not.toContain('conv.unknown');
    }
    const chat = chatAt('submitting');
    const created = chat.send({ kind: 'caseCreated', code: 'LS-0001', expectedResponseDays: 5 });
    for (const payload of query(created)) {
      expect(keys(new Chat(chat.ctx, chat.state).send(payload))).not.toContain('conv.unknown');
    }
    const cancelled = chatAt('confirmCancel');
    for (const payload of query(cancelled.send('Hủy phản ánh'))) {
      expect(keys(new Chat(cancelled.ctx, cancelled.state).send(payload))).not.toContain('conv.unknown');
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
  text('xin chào'), text('Đúng'), text('Lĩnh vực khác'), text('Không rõ'), text('Không có ảnh'), text('TK6'),
  text('#QR-TK6'), text('thôi ạ'), text('Hủy phản ánh'), text('Không, viết tiếp'), text('Khôi phục'),
  text('Bổ sung LS-0427'), text('Phản ánh mới'), text('không có số'), text('À quên, chỗ đó còn có rác'),
  image(1), image(2), pin, { kind: 'location', latitude: Number.NaN, longitude: 1 },
  { kind: 'sticker' }, { kind: 'gif' }, { kind: 'file', url: 'https://cdn.example/f.pdf', name: 'f.pdf' },
  { kind: 'link', url: 'https://x' }, { kind: 'audio', url: 'https://cdn.example/v.aac' },
  { kind: 'video', url: 'https://cdn.example/v.mp4' }, { kind: 'unsupported', eventName: 'user_reacted_message' },
  { kind: 'follow' }, { kind: 'unfollow' }, { kind: 'chatNow' }, { kind: 'submitInfo', phone: '84900000001', name: 'Giả' },
  { kind: 'submitInfo' }, { kind: 'caseCreated', code: 'LS-0001', expectedResponseDays: 7 },
  { kind: 'alerted', code: 'LS-0001', reached: 'fallback' },
  { kind: 'casesLoaded', cases: [{ code: 'LS-0001', status: 'received', categoryName: 'Khác', updatedAt: '2026-01-01T00:00:00Z' }] },
  { kind: 'caseLoaded', code: 'LS-0427', found: null },
]; // prettier-ignore

const FEEDBACK_KINDS = new Set(['caseCreated', 'casesLoaded', 'caseLoaded', 'alerted']);

describe('a long random walk through the machine', () => {
  it('never throws, never stays silent, keeps the state valid JSON, is pure and deterministic', () => {
    const random = prng(20260302);
    const problems: string[] = [];
    let answeredEvents = 0;
    for (let conversation = 0; conversation < 120; conversation++) {
      let ctx = makeCtx({
        locale: random() < 0.2 ? 'en' : 'vi',
        consent: {
          noticeVersion: 2,
          given: random() < 0.3 ? { version: 2, granted: true } : null,
          noticeUrl: NOTICE_URL,
        },
        areas: random() < 0.1 ? [] : makeCtx().areas,
        followUp: random() < 0.3 ? { code: 'LS-0427' } : null,
        replyTo: random() < 0.1 ? { code: 'LS-0012' } : null,
        knownPhone: random() < 0.2 ? '+84912345678' : null,
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
          // Filing (an emergency, a "Gửi") is answered once the app's caseCreated comes back.
          const answered = result.effects.some((effect) =>
            ['reply', 'loadMyCases', 'loadCase', 'createCase'].includes(effect.type),
          );
          if (!answered) report('silence');
        }

        const json = JSON.stringify(result.state);
        if (JSON.stringify(reviveState(JSON.parse(json))) !== json) report('state does not survive jsonb');
        const stepKind = result.state.step.kind;
        const standalone = ['menu', 'which', 'emergencyPlace', 'consent'].includes(stepKind);
        if (!standalone && result.state.draft === null) report(`a ${stepKind} step without a draft`);
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
          if (
            effect.type === 'createCase' &&
            effect.draft.consentNoticeVersion === null &&
            effect.draft.caseType !== 'emergency'
          ) {
            const { media, location, phone, address } = effect.draft;
            if (media.length > 0 || location !== null || phone !== null || address !== null)
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
    const chat = chatAt('summary');
    chat.send(image(1));
    const stored: unknown = JSON.parse(JSON.stringify(chat.state));
    expect(reviveState(stored)).toEqual(chat.state);
  });

  it.each([
    ['null', null],
    ['a string', 'menu'],
    [
      'another shape version',
      { schema: 3, step: { kind: 'menu' }, draft: null, lastActivityAt: 'x', followed: true },
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
      'conv.describe.prompt',
    ]);
  });
});

describe('rendering in English', () => {
  it('the same conversation reads in English', () => {
    const chat = new Chat(makeCtx({ locale: 'en' }));
    const effects = chat.send({ kind: 'follow' });
    expect(rendered(effects, 'en')[0]).toContain('This is the "We listen" channel of xã Lương Sơn');
    expect(lastButtons(effects).map((button) => button.title)).toEqual([
      'Send feedback',
      'My reports',
      'Help',
      'Personal data',
    ]);
  });
});

describe('stored states from before (schema 1) still load', () => {
  const old = {
    schema: 1,
    step: {
      kind: 'consent',
      then: { kind: 'photos', editing: false },
      otherwise: { kind: 'area', editing: false },
    },
    draft: {
      categoryId: 1,
      parts: ['Ổ gà lớn giữa đường'],
      truncated: false,
      photos: [{ url: 'https://cdn.example/1.jpg' }],
      location: null,
      address: null,
      areaId: 12,
      phone: null,
      name: null,
      pending: {
        photos: [{ url: 'https://cdn.example/2.jpg', thumbnailUrl: 'https://cdn.example/2-t.jpg' }],
        location: null,
        phone: null,
        name: null,
      },
      consent: null,
      guidanceShown: [],
      emergency: false,
      resumeAt: { kind: 'photos', editing: false },
      startedAt: '2026-03-01T00:00:00.000Z',
    },
    lastActivityAt: '2026-03-02T02:59:00.000Z',
    followed: true,
  };

  it('migrates the steps, the photos and the pending items', () => {
    const state = reviveState(old);
    expect(state).toMatchObject({
      schema: 2,
      step: {
        kind: 'consent',
        then: { kind: 'media', editing: false },
        otherwise: { kind: 'area', editing: false },
        submit: false,
        relayTo: null,
      },
      draft: {
        media: [{ kind: 'photo', url: 'https://cdn.example/1.jpg' }],
        pending: {
          media: [
            { kind: 'photo', url: 'https://cdn.example/2.jpg', thumbnailUrl: 'https://cdn.example/2-t.jpg' },
          ],
          address: null,
        },
        resumeAt: { kind: 'media', editing: false },
      },
      held: null,
      cancelled: null,
      lastAreaId: 12,
    });
  });

  it.each([
    ['category', { kind: 'category', suggestedId: null, choosing: true }],
    ['description', { kind: 'describe' }],
    ['location', { kind: 'place' }],
    ['phone', { kind: 'summary' }],
  ])('the old %s step becomes a step of the new machine', (kind, expected) => {
    const state = reviveState({ ...old, step: { kind, editing: false } });
    expect(state?.step).toMatchObject(expected);
  });

  it('a resident in the middle of an old report goes on from where they were', () => {
    const chat = new Chat(makeCtx(), reviveState(old));
    chat.send('Đồng ý');
    expect(chat.draft?.media).toHaveLength(2);
    // Its group was already chosen: straight to the summary.
    expect(chat.kind).toBe('summary');
  });
});
