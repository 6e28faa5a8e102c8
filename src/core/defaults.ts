/**
 * Values fixed by Quartic's onboarding guide. Kept in one place so the construct, the CLI commands, the
 * verifier and the docs site all quote the same numbers.
 */

/** Quartic's AWS account: the only principal the role trusts by default. */
export const QUARTIC_ACCOUNT_ID = '555071496850';

/** Role name suggested by the guide. */
export const DEFAULT_ROLE_NAME = 'quartic-access';

/** Name of the inline policy attached to the role. */
export const ACCESS_POLICY_NAME = 'quartic-s3-access';

/** Days after which S3 aborts an incomplete multipart upload (the lifecycle rule the construct adds). */
export const ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS = 7;

/** Bounds of an IAM role's maximum session duration, in seconds. */
export const MIN_SESSION_DURATION = 3600;
export const MAX_SESSION_DURATION = 43200;
