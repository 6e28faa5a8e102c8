/**
 * The resolved integration: validated options in, every default applied (each option's default value from
 * the option registry, `defaultOf`) and every derived name and value computed, once. The construct
 * (src/construct/) and the AWS CLI commands (cli-commands.ts) render this plan; neither applies a default
 * of its own. Pure: no cdktf, no Node built-ins (the docs site bundles it).
 *
 * The plan does not validate: pass options that `validateOptions` accepted. It keeps every string as it was
 * given (a Terraform token stays a token), so a renderer escapes for its own language: the construct applies
 * `terraformLiteral` to the options before it resolves them, the CLI commands quote for bash.
 */
import { AccessLevel } from './access-levels';
import { ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS, ACCESS_POLICY_NAME } from './defaults';
import { defaultLogPrefix, defaultOf, defaultRoleDescription } from './option-registry';
import { AccessLoggingOptions, QuarticS3IntegrationOptions } from './options';
import { COMMERCIAL_PARTITION, regionInfo } from './regions';

/**
 * The id of the lifecycle rule that every created bucket gets, aborting incomplete multipart uploads (the
 * verifier's lifecycle check names it in its hint).
 */
export const LIFECYCLE_RULE_ID = 'abort-incomplete-multipart-uploads';

/** Days a created KMS key waits between a scheduled deletion and the deletion (KMS's maximum). */
export const KMS_KEY_DELETION_WINDOW_DAYS = 30;

/** The ARN partition of a region; a region the partition data does not know (or a token) counts as `aws`. */
export function partitionOf(region: string): string {
  return regionInfo(region).partition ?? COMMERCIAL_PARTITION;
}

export interface RolePlan {
  readonly name: string;
  readonly description: string;
  /** The account that may assume the role (with `externalId`). */
  readonly trustedAccountId: string;
  readonly externalId: string;
  /** The role's maximum session duration, in seconds. */
  readonly maxSessionDuration: number;
  /**
   * False when the option was left out: `maxSessionDuration` is then IAM's own default, which the
   * construct leaves to IAM instead of writing it (so the synthesized role is as it always was).
   */
  readonly maxSessionDurationGiven: boolean;
  /** Name of the role's inline policy. */
  readonly accessPolicyName: string;
}

/** A KMS key the customer gave (`kmsKeyArn`). */
export interface GivenKeyPlan {
  readonly created: false;
  readonly arn: string;
}

/** The KMS key the kit creates for `SSE-KMS` without `kmsKeyArn`. */
export interface CreatedKeyPlan {
  readonly created: true;
  readonly description: string;
  readonly rotation: true;
  readonly deletionWindowInDays: number;
}

export type EncryptionPlan =
  { readonly type: 'SSE-S3' } | { readonly type: 'SSE-KMS'; readonly key: GivenKeyPlan | CreatedKeyPlan };

/** A bucket the kit creates, with its protections. */
export interface NewBucketPlan {
  readonly existing: false;
  readonly encryption: EncryptionPlan;
  /** Object versioning on. */
  readonly versioning: boolean;
  /** The lifecycle rule every created bucket gets. */
  readonly lifecycleRule: { readonly id: string; readonly abortIncompleteMultipartUploadDays: number };
  /** Where server access logs go, with the prefix resolved; undefined: no logging. */
  readonly accessLogging?: Required<AccessLoggingOptions>;
  /** The bucket policy's guardrails for the role (beside the TLS-only statement, always there). */
  readonly guardrails: boolean;
  /** Terraform's `prevent_destroy` on the bucket and the created key (off only with `allowBucketDestroy`). */
  readonly preventDestroy: boolean;
}

/** A bucket that exists already: the kit manages none of its settings. */
export interface ExistingBucketPlan {
  readonly existing: true;
  /** Its encryption as the role needs to know it: SSE-KMS always names the bucket's own key. */
  readonly encryption: { readonly type: 'SSE-S3' } | { readonly type: 'SSE-KMS'; readonly key: GivenKeyPlan };
}

export interface IntegrationPlan {
  readonly bucketName: string;
  readonly region: string;
  readonly partition: string;
  readonly accessLevel: AccessLevel;
  /** Tags for every taggable resource; undefined when there are none. */
  readonly tags?: Readonly<Record<string, string>>;
  readonly role: RolePlan;
  readonly bucket: NewBucketPlan | ExistingBucketPlan;
}

/**
 * The encryption, by decision table:
 *
 * | encryption | kmsKeyArn | bucket   | result                          |
 * | ---------- | --------- | -------- | ------------------------------- |
 * | SSE-S3/unset | -       | any      | SSE-S3                          |
 * | SSE-KMS    | given     | any      | SSE-KMS with the given key      |
 * | SSE-KMS    | unset     | new      | SSE-KMS with a created key      |
 *
 * (SSE-KMS without a key on an existing bucket is refused by validation; so is a literal `kmsKeyArn`
 * without SSE-KMS.)
 */
function resolveEncryption(options: QuarticS3IntegrationOptions): EncryptionPlan {
  if ((options.encryption ?? defaultOf('encryption')) !== 'SSE-KMS') return { type: 'SSE-S3' };
  if (options.kmsKeyArn !== undefined)
    return { type: 'SSE-KMS', key: { created: false, arn: options.kmsKeyArn } };
  return {
    type: 'SSE-KMS',
    key: {
      created: true,
      description: `Encrypts objects in the S3 bucket ${options.bucketName} shared with Quartic.`,
      rotation: true,
      deletionWindowInDays: KMS_KEY_DELETION_WINDOW_DAYS,
    },
  };
}

function resolveBucket(options: QuarticS3IntegrationOptions): NewBucketPlan | ExistingBucketPlan {
  const encryption = resolveEncryption(options);
  if (options.existingBucket ?? defaultOf('existingBucket')) {
    if (encryption.type === 'SSE-KMS' && encryption.key.created) {
      throw new Error('an existing bucket needs kmsKeyArn with SSE-KMS: validate the options first');
    }
    return { existing: true, encryption: encryption as ExistingBucketPlan['encryption'] };
  }
  const logging = options.accessLogging;
  return {
    existing: false,
    encryption,
    versioning: options.versioning ?? defaultOf('versioning'),
    lifecycleRule: {
      id: LIFECYCLE_RULE_ID,
      abortIncompleteMultipartUploadDays: ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS,
    },
    accessLogging:
      logging === undefined
        ? undefined
        : {
            targetBucket: logging.targetBucket,
            targetPrefix: logging.targetPrefix ?? defaultLogPrefix(options.bucketName),
          },
    guardrails: options.bucketGuardrails ?? defaultOf('bucketGuardrails'),
    preventDestroy: !(options.allowBucketDestroy ?? defaultOf('allowBucketDestroy')),
  };
}

/** The resolved integration of options that passed validation. */
export function resolvePlan(options: QuarticS3IntegrationOptions): IntegrationPlan {
  const trustedAccountId = options.trustedAccountId ?? defaultOf('trustedAccountId');
  const tags =
    options.tags !== undefined && Object.keys(options.tags).length > 0 ? { ...options.tags } : undefined;
  return {
    bucketName: options.bucketName,
    region: options.region,
    partition: partitionOf(options.region),
    accessLevel: options.accessLevel ?? defaultOf('accessLevel'),
    tags,
    role: {
      name: options.roleName ?? defaultOf('roleName'),
      description: options.roleDescription ?? defaultRoleDescription(trustedAccountId, options.bucketName),
      trustedAccountId,
      externalId: options.externalId,
      maxSessionDuration: options.maxSessionDuration ?? defaultOf('maxSessionDuration'),
      maxSessionDurationGiven: options.maxSessionDuration !== undefined,
      accessPolicyName: ACCESS_POLICY_NAME,
    },
    bucket: resolveBucket(options),
  };
}

/** The KMS key ARN the role's policy grants, if any: a given key's ARN, or `createdKeyArn` for a created one. */
export function grantedKeyArn(plan: IntegrationPlan, createdKeyArn: string | undefined): string | undefined {
  const encryption = plan.bucket.encryption;
  if (encryption.type !== 'SSE-KMS') return undefined;
  return encryption.key.created ? createdKeyArn : encryption.key.arn;
}
