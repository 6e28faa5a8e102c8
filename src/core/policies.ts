/**
 * Pure builders for every IAM document the kit uses. No cdktf, no Node built-ins: the construct, the
 * verifier, the CLI commands and the docs site all call these, so there is one definition of each policy.
 * Values may be Terraform tokens (e.g. a role ARN known only at apply time); the builders never parse them.
 */
import { ACCESS_LEVEL_DEFINITIONS, AccessLevel } from './access-levels';
import { GUARDED_BUCKET_ACTIONS, GUARDED_OBJECT_ACTIONS } from './bucket-guardrails';

export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: '*' | Readonly<Record<string, string | readonly string[]>>;
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: ConditionBlock;
}

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

/** `arn:<partition>:s3:::<bucket>`: the bucket itself, never a prefix match. */
export function bucketArn(partition: string, bucketName: string): string {
  return `arn:${partition}:s3:::${bucketName}`;
}

/** `arn:<partition>:s3:::<bucket>/*`: every object in the bucket, and only in it. */
export function objectsArn(partition: string, bucketName: string): string {
  return `${bucketArn(partition, bucketName)}/*`;
}

/** `arn:<partition>:iam::<account>:root`: "this account", as IAM trust policies name it. */
export function accountRootArn(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:root`;
}

/** `arn:<partition>:iam::<account>:role/<name>`. */
export function roleArn(partition: string, accountId: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

export interface TrustPolicyInput {
  readonly partition: string;
  readonly trustedAccountId: string;
  readonly externalId: string;
}

/**
 * The one place a trust statement is made: the trusted account may call sts:AssumeRole only with the
 * external ID Quartic supplied. No MFA condition: Quartic's platform assumes the role without a person.
 */
export function trustPolicy(input: TrustPolicyInput): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'QuarticAssumeRoleWithExternalId',
        Effect: 'Allow',
        Principal: { AWS: accountRootArn(input.partition, input.trustedAccountId) },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': input.externalId } },
      },
    ],
  };
}

export interface AccessPolicyInput {
  readonly partition: string;
  readonly bucketName: string;
  readonly accessLevel: AccessLevel;
  /** ARN of the bucket's KMS key when it uses SSE-KMS; adds exactly the KMS actions the level needs. */
  readonly kmsKeyArn?: string;
  /** Region of the bucket: KMS use is limited to calls S3 makes in this region. */
  readonly region: string;
}

/** Conditions that restrict a KMS grant to S3 using the key for this bucket's objects. */
export function kmsForBucketConditions(
  partition: string,
  bucketName: string,
  region: string,
): ConditionBlock {
  return {
    StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` },
    // With S3 Bucket Keys the encryption context is the bucket ARN; without, the object ARN.
    StringLike: {
      'kms:EncryptionContext:aws:s3:arn': [
        bucketArn(partition, bucketName),
        objectsArn(partition, bucketName),
      ],
    },
  };
}

/** The role's inline policy: the level's actions on exactly this bucket and its objects. */
export function accessPolicy(input: AccessPolicyInput): PolicyDocument {
  const level = ACCESS_LEVEL_DEFINITIONS[input.accessLevel];
  const bucket = bucketArn(input.partition, input.bucketName);
  const objects = objectsArn(input.partition, input.bucketName);
  const actions = (grants: readonly { action: string }[]) => grants.map((g) => g.action);
  const statements: PolicyStatement[] =
    input.accessLevel === 'full'
      ? [
          {
            Sid: 'QuarticFullAccessToThisBucketOnly',
            Effect: 'Allow',
            Action: 's3:*',
            Resource: [bucket, objects],
          },
        ]
      : [
          {
            Sid: 'QuarticBucketLevel',
            Effect: 'Allow',
            Action: actions(level.bucketActions),
            Resource: bucket,
          },
          {
            Sid: 'QuarticObjectLevel',
            Effect: 'Allow',
            Action: actions(level.objectActions),
            Resource: objects,
          },
        ];
  if (input.kmsKeyArn !== undefined) {
    statements.push({
      Sid: 'QuarticUseBucketKeyViaS3',
      Effect: 'Allow',
      Action: actions(level.kmsActions),
      Resource: input.kmsKeyArn,
      Condition: kmsForBucketConditions(input.partition, input.bucketName, input.region),
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}

/** Bucket policy: deny every request that does not use TLS, whoever makes it. */
export function tlsOnlyBucketPolicy(input: {
  readonly partition: string;
  readonly bucketName: string;
}): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [
          bucketArn(input.partition, input.bucketName),
          objectsArn(input.partition, input.bucketName),
        ],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  };
}

/**
 * `arn:<partition>:iam::*:role/<name>`: the Quartic role, in whatever account the bucket is. The account is
 * a wildcard so the policy is complete before the role exists (the AWS CLI path writes the bucket policy
 * first, before it knows the account); a Deny that also names a same-named role elsewhere denies no one
 * the kit grants anything to.
 */
export function anyAccountRoleArn(partition: string, roleName: string): string {
  return `arn:${partition}:iam::*:role/${roleName}`;
}

export interface BucketPolicyInput {
  readonly partition: string;
  readonly bucketName: string;
  /** Name of the role Quartic assumes: the guardrails deny it, and only it. */
  readonly roleName: string;
  /**
   * ARN of the bucket's KMS key, when known: the one key the role may name in an object write. Undefined
   * (SSE-S3, or a key created later, as the AWS CLI path does): writes may name no KMS key at all and get
   * the bucket's default encryption.
   */
  readonly kmsKeyArn?: string;
  /**
   * Deny the role every action that weakens the bucket's protection and every write the customer could
   * not read back (src/core/bucket-guardrails.ts).
   * @default true
   */
  readonly guardrails?: boolean;
}

/**
 * The bucket policy the kit writes: the TLS-only statement, then (unless `guardrails` is false) the
 * guardrails, which name only the Quartic role through `aws:PrincipalArn`.
 */
export function bucketPolicy(input: BucketPolicyInput): PolicyDocument {
  const tls = tlsOnlyBucketPolicy(input).Statement;
  if (input.guardrails === false) return { Version: '2012-10-17', Statement: tls };
  const bucket = bucketArn(input.partition, input.bucketName);
  const objects = objectsArn(input.partition, input.bucketName);
  const isRole = { 'aws:PrincipalArn': anyAccountRoleArn(input.partition, input.roleName) };
  const denyRole = (
    Sid: string,
    Action: string | readonly string[],
    Resource: string,
    Condition: ConditionBlock = {},
  ): PolicyStatement => ({
    Sid,
    Effect: 'Deny',
    Principal: '*',
    Action,
    Resource,
    Condition: { ArnLike: isRole, ...Condition },
  });
  const keyHeader = 's3:x-amz-server-side-encryption-aws-kms-key-id';
  return {
    Version: '2012-10-17',
    Statement: [
      ...tls,
      denyRole(
        'QuarticRoleMayNotWeakenTheBucket',
        GUARDED_BUCKET_ACTIONS.map((g) => g.action),
        bucket,
      ),
      denyRole(
        'QuarticRoleMayNotShareOrLockObjects',
        GUARDED_OBJECT_ACTIONS.map((g) => g.action),
        objects,
      ),
      denyRole('QuarticRoleMayNotWriteWithCustomerKeys', 's3:PutObject', objects, {
        Null: { 's3:x-amz-server-side-encryption-customer-algorithm': 'false' },
      }),
      denyRole('QuarticRoleMayNotWriteWithAnotherKmsKey', 's3:PutObject', objects, {
        Null: { [keyHeader]: 'false' },
        ...(input.kmsKeyArn === undefined ? {} : { StringNotEquals: { [keyHeader]: input.kmsKeyArn } }),
      }),
    ],
  };
}

export interface KmsKeyPolicyInput {
  readonly partition: string;
  /** The customer's account (owner of the key). */
  readonly accountId: string;
  /** ARN of the role Quartic assumes. */
  readonly roleArn: string;
  readonly bucketName: string;
  readonly region: string;
  readonly accessLevel: AccessLevel;
}

/**
 * Key policy for a key the construct creates: the account keeps full control (the AWS default statement,
 * without which nobody could ever administer the key), and the role may use the key only through S3 for
 * this bucket.
 */
export function kmsKeyPolicy(input: KmsKeyPolicyInput): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AccountAdministersKey',
        Effect: 'Allow',
        Principal: { AWS: accountRootArn(input.partition, input.accountId) },
        Action: 'kms:*',
        Resource: '*',
      },
      {
        Sid: 'QuarticRoleUsesKeyViaS3',
        Effect: 'Allow',
        Principal: { AWS: input.roleArn },
        Action: ACCESS_LEVEL_DEFINITIONS[input.accessLevel].kmsActions.map((g) => g.action),
        Resource: '*',
        Condition: kmsForBucketConditions(input.partition, input.bucketName, input.region),
      },
    ],
  };
}
