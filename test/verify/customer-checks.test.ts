/**
 * Customer mode against a canned AWS (the real SDK clients, a fake HTTP layer answering with AWS's XML):
 * every security control once compliant and once broken, with the diagnosis it produces.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { Readable } from 'node:stream';
import {
  ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS,
  accessPolicy,
  kmsKeyPolicy,
  LOGGING_NOT_MANAGED,
  PolicyDocument,
  bucketPolicy as kitBucketPolicy,
  trustPolicy,
} from '../../src';
import { AwsClients } from '../../src/verify/clients';
import { DEFAULT_EXPECTED } from '../../src/verify/expected';
import { verify } from '../../src/verify/main';
import { CheckResult, VerifyInputs, VerifyReport } from '../../src/verify/types';

const BUCKET = 'quartic-data-acme';
const ROLE_ARN = 'arn:aws:iam::123456789012:role/quartic-access';
const S3NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const IAMNS = 'https://iam.amazonaws.com/doc/2010-05-08/';

/** The kit's bucket policy for this bucket and role: TLS-only plus the guardrails. */
const KIT_BUCKET_POLICY = kitBucketPolicy({
  partition: 'aws',
  bucketName: BUCKET,
  roleName: 'quartic-access',
});

/** The same with `bucketGuardrails: false`: the TLS-only statement alone. */
const TLS_ONLY_BUCKET_POLICY = kitBucketPolicy({
  partition: 'aws',
  bucketName: BUCKET,
  roleName: 'quartic-access',
  guardrails: false,
});

const KEY = 'arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

interface Key {
  arn: string;
  account: string;
  state: string;
  manager: 'CUSTOMER' | 'AWS';
  /** undefined: DescribeKey answers NotFoundException. */
  exists: boolean;
  policy: object;
  grants: Array<{ GrantId: string; GranteePrincipal: string; Operations: string[] }>;
}

interface Rule {
  ID?: string;
  Status: string;
  Filter?: object;
  AbortIncompleteMultipartUpload?: { DaysAfterInitiation: number };
}

interface World {
  pab: boolean[] | undefined;
  ownership: string | undefined;
  encryption: string | undefined;
  kmsKey?: string;
  bucketPolicy: object | undefined;
  trust: object;
  inline: object[];
  attached: string[];
  /** Items per page of every IAM and KMS list answer (IsTruncated/Marker, Truncated/NextMarker). */
  pageSize: number;
  /** The Marker of every list request, by action: the pagination seam. */
  markers: Record<string, Array<string | undefined>>;
  versioning: 'Enabled' | 'Suspended' | undefined;
  lifecycle: Rule[] | undefined;
  logging: { TargetBucket: string; TargetPrefix: string } | undefined;
  maxSessionDuration: number;
  key: Key;
}

const KIT_RULE: Rule = {
  ID: 'abort-incomplete-multipart-uploads',
  Status: 'Enabled',
  Filter: {},
  AbortIncompleteMultipartUpload: { DaysAfterInitiation: ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS },
};

const kitKeyPolicy = (accessLevel: 'full' | 'read-only' = 'full') =>
  kmsKeyPolicy({
    partition: 'aws',
    accountId: '123456789012',
    roleArn: ROLE_ARN,
    bucketName: BUCKET,
    region: 'eu-west-2',
    accessLevel,
  });

const healthy = (): World => ({
  pab: [true, true, true, true],
  ownership: 'BucketOwnerEnforced',
  encryption: 'AES256',
  bucketPolicy: KIT_BUCKET_POLICY,
  trust: trustPolicy({ partition: 'aws', trustedAccountId: '555071496850', externalId: 'q-1' }),
  inline: [accessPolicy({ partition: 'aws', bucketName: BUCKET, accessLevel: 'full', region: 'eu-west-2' })],
  attached: [],
  pageSize: 100,
  markers: {},
  versioning: 'Enabled',
  lifecycle: [KIT_RULE],
  logging: undefined,
  maxSessionDuration: 3600,
  key: {
    arn: KEY,
    account: '123456789012',
    state: 'Enabled',
    manager: 'CUSTOMER',
    exists: true,
    policy: kitKeyPolicy(),
    grants: [],
  },
});

/** The healthy world with SSE-KMS on the kit's key, and the role's policy naming it. */
const healthyKms = (): World => {
  const world = healthy();
  world.encryption = 'aws:kms';
  world.kmsKey = KEY;
  world.inline = [
    accessPolicy({
      partition: 'aws',
      bucketName: BUCKET,
      accessLevel: 'full',
      region: 'eu-west-2',
      kmsKeyArn: KEY,
    }),
  ];
  return world;
};

/** One page of `items` from the request's Marker, as IAM and KMS list calls page. */
function page<T>(world: World, action: string, marker: string | undefined, items: readonly T[]) {
  (world.markers[action] ??= []).push(marker);
  const start = marker === undefined ? 0 : Number(marker.replace('m', ''));
  const end = start + world.pageSize;
  return { items: items.slice(start, end), next: end < items.length ? `m${end}` : undefined };
}

const xml = (status: number, body: string) => ({ status, body });
const s3Error = (code: string) => xml(404, `<Error><Code>${code}</Code><Message>${code}</Message></Error>`);
const iamResult = (action: string, inner: string) =>
  xml(
    200,
    `<${action}Response xmlns="${IAMNS}"><${action}Result>${inner}</${action}Result></${action}Response>`,
  );

interface Canned {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

function answer(
  world: World,
  request: {
    method: string;
    hostname: string;
    query: Record<string, unknown>;
    headers: Record<string, string>;
    body: string;
  },
): Canned {
  if (request.hostname.startsWith('sts.')) {
    return xml(
      200,
      `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/admin</Arn><UserId>AIDA</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`,
    );
  }
  if (request.hostname.startsWith('iam.')) {
    const action = /Action=(\w+)/.exec(request.body)?.[1];
    const policy = (doc: object) => encodeURIComponent(JSON.stringify(doc));
    const marker = /Marker=([^&]+)/.exec(request.body)?.[1];
    const truncation = (next: string | undefined) =>
      next === undefined
        ? '<IsTruncated>false</IsTruncated>'
        : `<IsTruncated>true</IsTruncated><Marker>${next}</Marker>`;
    if (action === 'GetRole') {
      return iamResult(
        'GetRole',
        `<Role><Path>/</Path><RoleName>quartic-access</RoleName><RoleId>AROA</RoleId><Arn>${ROLE_ARN}</Arn><CreateDate>2026-11-29T00:00:00Z</CreateDate><AssumeRolePolicyDocument>${policy(world.trust)}</AssumeRolePolicyDocument><MaxSessionDuration>${world.maxSessionDuration}</MaxSessionDuration></Role>`,
      );
    }
    if (action === 'ListRolePolicies') {
      const { items, next } = page(
        world,
        action,
        marker,
        world.inline.map((_, i) => `p${i}`),
      );
      const names = items.map((name) => `<member>${name}</member>`).join('');
      return iamResult('ListRolePolicies', `<PolicyNames>${names}</PolicyNames>${truncation(next)}`);
    }
    if (action === 'GetRolePolicy') {
      const index = Number(/PolicyName=p(\d+)/.exec(request.body)?.[1]);
      return iamResult(
        'GetRolePolicy',
        `<RoleName>quartic-access</RoleName><PolicyName>p${index}</PolicyName><PolicyDocument>${policy(world.inline[index])}</PolicyDocument>`,
      );
    }
    if (action === 'ListAttachedRolePolicies') {
      const { items, next } = page(world, action, marker, world.attached);
      const members = items.map(
        (arn) =>
          `<member><PolicyName>${arn.split('/').pop()}</PolicyName><PolicyArn>${arn}</PolicyArn></member>`,
      );
      return iamResult(
        'ListAttachedRolePolicies',
        `<AttachedPolicies>${members.join('')}</AttachedPolicies>${truncation(next)}`,
      );
    }
    throw new Error(`unexpected IAM call ${action}`);
  }
  if (request.hostname.startsWith('kms.')) return kmsAnswer(world, request);
  const q = Object.keys(request.query);
  if (request.method === 'HEAD') return { status: 200, headers: { 'x-amz-bucket-region': 'eu-west-2' } };
  if (q.includes('publicAccessBlock')) {
    if (world.pab === undefined) return s3Error('NoSuchPublicAccessBlockConfiguration');
    const [a, b, c, d] = world.pab;
    return xml(
      200,
      `<PublicAccessBlockConfiguration xmlns="${S3NS}"><BlockPublicAcls>${a}</BlockPublicAcls><IgnorePublicAcls>${b}</IgnorePublicAcls><BlockPublicPolicy>${c}</BlockPublicPolicy><RestrictPublicBuckets>${d}</RestrictPublicBuckets></PublicAccessBlockConfiguration>`,
    );
  }
  if (q.includes('ownershipControls')) {
    if (world.ownership === undefined) return s3Error('OwnershipControlsNotFoundError');
    return xml(
      200,
      `<OwnershipControls xmlns="${S3NS}"><Rule><ObjectOwnership>${world.ownership}</ObjectOwnership></Rule></OwnershipControls>`,
    );
  }
  if (q.includes('encryption')) {
    if (world.encryption === undefined) return s3Error('ServerSideEncryptionConfigurationNotFoundError');
    return xml(
      200,
      `<ServerSideEncryptionConfiguration xmlns="${S3NS}"><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>${world.encryption}</SSEAlgorithm>${world.kmsKey ? `<KMSMasterKeyID>${world.kmsKey}</KMSMasterKeyID>` : ''}</ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>`,
    );
  }
  if (q.includes('versioning')) {
    const status = world.versioning === undefined ? '' : `<Status>${world.versioning}</Status>`;
    return xml(200, `<VersioningConfiguration xmlns="${S3NS}">${status}</VersioningConfiguration>`);
  }
  if (q.includes('lifecycle')) {
    if (world.lifecycle === undefined) return s3Error('NoSuchLifecycleConfiguration');
    const rules = world.lifecycle.map(
      (rule) =>
        `<Rule>${rule.ID === undefined ? '' : `<ID>${rule.ID}</ID>`}${
          rule.Filter === undefined
            ? ''
            : `<Filter>${Object.entries(rule.Filter)
                .map(([k, v]) => `<${k}>${String(v)}</${k}>`)
                .join('')}</Filter>`
        }<Status>${rule.Status}</Status>${rule.AbortIncompleteMultipartUpload === undefined ? '' : `<AbortIncompleteMultipartUpload><DaysAfterInitiation>${rule.AbortIncompleteMultipartUpload.DaysAfterInitiation}</DaysAfterInitiation></AbortIncompleteMultipartUpload>`}</Rule>`,
    );
    return xml(200, `<LifecycleConfiguration xmlns="${S3NS}">${rules.join('')}</LifecycleConfiguration>`);
  }
  if (q.includes('logging')) {
    const on =
      world.logging === undefined
        ? ''
        : `<LoggingEnabled><TargetBucket>${world.logging.TargetBucket}</TargetBucket><TargetPrefix>${world.logging.TargetPrefix}</TargetPrefix></LoggingEnabled>`;
    return xml(200, `<BucketLoggingStatus xmlns="${S3NS}">${on}</BucketLoggingStatus>`);
  }
  if (q.includes('policy')) {
    if (world.bucketPolicy === undefined) return s3Error('NoSuchBucketPolicy');
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(world.bucketPolicy),
    };
  }
  throw new Error(`unexpected S3 call ${request.method} ${q.join(',')}`);
}

/** KMS speaks JSON 1.1: the action is in X-Amz-Target, the answer is a JSON object. */
function kmsAnswer(world: World, request: { headers: Record<string, string>; body: string }): Canned {
  const action = (request.headers['x-amz-target'] ?? '').replace('TrentService.', '');
  const input = JSON.parse(request.body || '{}') as { KeyId?: string; Marker?: string };
  const json = (body: object, status = 200) => ({
    status,
    headers: { 'content-type': 'application/x-amz-json-1.1' },
    body: JSON.stringify(body),
  });
  const key = world.key;
  if (!key.exists) {
    return json({ __type: 'NotFoundException', message: `Key '${input.KeyId ?? ''}' does not exist` }, 400);
  }
  if (action === 'DescribeKey') {
    return json({
      KeyMetadata: {
        KeyId: key.arn.split('/').pop(),
        Arn: key.arn,
        AWSAccountId: key.account,
        KeyState: key.state,
        Enabled: key.state === 'Enabled',
        KeyManager: key.manager,
        ...(key.state === 'PendingDeletion' ? { DeletionDate: Date.UTC(2027, 0, 3) / 1000 } : {}),
      },
    });
  }
  if (action === 'GetKeyPolicy') return json({ PolicyName: 'default', Policy: JSON.stringify(key.policy) });
  if (action === 'ListGrants') {
    const { items, next } = page(world, action, input.Marker, key.grants);
    return json({
      Grants: items,
      Truncated: next !== undefined,
      ...(next === undefined ? {} : { NextMarker: next }),
    });
  }
  throw new Error(`unexpected KMS call ${action}`);
}

function clientsFor(world: World): AwsClients {
  const requestHandler = {
    handle: async (request: {
      method: string;
      hostname: string;
      query?: Record<string, unknown>;
      headers: Record<string, string>;
      body?: unknown;
    }) => {
      const canned = answer(world, {
        method: request.method,
        hostname: request.hostname,
        query: request.query ?? {},
        headers: request.headers,
        // Query-protocol bodies (IAM, STS) are strings; JSON ones (KMS) may be bytes.
        body:
          typeof request.body === 'string'
            ? request.body
            : request.body instanceof Uint8Array
              ? new TextDecoder().decode(request.body)
              : '',
      });
      return {
        response: {
          statusCode: canned.status,
          headers: { 'content-type': 'text/xml', ...canned.headers },
          body: Readable.from([Buffer.from(canned.body ?? '')]),
        },
      };
    },
  };
  const common = {
    credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 's' },
    requestHandler,
    maxAttempts: 1,
  };
  return {
    s3: (region) => new S3Client({ region, ...common }),
    iam: () => new IAMClient({ region: 'us-east-1', ...common }),
    sts: (region) => new STSClient({ region, ...common }),
    kms: (region) => new KMSClient({ region, ...common }),
  };
}

const INPUTS: VerifyInputs = {
  bucket: BUCKET,
  region: 'eu-west-2',
  roleArn: ROLE_ARN,
  externalId: 'q-1',
  trustedAccountId: '555071496850',
  mode: 'customer',
  prefix: 'quartic-verify/',
  expected: DEFAULT_EXPECTED,
};

const check = (report: VerifyReport, id: string): CheckResult | undefined =>
  report.checks.find((c) => c.id === id);

test('a healthy set-up passes every check and carries the hand-off', async () => {
  const report = await verify(INPUTS, clientsFor(healthy()));
  expect(report.checks.map((c) => `${c.id}:${c.status}`)).toEqual([
    'credentials:pass',
    'bucket-region:pass',
    'public-access-block:pass',
    'ownership:pass',
    'encryption:pass',
    'tls-policy:pass',
    'bucket-guardrails:pass',
    'bucket-policy-grants:pass',
    'kms-key:skip',
    'kms-key-policy:skip',
    'role:pass',
    'trust-policy:pass',
    'access-policy:pass',
    'versioning:pass',
    'lifecycle:pass',
    'access-logging:pass',
    'session-duration:pass',
  ]);
  expect(report).toMatchObject({
    ok: true,
    exitCode: 0,
    handoff: { bucket_name: BUCKET, bucket_region: 'eu-west-2', role_arn: ROLE_ARN },
  });
});

/** The kit's bucket policy plus one Allow statement. */
const withAllow = (principal: object | string, action: string): object => {
  return {
    ...KIT_BUCKET_POLICY,
    Statement: [
      ...KIT_BUCKET_POLICY.Statement,
      { Effect: 'Allow', Principal: principal, Action: action, Resource: `arn:aws:s3:::${BUCKET}/*` },
    ],
  };
};

/** `id` is the one failing check, with `diagnosis` in its text and `exitCode` as the report's. */
async function expectSoleFailure(world: World, id: string, exitCode: number, diagnosis: string) {
  const report = await verify(INPUTS, clientsFor(world));
  expect(check(report, id)?.status).toBe('fail');
  expect(check(report, id)?.diagnosis).toContain(diagnosis);
  expect(report.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual([id]);
  expect(report.exitCode).toBe(exitCode);
  expect(report.handoff).toBeUndefined();
}

const broadTrust = (statement: object): PolicyDocument =>
  ({ Version: '2012-10-17', Statement: [statement] }) as unknown as PolicyDocument;

test.each<[string, (w: World) => void, string, number, string]>([
  [
    'one public access setting off',
    (w) => (w.pab = [true, true, false, true]),
    'public-access-block',
    12,
    'BlockPublicPolicy is off',
  ],
  [
    'no public access block',
    (w) => (w.pab = undefined),
    'public-access-block',
    12,
    'has no public access block',
  ],
  [
    'ACLs still on',
    (w) => (w.ownership = 'ObjectWriter'),
    'ownership',
    13,
    'Object ownership of quartic-data-acme is ObjectWriter',
  ],
  [
    'no default encryption',
    (w) => (w.encryption = undefined),
    'encryption',
    13,
    'has no default encryption configuration',
  ],
  [
    'bucket policy without the TLS statement',
    (w) =>
      (w.bucketPolicy = {
        ...KIT_BUCKET_POLICY,
        Statement: KIT_BUCKET_POLICY.Statement.filter((st) => st.Sid !== 'DenyInsecureTransport'),
      }),
    'tls-policy',
    13,
    'lacks the TLS-only deny statement',
  ],
  [
    'trust for everyone',
    (w) =>
      (w.trust = broadTrust({
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': 'q-1' } },
      })),
    'trust-policy',
    15,
    "it also trusts * (broader than Quartic's account)",
  ],
  [
    'trust without external ID',
    (w) =>
      (w.trust = broadTrust({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::555071496850:root' },
        Action: 'sts:AssumeRole',
      })),
    'trust-policy',
    15,
    "it trusts Quartic's account without an external ID condition",
  ],
  [
    'trust for another account',
    (w) => (w.trust = trustPolicy({ partition: 'aws', trustedAccountId: '444455556666', externalId: 'q-1' })),
    'trust-policy',
    15,
    'it also trusts arn:aws:iam::444455556666:root',
  ],
  [
    'an extra statement for another bucket',
    (w) =>
      w.inline.push({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::other-bucket/*' }],
      }),
    'access-policy',
    16,
    'wider than expected: Allow s3:GetObject on arn:aws:s3:::other-bucket/*',
  ],
  [
    'a managed policy attached',
    (w) => w.attached.push('arn:aws:iam::aws:policy/AmazonS3FullAccess'),
    'access-policy',
    16,
    'managed policies are attached (arn:aws:iam::aws:policy/AmazonS3FullAccess)',
  ],
  ['no permissions at all', (w) => (w.inline = []), 'access-policy', 16, 'has no permissions policy'],
  [
    'the bucket policy also allows another account',
    (w) => (w.bucketPolicy = withAllow({ AWS: 'arn:aws:iam::444455556666:root' }, 's3:GetObject')),
    'bucket-policy-grants',
    17,
    'another account (444455556666): arn:aws:iam::444455556666:root: Allow s3:GetObject',
  ],
  [
    "the bucket policy allows Quartic's account root directly",
    (w) => (w.bucketPolicy = withAllow({ AWS: '555071496850' }, 's3:*')),
    'bucket-policy-grants',
    17,
    "Quartic's account root directly, without the role or the external ID (arn:aws:iam::555071496850:root)",
  ],
  [
    'the bucket policy gives the role s3:*',
    (w) => (w.bucketPolicy = withAllow({ AWS: ROLE_ARN }, 's3:*')),
    'bucket-policy-grants',
    17,
    'no longer limits what Quartic',
  ],
  [
    'the bucket policy allows everyone',
    (w) => (w.bucketPolicy = withAllow('*', 's3:GetObject')),
    'bucket-policy-grants',
    17,
    'everyone (*): Allow s3:GetObject',
  ],
  [
    'versioning suspended',
    (w) => (w.versioning = 'Suspended'),
    'versioning',
    30,
    'Versioning of quartic-data-acme is Suspended',
  ],
  ['versioning never enabled', (w) => (w.versioning = undefined), 'versioning', 30, 'is never enabled'],
  [
    'lifecycle configuration removed',
    (w) => (w.lifecycle = undefined),
    'lifecycle',
    31,
    'Bucket quartic-data-acme has no lifecycle configuration',
  ],
  [
    'lifecycle rule disabled',
    (w) => (w.lifecycle = [{ ...KIT_RULE, Status: 'Disabled' }]),
    'lifecycle',
    31,
    'found: "abort-incomplete-multipart-uploads" Disabled',
  ],
  [
    'lifecycle rule waits longer',
    (w) => (w.lifecycle = [{ ...KIT_RULE, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 30 } }]),
    'lifecycle',
    31,
    'aborts uploads after 30 days',
  ],
  [
    'lifecycle rule narrowed to a prefix',
    (w) => (w.lifecycle = [{ ...KIT_RULE, Filter: { Prefix: 'tmp/' } }]),
    'lifecycle',
    31,
    'filtered ({"Prefix":"tmp/"})',
  ],
  [
    'access logs sent somewhere nobody expected',
    (w) => (w.logging = { TargetBucket: 'someone-elses-logs', TargetPrefix: 'x/' }),
    'access-logging',
    33,
    'go to s3://someone-elses-logs/x/, but no log bucket was expected',
  ],
  [
    'session duration raised to 12 hours',
    (w) => (w.maxSessionDuration = 43200),
    'session-duration',
    32,
    'maximum session duration is 43200 s, not 3600 s',
  ],
])('%s', async (_name, breakIt, id, exitCode, diagnosis) => {
  const world = healthy();
  breakIt(world);
  await expectSoleFailure(world, id, exitCode, diagnosis);
});

test('the access level is detected, or pinned with --access-level', async () => {
  const world = healthy();
  world.inline = [
    accessPolicy({ partition: 'aws', bucketName: BUCKET, accessLevel: 'read-only', region: 'eu-west-2' }),
  ];
  const detected = await verify(INPUTS, clientsFor(world));
  expect(check(detected, 'access-policy')).toMatchObject({
    status: 'pass',
    detail: 'matches the read-only level',
  });
  const pinned = await verify({ ...INPUTS, accessLevel: 'read-write' }, clientsFor(world));
  expect(check(pinned, 'access-policy')?.diagnosis).toContain('missing: Allow s3:ListBucketMultipartUploads');
});

test('SSE-KMS: the bucket key joins the expected policy, both ways', async () => {
  const key = 'arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const world = healthy();
  world.encryption = 'aws:kms';
  world.kmsKey = key;
  const withoutKey = await verify(INPUTS, clientsFor(world));
  expect(check(withoutKey, 'encryption')?.detail).toBe(`aws:kms with ${key}`);
  expect(check(withoutKey, 'access-policy')?.diagnosis).toContain(`missing: Allow kms:Decrypt on ${key}`);
  world.inline = [
    accessPolicy({
      partition: 'aws',
      bucketName: BUCKET,
      accessLevel: 'full',
      region: 'eu-west-2',
      kmsKeyArn: key,
    }),
  ];
  const withKey = await verify(INPUTS, clientsFor(world));
  expect(check(withKey, 'access-policy')).toMatchObject({
    status: 'pass',
    detail: 'matches the full level (with the bucket key)',
  });
});

describe('the expected configuration (from the quartic_expected output or flags)', () => {
  test('versioning off and no lifecycle pass when not required; logging and session duration as given', async () => {
    const world = healthy();
    world.versioning = 'Suspended';
    world.lifecycle = undefined;
    world.logging = { TargetBucket: 'acme-logs', TargetPrefix: `${BUCKET}/` };
    world.maxSessionDuration = 7200;
    const report = await verify(
      {
        ...INPUTS,
        expected: {
          versioning: false,
          lifecycle: false,
          bucket_guardrails: true,
          max_session_duration: 7200,
          access_logging: { target_bucket: 'acme-logs', target_prefix: `${BUCKET}/` },
        },
      },
      clientsFor(world),
    );
    expect(report.exitCode).toBe(0);
    expect(check(report, 'versioning')?.detail).toBe('Suspended (not required)');
    expect(check(report, 'lifecycle')?.detail).toBe('not required; found: no rule');
    expect(check(report, 'access-logging')?.detail).toBe(`to s3://acme-logs/${BUCKET}/`);
    expect(check(report, 'session-duration')?.detail).toBe('7200 s');
  });

  test('expected logging that is off, or goes elsewhere, fails with exit 33', async () => {
    const expected = {
      ...DEFAULT_EXPECTED,
      access_logging: { target_bucket: 'acme-logs', target_prefix: 'q/' },
    };
    const off = await verify({ ...INPUTS, expected }, clientsFor(healthy()));
    expect(check(off, 'access-logging')?.diagnosis).toBe(
      'Server access logging of quartic-data-acme is off: requests are no longer recorded in s3://acme-logs/q/.',
    );
    expect(off.exitCode).toBe(33);
    const world = healthy();
    world.logging = { TargetBucket: 'acme-logs', TargetPrefix: 'other/' };
    const elsewhere = await verify({ ...INPUTS, expected }, clientsFor(world));
    expect(check(elsewhere, 'access-logging')?.diagnosis).toBe(
      'Server access logs of quartic-data-acme go to s3://acme-logs/other/, not to s3://acme-logs/q/.',
    );
  });

  test.each([
    ['off', undefined, 'not checked: the kit does not manage the logging of an existing bucket; found: off'],
    [
      'on',
      { TargetBucket: 'their-logs', TargetPrefix: 'x/' },
      'not checked: the kit does not manage the logging of an existing bucket; found: to s3://their-logs/x/',
    ],
  ])(
    'an existing bucket (access_logging "not managed"): logging %s is not judged',
    async (_, logging, detail) => {
      const world = healthy();
      world.logging = logging;
      const report = await verify(
        { ...INPUTS, expected: { ...DEFAULT_EXPECTED, access_logging: LOGGING_NOT_MANAGED } },
        clientsFor(world),
      );
      expect(check(report, 'access-logging')).toMatchObject({ status: 'pass', detail });
      expect(report.exitCode).toBe(0);
    },
  );

  test('a shorter session than expected fails too: Quartic asks for the agreed length', async () => {
    const world = healthy();
    world.maxSessionDuration = 3600;
    const report = await verify(
      { ...INPUTS, expected: { ...DEFAULT_EXPECTED, max_session_duration: 7200 } },
      clientsFor(world),
    );
    expect(check(report, 'session-duration')?.diagnosis).toContain(
      "Quartic's sessions of the agreed length will be refused",
    );
    expect(report.exitCode).toBe(32);
  });

  test('extra lifecycle rules are named in the detail; the kit rule is found among them', async () => {
    const world = healthy();
    world.lifecycle = [{ ID: 'tmp', Status: 'Enabled', Filter: { Prefix: 'tmp/' } }, KIT_RULE];
    const report = await verify(INPUTS, clientsFor(world));
    expect(check(report, 'lifecycle')).toMatchObject({
      status: 'pass',
      detail: `"abort-incomplete-multipart-uploads" after 7 days; other rules: "tmp" Enabled, filtered ({"Prefix":"tmp/"})`,
    });
  });

  test('a Deny-only bucket policy beyond the TLS statement grants nothing and passes', async () => {
    const world = healthy();
    world.bucketPolicy = {
      ...KIT_BUCKET_POLICY,
      Statement: [
        ...KIT_BUCKET_POLICY.Statement,
        {
          Effect: 'Deny',
          Principal: { AWS: ROLE_ARN },
          Action: 's3:PutBucketPolicy',
          Resource: `arn:aws:s3:::${BUCKET}`,
        },
      ],
    };
    const report = await verify(INPUTS, clientsFor(world));
    expect(check(report, 'bucket-policy-grants')).toMatchObject({
      status: 'pass',
      detail: `no Allow statement (${KIT_BUCKET_POLICY.Statement.length + 1} Deny statement(s))`,
    });
    expect(report.exitCode).toBe(0);
  });
});

test('no bucket policy: the TLS statement and the guardrails are missing, nothing is granted; exit 13', async () => {
  const world = healthy();
  world.bucketPolicy = undefined;
  const report = await verify(INPUTS, clientsFor(world));
  expect(check(report, 'tls-policy')?.diagnosis).toContain('has no bucket policy');
  expect(check(report, 'bucket-guardrails')?.diagnosis).toContain('lacks guardrails the kit writes');
  expect(report.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual([
    'tls-policy',
    'bucket-guardrails',
  ]);
  expect(check(report, 'bucket-policy-grants')).toMatchObject({
    status: 'pass',
    detail: 'no bucket policy, so no grant',
  });
  expect(report.exitCode).toBe(13);
});

describe('the guardrails in the bucket policy (bucketPolicy, src/core/policies.ts)', () => {
  test('a guardrail statement removed: exit 34, the unguarded actions named', async () => {
    const world = healthy();
    world.bucketPolicy = {
      ...KIT_BUCKET_POLICY,
      Statement: KIT_BUCKET_POLICY.Statement.filter((st) => st.Sid !== 'QuarticRoleMayNotWeakenTheBucket'),
    };
    await expectSoleFailure(
      world,
      'bucket-guardrails',
      34,
      'lacks guardrails the kit writes: the role quartic-access is no longer denied s3:',
    );
    const report = await verify(INPUTS, clientsFor(world));
    expect(check(report, 'bucket-guardrails')?.diagnosis).toContain('s3:PutBucketPolicy');
  });

  test('TLS-only without guardrails passes with --guardrails false (bucketGuardrails: false)', async () => {
    const world = healthy();
    world.bucketPolicy = TLS_ONLY_BUCKET_POLICY;
    const off = await verify(
      { ...INPUTS, expected: { ...DEFAULT_EXPECTED, bucket_guardrails: false } },
      clientsFor(world),
    );
    expect(check(off, 'bucket-guardrails')).toMatchObject({
      status: 'pass',
      detail: 'not required',
    });
    expect(off.exitCode).toBe(0);
    expect((await verify(INPUTS, clientsFor(world))).exitCode).toBe(34);
  });

  test("both forms the kit writes pass on an SSE-KMS bucket: naming the bucket's key (construct) or none (AWS CLI)", async () => {
    const world = healthyKms();
    world.bucketPolicy = kitBucketPolicy({
      partition: 'aws',
      bucketName: BUCKET,
      roleName: 'quartic-access',
      kmsKeyArn: KEY,
    });
    const named = await verify(INPUTS, clientsFor(world));
    expect(check(named, 'bucket-guardrails')?.status).toBe('pass');
    world.bucketPolicy = KIT_BUCKET_POLICY;
    const unnamed = await verify(INPUTS, clientsFor(world));
    expect(check(unnamed, 'bucket-guardrails')?.status).toBe('pass');
    // A guardrail naming some other key is not the kit's.
    world.bucketPolicy = kitBucketPolicy({
      partition: 'aws',
      bucketName: BUCKET,
      roleName: 'quartic-access',
      kmsKeyArn: KEY.replace('1234abcd', 'eeeeeeee'),
    });
    expect((await verify(INPUTS, clientsFor(world))).exitCode).toBe(34);
  });
});

describe('the KMS key of an SSE-KMS bucket', () => {
  test("the kit's key, enabled, with the kit's policy and no grants, passes", async () => {
    const report = await verify(INPUTS, clientsFor(healthyKms()));
    expect(check(report, 'kms-key')).toMatchObject({ status: 'pass', detail: `${KEY} Enabled` });
    expect(check(report, 'kms-key-policy')).toMatchObject({
      status: 'pass',
      detail: "the kit's key policy for the full level, no grants",
    });
    expect(report.exitCode).toBe(0);
  });

  const open = (statement: object) => {
    const policy = kitKeyPolicy();
    return { ...policy, Statement: [...policy.Statement, statement] };
  };

  test.each<[string, (w: World) => void, string, number, string]>([
    [
      'a key policy open to "AWS": "*"',
      (w) =>
        (w.key.policy = open({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*' })),
      'kms-key-policy',
      19,
      'it lets everyone (*) use the key: Allow kms:* for * on *',
    ],
    [
      'a key policy for another account',
      (w) =>
        (w.key.policy = open({
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::444455556666:root' },
          Action: 'kms:Decrypt',
          Resource: '*',
        })),
      'kms-key-policy',
      19,
      'it lets another account (444455556666): arn:aws:iam::444455556666:root use the key',
    ],
    [
      'the role given kms:* in the key policy',
      (w) =>
        (w.key.policy = open({
          Effect: 'Allow',
          Principal: { AWS: ROLE_ARN },
          Action: 'kms:*',
          Resource: '*',
        })),
      'kms-key-policy',
      19,
      `wider than the kit's: Allow kms:* for ${ROLE_ARN} on *`,
    ],
    [
      'the key scheduled for deletion',
      (w) => (w.key.state = 'PendingDeletion'),
      'kms-key',
      18,
      `Key ${KEY} of bucket quartic-data-acme is scheduled for deletion on 2027-01-03T00:00:00.000Z`,
    ],
    ['the key disabled', (w) => (w.key.state = 'Disabled'), 'kms-key', 18, 'is disabled'],
    ['the key gone', (w) => (w.key.exists = false), 'kms-key', 18, 'which does not exist'],
    [
      'a grant on the key',
      (w) =>
        (w.key.grants = [
          { GrantId: 'g1', GranteePrincipal: 'arn:aws:iam::444455556666:root', Operations: ['Decrypt'] },
        ]),
      'kms-key-policy',
      19,
      "the kit's key has no grants, this one has grant g1 for arn:aws:iam::444455556666:root: Decrypt",
    ],
    [
      'a key of another account',
      (w) => {
        w.key.account = '444455556666';
        w.key.arn = KEY.replace('123456789012', '444455556666');
      },
      'kms-key-policy',
      19,
      'a key of account 444455556666, not yours',
    ],
  ])('%s', async (_name, breakIt, id, exitCode, diagnosis) => {
    const world = healthyKms();
    breakIt(world);
    await expectSoleFailure(world, id, exitCode, diagnosis);
  });

  test('the key policy is compared with the pinned access level', async () => {
    const world = healthyKms();
    world.key.policy = kitKeyPolicy('read-only');
    const report = await verify({ ...INPUTS, accessLevel: 'full' }, clientsFor(world));
    expect(check(report, 'kms-key-policy')?.diagnosis).toContain('missing: Allow kms:GenerateDataKey');
  });

  describe('your own key (--kms-key-arn)', () => {
    const given = { ...INPUTS, expected: { ...DEFAULT_EXPECTED, kms_key_arn: KEY } };
    const customerPolicy = (extra: object[]) => ({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::123456789012:root' },
          Action: 'kms:*',
          Resource: '*',
        },
        ...extra,
      ],
    });

    test('other principals are named, not failed', async () => {
      const world = healthyKms();
      world.key.policy = customerPolicy([
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::444455556666:role/backup' },
          Action: 'kms:Decrypt',
          Resource: '*',
        },
      ]);
      const report = await verify(given, clientsFor(world));
      expect(check(report, 'kms-key-policy')).toMatchObject({
        status: 'pass',
        detail:
          'your key: nothing allowed to everyone; also allowed: another account (444455556666): arn:aws:iam::444455556666:role/backup',
      });
      expect(report.exitCode).toBe(0);
    });

    test('"*" fails unless a condition pins the caller', async () => {
      const world = healthyKms();
      const star = { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' };
      world.key.policy = customerPolicy([star]);
      const bare = await verify(given, clientsFor(world));
      expect(check(bare, 'kms-key-policy')?.diagnosis).toContain(
        'allows everyone, in any account, to use the key (Allow kms:Decrypt for * on *)',
      );
      expect(bare.exitCode).toBe(19);
      world.key.policy = customerPolicy([
        { ...star, Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-2.amazonaws.com' } } },
      ]);
      expect((await verify(given, clientsFor(world))).exitCode).toBe(19);
      world.key.policy = customerPolicy([
        { ...star, Condition: { StringEquals: { 'kms:CallerAccount': '123456789012' } } },
      ]);
      const pinned = await verify(given, clientsFor(world));
      expect(check(pinned, 'kms-key-policy')?.status).toBe('pass');
      world.key.policy = customerPolicy([
        { ...star, Condition: { StringLike: { 'aws:PrincipalArn': '*' } } },
      ]);
      expect((await verify(given, clientsFor(world))).exitCode).toBe(19);
    });

    test('a bucket encrypting with another key than the one given: exit 35', async () => {
      const other = KEY.replace('1234abcd', 'ffffffff');
      const report = await verify(
        { ...INPUTS, expected: { ...DEFAULT_EXPECTED, kms_key_arn: other } },
        clientsFor(healthyKms()),
      );
      expect(check(report, 'kms-key')?.diagnosis).toBe(
        `Bucket quartic-data-acme encrypts with ${KEY}, not with the key you gave (--kms-key-arn ${other}).`,
      );
      expect(report.exitCode).toBe(35);
    });

    test('a bucket on SSE-S3 when a key was given: exit 35', async () => {
      const report = await verify(given, clientsFor(healthy()));
      expect(check(report, 'encryption')?.diagnosis).toBe(
        `Bucket quartic-data-acme encrypts with AES256, not with SSE-KMS and your key ${KEY} (--kms-key-arn).`,
      );
      expect(report.exitCode).toBe(35);
    });
  });

  test('the AWS managed key (aws:kms without a key id) is described by alias and judged as a customer key', async () => {
    const world = healthyKms();
    world.kmsKey = undefined;
    world.key.manager = 'AWS';
    world.key.policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*'],
          Resource: '*',
          Condition: {
            StringEquals: {
              'kms:CallerAccount': '123456789012',
              'kms:ViaService': 's3.eu-west-2.amazonaws.com',
            },
          },
        },
      ],
    };
    world.inline = [
      accessPolicy({ partition: 'aws', bucketName: BUCKET, accessLevel: 'full', region: 'eu-west-2' }),
    ];
    const report = await verify(INPUTS, clientsFor(world));
    expect(check(report, 'kms-key')?.detail).toBe(`${KEY} Enabled (AWS managed aws/s3)`);
    expect(check(report, 'kms-key-policy')?.status).toBe('pass');
  });
});

describe('pagination: every list call reads every page', () => {
  test('inline and attached policies on later pages are found, each request carrying the Marker', async () => {
    const world = healthy();
    world.pageSize = 1;
    world.inline.push(
      accessPolicy({ partition: 'aws', bucketName: BUCKET, accessLevel: 'read-only', region: 'eu-west-2' }),
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::page-three/*' }],
      },
    );
    world.attached = ['arn:aws:iam::123456789012:policy/first', 'arn:aws:iam::aws:policy/AmazonS3FullAccess'];
    const report = await verify(INPUTS, clientsFor(world));
    expect(world.markers.ListRolePolicies).toEqual([undefined, 'm1', 'm2']);
    expect(world.markers.ListAttachedRolePolicies).toEqual([undefined, 'm1']);
    expect(check(report, 'access-policy')?.diagnosis).toContain(
      'managed policies are attached (arn:aws:iam::123456789012:policy/first, arn:aws:iam::aws:policy/AmazonS3FullAccess)',
    );
    expect(check(report, 'access-policy')?.diagnosis).toContain(
      'Allow s3:GetObject on arn:aws:s3:::page-three/*',
    );
  });

  test('a single page is a single request', async () => {
    const world = healthy();
    await verify(INPUTS, clientsFor(world));
    expect(world.markers.ListRolePolicies).toEqual([undefined]);
    expect(world.markers.ListAttachedRolePolicies).toEqual([undefined]);
  });

  test('a KMS grant on the third page of ListGrants is found', async () => {
    const world = healthyKms();
    world.pageSize = 1;
    world.key.grants = [
      { GrantId: 'g1', GranteePrincipal: ROLE_ARN, Operations: ['Decrypt'] },
      { GrantId: 'g2', GranteePrincipal: ROLE_ARN, Operations: ['Decrypt'] },
      { GrantId: 'g3', GranteePrincipal: 'arn:aws:iam::444455556666:root', Operations: ['Decrypt'] },
    ];
    const report = await verify(INPUTS, clientsFor(world));
    expect(world.markers.ListGrants).toEqual([undefined, 'm1', 'm2']);
    expect(check(report, 'kms-key-policy')?.diagnosis).toContain(
      'grant g3 for arn:aws:iam::444455556666:root: Decrypt',
    );
  });
});

describe('the failure classes of their own: guardrails missing (34), another key than the one expected (35)', () => {
  const OTHER_KEY = KEY.replace('1234abcd', 'ffffffff');
  const REDEPLOY_TEXT =
    'Run `npx cdktf deploy` again (it restores every setting the kit manages), or apply the matching step of the AWS CLI guide.';
  const tlsOnly = (): World => ({ ...healthy(), bucketPolicy: TLS_ONLY_BUCKET_POLICY });
  test.each([
    {
      name: 'a TLS-only bucket policy, guardrails expected',
      world: tlsOnly,
      expected: {},
      id: 'bucket-guardrails',
      failure: 'bucket-guardrails',
      exitCode: 34,
      diagnosis:
        `The bucket policy of ${BUCKET} lacks guardrails the kit writes: the role quartic-access is no longer denied ` +
        's3:PutBucketPolicy, s3:DeleteBucketPolicy, s3:PutBucketPublicAccessBlock, s3:PutBucketOwnershipControls, ' +
        's3:PutBucketAcl, s3:PutBucketVersioning, s3:PutLifecycleConfiguration, s3:PutEncryptionConfiguration and ' +
        '15 more, so a wider role policy could weaken the bucket or write objects you cannot read.',
      hint:
        `Put back the statements of bucketPolicy() (src/core/policies.ts). ${REDEPLOY_TEXT} If you deployed with ` +
        'bucketGuardrails: false, pass --guardrails false.',
    },
    {
      name: 'SSE-KMS with another key than the one expected',
      world: healthyKms,
      expected: { kms_key_arn: OTHER_KEY },
      id: 'kms-key',
      failure: 'kms-key-mismatch',
      exitCode: 35,
      diagnosis: `Bucket ${BUCKET} encrypts with ${KEY}, not with the key you gave (--kms-key-arn ${OTHER_KEY}).`,
      hint: `Set the bucket's default encryption to SSE-KMS with ${OTHER_KEY}, or pass the key it uses. ${REDEPLOY_TEXT}`,
    },
    {
      name: 'SSE-S3 when a key was expected',
      world: healthy,
      expected: { kms_key_arn: KEY },
      id: 'encryption',
      failure: 'kms-key-mismatch',
      exitCode: 35,
      diagnosis: `Bucket ${BUCKET} encrypts with AES256, not with SSE-KMS and your key ${KEY} (--kms-key-arn).`,
      hint: `Set default encryption to SSE-KMS with ${KEY}. ${REDEPLOY_TEXT}`,
    },
  ])('$name: $id fails as $failure, exit $exitCode', async (row) => {
    const report = await verify(
      { ...INPUTS, expected: { ...DEFAULT_EXPECTED, ...row.expected } },
      clientsFor(row.world()),
    );
    expect(report.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual([row.id]);
    const { diagnosis, hint, failure } = row;
    expect(check(report, row.id)).toMatchObject({ status: 'fail', failure, diagnosis, hint });
    expect(report).toMatchObject({ exitCode: row.exitCode, failure });
  });
});
