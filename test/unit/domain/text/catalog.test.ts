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
    const neutral = new Set<TextKey>(['btn.menu', 'btn.done', 'conv.lookup.item']);
    const bare = keys.filter((key) => !neutral.has(key) && !hasDiacritics(catalog[key].vi));
    expect(bare).toEqual([]);
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
    expect(renderText('conv.photos.received', { count: 3 }, 'vi')).toContain('3 ảnh');
  });

  it('renders a missing parameter as nothing, never as "{name}"', () => {
    expect(renderText('conv.area.received', {}, 'vi')).toBe('Dạ, đã ghi: .');
  });

  it('does not read parameters from the prototype', () => {
    expect(renderText('conv.area.received', Object.create({ area: 'x' }) as Record<string, string>)).toBe(
      'Dạ, đã ghi: .',
    );
  });

  it('isTextKey tells catalogue keys apart', () => {
    expect(isTextKey('conv.menu')).toBe(true);
    expect(isTextKey('conv.nope')).toBe(false);
    expect(isTextKey('toString')).toBe(false);
  });
});
