import { step } from '../../../../src/domain/conversation/machine';
import { DAY_MS, STEP_KINDS, T0, chatAt, image, keys, makeCtx, rendered, text } from './support';

/** Moves the chat's clock past the idle timeout (24 h in these tests). */
function later(chat: ReturnType<typeof chatAt>, ms = DAY_MS + 60_000): void {
  chat.ctx = { ...chat.ctx, now: new Date(chat.ctx.now.getTime() + ms) };
}

describe('idle reset', () => {
  it.each(STEP_KINDS.filter((kind) => kind !== 'menu' && kind !== 'category'))(
    'idle at %s: a polite reset that keeps the draft and offers to resume it',
    (kind) => {
      const chat = chatAt(kind);
      const draftBefore = chat.state?.draft;
      later(chat);
      const effects = chat.send('abc');
      expect(keys(effects)).toEqual(['conv.idle.reset']);
      const kept = draftBefore?.parts.length ? 'Ổ gà lớn giữa đường thôn Đồng Bưng' : 'chưa có nội dung';
      expect(rendered(effects)[0]).toContain(kept);
      expect(chat.kind).toBe('resume');
      expect(chat.state?.draft?.parts).toEqual(draftBefore?.parts);
    },
  );

  it('a report with nothing in it yet is not offered for resuming', () => {
    const chat = chatAt('category');
    later(chat);
    expect(keys(chat.send('abc'))).toEqual(['conv.greeting.short', 'conv.menu']);
    expect(chat.state?.draft).toBeNull();
    expect(chat.kind).toBe('menu');
  });

  it('resuming goes back to the step the resident left', () => {
    const chat = chatAt('location');
    later(chat);
    chat.send('alo');
    expect(keys(chat.send('Tiếp tục'))).toEqual(['conv.location.prompt']);
    expect(chat.kind).toBe('location');
  });

  it('"Viết mới" after the reset starts a new report', () => {
    const chat = chatAt('summary');
    later(chat);
    chat.send('alo');
    expect(keys(chat.send('Viết mới'))).toEqual(['conv.category.prompt']);
    expect(chat.draft?.parts).toEqual([]);
  });

  it('a command right after the pause is honoured after the reset note', () => {
    const cancelled = chatAt('description');
    later(cancelled);
    expect(keys(cancelled.send('hủy'))).toEqual(['conv.idle.reset', 'conv.cancelled', 'conv.menu']);

    const lookedUp = chatAt('photos');
    later(lookedUp);
    const effects = lookedUp.send('tra cứu LS-0427');
    expect(keys(effects)).toEqual(['conv.idle.reset']);
    expect(effects.at(-1)).toEqual({ type: 'loadCase', code: 'LS-0427' });
  });

  it('a photo right after the pause is not filed into a step the resident no longer sees', () => {
    const chat = chatAt('photos');
    later(chat);
    expect(keys(chat.send(image(3)))).toEqual(['conv.idle.reset']);
    expect(chat.draft?.photos).toEqual([]);
  });

  it('an emergency after the pause alerts first, without the reset note', () => {
    const chat = chatAt('phone');
    later(chat);
    const effects = chat.send('chay nha o thon 3');
    expect(effects[0]?.type).toBe('alertOnDuty');
    expect(keys(effects)).not.toContain('conv.idle.reset');
  });

  it('no reset just under the timeout', () => {
    const chat = chatAt('description');
    later(chat, DAY_MS - 120_000);
    expect(keys(chat.send('Cống tắc'))).toEqual(['conv.description.received']);
  });

  it('no reset at the menu: the message is simply handled', () => {
    const chat = chatAt('menu');
    later(chat, 30 * DAY_MS);
    expect(keys(chat.send('1'))).toEqual(['conv.category.prompt']);
  });

  it('the timeout comes from the context', () => {
    const chat = chatAt('description', makeCtx({ idleTimeoutMs: 10 * 60_000 }));
    later(chat, 11 * 60_000);
    expect(keys(chat.send('Cống tắc'))).toEqual(['conv.idle.reset']);
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
    const chat = chatAt('description');
    if (chat.state === null) throw new Error('no state');
    chat.state = { ...chat.state, lastActivityAt: 'garbage' };
    expect(keys(chat.send('Cống tắc'))).toEqual(['conv.idle.reset']);
  });
});
