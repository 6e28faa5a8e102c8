/**
 * AWS SDK v3 clients for the verifier: default credential chain (or the credentials of an assumed role),
 * the stated region, and an optional endpoint for local AWS-compatible servers.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';

export interface TemporaryCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface AwsClients {
  s3(region: string, credentials?: TemporaryCredentials): S3Client;
  /** IAM is global; its calls are signed for us-east-1 in the commercial partition. */
  iam(): IAMClient;
  /** STS through the regional endpoint of `region`. */
  sts(region: string): STSClient;
  /** KMS in `region` (the region of the bucket's key). */
  kms(region: string): KMSClient;
}

/**
 * Clients on the default credential chain, or on `credentials` when given (for programs that embed the
 * verifier). An assumed role's credentials, passed to `s3()`, win over both.
 */
export function defaultClients(endpointUrl?: string, credentials?: TemporaryCredentials): AwsClients {
  const endpoint = endpointUrl === undefined ? {} : { endpoint: endpointUrl };
  const base = credentials === undefined ? {} : { credentials };
  return {
    // Path-style only for a custom endpoint: local servers rarely resolve virtual-hosted names.
    s3: (region, assumed) =>
      new S3Client({
        region,
        ...endpoint,
        forcePathStyle: endpointUrl !== undefined,
        ...(assumed === undefined ? base : { credentials: assumed }),
      }),
    iam: () => new IAMClient({ region: 'us-east-1', ...endpoint, ...base }),
    sts: (region) => new STSClient({ region, ...endpoint, ...base }),
    kms: (region) => new KMSClient({ region, ...endpoint, ...base }),
  };
}
