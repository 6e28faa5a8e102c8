/** The one renderer for values inside TypeScript source text (the guide's CDKTF snippets). Pure. */

/**
 * A single-quoted TypeScript string literal that evaluates to exactly `value`: JSON's escaping (which
 * covers backslash, line breaks, every control character and U+2028/9), with quotes swapped for the
 * single-quote style of the kit's sources.
 */
export function tsStringLiteral(value: string): string {
  const body = JSON.stringify(value)
    .slice(1, -1)
    .replace(/\\"/g, '"')
    .replace(/'/g, "\\'")
    .replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
  return `'${body}'`;
}
