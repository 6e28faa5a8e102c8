import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { Annotations, Token } from 'cdktf';
import { Construct } from 'constructs';
import { createRole, grantAccess } from './construct/access';
import { createBucket } from './construct/bucket';
import { existingBucketReference } from './construct/bucket-reference';
import { forgetRemoved, gateDestroy } from './construct/lifecycle';
import { handoffOutputs } from './construct/outputs';
import { addressPrefix, PartContext } from './construct/terraform-names';
import { OutputIds, registerIntegration } from './integration-registry';
import { mapOptionStrings, QuarticS3IntegrationOptions } from './core/options';
import { resolvePlan } from './core/plan';
import { terraformLiteral } from './core/render/hcl';
import { QuarticConfigError, validateOptions, Warning } from './core/validation';

export { EMPTY_BUCKET_CHECK, REMOVABLE_RESOURCES } from './construct/lifecycle';

export interface QuarticS3IntegrationProps extends QuarticS3IntegrationOptions {
  /**
   * AWS provider to create the resources with. Its region, when literal, must equal `region`.
   * @default - the construct creates an AWS provider for `region` with the default credential chain
   *   (one integration per stack in that case, as a stack has one default provider)
   */
  readonly provider?: AwsProvider;
  /**
   * Prefix of this integration's Terraform output names: `'dev'` gives `dev_bucket_name`,
   * `dev_bucket_region`, `dev_role_arn`, `dev_quartic_handoff` and `dev_quartic_expected`; `''` gives the
   * plain names. Two integrations in one stack must end up with different names (refused at synth otherwise).
   * @default - the plain names (`bucket_name`, `bucket_region`, `role_arn`, `quartic_handoff`,
   *   `quartic_expected`) for the first integration created in the stack; the construct id (other characters
   *   than A-Z, a-z, 0-9 and `_` as `_`) for every later one
   */
  readonly outputPrefix?: string;
}

/**
 * Everything a customer creates so Quartic can use one S3 bucket: the bucket (unless it exists), the IAM
 * role Quartic's account assumes with an external ID, the role's inline policy scoped to exactly that
 * bucket, and the outputs to hand back to Quartic.
 *
 * The constructor validates the props, resolves them into the plan (src/core/plan.ts) and renders the plan
 * with the parts in src/construct/: the role, the bucket part (or a reference to the existing bucket),
 * the access granted on that bucket, the destroy gate and `removed` blocks, and the outputs. The parts
 * create their resources in this construct's scope, so construct paths and Terraform addresses are those
 * of a single construct (test/construct-addresses.test.ts pins the addresses).
 */
export class QuarticS3Integration extends Construct {
  /** The bucket, or undefined with `existingBucket: true`. */
  public readonly bucket?: S3Bucket;
  public readonly role: IamRole;
  public readonly accessPolicy: IamRolePolicy;
  /** The KMS key the construct created, if any. */
  public readonly kmsKey?: KmsKey;
  public readonly bucketName: string;
  public readonly region: string;
  /** The names of this integration's Terraform outputs (see `outputPrefix`). */
  public readonly outputIds: OutputIds;

  constructor(scope: Construct, id: string, props: QuarticS3IntegrationProps) {
    super(scope, id);
    for (const warning of assertValidProps(props)) Annotations.of(this).addWarning(warning.message);
    // The second wall behind validation: every literal string reaches Terraform as exactly its text.
    const plan = resolvePlan(mapOptionStrings(props, terraformLiteral, UNRESOLVED.isUnresolved));
    this.bucketName = plan.bucketName;
    this.region = plan.region;
    // Resources name the provider only when the caller passed one; otherwise the stack's default applies.
    if (props.provider === undefined) new AwsProvider(this, 'aws', { region: plan.region });
    const context: PartContext = { prefix: addressPrefix(id), provider: props.provider };

    this.role = createRole(this, context, plan);
    const created = plan.bucket.existing
      ? undefined
      : createBucket(this, context, plan, plan.bucket, this.role.arn);
    this.bucket = created?.bucket;
    this.kmsKey = created?.kmsKey;
    const bucket = created ?? existingBucketReference(plan);
    this.accessPolicy = grantAccess(this, context, plan, this.role, bucket);
    if (created?.destroyable === true) gateDestroy(this, context, created, this.accessPolicy);
    forgetRemoved(this, context, created);

    // Distinct output names per integration, and a refusal of anything two integrations in one stack
    // would both create (see integration-registry.ts).
    this.outputIds = registerIntegration(this, {
      id,
      addressPrefix: context.prefix,
      outputPrefix: props.outputPrefix,
      roleName: plan.role.name,
      createdBucket: created === undefined ? undefined : plan.bucketName,
      createsDefaultProvider: props.provider === undefined,
    });
    handoffOutputs(this, this.outputIds, bucket, this.role, plan);
  }
}

/** Tokens are not validated as literals (cdktf's test, passed to the pure validation). */
const UNRESOLVED = { isUnresolved: (value: unknown) => Token.isUnresolved(value) };

/**
 * Throws one QuarticConfigError with every problem of the props, the provider's region included; returns
 * the warnings otherwise.
 */
function assertValidProps(props: QuarticS3IntegrationProps): readonly Warning[] {
  const { problems, warnings } = validateOptions(props, {
    ...UNRESOLVED,
    providerRegion: props.provider?.region,
  });
  if (problems.length > 0) throw new QuarticConfigError(problems);
  return warnings;
}
