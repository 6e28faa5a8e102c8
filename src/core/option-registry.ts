/**
 * Every option of `QuarticS3IntegrationOptions`, once: how each surface names it (environment variable,
 * `cdktf.json` context key, verifier flag, guide field and label), how a string becomes its value, whether
 * it is required or must be a literal, its default, its meaning in one line and an example. The example
 * app, the verifier, the plan (every default), the README table, the reference page and the guide's
 * configurator read this table; the props' doc comments in src/core/options.ts stay the long text, their
 * `@default` tags checked against this table (test/option-registry.test.ts). Pure: no cdktf, no Node
 * built-ins.
 */
import { ACCESS_LEVEL_DEFINITIONS, ACCESS_LEVELS, AccessLevel } from './access-levels';
import {
  DEFAULT_ROLE_NAME,
  MAX_SESSION_DURATION,
  MIN_SESSION_DURATION,
  QUARTIC_ACCOUNT_ID,
} from './defaults';
// Types only: src/core/options.ts takes its value lists from here.
import type { AccessLoggingOptions, EncryptionType, QuarticS3IntegrationOptions } from './options';
import type { Facts, RuleId } from './validation';

/** An option's path: a prop, or a key of the `accessLogging` object. It is also its context key. */
export type OptionField =
  Exclude<keyof QuarticS3IntegrationOptions, 'accessLogging'> | `accessLogging.${keyof AccessLoggingOptions}`;

/** What a parser makes of a raw value: the value, or the rule it breaks (rendered like any problem). */
export type Parsed = { readonly value: unknown } | { readonly ruleId: RuleId; readonly facts?: Facts };

/** How a string from a variable or a flag (or a JSON value from cdktf.json) becomes the option's value. */
export type ValueKind = 'text' | 'boolean' | 'seconds' | 'tags';

/** Why a token cannot stand for an option: it decides which resources, or which partition. */
export type LiteralReason = 'resources' | 'partition';

export interface OptionSpec {
  /** The example app's environment variable. */
  readonly env: `QUARTIC_${string}`;
  /** The `quartic-s3 verify` flag that sets the expected value, if any. */
  readonly flag?: `--${string}`;
  readonly kind: ValueKind;
  /** The values allowed, when the option is a choice. */
  readonly choices?: readonly string[];
  readonly required?: true;
  /** Set when a token cannot stand for the option, with the reason validation gives. */
  readonly literalOnly?: LiteralReason;
  /**
   * The value the construct uses when the option is left out: written here only (the plan applies it,
   * `optionSummary` shows it; a token in a literal-only option is answered with it as the example).
   */
  readonly defaultValue?: string | number | boolean;
  /**
   * What the default means where the value alone does not say it: a note after `defaultValue`
   * (`555071496850` (Quartic's account)), or, for an option without one, what happens when it is left out
   * (`no access logging`). The props' `@default` tags say the same.
   */
  readonly default?: string;
  /** One line, what the option is, without its default (`optionSummary` adds it). */
  readonly meaning: string;
  /** A valid value, as a reader would type it. */
  readonly example: string;
  /** The guide's configurator field, when the guide asks for the option. */
  readonly guide?: {
    readonly label: string;
    /** Shown under the field; per value for a choice. */
    readonly hint: string | Readonly<Record<string, string>>;
    /** What a snippet shows for the value while the values are invalid. */
    readonly placeholder: string;
    /** The value shown until the reader types theirs, when the option has no default. */
    readonly initial?: string;
    /** A valid stand-in that snippets show while the field is blank (the guide then lets it be blank). */
    readonly blankStandIn?: string;
    /** A comment the CDKTF snippet writes after the value. */
    readonly codeComment?: string;
  };
}

const ENCRYPTIONS: readonly EncryptionType[] = ['SSE-S3', 'SSE-KMS'];

/** Choices as a summary lists them: `` `a`, `b` or `c` ``. */
function codeChoices(values: readonly string[]): string {
  const code = values.map((v) => `\`${v}\``);
  return `${code.slice(0, -1).join(', ')} or ${code[code.length - 1]}`;
}

/** The default description of the role, naming the account it trusts and the bucket. */
export function defaultRoleDescription(trustedAccountId: string, bucketName: string): string {
  return `Lets Quartic (account ${trustedAccountId}) access the S3 bucket ${bucketName}.`;
}

/** The default prefix of the server access log objects: the bucket's name and a slash. */
export function defaultLogPrefix(bucketName: string): string {
  return `${bucketName}/`;
}

/** The registry. Its key order is the README table's row order. */
export const OPTION_REGISTRY = {
  bucketName: {
    env: 'QUARTIC_BUCKET_NAME',
    flag: '--bucket',
    kind: 'text',
    required: true,
    meaning: 'Name of the bucket (required).',
    example: 'quartic-data-acme',
    guide: {
      label: 'Bucket name',
      hint: 'New, dedicated to Quartic, globally unique.',
      placeholder: '<your-bucket-name>',
      initial: 'quartic-data-example',
    },
  },
  region: {
    env: 'QUARTIC_REGION',
    flag: '--region',
    kind: 'text',
    required: true,
    literalOnly: 'partition',
    meaning: 'AWS region of the bucket (required); choose it with your PII rules in mind.',
    example: 'eu-west-2',
    guide: {
      label: 'Region',
      hint: 'Choose it with your PII rules in mind.',
      placeholder: '<your-region>',
      initial: 'eu-west-2',
    },
  },
  externalId: {
    env: 'QUARTIC_EXTERNAL_ID',
    flag: '--external-id',
    kind: 'text',
    required: true,
    meaning: 'The external ID Quartic sent you (required).',
    example: 'q-3f9c2a7e-acme',
    guide: {
      label: 'External ID (from Quartic)',
      hint: 'Exactly as Quartic sent it.',
      placeholder: '<external-id-from-quartic>',
      initial: '',
      blankStandIn: 'EXTERNAL-ID-FROM-QUARTIC',
      codeComment: 'from Quartic',
    },
  },
  roleName: {
    env: 'QUARTIC_ROLE_NAME',
    kind: 'text',
    defaultValue: DEFAULT_ROLE_NAME,
    meaning: 'Name of the role Quartic assumes.',
    example: 'quartic-access',
    guide: {
      label: 'Role name',
      hint: `The guide suggests ${DEFAULT_ROLE_NAME}.`,
      placeholder: '<role-name>',
    },
  },
  accessLevel: {
    env: 'QUARTIC_ACCESS_LEVEL',
    flag: '--access-level',
    kind: 'text',
    choices: ACCESS_LEVELS,
    literalOnly: 'resources',
    defaultValue: 'full' satisfies AccessLevel,
    meaning: `What the role may do in the bucket: ${codeChoices(ACCESS_LEVELS)}.`,
    example: 'read-write',
    guide: {
      label: 'Access level',
      hint: Object.fromEntries(ACCESS_LEVELS.map((l) => [l, ACCESS_LEVEL_DEFINITIONS[l].summary])),
      placeholder: '<access-level>',
    },
  },
  trustedAccountId: {
    env: 'QUARTIC_TRUSTED_ACCOUNT_ID',
    flag: '--trusted-account-id',
    kind: 'text',
    defaultValue: QUARTIC_ACCOUNT_ID,
    default: "Quartic's account",
    meaning: 'Account allowed to assume the role.',
    example: QUARTIC_ACCOUNT_ID,
  },
  existingBucket: {
    env: 'QUARTIC_EXISTING_BUCKET',
    kind: 'boolean',
    literalOnly: 'resources',
    defaultValue: false,
    meaning: '`true` if the bucket already exists: only the role and policy are created.',
    example: 'true',
  },
  versioning: {
    env: 'QUARTIC_VERSIONING',
    flag: '--versioning',
    kind: 'boolean',
    literalOnly: 'resources',
    defaultValue: true,
    meaning: 'Object versioning.',
    example: 'false',
  },
  'accessLogging.targetBucket': {
    env: 'QUARTIC_LOG_BUCKET',
    flag: '--log-bucket',
    kind: 'text',
    default: 'no access logging',
    meaning: 'Existing bucket that receives server access logs.',
    example: 'acme-s3-access-logs',
  },
  'accessLogging.targetPrefix': {
    env: 'QUARTIC_LOG_PREFIX',
    flag: '--log-prefix',
    kind: 'text',
    default: `\`${defaultLogPrefix('<bucketName>')}\``,
    meaning: 'Prefix of the log objects.',
    example: 'quartic-data/',
  },
  tags: {
    env: 'QUARTIC_TAGS',
    kind: 'tags',
    default: 'no tags',
    meaning: 'Tags for every taggable resource: `key=value,key=value` or a JSON object.',
    example: 'team=data,cost-centre=42',
  },
  encryption: {
    env: 'QUARTIC_ENCRYPTION',
    kind: 'text',
    choices: ENCRYPTIONS,
    literalOnly: 'resources',
    defaultValue: 'SSE-S3' satisfies EncryptionType,
    meaning: `Encryption of the bucket's objects: ${codeChoices(ENCRYPTIONS)}.`,
    example: 'SSE-KMS',
    guide: {
      label: 'Default encryption',
      hint: {
        'SSE-S3': 'S3-managed keys: nothing to manage.',
        'SSE-KMS': 'A new KMS key; the role may use it only through S3, for this bucket.',
      },
      placeholder: '<encryption>',
    },
  },
  kmsKeyArn: {
    env: 'QUARTIC_KMS_KEY_ARN',
    flag: '--kms-key-arn',
    kind: 'text',
    default: 'with `SSE-KMS`, a new key with rotation on',
    meaning: 'Existing KMS key (needs `SSE-KMS`).',
    example: 'arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  },
  allowBucketDestroy: {
    env: 'QUARTIC_ALLOW_BUCKET_DESTROY',
    kind: 'boolean',
    literalOnly: 'resources',
    defaultValue: false,
    meaning: '`true` lets `cdktf destroy` delete the (empty) bucket; otherwise it carries `prevent_destroy`.',
    example: 'true',
  },
  bucketGuardrails: {
    env: 'QUARTIC_BUCKET_GUARDRAILS',
    flag: '--guardrails',
    kind: 'boolean',
    literalOnly: 'resources',
    defaultValue: true,
    meaning: "Bucket policy denies the role changes to the bucket's protection and unreadable writes.",
    example: 'false',
  },
  maxSessionDuration: {
    env: 'QUARTIC_MAX_SESSION_DURATION',
    flag: '--max-session-duration',
    kind: 'seconds',
    literalOnly: 'resources',
    defaultValue: MIN_SESSION_DURATION,
    meaning: `Longest session Quartic may request, ${MIN_SESSION_DURATION} to ${MAX_SESSION_DURATION} seconds.`,
    example: '7200',
  },
  roleDescription: {
    env: 'QUARTIC_ROLE_DESCRIPTION',
    kind: 'text',
    default: `\`${defaultRoleDescription('<trustedAccountId>', '<bucketName>')}\``,
    meaning: 'Description of the role in the IAM console.',
    example: 'Quartic data platform access',
  },
} as const satisfies Readonly<Record<OptionField, OptionSpec>>;

/**
 * The one line the README table's Meaning column and the reference page's settings table show: the
 * meaning, then the default (`defaultValue` in code, with its note; or the note alone).
 */
export function optionSummary(spec: OptionSpec): string {
  if (spec.defaultValue === undefined && spec.default === undefined) return spec.meaning;
  const note = spec.default === undefined ? '' : ` (${spec.default})`;
  const shown =
    spec.defaultValue === undefined
      ? `Default: ${spec.default}`
      : `Default \`${String(spec.defaultValue)}\`${note}`;
  // A default that is a sentence (the role's description) ends in its own full stop.
  return `${spec.meaning} ${shown}${/\.`?$/.test(shown) ? '' : '.'}`;
}

/** The registry's entries in table order, each with its field (which is also its context key) and summary. */
export const OPTION_SPECS: ReadonlyArray<
  OptionSpec & { readonly field: OptionField; readonly summary: string }
> = (Object.keys(OPTION_REGISTRY) as OptionField[]).map((field) => {
  const spec: OptionSpec = OPTION_REGISTRY[field];
  return { field, ...spec, summary: optionSummary(spec) };
});

/** The options that have a default value. */
type Defaulted = {
  [F in OptionField]: (typeof OPTION_REGISTRY)[F] extends { readonly defaultValue: unknown } ? F : never;
}[OptionField];

/** The default value of an option: what the construct uses when it is left out. */
export function defaultOf<F extends Defaulted>(field: F): (typeof OPTION_REGISTRY)[F]['defaultValue'] {
  return OPTION_REGISTRY[field].defaultValue;
}

/** Every key of the props, once, in table order (the registry's `satisfies` checks it covers them all). */
export const OPTION_KEYS: readonly (keyof QuarticS3IntegrationOptions)[] = [
  ...new Set(OPTION_SPECS.map((s) => s.field.split('.')[0] as keyof QuarticS3IntegrationOptions)),
];

/** The spec of a field. */
export function optionSpec(field: OptionField): OptionSpec {
  return OPTION_REGISTRY[field];
}

/** The registry field a problem's field belongs to: `tags.team` -> `tags`; undefined for other names. */
export function registryFieldOf(field: string): OptionField | undefined {
  if (field in OPTION_REGISTRY) return field as OptionField;
  const top = field.split('.')[0] as string;
  return top === 'tags' ? 'tags' : undefined;
}

/** The options a token cannot stand for, with the reason. */
export const LITERAL_ONLY: ReadonlyArray<readonly [keyof QuarticS3IntegrationOptions, LiteralReason]> =
  OPTION_SPECS.flatMap((s) =>
    s.literalOnly === undefined
      ? []
      : [[s.field as keyof QuarticS3IntegrationOptions, s.literalOnly] as const],
  );

/** The options that are booleans (plain JavaScript can pass `'false'`, which would read as true). */
export const BOOLEAN_OPTIONS: readonly (keyof QuarticS3IntegrationOptions)[] = OPTION_SPECS.filter(
  (s) => s.kind === 'boolean',
).map((s) => s.field as keyof QuarticS3IntegrationOptions);

const TAGS_FORMAT: Parsed = { ruleId: 'input.tags-format' };

/**
 * Tags as a JSON object or as `key=value,key=value`. A key given twice is refused instead of the last
 * one winning silently; keys become own properties (fromEntries, JSON.parse), so a key such as
 * `__proto__` is kept and validated like any other.
 */
function parseTags(raw: unknown): Parsed {
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) return { value: raw };
  if (typeof raw !== 'string') return TAGS_FORMAT;
  const trimmed = raw.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        ? { value: parsed }
        : TAGS_FORMAT;
    } catch {
      return TAGS_FORMAT;
    }
  }
  const pairs: Array<[string, string]> = [];
  for (const pair of trimmed.split(',').filter((p) => p.trim() !== '')) {
    const eq = pair.indexOf('=');
    if (eq < 0) return TAGS_FORMAT;
    pairs.push([pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()]);
  }
  const keys = pairs.map(([k]) => k);
  const repeated = keys.find((k, i) => keys.indexOf(k) !== i);
  if (repeated !== undefined) return { ruleId: 'input.tags-repeated', facts: { key: repeated } };
  return { value: Object.fromEntries(pairs) };
}

/** The parser of each kind of value. */
export const PARSERS: Readonly<Record<ValueKind, (raw: unknown) => Parsed>> = {
  text: (raw) => (typeof raw === 'string' ? { value: raw } : { ruleId: 'string' }),
  boolean: (raw) => {
    const v = typeof raw === 'boolean' ? raw : typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
    if (v === true || v === 'true') return { value: true };
    if (v === false || v === 'false') return { value: false };
    return { ruleId: 'input.boolean' };
  },
  // Anything but whole seconds is passed on as it is: validation's range rule names it.
  seconds: (raw) => ({ value: typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : raw }),
  tags: parseTags,
};

/** Parses a raw value for a field with the parser of its kind. */
export function parseOption(field: OptionField, raw: unknown): Parsed {
  return PARSERS[optionSpec(field).kind](raw);
}
