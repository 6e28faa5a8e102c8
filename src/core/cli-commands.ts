/**
 * The AWS CLI commands that build what the construct builds: they render the same resolved plan
 * (plan.ts) with the same policy builders, so no default or derived value is computed here. The docs site shows them; the e2e tests run them against a local endpoint. Pure: no Node
 * built-ins, so the docs site bundles it.
 *
 * Every builder validates its options first (a QuarticConfigError lists every problem), and every value
 * reaches the bash text through src/core/render/bash.ts: validation is the first wall, quoting the second.
 */
import { QuarticS3IntegrationOptions } from './options';
import { grantedKeyArn, IntegrationPlan, resolvePlan } from './plan';
import { accessPolicy, bucketPolicy, kmsKeyPolicy, PolicyDocument, roleArn, trustPolicy } from './policies';
import {
  bashComment,
  bashCommentValue,
  bashWord,
  bashWriteFile,
  bashWriteJsonWithVariables,
  shellVariable,
} from './render/bash';
import { QuarticConfigError, validateOptions } from './validation';

export type CliStepId = 'bucket' | 'role' | 'policy' | 'handoff';

export interface CliStep {
  readonly id: CliStepId;
  readonly title: string;
  /** Bash lines, in order. Multi-line entries are here-documents that write a JSON file. */
  readonly commands: readonly string[];
}

/** Values the script learns as it runs; each is checked against its pattern before a document uses it. */
const ACCOUNT_ID = shellVariable('ACCOUNT_ID');
const KEY_ARN = shellVariable('KEY_ARN');

/** Stops the script unless the variable matches (it goes into JSON documents unquoted). */
function requireShape(variable: { name: string }, pattern: string, what: string): string {
  return `[[ "$${variable.name}" =~ ${pattern} ]] || { echo "unexpected ${what}: $${variable.name}" >&2; exit 1; }`;
}

/** A here-document (quoted delimiter: nothing in it is expanded) that writes a policy to a file. */
function writeJson(file: string, document: unknown): string {
  return bashWriteFile(file, JSON.stringify(document, null, 2));
}

/** Validates the options (a QuarticConfigError lists every problem) and resolves them into the plan. */
function validPlan(options: QuarticS3IntegrationOptions): IntegrationPlan {
  const { problems } = validateOptions(options);
  if (problems.length > 0) throw new QuarticConfigError(problems);
  return resolvePlan(options);
}

function tagSet(tags: Readonly<Record<string, string>> | undefined): Array<{ Key: string; Value: string }> {
  return Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
}

/** The bucket's default encryption with a KMS key (given, or the shell variable of a created one). */
function kmsEncryption(keyArn: string) {
  return {
    Rules: [
      {
        ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn },
        BucketKeyEnabled: true,
      },
    ],
  };
}

/** `aws s3api <command>` on the plan's bucket, in its region. */
function s3Command(plan: IntegrationPlan): (command: string) => string {
  return (command) =>
    `aws s3api ${command} --bucket ${bashWord(plan.bucketName)} --region ${bashWord(plan.region)}`;
}

/** The bucket step: create the bucket with its protections, or check that the existing one is there. */
function bucketCommands(plan: IntegrationPlan): string[] {
  const bucket = plan.bucket;
  const region = bashWord(plan.region);
  if (bucket.existing) {
    return [
      bashComment(
        `The bucket exists already: check that it is there and in ${bashCommentValue(plan.region)}.`,
      ),
      `aws s3api get-bucket-location --bucket ${bashWord(plan.bucketName)}`,
    ];
  }
  const s3 = s3Command(plan);
  const commands = [
    plan.region === 'us-east-1'
      ? s3('create-bucket')
      : `${s3('create-bucket')} --create-bucket-configuration LocationConstraint=${region}`,
    `${s3('put-public-access-block')} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`,
    `${s3('put-bucket-ownership-controls')} --ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'`,
  ];
  const encryption = bucket.encryption;
  // A created key's encryption is set in the policy step, once the key exists.
  const encryptionDocument =
    encryption.type === 'SSE-S3'
      ? { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] }
      : encryption.key.created
        ? undefined
        : kmsEncryption(encryption.key.arn);
  if (encryptionDocument !== undefined) {
    commands.push(
      writeJson('encryption.json', encryptionDocument),
      `${s3('put-bucket-encryption')} --server-side-encryption-configuration file://encryption.json`,
    );
  }
  if (bucket.versioning) {
    commands.push(`${s3('put-bucket-versioning')} --versioning-configuration Status=Enabled`);
  }
  commands.push(
    writeJson('lifecycle.json', {
      Rules: [
        {
          ID: bucket.lifecycleRule.id,
          Status: 'Enabled',
          Filter: {},
          AbortIncompleteMultipartUpload: {
            DaysAfterInitiation: bucket.lifecycleRule.abortIncompleteMultipartUploadDays,
          },
        },
      ],
    }),
    `${s3('put-bucket-lifecycle-configuration')} --lifecycle-configuration file://lifecycle.json`,
  );
  if (bucket.accessLogging !== undefined) {
    commands.push(
      writeJson('logging.json', {
        LoggingEnabled: {
          TargetBucket: bucket.accessLogging.targetBucket,
          TargetPrefix: bucket.accessLogging.targetPrefix,
        },
      }),
      `${s3('put-bucket-logging')} --bucket-logging-status file://logging.json`,
    );
  }
  const tags = tagSet(plan.tags);
  if (tags.length > 0) {
    commands.push(
      writeJson('tags.json', { TagSet: tags }),
      `${s3('put-bucket-tagging')} --tagging file://tags.json`,
    );
  }
  commands.push(
    writeJson(
      'bucket-policy.json',
      bucketPolicy({
        partition: plan.partition,
        bucketName: plan.bucketName,
        roleName: plan.role.name,
        kmsKeyArn: encryption.type === 'SSE-KMS' && !encryption.key.created ? encryption.key.arn : undefined,
        guardrails: bucket.guardrails,
      }),
    ),
    `${s3('put-bucket-policy')} --policy file://bucket-policy.json`,
  );
  return commands;
}

/** The role step: the trust policy and the role. */
function roleCommands(plan: IntegrationPlan): string[] {
  const role = plan.role;
  const tags = tagSet(plan.tags);
  return [
    writeJson(
      'trust-policy.json',
      trustPolicy({
        partition: plan.partition,
        trustedAccountId: role.trustedAccountId,
        externalId: role.externalId,
      }),
    ),
    [
      `aws iam create-role --role-name ${bashWord(role.name)}`,
      '--assume-role-policy-document file://trust-policy.json',
      `--description ${bashWord(role.description)}`,
      `--max-session-duration ${role.maxSessionDuration}`,
      ...(tags.length > 0 ? [`--tags ${bashWord(JSON.stringify(tags))}`] : []),
    ].join(' \\\n  '),
  ];
}

/** The policy step: the created KMS key (if any) and the role's inline policy. */
function policyCommands(plan: IntegrationPlan): string[] {
  const commands: string[] = [];
  const region = bashWord(plan.region);
  const encryption = plan.bucket.encryption;
  const createdKey = encryption.type === 'SSE-KMS' && encryption.key.created ? encryption.key : undefined;
  if (createdKey !== undefined) {
    const tags = tagSet(plan.tags);
    const keyPolicy: PolicyDocument = kmsKeyPolicy({
      partition: plan.partition,
      accountId: ACCOUNT_ID.marker,
      roleArn: roleArn(plan.partition, ACCOUNT_ID.marker, plan.role.name),
      bucketName: plan.bucketName,
      region: plan.region,
      accessLevel: plan.accessLevel,
    });
    commands.push(
      '# SSE-KMS: create the key (the role may use it only through S3, for this bucket), then make it the default.',
      'ACCOUNT_ID=$(aws sts get-caller-identity --query Account --output text)',
      requireShape(ACCOUNT_ID, '^[0-9]{12}$', 'account ID'),
      bashWriteJsonWithVariables('key-policy.json', keyPolicy, [ACCOUNT_ID]),
      [
        `KEY_ARN=$(aws kms create-key --region ${region}`,
        `--description ${bashWord(createdKey.description)}`,
        '--policy file://key-policy.json',
        ...(tags.length > 0
          ? [`--tags ${bashWord(JSON.stringify(tags.map((t) => ({ TagKey: t.Key, TagValue: t.Value }))))}`]
          : []),
        '--query KeyMetadata.Arn --output text)',
      ].join(' \\\n  '),
      requireShape(KEY_ARN, '^arn:aws:kms:[a-z0-9-]+:[0-9]{12}:key/[0-9a-f-]+$', 'key ARN'),
      ...(createdKey.rotation ? [`aws kms enable-key-rotation --region ${region} --key-id "$KEY_ARN"`] : []),
      bashWriteJsonWithVariables('encryption.json', kmsEncryption(KEY_ARN.marker), [KEY_ARN]),
      `${s3Command(plan)('put-bucket-encryption')} --server-side-encryption-configuration file://encryption.json`,
    );
  }
  const access = accessPolicy({
    partition: plan.partition,
    bucketName: plan.bucketName,
    accessLevel: plan.accessLevel,
    kmsKeyArn: grantedKeyArn(plan, KEY_ARN.marker),
    region: plan.region,
  });
  commands.push(
    createdKey !== undefined
      ? bashWriteJsonWithVariables('access-policy.json', access, [KEY_ARN])
      : writeJson('access-policy.json', access),
    `aws iam put-role-policy --role-name ${bashWord(plan.role.name)} --policy-name ${bashWord(plan.role.accessPolicyName)} --policy-document file://access-policy.json`,
  );
  return commands;
}

/** The commands, grouped by the guide's steps. Run them in order in one bash session. */
export function awsCliSteps(options: QuarticS3IntegrationOptions): CliStep[] {
  const plan = validPlan(options);
  const handoffCommands = [
    `ROLE_ARN=$(aws iam get-role --role-name ${bashWord(plan.role.name)} --query Role.Arn --output text)`,
    `printf 'Bucket name: %s\\nRegion:      %s\\nRole ARN:    %s\\n' ${bashWord(plan.bucketName)} ${bashWord(plan.region)} "$ROLE_ARN"`,
  ];
  return [
    {
      id: 'bucket',
      title: plan.bucket.existing ? 'Check the existing bucket' : 'Create the bucket',
      commands: bucketCommands(plan),
    },
    { id: 'role', title: 'Create the role Quartic assumes', commands: roleCommands(plan) },
    { id: 'policy', title: 'Give the role access to the bucket', commands: policyCommands(plan) },
    { id: 'handoff', title: 'Collect the values for Quartic', commands: handoffCommands },
  ];
}

/**
 * Read-only checks of what Quartic relies on (the guide's verify page). They change nothing; the
 * `quartic-s3 verify` command runs the full set of checks.
 */
export function awsCliVerifyCommands(options: QuarticS3IntegrationOptions): string[] {
  const plan = validPlan(options);
  const bucket = bashWord(plan.bucketName);
  const role = bashWord(plan.role.name);
  const trusted = plan.role.trustedAccountId;
  const objectArn = (name: string) => bashWord(`arn:${plan.partition}:s3:::${name}/example.csv`);
  return [
    bashComment(`The bucket's region: expect ${bashCommentValue(plan.region)} (null means us-east-1)`),
    `aws s3api get-bucket-location --bucket ${bucket}`,
    '',
    '# Public access: expect all four settings true',
    `aws s3api get-public-access-block --bucket ${bucket}`,
    '',
    bashComment(
      `Trust policy: expect principal ${bashCommentValue(`arn:${plan.partition}:iam::${trusted}:root`)} and sts:ExternalId ${bashCommentValue(plan.role.externalId)}`,
    ),
    `aws iam get-role --role-name ${role} --query Role.AssumeRolePolicyDocument`,
    '',
    '# Permissions: expect one inline policy and no attached (managed) policies',
    `aws iam list-role-policies --role-name ${role}`,
    `aws iam list-attached-role-policies --role-name ${role}`,
    '',
    '# Simulate: expect "allowed" on your bucket and "implicitDeny" on any other',
    `ROLE_ARN=$(aws iam get-role --role-name ${role} --query Role.Arn --output text)`,
    `aws iam simulate-principal-policy --policy-source-arn "$ROLE_ARN" --action-names s3:GetObject \\`,
    `  --resource-arns ${objectArn(plan.bucketName)} ${objectArn(`${plan.bucketName}-other`)} \\`,
    "  --query 'EvaluationResults[].[EvalResourceName,EvalDecision]' --output text",
  ];
}

/** Removing Quartic's access: the role and its policy go, the bucket and its data stay. */
export function awsCliRevokeCommands(options: QuarticS3IntegrationOptions): string[] {
  const plan = validPlan(options);
  const role = bashWord(plan.role.name);
  return [
    '# Quartic loses access at once; the bucket and its data are kept',
    `aws iam delete-role-policy --role-name ${role} --policy-name ${bashWord(plan.role.accessPolicyName)}`,
    `aws iam delete-role --role-name ${role}`,
  ];
}

/** All steps as one bash script (stops at the first failing command). */
export function awsCliScript(options: QuarticS3IntegrationOptions): string {
  const body = awsCliSteps(options)
    .map((step) => [`# ${step.title}`, ...step.commands].join('\n'))
    .join('\n\n');
  return `#!/usr/bin/env bash\nset -euo pipefail\n\n${body}\n`;
}
