/**
 * Customer mode: with the customer's own credentials, read back what `cdktf deploy` (or the AWS CLI
 * steps) created and compare it with what the library builds for the same inputs.
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
import { ACCESS_LEVELS, AccessLevel } from '../access-levels';
import { accessPolicy, accountRootArn, trustPolicy } from '../policies';
import { COMMERCIAL_PARTITION, regionInfo } from '../regions';
import { parseRoleArn } from './arn';
import { Diagnosis, isAccessDenied, isNotFound, isRegionRedirect } from './aws-errors';
import { checkBucketPolicy, GRANTS_TITLE, GUARDRAILS_TITLE, TLS_TITLE } from './bucket-policy-checks';
import { deniedToInspect, listGrants as list, REDEPLOY } from './check-helpers';
import { AwsClients } from './clients';
import {
  checkAccessLogging,
  checkLifecycle,
  checkSessionDuration,
  checkVersioning,
  LIFECYCLE_TITLE,
  LOGGING_TITLE,
  SESSION_TITLE,
  VERSIONING_TITLE,
} from './configuration-checks';
import { checkKmsKey, DefaultEncryption, KEY_POLICY_TITLE, KEY_TITLE } from './kms-checks';
import { comparePolicies, decodePolicyDocument, PolicyComparison } from './policy-compare';
import { PrincipalContext } from './principals';
import { Recorder } from './recorder';
import { CheckResult, ProgressListener, VerifyInputs } from './types';

/**
 * Verifies the bucket, its key, the role, its trust and its permissions, then the settings that protect
 * without granting (versioning, lifecycle, logging, session duration). Security checks come first, so
 * when several fail, the exit code names the most serious. Progress goes to `onProgress`.
 */
export async function runCustomerChecks(
  inputs: VerifyInputs,
  clients: AwsClients,
  onProgress?: ProgressListener,
): Promise<readonly CheckResult[]> {
  const r = new Recorder(onProgress, inputs.endpointUrl);
  const partition = regionInfo(inputs.region).partition ?? COMMERCIAL_PARTITION;
  const role = parseRoleArn(inputs.roleArn);
  if (role === undefined) throw new Error(`invalid role ARN ${inputs.roleArn}`); // args.ts rejects these first

  // 1. Who are we?
  let account: string | undefined;
  try {
    const identity = await clients.sts(inputs.region).send(new GetCallerIdentityCommand({}));
    account = identity.Account;
    r.pass('credentials', 'AWS credentials', `account ${identity.Account} as ${identity.Arn}`);
  } catch (error) {
    r.error('credentials', 'AWS credentials', error, () => undefined);
    return r.results;
  }

  // 2. The bucket, in the stated region.
  const s3 = clients.s3(inputs.region);
  const bucketTitle = `Bucket ${inputs.bucket} exists in ${inputs.region}`;
  let bucketOk = false;
  try {
    const head = await s3.send(new HeadBucketCommand({ Bucket: inputs.bucket }));
    let actual = head.BucketRegion;
    if (actual === undefined) {
      const location = await s3.send(new GetBucketLocationCommand({ Bucket: inputs.bucket }));
      actual = location.LocationConstraint === undefined ? 'us-east-1' : String(location.LocationConstraint);
    }
    if (actual === inputs.region) {
      bucketOk = true;
      r.pass('bucket-region', bucketTitle, `found in ${actual}`);
    } else {
      r.fail(
        'bucket-region',
        bucketTitle,
        `found in ${actual}`,
        wrongRegion(inputs.bucket, inputs.region, actual),
      );
    }
  } catch (error) {
    r.error('bucket-region', bucketTitle, error, (info) => {
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

  // 3-9. Bucket settings, the bucket policy and the key.
  const ctx: PrincipalContext = {
    partition,
    accountId: account ?? role.accountId,
    roleArn: inputs.roleArn,
    trustedAccountId: inputs.trustedAccountId,
  };
  let kmsKeyArn: string | undefined;
  if (!bucketOk) {
    for (const [id, title] of [
      ['public-access-block', 'Public access is blocked'],
      ['ownership', 'Object ownership is BucketOwnerEnforced'],
      ['encryption', 'Default encryption is on'],
      ['tls-policy', TLS_TITLE],
      ['bucket-guardrails', GUARDRAILS_TITLE],
      ['bucket-policy-grants', GRANTS_TITLE],
      ['kms-key', KEY_TITLE],
      ['kms-key-policy', KEY_POLICY_TITLE],
    ] as const) {
      r.skip(id, title, 'not checked: the bucket was not found in the stated region');
    }
  } else {
    await checkPublicAccessBlock(r, inputs, clients);
    await checkOwnership(r, inputs, clients);
    const encryption = await checkEncryption(r, inputs, clients);
    kmsKeyArn = encryption?.algorithm.startsWith('aws:kms') === true ? encryption.keyId : undefined;
    await checkBucketPolicy(r, inputs, clients, ctx, role.roleName, kmsKeyArn);
    await checkKmsKey(r, inputs, clients, ctx, encryption);
  }

  // 7. The role, in the caller's account.
  const roleTitle = `Role ${role.roleName} exists`;
  let roleOk = false;
  let maxSessionDuration: number | undefined;
  if (account !== undefined && account !== role.accountId) {
    r.fail('role', roleTitle, `role ARN is in account ${role.accountId}`, {
      failure: 'role-missing',
      diagnosis:
        `The role ARN names account ${role.accountId}, but your credentials are for account ${account}, so ` +
        'the role cannot be read.',
      hint: 'Run the verifier with credentials of the account that owns the role, or check --role-arn.',
    });
  } else {
    try {
      const got = await clients.iam().send(new GetRoleCommand({ RoleName: role.roleName }));
      const arn = got.Role?.Arn;
      if (arn !== undefined && arn !== inputs.roleArn) {
        r.fail('role', roleTitle, `found as ${arn}`, {
          failure: 'role-missing',
          diagnosis: `A role named ${role.roleName} exists, but its ARN is ${arn}, not ${inputs.roleArn}.`,
          hint: 'Send Quartic the ARN shown by `npx cdktf output` (`role_arn`), and verify with that one.',
        });
      } else {
        roleOk = true;
        maxSessionDuration = got.Role?.MaxSessionDuration;
        r.pass('role', roleTitle, inputs.roleArn);
        await checkTrustPolicy(r, inputs, got.Role?.AssumeRolePolicyDocument, partition);
      }
    } catch (error) {
      r.error('role', roleTitle, error, (info) => {
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
  }
  if (!roleOk) {
    if (!r.results.some((c) => c.id === 'trust-policy')) {
      r.skip('trust-policy', "Trust policy: Quartic's account with your external ID", 'not checked: no role');
    }
    r.skip('access-policy', 'Role permissions: this bucket only', 'not checked: no role');
  } else {
    // What the role may do.
    await checkAccessPolicy(r, inputs, clients, role.roleName, partition, kmsKeyArn);
  }

  // Settings compared with the expected configuration.
  if (bucketOk) {
    await checkVersioning(r, inputs, clients);
    await checkLifecycle(r, inputs, clients);
    await checkAccessLogging(r, inputs, clients);
  } else {
    for (const [id, title] of [
      ['versioning', VERSIONING_TITLE],
      ['lifecycle', LIFECYCLE_TITLE],
      ['access-logging', LOGGING_TITLE],
    ] as const) {
      r.skip(id, title, 'not checked: the bucket was not found in the stated region');
    }
  }
  if (roleOk) checkSessionDuration(r, inputs, maxSessionDuration);
  else r.skip('session-duration', SESSION_TITLE, 'not checked: no role');
  return r.results;
}

function wrongRegion(bucket: string, stated: string, actual: string): Diagnosis {
  return {
    failure: 'bucket-wrong-region',
    diagnosis: `Bucket ${bucket} is in ${actual}, not in ${stated}. Quartic would send its requests to the wrong region.`,
    hint:
      `If ${actual} is right, send Quartic ${actual} (and pass --region ${actual}); otherwise the bucket must ` +
      `be recreated in ${stated} (a bucket cannot move between regions).`,
  };
}

async function checkPublicAccessBlock(r: Recorder, inputs: VerifyInputs, clients: AwsClients): Promise<void> {
  const title = 'Public access is blocked';
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
    if (off.length === 0) r.pass('public-access-block', title, 'all four settings on');
    else {
      r.fail('public-access-block', title, `off: ${off.join(', ')}`, {
        failure: 'public-access-not-blocked',
        diagnosis: `Public access is not fully blocked on ${inputs.bucket}: ${off.join(', ')} ${off.length === 1 ? 'is' : 'are'} off.`,
        hint,
      });
    }
  } catch (error) {
    r.error('public-access-block', title, error, (info) =>
      isNotFound(info, 'NoSuchPublicAccessBlockConfiguration')
        ? {
            failure: 'public-access-not-blocked',
            diagnosis: `Bucket ${inputs.bucket} has no public access block: a bucket policy or ACL could make objects public.`,
            hint,
          }
        : deniedToInspect('the public access block')(info),
    );
  }
}

async function checkOwnership(r: Recorder, inputs: VerifyInputs, clients: AwsClients): Promise<void> {
  const title = 'Object ownership is BucketOwnerEnforced';
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
    if (rules.includes('BucketOwnerEnforced')) r.pass('ownership', title, 'BucketOwnerEnforced');
    else r.fail('ownership', title, rules.join(', ') || 'no rule', diagnosis(rules.join(', ') || 'not set'));
  } catch (error) {
    r.error('ownership', title, error, (info) =>
      isNotFound(info, 'OwnershipControlsNotFoundError')
        ? diagnosis('not set')
        : deniedToInspect('the ownership controls')(info),
    );
  }
}

/**
 * Returns the bucket's default encryption (its KMS key, when SSE-KMS, then joins the role's expected policy
 * and is checked by kms-checks.ts), or undefined when it could not be read.
 */
async function checkEncryption(
  r: Recorder,
  inputs: VerifyInputs,
  clients: AwsClients,
): Promise<DefaultEncryption | undefined> {
  const title = 'Default encryption is on';
  const given = inputs.expected.kmsKeyArn;
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
    if (rule?.SSEAlgorithm === undefined) {
      r.fail('encryption', title, 'no rule', missing);
      return undefined;
    }
    const algorithm = String(rule.SSEAlgorithm);
    const key = rule.KMSMasterKeyID;
    const found = key === undefined ? algorithm : `${algorithm} with ${key}`;
    if (given !== undefined && !algorithm.startsWith('aws:kms')) {
      r.fail('encryption', title, found, {
        failure: 'bucket-settings',
        diagnosis: `Bucket ${inputs.bucket} encrypts with ${algorithm}, not with SSE-KMS and your key ${given} (--kms-key-arn).`,
        hint: `Set default encryption to SSE-KMS with ${given}. ${REDEPLOY}`,
      });
    } else r.pass('encryption', title, found);
    return { algorithm, ...(key === undefined ? {} : { keyId: key }) };
  } catch (error) {
    r.error('encryption', title, error, (info) =>
      isNotFound(info, 'ServerSideEncryptionConfigurationNotFoundError')
        ? missing
        : deniedToInspect('the encryption configuration')(info),
    );
    return undefined;
  }
}

async function checkTrustPolicy(
  r: Recorder,
  inputs: VerifyInputs,
  document: string | undefined,
  partition: string,
): Promise<void> {
  const title = "Trust policy: Quartic's account with your external ID";
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
    r.fail('trust-policy', title, 'unreadable', {
      failure: 'trust-policy',
      diagnosis: 'The trust policy could not be parsed.',
      hint,
    });
    return;
  }
  if (comparison.equal) {
    r.pass('trust-policy', title, `${inputs.trustedAccountId} with external ID ${inputs.externalId}`);
    return;
  }
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
  r.fail('trust-policy', title, findings.join('; '), {
    failure: 'trust-policy',
    diagnosis: `The role's trust policy is not the expected one: ${findings.join('; ')}.`,
    hint,
  });
}

/** sts:ExternalId values of a normalized condition (StringEquals / StringLike, any operator). */
function externalIdsIn(condition: string): string[] {
  const parsed = JSON.parse(condition) as Record<string, Record<string, string[]>>;
  return Object.values(parsed).flatMap((block) => block['sts:externalid'] ?? []);
}

async function checkAccessPolicy(
  r: Recorder,
  inputs: VerifyInputs,
  clients: AwsClients,
  roleName: string,
  partition: string,
  kmsKeyArn: string | undefined,
): Promise<void> {
  const title = `Role permissions: ${inputs.accessLevel ?? 'an access level'} on ${inputs.bucket} only`;
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
    r.error('access-policy', title, error, deniedToInspect(`the policies of role ${roleName}`));
    return;
  }
  if (statements.length === 0 && attached.length === 0) {
    r.fail('access-policy', title, 'no policy', {
      failure: 'access-policy',
      diagnosis: `Role ${roleName} has no permissions policy: Quartic could assume it but not read the bucket.`,
      hint,
    });
    return;
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
    r.pass(
      'access-policy',
      title,
      `matches the ${match.accessLevel} level${kmsKeyArn ? ' (with the bucket key)' : ''}`,
    );
    return;
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
  r.fail('access-policy', title, findings.join('; '), {
    failure: 'access-policy',
    diagnosis: `Role ${roleName}'s permissions differ from the ${closest.accessLevel} level for ${inputs.bucket}: ${findings.join('; ')}.`,
    hint: wider.some((g) => g.resource.endsWith('*') && !g.resource.endsWith('/*'))
      ? `A resource ending in "*" matches other buckets too (e.g. ${inputs.bucket}-backup). ${hint}`
      : hint,
  });
}
