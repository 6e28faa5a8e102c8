/**
 * The example app refuses what it would otherwise ignore: a `QUARTIC_*` variable or a `quartic` context
 * key it does not know. A mistyped `QUARTIC_ACESS_LEVEL=read-only` would otherwise leave the default
 * (`full`) in force without a word. Each unknown name is one problem (rule `input.unknown-name`), with
 * the closest known name. The known names are the example app's settings: the option registry's and the
 * state's (examples/config.ts EXAMPLE_SETTINGS).
 */
import { Problem, ruleProblem } from '../src';
import { OPTION_SPECS } from '../src/core/option-registry';
import { EXAMPLE_SETTINGS } from './config';

/** Variables the kit's own tools read (tests, CI, debugging); not configuration, so not refused. */
export const TOOL_VARIABLES: Readonly<Record<string, string>> = {
  QUARTIC_REQUIRE_ALL_TIERS: 'CI: every test tier must run',
  QUARTIC_TF_DEBUG: 'tests: log terraform commands, keep work directories',
  QUARTIC_E2E_LIFECYCLE: 'tests: the e2e lifecycle tier',
  QUARTIC_CONSUMERS_DIR: 'tests: where the consumer projects are installed',
  QUARTIC_DEBUG: 'verify: print stack traces',
};

/** The `quartic` context keys: each top-level key, and the keys of the nested objects (null: free keys). */
function contextKeys(): ReadonlyMap<string, ReadonlySet<string> | null> {
  const keys = new Map<string, Set<string> | null>();
  for (const { field } of EXAMPLE_SETTINGS) {
    const [top, nested] = field.split('.') as [string, string | undefined];
    if (nested === undefined) keys.set(top, keys.get(top) ?? new Set());
    else keys.set(top, new Set([...(keys.get(top) ?? []), nested]));
  }
  // Tags are an object of the customer's own keys.
  for (const s of OPTION_SPECS) if (s.kind === 'tags') keys.set(s.field, null);
  return keys;
}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/** The known name closest to `name`, when it is close enough to be a typo. */
export function closest(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  // A part of a name (`prefix` for `targetPrefix`) is as likely a slip as a typo.
  const containing = known.filter((k) => lower.length >= 3 && k.toLowerCase().includes(lower));
  if (containing.length === 1) return containing[0];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 4)) ? best : undefined;
}

function unknown(
  field: string,
  value: unknown,
  what: string,
  known: readonly string[],
  fallback = `one of ${known.join(', ')}`,
): Problem {
  const guess = closest(field.split('.').pop() as string, known);
  return ruleProblem('input.unknown-name', field, value, guess ?? fallback, {
    what,
    ...(guess === undefined ? {} : { guess }),
  });
}

/** A problem for every unknown `QUARTIC_*` variable and every unknown `quartic` context key. */
export function unknownInputProblems(env: NodeJS.ProcessEnv, context: unknown): Problem[] {
  const problems: Problem[] = [];
  const knownEnv = EXAMPLE_SETTINGS.map((s) => s.env);
  for (const [name, value] of Object.entries(env).sort(([a], [b]) => a.localeCompare(b))) {
    if (!name.startsWith('QUARTIC_') || knownEnv.includes(name) || name in TOOL_VARIABLES) continue;
    problems.push(
      unknown(
        name,
        value,
        'a setting of the example app',
        knownEnv,
        "one of the names in the README's tables",
      ),
    );
  }
  if (typeof context !== 'object' || context === null) return problems;
  const keys = contextKeys();
  for (const [key, value] of Object.entries(context)) {
    const nested = keys.get(key);
    if (!keys.has(key)) {
      problems.push(
        unknown(`context.quartic.${key}`, value, 'a context key of the example app', [...keys.keys()]),
      );
      continue;
    }
    if (nested === null || nested === undefined || typeof value !== 'object' || value === null) continue;
    for (const [inner, innerValue] of Object.entries(value)) {
      if (nested.has(inner)) continue;
      problems.push(
        unknown(`context.quartic.${key}.${inner}`, innerValue, `a key of context.quartic.${key}`, [
          ...nested,
        ]),
      );
    }
  }
  return problems;
}
