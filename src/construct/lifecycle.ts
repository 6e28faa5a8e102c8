/**
 * What happens to the resources when options change or `terraform destroy` runs: the `removed` blocks for
 * what a change of options takes out (src/removed-blocks.ts), and the destroy gate that stops a destroy at
 * a bucket that still holds objects.
 */
import { DataConfig, DataResource, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { ForgetRemovedResources } from '../removed-blocks';
import { CreatedBucket } from './bucket';
import { named, PartContext } from './terraform-names';

/**
 * Every resource (type, name) that some choice of options creates and another leaves out; the role and
 * its policy are always there. A test checks the list against what the construct synthesizes.
 */
export const REMOVABLE_RESOURCES: ReadonlyArray<readonly [type: string, name: string]> = [
  ['aws_s3_bucket', 'bucket'],
  ['aws_s3_bucket_public_access_block', 'public_access_block'],
  ['aws_s3_bucket_ownership_controls', 'ownership'],
  ['aws_kms_key', 'kms_key'],
  ['aws_s3_bucket_server_side_encryption_configuration', 'encryption'],
  ['aws_s3_bucket_versioning', 'versioning'],
  ['aws_s3_bucket_lifecycle_configuration', 'lifecycle'],
  ['aws_s3_bucket_logging', 'logging'],
  ['aws_s3_bucket_policy', 'tls_only_policy'],
];

/**
 * The destroy gate's check (POSIX sh, the AWS CLI): exits 0 only when the bucket holds no object version
 * and no delete marker, the state in which S3 lets the bucket be deleted.
 */
export const EMPTY_BUCKET_CHECK = [
  'empty=$(aws s3api list-object-versions --bucket "$QUARTIC_BUCKET" --region "$QUARTIC_REGION" --max-keys 1',
  "--no-paginate --output text --query 'length(Versions || `[]`) == `0` && length(DeleteMarkers || `[]`) == `0`')",
  '|| exit 1; [ "$empty" = True ] && exit 0;',
  'echo "Bucket $QUARTIC_BUCKET still holds objects: nothing was destroyed. Empty it (every version and',
  'delete marker), or keep it: set allowBucketDestroy back to false and apply." >&2; exit 1',
].join(' ');

/**
 * A resource that a change of options takes out of the configuration is forgotten, not destroyed: one
 * `removed` block for each removable resource `bucket` did not create (all of them for an existing
 * bucket). With `allowBucketDestroy` such a change may delete bucket settings, but never the key, which
 * still decrypts the objects written while it was the default.
 */
export function forgetRemoved(
  scope: Construct,
  context: PartContext,
  bucket: CreatedBucket | undefined,
): void {
  const created = new Set(bucket?.resources.map((resource) => resource.node.id) ?? []);
  const destroyable = bucket?.destroyable === true;
  const forgotten = REMOVABLE_RESOURCES.filter(
    ([, name]) => !created.has(name) && (!destroyable || name === 'kms_key'),
  ).map(([type, name]) => `${type}.${context.prefix}_${name}`);
  new ForgetRemovedResources(scope, 'removed', forgotten);
}

/** `type.name.attribute`: what `replace_triggered_by` may name here. */
const REFERENCE = /^[a-z0-9_]+\.[A-Za-z_][A-Za-z0-9_-]*\.[a-z_]+$/;

/**
 * The gate's `terraform_data` resource. Terraform takes `replace_triggered_by` as bare references: plain
 * strings in its JSON syntax (`"aws_s3_bucket.x.id"`, which cdktf writes), unquoted in its native syntax.
 * cdktf's HCL renderer quotes each string of a list, which Terraform refuses ("Invalid
 * replace_triggered_by expression"), and writes a string that starts with `[` as it stands: so the HCL
 * form gets the list as one such expression. Only references that match REFERENCE are written.
 */
class DestroyGate extends DataResource {
  constructor(scope: Construct, id: string, config: DataConfig) {
    super(scope, id, config);
    for (const reference of config.lifecycle?.replaceTriggeredBy ?? []) {
      if (typeof reference !== 'string' || !REFERENCE.test(reference)) {
        throw new Error(`not a resource attribute reference: ${JSON.stringify(reference)}`);
      }
    }
  }

  public override toHclTerraform(): Record<string, unknown> {
    const hcl = super.toHclTerraform() as {
      resource: Record<string, Record<string, { lifecycle?: { replace_triggered_by?: string[] } }>>;
    };
    const lifecycle = hcl.resource[this.terraformResourceType]?.[this.friendlyUniqueId]?.lifecycle;
    if (lifecycle?.replace_triggered_by !== undefined) {
      (lifecycle as Record<string, unknown>).replace_triggered_by =
        `[${lifecycle.replace_triggered_by.join(', ')}]`;
    }
    return hcl;
  }
}

/**
 * Destroy runs dependents first, so a bucket's settings would go before the bucket itself, and a bucket
 * that still holds objects (BucketNotEmpty) would be left without its protections. This gate depends on
 * every bucket-side resource and on `alsoAfter` (the role's policy), so `terraform destroy` removes it
 * first; its destroy-time check fails unless the bucket holds no object version and no delete marker, and
 * then nothing else is destroyed. It needs the AWS CLI and a POSIX shell where Terraform runs (without them
 * the check fails, and so does the destroy: it never proceeds unchecked).
 *
 * A change of options that replaces the bucket (a new name) destroys the old bucket and its settings just
 * as `terraform destroy` does, so the gate is replaced with it (`replace_triggered_by` on the bucket's id,
 * which is unknown only when the bucket is replaced): its check runs against the old bucket first, and a
 * bucket that still holds objects stops the apply before any setting goes. An update in place (tags)
 * leaves the id, and so the gate, alone.
 */
export function gateDestroy(
  scope: Construct,
  context: PartContext,
  bucket: CreatedBucket,
  alsoAfter: TerraformResource,
): DataResource {
  return named(
    context,
    new DestroyGate(scope, 'destroy_gate', {
      input: { bucket: bucket.bucket.id, region: bucket.region },
      dependsOn: [...bucket.resources.filter((r) => r !== bucket.bucket), alsoAfter],
      lifecycle: {
        replaceTriggeredBy: [
          `${bucket.bucket.terraformResourceType}.${context.prefix}_${bucket.bucket.node.id}.id`,
        ],
      },
      provisioners: [
        {
          type: 'local-exec',
          when: 'destroy',
          interpreter: ['/bin/sh', '-c'],
          command: EMPTY_BUCKET_CHECK,
          environment: {
            QUARTIC_BUCKET: '${self.input.bucket}',
            QUARTIC_REGION: '${self.input.region}',
          },
        },
      ],
    }),
  );
}
