/**
 * The expected configuration: the `quartic_expected` output the construct writes from its plan, read back
 * by `--from-outputs`, with flags winning and every difference said; an outputs file without it (an older
 * kit) falls back to the defaults, which come from the plan of the required options alone.
 */
import { ExpectedOutput, expectedOutput, QuarticS3IntegrationOptions } from '../../src';
import { OPTION_REGISTRY } from '../../src/core/option-registry';
import { resolvePlan } from '../../src/core/plan';
import { parseCommand } from '../../src/verify/args';
import { DEFAULT_EXPECTED, expectedFromOutput } from '../../src/verify/expected';
import { main, MainDeps } from '../../src/verify/main';
import { outputsFromJson } from '../../src/verify/outputs-file';

const BASE = { bucketName: 'quartic-data-acme', region: 'eu-west-2', externalId: 'q-1' } as const;
const KEY = 'arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const OTHER_KEY = KEY.replace('1234abcd', 'ffffffff');
const ROLE = 'arn:aws:iam::123456789012:role/quartic-access';

describe('expectedOutput: the quartic_expected value, from the resolved plan', () => {
  const DEFAULTS: ExpectedOutput = {
    bucket_name: BASE.bucketName,
    access_level: 'full',
    versioning: true,
    lifecycle: true,
    bucket_guardrails: true,
    max_session_duration: 3600,
  };
  test.each<[string, Partial<QuarticS3IntegrationOptions>, ExpectedOutput]>([
    ['defaults', {}, DEFAULTS],
    ['SSE-KMS with a created key (no kms_key_arn: the kit key)', { encryption: 'SSE-KMS' }, DEFAULTS],
    [
      'every option that changes it',
      {
        accessLevel: 'read-only',
        versioning: false,
        bucketGuardrails: false,
        maxSessionDuration: 7200,
        accessLogging: { targetBucket: 'acme-logs', targetPrefix: 'q/' },
        encryption: 'SSE-KMS',
        kmsKeyArn: KEY,
      },
      {
        ...DEFAULTS,
        access_level: 'read-only',
        versioning: false,
        bucket_guardrails: false,
        max_session_duration: 7200,
        access_logging: { target_bucket: 'acme-logs', target_prefix: 'q/' },
        kms_key_arn: KEY,
      },
    ],
    [
      'logging without a prefix: the plan resolves the default prefix',
      { accessLogging: { targetBucket: 'acme-logs' } },
      { ...DEFAULTS, access_logging: { target_bucket: 'acme-logs', target_prefix: 'quartic-data-acme/' } },
    ],
    [
      "an existing bucket: nothing of the bucket is the kit's but the guardrails it asks for",
      { existingBucket: true, encryption: 'SSE-KMS', kmsKeyArn: KEY },
      {
        ...DEFAULTS,
        versioning: false,
        lifecycle: false,
        access_logging: 'not managed',
        kms_key_arn: KEY,
      },
    ],
  ])('%s', (_, options, expected) => {
    expect(expectedOutput(resolvePlan({ ...BASE, ...options }))).toEqual(expected);
  });

  test("DEFAULT_EXPECTED is the plan's reading of the registry's defaults", () => {
    expect(DEFAULT_EXPECTED).toEqual({
      versioning: OPTION_REGISTRY.versioning.defaultValue,
      lifecycle: true,
      bucket_guardrails: OPTION_REGISTRY.bucketGuardrails.defaultValue,
      max_session_duration: OPTION_REGISTRY.maxSessionDuration.defaultValue,
    });
  });
});

/** An outputs file as `cdktf output --outputs-file` writes it, or as `terraform output -json` prints it. */
function cdktfFile(expected?: object): string {
  const handoff = { bucket_name: BASE.bucketName, bucket_region: BASE.region, role_arn: ROLE };
  return JSON.stringify({
    'quartic-s3': { quartic: { handoff, ...(expected === undefined ? {} : { expected }) } },
  });
}
function terraformFile(expected: object): string {
  const wrap = (value: unknown) => ({ sensitive: false, type: 'dynamic', value });
  return JSON.stringify({
    bucket_name: wrap(BASE.bucketName),
    bucket_region: wrap(BASE.region),
    role_arn: wrap(ROLE),
    quartic_handoff: wrap({ bucket_name: BASE.bucketName, bucket_region: BASE.region, role_arn: ROLE }),
    quartic_expected: wrap(expected),
  });
}

const DEPLOYED = expectedOutput(
  resolvePlan({
    ...BASE,
    accessLevel: 'read-only',
    versioning: false,
    maxSessionDuration: 7200,
    accessLogging: { targetBucket: 'acme-logs', targetPrefix: 'q/' },
    encryption: 'SSE-KMS',
    kmsKeyArn: KEY,
  }),
);
const CDKTF_AT = 'quartic-s3.quartic.expected';

function parse(file: string, extra: readonly string[] = []) {
  return parseCommand(['verify', '--from-outputs', 'o.json', '--external-id', 'q-1', ...extra], () => file);
}

describe('--from-outputs reads the quartic_expected output', () => {
  test.each([
    ['cdktf output --outputs-file', cdktfFile(DEPLOYED), CDKTF_AT],
    ['terraform output -json', terraformFile(DEPLOYED), 'quartic_expected'],
  ])('%s: the expected configuration and access level, said where from', (_, file, at) => {
    expect(parse(file)).toEqual({
      kind: 'verify',
      json: false,
      notes: [`Expected configuration: ${at} in o.json.`],
      inputs: expect.objectContaining({
        bucket: BASE.bucketName,
        region: BASE.region,
        roleArn: ROLE,
        accessLevel: 'read-only',
        expected: {
          versioning: false,
          lifecycle: true,
          bucket_guardrails: true,
          max_session_duration: 7200,
          access_logging: { target_bucket: 'acme-logs', target_prefix: 'q/' },
          kms_key_arn: KEY,
        },
      }),
    });
  });

  test('the construct writes what the verifier reads: expectedFromOutput is the inputs the file gives', () => {
    const parsed = parse(cdktfFile(DEPLOYED));
    expect(parsed.kind === 'verify' && parsed.inputs.expected).toEqual(expectedFromOutput(DEPLOYED));
  });

  const at = `in o.json (${CDKTF_AT})`;
  test.each<[string[], object, string]>([
    [
      ['--versioning', 'true'],
      { expected: expect.objectContaining({ versioning: true }) },
      `\`--versioning true\` differs from versioning false ${at}: the flag wins.`,
    ],
    [
      ['--lifecycle', 'false'],
      { expected: expect.objectContaining({ lifecycle: false }) },
      `\`--lifecycle false\` differs from lifecycle true ${at}: the flag wins.`,
    ],
    [
      ['--guardrails', 'false'],
      { expected: expect.objectContaining({ bucket_guardrails: false }) },
      `\`--guardrails false\` differs from bucket_guardrails true ${at}: the flag wins.`,
    ],
    [
      ['--max-session-duration', '3600'],
      { expected: expect.objectContaining({ max_session_duration: 3600 }) },
      `\`--max-session-duration 3600\` differs from max_session_duration 7200 ${at}: the flag wins.`,
    ],
    [
      ['--access-level', 'full'],
      { accessLevel: 'full' },
      `\`--access-level full\` differs from access_level "read-only" ${at}: the flag wins.`,
    ],
    [
      ['--log-bucket', 'other-logs'],
      // The prefix the flag does not give stays the file's.
      {
        expected: expect.objectContaining({
          access_logging: { target_bucket: 'other-logs', target_prefix: 'q/' },
        }),
      },
      `\`--log-bucket other-logs\` differs from access_logging.target_bucket "acme-logs" ${at}: the flag wins.`,
    ],
    [
      ['--log-prefix', 'other/'],
      {
        expected: expect.objectContaining({
          access_logging: { target_bucket: 'acme-logs', target_prefix: 'other/' },
        }),
      },
      `\`--log-prefix other/\` differs from access_logging.target_prefix "q/" ${at}: the flag wins.`,
    ],
    [
      ['--kms-key-arn', OTHER_KEY],
      { expected: expect.objectContaining({ kms_key_arn: OTHER_KEY }) },
      `\`--kms-key-arn ${OTHER_KEY}\` differs from kms_key_arn "${KEY}" ${at}: the flag wins.`,
    ],
    [
      ['--bucket', 'quartic-data-other'],
      { bucket: 'quartic-data-other' },
      '`--bucket quartic-data-other` differs from bucket_name "quartic-data-acme" in o.json: the flag wins.',
    ],
  ])('a flag that differs from the file wins, and a note says so: %j', (extra, inputs, note) => {
    const parsed = parse(cdktfFile(DEPLOYED), extra);
    expect(parsed).toMatchObject({ kind: 'verify', inputs });
    expect(parsed.kind === 'verify' && parsed.notes).toEqual([
      `Expected configuration: ${CDKTF_AT} in o.json.`,
      note,
    ]);
  });

  test('a flag equal to the file is no difference', () => {
    const parsed = parse(cdktfFile(DEPLOYED), ['--versioning', 'false', '--max-session-duration', '7200']);
    expect(parsed.kind === 'verify' && parsed.notes).toEqual([
      `Expected configuration: ${CDKTF_AT} in o.json.`,
    ]);
  });

  test.each<[string, ExpectedOutput, string[], string]>([
    [
      'logging off in the file',
      { ...DEPLOYED, access_logging: undefined },
      ['--log-bucket', 'acme-logs'],
      `\`--log-bucket acme-logs\` differs from no access_logging ${at}: the flag wins.`,
    ],
    [
      'an existing bucket',
      { ...DEPLOYED, access_logging: 'not managed' },
      ['--log-bucket', 'acme-logs'],
      `\`--log-bucket acme-logs\` differs from access_logging "not managed" ${at}: the flag wins.`,
    ],
    [
      'no kms_key_arn in the file',
      { ...DEPLOYED, kms_key_arn: undefined },
      ['--kms-key-arn', KEY],
      `\`--kms-key-arn ${KEY}\` differs from no kms_key_arn ${at}: the flag wins.`,
    ],
  ])('a flag against a value the file leaves out (%s) is a difference too', (_, expected, extra, note) => {
    const parsed = parse(cdktfFile(JSON.parse(JSON.stringify(expected)) as object), extra);
    expect(parsed.kind === 'verify' && parsed.notes).toEqual([
      `Expected configuration: ${CDKTF_AT} in o.json.`,
      note,
    ]);
  });

  test('an existing bucket: its logging is not judged; a --log-prefix alone still needs a bucket', () => {
    const existing = { ...DEPLOYED, access_logging: 'not managed' };
    const parsed = parse(cdktfFile(existing));
    expect(parsed.kind === 'verify' && parsed.inputs.expected.access_logging).toBe('not managed');
    expect(parse(cdktfFile(existing), ['--log-prefix', 'q/'])).toMatchObject({
      kind: 'usage-error',
      problems: ['`--log-prefix` needs `--log-bucket` (the bucket the logs go to).'],
    });
  });

  test('Quartic mode says only the differences (it checks no configuration)', () => {
    const parsed = parse(cdktfFile(DEPLOYED), ['--assume', '--versioning', 'true']);
    expect(parsed.kind === 'verify' && parsed.notes).toEqual([
      `\`--versioning true\` differs from versioning false ${at}: the flag wins.`,
    ]);
  });
});

describe('without the quartic_expected output: the defaults, said so', () => {
  test.each<[string, string | undefined, string[], string]>([
    [
      'an outputs file an older kit wrote',
      cdktfFile(),
      [],
      "Expected configuration: the kit's defaults: o.json has no quartic_expected output (an older kit writes none). Pass the options you changed, or write the file again after deploying with this kit.",
    ],
    [
      'an older file and a flag',
      cdktfFile(),
      ['--versioning', 'false'],
      "Expected configuration: the kit's defaults and the flags given: o.json has no quartic_expected output (an older kit writes none). Pass the options you changed, or write the file again after deploying with this kit.",
    ],
    [
      'no outputs file, flags only',
      undefined,
      [
        '--bucket',
        BASE.bucketName,
        '--region',
        BASE.region,
        '--role-arn',
        ROLE,
        '--max-session-duration',
        '7200',
      ],
      "Expected configuration: the kit's defaults and the flags given.",
    ],
  ])('%s', (_, file, extra, note) => {
    const argv = file === undefined ? ['verify', '--external-id', 'q-1', ...extra] : undefined;
    const parsed = argv === undefined ? parse(file as string, extra) : parseCommand(argv, () => '');
    expect(parsed.kind === 'verify' && parsed.notes).toEqual([note]);
  });

  test('an older file keeps working: the defaults, any access level', () => {
    const parsed = parse(cdktfFile());
    expect(parsed).toMatchObject({
      kind: 'verify',
      inputs: { bucket: BASE.bucketName, accessLevel: undefined, expected: DEFAULT_EXPECTED },
    });
  });
});

describe('an expected configuration that cannot be used is a usage error, named', () => {
  const problem = (file: string) => {
    const parsed = parse(file);
    // The first problem; the hand-off values of a file that cannot be used are missing after it.
    return parsed.kind === 'usage-error' ? parsed.problems[0] : parsed;
  };
  test.each<[string, object, string]>([
    ['versioning', { ...DEPLOYED, versioning: 'yes' }, '`versioning` must be true or false, got "yes"'],
    [
      'access level',
      { ...DEPLOYED, access_level: 'admin' },
      '`access_level` must be an access level, got "admin"',
    ],
    [
      'session duration',
      { ...DEPLOYED, max_session_duration: '7200' },
      '`max_session_duration` must be a whole number of seconds, got "7200"',
    ],
    [
      'logging',
      { ...DEPLOYED, access_logging: { target_bucket: 'acme-logs' } },
      '`access_logging` must be absent, "not managed" or an object with string target_bucket and target_prefix, got {"target_bucket":"acme-logs"}',
    ],
    ['key', { ...DEPLOYED, kms_key_arn: 42 }, '`kms_key_arn` must be absent or a string, got 42'],
  ])('%s', (_, expected, message) => {
    expect(problem(cdktfFile(expected))).toBe(
      `--from-outputs o.json has an expected configuration (${CDKTF_AT}) that cannot be read: ${message}`,
    );
  });

  test('one for another bucket than the hand-off', () => {
    expect(outputsFromJson(JSON.parse(cdktfFile({ ...DEPLOYED, bucket_name: 'elsewhere' })))).toBe(
      `has an expected configuration (${CDKTF_AT}) for another bucket than ${BASE.bucketName}`,
    );
  });
});

describe('main prints the notes before the checks, and the JSON report carries them', () => {
  const noCredentials = Object.assign(new Error('Could not load credentials from any providers'), {
    name: 'CredentialsProviderError',
  });
  const failing = { send: () => Promise.reject(noCredentials) };
  const clients = () => ({ s3: () => failing, iam: () => failing, sts: () => failing, kms: () => failing });

  async function run(extra: readonly string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(
      ['verify', '--from-outputs', 'o.json', '--external-id', 'q-1', ...extra],
      { stdout: (t) => out.push(t), stderr: (t) => err.push(t), readFile: () => cdktfFile(DEPLOYED) },
      { clients: clients as unknown as MainDeps['clients'] },
    );
    return { code, out, err };
  }

  test('human output: NOTE lines after the first line, before the first check', async () => {
    const { code, out } = await run(['--versioning', 'true']);
    expect(code).toBe(3);
    expect(out.slice(1, 4)).toEqual([
      `NOTE  Expected configuration: ${CDKTF_AT} in o.json.`,
      `NOTE  \`--versioning true\` differs from versioning false in o.json (${CDKTF_AT}): the flag wins.`,
      expect.stringMatching(/^FAIL {2}AWS credentials/),
    ]);
  });

  test('--json: the notes in the report, and on stderr with the progress', async () => {
    const { out, err } = await run(['--json']);
    expect((JSON.parse(out.join('\n')) as { notes: string[] }).notes).toEqual([
      `Expected configuration: ${CDKTF_AT} in o.json.`,
    ]);
    expect(err[1]).toBe(`NOTE  Expected configuration: ${CDKTF_AT} in o.json.`);
  });
});
