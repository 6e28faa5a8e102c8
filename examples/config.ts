/**
 * Reads the example app's configuration without code edits: environment variables first, then the
 * `quartic` object in cdktf.json's `context`. Every setting is listed once, in SETTINGS; the README table
 * and the docs are generated from it.
 */
import { QuarticS3IntegrationOptions, Problem, problem, validateOptions, Warning } from '../src';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Options = Mutable<QuarticS3IntegrationOptions>;

export interface Setting {
  /** Environment variable, e.g. QUARTIC_BUCKET_NAME. */
  readonly env: string;
  /** Key in cdktf.json's context.quartic object, and the option it sets. */
  readonly option: string;
  readonly description: string;
  readonly example: string;
  /** Turns the raw value into the option; returns a Problem rule (string) when it cannot. */
  readonly apply: (raw: unknown, options: Options) => string | undefined;
}

const text =
  (set: (o: Options, v: string) => void) =>
  (raw: unknown, o: Options): string | undefined => {
    if (typeof raw !== 'string') return 'must be a string';
    set(o, raw);
    return undefined;
  };

const bool =
  (set: (o: Options, v: boolean) => void) =>
  (raw: unknown, o: Options): string | undefined => {
    const v = typeof raw === 'boolean' ? raw : typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
    if (v === true || v === 'true') set(o, true);
    else if (v === false || v === 'false') set(o, false);
    else return 'must be "true" or "false"';
    return undefined;
  };

const TAGS_RULE = 'must be `key=value,key=value` or a JSON object of strings';

/**
 * Tags as a JSON object or as `key=value,key=value`; a string is the rule the value breaks. A key given
 * twice is refused instead of the last one winning silently; keys become own properties (fromEntries,
 * JSON.parse), so a key such as `__proto__` is kept and validated like any other.
 */
function parseTags(raw: unknown): Record<string, string> | string {
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) return raw as Record<string, string>;
  if (typeof raw !== 'string') return TAGS_RULE;
  const trimmed = raw.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        ? (parsed as Record<string, string>)
        : TAGS_RULE;
    } catch {
      return TAGS_RULE;
    }
  }
  const pairs: Array<[string, string]> = [];
  for (const pair of trimmed.split(',').filter((p) => p.trim() !== '')) {
    const eq = pair.indexOf('=');
    if (eq < 0) return TAGS_RULE;
    pairs.push([pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()]);
  }
  const keys = pairs.map(([k]) => k);
  const repeated = keys.find((k, i) => keys.indexOf(k) !== i);
  if (repeated !== undefined) return `must name each key once (\`${repeated}\` is given twice)`;
  return Object.fromEntries(pairs);
}

export const SETTINGS: readonly Setting[] = [
  {
    env: 'QUARTIC_BUCKET_NAME',
    option: 'bucketName',
    description: 'Name of the bucket (required).',
    example: 'quartic-data-acme',
    apply: text((o, v) => (o.bucketName = v)),
  },
  {
    env: 'QUARTIC_REGION',
    option: 'region',
    description: 'AWS region of the bucket (required); choose it with your PII rules in mind.',
    example: 'eu-west-2',
    apply: text((o, v) => (o.region = v)),
  },
  {
    env: 'QUARTIC_EXTERNAL_ID',
    option: 'externalId',
    description: 'The external ID Quartic sent you (required).',
    example: 'q-3f9c2a7e-acme',
    apply: text((o, v) => (o.externalId = v)),
  },
  {
    env: 'QUARTIC_ROLE_NAME',
    option: 'roleName',
    description: 'Name of the role Quartic assumes. Default `quartic-access`.',
    example: 'quartic-access',
    apply: text((o, v) => (o.roleName = v)),
  },
  {
    env: 'QUARTIC_ACCESS_LEVEL',
    option: 'accessLevel',
    description: '`full` (default), `read-write` or `read-only`.',
    example: 'read-write',
    apply: text((o, v) => (o.accessLevel = v as Options['accessLevel'])),
  },
  {
    env: 'QUARTIC_TRUSTED_ACCOUNT_ID',
    option: 'trustedAccountId',
    description: 'Account allowed to assume the role. Default `555071496850` (Quartic).',
    example: '555071496850',
    apply: text((o, v) => (o.trustedAccountId = v)),
  },
  {
    env: 'QUARTIC_EXISTING_BUCKET',
    option: 'existingBucket',
    description:
      '`true` if the bucket already exists: only the role and policy are created. Default `false`.',
    example: 'true',
    apply: bool((o, v) => (o.existingBucket = v)),
  },
  {
    env: 'QUARTIC_VERSIONING',
    option: 'versioning',
    description: 'Object versioning. Default `true`.',
    example: 'false',
    apply: bool((o, v) => (o.versioning = v)),
  },
  {
    env: 'QUARTIC_LOG_BUCKET',
    option: 'accessLogging.targetBucket',
    description: 'Existing bucket that receives server access logs. Default: no logging.',
    example: 'acme-s3-access-logs',
    apply: text((o, v) => (o.accessLogging = { ...o.accessLogging, targetBucket: v })),
  },
  {
    env: 'QUARTIC_LOG_PREFIX',
    option: 'accessLogging.targetPrefix',
    description: 'Prefix of the log objects. Default `<bucket name>/`.',
    example: 'quartic-data/',
    apply: text((o, v) => {
      o.accessLogging = { targetBucket: o.accessLogging?.targetBucket as string, targetPrefix: v };
    }),
  },
  {
    env: 'QUARTIC_TAGS',
    option: 'tags',
    description: 'Tags for every taggable resource: `key=value,key=value` or a JSON object.',
    example: 'team=data,cost-centre=42',
    apply: (raw, o) => {
      const tags = parseTags(raw);
      if (typeof tags === 'string') return tags;
      o.tags = tags;
      return undefined;
    },
  },
  {
    env: 'QUARTIC_ENCRYPTION',
    option: 'encryption',
    description: '`SSE-S3` (default) or `SSE-KMS`.',
    example: 'SSE-KMS',
    apply: text((o, v) => (o.encryption = v as Options['encryption'])),
  },
  {
    env: 'QUARTIC_KMS_KEY_ARN',
    option: 'kmsKeyArn',
    description: 'Existing KMS key for `SSE-KMS`. Default: a new key with rotation on.',
    example: 'arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    apply: text((o, v) => (o.kmsKeyArn = v)),
  },
  {
    env: 'QUARTIC_ALLOW_BUCKET_DESTROY',
    option: 'allowBucketDestroy',
    description: '`true` lets `cdktf destroy` delete the (empty) bucket. Default `false`: `prevent_destroy`.',
    example: 'true',
    apply: bool((o, v) => (o.allowBucketDestroy = v)),
  },
  {
    env: 'QUARTIC_BUCKET_GUARDRAILS',
    option: 'bucketGuardrails',
    description:
      "Bucket policy denies the role changes to the bucket's protection and unreadable writes. Default `true`.",
    example: 'false',
    apply: bool((o, v) => (o.bucketGuardrails = v)),
  },
  {
    env: 'QUARTIC_MAX_SESSION_DURATION',
    option: 'maxSessionDuration',
    description: 'Longest session Quartic may request, 3600 to 43200 seconds. Default 3600.',
    example: '7200',
    apply: (raw, o) => {
      const n =
        typeof raw === 'number'
          ? raw
          : typeof raw === 'string' && /^\d+$/.test(raw.trim())
            ? Number(raw)
            : NaN;
      if (Number.isNaN(n)) return 'must be a whole number of seconds';
      o.maxSessionDuration = n;
      return undefined;
    },
  },
  {
    env: 'QUARTIC_ROLE_DESCRIPTION',
    option: 'roleDescription',
    description: 'Description of the role in the IAM console.',
    example: 'Quartic data platform access',
    apply: text((o, v) => (o.roleDescription = v)),
  },
];

/** Clearly labelled example values used when nothing is configured. */
export const EXAMPLE_OPTIONS: QuarticS3IntegrationOptions = {
  bucketName: 'quartic-data-example',
  region: 'eu-west-2',
  externalId: 'EXAMPLE-external-id-from-quartic',
};

export interface LoadedConfig {
  readonly options: QuarticS3IntegrationOptions;
  /** `example` when nothing was configured and the example values are used. */
  readonly source: 'environment' | 'context' | 'environment+context' | 'example';
  readonly problems: readonly Problem[];
  readonly warnings: readonly Warning[];
}

/**
 * Label for a field in messages: the env variable(s) a customer would edit, then the option name.
 * `accessLogging` is set by two variables, so both are named.
 */
export function settingLabel(field: string): string {
  const matches = SETTINGS.filter(
    (s) => s.option === field || field.startsWith(`${s.option}.`) || s.option.startsWith(`${field}.`),
  );
  if (matches.length === 1) return `${matches[0].env} (${field})`;
  return matches.length > 0 ? matches.map((s) => `${s.env} (${s.option})`).join(' and ') : field;
}

/**
 * Rewrites a library message for the example app's users: every `option` or `option: value` quoted in
 * backticks becomes the environment variable that sets it (`QUARTIC_EXISTING_BUCKET=true`).
 */
export function relabelMessage(message: string): string {
  return message.replace(
    /`([A-Za-z.]+)(?:: ([^`]+))?`/g,
    (whole, option: string, value: string | undefined) => {
      const label = settingLabel(option);
      if (label === option) return whole;
      return value === undefined ? label : `${label.split(' (')[0]}=${value.replace(/"/g, '')}`;
    },
  );
}

/**
 * Builds the options from environment variables and cdktf.json context, then runs the library's
 * validation, so parsing problems and rule problems are reported together.
 */
export function loadConfig(env: NodeJS.ProcessEnv, context: unknown): LoadedConfig {
  const ctx = typeof context === 'object' && context !== null ? (context as Record<string, unknown>) : {};
  const options: Options = {} as Options;
  const problems: Problem[] = [];
  let fromEnv = false;
  let fromContext = false;
  for (const setting of SETTINGS) {
    const envValue = env[setting.env];
    const contextValue = setting.option
      .split('.')
      .reduce<unknown>(
        (v, k) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined),
        ctx,
      );
    const raw = envValue !== undefined && envValue !== '' ? envValue : contextValue;
    if (raw === undefined) continue;
    if (raw === envValue) fromEnv = true;
    else fromContext = true;
    const rule = setting.apply(raw, options);
    if (rule !== undefined)
      problems.push(problem(setting.option, raw, rule, JSON.stringify(setting.example)));
  }
  if (!fromEnv && !fromContext) {
    const { warnings } = validateOptions(EXAMPLE_OPTIONS);
    return { options: EXAMPLE_OPTIONS, source: 'example', problems: [], warnings };
  }
  const result = validateOptions(options);
  const source = fromEnv && fromContext ? 'environment+context' : fromEnv ? 'environment' : 'context';
  return { options, source, problems: [...problems, ...result.problems], warnings: result.warnings };
}
