import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import {
  Annotations,
  DataResource,
  Fn,
  TerraformElement,
  TerraformOutput,
  TerraformResource,
  Token,
} from 'cdktf';
import { Construct } from 'constructs';
import {
  ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS,
  ACCESS_POLICY_NAME,
  DEFAULT_ROLE_NAME,
  QUARTIC_ACCOUNT_ID,
} from './defaults';
import { OutputIds, registerIntegration } from './integration-registry';
import { mapOptionStrings, QuarticS3IntegrationOptions } from './options';
import { terraformLiteral } from './render/hcl';
import { accessPolicy, bucketPolicy, kmsKeyPolicy, PolicyDocument, trustPolicy } from './policies';
import { COMMERCIAL_PARTITION, regionInfo } from './regions';
import { ForgetRemovedResources } from './removed-blocks';
import { problem, QuarticConfigError, validateOptions } from './validation';

/**
 * A policy document as the string Terraform expects. Literal documents become plain JSON; documents that
 * hold tokens (a key ARN known only after apply) go through Terraform's jsonencode(), because cdktf's HCL
 * output cannot embed tokens in a JSON string.
 */
function policyJson(document: PolicyDocument): string {
  const json = JSON.stringify(document);
  return Token.isUnresolved(json) ? Fn.jsonencode(document) : json;
}

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

export interface QuarticS3IntegrationProps extends QuarticS3IntegrationOptions {
  /**
   * AWS provider to create the resources with. Its region, when literal, must equal `region`.
   * @default - the construct creates an AWS provider for `region` with the default credential chain
   *   (one integration per stack in that case, as a stack has one default provider)
   */
  readonly provider?: AwsProvider;
  /**
   * Prefix of this integration's Terraform output names: `'dev'` gives `dev_bucket_name`,
   * `dev_bucket_region`, `dev_role_arn` and `dev_quartic_handoff`; `''` gives the plain names. Two
   * integrations in one stack must end up with different names (refused at synth otherwise).
   * @default - the plain names (`bucket_name`, `bucket_region`, `role_arn`, `quartic_handoff`) for the first
   *   integration created in the stack; the construct id (other characters than A-Z, a-z, 0-9 and `_` as `_`)
   *   for every later one
   */
  readonly outputPrefix?: string;
}

/**
 * Everything a customer creates so Quartic can use one S3 bucket: the bucket (unless it exists), the IAM
 * role Quartic's account assumes with an external ID, the role's inline policy scoped to exactly that
 * bucket, and the outputs to hand back to Quartic.
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
    const { problems, warnings } = validateOptions(props, { isUnresolved: (v) => Token.isUnresolved(v) });
    const providerRegion = props.provider?.region;
    const allProblems = [...problems];
    if (
      providerRegion !== undefined &&
      !Token.isUnresolved(providerRegion) &&
      providerRegion !== props.region
    ) {
      allProblems.push(
        problem(
          'provider',
          providerRegion,
          `must be configured for the same region as \`region\` ("${props.region}")`,
          `new AwsProvider(this, 'aws', { region: '${props.region}' })`,
        ),
      );
    }
    if (allProblems.length > 0) throw new QuarticConfigError(allProblems);
    for (const warning of warnings) Annotations.of(this).addWarning(warning.message);
    // The second wall behind validation: every literal string reaches Terraform as exactly its text.
    props = mapOptionStrings(props, terraformLiteral, (v) => Token.isUnresolved(v));

    const partition = regionInfo(props.region).partition ?? COMMERCIAL_PARTITION;
    const accessLevel = props.accessLevel ?? 'full';
    const roleName = props.roleName ?? DEFAULT_ROLE_NAME;
    const trustedAccountId = props.trustedAccountId ?? QUARTIC_ACCOUNT_ID;
    const preventDestroy = props.allowBucketDestroy !== true;
    const tags = props.tags && Object.keys(props.tags).length > 0 ? { ...props.tags } : undefined;
    // Resources name the provider only when the caller passed one; otherwise the stack's default applies.
    const provider = props.provider;
    if (provider === undefined) new AwsProvider(this, 'aws', { region: props.region });
    this.bucketName = props.bucketName;
    this.region = props.region;
    // Stable, readable Terraform addresses (aws_s3_bucket.<id>_bucket), also used by the docs' HCL.
    const prefix = id.replace(/[^A-Za-z0-9_]/g, '_');
    const created = new Set<string>();
    const bucketSide: TerraformResource[] = [];
    const named = <T extends TerraformElement>(resource: T, name: string): T => {
      resource.overrideLogicalId(`${prefix}_${name}`);
      created.add(name);
      if (resource instanceof TerraformResource && REMOVABLE_RESOURCES.some(([, n]) => n === name)) {
        bucketSide.push(resource);
      }
      return resource;
    };

    this.role = named(
      new IamRole(this, 'role', {
        provider,
        name: roleName,
        description:
          props.roleDescription ??
          `Lets Quartic (account ${trustedAccountId}) access the S3 bucket ${props.bucketName}.`,
        assumeRolePolicy: policyJson(
          trustPolicy({ partition, trustedAccountId, externalId: props.externalId }),
        ),
        maxSessionDuration: props.maxSessionDuration,
        tags,
      }),
      'role',
    );

    let bucketNameOutput: string = props.bucketName;
    let bucketRegionOutput: string = props.region;
    let kmsKeyArn = props.kmsKeyArn;
    if (props.existingBucket !== true) {
      if (props.encryption === 'SSE-KMS' && kmsKeyArn === undefined) {
        const caller = named(new DataAwsCallerIdentity(this, 'caller', { provider }), 'caller');
        this.kmsKey = named(
          new KmsKey(this, 'kms_key', {
            provider,
            description: `Encrypts objects in the S3 bucket ${props.bucketName} shared with Quartic.`,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            policy: policyJson(
              kmsKeyPolicy({
                partition,
                accountId: caller.accountId,
                roleArn: this.role.arn,
                bucketName: props.bucketName,
                region: props.region,
                accessLevel,
              }),
            ),
            tags,
            lifecycle: { preventDestroy },
          }),
          'kms_key',
        );
        kmsKeyArn = this.kmsKey.arn;
      }
      const bucket = named(
        new S3Bucket(this, 'bucket', {
          provider,
          bucket: props.bucketName,
          forceDestroy: false,
          tags,
          lifecycle: { preventDestroy },
          // Destroy runs in the reverse order: the key goes only once the bucket is gone, so a destroy that
          // stops at a non-empty bucket (BucketNotEmpty) never leaves its objects without their key.
          dependsOn: this.kmsKey === undefined ? undefined : [this.kmsKey],
        }),
        'bucket',
      );
      this.bucket = bucket;
      bucketNameOutput = bucket.bucket;
      bucketRegionOutput = bucket.region;

      const publicAccessBlock = named(
        new S3BucketPublicAccessBlock(this, 'public_access_block', {
          provider,
          bucket: bucket.id,
          blockPublicAcls: true,
          blockPublicPolicy: true,
          ignorePublicAcls: true,
          restrictPublicBuckets: true,
        }),
        'public_access_block',
      );
      named(
        new S3BucketOwnershipControls(this, 'ownership', {
          provider,
          bucket: bucket.id,
          rule: { objectOwnership: 'BucketOwnerEnforced' },
        }),
        'ownership',
      );

      named(
        new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
          provider,
          bucket: bucket.id,
          rule: [
            props.encryption === 'SSE-KMS'
              ? {
                  applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: kmsKeyArn },
                  bucketKeyEnabled: true,
                }
              : { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
          ],
        }),
        'encryption',
      );

      if (props.versioning !== false) {
        named(
          new S3BucketVersioningA(this, 'versioning', {
            provider,
            bucket: bucket.id,
            versioningConfiguration: { status: 'Enabled' },
          }),
          'versioning',
        );
      }

      named(
        new S3BucketLifecycleConfiguration(this, 'lifecycle', {
          provider,
          bucket: bucket.id,
          rule: [
            {
              id: 'abort-incomplete-multipart-uploads',
              status: 'Enabled',
              filter: [{}],
              abortIncompleteMultipartUpload: [
                { daysAfterInitiation: ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS },
              ],
            },
          ],
        }),
        'lifecycle',
      );

      if (props.accessLogging !== undefined) {
        named(
          new S3BucketLoggingA(this, 'logging', {
            provider,
            bucket: bucket.id,
            targetBucket: props.accessLogging.targetBucket,
            targetPrefix: props.accessLogging.targetPrefix ?? `${props.bucketName}/`,
          }),
          'logging',
        );
      }

      named(
        new S3BucketPolicy(this, 'tls_only_policy', {
          provider,
          // Referencing the public access block orders the two (S3 rejects a bucket policy while the block
          // is being set up) without a quoted depends_on in the HCL form.
          bucket: publicAccessBlock.bucket,
          policy: policyJson(
            bucketPolicy({
              partition,
              bucketName: props.bucketName,
              roleName,
              kmsKeyArn,
              guardrails: props.bucketGuardrails !== false,
            }),
          ),
        }),
        'tls_only_policy',
      );
    }

    this.accessPolicy = named(
      new IamRolePolicy(this, 'access_policy', {
        provider,
        name: ACCESS_POLICY_NAME,
        role: this.role.id,
        policy: policyJson(
          accessPolicy({
            partition,
            bucketName: props.bucketName,
            accessLevel,
            kmsKeyArn,
            region: props.region,
          }),
        ),
      }),
      'access_policy',
    );

    if (this.bucket !== undefined && !preventDestroy) {
      // Destroy runs dependents first, so a bucket's settings would go before the bucket itself, and a
      // bucket that still holds objects (BucketNotEmpty) would be left without its protections. This gate
      // depends on every bucket-side resource and on the role's policy, so `terraform destroy` removes it
      // first; its destroy-time check fails unless the bucket holds no object version and no delete
      // marker, and then nothing else is destroyed. It needs the AWS CLI and a POSIX shell where Terraform
      // runs (without them the check fails, and so does the destroy: it never proceeds unchecked).
      named(
        new DataResource(this, 'destroy_gate', {
          input: { bucket: this.bucket.id, region: props.region },
          dependsOn: [...bucketSide.filter((r) => r !== this.bucket), this.accessPolicy],
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
        'destroy_gate',
      );
    }

    // A resource that a change of options takes out of the configuration is forgotten, not destroyed
    // (see removed-blocks.ts); allowBucketDestroy lets such a change delete bucket settings, but never the
    // key, which still decrypts the objects written while it was the default.
    const forgotten = REMOVABLE_RESOURCES.filter(
      ([, name]) => !created.has(name) && (preventDestroy || name === 'kms_key'),
    ).map(([type, name]) => `${type}.${prefix}_${name}`);
    new ForgetRemovedResources(this, 'removed', forgotten);

    // Outputs: distinct names per integration, and a refusal of anything two integrations in one stack
    // would both create (see integration-registry.ts).
    this.outputIds = registerIntegration(this, {
      id,
      addressPrefix: prefix,
      outputPrefix: props.outputPrefix,
      roleName,
      createdBucket: props.existingBucket === true ? undefined : props.bucketName,
      createsDefaultProvider: provider === undefined,
    });
    const outputs: Array<[string, TerraformOutput]> = [
      [
        this.outputIds.bucketName,
        new TerraformOutput(this, 'bucket_name', {
          value: bucketNameOutput,
          description: 'Name of the S3 bucket: send it to Quartic.',
        }),
      ],
      [
        this.outputIds.bucketRegion,
        new TerraformOutput(this, 'bucket_region', {
          value: bucketRegionOutput,
          description: 'Region of the S3 bucket: send it to Quartic.',
        }),
      ],
      [
        this.outputIds.roleArn,
        new TerraformOutput(this, 'role_arn', {
          value: this.role.arn,
          description: 'ARN of the role Quartic assumes: send it to Quartic.',
        }),
      ],
      [
        this.outputIds.handoff,
        new TerraformOutput(this, 'handoff', {
          value: {
            bucket_name: bucketNameOutput,
            bucket_region: bucketRegionOutput,
            role_arn: this.role.arn,
          },
          description: 'The three values to send to Quartic, in one object.',
        }),
      ],
    ];
    for (const [logicalId, output] of outputs) output.overrideLogicalId(logicalId);
  }
}
