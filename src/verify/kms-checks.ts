/**
 * The KMS key of an SSE-KMS bucket: whoever may use it may decrypt every object, and whoever deletes or
 * disables it makes them unreadable. Two checks:
 *
 * - `kms-key`: DescribeKey says Enabled. PendingDeletion, Disabled and every other state fail (exit 18);
 *   with `--kms-key-arn`, the bucket must encrypt with that key (exit 35, kms-key-mismatch).
 * - `kms-key-policy`: who the key policy and the key's grants (ListGrants, every page) let use the key.
 *
 * | key                                         | the key policy passes when                                  | grants        |
 * | ------------------------------------------- | ----------------------------------------------------------- | ------------- |
 * | the kit's (SSE-KMS without --kms-key-arn)   | it grants exactly what `kmsKeyPolicy` (src/core/policies.ts)     | none allowed  |
 * |                                             | writes for one access level: your account root and the role |               |
 * | yours (--kms-key-arn), AWS managed aws/s3   | no Allow names everyone (`*`, NotPrincipal) unless a        | listed, not   |
 * |                                             | condition pins the caller's account, organization or ARN    | judged        |
 *
 * The kit's key policy is compared for the pinned --access-level, else for whichever level it matches; that
 * level is not tied to the one the role's inline policy matched (the access-policy check judges that).
 * A customer key may rightly serve other principals (a backup account, an analytics role), so only a grant
 * to everyone fails; the other principals are named in the check's detail. A key in another account than
 * the bucket's: with --kms-key-arn its policy cannot be read from here (skipped, said so); without, it is
 * not the kit's key, and fails.
 * Extra Deny statements narrow the key's use and are accepted everywhere.
 */
import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GrantListEntry,
  KeyMetadata,
  paginateListGrants,
} from '@aws-sdk/client-kms';
import { ACCESS_LEVELS } from '../core/access-levels';
import { kmsKeyPolicy } from '../core/policies';
import { Diagnosis, isNotFound } from './aws-errors';
import { deniedToInspect, groupBy, listGrants, REDEPLOY } from './check-helpers';
import { CustomerCheck, CustomerFact, principalsOf } from './customer-context';
import { comparePolicies, Grant, grantsOf } from './policy-compare';
import { describePrincipal, isEveryone, pinsCaller, PrincipalContext } from './principals';
import { awsError, fail, Outcome, pass, skip } from './runner';
import { VerifyInputs } from './types';

const AWS_MANAGED_S3_KEY = 'alias/aws/s3';

/** The region in a KMS ARN (`arn:aws:kms:<region>:...`), else undefined. */
function regionOf(keyId: string): string | undefined {
  return /^arn:[\w-]+:kms:([a-z0-9-]+):/.exec(keyId)?.[1];
}

function stateDiagnosis(meta: KeyMetadata, bucket: string): Diagnosis {
  const arn = meta.Arn ?? meta.KeyId ?? 'the key';
  if (meta.KeyState === 'PendingDeletion') {
    const when = meta.DeletionDate?.toISOString() ?? 'the end of its waiting period';
    return {
      failure: 'kms-key-state',
      diagnosis:
        `Key ${arn} of bucket ${bucket} is scheduled for deletion on ${when}: once it is deleted, every object ` +
        'encrypted with it is unreadable for good, and writes with it already fail.',
      hint: `Cancel the deletion now: \`aws kms cancel-key-deletion --key-id ${arn}\`, then \`aws kms enable-key --key-id ${arn}\`.`,
    };
  }
  if (meta.KeyState === 'Disabled' || meta.Enabled === false) {
    return {
      failure: 'kms-key-state',
      diagnosis: `Key ${arn} of bucket ${bucket} is disabled: no object encrypted with it can be read or written.`,
      hint: `Enable it: \`aws kms enable-key --key-id ${arn}\`.`,
    };
  }
  return {
    failure: 'kms-key-state',
    diagnosis: `Key ${arn} of bucket ${bucket} is ${String(meta.KeyState)}, not Enabled: S3 cannot use it.`,
    hint: 'Check the key in the KMS console; the bucket needs an Enabled symmetric key in its own region.',
  };
}

/**
 * Describes the bucket's key into the state. Settles `kms-key`: met once described (a disabled key fails
 * here, and its policy is still judged), unmet when it cannot be described or is not the expected key.
 */
const kmsKey: CustomerCheck = {
  id: 'kms-key',
  title: () => 'KMS key is enabled, not pending deletion',
  needs: ['sse-kms'],
  provides: ['kms-key'],
  failure: 'kms-key-state',
  run: async ({ inputs, clients, state }) => {
    const keyId = state.encryption?.keyId ?? AWS_MANAGED_S3_KEY;
    const kms = clients.kms(regionOf(keyId) ?? inputs.region);
    let meta: KeyMetadata;
    try {
      const described = await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
      if (described.KeyMetadata === undefined) throw new Error('DescribeKey returned no KeyMetadata');
      meta = described.KeyMetadata;
    } catch (error) {
      return awsError(error, (info) =>
        isNotFound(info, 'NotFoundException')
          ? {
              failure: 'kms-key-state',
              diagnosis:
                `Bucket ${inputs.bucket} encrypts with key ${keyId}, which does not exist: objects encrypted ` +
                'with it cannot be read, and new writes fail.',
              hint: `Point the bucket's default encryption at an existing key in ${inputs.region}. ${REDEPLOY}`,
            }
          : deniedToInspect(`the KMS key ${keyId}`)(info),
      );
    }
    state.key = { meta, keyId, kms };
    const arn = meta.Arn ?? keyId;
    const given = inputs.expected.kms_key_arn;
    if (given !== undefined && arn !== given) {
      return fail(
        `the bucket uses ${arn}`,
        {
          failure: 'kms-key-mismatch',
          diagnosis: `Bucket ${inputs.bucket} encrypts with ${arn}, not with the key you gave (--kms-key-arn ${given}).`,
          hint: `Set the bucket's default encryption to SSE-KMS with ${given}, or pass the key it uses. ${REDEPLOY}`,
        },
        { 'kms-key': 'not checked: not the expected key' },
      );
    }
    if (meta.KeyState !== 'Enabled' || meta.Enabled === false) {
      return fail(`${arn} is ${String(meta.KeyState)}`, stateDiagnosis(meta, inputs.bucket), {
        'kms-key': true,
      });
    }
    return pass(`${arn} Enabled${meta.KeyManager === 'AWS' ? ' (AWS managed aws/s3)' : ''}`);
  },
};

const kmsKeyPolicyCheck: CustomerCheck = {
  id: 'kms-key-policy',
  title: () => 'KMS key policy and grants: only your account and the role',
  needs: ['kms-key'],
  failure: 'kms-key-policy',
  run: async (c) => {
    const { inputs } = c;
    const key = c.state.key;
    if (key === undefined) throw new Error('kms-key-policy ran before kms-key described the key');
    const { meta, kms } = key;
    const ctx = principalsOf(c);
    const arn = meta.Arn ?? key.keyId;
    const given = inputs.expected.kms_key_arn;
    const owner = meta.AWSAccountId;
    if (owner !== undefined && owner !== ctx.accountId) {
      if (given !== undefined) {
        return skip(
          `not checked: the key belongs to account ${owner}, and only its owner can read its policy`,
        );
      }
      return fail(`the key belongs to account ${owner}`, {
        diagnosis:
          `Bucket ${inputs.bucket} encrypts with ${arn}, a key of account ${owner}, not yours: that account ` +
          'decides who may decrypt your objects, and can make them unreadable to you.',
        hint:
          'Use a key of your own account: let the kit create one (SSE-KMS without kmsKeyArn), or, if the key ' +
          'is meant to live elsewhere, pass it with --kms-key-arn.',
      });
    }

    let policy: string;
    let grants: Grant[];
    const keyGrants: GrantListEntry[] = [];
    try {
      const got = await kms.send(
        new GetKeyPolicyCommand({ KeyId: meta.KeyId ?? arn, PolicyName: 'default' }),
      );
      policy = got.Policy ?? '';
      grants = grantsOf(policy, ctx.partition);
      for await (const page of paginateListGrants(
        { client: kms, stopOnSameToken: true },
        { KeyId: meta.KeyId ?? arn },
      )) {
        keyGrants.push(...(page.Grants ?? []));
      }
    } catch (error) {
      return awsError(error, deniedToInspect(`the policy and grants of key ${arn}`));
    }
    if (given !== undefined || meta.KeyManager === 'AWS')
      return judgeCustomerKey(arn, grants, keyGrants, ctx);
    return judgeKitKey(inputs, arn, policy, keyGrants, ctx);
  },
};

/** `kms-key` and `kms-key-policy`: skipped (with the reason) when the bucket does not use SSE-KMS. */
export const KMS_CHECKS: readonly CustomerCheck[] = [kmsKey, kmsKeyPolicyCheck];

function grantLine(g: GrantListEntry): string {
  return `grant ${g.GrantId ?? g.Name ?? '?'} for ${g.GranteePrincipal ?? '?'}: ${(g.Operations ?? []).join(', ')}`;
}

/** A customer's key: only grants to everyone without a condition that pins the caller fail. */
function judgeCustomerKey(
  arn: string,
  grants: readonly Grant[],
  keyGrants: readonly GrantListEntry[],
  ctx: PrincipalContext,
): Outcome<CustomerFact> {
  const allows = grants.filter((g) => g.effect === 'Allow');
  const open = allows.filter((g) => (isEveryone(g.principal) || g.inverted) && !pinsCaller(g.condition));
  const others = [
    ...new Set(
      allows
        .filter((g) => !open.includes(g))
        .map((g) => describePrincipal(g, ctx))
        .filter((who) => !who.startsWith('your account root') && !who.startsWith('the role itself')),
    ),
  ];
  const notes = [
    ...(others.length > 0 ? [`also allowed: ${others.join(', ')}`] : []),
    ...(keyGrants.length > 0 ? [`grants: ${keyGrants.map(grantLine).join('; ')}`] : []),
  ];
  if (open.length === 0) {
    return pass(`your key: nothing allowed to everyone${notes.length > 0 ? `; ${notes.join('; ')}` : ''}`);
  }
  return fail(`allowed to everyone: ${listGrants(open, 4)}`, {
    diagnosis:
      `The key policy of ${arn} allows everyone, in any account, to use the key (${listGrants(open, 4)}), with ` +
      "no condition on the caller's account, organization or ARN: anyone who can read an object can decrypt it.",
    hint:
      'Name the principals in the statement, or add a condition such as StringEquals kms:CallerAccount ' +
      `"${ctx.accountId}" (the AWS managed key's form).`,
  });
}

/** The kit's key: the policy must be the kit's for one access level; no grants. */
function judgeKitKey(
  inputs: VerifyInputs,
  arn: string,
  policy: string,
  keyGrants: readonly GrantListEntry[],
  ctx: PrincipalContext,
): Outcome<CustomerFact> {
  const levels = inputs.accessLevel === undefined ? ACCESS_LEVELS : [inputs.accessLevel];
  const compared = levels.map((accessLevel) => {
    const expected = kmsKeyPolicy({
      partition: ctx.partition,
      accountId: ctx.accountId,
      roleArn: ctx.roleArn,
      bucketName: inputs.bucket,
      region: inputs.region,
      accessLevel,
    });
    const { extra, missing } = comparePolicies(expected, policy, ctx.partition);
    return { accessLevel, extra: extra.filter((g) => g.effect === 'Allow'), missing };
  });
  const best = [...compared].sort(
    (a, b) => a.extra.length + a.missing.length - (b.extra.length + b.missing.length),
  )[0];
  if (best.extra.length === 0 && best.missing.length === 0 && keyGrants.length === 0) {
    return pass(`the kit's key policy for the ${best.accessLevel} level, no grants`);
  }
  const findings: string[] = [];
  const others = best.extra.filter((g) => {
    const arnOf = g.principal.replace(/^AWS:/, '');
    return arnOf !== ctx.roleArn && arnOf !== `arn:${ctx.partition}:iam::${ctx.accountId}:root`;
  });
  for (const [who, list] of groupBy(others, (g) => describePrincipal(g, ctx))) {
    findings.push(`it lets ${who} use the key: ${listGrants(list, 4)}`);
  }
  const wider = best.extra.filter((g) => !others.includes(g));
  if (wider.length > 0) findings.push(`wider than the kit's: ${listGrants(wider, 4)}`);
  if (best.missing.length > 0) findings.push(`missing: ${listGrants(best.missing, 4)}`);
  if (keyGrants.length > 0)
    findings.push(`the kit's key has no grants, this one has ${keyGrants.map(grantLine).join('; ')}`);
  return fail(findings.join(' | '), {
    diagnosis:
      `The key policy of ${arn} is not the one the kit writes (your account root administers the key; the role ` +
      `may use it only through S3 for ${inputs.bucket}): ${findings.join('; ')}.`,
    hint:
      `Put back the kit's key policy and revoke the grants (\`aws kms list-grants --key-id ${arn}\`, then ` +
      `\`aws kms revoke-grant\`). ${REDEPLOY} If you manage this key yourself, pass it with --kms-key-arn.`,
  });
}
