/**
 * Customer mode against a canned AWS (the real SDK clients, a fake HTTP layer answering with AWS's XML):
 * every security control once compliant and once broken, with the diagnosis it produces.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { Readable } from 'node:stream';
import { accessPolicy, PolicyDocument, tlsOnlyBucketPolicy, trustPolicy } from '../../src';
import { AwsClients } from '../../src/verify/clients';
import { verify } from '../../src/verify/main';
import { CheckResult, VerifyInputs, VerifyReport } from '../../src/verify/types';

const BUCKET = 'quartic-data-acme';
const ROLE_ARN = 'arn:aws:iam::123456789012:role/quartic-access';
const S3NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const IAMNS = 'https://iam.amazonaws.com/doc/2010-05-08/';

interface World {
  pab: boolean[] | undefined;
  ownership: string | undefined;
  encryption: string | undefined;
  kmsKey?: string;
  bucketPolicy: object | undefined;
  trust: object;
  inline: object[];
  attached: string[];
}

const healthy = (): World => ({
  pab: [true, true, true, true],
  ownership: 'BucketOwnerEnforced',
  encryption: 'AES256',
  bucketPolicy: tlsOnlyBucketPolicy({ partition: 'aws', bucketName: BUCKET }),
  trust: trustPolicy({ partition: 'aws', trustedAccountId: '555071496850', externalId: 'q-1' }),
  inline: [accessPolicy({ partition: 'aws', bucketName: BUCKET, accessLevel: 'full', region: 'eu-west-2' })],
  attached: [],
});

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
  request: { method: string; hostname: string; query: Record<string, unknown>; body: string },
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
    if (action === 'GetRole') {
      return iamResult(
        'GetRole',
        `<Role><Path>/</Path><RoleName>quartic-access</RoleName><RoleId>AROA</RoleId><Arn>${ROLE_ARN}</Arn><CreateDate>2026-11-29T00:00:00Z</CreateDate><AssumeRolePolicyDocument>${policy(world.trust)}</AssumeRolePolicyDocument></Role>`,
      );
    }
    if (action === 'ListRolePolicies') {
      const names = world.inline.map((_, i) => `<member>p${i}</member>`).join('');
      return iamResult(
        'ListRolePolicies',
        `<PolicyNames>${names}</PolicyNames><IsTruncated>false</IsTruncated>`,
      );
    }
    if (action === 'GetRolePolicy') {
      const index = Number(/PolicyName=p(\d+)/.exec(request.body)?.[1]);
      return iamResult(
        'GetRolePolicy',
        `<RoleName>quartic-access</RoleName><PolicyName>p${index}</PolicyName><PolicyDocument>${policy(world.inline[index])}</PolicyDocument>`,
      );
    }
    if (action === 'ListAttachedRolePolicies') {
      const members = world.attached.map(
        (arn) =>
          `<member><PolicyName>${arn.split('/').pop()}</PolicyName><PolicyArn>${arn}</PolicyArn></member>`,
      );
      return iamResult(
        'ListAttachedRolePolicies',
        `<AttachedPolicies>${members.join('')}</AttachedPolicies><IsTruncated>false</IsTruncated>`,
      );
    }
    throw new Error(`unexpected IAM call ${action}`);
  }
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

function clientsFor(world: World): AwsClients {
  const requestHandler = {
    handle: async (request: {
      method: string;
      hostname: string;
      query?: Record<string, unknown>;
      body?: unknown;
    }) => {
      const canned = answer(world, {
        method: request.method,
        hostname: request.hostname,
        query: request.query ?? {},
        body: typeof request.body === 'string' ? request.body : '',
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
    'role:pass',
    'trust-policy:pass',
    'access-policy:pass',
  ]);
  expect(report).toMatchObject({
    ok: true,
    exitCode: 0,
    handoff: { bucket_name: BUCKET, bucket_region: 'eu-west-2', role_arn: ROLE_ARN },
  });
});

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
  ['no bucket policy', (w) => (w.bucketPolicy = undefined), 'tls-policy', 13, 'has no bucket policy'],
  [
    'bucket policy without the TLS statement',
    (w) =>
      (w.bucketPolicy = {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Deny', Principal: '*', Action: 's3:DeleteBucket', Resource: `arn:aws:s3:::${BUCKET}` },
        ],
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
])('%s: %s fails, exit %d', async (_name, breakIt, id, exitCode, diagnosis) => {
  const world = healthy();
  breakIt(world);
  const report = await verify(INPUTS, clientsFor(world));
  expect(check(report, id)?.status).toBe('fail');
  expect(check(report, id)?.diagnosis).toContain(diagnosis);
  expect(report.checks.filter((c) => c.status === 'fail')).toHaveLength(1);
  expect(report.exitCode).toBe(exitCode);
  expect(report.handoff).toBeUndefined();
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
