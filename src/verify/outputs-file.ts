/**
 * Reads one integration's outputs out of the JSON that `cdktf output --outputs-file` writes (outputs nested
 * under the stack name and construct ids) or that `terraform output -json` prints (`{name: {value}}`).
 * Any object holding string `bucket_name`, `bucket_region` and `role_arn` counts, so the hand-off output
 * and the three single outputs both work. Beside them, the expected configuration (`quartic_expected`,
 * `ExpectedOutput` in src/core/handoff.ts): an object holding `max_session_duration` and
 * `bucket_guardrails`, for the same bucket. A file an older kit wrote has none; the caller says so.
 */
import { isAccessLevel } from '../core/access-levels';
import { ExpectedOutput, LOGGING_NOT_MANAGED, OUTPUT_IDS } from '../core/handoff';
import { showValue } from '../core/validation';

export interface OutputValues {
  readonly bucket: string;
  readonly region: string;
  readonly roleArn: string;
  /** The `quartic_expected` output, when the file has it. */
  readonly expected?: ExpectedOutput;
  /** Where the file holds it: its keys joined by dots (`quartic-s3.quartic.expected`, `quartic_expected`). */
  readonly expectedAt?: string;
}

/** `terraform output -json` wraps each value: `{sensitive, type, value}`. */
function unwrap(value: unknown): unknown {
  if (
    typeof value === 'object' &&
    value !== null &&
    'value' in value &&
    ('type' in value || 'sensitive' in value)
  ) {
    return (value as { value: unknown }).value;
  }
  return value;
}

type Handoff = Pick<OutputValues, 'bucket' | 'region' | 'roleArn'>;

interface Found {
  readonly handoffs: Map<string, Handoff>;
  /** Expected-configuration objects, by where they are. */
  readonly expected: Map<string, Record<string, unknown>>;
}

/** The keys that mark an object as an expected configuration. */
const EXPECTED_MARKERS = ['max_session_duration', 'bucket_guardrails'] as const;

function collect(node: unknown, found: Found, path: readonly string[] = []): void {
  const value = unwrap(node);
  if (typeof value !== 'object' || value === null || path.length > 20) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => collect(item, found, [...path, String(i)]));
    return;
  }
  const record = value as Record<string, unknown>;
  const bucket = unwrap(record[OUTPUT_IDS.bucketName]);
  const region = unwrap(record[OUTPUT_IDS.bucketRegion]);
  const roleArn = unwrap(record[OUTPUT_IDS.roleArn]);
  if (typeof bucket === 'string' && typeof region === 'string' && typeof roleArn === 'string') {
    found.handoffs.set(JSON.stringify([bucket, region, roleArn]), { bucket, region, roleArn });
  }
  if (EXPECTED_MARKERS.every((key) => key in record)) {
    found.expected.set(path.join('.'), record);
    return;
  }
  for (const [key, child] of Object.entries(record)) collect(child, found, [...path, key]);
}

/** The expected output read back, or the first thing wrong with it (named by its key). */
export function parseExpectedOutput(record: Readonly<Record<string, unknown>>): ExpectedOutput | string {
  const wrong = (key: string, rule: string) => `\`${key}\` must be ${rule}, got ${showValue(record[key])}`;
  const { bucket_name, access_level, versioning, lifecycle, bucket_guardrails, max_session_duration } =
    record;
  const logging = record.access_logging;
  const key = record.kms_key_arn;
  if (typeof bucket_name !== 'string') return wrong('bucket_name', 'a string');
  if (typeof access_level !== 'string' || !isAccessLevel(access_level))
    return wrong('access_level', 'an access level');
  for (const [name, flag] of Object.entries({ versioning, lifecycle, bucket_guardrails })) {
    if (typeof flag !== 'boolean') return wrong(name, 'true or false');
  }
  if (typeof max_session_duration !== 'number' || !Number.isInteger(max_session_duration))
    return wrong('max_session_duration', 'a whole number of seconds');
  const target = logging as { target_bucket?: unknown; target_prefix?: unknown } | undefined;
  const loggingValid =
    logging === undefined ||
    logging === LOGGING_NOT_MANAGED ||
    (typeof target === 'object' &&
      target !== null &&
      typeof target.target_bucket === 'string' &&
      typeof target.target_prefix === 'string');
  if (!loggingValid)
    return wrong(
      'access_logging',
      `absent, "${LOGGING_NOT_MANAGED}" or an object with string target_bucket and target_prefix`,
    );
  if (key !== undefined && typeof key !== 'string') return wrong('kms_key_arn', 'absent or a string');
  return record as unknown as ExpectedOutput;
}

/**
 * The one integration in the file, with its expected configuration when the file has it, or an error
 * message saying why there is not exactly one (or why its expected configuration cannot be read).
 */
export function outputsFromJson(json: unknown): OutputValues | string {
  const found: Found = { handoffs: new Map(), expected: new Map() };
  collect(json, found);
  if (found.handoffs.size === 0) {
    return `has no ${OUTPUT_IDS.bucketName}, ${OUTPUT_IDS.bucketRegion} and ${OUTPUT_IDS.roleArn} outputs (write it with \`npx cdktf output --outputs-file outputs.json\` after \`npx cdktf deploy\`)`;
  }
  if (found.handoffs.size > 1) {
    const buckets = [...found.handoffs.values()].map((v) => v.bucket).join(', ');
    return `holds several integrations (${buckets}); pass --bucket, --region and --role-arn instead`;
  }
  const handoff = [...found.handoffs.values()][0];
  if (found.expected.size === 0) return handoff;
  const mine = [...found.expected].filter(([, record]) => record.bucket_name === handoff.bucket);
  if (mine.length !== 1) {
    const where = [...found.expected.keys()].join(', ');
    return mine.length === 0
      ? `has an expected configuration (${where}) for another bucket than ${handoff.bucket}`
      : `has several expected configurations for ${handoff.bucket} (${where})`;
  }
  const [at, record] = mine[0];
  const expected = parseExpectedOutput(record);
  if (typeof expected === 'string')
    return `has an expected configuration (${at}) that cannot be read: ${expected}`;
  return { ...handoff, expected, expectedAt: at };
}
