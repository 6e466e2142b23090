import escapeHtml from 'escape-html';

/**
 * HTML built with a tagged template: every interpolated value is escaped (escape-html) unless it is already
 * `SafeHtml` (the output of another `html` template, or a constant marked `trusted`). Residents' words can only
 * reach a page as escaped text, so a stored `<script>` stays text; there is no string concatenation to forget.
 */

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** For constants written in this code base (the stylesheet), never for anything that came in. */
export function trusted(constant: string): SafeHtml {
  return new SafeHtml(constant);
}
