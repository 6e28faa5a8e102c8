/**
 * The bucket policy, read once and judged twice: it must hold the kit's TLS-only statement, and it must
 * grant nothing. The kit writes only Deny statements into the bucket policy (Quartic's access comes from
 * the role's inline policy, behind the external ID; the customer's own from IAM), so every Allow in it is
 * a grant the kit did not make, whatever the Deny statements around it look like.
 */
import { GetBucketPolicyCommand } from '@aws-sdk/client-s3';
import { tlsOnlyBucketPolicy } from '../policies';
import { AwsErrorInfo, Diagnosis, errorInfo, isNotFound } from './aws-errors';
import { AwsClients } from './clients';
import { deniedToInspect, groupBy, listGrants, REDEPLOY } from './check-helpers';
import { comparePolicies, Grant, grantsOf } from './policy-compare';
import { describePrincipal, PrincipalContext } from './principals';
import { Recorder } from './recorder';
import { VerifyInputs } from './types';

export const TLS_TITLE = 'Bucket policy denies requests without TLS';
export const GRANTS_TITLE = 'Bucket policy grants nobody anything';

/** Reads the bucket policy and records `tls-policy` and `bucket-policy-grants`. */
export async function checkBucketPolicy(
  r: Recorder,
  inputs: VerifyInputs,
  clients: AwsClients,
  ctx: PrincipalContext,
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
    if (noPolicy(errorInfo(error)))
      r.pass('bucket-policy-grants', GRANTS_TITLE, 'no bucket policy, so no grant');
    else r.skip('bucket-policy-grants', GRANTS_TITLE, 'not checked: the bucket policy could not be read');
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
  const statements = (JSON.parse(policy) as { Statement: unknown }).Statement;
  const count = Array.isArray(statements) ? statements.length : 1;
  judgeGrants(r, inputs.bucket, grantsOf(policy, ctx.partition), count, ctx);
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
