/**
 * The reader's values and what the guide may do with them: the fields, with their labels, hints,
 * placeholders and initial values, read from the option registry (src/core/option-registry.ts, the
 * `guide` entries); link and storage parsing; the guide's surface for the library's messages; and
 * whether snippets may be rendered from the values. Loaded on every page (the values' provider is at the
 * site root), so it holds no snippet code: the snippets, with the CLI commands, the policies and the HCL,
 * are in snippets.ts and load with the pages that show them.
 */
import {
  OPTION_REGISTRY,
  OPTION_SPECS,
  OptionSpec,
  registryFieldOf,
} from '../../../src/core/option-registry';
import { QuarticS3IntegrationOptions } from '../../../src/core/options';
import {
  CONSTRUCT_SURFACE,
  Problem,
  QuarticConfigError,
  Surface,
  validateOptions,
} from '../../../src/core/validation';

/** The one tab group of the site: the reader's tool choice follows them everywhere (`?tool=`). */
export const TOOL_GROUP = 'tool';

type Registry = typeof OPTION_REGISTRY;

/** What the configurator asks for: every option with a `guide` entry in the registry. */
export type GuideField = {
  [F in keyof Registry]: Registry[F] extends { readonly guide: object } ? F : never;
}[keyof Registry] &
  keyof QuarticS3IntegrationOptions;

/** The guide fields that are a choice (a select); the others are free text. */
export type ChoiceField = {
  [F in GuideField]: Registry[F] extends { readonly choices: readonly string[] } ? F : never;
}[GuideField];

/** The free-text guide fields (the reader's values the synthesized HCL holds). */
export type TextField = Exclude<GuideField, ChoiceField>;

/** The reader's values, one per guide field. */
export type GuideValues = { readonly [F in GuideField]-?: NonNullable<QuarticS3IntegrationOptions[F]> };

/** A field's guide entry in the registry. */
export type GuideSpec = NonNullable<OptionSpec['guide']>;

/** The guide entry of a guide field. */
export function guideSpec(field: GuideField): GuideSpec {
  return (OPTION_REGISTRY[field] as OptionSpec).guide as GuideSpec;
}

/** The guide fields, in the registry's order (the configurator's order too). */
export const GUIDE_FIELDS: readonly GuideField[] = OPTION_SPECS.filter((s) => s.guide !== undefined).map(
  (s) => s.field as GuideField,
);

/** The values a choice field allows; undefined for a free-text field. */
export function choicesOf(field: GuideField): readonly string[] | undefined {
  return (OPTION_REGISTRY[field] as OptionSpec).choices;
}

export const CHOICE_FIELDS = GUIDE_FIELDS.filter((f) => choicesOf(f) !== undefined) as readonly ChoiceField[];
export const TEXT_FIELDS = GUIDE_FIELDS.filter((f) => choicesOf(f) === undefined) as readonly TextField[];

/** The hint under a field, for its current value (a choice has one per value). */
export function hintOf(field: GuideField, values: GuideValues): string {
  const { hint } = guideSpec(field);
  return typeof hint === 'string' ? hint : (hint[values[field]] ?? '');
}

/** The values shown until the reader types theirs: the guide's initial value, else the option's default. */
export const DEFAULT_VALUES = Object.fromEntries(
  GUIDE_FIELDS.map((field) => {
    const initial = guideSpec(field).initial ?? (OPTION_REGISTRY[field] as OptionSpec).defaultValue;
    if (initial === undefined) throw new Error(`The registry gives ${field} no initial value for the guide`);
    return [field, String(initial)];
  }),
) as GuideValues;

/** What a snippet area shows for each value while the values are invalid. */
export const PLACEHOLDERS = Object.fromEntries(
  GUIDE_FIELDS.map((field) => [field, guideSpec(field).placeholder]),
) as Readonly<Record<GuideField, string>>;

/**
 * The guide's surface for the library's messages: a field is named by its configurator label
 * ("Bucket name must be ..."); a field the guide does not ask for, as the construct names it.
 */
export const GUIDE_SURFACE: Surface = {
  label: (field) => {
    const own = registryFieldOf(field);
    const guide = own === undefined ? undefined : (OPTION_REGISTRY[own] as OptionSpec).guide;
    return guide === undefined ? CONSTRUCT_SURFACE.label(field) : guide.label;
  },
  setting: (field, value) => `${GUIDE_SURFACE.label(field)} set to ${JSON.stringify(value)}`,
};

/** The options the library sees for these values (a blank value stays blank for validation). */
export function toOptions(values: GuideValues): QuarticS3IntegrationOptions {
  return Object.fromEntries(GUIDE_FIELDS.map((field) => [field, values[field]])) as GuideValues;
}

/** The values snippets are rendered with: as typed, with a field's visible stand-in where it is blank. */
export function snippetOptions(values: GuideValues): GuideValues {
  return Object.fromEntries(
    GUIDE_FIELDS.map((field) => {
      const standIn = guideSpec(field).blankStandIn;
      return [field, standIn !== undefined && values[field] === '' ? standIn : values[field]];
    }),
  ) as GuideValues;
}

/**
 * What the library says about the values snippets would be rendered from: no problems means every
 * snippet may be rendered (a blank field with a stand-in, such as the external ID, is no problem here).
 */
export function snippetProblems(values: GuideValues): readonly Problem[] {
  return validateOptions(snippetOptions(values)).problems;
}

/** The values, if every snippet may be rendered from them; undefined while any value is invalid. */
export function renderableValues(values: GuideValues): GuideValues | undefined {
  return snippetProblems(values).length === 0 ? values : undefined;
}

/** Throws the library's configuration error unless snippets may be rendered from the values. */
export function assertRenderable(values: GuideValues): void {
  const problems = snippetProblems(values);
  if (problems.length > 0) throw new QuarticConfigError(problems);
}

/** Whether a stored or linked value has the field's shape: a string, and one of its choices if it has them. */
function wellFormed(field: GuideField, value: unknown): value is string {
  const choices = choicesOf(field);
  return typeof value === 'string' && (choices === undefined || choices.includes(value));
}

/**
 * Reads values from a query string (`?bucketName=...&externalId=...`: each parameter is named as its
 * field); unknown parameters and values that are not one of a field's choices are ignored.
 */
export function valuesFromQuery(search: string): Partial<GuideValues> {
  const params = new URLSearchParams(search);
  const found: Partial<Record<GuideField, string>> = {};
  for (const field of GUIDE_FIELDS) {
    const value = params.get(field);
    if (wellFormed(field, value)) found[field] = value.trim();
  }
  return found as Partial<GuideValues>;
}

/**
 * Merges stored or linked values over the defaults, keeping only known fields of the right shape. Returns
 * `base` itself when nothing changes, so React state set from it re-renders nothing.
 */
export function mergeValues(base: GuideValues, update: unknown): GuideValues {
  if (typeof update !== 'object' || update === null) return base;
  const u = update as Record<string, unknown>;
  const merged = Object.fromEntries(
    GUIDE_FIELDS.map((field) => [field, wellFormed(field, u[field]) ? u[field] : base[field]]),
  ) as GuideValues;
  return GUIDE_FIELDS.every((field) => merged[field] === base[field]) ? base : merged;
}

/** A query string that prefills the configurator with these values (for a link Quartic sends). */
export function queryForValues(values: GuideValues): string {
  const params = new URLSearchParams();
  for (const field of GUIDE_FIELDS) {
    if (values[field] !== '' && values[field] !== DEFAULT_VALUES[field]) params.set(field, values[field]);
  }
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}
