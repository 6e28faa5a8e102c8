import { OPTION_SPECS } from '../../src/core/option-registry';
import { HELP, parseCommand } from '../../src/verify/args';
import { FAILURE_CLASSES } from '../../src/verify/failures';
import { outputsFromJson } from '../../src/verify/outputs-file';

const ROLE = 'arn:aws:iam::123456789012:role/quartic-access';
const FULL = [
  'verify',
  '--bucket',
  'quartic-data-acme',
  '--region',
  'eu-west-2',
  '--role-arn',
  ROLE,
  '--external-id',
  'q-1',
];
const noFile = () => {
  throw new Error('ENOENT: no such file');
};

describe('parseCommand', () => {
  test('flags become inputs; customer mode by default', () => {
    expect(parseCommand(FULL, noFile)).toEqual({
      kind: 'verify',
      json: false,
      notes: ["Expected configuration: the kit's defaults."],
      inputs: {
        bucket: 'quartic-data-acme',
        region: 'eu-west-2',
        roleArn: ROLE,
        externalId: 'q-1',
        accessLevel: undefined,
        trustedAccountId: '555071496850',
        mode: 'customer',
        endpointUrl: undefined,
        prefix: 'quartic-verify/',
        expected: { versioning: true, lifecycle: true, bucket_guardrails: true, max_session_duration: 3600 },
      },
    });
  });

  test('the expected configuration: --versioning, --lifecycle, --max-session-duration, --log-bucket/--log-prefix, --kms-key-arn', () => {
    const key = 'arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const parsed = parseCommand(
      [
        ...FULL,
        '--versioning',
        'false',
        '--lifecycle',
        'FALSE',
        '--max-session-duration',
        '7200',
        '--log-bucket',
        'acme-logs',
        '--kms-key-arn',
        key,
      ],
      noFile,
    );
    expect(parsed).toMatchObject({
      kind: 'verify',
      inputs: {
        expected: {
          versioning: false,
          lifecycle: false,
          max_session_duration: 7200,
          // The prefix defaults to the kit's: the bucket name and a slash.
          access_logging: { target_bucket: 'acme-logs', target_prefix: 'quartic-data-acme/' },
          kms_key_arn: key,
        },
      },
    });
    const withPrefix = parseCommand([...FULL, '--log-bucket', 'acme-logs', '--log-prefix', 'q/'], noFile);
    expect(withPrefix.kind === 'verify' && withPrefix.inputs.expected.access_logging).toEqual({
      target_bucket: 'acme-logs',
      target_prefix: 'q/',
    });
  });

  test('--assume, --json, --endpoint-url, --access-level', () => {
    const parsed = parseCommand(
      [
        ...FULL,
        '--assume',
        '--json',
        '--endpoint-url',
        'http://127.0.0.1:5000',
        '--access-level',
        'read-only',
      ],
      noFile,
    );
    expect(parsed).toMatchObject({
      kind: 'verify',
      json: true,
      inputs: { mode: 'quartic', endpointUrl: 'http://127.0.0.1:5000', accessLevel: 'read-only' },
    });
  });

  test('--help and `help` print help', () => {
    expect(parseCommand(['--help'], noFile)).toEqual({ kind: 'help' });
    expect(parseCommand(['verify', '-h'], noFile)).toEqual({ kind: 'help' });
    expect(parseCommand(['help'], noFile)).toEqual({ kind: 'help' });
  });

  test.each([
    [[], 'missing command: run `quartic-s3 verify [options]`'],
    [['check', ...FULL.slice(1)], 'unknown command "check": the command is `verify`'],
    [[...FULL.slice(0, -1), 'x'], '`--external-id` must be between 2 and 1224 characters long (it has 1)'],
    [
      [
        'verify',
        '--bucket',
        'quartic-data-acme',
        '--region',
        'eu-west-2',
        '--external-id',
        'q-1',
        '--role-arn',
        'quartic-access',
      ],
      '`--role-arn` must be an IAM role ARN, got "quartic-access". Example: arn:aws:iam::123456789012:role/quartic-access.',
    ],
    [
      [...FULL, '--access-level', 'admin'],
      '`--access-level` must be one of "full", "read-write", "read-only", got "admin". Example: "read-write".',
    ],
    [
      [...FULL, '--endpoint-url', 'localhost:5000'],
      '`--endpoint-url` must be an http(s) URL, got "localhost:5000". Example: http://127.0.0.1:5000.',
    ],
    [[...FULL, '--region', 'cn-north-1'], '`--region`'],
    [[...FULL, '--bogus'], "Unknown option '--bogus'"],
    [[...FULL, '--versioning', 'off'], '`--versioning` must be "true" or "false", got "off".'],
    [[...FULL, '--lifecycle', 'yes'], '`--lifecycle` must be "true" or "false", got "yes".'],
    [
      [...FULL, '--max-session-duration', '99999'],
      '`--max-session-duration` must be a whole number of seconds from 3600 (1 hour) to 43200 (12 hours), got 99999.',
    ],
    [
      [...FULL, '--max-session-duration', '1h'],
      '`--max-session-duration` must be a whole number of seconds from 3600 (1 hour) to 43200 (12 hours), got "1h".',
    ],
    [[...FULL, '--log-prefix', 'q/'], '`--log-prefix` needs `--log-bucket` (the bucket the logs go to).'],
    [[...FULL, '--log-bucket', 'Bad_Logs'], '`--log-bucket` must contain only lowercase letters'],
    [[...FULL, '--kms-key-arn', 'alias/mine'], '`--kms-key-arn` must be the ARN of a KMS key'],
    [
      [
        ...FULL,
        '--kms-key-arn',
        'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      ],
      '`--kms-key-arn` must be a key in the bucket\'s region "eu-west-2"',
    ],
  ])('usage error for %j', (argv, message) => {
    const parsed = parseCommand(argv, noFile);
    expect(parsed.kind).toBe('usage-error');
    expect(parsed.kind === 'usage-error' && parsed.problems.join('\n')).toContain(message);
  });

  test.each([
    [
      ['--access-level', 'admin'],
      '`--access-level` must be one of "full", "read-write", "read-only", got "admin". Example: "read-write".',
    ],
    [['--versioning', 'off'], '`--versioning` must be "true" or "false", got "off". Example: false.'],
    [['--guardrails', 'no'], '`--guardrails` must be "true" or "false", got "no". Example: false.'],
    [['--lifecycle', 'yes'], '`--lifecycle` must be "true" or "false", got "yes". Example: false.'],
    [
      ['--log-bucket', 'quartic-data-acme'],
      '`--log-bucket` must be a different bucket than `--bucket` (a bucket logging to itself logs its own log writes), got "quartic-data-acme". Example: "acme-s3-access-logs".',
    ],
    [
      ['--bucket', 'ab'],
      '`--bucket` must be between 3 and 63 characters long (it has 2), got "ab". Example: "quartic-data-acme".',
    ],
  ])('every problem names the flag: %j', (extra, message) => {
    const parsed = parseCommand([...FULL, ...extra], noFile);
    expect(parsed.kind === 'usage-error' && parsed.problems).toEqual([message]);
  });

  test('every option flag of the registry is accepted and documented in --help', () => {
    const flags = OPTION_SPECS.flatMap((s) => (s.flag === undefined ? [] : [s.flag]));
    expect(flags.length).toBeGreaterThanOrEqual(11);
    for (const flag of flags) {
      expect([flag, HELP.includes(`\n  ${flag} `)]).toEqual([flag, true]);
      const parsed = parseCommand([...FULL, flag, 'x'], noFile);
      expect([
        flag,
        parsed.kind === 'usage-error' && parsed.problems.some((p) => p.includes('Unknown option')),
      ]).toEqual([flag, false]);
    }
  });

  test('--from-outputs supplies bucket, region and role; flags win', () => {
    const file = JSON.stringify({
      'quartic-s3': {
        quartic: { handoff: { bucket_name: 'from-file', bucket_region: 'eu-west-1', role_arn: ROLE } },
      },
    });
    const parsed = parseCommand(
      ['verify', '--from-outputs', 'o.json', '--external-id', 'q-1', '--region', 'eu-west-2'],
      () => file,
    );
    expect(parsed).toMatchObject({
      kind: 'verify',
      inputs: { bucket: 'from-file', region: 'eu-west-2', roleArn: ROLE },
    });
  });

  test('an unreadable outputs file is a usage error', () => {
    const parsed = parseCommand(['verify', '--from-outputs', 'missing.json', '--external-id', 'q-1'], noFile);
    expect(parsed.kind === 'usage-error' && parsed.problems[0]).toBe(
      '--from-outputs missing.json cannot be read as JSON (ENOENT: no such file)',
    );
  });

  test('an outputs file that cannot be used is one problem, not also the values it should have given', () => {
    const hostile = {
      bucket_name: 'b-one',
      bucket_region: 'eu-west-2',
      role_arn: ROLE,
      expected: {
        bucket_name: 'b-one',
        access_level: 'full\n$(touch /tmp/x)',
        versioning: true,
        lifecycle: true,
        bucket_guardrails: true,
        max_session_duration: 3600,
      },
    };
    const parsed = parseCommand(
      ['verify', '--from-outputs', 'o.json', '--external-id', 'q-1', '--max-session-duration', '5'],
      () => JSON.stringify(hostile),
    );
    expect(parsed).toEqual({
      kind: 'usage-error',
      json: false,
      problems: [
        '--from-outputs o.json has an expected configuration (expected) that cannot be read: `access_level` must be an access level, got "full\\n$(touch /tmp/x)"',
        expect.stringMatching(/^`--max-session-duration` must be a whole number of seconds from 3600/),
      ],
    });
    // Without the file's values the flags still must name the bucket, region and role.
    const bare = parseCommand(['verify', '--external-id', 'q-1'], noFile);
    expect(bare.kind === 'usage-error' && bare.problems.length).toBe(3);
  });
});

describe('outputsFromJson', () => {
  const values = { bucket: 'b-one', region: 'eu-west-2', roleArn: ROLE };
  test('cdktf output --outputs-file: nested under the stack and construct ids', () => {
    const cdktf = {
      'quartic-s3': {
        quartic: {
          bucket_name: 'b-one',
          bucket_region: 'eu-west-2',
          role_arn: ROLE,
          handoff: { bucket_name: 'b-one', bucket_region: 'eu-west-2', role_arn: ROLE },
        },
      },
    };
    expect(outputsFromJson(cdktf)).toEqual(values);
  });

  test('terraform output -json: values wrapped in {sensitive, type, value}', () => {
    const wrap = (value: unknown) => ({ sensitive: false, type: 'string', value });
    const tf = {
      bucket_name: wrap('b-one'),
      bucket_region: wrap('eu-west-2'),
      role_arn: wrap(ROLE),
      quartic_handoff: wrap({ bucket_name: 'b-one', bucket_region: 'eu-west-2', role_arn: ROLE }),
    };
    expect(outputsFromJson(tf)).toEqual(values);
  });

  test('nothing found, or several integrations, is explained', () => {
    expect(outputsFromJson({})).toContain('has no bucket_name, bucket_region and role_arn outputs');
    const two = [
      { bucket_name: 'a-one', bucket_region: 'eu-west-2', role_arn: ROLE },
      { bucket_name: 'b-two', bucket_region: 'eu-west-2', role_arn: ROLE },
    ];
    expect(outputsFromJson(two)).toBe(
      'holds several integrations (a-one, b-two); pass --bucket, --region and --role-arn instead',
    );
  });
});

test('--help documents every exit code the verifier returns', () => {
  expect(HELP).toContain('  0   every check passed');
  for (const c of FAILURE_CLASSES) expect(HELP).toContain(`  ${String(c.exitCode).padEnd(3)} ${c.summary}`);
  expect(new Set(FAILURE_CLASSES.map((c) => c.exitCode)).size).toBe(FAILURE_CLASSES.length);
});
