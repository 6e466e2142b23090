import XMLBuilder from 'fast-xml-builder';

/**
 * One response, two encodings (GeoReport v2 "Format Support"): XML, which the widely used clients speak, and JSON.
 * A list is an element per item under a root (`<services><service>…`) in XML and a bare array in JSON; an object
 * is the root's children. fast-xml-builder escapes every text node; empty values are empty elements, as the spec's
 * examples write them.
 */

export type Format = 'xml' | 'json';

type Scalar = string | number | boolean;
export type Node = Scalar | readonly Node[] | { readonly [key: string]: Node | readonly Node[] };

const builder = new XMLBuilder({
  format: true,
  suppressEmptyNode: false,
  ignoreAttributes: false,
  indentBy: '  ',
});

const declaration = { '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' } };

export function encodeList(format: Format, root: string, item: string, items: readonly Node[]): string {
  if (format === 'json') return JSON.stringify(items);
  return builder.build({ ...declaration, [root]: items.length === 0 ? '' : { [item]: items } });
}

export function encodeObject(
  format: Format,
  root: string,
  value: { readonly [key: string]: Node | readonly Node[] },
): string {
  if (format === 'json') return JSON.stringify(value);
  return builder.build({ ...declaration, [root]: value });
}

export function contentType(format: Format): string {
  return format === 'xml' ? 'text/xml; charset=utf-8' : 'application/json; charset=utf-8';
}

/** The spec's error document: `<errors><error><code/><description/></error></errors>`, or its JSON array. */
export function encodeErrors(
  format: Format,
  errors: readonly { code: number; description: string }[],
): string {
  return encodeList(format, 'errors', 'error', errors);
}

/** `requests.xml` → ['requests', 'xml']; anything without a known extension → null. */
export function splitFormat(file: string): { name: string; format: Format } | null {
  const match = /^(.+)\.(xml|json)$/.exec(file);
  return match?.[1] && (match[2] === 'xml' || match[2] === 'json')
    ? { name: match[1], format: match[2] }
    : null;
}
