/**
 * The one renderer for values inside HCL (Terraform's native syntax) text: what the guide writes into the
 * HCL that cdktf synthesized. Pure: the docs site bundles it.
 */
import { unpairedSurrogate } from './text';

/** Terraform would read an unpaired surrogate as U+FFFD: refuse it rather than render another text. */
function refuseIllFormed(value: string, renderer: string): void {
  if (unpairedSurrogate(value) !== undefined) {
    throw new Error(
      `${renderer}: the value contains an unpaired surrogate, which Terraform cannot read back`,
    );
  }
}

/**
 * The content of a quoted HCL string that reads back as exactly `value`: backslash, quote and line breaks
 * escaped, template sequences `${` and `%{` doubled, other control characters as `\uXXXX`.
 * @see https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences
 */
export function hclStringContent(value: string): string {
  refuseIllFormed(value, 'hclStringContent');
  return value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(
      // eslint-disable-next-line no-control-regex -- finding control characters is the point
      /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    )
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{');
}

/** The content of a JSON string literal (without its quotes) for `value`. */
export function jsonStringContent(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/**
 * `value` inside a JSON document that is itself the content of a quoted HCL string (cdktf writes literal
 * policy documents this way: `policy = "{\"Version\":...}"`): JSON-escaped, then HCL-escaped.
 */
export function jsonInHclStringContent(value: string): string {
  return hclStringContent(jsonStringContent(value));
}

/** Where a value sits in HCL text, which decides how it is escaped. */
export type HclContext = 'hcl-string' | 'json-in-hcl-string';

export function renderHclValue(context: HclContext, value: string): string {
  return context === 'hcl-string' ? hclStringContent(value) : jsonInHclStringContent(value);
}

/**
 * A literal string as Terraform's JSON syntax reads it back unchanged: JSON syntax evaluates `${...}` and
 * `%{...}` inside strings as templates, so both are doubled (`$${`, `%%{`). The construct applies this to
 * every literal string option before it reaches a resource.
 * @see https://developer.hashicorp.com/terraform/language/syntax/json#expression-mapping
 */
export function terraformLiteral(value: string): string {
  refuseIllFormed(value, 'terraformLiteral');
  return value.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}
