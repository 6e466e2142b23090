import { step } from '../../../../src/domain/conversation/machine';
import { DAY_MS, REPORT, T0, chatAt, image, keys, makeCtx, rendered, text, types } from './support';
import type { StepKind } from '../../../../src/domain/conversation/types';

/** Moves the chat's clock past the idle timeout (24 h in these tests). */
function later(chat: ReturnType<typeof chatAt>, ms = DAY_MS + 60_000): void {
  chat.ctx = { ...chat.ctx, now: new Date(chat.ctx.now.getTime() + ms) };
}

const WITH_WORDS: StepKind[] = [
  'category',
  'media',
  'place',
  'area',
  'summary',
  'editField',
  'consent',
  'confirmCancel',
];

describe('idle reset', () => {
  it.each(WITH_WORDS)('idle at %s: a polite reset that keeps the draft and offers to resume it', (kind) => {
    const chat = chatAt(kind);
    later(chat);
    const effects = chat.send('abc');
    expect(keys(effects)).toEqual(['conv.idle.reset']);
    expect(rendered(effects)[0]).toContain('Ổ gà lớn giữa đường thôn Đồng Bưng');
    expect(chat.kind).toBe('resume');
    expect(chat.state?.draft?.parts).toEqual([REPORT]);
  });

  it('a report with nothing in it yet is not offered for resuming', () => {
    const chat = chatAt('describe');
    later(chat);
    expect(keys(chat.send('abc'))).toEqual(['conv.greeting.short', 'conv.menu']);
    expect(chat.state?.draft).toBeNull();
  });

  it('resuming goes back to the step the resident left', () => {
    const chat = chatAt('place');
    later(chat);
    chat.send('alo');
    expect(keys(chat.send('Tiếp tục'))).toEqual(['conv.place.prompt']);
    expect(chat.kind).toBe('place');
  });

  it('"Viết mới" after the reset starts a new report', () => {
    const chat = chatAt('summary');
    later(chat);
    chat.send('alo');
    expect(keys(chat.send('Viết mới'))).toEqual(['conv.describe.prompt']);
    expect(chat.draft?.parts).toEqual([]);
  });

  it('a command right after the pause is honoured after the reset note', () => {
    const cancelled = chatAt('media');
    later(cancelled);
    expect(keys(cancelled.send('hủy'))).toEqual(['conv.idle.reset', 'conv.cancel.confirm']);

    const lookedUp = chatAt('media');
    later(lookedUp);
    const effects = lookedUp.send('tra cứu LS-0427');
    expect(keys(effects)).toEqual(['conv.idle.reset']);
    expect(effects.at(-1)).toEqual({ type: 'loadCase', code: 'LS-0427' });
  });

  it('a photo right after the pause is not filed into a step the resident no longer sees', () => {
    const chat = chatAt('media');
    later(chat);
    expect(keys(chat.send(image(3)))).toEqual(['conv.idle.reset']);
    expect(chat.draft?.media).toEqual([]);
  });

  it('an emergency after the pause is filed first, without the reset note', () => {
    const chat = chatAt('summary');
    later(chat);
    const effects = chat.send('chay nha o thon 3, cuu voi');
    expect(types(effects).slice(0, 2)).toEqual(['createCase', 'alertOnDuty']);
    expect(keys(effects)).not.toContain('conv.idle.reset');
  });

  it('no reset just under the timeout', () => {
    const chat = chatAt('category');
    later(chat, DAY_MS - 120_000);
    expect(keys(chat.send('Đúng'))).toEqual(['conv.media.prompt']);
  });

  it('no reset at the menu: the message is simply handled', () => {
    const chat = chatAt('menu');
    later(chat, 30 * DAY_MS);
    expect(keys(chat.send('1'))).toEqual(['conv.describe.prompt']);
  });

  it('the timeout comes from the context', () => {
    const chat = chatAt('category', makeCtx({ idleTimeoutMs: 10 * 60_000 }));
    later(chat, 11 * 60_000);
    expect(keys(chat.send('Đúng'))).toEqual(['conv.idle.reset']);
  });

  it("records every resident event as activity, but not the app's answers", () => {
    const first = step(null, text('xin chào'), makeCtx());
    expect(first.state.lastActivityAt).toBe(T0.toISOString());
    const at = new Date(T0.getTime() + 5_000);
    const answered = step(first.state, { kind: 'casesLoaded', cases: [] }, makeCtx({ now: at }));
    expect(answered.state.lastActivityAt).toBe(T0.toISOString());
    const typed = step(first.state, text('2'), makeCtx({ now: at }));
    expect(typed.state.lastActivityAt).toBe(at.toISOString());
  });

  it('a damaged activity time counts as idle rather than crashing', () => {
    const chat = chatAt('category');
    if (chat.state === null) throw new Error('no state');
    chat.state = { ...chat.state, lastActivityAt: 'garbage' };
    expect(keys(chat.send('Đúng'))).toEqual(['conv.idle.reset']);
  });
});
