/**
 * Case codes are short and human-friendly: PREFIX-NNNN (e.g. LS-0427), unique per commune. Residents and
 * staff type them in any spelling: "LS-0427", "ls0427", "ls 0427", "Ls_427".
 */
export function formatCaseCode(prefix: string, seq: number): string {
  return `${prefix}-${String(seq).padStart(4, '0')}`;
}

const codePattern = /(?:^|[^a-z0-9])([a-z]{1,4})[\s\-_.]?(\d{1,7})(?![0-9])/gi;

/** Every case code of the given prefix found in a text, normalised to PREFIX-NNNN. */
export function findCaseCodes(text: string, prefix: string): string[] {
  const wanted = prefix.toUpperCase();
  const codes: string[] = [];
  for (const match of text.matchAll(codePattern)) {
    const letters = match[1]?.toUpperCase();
    const digits = match[2];
    if (letters === wanted && digits !== undefined) {
      const code = formatCaseCode(wanted, Number(digits));
      if (!codes.includes(code)) codes.push(code);
    }
  }
  return codes;
}

export function parseCaseCode(text: string, prefix: string): string | null {
  return findCaseCodes(text, prefix)[0] ?? null;
}
