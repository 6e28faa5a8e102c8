/**
 * Customer mode: with the customer's own credentials, read back what `cdktf deploy` (or the AWS CLI
 * steps) created and compare it with what the library builds for the same inputs. CUSTOMER_CHECKS is the
 * list, in the order the checks run and are reported.
 */
import {
  GetRoleCommand,
  GetRolePolicyCommand,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
} from '@aws-sdk/client-iam';
import {
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketOwnershipControlsCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ACCESS_LEVELS, AccessLevel } from '../core/access-levels';
import { accessPolicy, accountRootArn, trustPolicy } from '../core/policies';
import { partitionOf } from '../core/plan';
import { parseRoleArn } from './arn';
import { Diagnosis, isAccessDenied, isNotFound, isRegionRedirect } from './aws-errors';
import { BUCKET_POLICY_CHECKS } from './bucket-policy-checks';
import { deniedToInspect, listGrants as list, REDEPLOY } from './check-helpers';
import { AwsClients } from './clients';
import {
  ACCESS_LOGGING_CHECK,
  LIFECYCLE_CHECK,
  SESSION_DURATION_CHECK,
  VERSIONING_CHECK,
} from './configuration-checks';
import { CustomerCheck, CustomerContext, CustomerFact, kmsKeyArnOf } from './customer-context';
import { KMS_CHECKS } from './kms-checks';
import { comparePolicies, decodePolicyDocument, PolicyComparison } from './policy-compare';
import { awsError, CheckList, fail, Outcome, pass, runChecks, titleValuesOf } from './runner';
import { CheckResult, ProgressListener, VerifyInputs } from './types';

const credentials: CustomerCheck = {
  id: 'credentials',
  title: () => 'AWS credentials',
  needs: [],
  provides: ['credentials'],
  failure: 'no-credentials',
  // Every later call would fail the same way: the one diagnosis is enough.
  haltOnFail: true,
  run: async ({ inputs, clients, state }) => {
    try {
      const identity = await clients.sts(inputs.region).send(new GetCallerIdentityCommand({}));
      state.account = identity.Account;
      return pass(`account ${identity.Account} as ${identity.Arn}`);
    } catch (error) {
      return awsError(error);
    }
  },
};

const bucketRegion: CustomerCheck = {
  id: 'bucket-region',
  title: (v) => `Bucket ${v.bucket} exists in ${v.region}`,
  needs: ['credentials'],
  provides: ['bucket'],
  failure: 'bucket-wrong-region',
  run: async ({ inputs, clients }) => {
    const s3 = clients.s3(inputs.region);
    try {
      const head = await s3.send(new HeadBucketCommand({ Bucket: inputs.bucket }));
      let actual = head.BucketRegion;
      if (actual === undefined) {
        const location = await s3.send(new GetBucketLocationCommand({ Bucket: inputs.bucket }));
        actual =
          location.LocationConstraint === undefined ? 'us-east-1' : String(location.LocationConstraint);
      }
      if (actual === inputs.region) return pass(`found in ${actual}`);
      return fail(`found in ${actual}`, wrongRegion(inputs.bucket, inputs.region, actual));
    } catch (error) {
      return awsError(error, (info) => {
        if (isRegionRedirect(info)) {
          return wrongRegion(inputs.bucket, inputs.region, info.bucketRegion ?? 'another region');
        }
        if (isNotFound(info, 'NoSuchBucket')) {
          return {
            failure: 'bucket-missing',
            diagnosis: `There is no bucket named ${inputs.bucket}.`,
            hint:
              'Check the name (it is the `bucket_name` output of `npx cdktf output`), or deploy the stack: ' +
              '`npx cdktf deploy`. If you removed the bucket on purpose, deploy again to recreate it.',
          };
        }
        if (isAccessDenied(info)) {
          return {
            failure: 'inspect-denied',
            diagnosis:
              `Access to bucket ${inputs.bucket} is denied: it may belong to another account (bucket names ` +
              'are global), or your credentials lack s3:ListBucket on it.',
            hint: 'Run the verifier with credentials of the account that owns the bucket, and check the name.',
          };
        }
        return undefined;
      });
    }
  },
};

function wrongRegion(bucket: string, stated: string, actual: string): Diagnosis {
  return {
    failure: 'bucket-wrong-region',
    diagnosis: `Bucket ${bucket} is in ${actual}, not in ${stated}. Quartic would send its requests to the wrong region.`,
    hint:
      `If ${actual} is right, send Quartic ${actual} (and pass --region ${actual}); otherwise the bucket must ` +
      `be recreated in ${stated} (a bucket cannot move between regions).`,
  };
}

const publicAccessBlock: CustomerCheck = {
  id: 'public-access-block',
  title: () => 'Public access is blocked',
  needs: ['bucket'],
  failure: 'public-access-not-blocked',
  run: async ({ inputs, clients }) => {
    const hint = `Turn on all four "Block public access" settings of the bucket. ${REDEPLOY}`;
    try {
      const out = await clients
        .s3(inputs.region)
        .send(new GetPublicAccessBlockCommand({ Bucket: inputs.bucket }));
      const c = out.PublicAccessBlockConfiguration ?? {};
      const off = Object.entries({
        BlockPublicAcls: c.BlockPublicAcls,
        IgnorePublicAcls: c.IgnorePublicAcls,
        BlockPublicPolicy: c.BlockPublicPolicy,
        RestrictPublicBuckets: c.RestrictPublicBuckets,
      })
        .filter(([, on]) => on !== true)
        .map(([name]) => name);
      if (off.length === 0) return pass('all four settings on');
      return fail(`off: ${off.join(', ')}`, {
        diagnosis: `Public access is not fully blocked on ${inputs.bucket}: ${off.join(', ')} ${off.length === 1 ? 'is' : 'are'} off.`,
        hint,
      });
    } catch (error) {
      return awsError(error, (info) =>
        isNotFound(info, 'NoSuchPublicAccessBlockConfiguration')
          ? {
              failure: 'public-access-not-blocked',
              diagnosis: `Bucket ${inputs.bucket} has no public access block: a bucket policy or ACL could make objects public.`,
              hint,
            }
          : deniedToInspect('the public access block')(info),
      );
    }
  },
};

const ownership: CustomerCheck = {
  id: 'ownership',
  title: () => 'Object ownership is BucketOwnerEnforced',
  needs: ['bucket'],
  failure: 'bucket-settings',
  run: async ({ inputs, clients }) => {
    const diagnosis = (found: string): Diagnosis => ({
      failure: 'bucket-settings',
      diagnosis: `Object ownership of ${inputs.bucket} is ${found}: ACLs still apply, so objects Quartic writes could be owned by Quartic's account.`,
      hint: `Set object ownership to "Bucket owner enforced" (ACLs disabled). ${REDEPLOY}`,
    });
    try {
      const out = await clients
        .s3(inputs.region)
        .send(new GetBucketOwnershipControlsCommand({ Bucket: inputs.bucket }));
      const rules = (out.OwnershipControls?.Rules ?? []).map((rule) => String(rule.ObjectOwnership));
      if (rules.includes('BucketOwnerEnforced')) return pass('BucketOwnerEnforced');
      return fail(rules.join(', ') || 'no rule', diagnosis(rules.join(', ') || 'not set'));
    } catch (error) {
      return awsError(error, (info) =>
        isNotFound(info, 'OwnershipControlsNotFoundError')
          ? diagnosis('not set')
          : deniedToInspect('the ownership controls')(info),
      );
    }
  },
};

/**
 * Reads the bucket's default encryption into the state (its KMS key, when SSE-KMS, then joins the role's
 * expected policy and the guardrails, and is checked by kms-checks.ts) and settles `sse-kms`.
 */
const encryption: CustomerCheck = {
  id: 'encryption',
  title: () => 'Default encryption is on',
  needs: ['bucket'],
  provides: ['sse-kms'],
  failure: 'bucket-settings',
  run: async ({ inputs, clients, state }) => {
    const given = inputs.expected.kms_key_arn;
    const missing: Diagnosis = {
      failure: 'bucket-settings',
      diagnosis: `Bucket ${inputs.bucket} has no default encryption configuration.`,
      hint: `Set default encryption to SSE-S3 (AES256) or SSE-KMS. ${REDEPLOY}`,
    };
    try {
      const out = await clients
        .s3(inputs.region)
        .send(new GetBucketEncryptionCommand({ Bucket: inputs.bucket }));
      const rule = out.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
      if (rule?.SSEAlgorithm === undefined) return fail('no rule', missing);
      const algorithm = String(rule.SSEAlgorithm);
      const key = rule.KMSMasterKeyID;
      state.encryption = { algorithm, ...(key === undefined ? {} : { keyId: key }) };
      const facts = {
        'sse-kms':
          algorithm.startsWith('aws:kms') || `not checked: the bucket uses ${algorithm}, not SSE-KMS`,
      } as const;
      const found = key === undefined ? algorithm : `${algorithm} with ${key}`;
      if (given !== undefined && !algorithm.startsWith('aws:kms')) {
        return fail(
          found,
          {
            failure: 'kms-key-mismatch',
            diagnosis: `Bucket ${inputs.bucket} encrypts with ${algorithm}, not with SSE-KMS and your key ${given} (--kms-key-arn).`,
            hint: `Set default encryption to SSE-KMS with ${given}. ${REDEPLOY}`,
          },
          facts,
        );
      }
      return pass(found, facts);
    } catch (error) {
      return awsError(error, (info) =>
        isNotFound(info, 'ServerSideEncryptionConfigurationNotFoundError')
          ? missing
          : deniedToInspect('the encryption configuration')(info),
      );
    }
  },
};

const role: CustomerCheck = {
  id: 'role',
  title: (v) => `Role ${v.roleName} exists`,
  needs: ['credentials'],
  provides: ['role'],
  failure: 'role-missing',
  run: async ({ inputs, clients, role, state }) => {
    const account = state.account;
    if (account !== undefined && account !== role.accountId) {
      return fail(`role ARN is in account ${role.accountId}`, {
        diagnosis:
          `The role ARN names account ${role.accountId}, but your credentials are for account ${account}, so ` +
          'the role cannot be read.',
        hint: 'Run the verifier with credentials of the account that owns the role, or check --role-arn.',
      });
    }
    try {
      const got = await clients.iam().send(new GetRoleCommand({ RoleName: role.roleName }));
      const arn = got.Role?.Arn;
      if (arn !== undefined && arn !== inputs.roleArn) {
        return fail(`found as ${arn}`, {
          diagnosis: `A role named ${role.roleName} exists, but its ARN is ${arn}, not ${inputs.roleArn}.`,
          hint: 'Send Quartic the ARN shown by `npx cdktf output` (`role_arn`), and verify with that one.',
        });
      }
      state.role = {
        maxSessionDuration: got.Role?.MaxSessionDuration,
        trustDocument: got.Role?.AssumeRolePolicyDocument,
      };
      return pass(inputs.roleArn);
    } catch (error) {
      return awsError(error, (info) => {
        if (isNotFound(info, 'NoSuchEntity', 'NoSuchEntityException')) {
          return {
            failure: 'role-missing',
            diagnosis: `There is no role named ${role.roleName} in account ${role.accountId}.`,
            hint: `Deploy the stack (\`npx cdktf deploy\`), or check --role-arn. ${REDEPLOY}`,
          };
        }
        return deniedToInspect(`the role ${role.roleName}`)(info);
      });
    }
  },
};

const trustPolicyCheck: CustomerCheck = {
  id: 'trust-policy',
  title: () => "Trust policy: Quartic's account with your external ID",
  needs: ['role'],
  failure: 'trust-policy',
  run: ({ inputs, partition, state }) => judgeTrustPolicy(inputs, state.role?.trustDocument, partition),
};

function judgeTrustPolicy(
  inputs: VerifyInputs,
  document: string | undefined,
  partition: string,
): Outcome<CustomerFact> {
  const expected = trustPolicy({
    partition,
    trustedAccountId: inputs.trustedAccountId,
    externalId: inputs.externalId,
  });
  const hint =
    `The role must trust exactly ${accountRootArn(partition, inputs.trustedAccountId)} for sts:AssumeRole ` +
    `with the condition StringEquals sts:ExternalId "${inputs.externalId}". Check the external ID Quartic sent you; ${REDEPLOY}`;
  let comparison: PolicyComparison;
  try {
    comparison = comparePolicies(expected, decodePolicyDocument(document ?? ''), partition);
  } catch {
    return fail('unreadable', { diagnosis: 'The trust policy could not be parsed.', hint });
  }
  if (comparison.equal) return pass(`${inputs.trustedAccountId} with external ID ${inputs.externalId}`);
  const trusted = `AWS:${accountRootArn(partition, inputs.trustedAccountId)}`;
  const findings: string[] = [];
  const allows = comparison.extra.filter((g) => g.effect === 'Allow');
  const others = [
    ...new Set(allows.filter((g) => g.principal !== trusted).map((g) => g.principal.replace(/^AWS:/, ''))),
  ];
  if (others.length > 0)
    findings.push(`it also trusts ${others.join(', ')} (broader than Quartic's account)`);
  const forQuartic = allows.filter((g) => g.principal === trusted);
  const externalIds = new Set<string>();
  for (const grant of forQuartic) {
    if (grant.condition === '') {
      findings.push("it trusts Quartic's account without an external ID condition");
      continue;
    }
    const ids = externalIdsIn(grant.condition);
    if (ids.length === 0)
      findings.push(`its condition is not StringEquals sts:ExternalId (${grant.condition})`);
    for (const id of ids) externalIds.add(id);
  }
  const wrongIds = [...externalIds].filter((id) => id !== inputs.externalId);
  if (wrongIds.length > 0) {
    findings.push(
      `its external ID is ${wrongIds.map((id) => `"${id}"`).join(', ')}, expected "${inputs.externalId}"`,
    );
  }
  if (comparison.missing.length > 0 && forQuartic.length === 0 && others.length === 0) {
    findings.push(`it does not let account ${inputs.trustedAccountId} assume the role`);
  }
  if (findings.length === 0)
    findings.push(`it differs: extra ${list(comparison.extra)}; missing ${list(comparison.missing)}`);
  return fail(findings.join('; '), {
    diagnosis: `The role's trust policy is not the expected one: ${findings.join('; ')}.`,
    hint,
  });
}

/** sts:ExternalId values of a normalized condition (StringEquals / StringLike, any operator). */
function externalIdsIn(condition: string): string[] {
  const parsed = JSON.parse(condition) as Record<string, Record<string, string[]>>;
  return Object.values(parsed).flatMap((block) => block['sts:externalid'] ?? []);
}

const accessPolicyCheck: CustomerCheck = {
  id: 'access-policy',
  title: (v) => `Role permissions: ${v.accessLevel ?? 'an access level'} on ${v.bucket} only`,
  needs: ['role'],
  failure: 'access-policy',
  run: (c) => judgeAccessPolicy(c.inputs, c.clients, c.role.roleName, c.partition, kmsKeyArnOf(c)),
};

async function judgeAccessPolicy(
  inputs: VerifyInputs,
  clients: AwsClients,
  roleName: string,
  partition: string,
  kmsKeyArn: string | undefined,
): Promise<Outcome<CustomerFact>> {
  const hint = `The role's only permissions must be the kit's inline policy for this bucket. ${REDEPLOY}`;
  const iam = clients.iam();
  let statements: unknown[];
  let attached: string[];
  try {
    // Every page: a role can hold more inline and attached policies than one answer lists.
    const names: string[] = [];
    for await (const page of paginateListRolePolicies(
      { client: iam, stopOnSameToken: true },
      { RoleName: roleName },
    )) {
      names.push(...(page.PolicyNames ?? []));
    }
    statements = [];
    for (const name of names) {
      const got = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }));
      const doc = decodePolicyDocument(got.PolicyDocument ?? '') as { Statement?: unknown };
      statements.push(...(Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]));
    }
    attached = [];
    for await (const page of paginateListAttachedRolePolicies(
      { client: iam, stopOnSameToken: true },
      { RoleName: roleName },
    )) {
      attached.push(...(page.AttachedPolicies ?? []).map((p) => String(p.PolicyArn ?? p.PolicyName)));
    }
  } catch (error) {
    return awsError(error, deniedToInspect(`the policies of role ${roleName}`));
  }
  if (statements.length === 0 && attached.length === 0) {
    return fail('no policy', {
      diagnosis: `Role ${roleName} has no permissions policy: Quartic could assume it but not read the bucket.`,
      hint,
    });
  }
  const actual = { Version: '2012-10-17', Statement: statements };
  const levels: readonly AccessLevel[] =
    inputs.accessLevel === undefined ? ACCESS_LEVELS : [inputs.accessLevel];
  const results = levels.map((accessLevel) => ({
    accessLevel,
    comparison: comparePolicies(
      accessPolicy({ partition, bucketName: inputs.bucket, accessLevel, kmsKeyArn, region: inputs.region }),
      actual,
      partition,
    ),
  }));
  const match = results.find((x) => x.comparison.equal);
  if (match !== undefined && attached.length === 0) {
    return pass(`matches the ${match.accessLevel} level${kmsKeyArn ? ' (with the bucket key)' : ''}`);
  }
  const closest = [...results].sort(
    (a, b) =>
      a.comparison.extra.length +
      a.comparison.missing.length -
      (b.comparison.extra.length + b.comparison.missing.length),
  )[0];
  const { extra, missing } = closest.comparison;
  const findings: string[] = [];
  if (attached.length > 0)
    findings.push(
      `managed policies are attached (${attached.join(', ')}), which may grant more than this bucket`,
    );
  const wider = extra.filter((g) => g.effect === 'Allow');
  if (wider.length > 0) findings.push(`wider than expected: ${list(wider)}`);
  const denies = extra.filter((g) => g.effect !== 'Allow');
  if (denies.length > 0) findings.push(`extra statements: ${list(denies)}`);
  if (missing.length > 0) findings.push(`missing: ${list(missing)}`);
  return fail(findings.join('; '), {
    diagnosis: `Role ${roleName}'s permissions differ from the ${closest.accessLevel} level for ${inputs.bucket}: ${findings.join('; ')}.`,
    hint: wider.some((g) => g.resource.endsWith('*') && !g.resource.endsWith('/*'))
      ? `A resource ending in "*" matches other buckets too (e.g. ${inputs.bucket}-backup). ${hint}`
      : hint,
  });
}

/** Customer mode's checks, in the order they run: security first, so the first failure is the most serious. */
export const CUSTOMER_CHECKS: CheckList<CustomerContext, CustomerFact> = {
  checks: [
    credentials,
    bucketRegion,
    publicAccessBlock,
    ownership,
    encryption,
    ...BUCKET_POLICY_CHECKS,
    ...KMS_CHECKS,
    role,
    trustPolicyCheck,
    accessPolicyCheck,
    VERSIONING_CHECK,
    LIFECYCLE_CHECK,
    ACCESS_LOGGING_CHECK,
    SESSION_DURATION_CHECK,
  ],
  unmet: {
    credentials: 'not checked: no credentials',
    bucket: 'not checked: the bucket was not found in the stated region',
    'sse-kms': 'not checked: the default encryption could not be read',
    'bucket-policy': 'not checked: the bucket policy could not be read',
    'kms-key': 'not checked: the key could not be described',
    role: 'not checked: no role',
  },
};

/**
 * Verifies the bucket, its key, the role, its trust and its permissions, then the settings that protect
 * without granting (versioning, lifecycle, logging, session duration): CUSTOMER_CHECKS, in that order, so
 * when several fail, the exit code names the most serious. Progress goes to `onProgress`.
 */
export async function runCustomerChecks(
  inputs: VerifyInputs,
  clients: AwsClients,
  onProgress?: ProgressListener,
): Promise<readonly CheckResult[]> {
  const partition = partitionOf(inputs.region);
  const role = parseRoleArn(inputs.roleArn);
  if (role === undefined) throw new Error(`invalid role ARN ${inputs.roleArn}`); // args.ts rejects these first
  const context: CustomerContext = { inputs, clients, partition, role, state: {} };
  return runChecks(CUSTOMER_CHECKS, context, titleValuesOf(inputs, ''), {
    onProgress,
    endpointUrl: inputs.endpointUrl,
  });
}
