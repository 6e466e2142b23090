/**
 * Vietnamese mobile numbers (../shared/domain/VIETNAM.md §5): written "0912.345.678", "0912 345 678",
 * "(+84) 912-345-678", "84912345678" (Zalo's own format), sometimes still as an old 11-digit 01xx number. We keep
 * mobiles only, as E.164 (+84 and 9 digits), because staff call or text them back and ZNS needs a mobile.
 */

export type PhoneRejection =
  | 'empty'
  | 'not_a_number' // letters or no digits at all
  | 'foreign' // a country code other than +84
  | 'landline' // 0 + 2xx area code
  | 'too_short'
  | 'too_long'
  | 'not_mobile'; // Vietnamese length but no mobile network uses that prefix

export type PhoneParse = { ok: true; e164: string; legacy: boolean } | { ok: false; reason: PhoneRejection };

/** Mobile prefixes in use after the 2018 renumbering (the two digits after the trunk 0). */
const MOBILE_PREFIXES = new Set([
  '32', '33', '34', '35', '36', '37', '38', '39',
  '52', '55', '56', '58', '59',
  '70', '76', '77', '78', '79',
  '81', '82', '83', '84', '85', '86', '87', '88', '89',
  '90', '91', '92', '93', '94', '95', '96', '97', '98', '99',
]); // prettier-ignore

/** Old 11-digit prefixes (without the trunk 0) → their new 10-digit prefix, per the 2018 renumbering. */
const LEGACY_PREFIXES: Readonly<Record<string, string>> = {
  '162': '32', '163': '33', '164': '34', '165': '35', '166': '36', '167': '37', '168': '38', '169': '39',
  '120': '70', '121': '79', '122': '77', '126': '76', '128': '78',
  '123': '83', '124': '84', '125': '85', '127': '81', '129': '82',
  '186': '56', '188': '58', '199': '59',
}; // prettier-ignore

const ALLOWED = /^[\d\s.\-()+/]+$/;

/** Parses one phone number written in any usual Vietnamese way. */
export function parsePhone(input: string): PhoneParse {
  const text = input.normalize('NFKC').trim();
  if (text === '') return { ok: false, reason: 'empty' };
  if (!ALLOWED.test(text)) return { ok: false, reason: 'not_a_number' };
  const digits = text.replace(/\D/g, '');
  if (digits === '') return { ok: false, reason: 'not_a_number' };
  // A "+" only opens the number ("+84", "(+84)").
  if (text.replace(/^\(?\+/, '').includes('+') || !/^\(?\+?[\d(]/.test(text)) {
    return { ok: false, reason: 'not_a_number' };
  }

  let national: string;
  if (text.replace(/^\(/, '').startsWith('+')) {
    if (!digits.startsWith('84')) return { ok: false, reason: 'foreign' };
    national = digits.slice(2);
  } else if (digits.startsWith('0084')) {
    national = digits.slice(4);
  } else if (digits.startsWith('00')) {
    return { ok: false, reason: 'foreign' };
  } else if (digits.startsWith('0')) {
    national = digits.slice(1);
  } else if (digits.startsWith('84') && digits.length >= 11) {
    national = digits.slice(2);
  } else {
    national = digits;
  }
  // "+84 (0) 912…" and "+84 0912…" keep the trunk 0 by mistake.
  if (national.startsWith('0') && digits.length > national.length) national = national.slice(1);
  return checkNational(national);
}

function checkNational(national: string): PhoneParse {
  if (national.length < 9) return { ok: false, reason: 'too_short' };
  if (national.startsWith('2')) return { ok: false, reason: 'landline' };
  if (national.startsWith('1') && national.length === 10) {
    const modern = LEGACY_PREFIXES[national.slice(0, 3)];
    if (modern === undefined) return { ok: false, reason: 'not_mobile' };
    return { ok: true, e164: `+84${modern}${national.slice(3)}`, legacy: true };
  }
  if (national.length > 9) return { ok: false, reason: 'too_long' };
  if (!MOBILE_PREFIXES.has(national.slice(0, 2))) return { ok: false, reason: 'not_mobile' };
  return { ok: true, e164: `+84${national}`, legacy: false };
}

const CANDIDATE = /\(?\+?\d[\d\s.\-()]*\d/g;

/**
 * Finds a phone number inside a sentence ("sđt của tôi là 0912.345.678 ạ"). Returns the first candidate that parses,
 * else why the first candidate was refused, else `not_a_number`.
 */
export function findPhone(text: string): PhoneParse {
  let firstFailure: PhoneParse | null = null;
  for (const match of text.normalize('NFKC').matchAll(CANDIDATE)) {
    const parsed = parsePhone(match[0]);
    if (parsed.ok) return parsed;
    firstFailure ??= parsed;
  }
  return firstFailure ?? { ok: false, reason: 'not_a_number' };
}

/** "+84912345678" → "+84 91x xxx 678": enough for the owner to recognise it, never the whole number. */
export function maskPhone(e164: string): string {
  const match = /^\+84(\d{2})\d{4}(\d{3})$/.exec(e164);
  if (match) return `+84 ${match[1] ?? ''}x xxx ${match[2] ?? ''}`;
  const digits = e164.replace(/\D/g, '');
  return digits.length >= 6 ? `xxx ${digits.slice(-3)}` : 'xxx';
}

/** "+84912345678" → "0912 345 678", the way residents write it; other strings are returned unchanged. */
export function formatPhoneLocal(e164: string): string {
  const match = /^\+84(\d{3})(\d{3})(\d{3})$/.exec(e164);
  return match ? `0${match[1] ?? ''} ${match[2] ?? ''} ${match[3] ?? ''}` : e164;
}
