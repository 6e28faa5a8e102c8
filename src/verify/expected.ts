/**
 * What the verifier expects of the settings that protect the data but grant nothing: versioning, the
 * lifecycle rule, the bucket policy's guardrails, the role's maximum session duration, access logging and a
 * customer-given KMS key. They come from the integration's `quartic_expected` output (`--from-outputs`,
 * written by the construct from its plan: `expectedOutput` in src/core/handoff.ts) and from flags
 * (`--versioning`, `--lifecycle`, `--guardrails`, `--max-session-duration`, `--log-bucket`, `--log-prefix`,
 * `--kms-key-arn`), a flag winning; without either, each is what the kit deploys when the option is left out
 * (DEFAULT_EXPECTED, from the plan of the required options alone).
 */
import { ExpectedOutput, expectedOutput } from '../core/handoff';
import { OPTION_REGISTRY } from '../core/option-registry';
import { resolvePlan } from '../core/plan';

/**
 * The expected configuration as the checks read it: the `quartic_expected` output's own type (its doc
 * comments say what each value requires), without the bucket and the access level, which are inputs of
 * their own (`VerifyInputs.bucket`, `VerifyInputs.accessLevel`).
 */
export type ExpectedConfiguration = Omit<ExpectedOutput, 'bucket_name' | 'access_level'>;

/** The verifier's reading of an integration's `quartic_expected` output. */
export function expectedFromOutput(output: ExpectedOutput): ExpectedConfiguration {
  const { bucket_name: _bucket, access_level: _level, ...expected } = output;
  return expected;
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
