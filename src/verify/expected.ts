/**
 * What the verifier expects of the settings that protect the data but grant nothing: versioning, the
 * lifecycle rule, the role's maximum session duration, access logging and a customer-given KMS key. They
 * come from flags (`--versioning`, `--lifecycle`, `--max-session-duration`, `--log-bucket`, `--log-prefix`,
 * `--kms-key-arn`); each default is what the kit deploys when the option is left out.
 */
import { MIN_SESSION_DURATION } from '../core/defaults';

export interface ExpectedAccessLogging {
  readonly targetBucket: string;
  readonly targetPrefix: string;
}

export interface ExpectedConfiguration {
  /** True: versioning must be `Enabled` (the kit's default). False (`versioning: false`): not required. */
  readonly versioning: boolean;
  /**
   * True: the rule that aborts incomplete multipart uploads after `ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS`
   * (src/core/defaults.ts) must apply to the whole bucket (the kit writes it on every bucket it creates). False: not required (an existing bucket the kit does not manage).
   */
  readonly lifecycle: boolean;
  /**
   * True: the bucket policy must hold the guardrails of `bucketPolicy` (src/core/policies.ts) for the role (the
   * kit's default, `bucketGuardrails`). False (`bucketGuardrails: false`): not required.
   */
  readonly guardrails: boolean;
  /** The role's MaxSessionDuration, in seconds. */
  readonly maxSessionDuration: number;
  /** Where server access logs must go; undefined: logging must be off (the kit's default). */
  readonly accessLogging?: ExpectedAccessLogging;
  /**
   * A KMS key the customer gave (`kmsKeyArn`): the bucket must encrypt with it, and its key policy, which
   * the customer writes, is judged by the rules for a customer key (see kms-checks.ts). Undefined: an
   * SSE-KMS bucket's key is the one the kit created, whose policy must be exactly the kit's.
   */
  readonly kmsKeyArn?: string;
}

export const DEFAULT_EXPECTED: ExpectedConfiguration = {
  versioning: true,
  lifecycle: true,
  guardrails: true,
  // The kit leaves the role's maximum session duration at IAM's default, the minimum.
  maxSessionDuration: MIN_SESSION_DURATION,
};
