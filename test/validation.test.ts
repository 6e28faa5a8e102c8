import { exampleSurface } from '../examples/config';
import {
  CONSTRUCT_SURFACE,
  Facts,
  formatProblems,
  QuarticS3IntegrationOptions,
  renderRule,
  RuleId,
  validateOptions,
} from '../src';

const BASE: QuarticS3IntegrationOptions = {
  bucketName: 'quartic-data-acme',
  region: 'eu-west-2',
  externalId: 'q-3f9c2a7e-acme',
};
const KEY = 'arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const messages = (options: Partial<QuarticS3IntegrationOptions>) =>
  validateOptions({ ...BASE, ...options } as QuarticS3IntegrationOptions).problems.map((p) => p.message);

describe('validateOptions: one exact message per broken rule', () => {
  test.each<[string, Partial<QuarticS3IntegrationOptions>, string[]]>([
    [
      'bucket name too short',
      { bucketName: 'ab' },
      [
        '`bucketName` must be between 3 and 63 characters long (it has 2), got "ab". Example: "quartic-data-acme".',
      ],
    ],
    [
      'bucket name too long',
      { bucketName: 'a'.repeat(64) },
      [
        '`bucketName` must be between 3 and 63 characters long (it has 64), got "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa". Example: "quartic-data-acme".',
      ],
    ],
    [
      'bucket name with uppercase and underscore',
      { bucketName: 'Quartic_Data' },
      [
        '`bucketName` must contain only lowercase letters, digits, dots (.) and hyphens (-), got "Quartic_Data". Example: "quartic-data-acme".',
      ],
    ],
    [
      'bucket name ending in a hyphen',
      { bucketName: 'quartic-' },
      [
        '`bucketName` must start and end with a lowercase letter or a digit, got "quartic-". Example: "quartic-data-acme".',
      ],
    ],
    [
      'bucket name with two adjacent dots',
      { bucketName: 'quartic..data' },
      [
        '`bucketName` must not contain two adjacent dots (..), got "quartic..data". Example: "quartic-data-acme".',
      ],
    ],
    [
      'bucket name like an IP address',
      { bucketName: '192.168.5.4' },
      [
        '`bucketName` must not be formatted as an IP address (like 192.168.5.4), got "192.168.5.4". Example: "quartic-data-acme".',
      ],
    ],
    ...['xn--', 'sthree-', 'amzn-s3-demo-'].map(
      (prefix): [string, Partial<QuarticS3IntegrationOptions>, string[]] => [
        `reserved prefix ${prefix}`,
        { bucketName: `${prefix}data` },
        [
          `\`bucketName\` must not start with the reserved prefix "${prefix}", got "${prefix}data". Example: "quartic-data-acme".`,
        ],
      ],
    ),
    ...['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'].map(
      (suffix): [string, Partial<QuarticS3IntegrationOptions>, string[]] => [
        `reserved suffix ${suffix}`,
        { bucketName: `data${suffix}` },
        [
          `\`bucketName\` must not end with the reserved suffix "${suffix}", got "data${suffix}". Example: "quartic-data-acme".`,
        ],
      ],
    ),
    [
      'missing bucket name',
      { bucketName: '' },
      ['`bucketName` is required, got "". Example: "quartic-data-acme".'],
    ],
    [
      'unknown region',
      { region: 'eu-west-9' },
      ['`region` must be a known AWS region code, got "eu-west-9". Example: "eu-west-2".'],
    ],
    [
      'China region',
      { region: 'cn-north-1' },
      [
        '`region` must be in the commercial AWS partition (this region is in AWS China, partition "aws-cn"; Quartic\'s account is in the commercial partition and cannot assume a role across partitions), got "cn-north-1". Example: "eu-west-2".',
      ],
    ],
    [
      'GovCloud region',
      { region: 'us-gov-west-1' },
      [
        '`region` must be in the commercial AWS partition (this region is in AWS GovCloud (US), partition "aws-us-gov"; Quartic\'s account is in the commercial partition and cannot assume a role across partitions), got "us-gov-west-1". Example: "eu-west-2".',
      ],
    ],
    [
      'European Sovereign Cloud region',
      { region: 'eusc-de-east-1' },
      [
        '`region` must be in the commercial AWS partition (this region is in AWS European Sovereign Cloud, partition "aws-eusc"; Quartic\'s account is in the commercial partition and cannot assume a role across partitions), got "eusc-de-east-1". Example: "eu-west-2".',
      ],
    ],
    [
      'missing external ID',
      { externalId: undefined },
      [
        '`externalId` is required: use the value Quartic sent you, got nothing. Example: "q-3f9c2a7e-acme" (use the exact value Quartic sent you).',
      ],
    ],
    [
      'external ID too short',
      { externalId: 'x' },
      [
        '`externalId` must be between 2 and 1224 characters long (it has 1), got "x". Example: "q-3f9c2a7e-acme" (use the exact value Quartic sent you).',
      ],
    ],
    [
      'external ID too long',
      { externalId: 'x'.repeat(1225) },
      [
        '`externalId` must be between 2 and 1224 characters long (it has 1225), got "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"... (1225 characters). Example: "q-3f9c2a7e-acme" (use the exact value Quartic sent you).',
      ],
    ],
    [
      'external ID with a space',
      { externalId: 'q 123' },
      [
        '`externalId` may contain only letters, digits and _ + = , . @ : / - (no spaces), got "q 123". Example: "q-3f9c2a7e-acme" (use the exact value Quartic sent you).',
      ],
    ],
    [
      'role name too long',
      { roleName: 'r'.repeat(65) },
      [
        '`roleName` must be between 1 and 64 characters long (it has 65), got "rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr". Example: "quartic-access".',
      ],
    ],
    [
      'role name with a slash',
      { roleName: 'quartic/access' },
      [
        '`roleName` may contain only letters, digits and _ + = , . @ -, got "quartic/access". Example: "quartic-access".',
      ],
    ],
    [
      'trusted account of 11 digits',
      { trustedAccountId: '55507149685' },
      ['`trustedAccountId` must be exactly 12 digits, got "55507149685". Example: "555071496850".'],
    ],
    [
      'unknown access level',
      { accessLevel: 'admin' as never },
      ['`accessLevel` must be one of "full", "read-write", "read-only", got "admin". Example: "read-write".'],
    ],
    [
      'session too short',
      { maxSessionDuration: 900 },
      [
        '`maxSessionDuration` must be a whole number of seconds from 3600 (1 hour) to 43200 (12 hours), got 900. Example: 3600.',
      ],
    ],
    [
      'session too long',
      { maxSessionDuration: 43201 },
      [
        '`maxSessionDuration` must be a whole number of seconds from 3600 (1 hour) to 43200 (12 hours), got 43201. Example: 3600.',
      ],
    ],
    [
      'role description too long',
      { roleDescription: 'd'.repeat(1001) },
      [
        '`roleDescription` must be a string of at most 1000 characters, got "dddddddddddddddddddddddddddddddddddddddddddddddd"... (1001 characters). Example: "Quartic data platform access".',
      ],
    ],
    [
      'tag key with the aws: prefix',
      { tags: { 'aws:owner': 'x' } },
      ['`tags` keys must not start with the reserved prefix "aws:", got "aws:owner". Example: "team".'],
    ],
    [
      'tag value too long',
      { tags: { team: 'v'.repeat(257) } },
      [
        '`tags.team` must be at most 256 characters long (it has 257), got "vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv"... (257 characters). Example: "data-platform".',
      ],
    ],
    [
      'tag value with a forbidden character',
      { tags: { team: 'data;drop' } },
      [
        '`tags.team` may contain only letters, digits, spaces and _ . : / = + - @, got "data;drop". Example: "data-platform".',
      ],
    ],
    [
      'too many tags',
      { tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) },
      ['`tags` must have at most 50 tags, got "51 tags". Example: { "team": "data" }.'],
    ],
    [
      'unknown encryption',
      { encryption: 'AES' as never },
      ['`encryption` must be "SSE-S3" or "SSE-KMS", got "AES". Example: "SSE-KMS".'],
    ],
    [
      'KMS key without SSE-KMS',
      { kmsKeyArn: KEY },
      [`\`kmsKeyArn\` can only be set with \`encryption: "SSE-KMS"\`, got "${KEY}". Example: "${KEY}".`],
    ],
    [
      'KMS alias instead of a key',
      { encryption: 'SSE-KMS', kmsKeyArn: 'arn:aws:kms:eu-west-2:123456789012:alias/quartic' },
      [
        `\`kmsKeyArn\` must be the ARN of a KMS key in the commercial partition (not an alias), got "arn:aws:kms:eu-west-2:123456789012:alias/quartic". Example: "${KEY}".`,
      ],
    ],
    [
      'KMS key in another region',
      { encryption: 'SSE-KMS', kmsKeyArn: KEY.replace('eu-west-2', 'us-east-1') },
      [
        `\`kmsKeyArn\` must be a key in the bucket's region "eu-west-2" (S3 requires it), got "${KEY.replace('eu-west-2', 'us-east-1')}". Example: "${KEY}".`,
      ],
    ],
    [
      'logging into the bucket itself',
      { accessLogging: { targetBucket: 'quartic-data-acme' } },
      [
        '`accessLogging.targetBucket` must be a different bucket than `bucketName` (a bucket logging to itself logs its own log writes), got "quartic-data-acme". Example: "acme-s3-access-logs".',
      ],
    ],
    [
      'logging to an invalid bucket name',
      { accessLogging: { targetBucket: 'Logs' } },
      [
        '`accessLogging.targetBucket` must contain only lowercase letters, digits, dots (.) and hyphens (-), got "Logs". Example: "quartic-data-acme".',
      ],
    ],
    [
      'existing bucket with bucket options',
      { existingBucket: true, versioning: false, allowBucketDestroy: true },
      [
        '`versioning` cannot be set with `existingBucket: true` (the kit does not manage an existing bucket), got false. Example: leave it unset.',
        '`allowBucketDestroy` cannot be set with `existingBucket: true` (the kit does not manage an existing bucket), got true. Example: leave it unset.',
      ],
    ],
    [
      'existing bucket with bucketGuardrails (the kit writes no bucket policy for it)',
      { existingBucket: true, bucketGuardrails: false },
      [
        '`bucketGuardrails` cannot be set with `existingBucket: true` (the kit does not manage an existing bucket), got false. Example: leave it unset.',
      ],
    ],
    [
      'existing bucket with SSE-KMS but no key',
      { existingBucket: true, encryption: 'SSE-KMS' },
      [
        `\`kmsKeyArn\` is required with \`existingBucket: true\` and \`encryption: "SSE-KMS"\` (the ARN of the key the bucket already uses), got nothing. Example: "${KEY}".`,
      ],
    ],
  ])('%s', (_name, options, expected) => {
    expect(messages(options)).toEqual(expected);
  });

  test('valid options have no problems', () => {
    expect(
      messages({
        roleName: 'acme+quartic=access,1.@_-',
        trustedAccountId: '111122223333',
        accessLevel: 'read-only',
        maxSessionDuration: 43200,
        tags: { team: 'data platform', 'cost:centre': '42/a+b=c@d' },
        encryption: 'SSE-KMS',
        kmsKeyArn: KEY,
        accessLogging: { targetBucket: 'acme-logs', targetPrefix: 'q/' },
      }),
    ).toEqual([]);
  });

  test('every problem is collected: the count matches the broken rules', () => {
    const { problems } = validateOptions({
      bucketName: 'X',
      region: 'mars-1',
      externalId: ' ',
      roleName: '',
      maxSessionDuration: 1,
    });
    expect(problems.map((p) => p.field)).toEqual([
      'bucketName',
      'bucketName',
      'region',
      'externalId',
      'externalId',
      'roleName',
      'maxSessionDuration',
    ]);
    expect(formatProblems(problems).split('\n')).toHaveLength(8);
  });

  test('tokens are skipped, except for region which decides the partition', () => {
    const isUnresolved = (v: unknown) => typeof v === 'string' && v.startsWith('${TfToken');
    const { problems } = validateOptions(
      {
        bucketName: '${TfToken[1]}',
        region: '${TfToken[2]}',
        externalId: '${TfToken[3]}',
        roleName: '${TfToken[4]}',
      },
      { isUnresolved },
    );
    expect(problems.map((p) => p.message)).toEqual([
      '`region` must be a literal region code (it decides the ARN partition), got "<unresolved token>". Example: "eu-west-2".',
    ]);
  });
});

describe('validateOptions warnings', () => {
  test('dotted bucket names are allowed with a warning', () => {
    const result = validateOptions({ ...BASE, bucketName: 'quartic-data.acme.com' });
    expect(result.problems).toEqual([]);
    expect(result.warnings.map((w) => w.field)).toEqual(['bucketName']);
    expect(result.warnings[0].message).toContain('"quartic-data.acme.com" contains dots');
  });

  test('opt-in regions are allowed with a warning; default regions have none', () => {
    const optIn = validateOptions({ ...BASE, region: 'af-south-1' });
    expect(optIn.problems).toEqual([]);
    expect(optIn.warnings.map((w) => w.message)).toEqual([
      '`region` "af-south-1" is an opt-in region: enable it in your account (Account settings > AWS Regions) before deploying, or every API call there fails.',
    ]);
    expect(validateOptions(BASE).warnings).toEqual([]);
  });
});

describe("the rules of the construct's own checks and of the example app's state: rule id and facts, worded by the surface", () => {
  // The example app's surface for settings given in cdktf.json (a label changes there, and only there).
  const fromContext = exampleSurface(
    {},
    { region: 'eu-west-2', existingBucket: true, state: { backend: 's3' } },
  );
  const paths = { path: 'customer/dev', otherPath: 'customer/prod' };
  const same = 'customer/dev and customer/prod in the same stack';
  test.each<[RuleId, Facts, string, string?]>([
    [
      'provider.region',
      { region: 'eu-west-2' },
      'must be configured for the same region as `region` ("eu-west-2")',
      'must be configured for the same region as `context.quartic.region` ("eu-west-2")',
    ],
    [
      'output-prefix.terraform-name',
      {},
      'must be empty (the plain output names) or a literal Terraform name: a letter or underscore, then letters, digits, underscores or hyphens',
    ],
    [
      'id.same-addresses',
      { ...paths, otherId: 'prod', addressPrefix: 'prod' },
      `must give other Terraform names than the id of customer/prod ("prod"): ${same} would both name their resources prod_*, and the second would silently replace the first`,
    ],
    [
      'role-name.same-role',
      paths,
      `must differ from the role name of customer/prod: ${same} would create the same IAM role (names are unique per account, ignoring case), so the second apply would fail`,
    ],
    [
      'bucket-name.same-bucket',
      paths,
      `must differ from the bucket of customer/prod: ${same} would create the same S3 bucket (set \`existingBucket: true\` on one of them if both should use it)`,
      `must differ from the bucket of customer/prod: ${same} would create the same S3 bucket (set \`context.quartic.existingBucket: true\` on one of them if both should use it)`,
    ],
    [
      'output-prefix.same-outputs',
      { ...paths, outputs: 'bucket_name, role_arn' },
      `must give other output names than those of customer/prod: ${same} would both write the outputs bucket_name, role_arn, and the second would silently replace the first`,
    ],
    [
      'provider.second-default',
      paths,
      `must be passed when another integration in the stack has none: ${same} would each create the stack's default AWS provider, which Terraform refuses`,
    ],
    ['object', {}, 'must be an object'],
    ['state.backend-choice', { choices: 'one of "local", "s3"' }, 'must be one of "local", "s3"'],
    [
      'state.required',
      { backend: 's3' },
      'is required with `state.backend: "s3"`',
      'is required with `context.quartic.state.backend: "s3"`',
    ],
    [
      'state.other-backend',
      { backend: 'cloud', chosen: 's3' },
      'is a setting of the cloud backend, but `state.backend` is "s3" (it would be ignored; to use it, set `state.backend: "cloud"`)',
      'is a setting of the cloud backend, but `context.quartic.state.backend` is "s3" (it would be ignored; to use it, set `context.quartic.state.backend: "cloud"`)',
    ],
    ['state.key-empty', {}, 'must not be empty'],
    ['state.key-ends', {}, 'must not start or end with a slash (/)'],
    ['state.key-adjacent-slashes', {}, 'must not contain two adjacent slashes (//)'],
    ['state.name-characters', {}, 'must contain only letters, digits, hyphens (-) and underscores (_)'],
    ['state.name-length', { max: 40, length: 41 }, 'must be at most 40 characters long (it has 41)'],
    ['state.hostname', {}, 'must be a host name, without https:// or a path'],
  ])('%s', (ruleId, facts, construct, context = construct) => {
    expect(renderRule({ ruleId, facts }, CONSTRUCT_SURFACE)).toBe(construct);
    expect(renderRule({ ruleId, facts }, fromContext)).toBe(context);
  });
});
