/**
 * Semantic comparison of IAM policy documents. The expected documents come from the library's builders
 * (src/core/policies.ts); this module only normalizes: a statement is expanded into single grants
 * (effect, principal, action, resource, condition), with action names and condition keys lower-cased
 * (IAM treats them case-insensitively), string-or-array values flattened and order ignored. Two documents
 * are equal when they grant the same set; the difference says what is extra and what is missing.
 */
import { PolicyDocument } from '../core/policies';

export interface Grant {
  readonly effect: string;
  /** `AWS:<arn>`, `Service:<name>`, `*`, or '' when the statement has no principal (identity policies). */
  readonly principal: string;
  readonly action: string;
  /** '' when the statement has no Resource (trust policies). */
  readonly resource: string;
  /** Normalized JSON of the Condition block, '' when there is none. */
  readonly condition: string;
  /** True for NotAction / NotResource / NotPrincipal statements, which grant "everything except". */
  readonly inverted: boolean;
}

export interface PolicyComparison {
  readonly equal: boolean;
  /** Grants in the actual document that the expected one does not make. */
  readonly extra: readonly Grant[];
  /** Grants of the expected document that the actual one does not make. */
  readonly missing: readonly Grant[];
  /** Set when the actual document is not a policy at all. */
  readonly invalid?: string;
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${sortedJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Condition operators keep their case; condition keys are case-insensitive; values are a sorted set. */
export function normalizeCondition(condition: unknown): string {
  if (typeof condition !== 'object' || condition === null) return '';
  const normalized: Record<string, Record<string, string[]>> = {};
  for (const [operator, block] of Object.entries(condition as Record<string, unknown>)) {
    if (typeof block !== 'object' || block === null) continue;
    const keys: Record<string, string[]> = {};
    for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
      keys[key.toLowerCase()] = [...new Set(asList(values).map(String))].sort();
    }
    normalized[operator] = keys;
  }
  return Object.keys(normalized).length === 0 ? '' : sortedJson(normalized);
}

/** `{AWS: "123456789012"}` and `{AWS: "arn:aws:iam::123456789012:root"}` name the same principal. */
function principals(principal: unknown, partition: string): string[] {
  if (principal === undefined) return [''];
  if (principal === '*') return ['*'];
  if (typeof principal !== 'object' || principal === null) return [String(principal)];
  const found: string[] = [];
  for (const [type, values] of Object.entries(principal as Record<string, unknown>)) {
    for (const value of asList(values)) {
      const text = String(value);
      found.push(
        type === 'AWS' && /^\d{12}$/.test(text)
          ? `AWS:arn:${partition}:iam::${text}:root`
          : `${type}:${text}`,
      );
    }
  }
  return found;
}

/** Expands a policy document (parsed JSON, or a JSON string) into single grants. */
export function grantsOf(document: unknown, partition = 'aws'): Grant[] {
  const doc = typeof document === 'string' ? (JSON.parse(document) as unknown) : document;
  if (typeof doc !== 'object' || doc === null || !('Statement' in doc)) {
    throw new Error('not an IAM policy document (no Statement)');
  }
  const grants: Grant[] = [];
  for (const raw of asList((doc as { Statement: unknown }).Statement)) {
    if (typeof raw !== 'object' || raw === null) throw new Error('a Statement entry is not an object');
    const s = raw as Record<string, unknown>;
    const inverted = 'NotAction' in s || 'NotResource' in s || 'NotPrincipal' in s;
    const actions = asList(s.Action ?? s.NotAction).map(String);
    const resources = 'Resource' in s || 'NotResource' in s ? asList(s.Resource ?? s.NotResource) : [''];
    const condition = normalizeCondition(s.Condition);
    for (const principal of principals(s.Principal ?? s.NotPrincipal, partition)) {
      for (const action of actions) {
        for (const resource of resources.map(String)) {
          grants.push({ effect: String(s.Effect), principal, action, resource, condition, inverted });
        }
      }
    }
  }
  return grants;
}

function keyOf(grant: Grant): string {
  return sortedJson({ ...grant, action: grant.action.toLowerCase() });
}

/** Compares an actual document with the one the library builds, as sets of grants. */
export function comparePolicies(
  expected: PolicyDocument,
  actual: unknown,
  partition = 'aws',
): PolicyComparison {
  let actualGrants: Grant[];
  try {
    actualGrants = grantsOf(actual, partition);
  } catch (error) {
    const wanted = grantsOf(expected, partition);
    return {
      equal: false,
      extra: [],
      missing: wanted,
      invalid: error instanceof Error ? error.message : String(error),
    };
  }
  const expectedGrants = grantsOf(expected, partition);
  const expectedKeys = new Set(expectedGrants.map(keyOf));
  const actualKeys = new Set(actualGrants.map(keyOf));
  const unique = (grants: Grant[]) => [...new Map(grants.map((g) => [keyOf(g), g])).values()];
  const extra = unique(actualGrants.filter((g) => !expectedKeys.has(keyOf(g))));
  const missing = unique(expectedGrants.filter((g) => !actualKeys.has(keyOf(g))));
  return { equal: extra.length === 0 && missing.length === 0, extra, missing };
}

/** One line per grant, e.g. `Allow s3:* on arn:aws:s3:::bucket*`. */
export function describeGrant(grant: Grant): string {
  const parts = [grant.inverted ? `${grant.effect} (Not*)` : grant.effect, grant.action];
  if (grant.principal !== '') parts.push(`for ${grant.principal.replace(/^AWS:/, '')}`);
  if (grant.resource !== '') parts.push(`on ${grant.resource}`);
  if (grant.condition !== '') parts.push(`when ${grant.condition}`);
  return parts.join(' ');
}

/** IAM returns policy documents URL-encoded; the SDK does not decode them. */
export function decodePolicyDocument(text: string): unknown {
  const trimmed = text.trim();
  return JSON.parse(
    trimmed.startsWith('%7B') || trimmed.startsWith('%7b') ? decodeURIComponent(trimmed) : trimmed,
  );
}
