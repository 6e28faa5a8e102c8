/**
 * The Terraform outputs of one integration: the three values Quartic needs, all three in one object, and the
 * expected configuration the verifier reads (from the plan, see `expectedOutput` in src/core/handoff.ts).
 */
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { expectedOutput } from '../core/handoff';
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
  // [construct id, Terraform output name, value, description]
  const outputs: ReadonlyArray<readonly [string, string, unknown, string]> = [
    ['bucket_name', ids.bucketName, handoff.bucket_name, 'Name of the S3 bucket: send it to Quartic.'],
    [
      'bucket_region',
      ids.bucketRegion,
      handoff.bucket_region,
      'Region of the S3 bucket: send it to Quartic.',
    ],
    ['role_arn', ids.roleArn, handoff.role_arn, 'ARN of the role Quartic assumes: send it to Quartic.'],
    ['handoff', ids.handoff, handoff, 'The three values to send to Quartic, in one object.'],
    [
      'expected',
      ids.expected,
      expectedOutput(plan),
      'What `quartic-s3 verify --from-outputs` checks the deployment against (not for Quartic).',
    ],
  ];
  for (const [id, name, value, description] of outputs) {
    new TerraformOutput(scope, id, { value, description }).overrideLogicalId(name);
  }
}
