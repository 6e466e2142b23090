import { findPhone, formatPhoneLocal, maskPhone, parsePhone } from '../../../../src/domain/text/phone';

describe('parsePhone: Vietnamese mobiles to E.164', () => {
  it.each([
    ['0912345678', '+84912345678'],
    ['0912.345.678', '+84912345678'],
    ['0912 345 678', '+84912345678'],
    ['0912-345-678', '+84912345678'],
    ['(+84) 912-345-678', '+84912345678'],
    ['+84 912 345 678', '+84912345678'],
    ['+84912345678', '+84912345678'],
    ['84912345678', '+84912345678'],
    ['0084 912 345 678', '+84912345678'],
    ['+84 (0) 912 345 678', '+84912345678'],
    ['  0987654321 ', '+84987654321'],
    ['０９１２３４５６７８', '+84912345678'],
    ['0321 234 567', '+84321234567'],
    ['0523456789', '+84523456789'],
    ['0703456789', '+84703456789'],
    ['0862345678', '+84862345678'],
    ['912345678', '+84912345678'],
  ])('%j → %s', (input, e164) => {
    expect(parsePhone(input)).toEqual({ ok: true, e164, legacy: false });
  });

  it.each([
    ['01623456789', '+84323456789'],
    ['0169 345 6789', '+84393456789'],
    ['0120 345 6789', '+84703456789'],
    ['0121 345 6789', '+84793456789'],
    ['0122 345 6789', '+84773456789'],
    ['0126 345 6789', '+84763456789'],
    ['0128 345 6789', '+84783456789'],
    ['0123 345 6789', '+84833456789'],
    ['0124 345 6789', '+84843456789'],
    ['0125 345 6789', '+84853456789'],
    ['0127 345 6789', '+84813456789'],
    ['0129 345 6789', '+84823456789'],
    ['0186 345 6789', '+84563456789'],
    ['0188 345 6789', '+84583456789'],
    ['0199 345 6789', '+84593456789'],
    ['+84 162 345 6789', '+84323456789'],
  ])('old 11-digit %j → %s', (input, e164) => {
    expect(parsePhone(input)).toEqual({ ok: true, e164, legacy: true });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['abc', 'not_a_number'],
    ['không có', 'not_a_number'],
    ['0912abc678', 'not_a_number'],
    ['09+12345678', 'not_a_number'],
    ['---', 'not_a_number'],
    ['0210 3123 456', 'landline'],
    ['024 3825 1234', 'landline'],
    ['+84 24 3825 1234', 'landline'],
    ['0912345', 'too_short'],
    ['123', 'too_short'],
    ['09123456789', 'too_long'],
    ['091234567890', 'too_long'],
    ['0412345678', 'not_mobile'],
    ['0612345678', 'not_mobile'],
    ['0312345678', 'not_mobile'],
    ['0130 345 6789', 'not_mobile'],
    ['0000000000', 'foreign'],
    ['+1 202 555 0100', 'foreign'],
    ['+44 20 7946 0958', 'foreign'],
    ['001 202 555 0100', 'foreign'],
  ])('%j is refused: %s', (input, reason) => {
    expect(parsePhone(input)).toEqual({ ok: false, reason });
  });
});

describe('findPhone: a number inside a sentence', () => {
  it.each([
    ['sđt của tôi là 0912.345.678 ạ', '+84912345678'],
    ['so dt: (+84) 912-345-678', '+84912345678'],
    ['gọi 0987 654 321 hoặc 0912345678', '+84987654321'],
    ['mã LS-0427, số 0912345678', '+84912345678'],
  ])('%j → %s', (text, e164) => {
    expect(findPhone(text)).toMatchObject({ ok: true, e164 });
  });

  it.each([
    ['không có số', 'not_a_number'],
    ['máy bàn 0210 3123 456', 'landline'],
    ['số 0912 345', 'too_short'],
  ])('%j → %s', (text, reason) => {
    expect(findPhone(text)).toEqual({ ok: false, reason });
  });
});

describe('display', () => {
  it('maskPhone never shows the whole number', () => {
    expect(maskPhone('+84912345678')).toBe('+84 91x xxx 678');
    expect(maskPhone('+84912345678')).not.toContain('2345');
    expect(maskPhone('12345678')).toBe('xxx 678');
    expect(maskPhone('12')).toBe('xxx');
  });

  it('formatPhoneLocal writes it the way residents do', () => {
    expect(formatPhoneLocal('+84912345678')).toBe('0912 345 678');
    expect(formatPhoneLocal('not a phone')).toBe('not a phone');
  });
});
