import {
  canonicalTone,
  cleanText,
  fold,
  hasDiacritics,
  isFoldedSyllable,
  markedWords,
  matchForm,
  matchForms,
  truncate,
  untelex,
} from '../../../../src/domain/text/normalize';

const nfd = (text: string) => text.normalize('NFD');

describe('fold', () => {
  it.each([
    ['Gửi phản ánh', 'gui phan anh'],
    [nfd('Gửi phản ánh'), 'gui phan anh'],
    ['GỬI PHẢN ÁNH', 'gui phan anh'],
    ['gui phan anh', 'gui phan anh'],
    ['Đường Đất Đỏ', 'duong dat do'],
    ['đc', 'dc'],
    ['  tra\tcứu \n LS-0427  ', 'tra cuu ls-0427'],
    ['hòa', 'hoa'],
    ['hoà', 'hoa'],
    ['Nguyễn Thị Thúy', 'nguyen thi thuy'],
    ['Ủy ban', 'uy ban'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(fold(input)).toBe(expected);
  });
});

describe('matchForm: folded, abbreviations expanded, Telex leftovers repaired, punctuation dropped', () => {
  it.each([
    ['Ko gửi đc ạ', 'khong gui duoc a'],
    ['k co', 'khong co'],
    ['hok bik', 'khong bik'],
    ['đc', 'duoc'],
    ['DC', 'duoc'],
    ['lam j', 'lam gi'],
    ['ntn', 'nhu the nao'],
    ['SĐT của tôi', 'so dien thoai cua toi'],
    ['sdt', 'so dien thoai'],
    ['tdp 5', 'to dan pho 5'],
    ['TK6', 'tk6'],
    ['tk 6', 'tieu khu 6'],
    ['UBND xã', 'uy ban nhan dan xa'],
    ['wa', 'qua'],
    ['wá tệ', 'qua te'],
    ['ddường', 'duong'],
    ['dduwowngf', 'duong'],
    ['chays nhaf', 'chay nha'],
    ['nguwowfi', 'nguoi'],
    ['caau', 'cau'],
    ['xoong', 'xoong'],
    ['Gửi phản ánh!!!', 'gui phan anh'],
    [nfd('Tra cứu'), 'tra cuu'],
    ['LS-0427', 'ls 0427'],
    ['😀👍', ''],
    ['Oke', 'ok'],
  ])('%j → %j', (input, expected) => {
    expect(matchForm(input)).toBe(expected);
  });

  it('keeps the plain folded words as a second form, so English words are not "repaired"', () => {
    expect(matchForm('yes')).toBe('ye');
    expect(matchForms('yes')).toEqual(['ye', 'yes']);
    expect(matchForms('gui phan anh')).toEqual(['gui phan anh']);
  });
});

describe('untelex', () => {
  it.each([
    ['dduong', 'duong'],
    ['nhaf', 'nha'],
    ['wen', 'quen'],
    ['duong', 'duong'],
    ['0427', '0427'],
    ['facebook', 'facebook'],
  ])('%j → %j', (input, expected) => {
    expect(untelex(input)).toBe(expected);
  });

  it.each([
    ['nguoi', true],
    ['truong', true],
    ['nghieng', true],
    ['khuyu', true],
    ['dduong', false],
    ['sdt', false],
    ['chays', false],
  ])('isFoldedSyllable(%j) is %s', (word, expected) => {
    expect(isFoldedSyllable(word)).toBe(expected);
  });
});

describe('canonicalTone', () => {
  it.each([
    ['hoà', 'hòa'],
    ['Hoà Bình', 'Hòa Bình'],
    ['khoẻ', 'khỏe'],
    ['thuý', 'thúy'],
    [nfd('hoà'), 'hòa'],
  ])('%j and the old-style spelling are the same text', (input, expected) => {
    expect(canonicalTone(input)).toBe(expected);
    expect(canonicalTone(input)).toBe(canonicalTone(expected));
  });

  it.each([['quý'], ['quá'], ['hoàng'], ['ngoài'], ['khuya']])('leaves %j alone', (word) => {
    expect(canonicalTone(word)).toBe(word);
  });

  it('returns NFC', () => {
    expect(canonicalTone(nfd('Gửi phản ánh'))).toBe('Gửi phản ánh'.normalize('NFC'));
  });
});

describe('cleanText', () => {
  it('NFC, no zero-width or control characters, collapsed spaces, at most one empty line', () => {
    expect(cleanText(`  ${nfd('Đường')}\u200b  hỏng\u0007\r\n\r\n\r\n\tthôn 3  `)).toBe(
      'Đường hỏng\n\nthôn 3',
    );
  });
});

describe('markedWords and hasDiacritics', () => {
  it('keeps diacritics, drops punctuation and emoji, lower-cases', () => {
    expect(markedWords('Cháy NHÀ!!! Cứu với 🔥')).toBe('cháy nhà cứu với');
    expect(markedWords('hoà')).toBe(markedWords('hòa'));
  });

  it.each([
    ['cháy nhà', true],
    ['đi', true],
    [nfd('gửi'), true],
    ['chay nha', false],
    ['123', false],
  ])('hasDiacritics(%j) is %s', (text, expected) => {
    expect(hasDiacritics(text)).toBe(expected);
  });
});

describe('truncate', () => {
  it.each([
    ['abcdef', 3, 'abc'],
    ['abc', 5, 'abc'],
    ['ab👍cd', 3, 'ab'],
    ['ab👍cd', 4, 'ab👍'],
    ['a👍🏽b', 3, 'a'],
    ['a👍🏽b', 4, 'a'],
    [`a${nfd('ệ')}b`, 2, 'a'],
    ['a👨‍👩‍👧b', 4, 'a'],
    ['abc', 0, ''],
  ])('%j to %i units → %j', (text, max, expected) => {
    expect(truncate(text, max)).toBe(expected);
  });
});
