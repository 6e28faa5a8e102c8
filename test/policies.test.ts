import {
  ACCESS_LEVEL_DEFINITIONS,
  ACCESS_LEVELS,
  accessPolicy,
  bucketArn,
  bucketPolicy,
  GUARDED_BUCKET_ACTIONS,
  GUARDED_OBJECT_ACTIONS,
  kmsKeyPolicy,
  objectsArn,
  tlsOnlyBucketPolicy,
  trustPolicy,
} from '../src';
import { expectedKmsViaS3Statement } from './support/kms-statement';

const partition = 'aws';
const bucketName = 'quartic-data-acme';

describe('policy builders', () => {
  test('ARNs name exactly the bucket and its objects', () => {
    expect(bucketArn(partition, bucketName)).toBe('arn:aws:s3:::quartic-data-acme');
    expect(objectsArn(partition, bucketName)).toBe('arn:aws:s3:::quartic-data-acme/*');
  });

  test('trust policy: one statement, the external ID condition, no MFA', () => {
    expect(trustPolicy({ partition, trustedAccountId: '555071496850', externalId: 'q-1' })).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'QuarticAssumeRoleWithExternalId',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::555071496850:root' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': 'q-1' } },
        },
      ],
    });
  });

  test.each(ACCESS_LEVELS)(
    '%s: every resource is the bucket or its objects, never a prefix wildcard',
    (level) => {
      const policy = accessPolicy({ partition, bucketName, accessLevel: level, region: 'eu-west-2' });
      const resources = policy.Statement.flatMap((s) => [s.Resource ?? []].flat());
      expect(new Set(resources)).toEqual(
        new Set([bucketArn(partition, bucketName), objectsArn(partition, bucketName)]),
      );
    },
  );

  test.each(['read-write', 'read-only'] as const)(
    '%s lists actions explicitly (no s3:* wildcard)',
    (level) => {
      const actions = accessPolicy({
        partition,
        bucketName,
        accessLevel: level,
        region: 'eu-west-2',
      }).Statement.flatMap((s) => [s.Action].flat());
      expect(actions.every((a) => /^s3:[A-Z][A-Za-z]+$/.test(a))).toBe(true);
      const defined = ACCESS_LEVEL_DEFINITIONS[level];
      expect(actions).toEqual([...defined.bucketActions, ...defined.objectActions].map((g) => g.action));
    },
  );

  test('each action says why it is granted', () => {
    for (const level of ACCESS_LEVELS) {
      const d = ACCESS_LEVEL_DEFINITIONS[level];
      for (const grant of [...d.bucketActions, ...d.objectActions, ...d.kmsActions]) {
        expect(grant.why.length).toBeGreaterThan(10);
      }
    }
  });

  test('KMS grant only with a key, scoped to S3 in the region and this bucket', () => {
    const key = 'arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const withoutKey = accessPolicy({
      partition,
      bucketName,
      accessLevel: 'read-write',
      region: 'eu-west-2',
    });
    expect(withoutKey.Statement.some((s) => [s.Action].flat().some((a) => a.startsWith('kms:')))).toBe(false);
    const withKey = accessPolicy({
      partition,
      bucketName,
      accessLevel: 'read-write',
      region: 'eu-west-2',
      kmsKeyArn: key,
    });
    expect(withKey.Statement[2]).toEqual(
      expectedKmsViaS3Statement(['kms:Decrypt', 'kms:GenerateDataKey'], key),
    );
  });

  test('TLS-only bucket policy denies insecure transport for everyone', () => {
    expect(tlsOnlyBucketPolicy({ partition, bucketName }).Statement).toEqual([
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: ['arn:aws:s3:::quartic-data-acme', 'arn:aws:s3:::quartic-data-acme/*'],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
  });

  describe('bucket policy with guardrails', () => {
    const KEY = 'arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const isRole = { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/quartic-access' } };
    const guarded = (kmsKeyArn?: string) =>
      bucketPolicy({ partition, bucketName, roleName: 'quartic-access', kmsKeyArn }).Statement;

    test('starts with the TLS-only statement, then denies the role, by its ARN, each guarded action', () => {
      const statements = guarded(KEY);
      expect(statements[0]).toEqual(tlsOnlyBucketPolicy({ partition, bucketName }).Statement[0]);
      expect(statements.slice(1, 3)).toEqual([
        {
          Sid: 'QuarticRoleMayNotWeakenTheBucket',
          Effect: 'Deny',
          Principal: '*',
          Action: [
            's3:PutBucketPolicy',
            's3:DeleteBucketPolicy',
            's3:PutBucketPublicAccessBlock',
            's3:PutBucketOwnershipControls',
            's3:PutBucketAcl',
            's3:PutBucketVersioning',
            's3:PutLifecycleConfiguration',
            's3:PutEncryptionConfiguration',
            's3:DeleteBucket',
            's3:PutBucketLogging',
            's3:PutBucketObjectLockConfiguration',
            's3:PutReplicationConfiguration',
            's3:PutInventoryConfiguration',
            's3:PutBucketNotification',
            's3:PutBucketWebsite',
            's3:PutBucketCORS',
            's3:PutBucketTagging',
          ],
          Resource: 'arn:aws:s3:::quartic-data-acme',
          Condition: isRole,
        },
        {
          Sid: 'QuarticRoleMayNotShareOrLockObjects',
          Effect: 'Deny',
          Principal: '*',
          Action: [
            's3:PutObjectAcl',
            's3:PutObjectVersionAcl',
            's3:PutObjectRetention',
            's3:PutObjectLegalHold',
            's3:BypassGovernanceRetention',
          ],
          Resource: 'arn:aws:s3:::quartic-data-acme/*',
          Condition: isRole,
        },
      ]);
    });

    test('denies the role object writes with SSE-C, and with a KMS key other than the bucket key', () => {
      expect(guarded(KEY).slice(3)).toEqual([
        {
          Sid: 'QuarticRoleMayNotWriteWithCustomerKeys',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:PutObject',
          Resource: 'arn:aws:s3:::quartic-data-acme/*',
          Condition: {
            ...isRole,
            Null: { 's3:x-amz-server-side-encryption-customer-algorithm': 'false' },
          },
        },
        {
          Sid: 'QuarticRoleMayNotWriteWithAnotherKmsKey',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:PutObject',
          Resource: 'arn:aws:s3:::quartic-data-acme/*',
          Condition: {
            ...isRole,
            Null: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'false' },
            StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': KEY },
          },
        },
      ]);
    });

    test('without a known bucket key, a write may name no KMS key at all', () => {
      expect(guarded(undefined)[4].Condition).toEqual({
        ...isRole,
        Null: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'false' },
      });
    });

    test('guardrails: false is the TLS-only policy', () => {
      expect(bucketPolicy({ partition, bucketName, roleName: 'r', guardrails: false })).toEqual(
        tlsOnlyBucketPolicy({ partition, bucketName }),
      );
    });

    test('every guarded action has a reason, none is listed twice, none is a read-write data action', () => {
      const guardedGrants = [...GUARDED_BUCKET_ACTIONS, ...GUARDED_OBJECT_ACTIONS];
      const dataActions = [
        ...ACCESS_LEVEL_DEFINITIONS['read-write'].bucketActions,
        ...ACCESS_LEVEL_DEFINITIONS['read-write'].objectActions,
      ].map((g) => g.action);
      for (const grant of guardedGrants) {
        expect(grant.why.length).toBeGreaterThan(20);
        expect(dataActions).not.toContain(grant.action);
      }
      expect(new Set(guardedGrants.map((g) => g.action)).size).toBe(guardedGrants.length);
    });
  });

  test('KMS key policy keeps the account in control and limits the role to S3 use for this bucket', () => {
    const policy = kmsKeyPolicy({
      partition,
      accountId: '123456789012',
      roleArn: 'arn:aws:iam::123456789012:role/quartic-access',
      bucketName,
      region: 'eu-west-2',
      accessLevel: 'read-only',
    });
    expect(policy.Statement[0]).toMatchObject({
      Principal: { AWS: 'arn:aws:iam::123456789012:root' },
      Action: 'kms:*',
    });
    expect(policy.Statement[1]).toMatchObject({
      Principal: { AWS: 'arn:aws:iam::123456789012:role/quartic-access' },
      Action: ['kms:Decrypt'],
      Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-2.amazonaws.com' } },
    });
  });
});
