/**
 * The configurations the terraform tier runs through init, validate, plan and a destroy plan, with what
 * Terraform must plan for each. Addresses are relative to the variant's own module.
 */
import { QuarticS3IntegrationOptions } from '../../src';
import { BASE_OPTIONS } from '../support/synth';

export const ROLE = 'aws_iam_role.quartic_role';
export const ACCESS_POLICY = 'aws_iam_role_policy.quartic_access_policy';
export const BUCKET = 'aws_s3_bucket.quartic_bucket';
export const PUBLIC_ACCESS_BLOCK = 'aws_s3_bucket_public_access_block.quartic_public_access_block';
export const OWNERSHIP = 'aws_s3_bucket_ownership_controls.quartic_ownership';
export const ENCRYPTION = 'aws_s3_bucket_server_side_encryption_configuration.quartic_encryption';
export const VERSIONING = 'aws_s3_bucket_versioning.quartic_versioning';
export const LIFECYCLE = 'aws_s3_bucket_lifecycle_configuration.quartic_lifecycle';
export const LOGGING = 'aws_s3_bucket_logging.quartic_logging';
export const TLS_ONLY_POLICY = 'aws_s3_bucket_policy.quartic_tls_only_policy';
export const KMS_KEY = 'aws_kms_key.quartic_kms_key';
export const CALLER = 'data.aws_caller_identity.quartic_caller';
export const DESTROY_GATE = 'terraform_data.quartic_destroy_gate';

const ROLE_ONLY = [ROLE, ACCESS_POLICY];
const WITH_BUCKET = [
  ...ROLE_ONLY,
  BUCKET,
  PUBLIC_ACCESS_BLOCK,
  OWNERSHIP,
  ENCRYPTION,
  VERSIONING,
  LIFECYCLE,
  TLS_ONLY_POLICY,
];

export const GIVEN_KEY_ARN = 'arn:aws:kms:eu-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
export const CUSTOM_TRUSTED_ACCOUNT = '444455556666';
export const LOG_BUCKET = 'acme-access-logs';
export const DOTTED_BUCKET = 'quartic.data.acme';

/** The customer's env for the example app's HCL form (the same values as BASE_OPTIONS). */
export const BASE_ENV: Readonly<Record<string, string>> = {
  QUARTIC_BUCKET_NAME: BASE_OPTIONS.bucketName,
  QUARTIC_REGION: BASE_OPTIONS.region,
  QUARTIC_EXTERNAL_ID: BASE_OPTIONS.externalId,
};

export interface Variant {
  /** Module name in the combined root (an HCL identifier). */
  readonly name: string;
  /** Synthesized as cdk.tf.json from these options... */
  readonly options?: QuarticS3IntegrationOptions;
  /** ...or as the example app's HCL form (cdk.tf) from this env. */
  readonly hclEnv?: Readonly<Record<string, string>>;
  /** Every managed resource the plan must create, and nothing else. */
  readonly resources: readonly string[];
  /** Data sources the plan reads. */
  readonly dataSources: readonly string[];
  /** Resources that carry prevent_destroy: a destroy plan must refuse exactly these. */
  readonly protectedResources: readonly string[];
  /** Planned attribute values (partial, as toMatchObject compares), by address. */
  readonly planned: Readonly<Record<string, Record<string, unknown>>>;
}

const sse = (algorithm: string, extra: Record<string, unknown> = {}) => ({
  rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: algorithm, ...extra }] }],
});

const defaultsPlanned = {
  [BUCKET]: { bucket: BASE_OPTIONS.bucketName, force_destroy: false },
  [PUBLIC_ACCESS_BLOCK]: {
    block_public_acls: true,
    block_public_policy: true,
    ignore_public_acls: true,
    restrict_public_buckets: true,
  },
  [OWNERSHIP]: { rule: [{ object_ownership: 'BucketOwnerEnforced' }] },
  [ENCRYPTION]: sse('AES256'),
  [VERSIONING]: { versioning_configuration: [{ status: 'Enabled' }] },
  [LIFECYCLE]: {
    rule: [{ status: 'Enabled', abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }] }],
  },
  [ROLE]: { name: 'quartic-access', max_session_duration: 3600 },
  [ACCESS_POLICY]: { name: 'quartic-s3-access' },
};

const kmsCreatedPlanned = {
  [ENCRYPTION]: {
    rule: [
      { bucket_key_enabled: true, apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms' }] },
    ],
  },
  [KMS_KEY]: { enable_key_rotation: true, deletion_window_in_days: 30 },
};

export const VARIANTS: readonly Variant[] = [
  {
    name: 'defaults',
    options: BASE_OPTIONS,
    resources: WITH_BUCKET,
    dataSources: [],
    protectedResources: [BUCKET],
    planned: defaultsPlanned,
  },
  {
    name: 'read_write',
    options: { ...BASE_OPTIONS, accessLevel: 'read-write' },
    resources: WITH_BUCKET,
    dataSources: [],
    protectedResources: [BUCKET],
    planned: {},
  },
  {
    name: 'read_only',
    options: { ...BASE_OPTIONS, accessLevel: 'read-only' },
    resources: WITH_BUCKET,
    dataSources: [],
    protectedResources: [BUCKET],
    planned: {},
  },
  {
    name: 'existing_bucket',
    options: { ...BASE_OPTIONS, existingBucket: true },
    resources: ROLE_ONLY,
    dataSources: [],
    protectedResources: [],
    planned: { [ROLE]: { name: 'quartic-access' } },
  },
  {
    name: 'sse_kms_created_key',
    options: { ...BASE_OPTIONS, encryption: 'SSE-KMS' },
    resources: [...WITH_BUCKET, KMS_KEY],
    dataSources: [CALLER],
    protectedResources: [BUCKET, KMS_KEY],
    planned: kmsCreatedPlanned,
  },
  {
    name: 'sse_kms_given_key',
    options: { ...BASE_OPTIONS, encryption: 'SSE-KMS', kmsKeyArn: GIVEN_KEY_ARN },
    resources: WITH_BUCKET,
    dataSources: [],
    protectedResources: [BUCKET],
    planned: {
      [ENCRYPTION]: {
        rule: [
          {
            bucket_key_enabled: true,
            apply_server_side_encryption_by_default: [
              { sse_algorithm: 'aws:kms', kms_master_key_id: GIVEN_KEY_ARN },
            ],
          },
        ],
      },
    },
  },
  {
    name: 'logging_on',
    options: { ...BASE_OPTIONS, accessLogging: { targetBucket: LOG_BUCKET } },
    resources: [...WITH_BUCKET, LOGGING],
    dataSources: [],
    protectedResources: [BUCKET],
    planned: { [LOGGING]: { target_bucket: LOG_BUCKET, target_prefix: `${BASE_OPTIONS.bucketName}/` } },
  },
  {
    name: 'versioning_off',
    options: { ...BASE_OPTIONS, versioning: false },
    resources: WITH_BUCKET.filter((r) => r !== VERSIONING),
    dataSources: [],
    protectedResources: [BUCKET],
    planned: {},
  },
  {
    name: 'dotted_bucket_name',
    options: { ...BASE_OPTIONS, bucketName: DOTTED_BUCKET },
    resources: WITH_BUCKET,
    dataSources: [],
    protectedResources: [BUCKET],
    planned: { [BUCKET]: { bucket: DOTTED_BUCKET } },
  },
  {
    name: 'custom_trusted_account',
    options: { ...BASE_OPTIONS, trustedAccountId: CUSTOM_TRUSTED_ACCOUNT },
    resources: WITH_BUCKET,
    dataSources: [],
    protectedResources: [BUCKET],
    planned: {},
  },
  {
    name: 'allow_bucket_destroy',
    options: { ...BASE_OPTIONS, allowBucketDestroy: true },
    resources: [...WITH_BUCKET, DESTROY_GATE],
    dataSources: [],
    protectedResources: [],
    planned: { [BUCKET]: { force_destroy: false } },
  },
  {
    name: 'hcl_defaults',
    hclEnv: BASE_ENV,
    resources: WITH_BUCKET,
    dataSources: [],
    protectedResources: [BUCKET],
    planned: defaultsPlanned,
  },
  {
    // The destroy gate's replace_triggered_by must be a bare reference in HCL (src/construct/lifecycle.ts).
    name: 'hcl_allow_bucket_destroy',
    hclEnv: { ...BASE_ENV, QUARTIC_ALLOW_BUCKET_DESTROY: 'true' },
    resources: [...WITH_BUCKET, DESTROY_GATE],
    dataSources: [],
    protectedResources: [],
    planned: { [BUCKET]: { force_destroy: false } },
  },
  {
    name: 'hcl_sse_kms',
    hclEnv: { ...BASE_ENV, QUARTIC_ENCRYPTION: 'SSE-KMS' },
    resources: [...WITH_BUCKET, KMS_KEY],
    dataSources: [CALLER],
    protectedResources: [BUCKET, KMS_KEY],
    planned: kmsCreatedPlanned,
  },
];
