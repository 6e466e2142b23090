/**
 * Case codes are short and human-friendly: PREFIX-NNNN (e.g. LS-0427), unique per commune. Residents and
 * staff type them in any spelling: "LS-0427", "ls0427", "ls 0427", "Ls_427", "LS - 0427", "mã LS#427".
 */
export function formatCaseCode(prefix: string, seq: number): string {
  return `${prefix}-${String(seq).padStart(4, '0')}`;
}

const patterns = new Map<string, RegExp>();

/**
 * The prefix (letters only, any length) not glued to another letter or digit on its left ("đls12" and "xls12" are
 * not codes), then up to three separators, then 1 to 7 digits not followed by another digit.
 */
function patternFor(prefix: string): RegExp | null {
  if (!/^[A-Z]+$/.test(prefix)) return null;
  let pattern = patterns.get(prefix);
  if (pattern === undefined) {
    pattern = new RegExp(`(?<![\\p{L}\\p{N}])${prefix}[\\s\\-_.:#]{0,3}(\\d{1,7})(?!\\d)`, 'giu');
    patterns.set(prefix, pattern);
  }
  return pattern;
}

/** Every case code of the given prefix found in a text, normalised to PREFIX-NNNN. */
export function findCaseCodes(text: string, prefix: string): string[] {
  const wanted = prefix.trim().toUpperCase();
  const pattern = patternFor(wanted);
  if (pattern === null) return [];
  const codes: string[] = [];
  for (const match of text.normalize('NFKC').matchAll(pattern)) {
    const digits = match[1];
    if (digits !== undefined) {
      const code = formatCaseCode(wanted, Number(digits));
      if (!codes.includes(code)) codes.push(code);
    }
  }
  return codes;
}

export function parseCaseCode(text: string, prefix: string): string | null {
  return findCaseCodes(text, prefix)[0] ?? null;
}
