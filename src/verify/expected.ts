/**
 * What the verifier expects of the settings that protect the data but grant nothing: versioning, the
 * lifecycle rule, the bucket policy's guardrails, the role's maximum session duration, access logging and a
 * customer-given KMS key. They come from the integration's `quartic_expected` output (`--from-outputs`,
 * written by the construct from its plan: `expectedOutput` in src/core/handoff.ts) and from flags
 * (`--versioning`, `--lifecycle`, `--guardrails`, `--max-session-duration`, `--log-bucket`, `--log-prefix`,
 * `--kms-key-arn`), a flag winning; without either, each is what the kit deploys when the option is left out
 * (DEFAULT_EXPECTED, from the plan of the required options alone).
 */
import { ExpectedOutput, expectedOutput, LOGGING_NOT_MANAGED } from '../core/handoff';
import { OPTION_REGISTRY } from '../core/option-registry';
import { resolvePlan } from '../core/plan';

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
  /**
   * Where server access logs must go; undefined: logging must be off (the kit's default);
   * `LOGGING_NOT_MANAGED`: not judged (an existing bucket, whose logging the kit does not manage).
   */
  readonly accessLogging?: ExpectedAccessLogging | typeof LOGGING_NOT_MANAGED;
  /**
   * A KMS key the customer gave (`kmsKeyArn`): the bucket must encrypt with it, and its key policy, which
   * the customer writes, is judged by the rules for a customer key (see kms-checks.ts). Undefined: an
   * SSE-KMS bucket's key is the one the kit created, whose policy must be exactly the kit's.
   */
  readonly kmsKeyArn?: string;
}

/** The verifier's reading of an integration's `quartic_expected` output. */
export function expectedFromOutput(output: ExpectedOutput): ExpectedConfiguration {
  const logging = output.access_logging;
  return {
    versioning: output.versioning,
    lifecycle: output.lifecycle,
    guardrails: output.bucket_guardrails,
    maxSessionDuration: output.max_session_duration,
    ...(logging === undefined
      ? {}
      : {
          accessLogging:
            typeof logging === 'string'
              ? logging
              : { targetBucket: logging.target_bucket, targetPrefix: logging.target_prefix },
        }),
    ...(output.kms_key_arn === undefined ? {} : { kmsKeyArn: output.kms_key_arn }),
  };
}

/**
 * What the kit deploys when every option but the required ones is left out: the expected output of that
 * plan (the registry's examples stand in for the required values, which decide none of these settings).
 */
export const DEFAULT_EXPECTED_OUTPUT: ExpectedOutput = expectedOutput(
  resolvePlan({
    bucketName: OPTION_REGISTRY.bucketName.example,
    region: OPTION_REGISTRY.region.example,
    externalId: OPTION_REGISTRY.externalId.example,
  }),
);

export const DEFAULT_EXPECTED: ExpectedConfiguration = expectedFromOutput(DEFAULT_EXPECTED_OUTPUT);
