/**
 * What the bucket's own policy denies the Quartic role, whatever its access level and whatever its inline
 * policy says later: every action that would weaken the bucket's protection, each with its reason. A
 * bucket policy's Deny wins over any Allow, so these hold even if someone widens the role's policy.
 * `full` keeps meaning "every data action on this bucket": none of these reads, writes or deletes data.
 * Only the role is named (by `aws:PrincipalArn`); the customer's administrators are not affected.
 *
 * Object writes are refused by the encryption they ask for, as a write the customer could not read back is
 * as bad as a delete: SSE-C (a key only the writer holds) and any KMS key other than the bucket's (a key
 * the customer may not control). See `bucketPolicy()` in policies.ts.
 */
import { ActionGrant } from './access-levels';

/** Denied on `arn:<partition>:s3:::<bucket>`. */
export const GUARDED_BUCKET_ACTIONS: readonly ActionGrant[] = [
  {
    action: 's3:PutBucketPolicy',
    why: 'Replacing the bucket policy could drop the TLS-only rule and these guardrails, or grant other accounts or the public.',
  },
  {
    action: 's3:DeleteBucketPolicy',
    why: 'Deleting the bucket policy drops the TLS-only rule and these guardrails.',
  },
  {
    action: 's3:PutBucketPublicAccessBlock',
    why: 'Turning Block Public Access off (S3 authorizes DeletePublicAccessBlock with this action too) would let a policy or ACL make data public.',
  },
  {
    action: 's3:PutBucketOwnershipControls',
    why: 'Leaving BucketOwnerEnforced (or deleting the ownership controls, the same action) turns ACLs back on, so objects could be shared by ACL.',
  },
  { action: 's3:PutBucketAcl', why: 'A bucket ACL can grant other accounts or everyone access.' },
  {
    action: 's3:PutBucketVersioning',
    why: 'Suspending versioning (or changing MFA delete) removes the undo for overwritten and deleted objects.',
  },
  {
    action: 's3:PutLifecycleConfiguration',
    why: 'A lifecycle rule can expire every object and every version; deleting the configuration uses this action too.',
  },
  {
    action: 's3:PutEncryptionConfiguration',
    why: 'Changing or deleting default encryption could point new objects at a key the customer cannot use.',
  },
  { action: 's3:DeleteBucket', why: 'Deleting the bucket (once empty) frees its name for anyone to claim.' },
  {
    action: 's3:PutBucketLogging',
    why: 'Turning off or redirecting server access logs removes the audit trail.',
  },
  {
    action: 's3:PutBucketObjectLockConfiguration',
    why: 'A default retention could stop the customer from deleting their own objects for years.',
  },
  {
    action: 's3:PutReplicationConfiguration',
    why: 'Replication copies every new object to another bucket, possibly in another account.',
  },
  {
    action: 's3:PutInventoryConfiguration',
    why: 'An inventory report lists every object key to a destination bucket, possibly in another account.',
  },
  {
    action: 's3:PutBucketNotification',
    why: 'Event notifications send object keys to a topic, queue or function, possibly in another account.',
  },
  { action: 's3:PutBucketWebsite', why: 'Website hosting is a way of serving the bucket publicly.' },
  {
    action: 's3:PutBucketCORS',
    why: 'CORS rules let web pages on other sites call the bucket from browsers.',
  },
  {
    action: 's3:PutBucketTagging',
    why: "Tags can decide access in tag-based (ABAC) policies; they are the customer's (deleting them uses this action too).",
  },
];

/** Denied on `arn:<partition>:s3:::<bucket>/*`. */
export const GUARDED_OBJECT_ACTIONS: readonly ActionGrant[] = [
  {
    action: 's3:PutObjectAcl',
    why: 'An object ACL can grant other accounts or everyone access to the object.',
  },
  { action: 's3:PutObjectVersionAcl', why: 'The same, for one version of an object.' },
  {
    action: 's3:PutObjectRetention',
    why: 'A retention period could stop the customer from deleting the object.',
  },
  { action: 's3:PutObjectLegalHold', why: 'A legal hold could stop the customer from deleting the object.' },
  {
    action: 's3:BypassGovernanceRetention',
    why: 'Bypassing governance retention is for the customer to decide, not for Quartic.',
  },
];
