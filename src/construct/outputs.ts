/** The Terraform outputs of one integration: the three values Quartic needs, and all three in one object. */
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { OutputIds } from '../integration-registry';
import { BucketReference } from './bucket-reference';

export function handoffOutputs(
  scope: Construct,
  ids: OutputIds,
  bucket: BucketReference,
  role: IamRole,
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
  ];
  for (const [id, name, value, description] of outputs) {
    new TerraformOutput(scope, id, { value, description }).overrideLogicalId(name);
  }
}
