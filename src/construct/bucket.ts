/**
 * The bucket part: the bucket the kit creates, its protections (public access block, ownership controls,
 * default encryption, versioning, the lifecycle rule, access logging, the bucket policy) and, for SSE-KMS
 * without `kmsKeyArn`, its key. It yields the bucket's reference for the access part.
 */
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { CreatedKeyPlan, EncryptionPlan, grantedKeyArn, IntegrationPlan, NewBucketPlan } from '../core/plan';
import { bucketPolicy, kmsKeyPolicy } from '../core/policies';
import { BucketReference } from './bucket-reference';
import { named, PartContext, policyJson } from './terraform-names';

export interface CreatedBucket extends BucketReference {
  readonly bucket: S3Bucket;
  readonly kmsKey?: KmsKey;
  /** True with `allowBucketDestroy`: the bucket and its key carry no `prevent_destroy`. */
  readonly destroyable: boolean;
  /** Every resource this part created, in the order created (the key first, then the bucket). */
  readonly resources: readonly TerraformResource[];
}

/** The created key: its policy lets the account administer it and the role use it through S3 only. */
function createKey(
  scope: Construct,
  context: PartContext,
  plan: IntegrationPlan,
  key: CreatedKeyPlan,
  preventDestroy: boolean,
  roleArn: string,
): KmsKey {
  const { provider } = context;
  const caller = named(context, new DataAwsCallerIdentity(scope, 'caller', { provider }));
  return named(
    context,
    new KmsKey(scope, 'kms_key', {
      provider,
      description: key.description,
      enableKeyRotation: key.rotation,
      deletionWindowInDays: key.deletionWindowInDays,
      policy: policyJson(
        kmsKeyPolicy({
          partition: plan.partition,
          accountId: caller.accountId,
          roleArn,
          bucketName: plan.bucketName,
          region: plan.region,
          accessLevel: plan.accessLevel,
        }),
      ),
      tags: plan.tags,
      lifecycle: { preventDestroy },
    }),
  );
}

/** The default encryption rule of the bucket. */
function encryptionRule(encryption: EncryptionPlan, kmsKeyArn: string | undefined) {
  return encryption.type === 'SSE-KMS'
    ? {
        applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: kmsKeyArn },
        bucketKeyEnabled: true,
      }
    : { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } };
}

/** Creates the bucket, its protections and its key; `roleArn` is the role the key policy lets use the key. */
export function createBucket(
  scope: Construct,
  context: PartContext,
  plan: IntegrationPlan,
  settings: NewBucketPlan,
  roleArn: string,
): CreatedBucket {
  const { provider } = context;
  const { encryption, preventDestroy } = settings;
  const kmsKey =
    encryption.type === 'SSE-KMS' && encryption.key.created
      ? createKey(scope, context, plan, encryption.key, preventDestroy, roleArn)
      : undefined;
  const kmsKeyArn = grantedKeyArn(plan, kmsKey?.arn);
  const bucket = named(
    context,
    new S3Bucket(scope, 'bucket', {
      provider,
      bucket: plan.bucketName,
      forceDestroy: false,
      tags: plan.tags,
      lifecycle: { preventDestroy },
      // Destroy runs in the reverse order: the key goes only once the bucket is gone, so a destroy that
      // stops at a non-empty bucket (BucketNotEmpty) never leaves its objects without their key.
      dependsOn: kmsKey === undefined ? undefined : [kmsKey],
    }),
  );
  // Named as soon as created: cdktf fixes a resource's Terraform name once something references it.
  const protections: TerraformResource[] = [];
  const protect = <T extends TerraformResource>(resource: T): T => {
    protections.push(named(context, resource));
    return resource;
  };
  const publicAccessBlock = protect(
    new S3BucketPublicAccessBlock(scope, 'public_access_block', {
      provider,
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    }),
  );
  protect(
    new S3BucketOwnershipControls(scope, 'ownership', {
      provider,
      bucket: bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    }),
  );
  protect(
    new S3BucketServerSideEncryptionConfigurationA(scope, 'encryption', {
      provider,
      bucket: bucket.id,
      rule: [encryptionRule(encryption, kmsKeyArn)],
    }),
  );
  if (settings.versioning) {
    protect(
      new S3BucketVersioningA(scope, 'versioning', {
        provider,
        bucket: bucket.id,
        versioningConfiguration: { status: 'Enabled' },
      }),
    );
  }
  protect(
    new S3BucketLifecycleConfiguration(scope, 'lifecycle', {
      provider,
      bucket: bucket.id,
      rule: [
        {
          id: settings.lifecycleRule.id,
          status: 'Enabled',
          filter: [{}],
          abortIncompleteMultipartUpload: [
            { daysAfterInitiation: settings.lifecycleRule.abortIncompleteMultipartUploadDays },
          ],
        },
      ],
    }),
  );
  if (settings.accessLogging !== undefined) {
    protect(
      new S3BucketLoggingA(scope, 'logging', {
        provider,
        bucket: bucket.id,
        targetBucket: settings.accessLogging.targetBucket,
        targetPrefix: settings.accessLogging.targetPrefix,
      }),
    );
  }
  protect(
    new S3BucketPolicy(scope, 'tls_only_policy', {
      provider,
      // Referencing the public access block orders the two (S3 rejects a bucket policy while the block
      // is being set up) without a quoted depends_on in the HCL form.
      bucket: publicAccessBlock.bucket,
      policy: policyJson(
        bucketPolicy({
          partition: plan.partition,
          bucketName: plan.bucketName,
          roleName: plan.role.name,
          kmsKeyArn,
          guardrails: settings.guardrails,
        }),
      ),
    }),
  );
  return {
    bucket,
    kmsKey,
    destroyable: !preventDestroy,
    resources: [...(kmsKey === undefined ? [] : [kmsKey]), bucket, ...protections],
    bucketName: plan.bucketName,
    region: plan.region,
    kmsKeyArn,
    handoffName: bucket.bucket,
    handoffRegion: bucket.region,
  };
}
