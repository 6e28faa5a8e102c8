/**
 * What the access part needs to know of a bucket, whether the kit creates it (bucket.ts) or it exists
 * already (`existingBucketReference`, made from the plan alone: nothing is synthesized for it).
 */
import { grantedKeyArn, IntegrationPlan } from '../core/plan';

export interface BucketReference {
  /** The name the policies scope to: the planned name (a literal, or the token it was given as). */
  readonly bucketName: string;
  /** The region KMS use is limited to. */
  readonly region: string;
  /** ARN of the KMS key the bucket encrypts with, when SSE-KMS (a created key's ARN is a token). */
  readonly kmsKeyArn?: string;
  /**
   * The name and region the outputs hand to Quartic: the created bucket's attributes (so the outputs wait
   * for the bucket), or the planned values of an existing bucket.
   */
  readonly handoffName: string;
  readonly handoffRegion: string;
}

/** A bucket that exists already, as the plan describes it. */
export function existingBucketReference(plan: IntegrationPlan): BucketReference {
  return {
    bucketName: plan.bucketName,
    region: plan.region,
    kmsKeyArn: grantedKeyArn(plan, undefined),
    handoffName: plan.bucketName,
    handoffRegion: plan.region,
  };
}
