/**
 * Who a grant is for, in the customer's terms: the principals of a bucket or key policy, as
 * policy-compare.ts normalizes them (`AWS:<arn>`, `Service:<name>`, `*`), named relative to the customer's
 * account, Quartic's account and the role.
 */
import { accountRootArn } from '../core/policies';
import { Grant } from './policy-compare';

export interface PrincipalContext {
  readonly partition: string;
  /** The customer's account (owner of the bucket, the role and the kit's key). */
  readonly accountId: string;
  readonly roleArn: string;
  /** The account the role trusts (Quartic's). */
  readonly trustedAccountId: string;
}

const ACCOUNT_IN_ARN = /^arn:[\w-]+:(?:iam|sts)::(\d{12}):/;

/** True for `*` and `AWS:*`: anyone, in any account, signed or not. */
export function isEveryone(principal: string): boolean {
  return principal === '*' || principal === 'AWS:*';
}

/** The account of an `AWS:` principal, or undefined (services, federated users, `*`, unique ids). */
export function accountOf(principal: string): string | undefined {
  const arn = principal.replace(/^AWS:/, '');
  return ACCOUNT_IN_ARN.exec(arn)?.[1];
}

/** One phrase naming a grant's principal, e.g. `another account (444455556666): arn:aws:iam::...`. */
export function describePrincipal(grant: Grant, ctx: PrincipalContext): string {
  const { principal } = grant;
  const arn = principal.replace(/^AWS:/, '');
  let name: string;
  if (isEveryone(principal)) name = 'everyone (*)';
  else if (principal === '') name = 'no principal';
  else if (principal.startsWith('Service:')) name = `the service ${principal.slice('Service:'.length)}`;
  else if (!principal.startsWith('AWS:')) name = principal.replace(/:/, ' ');
  else if (arn === ctx.roleArn) name = `the role itself (${arn})`;
  else if (arn === accountRootArn(ctx.partition, ctx.trustedAccountId)) {
    name = `Quartic's account root directly, without the role or the external ID (${arn})`;
  } else if (arn === accountRootArn(ctx.partition, ctx.accountId)) name = `your account root (${arn})`;
  else {
    const account = accountOf(principal);
    if (account === undefined) name = arn;
    else if (account === ctx.accountId) name = `a principal of your account (${arn})`;
    else if (account === ctx.trustedAccountId) name = `a principal of Quartic's account (${arn})`;
    else name = `another account (${account}): ${arn}`;
  }
  return grant.inverted && principal !== '' && grant.effect === 'Allow' ? `everyone except ${name}` : name;
}

/** Condition keys that tie a request to an account, an organization or a principal. */
const CALLER_KEYS = ['kms:calleraccount', 'aws:principalaccount', 'aws:principalorgid', 'aws:principalarn'];
/** Operators that require the key to be present and to match (no IfExists, no negation). */
const MATCHING_OPERATORS = ['StringEquals', 'StringEqualsIgnoreCase', 'StringLike', 'ArnEquals', 'ArnLike'];

/**
 * True when a normalized condition (policy-compare.ts's `condition`) pins the caller: a matching operator
 * on one of CALLER_KEYS whose values hold no wildcard. AWS managed keys' `"AWS": "*"` statements carry
 * `kms:CallerAccount`, so they pass; a bare `"*"` does not.
 */
export function pinsCaller(condition: string): boolean {
  if (condition === '') return false;
  const parsed = JSON.parse(condition) as Record<string, Record<string, string[]>>;
  return Object.entries(parsed).some(
    ([operator, block]) =>
      MATCHING_OPERATORS.includes(operator) &&
      CALLER_KEYS.some((key) => {
        const values = block[key];
        return values !== undefined && values.length > 0 && values.every((v) => !/[*?]/.test(v));
      }),
  );
}
