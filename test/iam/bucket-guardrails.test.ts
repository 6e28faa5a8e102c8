/**
 * The guardrails in the bucket policy, read back from the synthesized JSON and judged by the IAM simulator:
 * every guarded action is explicitly denied to the Quartic role at every access level, even when the
 * role's own policy is widened to s3:* on everything, and allowed again with `bucketGuardrails: false`;
 * writes with SSE-C or a foreign KMS key are denied, writes with the bucket's key or the default encryption
 * are not; an administrator of the customer's account is not affected.
 *
 * The simulator does not derive `aws:PrincipalArn` from the caller; AWS sets it to the role's ARN for a
 * role session, so every request here passes it, as AWS would.
 */
import {
  ACCESS_LEVELS,
  GUARDED_BUCKET_ACTIONS,
  GUARDED_OBJECT_ACTIONS,
  QuarticS3IntegrationOptions,
} from '../../src';
import { allowEverywhere, decide, PolicyJson } from '../support/simulate';
import { BASE_OPTIONS, synthJson } from '../support/synth';
import { CUSTOMER_ADMIN, ROLE_ARN, ROLE_SESSION, s3Arn, s3BucketAndObjectActions } from './fixtures';
import { policiesOf, TEST_KEY_ARN } from './synthesized-policies';

const BUCKET = BASE_OPTIONS.bucketName;
const AS_ROLE = { 'aws:SecureTransport': 'true', 'aws:PrincipalArn': ROLE_ARN };
const AS_ADMIN = { 'aws:SecureTransport': 'true', 'aws:PrincipalArn': CUSTOMER_ADMIN };
const GUARDED = [
  ...GUARDED_BUCKET_ACTIONS.map((g) => ({ action: g.action, kind: 'bucket' as const })),
  ...GUARDED_OBJECT_ACTIONS.map((g) => ({ action: g.action, kind: 'object' as const })),
];
const FOREIGN_KEY = 'arn:aws:kms:eu-west-2:444455556666:key/99999999-9999-4999-8999-999999999999';
const SSE_C = 's3:x-amz-server-side-encryption-customer-algorithm';
const KMS_KEY_ID = 's3:x-amz-server-side-encryption-aws-kms-key-id';

const policies = (extra: Partial<QuarticS3IntegrationOptions>) => {
  const { access, bucket } = policiesOf(synthJson({ ...BASE_OPTIONS, ...extra }));
  if (bucket === undefined) throw new Error('no bucket policy synthesized');
  return { access, bucket };
};

/** The decision for each guarded action: `{ "<action> on <kind>": decision }`. */
async function guardedTable(
  principal: string,
  identity: PolicyJson,
  bucketPolicy: PolicyJson,
  context = AS_ROLE,
) {
  const table: Record<string, string> = {};
  for (const { action, kind } of GUARDED) {
    table[`${action} on ${kind}`] = await decide({
      principal,
      action,
      resource: s3Arn(BUCKET, kind),
      identityPolicies: [identity],
      resourcePolicy: bucketPolicy,
      context,
    });
  }
  return table;
}
const all = (decision: string) =>
  Object.fromEntries(GUARDED.map((g) => [`${g.action} on ${g.kind}`, decision]));

test('every guarded action is a real S3 action of the kind its statement names', async () => {
  const actions = await s3BucketAndObjectActions();
  for (const { action, kind } of GUARDED) {
    expect([action, kind, actions.some((a) => a.action === action && a.kind === kind)]).toEqual([
      action,
      kind,
      true,
    ]);
  }
});

describe.each(ACCESS_LEVELS)('access level %s', (accessLevel) => {
  const on = policies({ accessLevel });
  const off = policies({ accessLevel, bucketGuardrails: false });

  test('the role is explicitly denied every guarded action, even with its policy widened to s3:*', async () => {
    expect(await guardedTable(ROLE_SESSION, on.access, on.bucket)).toEqual(all('ExplicitlyDenied'));
    expect(await guardedTable(ROLE_SESSION, allowEverywhere('s3:*'), on.bucket)).toEqual(
      all('ExplicitlyDenied'),
    );
  });

  test('with bucketGuardrails: false, only the role policy decides (full allows every guarded action)', async () => {
    expect(await guardedTable(ROLE_SESSION, off.access, off.bucket)).toEqual(
      all(accessLevel === 'full' ? 'Allowed' : 'ImplicitlyDenied'),
    );
    expect(await guardedTable(ROLE_SESSION, allowEverywhere('s3:*'), off.bucket)).toEqual(all('Allowed'));
  });
});

describe('object writes and their encryption', () => {
  const cases: Array<[string, Partial<QuarticS3IntegrationOptions>, Record<string, string>, string]> = [
    ['SSE-S3: the default encryption (no header)', {}, {}, 'Allowed'],
    ['SSE-S3: SSE-C', {}, { [SSE_C]: 'AES256' }, 'ExplicitlyDenied'],
    ['SSE-S3: any KMS key named in the request', {}, { [KMS_KEY_ID]: FOREIGN_KEY }, 'ExplicitlyDenied'],
    ['created key: the default encryption', { encryption: 'SSE-KMS' }, {}, 'Allowed'],
    [
      'created key: that key by its ARN',
      { encryption: 'SSE-KMS' },
      { [KMS_KEY_ID]: TEST_KEY_ARN },
      'Allowed',
    ],
    [
      'created key: another key',
      { encryption: 'SSE-KMS' },
      { [KMS_KEY_ID]: FOREIGN_KEY },
      'ExplicitlyDenied',
    ],
    ['created key: SSE-C', { encryption: 'SSE-KMS' }, { [SSE_C]: 'AES256' }, 'ExplicitlyDenied'],
    [
      'given key: that key',
      { encryption: 'SSE-KMS', kmsKeyArn: TEST_KEY_ARN },
      { [KMS_KEY_ID]: TEST_KEY_ARN },
      'Allowed',
    ],
    [
      'given key: another key',
      { encryption: 'SSE-KMS', kmsKeyArn: TEST_KEY_ARN },
      { [KMS_KEY_ID]: FOREIGN_KEY },
      'ExplicitlyDenied',
    ],
    ['guardrails off: SSE-C', { bucketGuardrails: false }, { [SSE_C]: 'AES256' }, 'Allowed'],
    ['guardrails off: another key', { bucketGuardrails: false }, { [KMS_KEY_ID]: FOREIGN_KEY }, 'Allowed'],
  ];

  test.each(cases)('%s: PutObject by the role is %s', async (_, extra, headers, expected) => {
    const { access, bucket } = policies({ accessLevel: 'read-write', ...extra });
    const decision = await decide({
      principal: ROLE_SESSION,
      action: 's3:PutObject',
      resource: s3Arn(BUCKET, 'object'),
      identityPolicies: [access],
      resourcePolicy: bucket,
      context: { ...AS_ROLE, ...headers },
    });
    expect(decision).toBe(expected);
  });
});

describe("the customer's administrators are not affected", () => {
  const { bucket } = policies({ encryption: 'SSE-KMS' });

  test('an administrator may still change every guarded setting', async () => {
    expect(await guardedTable(CUSTOMER_ADMIN, allowEverywhere('s3:*'), bucket, AS_ADMIN)).toEqual(
      all('Allowed'),
    );
  });

  test('an administrator may write with SSE-C or another key', async () => {
    const writes: Array<Record<string, string>> = [{ [SSE_C]: 'AES256' }, { [KMS_KEY_ID]: FOREIGN_KEY }];
    for (const headers of writes) {
      const decision = await decide({
        principal: CUSTOMER_ADMIN,
        action: 's3:PutObject',
        resource: s3Arn(BUCKET, 'object'),
        identityPolicies: [allowEverywhere('s3:*')],
        resourcePolicy: bucket,
        context: { ...AS_ADMIN, ...headers },
      });
      expect([headers, decision]).toEqual([headers, 'Allowed']);
    }
  });

  test('a role of the same name in another account is denied too (the account is a wildcard)', async () => {
    const other = 'arn:aws:iam::444455556666:role/quartic-access';
    const decision = await decide({
      principal: 'arn:aws:sts::444455556666:assumed-role/quartic-access/s',
      action: 's3:PutBucketPolicy',
      resource: s3Arn(BUCKET, 'bucket'),
      resourceAccount: '111122223333',
      identityPolicies: [allowEverywhere('s3:*')],
      resourcePolicy: bucket,
      context: { 'aws:SecureTransport': 'true', 'aws:PrincipalArn': other },
    });
    expect(decision).toBe('ExplicitlyDenied');
  });
});
