/**
 * The access part: the role Quartic assumes (its trust policy names the trusted account and the external
 * ID) and, granted on a bucket reference, the role's inline policy scoped to exactly that bucket (and its
 * key, when SSE-KMS).
 */
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { IntegrationPlan } from '../core/plan';
import { accessPolicy, trustPolicy } from '../core/policies';
import { BucketReference } from './bucket-reference';
import { named, PartContext, policyJson } from './terraform-names';

export function createRole(scope: Construct, context: PartContext, plan: IntegrationPlan): IamRole {
  const { role } = plan;
  return named(
    context,
    new IamRole(scope, 'role', {
      provider: context.provider,
      name: role.name,
      description: role.description,
      assumeRolePolicy: policyJson(
        trustPolicy({
          partition: plan.partition,
          trustedAccountId: role.trustedAccountId,
          externalId: role.externalId,
        }),
      ),
      // Left out when not given: IAM's default is the same number, and the role stays as it always was.
      maxSessionDuration: role.maxSessionDurationGiven ? role.maxSessionDuration : undefined,
      tags: plan.tags,
    }),
  );
}

/** The role's inline policy: the plan's access level on exactly the referenced bucket (and its key). */
export function grantAccess(
  scope: Construct,
  context: PartContext,
  plan: IntegrationPlan,
  role: IamRole,
  bucket: BucketReference,
): IamRolePolicy {
  return named(
    context,
    new IamRolePolicy(scope, 'access_policy', {
      provider: context.provider,
      name: plan.role.accessPolicyName,
      role: role.id,
      policy: policyJson(
        accessPolicy({
          partition: plan.partition,
          bucketName: bucket.bucketName,
          accessLevel: plan.accessLevel,
          kmsKeyArn: bucket.kmsKeyArn,
          region: bucket.region,
        }),
      ),
    }),
  );
}
