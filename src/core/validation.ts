/**
 * Validation of every literal input, before anything is synthesized. A problem is data: a stable rule id,
 * the field, the value, the facts its message needs and a valid example. One formatter renders it for the
 * surface that reports it (`Surface`: the prop name in the construct, the variable or context key in the
 * example app, the flag in the verifier, the field label in the guide), from the message template of its
 * rule (`MESSAGES`). The rules: per-field rules as small named functions (`FIELD_RULES`), cross-field rules
 * as their own list (`CROSS_FIELD_RULES`), the text rules every string of every option must pass
 * (`textProblems`), and the kind rules (tokens where a literal is needed, non-booleans). All problems are
 * collected and reported together. Pure: the docs site runs the same rules in the browser.
 */
import { ACCESS_LEVELS, isAccessLevel } from './access-levels';
import { MAX_SESSION_DURATION, MIN_SESSION_DURATION } from './defaults';
import { BOOLEAN_OPTIONS, LITERAL_ONLY, OPTION_REGISTRY, optionSpec } from './option-registry';
import { ENCRYPTION_TYPES, optionsOnly, QuarticS3IntegrationOptions } from './options';
import { COMMERCIAL_PARTITION, regionInfo } from './regions';
import { unpairedSurrogate } from './render/text';

/** The facts a message is rendered from (lengths, limits, the character found, the other field's value). */
export type Facts = Readonly<Record<string, string | number>>;

/** How a surface names fields in its messages. */
export interface Surface {
  /** A field as the subject of a message, e.g. `` `bucketName` `` or `QUARTIC_BUCKET_NAME (bucketName)`. */
  readonly label: (field: string) => string;
  /** A field set to a value, inside a rule, e.g. `` `existingBucket: true` `` or `QUARTIC_EXISTING_BUCKET=true`. */
  readonly setting: (field: string, value: string | boolean) => string;
}

/** The construct's surface (and the library's): the prop names, as the code that sets them reads. */
export const CONSTRUCT_SURFACE: Surface = {
  label: (field) => `\`${field}\``,
  setting: (field, value) => `\`${field}: ${JSON.stringify(value)}\``,
};

type Template = (facts: Facts, surface: Surface) => string;

const TAG_CHARACTERS = 'letters, digits, spaces and _ . : / = + - @';

/** The values a choice allows, as a message lists them: `one of "a", "b", "c"`. */
export function oneOf(values: readonly string[]): string {
  return `one of ${values.map((v) => `"${v}"`).join(', ')}`;
}

/** The two integrations of a clash in one stack (facts `path` and `otherPath`: their construct paths). */
const bothInStack = (f: Facts) => `${f.path} and ${f.otherPath} in the same stack`;
const TOKEN_RULE =
  'must be a literal value, not a Terraform token (it decides which resources are synthesized)';

/**
 * The message template of every rule, by its stable id: the rule phrased to follow the field's label
 * ("`bucketName` must be ..."). The frame (", got <value>. Example: <example>.") is added by renderProblem.
 */
export const MESSAGES = {
  // Kind and presence
  required: () => 'is required',
  string: () => 'must be a string',
  object: () => 'must be an object',
  boolean: () => 'must be true or false (a boolean)',
  'literal.resources': () => TOKEN_RULE,
  'literal.partition': () => 'must be a literal region code (it decides the ARN partition)',
  // Bucket names (S3 general purpose bucket naming rules)
  'bucket-name.length': (f) => `must be between 3 and 63 characters long (it has ${f.length})`,
  'bucket-name.characters': () => 'must contain only lowercase letters, digits, dots (.) and hyphens (-)',
  'bucket-name.ends': () => 'must start and end with a lowercase letter or a digit',
  'bucket-name.adjacent-dots': () => 'must not contain two adjacent dots (..)',
  'bucket-name.ip-address': () => 'must not be formatted as an IP address (like 192.168.5.4)',
  'bucket-name.reserved-prefix': (f) => `must not start with the reserved prefix "${f.prefix}"`,
  'bucket-name.reserved-suffix': (f) => `must not end with the reserved suffix "${f.suffix}"`,
  // Region
  'region.unknown': () => 'must be a known AWS region code',
  'region.partition': (f) =>
    `must be in the commercial AWS partition (this region is in ${f.partitionName}, partition ` +
    `"${f.partition}"; Quartic's account is in the commercial partition and cannot assume a role ` +
    'across partitions)',
  // External ID, role, account
  'external-id.required': () => 'is required: use the value Quartic sent you',
  'external-id.length': (f) => `must be between 2 and 1224 characters long (it has ${f.length})`,
  'external-id.characters': () => 'may contain only letters, digits and _ + = , . @ : / - (no spaces)',
  'role-name.length': (f) => `must be between 1 and 64 characters long (it has ${f.length})`,
  'role-name.characters': () => 'may contain only letters, digits and _ + = , . @ -',
  'trusted-account-id.digits': () => 'must be exactly 12 digits',
  'access-level.choice': () => `must be ${oneOf(ACCESS_LEVELS)}`,
  'session-duration.range': () =>
    `must be a whole number of seconds from ${MIN_SESSION_DURATION} (1 hour) to ${MAX_SESSION_DURATION} (12 hours)`,
  'role-description.length': () => 'must be a string of at most 1000 characters',
  'role-description.characters': () => 'may contain only printable Latin-1 characters',
  // Tags
  'tags.object': () => 'must be an object of tag keys to string values',
  'tags.count': () => 'must have at most 50 tags',
  'tags.key-case': (f) =>
    `keys must differ in more than case (IAM treats it as the key "${f.first}" given again)`,
  'tags.key-length': (f) => `keys must be 1 to 128 characters long (this one has ${f.length})`,
  'tags.key-characters': () => `keys may contain only ${TAG_CHARACTERS}`,
  'tags.key-reserved-prefix': () => 'keys must not start with the reserved prefix "aws:"',
  'tags.value-length': (f) => `must be at most 256 characters long (it has ${f.length})`,
  'tags.value-characters': () => `may contain only ${TAG_CHARACTERS}`,
  // Encryption and key
  'encryption.choice': () => `must be ${ENCRYPTION_TYPES.map((t) => `"${t}"`).join(' or ')}`,
  'kms-key-arn.format': () => 'must be the ARN of a KMS key in the commercial partition (not an alias)',
  'kms-key-arn.needs-sse-kms': (_, s) => `can only be set with ${s.setting('encryption', 'SSE-KMS')}`,
  'kms-key-arn.region': (f) => `must be a key in the bucket's region "${f.region}" (S3 requires it)`,
  // Access logging
  'access-logging.target-required': () => 'is required when access logging is on',
  'access-logging.target-is-bucket': (_, s) =>
    `must be a different bucket than ${s.label('bucketName')} (a bucket logging to itself logs its own log writes)`,
  'access-logging.prefix-length': () => 'must be a string of at most 1024 characters',
  // An existing bucket
  'existing-bucket.bucket-option': (_, s) =>
    `cannot be set with ${s.setting('existingBucket', true)} (the kit does not manage an existing bucket)`,
  'existing-bucket.key-required': (_, s) =>
    `is required with ${s.setting('existingBucket', true)} and ${s.setting('encryption', 'SSE-KMS')} ` +
    '(the ARN of the key the bucket already uses)',
  // Every string that reaches a rendered output
  'text.control': (f) => `must not contain line breaks or control characters (found ${f.found})`,
  'text.invisible': (f) => `must not contain invisible or text-direction characters (found ${f.found})`,
  'text.unpaired-surrogate': (f) =>
    `must be well-formed Unicode text (found ${f.found}, half of a surrogate pair without the other half)`,
  'text.quote': () => 'must not contain `"` or `\\` (cdktf writes them unescaped into its HCL output)',
  'text.template': () => 'must not contain `${` or `%{` (Terraform would evaluate it as a template)',
  'text.dash': () => 'must not start with "-" (the AWS CLI would read it as an option)',
  'text.dereferenced': (f) =>
    `must not start with "${f.prefix}" (the AWS CLI would read that file or URL instead of the text)`,
  // Raw input of the example app and the verifier (src/core/option-registry.ts parsers, examples/strict-inputs.ts)
  'input.boolean': () => 'must be "true" or "false"',
  'input.tags-format': () => 'must be `key=value,key=value` or a JSON object of strings',
  'input.tags-repeated': (f) => `must name each key once (\`${f.key}\` is given twice)`,
  'input.unknown-name': (f) =>
    `is not ${f.what}${f.guess === undefined ? '' : ` (did you mean ${f.guess}?)`}`,
  // The provider passed to the construct (fact `region`: the integration's region)
  'provider.region': (f, s) =>
    `must be configured for the same region as ${s.label('region')} ("${f.region}")`,
  // Several integrations in one stack (src/integration-registry.ts; facts `path` and `otherPath`)
  'output-prefix.terraform-name': () =>
    'must be empty (the plain output names) or a literal Terraform name: a letter or underscore, then ' +
    'letters, digits, underscores or hyphens',
  'id.same-addresses': (f) =>
    `must give other Terraform names than the id of ${f.otherPath} ("${f.otherId}"): ${bothInStack(f)} ` +
    `would both name their resources ${f.addressPrefix}_*, and the second would silently replace the first`,
  'role-name.same-role': (f) =>
    `must differ from the role name of ${f.otherPath}: ${bothInStack(f)} would create the same IAM role ` +
    '(names are unique per account, ignoring case), so the second apply would fail',
  'bucket-name.same-bucket': (f, s) =>
    `must differ from the bucket of ${f.otherPath}: ${bothInStack(f)} would create the same S3 bucket ` +
    `(set ${s.setting('existingBucket', true)} on one of them if both should use it)`,
  'output-prefix.same-outputs': (f) =>
    `must give other output names than those of ${f.otherPath}: ${bothInStack(f)} would both write the ` +
    `outputs ${f.outputs}, and the second would silently replace the first`,
  'provider.second-default': (f) =>
    `must be passed when another integration in the stack has none: ${bothInStack(f)} would each create ` +
    "the stack's default AWS provider, which Terraform refuses",
  // Where the example app keeps its Terraform state (examples/state.ts; fact `backend`: a backend's name)
  'state.backend-choice': (f) => `must be ${f.choices}`,
  'state.required': (f, s) => `is required with ${s.setting('state.backend', String(f.backend))}`,
  'state.other-backend': (f, s) =>
    `is a setting of the ${f.backend} backend, but ${s.label('state.backend')} is "${f.chosen}" (it would ` +
    `be ignored; to use it, set ${s.setting('state.backend', String(f.backend))})`,
  'state.key-empty': () => 'must not be empty',
  'state.key-ends': () => 'must not start or end with a slash (/)',
  'state.key-adjacent-slashes': () => 'must not contain two adjacent slashes (//)',
  'state.name-characters': () => 'must contain only letters, digits, hyphens (-) and underscores (_)',
  'state.name-length': (f) => `must be at most ${f.max} characters long (it has ${f.length})`,
  'state.hostname': () => 'must be a host name, without https:// or a path',
} as const satisfies Readonly<Record<string, Template>>;

export type RuleId = keyof typeof MESSAGES;

export interface Problem {
  /** The stable id of the rule broken, e.g. `bucket-name.length`. */
  readonly ruleId: RuleId;
  /** The option at fault, e.g. `bucketName` or `tags.team`. */
  readonly field: string;
  readonly value: unknown;
  /** What the message says besides the field and the value (lengths, limits, the character found). */
  readonly facts: Facts;
  /** A valid value for the field. */
  readonly example: string;
  /** The rule as the construct words it, to follow "`field` ...", e.g. "must be between 3 and 63 ...". */
  readonly rule: string;
  /** The full sentence as the construct reports it (renderProblem words it for another surface). */
  readonly message: string;
}

/** The warning templates, by id: the whole sentence after the field's label. */
export const WARNINGS = {
  'bucket-name.dots': (f: Facts) =>
    `${f.shown} contains dots: virtual-hosted-style HTTPS requests fail certificate validation for it and ` +
    'S3 Transfer Acceleration cannot be enabled. It works with Quartic (path-style requests), but a name ' +
    'without dots, like "quartic-data-acme", avoids both limits.',
  'region.opt-in': (f: Facts) =>
    `"${f.region}" is an opt-in region: enable it in your account (Account settings > AWS Regions) before ` +
    'deploying, or every API call there fails.',
} as const;

export type WarningId = keyof typeof WARNINGS;

export interface Warning {
  readonly warningId: WarningId;
  readonly field: string;
  readonly value: unknown;
  readonly facts: Facts;
  /** As the construct reports it. */
  readonly message: string;
}

export interface ValidationResult {
  readonly problems: readonly Problem[];
  readonly warnings: readonly Warning[];
}

export interface ValidationOptions {
  /** Says whether a value is an unresolved token (cdktf's `Token.isUnresolved`); such values are skipped. */
  readonly isUnresolved?: (value: unknown) => boolean;
  /** The region of the AWS provider the construct was given, if it was given one (may be a token). */
  readonly providerRegion?: string;
}

/**
 * Characters that change how text reads without being seen: Unicode's format characters (zero-width and
 * bidi controls, BOM, soft hyphen, tag characters) and its default-ignorable code points (variation
 * selectors, Hangul fillers, the combining grapheme joiner), by property so a newer Unicode version's
 * additions are covered too.
 */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/u;

/** Line breaks and control characters (C0, DEL, C1, and Unicode's line and paragraph separators). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** `U+202E` for the character `char` (its first code point). */
function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** `U+202E` for the first character of `text` that `pattern` matches. */
function codePointOf(text: string, pattern: RegExp): string {
  return codePoint(pattern.exec(text)?.[0] ?? '');
}

/**
 * Shows a value in a message: strings JSON-quoted (so line breaks and control characters show as
 * escapes), invisible and bidi characters as `\uXXXX`, long strings shortened with their length.
 */
export function showValue(value: unknown): string {
  if (typeof value === 'string') {
    const quote = (text: string) =>
      JSON.stringify(text).replace(
        new RegExp(`${INVISIBLE.source}|[\u007f-\u009f\u2028\u2029]`, 'gu'),
        (c) => {
          const code = c.codePointAt(0) ?? 0;
          return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
        },
      );
    return value.length > 128 ? `${quote(value.slice(0, 48))}... (${value.length} characters)` : quote(value);
  }
  if (value === undefined) return 'nothing';
  return JSON.stringify(value) ?? String(value);
}

/** The rule of a problem as `surface` words it. */
export function renderRule(p: Pick<Problem, 'ruleId' | 'facts'>, surface: Surface): string {
  return (MESSAGES[p.ruleId] as Template)(p.facts, surface);
}

/** The full sentence of a problem as `surface` reports it. */
export function renderProblem(
  p: Pick<Problem, 'ruleId' | 'facts' | 'field' | 'value' | 'example'>,
  surface: Surface,
): string {
  return `${surface.label(p.field)} ${renderRule(p, surface)}, got ${showValue(p.value)}. Example: ${p.example}.`;
}

/** The full sentence of a warning as `surface` reports it. */
export function renderWarning(w: Pick<Warning, 'warningId' | 'facts' | 'field'>, surface: Surface): string {
  return `${surface.label(w.field)} ${WARNINGS[w.warningId](w.facts)}`;
}

/** A problem of rule `ruleId`, with its construct wording. */
export function ruleProblem(
  ruleId: RuleId,
  field: string,
  value: unknown,
  example: string,
  facts: Facts = {},
): Problem {
  const data = { ruleId, field, value, facts, example };
  return {
    ...data,
    rule: renderRule(data, CONSTRUCT_SURFACE),
    message: renderProblem(data, CONSTRUCT_SURFACE),
  };
}

function warning(warningId: WarningId, field: string, value: unknown, facts: Facts): Warning {
  const data = { warningId, field, value, facts };
  return { ...data, message: renderWarning(data, CONSTRUCT_SURFACE) };
}

/** A valid example of a field, as validation messages show it (JSON-quoted; numbers bare). */
function exampleOf(field: keyof typeof OPTION_REGISTRY): string {
  const spec = optionSpec(field);
  return spec.kind === 'seconds' || spec.kind === 'boolean' ? spec.example : JSON.stringify(spec.example);
}

const BUCKET_EXAMPLE = exampleOf('bucketName');
const RESERVED_BUCKET_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_BUCKET_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/**
 * The S3 general purpose bucket naming rules, one problem per broken rule.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */
export function bucketNameProblems(field: string, name: unknown, example = BUCKET_EXAMPLE): Problem[] {
  if (typeof name !== 'string') return [ruleProblem('string', field, name, example)];
  const found: Problem[] = [];
  const add = (ruleId: RuleId, facts?: Facts) => found.push(ruleProblem(ruleId, field, name, example, facts));
  if (name.length < 3 || name.length > 63) add('bucket-name.length', { length: name.length });
  if (!/^[a-z0-9.-]*$/.test(name)) add('bucket-name.characters');
  // Case-insensitive: an uppercase letter is already reported by the character rule above.
  if (name.length > 0 && !/^[a-z0-9](.*[a-z0-9])?$/is.test(name)) add('bucket-name.ends');
  if (name.includes('..')) add('bucket-name.adjacent-dots');
  if (/^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)) add('bucket-name.ip-address');
  const prefix = RESERVED_BUCKET_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) add('bucket-name.reserved-prefix', { prefix });
  const suffix = RESERVED_BUCKET_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) add('bucket-name.reserved-suffix', { suffix });
  return found;
}

const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TAGS_EXAMPLE = '{ "team": "data" }';
const TAG_KEY_EXAMPLE = '"team"';
const TAG_VALUE_EXAMPLE = '"data-platform"';

function tagProblems(tags: unknown, isUnresolved: (v: unknown) => boolean): Problem[] {
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) {
    return [ruleProblem('tags.object', 'tags', tags, TAGS_EXAMPLE)];
  }
  const found: Problem[] = [];
  const entries = Object.entries(tags as Record<string, unknown>);
  if (entries.length > 50) {
    found.push(ruleProblem('tags.count', 'tags', `${entries.length} tags`, TAGS_EXAMPLE));
  }
  // IAM refuses keys that differ only in case, at apply time and after the bucket exists: refuse them here.
  const lower = entries.map(([key]) => key.toLowerCase());
  for (const [i, [key]] of entries.entries()) {
    const first = lower.indexOf(lower[i] as string);
    if (first !== i) {
      found.push(
        ruleProblem('tags.key-case', 'tags', key, TAG_KEY_EXAMPLE, { first: entries[first]?.[0] ?? '' }),
      );
    }
  }
  for (const [key, value] of entries) {
    const keyProblem = (ruleId: RuleId, facts?: Facts) =>
      found.push(ruleProblem(ruleId, 'tags', key, TAG_KEY_EXAMPLE, facts));
    if (key.length < 1 || key.length > 128) keyProblem('tags.key-length', { length: key.length });
    if (!TAG_CHARS.test(key)) keyProblem('tags.key-characters');
    if (key.toLowerCase().startsWith('aws:')) keyProblem('tags.key-reserved-prefix');
    if (isUnresolved(value)) continue;
    const field = `tags.${key}`;
    if (typeof value !== 'string') {
      found.push(ruleProblem('string', field, value, TAG_VALUE_EXAMPLE));
      continue;
    }
    if (value.length > 256) {
      found.push(ruleProblem('tags.value-length', field, value, TAG_VALUE_EXAMPLE, { length: value.length }));
    }
    if (!TAG_CHARS.test(value))
      found.push(ruleProblem('tags.value-characters', field, value, TAG_VALUE_EXAMPLE));
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
  const add = (ruleId: RuleId, facts?: Facts) =>
    found.push(ruleProblem(ruleId, field, value, example, facts));
  if (CONTROL.test(value)) add('text.control', { found: codePointOf(value, CONTROL) });
  if (INVISIBLE.test(value)) add('text.invisible', { found: codePointOf(value, INVISIBLE) });
  const surrogate = unpairedSurrogate(value);
  if (surrogate !== undefined) add('text.unpaired-surrogate', { found: codePoint(surrogate) });
  if (/["\\]/.test(value)) add('text.quote');
  if (/[$%]\{/.test(value)) add('text.template');
  if (value.startsWith('-')) add('text.dash');
  const prefix = DEREFERENCED_PREFIXES.find((p) => value.trimStart().toLowerCase().startsWith(p));
  if (prefix !== undefined) add('text.dereferenced', { prefix });
  return found;
}

/** Every string of the options with its field name: tag keys and values included. */
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
function textExampleOf(field: string): string {
  if (field === 'tags') return TAG_KEY_EXAMPLE;
  return field in OPTION_REGISTRY ? exampleOf(field as keyof typeof OPTION_REGISTRY) : TAG_VALUE_EXAMPLE;
}

/** The generic text rules for every string field that its own rules did not already fault. */
function renderSafetyProblems(
  options: QuarticS3IntegrationOptions,
  isUnresolved: (value: unknown) => boolean,
  faulted: ReadonlySet<string>,
): Problem[] {
  return stringFields(options, isUnresolved)
    .filter(([field]) => !faulted.has(field))
    .flatMap(([field, value]) => textProblems(field, value, textExampleOf(field)));
}

/** Tokens in literal-only options (src/core/option-registry.ts `literalOnly`), and booleans that are not booleans. */
function kindProblems(
  options: QuarticS3IntegrationOptions,
  isUnresolved: (value: unknown) => boolean,
): Problem[] {
  const found: Problem[] = [];
  for (const [field, reason] of LITERAL_ONLY) {
    if (options[field] !== undefined && isUnresolved(options[field])) {
      const spec = optionSpec(field as keyof typeof OPTION_REGISTRY);
      // The default is the literal most readers mean; an option without one shows its example.
      const example = JSON.stringify(spec.defaultValue ?? spec.example);
      found.push(ruleProblem(`literal.${reason}`, field, '<unresolved token>', example));
    }
  }
  for (const field of BOOLEAN_OPTIONS) {
    const value: unknown = options[field];
    if (value !== undefined && !isUnresolved(value) && typeof value !== 'boolean') {
      found.push(ruleProblem('boolean', field, value, 'true'));
    }
  }
  return found;
}

/** What a rule sees: the options, and whether a value is a literal to check. */
interface RuleInput {
  readonly options: QuarticS3IntegrationOptions;
  readonly isUnresolved: (value: unknown) => boolean;
  /** Set and not a token. */
  readonly literal: (value: unknown) => boolean;
  /** The region of the provider the construct was given (ValidationOptions). */
  readonly providerRegion?: string;
}

type FieldRule = (input: RuleInput) => Problem[];

const REGION_EXAMPLE = exampleOf('region');
const EXTERNAL_ID_EXAMPLE = `${exampleOf('externalId')} (use the exact value Quartic sent you)`;
const KMS_KEY_EXAMPLE = exampleOf('kmsKeyArn');
const LOG_BUCKET_EXAMPLE = exampleOf('accessLogging.targetBucket');

const empty = (value: unknown) => value === undefined || value === '';

function bucketNameRule({ options, literal }: RuleInput): Problem[] {
  if (empty(options.bucketName))
    return [ruleProblem('required', 'bucketName', options.bucketName, BUCKET_EXAMPLE)];
  return literal(options.bucketName) ? bucketNameProblems('bucketName', options.bucketName) : [];
}

function regionRule({ options, literal }: RuleInput): Problem[] {
  if (empty(options.region)) return [ruleProblem('required', 'region', options.region, REGION_EXAMPLE)];
  // A token is the kind rule's (it decides the partition).
  if (!literal(options.region)) return [];
  const info = regionInfo(options.region);
  if (info.partition === undefined)
    return [ruleProblem('region.unknown', 'region', options.region, REGION_EXAMPLE)];
  if (info.partition !== COMMERCIAL_PARTITION) {
    return [
      ruleProblem('region.partition', 'region', options.region, REGION_EXAMPLE, {
        partitionName: info.partitionName ?? '',
        partition: info.partition,
      }),
    ];
  }
  return [];
}

function externalIdRule({ options, literal }: RuleInput): Problem[] {
  const v = options.externalId as unknown;
  if (empty(v)) return [ruleProblem('external-id.required', 'externalId', v, EXTERNAL_ID_EXAMPLE)];
  if (!literal(v)) return [];
  if (typeof v !== 'string') return [ruleProblem('string', 'externalId', v, EXTERNAL_ID_EXAMPLE)];
  const found: Problem[] = [];
  if (v.length < 2 || v.length > 1224) {
    found.push(ruleProblem('external-id.length', 'externalId', v, EXTERNAL_ID_EXAMPLE, { length: v.length }));
  }
  if (!/^[\w+=,.@:/-]*$/.test(v))
    found.push(ruleProblem('external-id.characters', 'externalId', v, EXTERNAL_ID_EXAMPLE));
  return found;
}

function roleNameRule({ options, literal }: RuleInput): Problem[] {
  const v = options.roleName as unknown;
  if (!literal(v)) return [];
  const example = exampleOf('roleName');
  if (typeof v !== 'string') return [ruleProblem('string', 'roleName', v, example)];
  const found: Problem[] = [];
  if (v.length < 1 || v.length > 64) {
    found.push(ruleProblem('role-name.length', 'roleName', v, example, { length: v.length }));
  }
  if (!/^[\w+=,.@-]*$/.test(v)) found.push(ruleProblem('role-name.characters', 'roleName', v, example));
  return found;
}

function trustedAccountIdRule({ options, literal }: RuleInput): Problem[] {
  const v = options.trustedAccountId;
  return literal(v) && !/^\d{12}$/.test(String(v))
    ? [ruleProblem('trusted-account-id.digits', 'trustedAccountId', v, exampleOf('trustedAccountId'))]
    : [];
}

function accessLevelRule({ options }: RuleInput): Problem[] {
  const v = options.accessLevel as unknown;
  return v !== undefined && !(typeof v === 'string' && isAccessLevel(v))
    ? [ruleProblem('access-level.choice', 'accessLevel', v, exampleOf('accessLevel'))]
    : [];
}

function maxSessionDurationRule({ options }: RuleInput): Problem[] {
  const v = options.maxSessionDuration as unknown;
  if (v === undefined) return [];
  const valid =
    typeof v === 'number' && Number.isInteger(v) && v >= MIN_SESSION_DURATION && v <= MAX_SESSION_DURATION;
  // The token rule's example (the default), not the README's: a reader asked for a session length.
  return valid
    ? []
    : [ruleProblem('session-duration.range', 'maxSessionDuration', v, String(MIN_SESSION_DURATION))];
}

function roleDescriptionRule({ options, literal }: RuleInput): Problem[] {
  const v = options.roleDescription as unknown;
  if (!literal(v)) return [];
  const example = exampleOf('roleDescription');
  if (typeof v !== 'string' || v.length > 1000)
    return [ruleProblem('role-description.length', 'roleDescription', v, example)];
  return /^[\t\n\r\u0020-\u007E\u00A1-\u00FF]*$/.test(v)
    ? []
    : [ruleProblem('role-description.characters', 'roleDescription', v, example)];
}

function tagsRule({ options, isUnresolved }: RuleInput): Problem[] {
  return options.tags !== undefined && !isUnresolved(options.tags)
    ? tagProblems(options.tags, isUnresolved)
    : [];
}

function encryptionRule({ options }: RuleInput): Problem[] {
  return options.encryption !== undefined && !ENCRYPTION_TYPES.includes(options.encryption)
    ? [ruleProblem('encryption.choice', 'encryption', options.encryption, exampleOf('encryption'))]
    : [];
}

function kmsKeyArnRule({ options, literal }: RuleInput): Problem[] {
  const v = options.kmsKeyArn as unknown;
  return literal(v) && !(typeof v === 'string' && KMS_KEY_ARN.test(v))
    ? [ruleProblem('kms-key-arn.format', 'kmsKeyArn', v, KMS_KEY_EXAMPLE)]
    : [];
}

function accessLoggingRule({ options, isUnresolved, literal }: RuleInput): Problem[] {
  if (options.accessLogging === undefined || isUnresolved(options.accessLogging)) return [];
  const found: Problem[] = [];
  const target = options.accessLogging.targetBucket;
  if (literal(target)) found.push(...bucketNameProblems('accessLogging.targetBucket', target));
  else if (target === undefined) {
    found.push(
      ruleProblem('access-logging.target-required', 'accessLogging.targetBucket', target, LOG_BUCKET_EXAMPLE),
    );
  }
  const prefix = options.accessLogging.targetPrefix as unknown;
  if (literal(prefix) && (typeof prefix !== 'string' || prefix.length > 1024)) {
    found.push(
      ruleProblem(
        'access-logging.prefix-length',
        'accessLogging.targetPrefix',
        prefix,
        exampleOf('accessLogging.targetPrefix'),
      ),
    );
  }
  return found;
}

/** Each field's own rules, in the order their problems are reported. */
export const FIELD_RULES: readonly FieldRule[] = [
  bucketNameRule,
  regionRule,
  externalIdRule,
  roleNameRule,
  trustedAccountIdRule,
  accessLevelRule,
  maxSessionDurationRule,
  roleDescriptionRule,
  tagsRule,
  encryptionRule,
  kmsKeyArnRule,
  accessLoggingRule,
];

/** A rule over several fields: the id of the rule it reports, and its check of the fields together. */
export interface CrossFieldRule {
  readonly id: RuleId;
  readonly check: FieldRule;
}

/** The options an existing bucket makes meaningless: the kit does not manage that bucket. */
const BUCKET_ONLY_OPTIONS = [
  'versioning',
  'accessLogging',
  'allowBucketDestroy',
  'bucketGuardrails',
] as const;

/** Rules between fields, each apart from the fields' own rules. */
export const CROSS_FIELD_RULES: readonly CrossFieldRule[] = [
  {
    id: 'kms-key-arn.needs-sse-kms',
    check: ({ options, literal }) =>
      literal(options.kmsKeyArn) && options.encryption !== 'SSE-KMS'
        ? [ruleProblem('kms-key-arn.needs-sse-kms', 'kmsKeyArn', options.kmsKeyArn, KMS_KEY_EXAMPLE)]
        : [],
  },
  {
    id: 'kms-key-arn.region',
    check: ({ options, literal }) => {
      const match = literal(options.kmsKeyArn) ? KMS_KEY_ARN.exec(String(options.kmsKeyArn)) : null;
      const keyRegion = match?.[1] ?? match?.[3];
      return match !== null &&
        typeof options.region === 'string' &&
        literal(options.region) &&
        keyRegion !== options.region
        ? [
            ruleProblem('kms-key-arn.region', 'kmsKeyArn', options.kmsKeyArn, KMS_KEY_EXAMPLE, {
              region: options.region,
            }),
          ]
        : [];
    },
  },
  {
    id: 'access-logging.target-is-bucket',
    check: ({ options, literal }) => {
      const target = options.accessLogging?.targetBucket;
      return literal(options.accessLogging) && literal(target) && target === options.bucketName
        ? [
            ruleProblem(
              'access-logging.target-is-bucket',
              'accessLogging.targetBucket',
              target,
              LOG_BUCKET_EXAMPLE,
            ),
          ]
        : [];
    },
  },
  {
    id: 'existing-bucket.bucket-option',
    check: ({ options }) =>
      options.existingBucket === true
        ? BUCKET_ONLY_OPTIONS.filter((field) => options[field] !== undefined).map((field) =>
            ruleProblem('existing-bucket.bucket-option', field, options[field], 'leave it unset'),
          )
        : [],
  },
  {
    id: 'existing-bucket.key-required',
    check: ({ options }) =>
      options.existingBucket === true && options.encryption === 'SSE-KMS' && options.kmsKeyArn === undefined
        ? [ruleProblem('existing-bucket.key-required', 'kmsKeyArn', undefined, KMS_KEY_EXAMPLE)]
        : [],
  },
  {
    id: 'provider.region',
    check: ({ options, literal, providerRegion }) =>
      literal(providerRegion) && providerRegion !== options.region
        ? [
            ruleProblem(
              'provider.region',
              'provider',
              providerRegion,
              `new AwsProvider(this, 'aws', { region: '${options.region}' })`,
              { region: options.region },
            ),
          ]
        : [],
  },
];

/** The warnings: allowed values with a limit the reader should know. */
function warningsOf({ options, literal }: RuleInput, problems: readonly Problem[]): Warning[] {
  const found: Warning[] = [];
  const name = options.bucketName as unknown;
  if (
    literal(name) &&
    typeof name === 'string' &&
    name.includes('.') &&
    !problems.some((p) => p.field === 'bucketName')
  ) {
    found.push(warning('bucket-name.dots', 'bucketName', name, { shown: showValue(name) }));
  }
  const region = options.region as unknown;
  if (
    literal(region) &&
    typeof region === 'string' &&
    !empty(region) &&
    regionInfo(region).partition === COMMERCIAL_PARTITION &&
    regionInfo(region).optIn
  ) {
    found.push(warning('region.opt-in', 'region', region, { region }));
  }
  return found;
}

/** Validates every literal option and returns all problems and warnings. */
export function validateOptions(
  options: QuarticS3IntegrationOptions,
  validationOptions: ValidationOptions = {},
): ValidationResult {
  const isUnresolved = validationOptions.isUnresolved ?? (() => false);
  const input: RuleInput = {
    options,
    isUnresolved,
    literal: (v) => v !== undefined && !isUnresolved(v),
    providerRegion: validationOptions.providerRegion,
  };
  const own = FIELD_RULES.flatMap((rule) => rule(input));
  const problems = [...own, ...CROSS_FIELD_RULES.flatMap((rule) => rule.check(input))];

  // Only the options' own keys are walked (the construct's props also hold the provider).
  const faulted = new Set(problems.map((p) => p.field));
  problems.push(...renderSafetyProblems(optionsOnly(options), isUnresolved, faulted));

  // A field of the wrong kind (a token, a string for a boolean) reports that alone: its other rules
  // would only describe the token's placeholder text or number.
  const kinds = kindProblems(options, isUnresolved);
  const wrongKind = new Set(kinds.map((p) => p.field));
  return {
    problems: [...kinds, ...problems.filter((p) => !wrongKind.has(p.field))],
    warnings: warningsOf(input, own),
  };
}

/** Formats problems as the multi-line message the construct throws and the example app prints. */
export function formatProblems(problems: readonly Problem[], surface: Surface = CONSTRUCT_SURFACE): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return [
    `Invalid Quartic S3 integration configuration (${count}):`,
    ...problems.map((p) => `  - ${surface === CONSTRUCT_SURFACE ? p.message : renderProblem(p, surface)}`),
  ].join('\n');
}

/** Thrown by the construct when the options break any rule; carries every problem. */
export class QuarticConfigError extends Error {
  constructor(public readonly problems: readonly Problem[]) {
    super(formatProblems(problems));
    this.name = 'QuarticConfigError';
  }
}
