import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, Testing, TerraformStack } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  bucketPolicy,
  EMPTY_BUCKET_CHECK,
  QuarticConfigError,
  QuarticS3Integration,
  QuarticS3IntegrationOptions,
  REMOVABLE_RESOURCES,
  tlsOnlyBucketPolicy,
} from '../src';
import { expectedKmsViaS3Statement } from './support/kms-statement';
import { BASE_OPTIONS, policyOf, resourceOf, synthJson, SynthesizedStack } from './support/synth';

const BUCKET_RESOURCES = [
  'aws_s3_bucket',
  'aws_s3_bucket_public_access_block',
  'aws_s3_bucket_ownership_controls',
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_s3_bucket_versioning',
  'aws_s3_bucket_lifecycle_configuration',
  'aws_s3_bucket_policy',
];

const synth = (extra: Partial<QuarticS3IntegrationOptions> = {}): SynthesizedStack =>
  synthJson({ ...BASE_OPTIONS, ...extra });

describe('QuarticS3Integration defaults', () => {
  const stack = synth();

  test('creates exactly the bucket resources, the role and its inline policy', () => {
    expect(Object.keys(stack.resource ?? {}).sort()).toEqual(
      [...BUCKET_RESOURCES, 'aws_iam_role', 'aws_iam_role_policy'].sort(),
    );
    for (const type of Object.keys(stack.resource ?? {})) {
      expect(Object.keys(stack.resource?.[type] ?? {})).toHaveLength(1);
    }
  });

  test('configures the AWS provider for the chosen region', () => {
    expect(stack.provider?.aws).toEqual([{ region: 'eu-west-2' }]);
  });

  test('bucket: named as asked, never force-destroyed, protected by prevent_destroy', () => {
    expect(resourceOf(stack, 'aws_s3_bucket', 'quartic_bucket')).toEqual({
      bucket: 'quartic-data-acme',
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
  });

  test('blocks all four kinds of public access', () => {
    expect(resourceOf(stack, 'aws_s3_bucket_public_access_block', 'quartic_public_access_block')).toEqual({
      bucket: '${aws_s3_bucket.quartic_bucket.id}',
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  test('disables ACLs with BucketOwnerEnforced', () => {
    expect(resourceOf(stack, 'aws_s3_bucket_ownership_controls', 'quartic_ownership').rule).toEqual({
      object_ownership: 'BucketOwnerEnforced',
    });
  });

  test('encrypts with SSE-S3 by default', () => {
    expect(
      resourceOf(stack, 'aws_s3_bucket_server_side_encryption_configuration', 'quartic_encryption').rule,
    ).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }]);
  });

  test('turns versioning on', () => {
    expect(
      resourceOf(stack, 'aws_s3_bucket_versioning', 'quartic_versioning').versioning_configuration,
    ).toEqual({
      status: 'Enabled',
    });
  });

  test('aborts incomplete multipart uploads after 7 days, for the whole bucket', () => {
    expect(resourceOf(stack, 'aws_s3_bucket_lifecycle_configuration', 'quartic_lifecycle').rule).toEqual([
      {
        id: 'abort-incomplete-multipart-uploads',
        status: 'Enabled',
        filter: [{}],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      },
    ]);
  });

  test('bucket policy denies every request without TLS, after the public access block exists', () => {
    const policyResource = resourceOf(stack, 'aws_s3_bucket_policy', 'quartic_tls_only_policy');
    expect(policyResource.bucket).toBe(
      '${aws_s3_bucket_public_access_block.quartic_public_access_block.bucket}',
    );
    // The statement itself is pinned in test/policies.test.ts.
    expect(policyOf(policyResource.policy).Statement[0]).toEqual(
      tlsOnlyBucketPolicy({ partition: 'aws', bucketName: 'quartic-data-acme' }).Statement[0],
    );
  });

  test("bucket policy carries the guardrails by default, naming only the role's ARN", () => {
    const policy = policyOf(resourceOf(stack, 'aws_s3_bucket_policy', 'quartic_tls_only_policy').policy);
    expect(policy).toEqual(
      bucketPolicy({ partition: 'aws', bucketName: 'quartic-data-acme', roleName: 'quartic-access' }),
    );
    expect(policy.Statement.map((s) => s.Sid)).toEqual([
      'DenyInsecureTransport',
      'QuarticRoleMayNotWeakenTheBucket',
      'QuarticRoleMayNotShareOrLockObjects',
      'QuarticRoleMayNotWriteWithCustomerKeys',
      'QuarticRoleMayNotWriteWithAnotherKmsKey',
    ]);
    for (const statement of policy.Statement.slice(1)) {
      expect(statement.Condition).toMatchObject({
        ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/quartic-access' },
      });
    }
  });

  test('forgets, never destroys, what the defaults leave out: a KMS key and access logging', () => {
    expect((stack as { removed?: unknown }).removed).toEqual([
      { from: 'aws_kms_key.quartic_kms_key', lifecycle: { destroy: false } },
      { from: 'aws_s3_bucket_logging.quartic_logging', lifecycle: { destroy: false } },
    ]);
  });

  test('no destroy gate while prevent_destroy guards the bucket', () => {
    expect(stack.resource?.terraform_data).toBeUndefined();
  });

  test('role trusts only Quartic account 555071496850 with the external ID, without MFA', () => {
    const role = resourceOf(stack, 'aws_iam_role', 'quartic_role');
    expect(role.name).toBe('quartic-access');
    expect(role.description).toBe(
      'Lets Quartic (account 555071496850) access the S3 bucket quartic-data-acme.',
    );
    expect(role).not.toHaveProperty('managed_policy_arns');
    expect(role).not.toHaveProperty('max_session_duration');
    const trust = policyOf(role.assume_role_policy);
    expect(trust.Statement).toEqual([
      {
        Sid: 'QuarticAssumeRoleWithExternalId',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::555071496850:root' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': 'q-3f9c2a7e-acme' } },
      },
    ]);
    expect(JSON.stringify(trust)).not.toMatch(/MultiFactor/);
  });

  test('inline policy: all S3 actions on exactly the bucket and its objects', () => {
    const policy = resourceOf(stack, 'aws_iam_role_policy', 'quartic_access_policy');
    expect(policy.name).toBe('quartic-s3-access');
    expect(policy.role).toBe('${aws_iam_role.quartic_role.id}');
    expect(policyOf(policy.policy).Statement).toEqual([
      {
        Sid: 'QuarticFullAccessToThisBucketOnly',
        Effect: 'Allow',
        Action: 's3:*',
        Resource: ['arn:aws:s3:::quartic-data-acme', 'arn:aws:s3:::quartic-data-acme/*'],
      },
    ]);
  });

  test('outputs have stable names and bundle the hand-off', () => {
    expect(stack.output).toEqual({
      bucket_name: {
        value: '${aws_s3_bucket.quartic_bucket.bucket}',
        description: 'Name of the S3 bucket: send it to Quartic.',
      },
      bucket_region: {
        value: '${aws_s3_bucket.quartic_bucket.region}',
        description: 'Region of the S3 bucket: send it to Quartic.',
      },
      role_arn: {
        value: '${aws_iam_role.quartic_role.arn}',
        description: 'ARN of the role Quartic assumes: send it to Quartic.',
      },
      quartic_handoff: {
        value: {
          bucket_name: '${aws_s3_bucket.quartic_bucket.bucket}',
          bucket_region: '${aws_s3_bucket.quartic_bucket.region}',
          role_arn: '${aws_iam_role.quartic_role.arn}',
        },
        description: 'The three values to send to Quartic, in one object.',
      },
      quartic_expected: {
        value: {
          bucket_name: 'quartic-data-acme',
          access_level: 'full',
          versioning: true,
          lifecycle: true,
          bucket_guardrails: true,
          max_session_duration: 3600,
        },
        description:
          'What `quartic-s3 verify --from-outputs` checks the deployment against (not for Quartic).',
      },
    });
  });

  test('no policy resource has a wildcard after the bucket name', () => {
    const policies = [
      resourceOf(stack, 'aws_iam_role_policy', 'quartic_access_policy').policy,
      resourceOf(stack, 'aws_s3_bucket_policy', 'quartic_tls_only_policy').policy,
    ];
    const resources = policies.flatMap((p) => policyOf(p).Statement.flatMap((s) => [s.Resource].flat()));
    expect(resources.length).toBeGreaterThan(0);
    for (const resource of resources) {
      expect(['arn:aws:s3:::quartic-data-acme', 'arn:aws:s3:::quartic-data-acme/*']).toContain(resource);
    }
  });
});

describe('QuarticS3Integration options', () => {
  test.each([
    ['read-write', ['s3:ListBucket', 's3:GetBucketLocation', 's3:ListBucketMultipartUploads']],
    ['read-only', ['s3:ListBucket', 's3:GetBucketLocation']],
  ] as const)('%s: bucket actions on the bucket ARN, object actions on /*', (accessLevel, bucketActions) => {
    const statements = policyOf(
      resourceOf(synth({ accessLevel }), 'aws_iam_role_policy', 'quartic_access_policy').policy,
    ).Statement;
    expect(statements).toHaveLength(2);
    expect(statements[0]).toMatchObject({
      Action: bucketActions,
      Resource: 'arn:aws:s3:::quartic-data-acme',
    });
    expect(statements[1]).toMatchObject({ Resource: 'arn:aws:s3:::quartic-data-acme/*' });
    expect(statements[1].Action).toContain('s3:GetObject');
    expect((statements[1].Action as string[]).includes('s3:PutObject')).toBe(accessLevel === 'read-write');
  });

  test('versioning off: no versioning resource (a new bucket is unversioned)', () => {
    expect(synth({ versioning: false }).resource?.aws_s3_bucket_versioning).toBeUndefined();
  });

  test('access logging to a target bucket, with a default prefix of the bucket name', () => {
    const stack = synth({ accessLogging: { targetBucket: 'acme-logs' } });
    expect(resourceOf(stack, 'aws_s3_bucket_logging', 'quartic_logging')).toEqual({
      bucket: '${aws_s3_bucket.quartic_bucket.id}',
      target_bucket: 'acme-logs',
      target_prefix: 'quartic-data-acme/',
    });
    const custom = synth({ accessLogging: { targetBucket: 'acme-logs', targetPrefix: 'q/' } });
    expect(resourceOf(custom, 'aws_s3_bucket_logging', 'quartic_logging').target_prefix).toBe('q/');
  });

  test('no access logging by default', () => {
    expect(synth().resource?.aws_s3_bucket_logging).toBeUndefined();
  });

  test('tags go on every taggable resource', () => {
    const tags = { team: 'data', 'cost-centre': '42' };
    const stack = synth({ tags, encryption: 'SSE-KMS' });
    expect(resourceOf(stack, 'aws_s3_bucket', 'quartic_bucket').tags).toEqual(tags);
    expect(resourceOf(stack, 'aws_iam_role', 'quartic_role').tags).toEqual(tags);
    expect(resourceOf(stack, 'aws_kms_key', 'quartic_kms_key').tags).toEqual(tags);
  });

  test('SSE-KMS with a created key: rotation, protected key, key policy and role grant scoped to the bucket', () => {
    const stack = synth({ encryption: 'SSE-KMS' });
    const key = resourceOf(stack, 'aws_kms_key', 'quartic_kms_key');
    expect(key).toMatchObject({
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      lifecycle: { prevent_destroy: true },
    });
    // Token-bearing policies are jsonencode() expressions (see policyJson in the construct).
    expect(key.policy).toMatch(/^\$\{jsonencode\(/);
    expect(key.policy).toContain('"AWS" = aws_iam_role.quartic_role.arn');
    expect(key.policy).toContain('arn:aws:iam::${data.aws_caller_identity.quartic_caller.account_id}:root');
    expect(key.policy).toContain('"kms:ViaService" = "s3.eu-west-2.amazonaws.com"');
    expect(
      resourceOf(stack, 'aws_s3_bucket_server_side_encryption_configuration', 'quartic_encryption').rule,
    ).toEqual([
      {
        apply_server_side_encryption_by_default: {
          sse_algorithm: 'aws:kms',
          kms_master_key_id: '${aws_kms_key.quartic_kms_key.arn}',
        },
        bucket_key_enabled: true,
      },
    ]);
    const access = resourceOf(stack, 'aws_iam_role_policy', 'quartic_access_policy').policy as string;
    expect(access).toContain('"Resource" = aws_kms_key.quartic_kms_key.arn');
    expect(access).toContain('"kms:Decrypt", "kms:GenerateDataKey"');
  });

  test('SSE-KMS with a given key: no key created, role granted exactly that key', () => {
    const keyArn = 'arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const stack = synth({ encryption: 'SSE-KMS', kmsKeyArn: keyArn, accessLevel: 'read-only' });
    expect(stack.resource?.aws_kms_key).toBeUndefined();
    expect(stack.data?.aws_caller_identity).toBeUndefined();
    const kms = policyOf(resourceOf(stack, 'aws_iam_role_policy', 'quartic_access_policy').policy)
      .Statement[2];
    expect(kms).toEqual(expectedKmsViaS3Statement(['kms:Decrypt'], keyArn));
  });

  test('existing bucket: only the role and its policy, same outputs with the literal name and region', () => {
    const stack = synth({ existingBucket: true });
    expect(Object.keys(stack.resource ?? {}).sort()).toEqual(['aws_iam_role', 'aws_iam_role_policy']);
    expect(stack.output?.bucket_name.value).toBe('quartic-data-acme');
    expect(stack.output?.bucket_region.value).toBe('eu-west-2');
    expect(stack.output?.role_arn.value).toBe('${aws_iam_role.quartic_role.arn}');
  });

  test('allowBucketDestroy removes prevent_destroy but never turns on force_destroy', () => {
    const bucket = resourceOf(synth({ allowBucketDestroy: true }), 'aws_s3_bucket', 'quartic_bucket');
    expect(bucket.lifecycle).toEqual({ prevent_destroy: false });
    expect(bucket.force_destroy).toBe(false);
  });

  test("allowBucketDestroy adds a destroy gate that every bucket-side resource and the role's policy wait for, replaced with the bucket", () => {
    const stack = synth({ allowBucketDestroy: true, encryption: 'SSE-KMS', versioning: false });
    expect(resourceOf(stack, 'terraform_data', 'quartic_destroy_gate')).toEqual({
      input: { bucket: '${aws_s3_bucket.quartic_bucket.id}', region: 'eu-west-2' },
      depends_on: [
        'aws_kms_key.quartic_kms_key',
        'aws_s3_bucket_public_access_block.quartic_public_access_block',
        'aws_s3_bucket_ownership_controls.quartic_ownership',
        'aws_s3_bucket_server_side_encryption_configuration.quartic_encryption',
        'aws_s3_bucket_lifecycle_configuration.quartic_lifecycle',
        'aws_s3_bucket_policy.quartic_tls_only_policy',
        'aws_iam_role_policy.quartic_access_policy',
      ],
      // A new bucket name replaces the bucket; the gate is replaced first, so its check runs then too.
      lifecycle: { replace_triggered_by: ['aws_s3_bucket.quartic_bucket.id'] },
      provisioner: [
        {
          'local-exec': {
            when: 'destroy',
            interpreter: ['/bin/sh', '-c'],
            command: EMPTY_BUCKET_CHECK,
            environment: { QUARTIC_BUCKET: '${self.input.bucket}', QUARTIC_REGION: '${self.input.region}' },
          },
        },
      ],
    });
  });

  test('the bucket depends on a created key, so a destroy deletes the key only after the bucket', () => {
    expect(
      resourceOf(synth({ encryption: 'SSE-KMS' }), 'aws_s3_bucket', 'quartic_bucket').depends_on,
    ).toEqual(['aws_kms_key.quartic_kms_key']);
    expect(resourceOf(synth(), 'aws_s3_bucket', 'quartic_bucket')).not.toHaveProperty('depends_on');
  });

  const removedOf = (extra: Partial<QuarticS3IntegrationOptions>) =>
    ((synth(extra) as { removed?: Array<{ from: string; lifecycle: unknown }> }).removed ?? []).map(
      (block) => {
        expect(block.lifecycle).toEqual({ destroy: false });
        return block.from.replace(/^[a-z0-9_]+\.quartic_/, '');
      },
    );
  const KEY = 'arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  test.each<[string, Partial<QuarticS3IntegrationOptions>, string[]]>([
    [
      'SSE-KMS with a created key and logging',
      { encryption: 'SSE-KMS', accessLogging: { targetBucket: 'acme-logs' } },
      [],
    ],
    ['SSE-KMS with a given key', { encryption: 'SSE-KMS', kmsKeyArn: KEY }, ['kms_key', 'logging']],
    ['versioning off', { versioning: false }, ['kms_key', 'versioning', 'logging']],
    [
      'allowBucketDestroy: settings may go, the key never',
      { allowBucketDestroy: true, versioning: false },
      ['kms_key'],
    ],
    ['an existing bucket', { existingBucket: true }, REMOVABLE_RESOURCES.map(([, name]) => name)],
  ])('%s: removed blocks forget exactly the absent resources', (_, extra, forgotten) => {
    expect(removedOf(extra)).toEqual(forgotten);
  });

  test('REMOVABLE_RESOURCES lists every resource but the role, its policy and the destroy gate', () => {
    const everything = synth({
      encryption: 'SSE-KMS',
      accessLogging: { targetBucket: 'acme-logs' },
      allowBucketDestroy: true,
    });
    const addresses = Object.entries(everything.resource ?? {}).flatMap(([type, byName]) =>
      Object.keys(byName).map((name) => `${type}.${name}`),
    );
    expect(addresses.sort()).toEqual(
      [
        ...REMOVABLE_RESOURCES.map(([type, name]) => `${type}.quartic_${name}`),
        'aws_iam_role.quartic_role',
        'aws_iam_role_policy.quartic_access_policy',
        'terraform_data.quartic_destroy_gate',
      ].sort(),
    );
  });

  test('bucketGuardrails: false leaves only the TLS-only statement', () => {
    const policy = resourceOf(
      synth({ bucketGuardrails: false }),
      'aws_s3_bucket_policy',
      'quartic_tls_only_policy',
    );
    expect(policyOf(policy.policy).Statement.map((s) => s.Sid)).toEqual(['DenyInsecureTransport']);
  });

  test("guardrails with a created key allow writes that name only that key's ARN", () => {
    const policy = resourceOf(
      synth({ encryption: 'SSE-KMS' }),
      'aws_s3_bucket_policy',
      'quartic_tls_only_policy',
    ).policy as string;
    expect(policy).toMatch(/^\$\{jsonencode\(/);
    expect(policy).toContain(
      '"StringNotEquals" = {"s3:x-amz-server-side-encryption-aws-kms-key-id" = aws_kms_key.quartic_kms_key.arn}',
    );
  });

  test('role options: name, trusted account, session duration, description', () => {
    const role = resourceOf(
      synth({
        roleName: 'acme-quartic',
        trustedAccountId: '111122223333',
        maxSessionDuration: 7200,
        roleDescription: 'Quartic data platform access',
      }),
      'aws_iam_role',
      'quartic_role',
    );
    expect(role).toMatchObject({
      name: 'acme-quartic',
      max_session_duration: 7200,
      description: 'Quartic data platform access',
    });
    expect(policyOf(role.assume_role_policy).Statement[0].Principal).toEqual({
      AWS: 'arn:aws:iam::111122223333:root',
    });
  });
});

describe('QuarticS3Integration validation at synth', () => {
  const outdirs: string[] = [];
  afterAll(() => outdirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const newStack = () => {
    const outdir = mkdtempSync(join(tmpdir(), 'quartic-test-'));
    outdirs.push(outdir);
    return new TerraformStack(new App({ outdir }), 'test');
  };

  test('throws one error listing every problem', () => {
    const error = (() => {
      try {
        new QuarticS3Integration(newStack(), 'quartic', {
          bucketName: 'Bad_Name',
          region: 'mars-1',
          externalId: 'x',
        });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(QuarticConfigError);
    expect((error as QuarticConfigError).problems.map((p) => p.field)).toEqual([
      'bucketName',
      'region',
      'externalId',
    ]);
    expect((error as Error).message.split('\n')[0]).toBe(
      'Invalid Quartic S3 integration configuration (3 problems):',
    );
  });

  test('dotted bucket names synthesize with a warning annotation', () => {
    const stack = newStack();
    const integration = new QuarticS3Integration(stack, 'quartic', {
      ...BASE_OPTIONS,
      bucketName: 'quartic-data.acme.com',
    });
    const warnings = integration.node.metadata
      .filter((m) => m.type === '@cdktf/warn')
      .map((m) => String(m.data));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('contains dots: virtual-hosted-style HTTPS');
  });

  test('unresolved tokens are not validated as literals', () => {
    const stack = newStack();
    const { TerraformVariable } = jest.requireActual<typeof import('cdktf')>('cdktf');
    const externalId = new TerraformVariable(stack, 'external_id', { type: 'string', sensitive: true });
    expect(
      () =>
        new QuarticS3Integration(stack, 'quartic', { ...BASE_OPTIONS, externalId: externalId.stringValue }),
    ).not.toThrow();
    const synthesized = JSON.parse(Testing.synth(stack)) as SynthesizedStack;
    expect(String(resourceOf(synthesized, 'aws_iam_role', 'quartic_role').assume_role_policy)).toContain(
      '"sts:ExternalId" = var.external_id',
    );
  });

  test('a passed provider is used by every resource and must match the region', () => {
    const stack = newStack();
    const provider = new AwsProvider(stack, 'aws', { region: 'eu-west-2', alias: 'customer' });
    new QuarticS3Integration(stack, 'quartic', { ...BASE_OPTIONS, provider });
    const synthesized = JSON.parse(Testing.synth(stack)) as SynthesizedStack;
    expect(synthesized.provider?.aws).toHaveLength(1);
    for (const [type, blocks] of Object.entries(synthesized.resource ?? {})) {
      for (const block of Object.values(blocks))
        expect([type, block.provider]).toEqual([type, 'aws.customer']);
    }
    const other = newStack();
    const wrong = new AwsProvider(other, 'aws', { region: 'us-east-1' });
    expect(() => new QuarticS3Integration(other, 'quartic', { ...BASE_OPTIONS, provider: wrong })).toThrow(
      '`provider` must be configured for the same region as `region` ("eu-west-2"), got "us-east-1".',
    );
  });
});
