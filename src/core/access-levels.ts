/**
 * What each access level lets Quartic do. Bucket-level actions apply to the bucket ARN, object-level
 * actions to `<bucket ARN>/*`; nothing applies to any other bucket.
 */

export const ACCESS_LEVELS = ['full', 'read-write', 'read-only'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

export interface ActionGrant {
  /** The IAM action, e.g. `s3:GetObject`. */
  readonly action: string;
  /** Why Quartic needs it (shown in the docs' security page). */
  readonly why: string;
}

export interface AccessLevelDefinition {
  readonly level: AccessLevel;
  readonly summary: string;
  /** Actions granted on `arn:<partition>:s3:::<bucket>`. */
  readonly bucketActions: readonly ActionGrant[];
  /** Actions granted on `arn:<partition>:s3:::<bucket>/*`. */
  readonly objectActions: readonly ActionGrant[];
  /** KMS actions granted on the bucket's key when the bucket uses SSE-KMS. */
  readonly kmsActions: readonly ActionGrant[];
}

const LIST: ActionGrant = { action: 's3:ListBucket', why: 'List the objects to read or sync.' };
const LOCATION: ActionGrant = {
  action: 's3:GetBucketLocation',
  why: "Confirm the bucket's region before sending requests.",
};
const GET: ActionGrant = { action: 's3:GetObject', why: 'Read objects.' };
const GET_VERSION: ActionGrant = {
  action: 's3:GetObjectVersion',
  why: 'Read a specific version of an object (the bucket is versioned by default).',
};
const DECRYPT: ActionGrant = { action: 'kms:Decrypt', why: 'Read objects encrypted with the bucket key.' };
const GENERATE: ActionGrant = {
  action: 'kms:GenerateDataKey',
  why: 'Write objects encrypted with the bucket key.',
};

export const ACCESS_LEVEL_DEFINITIONS: Readonly<Record<AccessLevel, AccessLevelDefinition>> = {
  full: {
    level: 'full',
    summary:
      'Every S3 action, as the onboarding guide asks ("All Actions"), but only on this bucket and its objects.',
    bucketActions: [{ action: 's3:*', why: 'The guide grants all S3 actions on the bucket.' }],
    objectActions: [{ action: 's3:*', why: 'The guide grants all S3 actions on the objects.' }],
    kmsActions: [DECRYPT, GENERATE],
  },
  'read-write': {
    level: 'read-write',
    summary: 'Read, write and delete objects; no changes to the bucket itself (policy, versioning, tags).',
    bucketActions: [
      LIST,
      LOCATION,
      { action: 's3:ListBucketMultipartUploads', why: 'Find and clean up interrupted large uploads.' },
    ],
    objectActions: [
      GET,
      GET_VERSION,
      { action: 's3:PutObject', why: 'Write objects (including multipart uploads).' },
      { action: 's3:DeleteObject', why: 'Delete objects Quartic wrote or no longer needs.' },
      { action: 's3:AbortMultipartUpload', why: 'Cancel an interrupted large upload.' },
      { action: 's3:ListMultipartUploadParts', why: 'Resume an interrupted large upload.' },
    ],
    kmsActions: [DECRYPT, GENERATE],
  },
  'read-only': {
    level: 'read-only',
    summary: 'List and read objects only.',
    bucketActions: [LIST, LOCATION],
    objectActions: [GET, GET_VERSION],
    kmsActions: [DECRYPT],
  },
};

export function isAccessLevel(value: string): value is AccessLevel {
  return (ACCESS_LEVELS as readonly string[]).includes(value);
}
