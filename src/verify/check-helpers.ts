/** Wording shared by the customer-mode checks. */
import { AwsErrorInfo, Diagnosis, isAccessDenied } from './aws-errors';
import { describeGrant, Grant } from './policy-compare';

export const REDEPLOY =
  'Run `npx cdktf deploy` again (it restores every setting the kit manages), or apply the matching step of the AWS CLI guide.';

/** An AccessDenied while reading `what` means the caller may not inspect it. */
export function deniedToInspect(what: string): (info: AwsErrorInfo) => Diagnosis | undefined {
  return (info) =>
    isAccessDenied(info)
      ? {
          failure: 'inspect-denied',
          diagnosis: `Your credentials may not read ${what} (${info.name}).`,
          hint: 'Run the verifier as an administrator of the account that owns the bucket and the role.',
        }
      : undefined;
}

/** Grants on one line, the first `limit` of them. */
export function listGrants(grants: readonly Grant[], limit = 6): string {
  const lines = grants.slice(0, limit).map(describeGrant);
  if (grants.length > limit) lines.push(`... and ${grants.length - limit} more`);
  return lines.join('; ');
}

/** Groups grants by a label (e.g. who they are for), keeping first-seen order. */
export function groupBy<T>(items: readonly T[], label: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = label(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups;
}
