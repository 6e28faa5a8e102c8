/**
 * The bucket policy, read once (tls-policy) and judged three times: it must hold the kit's TLS-only
 * statement and (unless `--guardrails false`) the guardrails that deny the Quartic role what would weaken
 * the bucket, as `bucketPolicy` (src/core/policies.ts) writes them; and it must grant nothing. The kit writes
 * only Deny statements into the bucket policy (Quartic's access comes from the role's inline policy, behind
 * the external ID; the customer's own from IAM), so every Allow in it is a grant the kit did not make,
 * whatever the Deny statements around it look like.
 */
import { GetBucketPolicyCommand } from '@aws-sdk/client-s3';
import { bucketPolicy, tlsOnlyBucketPolicy } from '../core/policies';
import { AwsErrorInfo, errorInfo, isNotFound } from './aws-errors';
import { deniedToInspect, groupBy, listGrants, REDEPLOY } from './check-helpers';
import { CustomerCheck, CustomerFact, kmsKeyArnOf, principalsOf } from './customer-context';
import { comparePolicies, Grant, grantsOf } from './policy-compare';
import { describePrincipal, PrincipalContext } from './principals';
import { awsError, fail, Finding, Outcome, pass } from './runner';
import { VerifyInputs } from './types';

/**
 * Reads the bucket policy into the state and judges its TLS-only statement. Settles `bucket-policy`: met
 * once the policy is read, or known to be absent; unmet when it cannot be read or parsed.
 */
const tlsPolicy: CustomerCheck = {
  id: 'tls-policy',
  title: () => 'Bucket policy denies requests without TLS',
  needs: ['bucket'],
  provides: ['bucket-policy'],
  failure: 'bucket-settings',
  run: async ({ inputs, clients, partition, state }) => {
    const missing = (found: string): Finding => ({
      diagnosis: `${found}: requests over plain HTTP are not refused.`,
      hint: `Add the statement that denies s3:* when aws:SecureTransport is false. ${REDEPLOY}`,
    });
    let policy: string;
    try {
      const out = await clients.s3(inputs.region).send(new GetBucketPolicyCommand({ Bucket: inputs.bucket }));
      policy = out.Policy ?? '';
    } catch (error) {
      const noPolicy = (info: AwsErrorInfo) => isNotFound(info, 'NoSuchBucketPolicy');
      return awsError(
        error,
        (info) =>
          noPolicy(info)
            ? { failure: 'bucket-settings', ...missing(`Bucket ${inputs.bucket} has no bucket policy`) }
            : deniedToInspect('the bucket policy')(info),
        // No policy at all is a finding the other two judge: no guardrail, no grant.
        noPolicy(errorInfo(error)) ? { 'bucket-policy': true } : undefined,
      );
    }

    const expected = tlsOnlyBucketPolicy({ partition, bucketName: inputs.bucket });
    const comparison = comparePolicies(expected, policy, partition);
    if (comparison.invalid !== undefined) {
      return fail(
        'unreadable',
        missing(`The bucket policy is not a policy document (${comparison.invalid})`),
        { 'bucket-policy': 'not checked: the bucket policy could not be parsed' },
      );
    }
    state.bucketPolicy = policy;
    const read = { 'bucket-policy': true } as const;
    if (comparison.missing.length === 0) {
      return pass(
        comparison.extra.length === 0
          ? 'exactly the TLS-only statement'
          : `TLS-only statement present, plus ${comparison.extra.length} other grant(s)`,
        read,
      );
    }
    return fail(
      `missing: ${listGrants(comparison.missing)}`,
      missing('The bucket policy lacks the TLS-only deny statement'),
      read,
    );
  },
};

const bucketGuardrails: CustomerCheck = {
  id: 'bucket-guardrails',
  title: () => 'Bucket policy denies the role what would weaken the bucket',
  needs: ['bucket-policy'],
  failure: 'bucket-guardrails',
  run: (c) =>
    judgeGuardrails(c.inputs, c.state.bucketPolicy, principalsOf(c), c.role.roleName, kmsKeyArnOf(c)),
};

const bucketPolicyGrants: CustomerCheck = {
  id: 'bucket-policy-grants',
  title: () => 'Bucket policy grants nobody anything',
  needs: ['bucket-policy'],
  failure: 'bucket-policy-grant',
  run: (c) => {
    const policy = c.state.bucketPolicy;
    if (policy === undefined) return pass('no bucket policy, so no grant');
    const ctx = principalsOf(c);
    const statements = (JSON.parse(policy) as { Statement: unknown }).Statement;
    const count = Array.isArray(statements) ? statements.length : 1;
    return judgeGrants(c.inputs.bucket, grantsOf(policy, ctx.partition), count, ctx);
  },
};

/** `tls-policy`, `bucket-guardrails` and `bucket-policy-grants`, in that order. */
export const BUCKET_POLICY_CHECKS: readonly CustomerCheck[] = [
  tlsPolicy,
  bucketGuardrails,
  bucketPolicyGrants,
];

/**
 * The guardrail statements of `bucketPolicy`, in either form the kit writes: naming the bucket's key (the
 * construct knows it) or naming none (the AWS CLI path writes the policy before it creates the key, which
 * denies every write that names a KMS key: stricter). `policy` undefined: there is no bucket policy.
 */
function judgeGuardrails(
  inputs: VerifyInputs,
  policy: string | undefined,
  ctx: PrincipalContext,
  roleName: string,
  kmsKeyArn: string | undefined,
): Outcome<CustomerFact> {
  if (!inputs.expected.bucket_guardrails) return pass('not required');
  const tls = tlsOnlyBucketPolicy({ partition: ctx.partition, bucketName: inputs.bucket });
  const tlsKeys = new Set(grantsOf(tls, ctx.partition).map((g) => JSON.stringify(g)));
  const variants = [...new Set([kmsKeyArn, undefined])].map((key) => {
    const expected = bucketPolicy({
      partition: ctx.partition,
      bucketName: inputs.bucket,
      roleName,
      ...(key === undefined ? {} : { kmsKeyArn: key }),
      guardrails: true,
    });
    const missing =
      policy === undefined
        ? grantsOf(expected, ctx.partition)
        : comparePolicies(expected, policy, ctx.partition).missing;
    return missing.filter((g) => !tlsKeys.has(JSON.stringify(g)));
  });
  const missing = variants.sort((a, b) => a.length - b.length)[0];
  if (missing.length === 0) return pass(`every guardrail statement for role ${roleName} present`);
  const actions = [...new Set(missing.map((g) => g.action))];
  return fail(`missing: ${listGrants(missing, 4)}`, {
    diagnosis:
      `The bucket policy of ${inputs.bucket} lacks guardrails the kit writes: the role ${roleName} is no longer ` +
      `denied ${actions.slice(0, 8).join(', ')}${actions.length > 8 ? ` and ${actions.length - 8} more` : ''}, so a ` +
      'wider role policy could weaken the bucket or write objects you cannot read.',
    hint:
      `Put back the statements of bucketPolicy() (src/core/policies.ts). ${REDEPLOY} If you deployed with ` +
      'bucketGuardrails: false, pass --guardrails false.',
  });
}

function judgeGrants(
  bucket: string,
  grants: readonly Grant[],
  statements: number,
  ctx: PrincipalContext,
): Outcome<CustomerFact> {
  const allows = grants.filter((g) => g.effect === 'Allow');
  if (allows.length === 0) return pass(`no Allow statement (${statements} Deny statement(s))`);
  const byPrincipal = groupBy(allows, (g) => describePrincipal(g, ctx));
  const findings = [...byPrincipal].map(([who, list]) => `${who}: ${listGrants(list, 4)}`);
  const why: string[] = [];
  const arns = allows.map((g) => g.principal.replace(/^AWS:/, ''));
  if (arns.includes(ctx.roleArn)) {
    why.push(
      "A grant to the role here adds to its inline policy, so the access level you chose no longer limits what Quartic's sessions may do.",
    );
  }
  if (arns.some((arn) => arn.startsWith(`arn:${ctx.partition}:iam::${ctx.trustedAccountId}:`))) {
    why.push("A grant to Quartic's account skips the role and its external ID.");
  }
  if (allows.some((g) => g.principal === '*' || g.principal === 'AWS:*' || g.inverted)) {
    why.push('A grant to everyone makes the data public to anyone the public access block does not stop.');
  }
  return fail(findings.join(' | '), {
    diagnosis:
      `The bucket policy of ${bucket} allows ${byPrincipal.size === 1 ? 'a principal' : 'principals'} the kit never grants anything there: ` +
      `${findings.join('; ')}.${why.length > 0 ? ` ${why.join(' ')}` : ''}`,
    hint:
      "The kit writes only Deny statements into the bucket policy: Quartic's access comes from the role's inline " +
      "policy alone, and your account's own from IAM. Remove every Allow statement from the bucket policy. " +
      REDEPLOY,
  });
}
