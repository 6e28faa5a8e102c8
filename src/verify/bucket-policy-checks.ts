/**
 * The bucket policy, read once and judged three times: it must hold the kit's TLS-only statement and (unless
 * `--guardrails false`) the guardrails that deny the Quartic role what would weaken the bucket, as
 * `bucketPolicy` (src/policies.ts) writes them; and it must grant nothing. The kit writes only Deny statements into the bucket policy (Quartic's access comes from
 * the role's inline policy, behind the external ID; the customer's own from IAM), so every Allow in it is
 * a grant the kit did not make, whatever the Deny statements around it look like.
 */
import { GetBucketPolicyCommand } from '@aws-sdk/client-s3';
import { bucketPolicy, tlsOnlyBucketPolicy } from '../policies';
import { AwsErrorInfo, Diagnosis, errorInfo, isNotFound } from './aws-errors';
import { AwsClients } from './clients';
import { deniedToInspect, groupBy, listGrants, REDEPLOY } from './check-helpers';
import { comparePolicies, Grant, grantsOf } from './policy-compare';
import { describePrincipal, PrincipalContext } from './principals';
import { Recorder } from './recorder';
import { VerifyInputs } from './types';

export const TLS_TITLE = 'Bucket policy denies requests without TLS';
export const GUARDRAILS_TITLE = 'Bucket policy denies the role what would weaken the bucket';
export const GRANTS_TITLE = 'Bucket policy grants nobody anything';

/** Reads the bucket policy and records `tls-policy`, `bucket-guardrails` and `bucket-policy-grants`. */
export async function checkBucketPolicy(
  r: Recorder,
  inputs: VerifyInputs,
  clients: AwsClients,
  ctx: PrincipalContext,
  roleName: string,
  kmsKeyArn: string | undefined,
): Promise<void> {
  const missing = (found: string): Diagnosis => ({
    failure: 'bucket-settings',
    diagnosis: `${found}: requests over plain HTTP are not refused.`,
    hint: `Add the statement that denies s3:* when aws:SecureTransport is false. ${REDEPLOY}`,
  });
  let policy: string;
  try {
    const out = await clients.s3(inputs.region).send(new GetBucketPolicyCommand({ Bucket: inputs.bucket }));
    policy = out.Policy ?? '';
  } catch (error) {
    const noPolicy = (info: AwsErrorInfo) => isNotFound(info, 'NoSuchBucketPolicy');
    r.error('tls-policy', TLS_TITLE, error, (info) =>
      noPolicy(info)
        ? missing(`Bucket ${inputs.bucket} has no bucket policy`)
        : deniedToInspect('the bucket policy')(info),
    );
    if (noPolicy(errorInfo(error))) {
      judgeGuardrails(r, inputs, undefined, ctx, roleName, kmsKeyArn);
      r.pass('bucket-policy-grants', GRANTS_TITLE, 'no bucket policy, so no grant');
    } else {
      r.skip('bucket-guardrails', GUARDRAILS_TITLE, 'not checked: the bucket policy could not be read');
      r.skip('bucket-policy-grants', GRANTS_TITLE, 'not checked: the bucket policy could not be read');
    }
    return;
  }

  const expected = tlsOnlyBucketPolicy({ partition: ctx.partition, bucketName: inputs.bucket });
  const comparison = comparePolicies(expected, policy, ctx.partition);
  if (comparison.invalid !== undefined) {
    r.fail(
      'tls-policy',
      TLS_TITLE,
      'unreadable',
      missing(`The bucket policy is not a policy document (${comparison.invalid})`),
    );
    r.skip('bucket-guardrails', GUARDRAILS_TITLE, 'not checked: the bucket policy could not be parsed');
    r.skip('bucket-policy-grants', GRANTS_TITLE, 'not checked: the bucket policy could not be parsed');
    return;
  }
  if (comparison.missing.length === 0) {
    r.pass(
      'tls-policy',
      TLS_TITLE,
      comparison.extra.length === 0
        ? 'exactly the TLS-only statement'
        : `TLS-only statement present, plus ${comparison.extra.length} other grant(s)`,
    );
  } else {
    r.fail(
      'tls-policy',
      TLS_TITLE,
      `missing: ${listGrants(comparison.missing)}`,
      missing('The bucket policy lacks the TLS-only deny statement'),
    );
  }
  judgeGuardrails(r, inputs, policy, ctx, roleName, kmsKeyArn);
  const statements = (JSON.parse(policy) as { Statement: unknown }).Statement;
  const count = Array.isArray(statements) ? statements.length : 1;
  judgeGrants(r, inputs.bucket, grantsOf(policy, ctx.partition), count, ctx);
}

/**
 * The guardrail statements of `bucketPolicy`, in either form the kit writes: naming the bucket's key (the
 * construct knows it) or naming none (the AWS CLI path writes the policy before it creates the key, which
 * denies every write that names a KMS key: stricter). `policy` undefined: there is no bucket policy.
 */
function judgeGuardrails(
  r: Recorder,
  inputs: VerifyInputs,
  policy: string | undefined,
  ctx: PrincipalContext,
  roleName: string,
  kmsKeyArn: string | undefined,
): void {
  if (!inputs.expected.guardrails) {
    r.pass('bucket-guardrails', GUARDRAILS_TITLE, 'not required (--guardrails false)');
    return;
  }
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
  if (missing.length === 0) {
    r.pass('bucket-guardrails', GUARDRAILS_TITLE, `every guardrail statement for role ${roleName} present`);
    return;
  }
  const actions = [...new Set(missing.map((g) => g.action))];
  r.fail('bucket-guardrails', GUARDRAILS_TITLE, `missing: ${listGrants(missing, 4)}`, {
    failure: 'bucket-settings',
    diagnosis:
      `The bucket policy of ${inputs.bucket} lacks guardrails the kit writes: the role ${roleName} is no longer ` +
      `denied ${actions.slice(0, 8).join(', ')}${actions.length > 8 ? ` and ${actions.length - 8} more` : ''}, so a ` +
      'wider role policy could weaken the bucket or write objects you cannot read.',
    hint:
      `Put back the statements of bucketPolicy() (src/policies.ts). ${REDEPLOY} If you deployed with ` +
      'bucketGuardrails: false, pass --guardrails false.',
  });
}

function judgeGrants(
  r: Recorder,
  bucket: string,
  grants: readonly Grant[],
  statements: number,
  ctx: PrincipalContext,
): void {
  const allows = grants.filter((g) => g.effect === 'Allow');
  if (allows.length === 0) {
    r.pass('bucket-policy-grants', GRANTS_TITLE, `no Allow statement (${statements} Deny statement(s))`);
    return;
  }
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
  r.fail('bucket-policy-grants', GRANTS_TITLE, findings.join(' | '), {
    failure: 'bucket-policy-grant',
    diagnosis:
      `The bucket policy of ${bucket} allows ${byPrincipal.size === 1 ? 'a principal' : 'principals'} the kit never grants anything there: ` +
      `${findings.join('; ')}.${why.length > 0 ? ` ${why.join(' ')}` : ''}`,
    hint:
      "The kit writes only Deny statements into the bucket policy: Quartic's access comes from the role's inline " +
      "policy alone, and your account's own from IAM. Remove every Allow statement from the bucket policy. " +
      REDEPLOY,
  });
}
