/**
 * What the customer-mode checks share: the inputs and clients, and the state one check reads that a later
 * one judges (the caller's account, the bucket's default encryption, its policy, its key, the role).
 */
import { KeyMetadata, KMSClient } from '@aws-sdk/client-kms';
import { RoleArnParts } from './arn';
import { AwsClients } from './clients';
import { PrincipalContext } from './principals';
import { Check } from './runner';
import { VerifyInputs } from './types';

/** The facts customer-mode checks need; their skip reasons are in CUSTOMER_CHECKS.unmet. */
export type CustomerFact = 'credentials' | 'bucket' | 'sse-kms' | 'bucket-policy' | 'kms-key' | 'role';

/** What S3 reports as the bucket's default encryption. */
export interface DefaultEncryption {
  readonly algorithm: string;
  /** KMSMasterKeyID: a key ARN, key id or alias; undefined means the AWS managed key aws/s3. */
  readonly keyId?: string;
}

export interface CustomerState {
  /** The caller's account (credentials). */
  account?: string;
  /** The bucket's default encryption (encryption), when it could be read. */
  encryption?: DefaultEncryption;
  /** The bucket policy's text (tls-policy); undefined once read: the bucket has none. */
  bucketPolicy?: string;
  /** The bucket's KMS key as DescribeKey returned it, and the client of its region (kms-key). */
  key?: { readonly meta: KeyMetadata; readonly keyId: string; readonly kms: KMSClient };
  /** What GetRole returned (role). */
  role?: { readonly maxSessionDuration?: number; readonly trustDocument?: string };
}

export interface CustomerContext {
  readonly inputs: VerifyInputs;
  readonly clients: AwsClients;
  readonly partition: string;
  readonly role: RoleArnParts;
  readonly state: CustomerState;
}

export type CustomerCheck = Check<CustomerContext, CustomerFact>;

/** Who is who, for naming the principals of a bucket or key policy. */
export function principalsOf(c: CustomerContext): PrincipalContext {
  return {
    partition: c.partition,
    accountId: c.state.account ?? c.role.accountId,
    roleArn: c.inputs.roleArn,
    trustedAccountId: c.inputs.trustedAccountId,
  };
}

/** The bucket's KMS key when it encrypts with SSE-KMS: the role's policy and the guardrails name it. */
export function kmsKeyArnOf(c: CustomerContext): string | undefined {
  const encryption = c.state.encryption;
  return encryption?.algorithm.startsWith('aws:kms') === true ? encryption.keyId : undefined;
}
