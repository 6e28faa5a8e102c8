/**
 * The role's KMS statement as the tests expect it, written out once: the key's actions for an access level,
 * only through S3 in eu-west-2, only for the objects of `quartic-data-acme` (the bucket the tests use).
 */
export function expectedKmsViaS3Statement(actions: readonly string[], key: string): object {
  return {
    Sid: 'QuarticUseBucketKeyViaS3',
    Effect: 'Allow',
    Action: actions,
    Resource: key,
    Condition: {
      StringEquals: { 'kms:ViaService': 's3.eu-west-2.amazonaws.com' },
      StringLike: {
        'kms:EncryptionContext:aws:s3:arn': [
          'arn:aws:s3:::quartic-data-acme',
          'arn:aws:s3:::quartic-data-acme/*',
        ],
      },
    },
  };
}
