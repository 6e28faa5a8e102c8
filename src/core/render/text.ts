/**
 * What no renderer can write as given: half of a UTF-16 surrogate pair without its other half is not
 * text, so no UTF-8 file (a script, HCL) holds it, and Terraform reads its JSON escape as U+FFFD.
 * Validation refuses it in every field; each renderer refuses it too, rather than write something else.
 */
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The first unpaired surrogate in `value`, or undefined when `value` is well-formed text. */
export function unpairedSurrogate(value: string): string | undefined {
  return UNPAIRED_SURROGATE.exec(value)?.[0];
}
