/**
 * The customer's choices, as plain data. The construct's props extend this interface; the validation
 * module, the CLI commands and the docs site read it without importing cdktf. The doc comments are the
 * long text (the reference page reads them); everything else about an option (its variable, context key,
 * flag, parser, default, one-line meaning, example, guide field, and whether a token may stand for it:
 * `literalOnly`) is in src/core/option-registry.ts. Each `@default` says what the registry's default says
 * (test/option-registry.test.ts holds them together).
 */
import { AccessLevel } from './access-levels';
import { OPTION_KEYS, OPTION_REGISTRY } from './option-registry';

export { OPTION_KEYS };

export type EncryptionType = 'SSE-S3' | 'SSE-KMS';
export const ENCRYPTION_TYPES: readonly EncryptionType[] = OPTION_REGISTRY.encryption.choices;

export interface AccessLoggingOptions {
  /**
   * Bucket that receives the server access logs. It must already exist in the same account and region
   * and allow the S3 logging service to write to it.
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
   */
  readonly targetBucket: string;
  /**
   * Prefix of the log objects in the target bucket.
   * @default - `<bucketName>/`
   */
  readonly targetPrefix?: string;
}

export interface QuarticS3IntegrationOptions {
  /**
   * Name of the bucket Quartic reads and writes. Must follow the S3 naming rules; a name with dots works
   * but rules out virtual-hosted HTTPS and Transfer Acceleration (a warning is printed).
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
   */
  readonly bucketName: string;
  /**
   * AWS region of the bucket, e.g. `eu-west-2`. Choose it with your PII rules in mind. It must be a
   * commercial-partition region: Quartic's account cannot assume a role in China, GovCloud or the
   * European Sovereign Cloud.
   */
  readonly region: string;
  /**
   * The external ID Quartic gave you. Required; never invented by the kit.
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html
   */
  readonly externalId: string;
  /**
   * Name of the IAM role Quartic assumes.
   * @default 'quartic-access'
   */
  readonly roleName?: string;
  /**
   * AWS account allowed to assume the role.
   * @default '555071496850' (Quartic's account)
   */
  readonly trustedAccountId?: string;
  /**
   * What the role may do in the bucket: `full` (every S3 action, on this bucket only, as the guide asks),
   * `read-write` or `read-only` (least-privilege action lists).
   * @default 'full'
   */
  readonly accessLevel?: AccessLevel;
  /**
   * Use a bucket you already created: only the role and its policy are synthesized. Bucket options
   * (versioning, logging, a created KMS key, allowBucketDestroy) cannot be combined with it.
   * @default false
   */
  readonly existingBucket?: boolean;
  /**
   * Keep every version of every object, so an overwrite or delete can be undone.
   * @default true
   */
  readonly versioning?: boolean;
  /**
   * Write server access logs to another bucket.
   * @default - no access logging
   */
  readonly accessLogging?: AccessLoggingOptions;
  /**
   * Tags applied to every resource that supports tags (bucket, role, KMS key).
   * @default - no tags
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Default encryption of the bucket: `SSE-S3` (S3-managed keys) or `SSE-KMS` (a KMS key; the construct
   * creates one unless `kmsKeyArn` is given, and grants the role exactly the KMS actions it needs).
   * @default 'SSE-S3'
   */
  readonly encryption?: EncryptionType;
  /**
   * ARN of an existing KMS key (same region as the bucket) to use with `SSE-KMS`. Its key policy must let
   * IAM policies in your account grant access (the AWS default key policy does).
   * @default - with `SSE-KMS`, a new key with rotation on
   */
  readonly kmsKeyArn?: string;
  /**
   * Let `cdktf destroy` delete the bucket (and the created KMS key). By default both carry
   * Terraform's `prevent_destroy`, so customer data cannot be removed by accident. Even when true, a
   * non-empty bucket is never emptied (`force_destroy` stays off).
   * @default false
   */
  readonly allowBucketDestroy?: boolean;
  /**
   * Guardrails in the bucket's own policy: deny the Quartic role every action that would weaken the
   * bucket's protection (bucket policy, Block Public Access, ownership controls, ACLs, versioning,
   * lifecycle, default encryption, logging, object lock, replication, deleting the bucket...; the list with
   * a reason per action is in `src/core/bucket-guardrails.ts`), and object writes with SSE-C or a KMS key other
   * than the bucket's. A bucket policy's Deny holds even if the role's own policy is widened later. Only the
   * role is named; your administrators are not affected. Set `false` only if Quartic must manage the
   * bucket's settings itself. With `existingBucket: true` the kit does not write the bucket policy: add the
   * statements of `bucketPolicy()` to your bucket's policy yourself.
   * @default true
   */
  readonly bucketGuardrails?: boolean;
  /**
   * Longest session, in seconds, Quartic may request when assuming the role (3600 to 43200).
   * @default 3600
   */
  readonly maxSessionDuration?: number;
  /**
   * Description of the role, shown in the IAM console.
   * @default - `Lets Quartic (account <trustedAccountId>) access the S3 bucket <bucketName>.`
   */
  readonly roleDescription?: string;
}

/** Only the options of an object that may carry more (the construct's props carry the provider). */
export function optionsOnly(options: QuarticS3IntegrationOptions): QuarticS3IntegrationOptions {
  const picked: Record<string, unknown> = {};
  for (const key of OPTION_KEYS) if (options[key] !== undefined) picked[key] = options[key];
  return picked as unknown as QuarticS3IntegrationOptions;
}

/**
 * The options with `map` applied to every string in them (nested objects and tag values included, tag
 * keys too), except values `isUnresolved` says are tokens. Other keys (such as the construct's provider)
 * are kept as they are.
 */
export function mapOptionStrings<T extends QuarticS3IntegrationOptions>(
  options: T,
  map: (value: string) => string,
  isUnresolved: (value: unknown) => boolean,
): T {
  const visit = (value: unknown): unknown => {
    if (isUnresolved(value)) return value;
    if (typeof value === 'string') return map(value);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [isUnresolved(k) ? k : map(k), visit(v)]),
      );
    }
    return value;
  };
  const mapped: Record<string, unknown> = { ...(options as object) };
  for (const key of OPTION_KEYS) if (options[key] !== undefined) mapped[key] = visit(options[key]);
  return mapped as T;
}
