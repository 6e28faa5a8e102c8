/**
 * Command-line parsing for `quartic-s3 verify`. Inputs come from flags or from an outputs file (flags
 * win); they are validated with the library's own rules, so a bad bucket name reads the same here as
 * in the construct, with the flag as the field's label. The flags of options are the option registry's
 * (src/core/option-registry.ts `flag`); the verifier's own flags are listed in `parse`.
 */
import { parseArgs, ParseArgsConfig } from 'node:util';
import { ACCESS_LEVELS, AccessLevel } from '../core/access-levels';
import { ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS, QUARTIC_ACCOUNT_ID } from '../core/defaults';
import { LOGGING_NOT_MANAGED, OUTPUT_IDS } from '../core/handoff';
import {
  defaultLogPrefix,
  defaultOf,
  OPTION_SPECS,
  OptionField,
  parseOption,
  PARSERS,
  registryFieldOf,
} from '../core/option-registry';
import {
  CONSTRUCT_SURFACE,
  renderProblem,
  ruleProblem,
  showValue,
  Surface,
  validateOptions,
} from '../core/validation';
import { parseRoleArn } from './arn';
import { checkHelpLines } from './catalog';
import { DEFAULT_EXPECTED, ExpectedConfiguration } from './expected';
import { exitCodeTable } from './failures';
import { OutputValues, outputsFromJson } from './outputs-file';
import { VerifyInputs } from './types';

export const DEFAULT_PREFIX = 'quartic-verify/';

export type ParsedCommand =
  | { readonly kind: 'help' }
  | {
      readonly kind: 'verify';
      readonly inputs: VerifyInputs;
      readonly json: boolean;
      /**
       * What the run says before its checks: where the expected configuration came from (customer mode),
       * and every flag that differs from the outputs file.
       */
      readonly notes: readonly string[];
    }
  | { readonly kind: 'usage-error'; readonly problems: readonly string[]; readonly json: boolean };

export const HELP = `Usage: quartic-s3 verify [options]

Checks the S3 bucket and IAM role set up for Quartic, and prints the values to send Quartic.

Modes:
  (default)        Customer mode, with your own AWS credentials (default credential chain: AWS_PROFILE,
                   environment, SSO, instance role). Reads back the bucket, its policy and key, and the
                   role, and compares them with what the kit builds for the same inputs: what grants or
                   protects first, then the settings of the expected configuration (below). Ends with
                   the hand-off block.
  --assume         Quartic mode, with Quartic's credentials: assumes the role with the external ID
                   through the regional STS endpoint, then puts, lists, gets and deletes a uniquely
                   named canary object under --prefix, reporting each step.

Inputs (a flag wins over the value read from --from-outputs; the run prints a NOTE for each that differs):
  --bucket NAME            bucket name (output bucket_name)
  --region REGION          bucket region, e.g. eu-west-2 (output bucket_region)
  --role-arn ARN           ARN of the role Quartic assumes (output role_arn)
  --external-id ID         the external ID Quartic gave you (required: it is not a Terraform output)
  --from-outputs FILE      JSON written by \`npx cdktf output --outputs-file FILE\` or \`terraform output -json\`:
                           the hand-off values, and the expected configuration and access level from the
                           integration's ${OUTPUT_IDS.expected} output (a file without it: the defaults below)
  --access-level LEVEL     ${ACCESS_LEVELS.join(' | ')} (default: access_level of ${OUTPUT_IDS.expected}; without
                           it, accept whichever level the policy matches)
  --trusted-account-id ID  account the role must trust (default ${QUARTIC_ACCOUNT_ID}, Quartic)
  --prefix PREFIX          key prefix of the canary object in --assume mode (default ${DEFAULT_PREFIX})
  --endpoint-url URL       send every AWS call to URL (a local AWS-compatible endpoint)

Expected configuration (customer mode): the ${OUTPUT_IDS.expected} output of --from-outputs, which the kit
writes from what it deployed; a flag given wins. Without that output, each default is what the kit deploys
when the option is left out, and the run says the expected configuration came from the defaults.
  --versioning BOOL        true: versioning must be Enabled (default); false: not required
  --lifecycle BOOL         true: the rule aborting incomplete multipart uploads after ${ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS} days must
                           cover the bucket (default); false: not required (a bucket the kit does not manage)
  --guardrails BOOL        true: the bucket policy must deny the role what would weaken the bucket (the kit's
                           bucketGuardrails, default); false: not required
  --max-session-duration SECONDS
                           the role's maximum session duration (default ${DEFAULT_EXPECTED.max_session_duration})
  --log-bucket NAME        server access logs must go to NAME (default: logging must be off)
  --log-prefix PREFIX      ... under PREFIX (default <bucket>/; needs --log-bucket)
  --kms-key-arn ARN        the bucket encrypts with your own key ARN (kmsKeyArn). Its policy may grant
                           others, but no statement may allow "*" unless a condition pins the caller's
                           account, organization or ARN. Without it, an SSE-KMS bucket's key is the kit's,
                           whose policy must grant only your account root and the role, as the kit writes it.

Output:
  --json                   print one JSON document (the report) on stdout; progress goes to stderr
  -h, --help               show this help

Checks, in the order they run (a check whose need failed is skipped, and says why):
${checkHelpLines().join('\n')}

Exit codes (when several checks fail, the first failing check decides):
${exitCodeTable()}

Examples:
  npx cdktf output quartic-s3 --outputs-file outputs.json
  quartic-s3 verify --from-outputs outputs.json --external-id <id from Quartic>
  quartic-s3 verify --bucket quartic-data-acme --region eu-west-2 \\
    --role-arn arn:aws:iam::123456789012:role/quartic-access --external-id <id> --assume
`;

/** The verifier's flag of each option that has one (`bucketName` -> `--bucket`), from the registry. */
const FLAGS: ReadonlyMap<OptionField, `--${string}`> = new Map(
  OPTION_SPECS.flatMap((s) => (s.flag === undefined ? [] : [[s.field, s.flag] as const])),
);

/** The verifier's surface: a field is named by its flag, as the user typed it. */
export const VERIFY_SURFACE: Surface = {
  label: (field) => {
    const own = registryFieldOf(field);
    const flag = own === undefined ? undefined : FLAGS.get(own);
    return flag === undefined ? CONSTRUCT_SURFACE.label(field) : `\`${flag}\``;
  },
  setting: (field, value) => {
    const flag = FLAGS.get(field as OptionField);
    return flag === undefined ? CONSTRUCT_SURFACE.setting(field, value) : `\`${flag} ${String(value)}\``;
  },
};

/**
 * A `true` / `false` flag (as the example app's QUARTIC_* variables take them), read with the registry's
 * boolean parser; undefined when not given (or invalid: the problem is pushed). `field` is the option the
 * flag sets, or the flag itself when it sets none; `example` is the valid value the problem shows.
 */
function parseBool(
  field: string,
  raw: string | undefined,
  example: boolean,
  problems: string[],
): boolean | undefined {
  if (raw === undefined) return undefined;
  const parsed = PARSERS.boolean(raw);
  if ('value' in parsed) return parsed.value as boolean;
  problems.push(renderProblem(ruleProblem(parsed.ruleId, field, raw, String(example)), VERIFY_SURFACE));
  return undefined;
}

/** What the outputs file says of one value (undefined: it says nothing, so no flag can differ from it). */
interface FileValue<T> {
  readonly value: T | undefined;
  /** As a note names it: `bucket_region "eu-west-1" in outputs.json`. */
  readonly shown: string;
}

/** A flag as it was typed, for a note. */
const typed = (flag: string, raw: unknown) => `\`${flag} ${String(raw)}\``;

export function parseCommand(argv: readonly string[], readFile: (path: string) => string): ParsedCommand {
  const json = argv.includes('--json');
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    return { kind: 'usage-error', problems: [error instanceof Error ? error.message : String(error)], json };
  }
  const { values, positionals } = parsed;
  if (values.help === true || positionals[0] === 'help') return { kind: 'help' };
  // Every flag but --assume, --json and --help takes a string.
  const text = (name: string) => values[name] as string | undefined;
  const flagOf = (field: OptionField) => FLAGS.get(field) as string;
  const flagValue = (field: OptionField) => text(flagOf(field).slice(2));
  const problems: string[] = [];
  if (positionals.length === 0) problems.push('missing command: run `quartic-s3 verify [options]`');
  else if (positionals[0] !== 'verify')
    problems.push(`unknown command "${positionals[0]}": the command is \`verify\``);
  else if (positionals.length > 1) problems.push(`unexpected argument "${positionals[1]}"`);

  let fromFile: OutputValues | undefined;
  const path = text('from-outputs');
  // A file that cannot be used is one problem: not also every value it should have supplied.
  let fileUnusable = false;
  if (path !== undefined) {
    fileUnusable = true;
    try {
      const result = outputsFromJson(JSON.parse(readFile(path)) as unknown);
      if (typeof result === 'string') problems.push(`--from-outputs ${path} ${result}`);
      else {
        fromFile = result;
        fileUnusable = false;
      }
    } catch (error) {
      problems.push(
        `--from-outputs ${path} cannot be read as JSON (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  }

  // A flag wins over the file; where both are given and differ, a note says so.
  const differences: string[] = [];
  const prefer = <T>(flag: T | undefined, flagShown: string, file: FileValue<T> | undefined) => {
    if (flag !== undefined && file !== undefined && flag !== file.value)
      differences.push(`${flagShown} differs from ${file.shown}: the flag wins.`);
    return flag ?? file?.value;
  };
  const inFile = (key: string, value: unknown, at?: string): string =>
    `${value === undefined ? `no ${key}` : `${key} ${showValue(value)}`} in ${path ?? ''}${at === undefined ? '' : ` (${at})`}`;
  const handoffSays = <T>(key: string, value: T | undefined): FileValue<T> | undefined =>
    fromFile === undefined ? undefined : { value, shown: inFile(key, value) };
  const expectedFile = fromFile?.expected;
  const expectedSays = <T>(key: string, value: T | undefined): FileValue<T> | undefined =>
    expectedFile === undefined ? undefined : { value, shown: inFile(key, value, fromFile?.expectedAt) };
  const fromFlag = <T>(field: OptionField, value: T | undefined, file: FileValue<T> | undefined) =>
    prefer(value, typed(flagOf(field), flagValue(field)), file);

  const bucket = fromFlag(
    'bucketName',
    flagValue('bucketName'),
    handoffSays('bucket_name', fromFile?.bucket),
  );
  const region = fromFlag('region', flagValue('region'), handoffSays('bucket_region', fromFile?.region));
  const roleArn = prefer(
    text('role-arn'),
    typed('--role-arn', text('role-arn')),
    handoffSays('role_arn', fromFile?.roleArn),
  );
  const externalId = flagValue('externalId');
  const accessLevel = fromFlag<string>(
    'accessLevel',
    flagValue('accessLevel'),
    expectedSays('access_level', expectedFile?.access_level),
  );
  const trustedAccountId = flagValue('trustedAccountId') ?? defaultOf('trustedAccountId');
  const rawDuration = flagValue('maxSessionDuration');
  // Whole seconds become a number; anything else is passed on for validation to name with the range.
  const maxSessionDuration =
    fromFlag<unknown>(
      'maxSessionDuration',
      rawDuration === undefined
        ? undefined
        : (parseOption('maxSessionDuration', rawDuration) as { value: unknown }).value,
      expectedSays('max_session_duration', expectedFile?.max_session_duration),
    ) ?? DEFAULT_EXPECTED.max_session_duration;
  const fileLogging = expectedFile?.access_logging;
  const fileTarget = typeof fileLogging === 'object' ? fileLogging : undefined;
  const logBucket = fromFlag(
    'accessLogging.targetBucket',
    flagValue('accessLogging.targetBucket'),
    fileTarget === undefined
      ? // Logging off (no access_logging) or not managed: no bucket, which a flag's bucket differs from.
        expectedFile && {
          value: undefined,
          shown: inFile('access_logging', fileLogging, fromFile?.expectedAt),
        }
      : expectedSays('access_logging.target_bucket', fileTarget.target_bucket),
  );
  const logPrefix = fromFlag(
    'accessLogging.targetPrefix',
    flagValue('accessLogging.targetPrefix'),
    fileTarget && expectedSays('access_logging.target_prefix', fileTarget.target_prefix),
  );
  const kmsKeyArn = fromFlag(
    'kmsKeyArn',
    flagValue('kmsKeyArn'),
    expectedSays('kms_key_arn', expectedFile?.kms_key_arn),
  );

  const validation = validateOptions({
    bucketName: bucket ?? '',
    region: region ?? '',
    externalId: externalId ?? '',
    trustedAccountId,
    // An unknown level is named by validation's own rule (access-level.choice).
    ...(accessLevel !== undefined ? { accessLevel: accessLevel as AccessLevel } : {}),
    // A string here is not a number: validation names it with the rule.
    maxSessionDuration: maxSessionDuration as number,
    ...(kmsKeyArn !== undefined ? { encryption: 'SSE-KMS' as const, kmsKeyArn } : {}),
    ...(logBucket !== undefined
      ? {
          accessLogging: {
            targetBucket: logBucket,
            ...(logPrefix !== undefined ? { targetPrefix: logPrefix } : {}),
          },
        }
      : {}),
  });
  const fromUnusableFile = (field: string) => fileUnusable && (field === 'bucketName' || field === 'region');
  for (const p of validation.problems) {
    if (!(p.ruleId === 'required' && fromUnusableFile(p.field)))
      problems.push(renderProblem(p, VERIFY_SURFACE));
  }
  if (roleArn === undefined || roleArn === '') {
    if (!fileUnusable)
      problems.push(
        '`--role-arn` is required (or --from-outputs). Example: arn:aws:iam::123456789012:role/quartic-access.',
      );
  } else if (parseRoleArn(roleArn) === undefined) {
    problems.push(
      `\`--role-arn\` must be an IAM role ARN, got "${roleArn}". Example: arn:aws:iam::123456789012:role/quartic-access.`,
    );
  }
  const endpointUrl = text('endpoint-url');
  if (endpointUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(endpointUrl)) {
    problems.push(
      `\`--endpoint-url\` must be an http(s) URL, got "${endpointUrl}". Example: http://127.0.0.1:5000.`,
    );
  }
  const prefix = text('prefix') ?? DEFAULT_PREFIX;
  if (prefix === '' || prefix.startsWith('/')) {
    problems.push(
      `\`--prefix\` must be a non-empty key prefix not starting with "/", got "${prefix}". Example: ${DEFAULT_PREFIX}.`,
    );
  }
  if (logPrefix !== undefined && logBucket === undefined) {
    problems.push('`--log-prefix` needs `--log-bucket` (the bucket the logs go to).');
  }
  /** A true/false flag (`field`: the option it sets, or the flag) for `key` of the expected configuration. */
  const boolFlag = (field: string, flag: string, key: 'versioning' | 'lifecycle' | 'bucket_guardrails') =>
    prefer(
      parseBool(field, text(flag.slice(2)), !DEFAULT_EXPECTED[key], problems),
      typed(flag, text(flag.slice(2))),
      expectedSays(key, expectedFile?.[key]),
    ) ?? DEFAULT_EXPECTED[key];
  const versioning = boolFlag('versioning', flagOf('versioning'), 'versioning');
  const lifecycle = boolFlag('--lifecycle', '--lifecycle', 'lifecycle');
  const guardrails = boolFlag('bucketGuardrails', flagOf('bucketGuardrails'), 'bucket_guardrails');
  if (problems.length > 0) return { kind: 'usage-error', problems, json };

  const expected: ExpectedConfiguration = {
    versioning,
    lifecycle,
    bucket_guardrails: guardrails,
    max_session_duration: maxSessionDuration as number,
    ...(logBucket !== undefined
      ? {
          access_logging: {
            target_bucket: logBucket,
            target_prefix: logPrefix ?? defaultLogPrefix(bucket as string),
          },
        }
      : fileLogging === LOGGING_NOT_MANAGED
        ? { access_logging: LOGGING_NOT_MANAGED }
        : {}),
    ...(kmsKeyArn !== undefined ? { kms_key_arn: kmsKeyArn } : {}),
  };
  const mode = values.assume === true ? 'quartic' : 'customer';
  // The flags that set the expected configuration: the options of quartic_expected, and --lifecycle.
  const expectedFlags = [
    ...(
      [
        'versioning',
        'bucketGuardrails',
        'maxSessionDuration',
        'accessLogging.targetBucket',
        'kmsKeyArn',
        'accessLogging.targetPrefix',
      ] as const
    ).map(flagOf),
    '--lifecycle',
  ].some((flag) => text(flag.slice(2)) !== undefined);
  const source = expectedSource(path, fromFile, expectedFlags);

  return {
    kind: 'verify',
    json,
    notes: mode === 'customer' ? [source, ...differences] : differences,
    inputs: {
      bucket: bucket as string,
      region: region as string,
      roleArn: roleArn as string,
      externalId: externalId as string,
      accessLevel: accessLevel as AccessLevel | undefined,
      trustedAccountId,
      mode,
      endpointUrl,
      prefix,
      expected,
    },
  };
}

/** The note that says where the expected configuration came from. */
export function expectedSource(
  path: string | undefined,
  file: OutputValues | undefined,
  flagsGiven: boolean,
): string {
  const flags = flagsGiven ? ' and the flags given' : '';
  if (path === undefined) return `Expected configuration: the kit's defaults${flags}.`;
  if (file?.expected === undefined) {
    return (
      `Expected configuration: the kit's defaults${flags}: ${path} has no ${OUTPUT_IDS.expected} output ` +
      '(an older kit writes none). Pass the options you changed, or write the file again after deploying with this kit.'
    );
  }
  return `Expected configuration: ${file.expectedAt ?? OUTPUT_IDS.expected} in ${path}.`;
}

/** Every flag: the options' flags from the registry (each takes a string), then the verifier's own. */
const PARSE_OPTIONS: NonNullable<ParseArgsConfig['options']> = {
  ...Object.fromEntries([...FLAGS.values()].map((flag) => [flag.slice(2), { type: 'string' as const }])),
  'role-arn': { type: 'string' },
  'from-outputs': { type: 'string' },
  prefix: { type: 'string' },
  'endpoint-url': { type: 'string' },
  lifecycle: { type: 'string' },
  assume: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

function parse(argv: readonly string[]) {
  return parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: PARSE_OPTIONS });
}
