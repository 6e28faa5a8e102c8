/**
 * The Terraform outputs of one integration: the three values Quartic needs, all three in one object, and the
 * expected configuration the verifier reads (from the plan, see `expectedOutput` in src/core/handoff.ts).
 */
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { expectedOutput, OUTPUT_DESCRIPTIONS } from '../core/handoff';
import { IntegrationPlan } from '../core/plan';
import { OutputIds } from '../integration-registry';
import { BucketReference } from './bucket-reference';

export function handoffOutputs(
  scope: Construct,
  ids: OutputIds,
  bucket: BucketReference,
  role: IamRole,
  plan: IntegrationPlan,
): void {
  const handoff = {
    bucket_name: bucket.handoffName,
    bucket_region: bucket.handoffRegion,
    role_arn: role.arn,
  };
  // [construct id, which output, value]
  const outputs: ReadonlyArray<readonly [string, keyof OutputIds, unknown]> = [
    ['bucket_name', 'bucketName', handoff.bucket_name],
    ['bucket_region', 'bucketRegion', handoff.bucket_region],
    ['role_arn', 'roleArn', handoff.role_arn],
    ['handoff', 'handoff', handoff],
    ['expected', 'expected', expectedOutput(plan)],
  ];
  for (const [id, output, value] of outputs) {
    new TerraformOutput(scope, id, { value, description: OUTPUT_DESCRIPTIONS[output] }).overrideLogicalId(
      ids[output],
    );
  }
}
