/**
 * The hand-off: the three values the customer sends Quartic at the end of setup. One format, printed by
 * the verifier and shown in the docs.
 */

export interface Handoff {
  readonly bucket_name: string;
  readonly bucket_region: string;
  readonly role_arn: string;
}

/** Static ids of the Terraform outputs, stable so scripts and `cdktf output` can rely on them. */
export const OUTPUT_IDS = {
  bucketName: 'bucket_name',
  bucketRegion: 'bucket_region',
  roleArn: 'role_arn',
  handoff: 'quartic_handoff',
} as const;

/** The block to paste into the message to Quartic. */
export function formatHandoff(handoff: Handoff): string {
  return [
    'Send these three values to Quartic:',
    `  Bucket name: ${handoff.bucket_name}`,
    `  Region:      ${handoff.bucket_region}`,
    `  Role ARN:    ${handoff.role_arn}`,
  ].join('\n');
}
