import {
  catalog,
  isTextKey,
  placeholdersOf,
  renderText,
  type TextKey,
} from '../../../../src/domain/text/catalog';
import { hasDiacritics } from '../../../../src/domain/text/normalize';

const keys = Object.keys(catalog) as TextKey[];

describe('the text catalogue', () => {
  it.each(keys)('%s has the same placeholders in vi and en', (key) => {
    expect(placeholdersOf(catalog[key].en).sort()).toEqual(placeholdersOf(catalog[key].vi).sort());
  });

  it.each(keys)('%s is written, short enough for one Zalo message and without stray braces', (key) => {
    for (const text of [catalog[key].vi, catalog[key].en]) {
      expect(text.trim()).not.toBe('');
      expect(text.length).toBeLessThanOrEqual(1200);
      expect(text.replace(/\{[A-Za-z][A-Za-z0-9_]*\}/g, '')).not.toMatch(/[{}]/);
    }
  });

  it('Vietnamese texts carry diacritics (except a few neutral words)', () => {
    const neutral = new Set<TextKey>([
      'conv.lookup.item',
      'media.video',
      'media.count.video',
      'staff.media.video',
      'staff.notice.media',
    ]);
    const bare = keys.filter((key) => !neutral.has(key) && !hasDiacritics(catalog[key].vi));
    expect(bare).toEqual([]);
  });

  it('no English word reaches a resident or an officer (issue 11)', () => {
    const english = /\b(Menu|menu|Bot|bot|error|mã lỗi|OK|Home|Cancel|Done)\b/;
    // "menu" stays a word residents may type (the help text says so), never a label they read.
    const allowed = new Set<TextKey>(['conv.help']);
    const leaking = keys.filter((key) => !allowed.has(key) && english.test(catalog[key].vi));
    expect(leaking).toEqual([]);
    expect(catalog['btn.menu'].vi).toBe('Trang chủ');
  });

  it('"Dạ" opens only answers: never the greeting, a question asked first, or an update nobody asked for', () => {
    const unasked: TextKey[] = [
      'conv.greeting',
      'conv.menu',
      'conv.category.suggest',
      'conv.media.prompt',
      'conv.place.prompt',
      'conv.summary',
      'conv.consent.ask',
      'triage.emergency',
      'case.update.assigned',
      'case.update.answered',
      'case.update.resolved',
    ];
    for (const key of unasked) expect(catalog[key].vi.startsWith('Dạ')).toBe(false);
  });

  it('deadlines read "chậm nhất ngày" (the due time is that day, not the day before)', () => {
    expect(
      renderText('case.update.assigned', { code: 'LS-0427', agency: 'Phòng Kinh tế', due: '11/03/2026' }),
    ).toBe(
      'Phản ánh LS-0427 đã được chuyển đến Phòng Kinh tế để giải quyết, hạn trả lời chậm nhất ngày 11/03/2026.',
    );
  });

  it('button titles fit a Zalo button', () => {
    for (const key of keys.filter((k) => k.startsWith('btn.'))) {
      expect(catalog[key].vi.length).toBeLessThanOrEqual(30);
      expect(catalog[key].en.length).toBeLessThanOrEqual(30);
    }
  });
});

describe('renderText', () => {
  it('fills placeholders in the chosen locale', () => {
    expect(renderText('conv.created', { code: 'LS-0427', days: 7 }, 'vi')).toContain('Mã phản ánh: LS-0427');
    expect(renderText('conv.created', { code: 'LS-0427', days: 7 }, 'vi')).toContain('7 ngày làm việc');
    expect(renderText('conv.created', { code: 'LS-0427', days: 7 }, 'en')).toContain('Report code: LS-0427');
  });

  it('defaults to Vietnamese', () => {
    expect(renderText('btn.cancel')).toBe('Hủy');
  });

  it('groups thousands the local way', () => {
    expect(renderText('conv.description.full', { limit: 3000 }, 'vi')).toContain('3.000');
    expect(renderText('conv.description.full', { limit: 3000 }, 'en')).toContain('3,000');
    expect(renderText('conv.media.received', { item: 'ảnh', count: 3 }, 'vi')).toContain('3 ảnh');
  });

  it('renders a missing parameter as nothing, never as "{name}"', () => {
    expect(renderText('conv.place.area', {}, 'vi')).toBe('Dạ, nơi xảy ra: .');
  });

  it('does not read parameters from the prototype', () => {
    expect(renderText('conv.place.area', Object.create({ area: 'x' }) as Record<string, string>)).toBe(
      'Dạ, nơi xảy ra: .',
    );
  });

  it('isTextKey tells catalogue keys apart', () => {
    expect(isTextKey('conv.menu')).toBe(true);
    expect(isTextKey('conv.nope')).toBe(false);
    expect(isTextKey('toString')).toBe(false);
  });
});
