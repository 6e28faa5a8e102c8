/**
 * The reader's values and what the guide may do with them: the fields, their defaults and labels, link
 * and storage parsing, and whether snippets may be rendered from them. Loaded on every page (the
 * values' provider is at the site root), so it holds no snippet code: the snippets, with the CLI
 * commands, the policies and the HCL, are in snippets.ts and load with the pages that show them.
 */
import { ACCESS_LEVELS, AccessLevel, isAccessLevel } from '../../../src/core/access-levels';
import { DEFAULT_ROLE_NAME } from '../../../src/core/defaults';
import { ENCRYPTION_TYPES, EncryptionType, QuarticS3IntegrationOptions } from '../../../src/core/options';
import { Problem, QuarticConfigError, validateOptions } from '../../../src/core/validation';

/** The one tab group of the site: the reader's tool choice follows them everywhere (`?tool=`). */
export const TOOL_GROUP = 'tool';

/** What the configurator asks for. */
export interface GuideValues {
  readonly bucketName: string;
  readonly region: string;
  readonly externalId: string;
  readonly roleName: string;
  readonly accessLevel: AccessLevel;
  readonly encryption: EncryptionType;
}

export type GuideField = keyof GuideValues;

export const GUIDE_FIELDS: readonly GuideField[] = [
  'bucketName',
  'region',
  'externalId',
  'roleName',
  'accessLevel',
  'encryption',
];

/** The configurator's label of each field (the link notice names fields by these too). */
export const GUIDE_FIELD_LABELS: Readonly<Record<GuideField, string>> = {
  externalId: 'External ID (from Quartic)',
  bucketName: 'Bucket name',
  region: 'Region',
  roleName: 'Role name',
  accessLevel: 'Access level',
  encryption: 'Default encryption',
};

/** The values shown until the reader types theirs (the external ID has no default: Quartic sends it). */
export const DEFAULT_VALUES: GuideValues = {
  bucketName: 'quartic-data-example',
  region: 'eu-west-2',
  externalId: '',
  roleName: DEFAULT_ROLE_NAME,
  accessLevel: 'full',
  encryption: 'SSE-S3',
};

/** Shown in snippets while the external ID is empty. */
export const EXTERNAL_ID_PLACEHOLDER = 'EXTERNAL-ID-FROM-QUARTIC';

/** The options the library sees for these values (empty external ID stays empty for validation). */
export function toOptions(values: GuideValues): QuarticS3IntegrationOptions {
  return {
    bucketName: values.bucketName,
    region: values.region,
    externalId: values.externalId,
    roleName: values.roleName,
    accessLevel: values.accessLevel,
    encryption: values.encryption,
  };
}

/** The options used to render snippets: as typed, with a visible placeholder for a missing external ID. */
export function snippetOptions(values: GuideValues): QuarticS3IntegrationOptions {
  return { ...toOptions(values), externalId: values.externalId || EXTERNAL_ID_PLACEHOLDER };
}

/**
 * What the library says about the values snippets would be rendered from: no problems means every
 * snippet may be rendered (a missing external ID shows its placeholder and is no problem here).
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

/** What a snippet area shows for a value while the values are invalid. */
export const PLACEHOLDERS: Readonly<Record<GuideField, string>> = {
  bucketName: '<your-bucket-name>',
  region: '<your-region>',
  externalId: '<external-id-from-quartic>',
  roleName: '<role-name>',
  accessLevel: '<access-level>',
  encryption: '<encryption>',
};

/** Reads values from a query string (`?bucketName=...&externalId=...`); unknown or bad enums are ignored. */
export function valuesFromQuery(search: string): Partial<GuideValues> {
  const params = new URLSearchParams(search);
  const found: Partial<Record<GuideField, string>> = {};
  for (const field of GUIDE_FIELDS) {
    const value = params.get(field);
    if (value === null) continue;
    if (field === 'accessLevel' && !isAccessLevel(value)) continue;
    if (field === 'encryption' && !(ENCRYPTION_TYPES as readonly string[]).includes(value)) continue;
    found[field] = value.trim();
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
  const text = (k: GuideField) => (typeof u[k] === 'string' ? (u[k] as string) : (base[k] as string));
  const level = text('accessLevel');
  const encryption = text('encryption');
  const merged: GuideValues = {
    bucketName: text('bucketName'),
    region: text('region'),
    externalId: text('externalId'),
    roleName: text('roleName'),
    accessLevel: (ACCESS_LEVELS as readonly string[]).includes(level)
      ? (level as AccessLevel)
      : base.accessLevel,
    encryption: (ENCRYPTION_TYPES as readonly string[]).includes(encryption)
      ? (encryption as EncryptionType)
      : base.encryption,
  };
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
