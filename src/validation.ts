/**
 * Validation of every literal input, before anything is synthesized: the per-field checks in
 * `validateOptions`, the text rules every string of every option must pass (`textProblems`), and the kind
 * checks (tokens where a literal is needed, non-booleans). Each problem names the field, echoes the value
 * (escaped), states the rule and shows a valid example; all are collected and reported together. Pure: the
 * docs site runs the same rules in the browser.
 */
import { ACCESS_LEVELS, isAccessLevel } from './access-levels';
import { MAX_SESSION_DURATION, MIN_SESSION_DURATION } from './defaults';
import { ENCRYPTION_TYPES, optionsOnly, QuarticS3IntegrationOptions } from './options';
import { COMMERCIAL_PARTITION, regionInfo } from './regions';

export interface Problem {
  /** The option at fault, e.g. `bucketName` or `tags.team`. */
  readonly field: string;
  readonly value: unknown;
  /** The rule, phrased to follow "`field` ...", e.g. "must be between 3 and 63 characters long". */
  readonly rule: string;
  /** A valid value for the field. */
  readonly example: string;
  /** The full sentence shown to the user. */
  readonly message: string;
}

export interface Warning {
  readonly field: string;
  readonly value: unknown;
  readonly message: string;
}

export interface ValidationResult {
  readonly problems: readonly Problem[];
  readonly warnings: readonly Warning[];
}

export interface ValidationOptions {
  /** Says whether a value is an unresolved token (cdktf's `Token.isUnresolved`); such values are skipped. */
  readonly isUnresolved?: (value: unknown) => boolean;
}

/** Characters that change how text reads without being seen: zero-width and bidi controls, BOM. */
const INVISIBLE = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
/** Line breaks and control characters (C0, DEL, C1, and Unicode's line and paragraph separators). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** `U+202E` for the first character of `text` that `pattern` matches. */
function codePointOf(text: string, pattern: RegExp): string {
  const found = pattern.exec(text)?.[0] ?? '';
  return `U+${found.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Shows a value in a message: strings JSON-quoted (so line breaks and control characters show as
 * escapes), invisible and bidi characters as `\uXXXX`, long strings shortened with their length.
 */
export function showValue(value: unknown): string {
  if (typeof value === 'string') {
    const quote = (text: string) =>
      JSON.stringify(text).replace(
        new RegExp(`${INVISIBLE.source}|[\u007f-\u009f\u2028\u2029]`, 'g'),
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      );
    return value.length > 128 ? `${quote(value.slice(0, 48))}... (${value.length} characters)` : quote(value);
  }
  if (value === undefined) return 'nothing';
  return JSON.stringify(value) ?? String(value);
}

export function problem(field: string, value: unknown, rule: string, example: string): Problem {
  return {
    field,
    value,
    rule,
    example,
    message: `\`${field}\` ${rule}, got ${showValue(value)}. Example: ${example}.`,
  };
}

const BUCKET_EXAMPLE = '"quartic-data-acme"';
const RESERVED_BUCKET_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_BUCKET_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/**
 * The S3 general purpose bucket naming rules, one problem per broken rule.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */
export function bucketNameProblems(field: string, name: unknown): Problem[] {
  if (typeof name !== 'string') return [problem(field, name, 'must be a string', BUCKET_EXAMPLE)];
  const found: Problem[] = [];
  const add = (rule: string) => found.push(problem(field, name, rule, BUCKET_EXAMPLE));
  if (name.length < 3 || name.length > 63) {
    add(`must be between 3 and 63 characters long (it has ${name.length})`);
  }
  if (!/^[a-z0-9.-]*$/.test(name)) {
    add('must contain only lowercase letters, digits, dots (.) and hyphens (-)');
  }
  // Case-insensitive: an uppercase letter is already reported by the character rule above.
  if (name.length > 0 && !/^[a-z0-9](.*[a-z0-9])?$/is.test(name)) {
    add('must start and end with a lowercase letter or a digit');
  }
  if (name.includes('..')) add('must not contain two adjacent dots (..)');
  if (/^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)) {
    add('must not be formatted as an IP address (like 192.168.5.4)');
  }
  const prefix = RESERVED_BUCKET_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) add(`must not start with the reserved prefix "${prefix}"`);
  const suffix = RESERVED_BUCKET_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) add(`must not end with the reserved suffix "${suffix}"`);
  return found;
}

const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

function tagProblems(tags: unknown, isUnresolved: (v: unknown) => boolean): Problem[] {
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) {
    return [problem('tags', tags, 'must be an object of tag keys to string values', '{ "team": "data" }')];
  }
  const found: Problem[] = [];
  const entries = Object.entries(tags as Record<string, unknown>);
  if (entries.length > 50) {
    found.push(problem('tags', `${entries.length} tags`, 'must have at most 50 tags', '{ "team": "data" }'));
  }
  // IAM refuses keys that differ only in case, at apply time and after the bucket exists: refuse them here.
  const lower = entries.map(([key]) => key.toLowerCase());
  for (const [i, [key]] of entries.entries()) {
    const first = lower.indexOf(lower[i] as string);
    if (first !== i) {
      found.push(
        problem(
          'tags',
          key,
          `keys must differ in more than case (IAM treats it as the key "${entries[first]?.[0]}" given again)`,
          '"team"',
        ),
      );
    }
  }
  for (const [key, value] of entries) {
    const keyExample = '"team"';
    if (key.length < 1 || key.length > 128) {
      found.push(
        problem(
          'tags',
          key,
          `keys must be 1 to 128 characters long (this one has ${key.length})`,
          keyExample,
        ),
      );
    }
    if (!TAG_CHARS.test(key)) {
      found.push(
        problem('tags', key, 'keys may contain only letters, digits, spaces and _ . : / = + - @', keyExample),
      );
    }
    if (key.toLowerCase().startsWith('aws:')) {
      found.push(problem('tags', key, 'keys must not start with the reserved prefix "aws:"', keyExample));
    }
    if (isUnresolved(value)) continue;
    const field = `tags.${key}`;
    if (typeof value !== 'string') {
      found.push(problem(field, value, 'must be a string', '"data-platform"'));
      continue;
    }
    if (value.length > 256) {
      found.push(
        problem(
          field,
          value,
          `must be at most 256 characters long (it has ${value.length})`,
          '"data-platform"',
        ),
      );
    }
    if (!TAG_CHARS.test(value)) {
      found.push(
        problem(
          field,
          value,
          'may contain only letters, digits, spaces and _ . : / = + - @',
          '"data-platform"',
        ),
      );
    }
  }
  return found;
}

const KMS_KEY_ARN =
  /^arn:aws:kms:([a-z0-9-]+):(\d{12}):key\/[0-9a-f-]{36}$|^arn:aws:kms:([a-z0-9-]+):(\d{12}):key\/mrk-[0-9a-f]{32}$/;

/** The AWS CLI reads a parameter that starts with one of these from the file or URL instead. */
const DEREFERENCED_PREFIXES = ['file://', 'fileb://', 'http://', 'https://'];

/**
 * Rules for every string that reaches a rendered output (Terraform JSON and HCL, bash, the AWS CLI), for
 * every field, present and future: the field's own rules come first; these hold whatever a field allows.
 * Line breaks and control characters cannot be rendered safely everywhere (cdktf's HCL output writes a
 * multi-line string as a heredoc), nor can `"` and `\\` (cdktf's HCL output writes them unescaped);
 * `${` and `%{` are Terraform template syntax; invisible and bidi characters make a value read as
 * something else; a `file://` or `https://` value is read by the AWS CLI from that file or URL, and a
 * value starting with `-` as an option.
 */
export function textProblems(field: string, value: string, example: string): Problem[] {
  const found: Problem[] = [];
  const add = (rule: string) => found.push(problem(field, value, rule, example));
  if (CONTROL.test(value)) {
    add(`must not contain line breaks or control characters (found ${codePointOf(value, CONTROL)})`);
  }
  if (INVISIBLE.test(value)) {
    add(`must not contain invisible or text-direction characters (found ${codePointOf(value, INVISIBLE)})`);
  }
  if (/["\\]/.test(value)) {
    add('must not contain `"` or `\\` (cdktf writes them unescaped into its HCL output)');
  }
  if (/[$%]\{/.test(value)) {
    add('must not contain `${` or `%{` (Terraform would evaluate it as a template)');
  }
  if (value.startsWith('-')) add('must not start with "-" (the AWS CLI would read it as an option)');
  const prefix = DEREFERENCED_PREFIXES.find((p) => value.trimStart().toLowerCase().startsWith(p));
  if (prefix !== undefined) {
    add(`must not start with "${prefix}" (the AWS CLI would read that file or URL instead of the text)`);
  }
  return found;
}

/** Every string of the options with its field name and an example for it: tag keys and values included. */
function stringFields(
  options: QuarticS3IntegrationOptions,
  isUnresolved: (value: unknown) => boolean,
): Array<[field: string, value: string]> {
  const found: Array<[string, string]> = [];
  const visit = (field: string, value: unknown): void => {
    if (isUnresolved(value)) return;
    if (typeof value === 'string') found.push([field, value]);
    else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value)) {
        if (field === 'tags') found.push(['tags', key]);
        visit(`${field}.${key}`, inner);
      }
    }
  };
  for (const [key, value] of Object.entries(options)) visit(key, value);
  return found;
}

/** A valid example per free-text field, for the generic rules' messages. */
const TEXT_EXAMPLES: Readonly<Record<string, string>> = {
  roleDescription: '"Quartic data platform access"',
  'accessLogging.targetPrefix': '"quartic-data/"',
  tags: '"team"',
};

/** The generic text rules for every string field that its own rules did not already fault. */
function renderSafetyProblems(
  options: QuarticS3IntegrationOptions,
  isUnresolved: (value: unknown) => boolean,
  faulted: ReadonlySet<string>,
): Problem[] {
  return stringFields(options, isUnresolved)
    .filter(([field]) => !faulted.has(field))
    .flatMap(([field, value]) => textProblems(field, value, TEXT_EXAMPLES[field] ?? '"data-platform"'));
}

/** Options that decide which resources are synthesized: a token cannot stand for them. */
const LITERAL_ONLY = [
  'accessLevel',
  'encryption',
  'existingBucket',
  'versioning',
  'allowBucketDestroy',
  'bucketGuardrails',
  'maxSessionDuration',
] as const satisfies readonly (keyof QuarticS3IntegrationOptions)[];

/** Options that are booleans; plain JavaScript can pass `'false'`, which would read as true. */
const BOOLEAN_OPTIONS = [
  'existingBucket',
  'versioning',
  'allowBucketDestroy',
  'bucketGuardrails',
] as const satisfies readonly (keyof QuarticS3IntegrationOptions)[];

const TOKEN_RULE =
  'must be a literal value, not a Terraform token (it decides which resources are synthesized)';

/** Tokens in literal-only options, and booleans that are not booleans. */
function kindProblems(
  options: QuarticS3IntegrationOptions,
  isUnresolved: (value: unknown) => boolean,
): Problem[] {
  const found: Problem[] = [];
  for (const field of LITERAL_ONLY) {
    if (options[field] !== undefined && isUnresolved(options[field])) {
      found.push(
        problem(field, '<unresolved token>', TOKEN_RULE, field === 'maxSessionDuration' ? '3600' : '"full"'),
      );
    }
  }
  for (const field of BOOLEAN_OPTIONS) {
    const value: unknown = options[field];
    if (value !== undefined && !isUnresolved(value) && typeof value !== 'boolean') {
      found.push(problem(field, value, 'must be true or false (a boolean)', 'true'));
    }
  }
  return found;
}

/** Validates every literal option and returns all problems and warnings. */
export function validateOptions(
  options: QuarticS3IntegrationOptions,
  validationOptions: ValidationOptions = {},
): ValidationResult {
  const isUnresolved = validationOptions.isUnresolved ?? (() => false);
  const problems: Problem[] = [];
  const warnings: Warning[] = [];
  const literal = (value: unknown) => value !== undefined && !isUnresolved(value);

  // bucketName
  if (options.bucketName === undefined || options.bucketName === '') {
    problems.push(problem('bucketName', options.bucketName, 'is required', BUCKET_EXAMPLE));
  } else if (literal(options.bucketName)) {
    problems.push(...bucketNameProblems('bucketName', options.bucketName));
    if (typeof options.bucketName === 'string' && options.bucketName.includes('.') && problems.length === 0) {
      warnings.push({
        field: 'bucketName',
        value: options.bucketName,
        message:
          `\`bucketName\` ${showValue(options.bucketName)} contains dots: virtual-hosted-style HTTPS requests fail ` +
          'certificate validation for it and S3 Transfer Acceleration cannot be enabled. It works with Quartic ' +
          '(path-style requests), but a name without dots, like "quartic-data-acme", avoids both limits.',
      });
    }
  }

  // region
  const regionExample = '"eu-west-2"';
  if (options.region === undefined || options.region === '') {
    problems.push(problem('region', options.region, 'is required', regionExample));
  } else if (isUnresolved(options.region)) {
    problems.push(
      problem(
        'region',
        '<unresolved token>',
        'must be a literal region code (it decides the ARN partition)',
        regionExample,
      ),
    );
  } else {
    const info = regionInfo(options.region);
    if (info.partition === undefined) {
      problems.push(problem('region', options.region, 'must be a known AWS region code', regionExample));
    } else if (info.partition !== COMMERCIAL_PARTITION) {
      problems.push(
        problem(
          'region',
          options.region,
          `must be in the commercial AWS partition (this region is in ${info.partitionName}, partition ` +
            `"${info.partition}"; Quartic's account is in the commercial partition and cannot assume a role ` +
            'across partitions)',
          regionExample,
        ),
      );
    } else if (info.optIn) {
      warnings.push({
        field: 'region',
        value: options.region,
        message:
          `\`region\` "${options.region}" is an opt-in region: enable it in your account (Account settings > ` +
          'AWS Regions) before deploying, or every API call there fails.',
      });
    }
  }

  // externalId
  const externalIdExample = '"q-3f9c2a7e-acme" (use the exact value Quartic sent you)';
  if (options.externalId === undefined || options.externalId === '') {
    problems.push(
      problem(
        'externalId',
        options.externalId,
        'is required: use the value Quartic sent you',
        externalIdExample,
      ),
    );
  } else if (literal(options.externalId)) {
    const v = options.externalId;
    if (typeof v !== 'string') {
      problems.push(problem('externalId', v, 'must be a string', externalIdExample));
    } else {
      if (v.length < 2 || v.length > 1224) {
        problems.push(
          problem(
            'externalId',
            v,
            `must be between 2 and 1224 characters long (it has ${v.length})`,
            externalIdExample,
          ),
        );
      }
      if (!/^[\w+=,.@:/-]*$/.test(v)) {
        problems.push(
          problem(
            'externalId',
            v,
            'may contain only letters, digits and _ + = , . @ : / - (no spaces)',
            externalIdExample,
          ),
        );
      }
    }
  }

  // roleName
  if (literal(options.roleName)) {
    const v = options.roleName as unknown;
    const example = '"quartic-access"';
    if (typeof v !== 'string') {
      problems.push(problem('roleName', v, 'must be a string', example));
    } else {
      if (v.length < 1 || v.length > 64) {
        problems.push(
          problem('roleName', v, `must be between 1 and 64 characters long (it has ${v.length})`, example),
        );
      }
      if (!/^[\w+=,.@-]*$/.test(v)) {
        problems.push(problem('roleName', v, 'may contain only letters, digits and _ + = , . @ -', example));
      }
    }
  }

  // trustedAccountId
  if (literal(options.trustedAccountId) && !/^\d{12}$/.test(String(options.trustedAccountId))) {
    problems.push(
      problem('trustedAccountId', options.trustedAccountId, 'must be exactly 12 digits', '"555071496850"'),
    );
  }

  // accessLevel
  if (
    options.accessLevel !== undefined &&
    !(typeof options.accessLevel === 'string' && isAccessLevel(options.accessLevel))
  ) {
    problems.push(
      problem(
        'accessLevel',
        options.accessLevel,
        `must be one of ${ACCESS_LEVELS.map((l) => `"${l}"`).join(', ')}`,
        '"read-write"',
      ),
    );
  }

  // maxSessionDuration
  if (options.maxSessionDuration !== undefined) {
    const v = options.maxSessionDuration;
    if (
      typeof v !== 'number' ||
      !Number.isInteger(v) ||
      v < MIN_SESSION_DURATION ||
      v > MAX_SESSION_DURATION
    ) {
      problems.push(
        problem(
          'maxSessionDuration',
          v,
          `must be a whole number of seconds from ${MIN_SESSION_DURATION} (1 hour) to ${MAX_SESSION_DURATION} (12 hours)`,
          '3600',
        ),
      );
    }
  }

  // roleDescription
  if (literal(options.roleDescription)) {
    const v = options.roleDescription as unknown;
    const example = '"Quartic data platform access"';
    if (typeof v !== 'string' || v.length > 1000) {
      problems.push(problem('roleDescription', v, 'must be a string of at most 1000 characters', example));
    } else if (!/^[\t\n\r\u0020-\u007E\u00A1-\u00FF]*$/.test(v)) {
      problems.push(problem('roleDescription', v, 'may contain only printable Latin-1 characters', example));
    }
  }

  // tags
  if (options.tags !== undefined && !isUnresolved(options.tags)) {
    problems.push(...tagProblems(options.tags, isUnresolved));
  }

  // encryption and kmsKeyArn
  if (options.encryption !== undefined && !ENCRYPTION_TYPES.includes(options.encryption)) {
    problems.push(problem('encryption', options.encryption, 'must be "SSE-S3" or "SSE-KMS"', '"SSE-KMS"'));
  }
  const keyExample = '"arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"';
  if (literal(options.kmsKeyArn)) {
    const v = options.kmsKeyArn as unknown;
    const match = typeof v === 'string' ? KMS_KEY_ARN.exec(v) : null;
    if (options.encryption !== 'SSE-KMS') {
      problems.push(problem('kmsKeyArn', v, 'can only be set with `encryption: "SSE-KMS"`', keyExample));
    }
    if (match === null) {
      problems.push(
        problem(
          'kmsKeyArn',
          v,
          'must be the ARN of a KMS key in the commercial partition (not an alias)',
          keyExample,
        ),
      );
    } else {
      const keyRegion = match[1] ?? match[3];
      if (
        typeof options.region === 'string' &&
        !isUnresolved(options.region) &&
        keyRegion !== options.region
      ) {
        problems.push(
          problem(
            'kmsKeyArn',
            v,
            `must be a key in the bucket's region "${options.region}" (S3 requires it)`,
            keyExample,
          ),
        );
      }
    }
  }

  // accessLogging
  if (options.accessLogging !== undefined && !isUnresolved(options.accessLogging)) {
    const target = options.accessLogging.targetBucket;
    if (literal(target)) {
      problems.push(...bucketNameProblems('accessLogging.targetBucket', target));
      if (target === options.bucketName) {
        problems.push(
          problem(
            'accessLogging.targetBucket',
            target,
            'must be a different bucket than `bucketName` (a bucket logging to itself logs its own log writes)',
            '"acme-s3-access-logs"',
          ),
        );
      }
    } else if (target === undefined) {
      problems.push(
        problem(
          'accessLogging.targetBucket',
          target,
          'is required when access logging is on',
          '"acme-s3-access-logs"',
        ),
      );
    }
    const prefix = options.accessLogging.targetPrefix;
    if (literal(prefix) && (typeof prefix !== 'string' || prefix.length > 1024)) {
      problems.push(
        problem(
          'accessLogging.targetPrefix',
          prefix,
          'must be a string of at most 1024 characters',
          '"quartic-data/"',
        ),
      );
    }
  }

  // existing bucket: bucket options would silently do nothing, so they are refused.
  if (options.existingBucket === true) {
    const bucketOnly: Array<[string, unknown]> = [
      ['versioning', options.versioning],
      ['accessLogging', options.accessLogging],
      ['allowBucketDestroy', options.allowBucketDestroy],
      ['bucketGuardrails', options.bucketGuardrails],
    ];
    for (const [field, value] of bucketOnly) {
      if (value !== undefined) {
        problems.push(
          problem(
            field,
            value,
            'cannot be set with `existingBucket: true` (the kit does not manage an existing bucket)',
            'leave it unset',
          ),
        );
      }
    }
    if (options.encryption === 'SSE-KMS' && options.kmsKeyArn === undefined) {
      problems.push(
        problem(
          'kmsKeyArn',
          undefined,
          'is required with `existingBucket: true` and `encryption: "SSE-KMS"` (the ARN of the key the bucket already uses)',
          keyExample,
        ),
      );
    }
  }

  // Only the options' own keys are walked (the construct's props also hold the provider).
  const faulted = new Set(problems.map((p) => p.field));
  problems.push(...renderSafetyProblems(optionsOnly(options), isUnresolved, faulted));

  // A field of the wrong kind (a token, a string for a boolean) reports that alone: its other rules
  // would only describe the token's placeholder text or number.
  const kinds = kindProblems(options, isUnresolved);
  const wrongKind = new Set(kinds.map((p) => p.field));
  return { problems: [...kinds, ...problems.filter((p) => !wrongKind.has(p.field))], warnings };
}

/** Formats problems as the multi-line message the construct throws and the example app prints. */
export function formatProblems(problems: readonly Problem[]): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return [
    `Invalid Quartic S3 integration configuration (${count}):`,
    ...problems.map((p) => `  - ${p.message}`),
  ].join('\n');
}

/** Thrown by the construct when the options break any rule; carries every problem. */
export class QuarticConfigError extends Error {
  constructor(public readonly problems: readonly Problem[]) {
    super(formatProblems(problems));
    this.name = 'QuarticConfigError';
  }
}
