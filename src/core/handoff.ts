/**
 * The hand-off: the three values the customer sends Quartic at the end of setup. One format, printed by
 * the verifier and shown in the docs. Beside it, the expected configuration: what `quartic-s3 verify`
 * compares the deployment with, written by the construct from its resolved plan (never sent to Quartic).
 */
import { AccessLevel } from './access-levels';
import { IntegrationPlan } from './plan';

export interface Handoff {
  readonly bucket_name: string;
  readonly bucket_region: string;
  readonly role_arn: string;
}

/** Static ids of the Terraform outputs, stable so scripts and `cdktf output` can rely on them. */
export const OUTPUT_IDS = {
  bucketName: 'bucket_name',
  bucketRegion: 'bucket_region',
  roleArn: 'role_arn',
  handoff: 'quartic_handoff',
  expected: 'quartic_expected',
} as const;

/**
 * What each output holds, in one line: the Terraform output's description, and the outputs tables of the
 * README (`npm run readme`) and of the guide's reference page.
 */
export const OUTPUT_DESCRIPTIONS: Readonly<Record<keyof typeof OUTPUT_IDS, string>> = {
  bucketName: 'Name of the S3 bucket: send it to Quartic.',
  bucketRegion: 'Region of the S3 bucket: send it to Quartic.',
  roleArn: 'ARN of the role Quartic assumes: send it to Quartic.',
  handoff: 'The three values to send to Quartic, in one object.',
  expected: 'What `quartic-s3 verify --from-outputs` checks the deployment against (not for Quartic).',
};

/** Where server access logs of a bucket the kit creates go (the prefix resolved). */
export interface ExpectedLogTarget {
  readonly target_bucket: string;
  readonly target_prefix: string;
}

/** `access_logging` of a bucket the kit does not manage (`existingBucket`): its logging is not judged. */
export const LOGGING_NOT_MANAGED = 'not managed';

/**
 * The value of the `quartic_expected` output: what `quartic-s3 verify --from-outputs` checks the deployment
 * against, so that only the external ID has to be passed. Snake case, like the hand-off. A key left out:
 * `access_logging` (logging must be off), `kms_key_arn` (the bucket's key, if any, is the one the kit
 * created).
 */
export interface ExpectedOutput {
  /** The bucket these values are for (the hand-off's `bucket_name`). */
  readonly bucket_name: string;
  /** The level the role's inline policy (and a created key's policy) must match. */
  readonly access_level: AccessLevel;
  /** True: versioning must be Enabled. False: not required (`versioning: false`, or an existing bucket). */
  readonly versioning: boolean;
  /**
   * True: an enabled rule that aborts incomplete multipart uploads within
   * `ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS` must cover the whole bucket (the kit writes it on every bucket it
   * creates). False: not required (an existing bucket).
   */
  readonly lifecycle: boolean;
  /**
   * True: the bucket policy must hold the guardrails of `bucketPolicy` for the role. False only with
   * `bucketGuardrails: false`; an existing bucket's policy is the customer's, to which the kit asks them to
   * add the guardrails, so they are expected there too.
   */
  readonly bucket_guardrails: boolean;
  /** The role's MaxSessionDuration, in seconds. */
  readonly max_session_duration: number;
  /**
   * Where server access logs must go; left out: logging must be off; `LOGGING_NOT_MANAGED`: not judged (an
   * existing bucket, whose logging the kit does not manage).
   */
  readonly access_logging?: ExpectedLogTarget | typeof LOGGING_NOT_MANAGED;
  /**
   * The key the customer gave (`kmsKeyArn`): the bucket must encrypt with it, and its key policy, which the
   * customer writes, is judged by the rules for a customer key (src/verify/kms-checks.ts). Left out: an
   * SSE-KMS bucket's key is the one the kit created, whose policy must be exactly the kit's.
   */
  readonly kms_key_arn?: string;
}

/** The expected configuration of a resolved integration: every value read from the plan, none defaulted here. */
export function expectedOutput(plan: IntegrationPlan): ExpectedOutput {
  const bucket = plan.bucket;
  const key = bucket.encryption.type === 'SSE-KMS' ? bucket.encryption.key : undefined;
  const logging = bucket.existing ? LOGGING_NOT_MANAGED : bucket.accessLogging;
  return {
    bucket_name: plan.bucketName,
    access_level: plan.accessLevel,
    versioning: !bucket.existing && bucket.versioning,
    lifecycle: !bucket.existing,
    bucket_guardrails: bucket.existing || bucket.guardrails,
    max_session_duration: plan.role.maxSessionDuration,
    ...(logging === undefined
      ? {}
      : {
          access_logging:
            typeof logging === 'string'
              ? logging
              : { target_bucket: logging.targetBucket, target_prefix: logging.targetPrefix },
        }),
    ...(key !== undefined && !key.created ? { kms_key_arn: key.arn } : {}),
  };
}

/** The block to paste into the message to Quartic. */
export function formatHandoff(handoff: Handoff): string {
  return [
    'Send these three values to Quartic:',
    `  Bucket name: ${handoff.bucket_name}`,
    `  Region:      ${handoff.bucket_region}`,
    `  Role ARN:    ${handoff.role_arn}`,
  ].join('\n');
}
