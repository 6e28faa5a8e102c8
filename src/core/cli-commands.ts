/**
 * The AWS CLI commands that build what the construct builds, from the same options and the same policy
 * builders. The docs site shows them; the e2e tests run them against a local endpoint. Pure: no Node
 * built-ins, so the docs site bundles it.
 *
 * Every builder validates its options first (a QuarticConfigError lists every problem), and every value
 * reaches the bash text through src/core/render/bash.ts: validation is the first wall, quoting the second.
 */
import {
  ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS,
  ACCESS_POLICY_NAME,
  DEFAULT_ROLE_NAME,
  QUARTIC_ACCOUNT_ID,
} from './defaults';
import { QuarticS3IntegrationOptions } from './options';
import { accessPolicy, bucketPolicy, kmsKeyPolicy, PolicyDocument, roleArn, trustPolicy } from './policies';
import { COMMERCIAL_PARTITION } from './regions';
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

/** Throws the library's configuration error unless the options pass validation. */
function assertValid(options: QuarticS3IntegrationOptions): void {
  const { problems } = validateOptions(options);
  if (problems.length > 0) throw new QuarticConfigError(problems);
}

function defaultDescription(options: QuarticS3IntegrationOptions): string {
  const trusted = options.trustedAccountId ?? QUARTIC_ACCOUNT_ID;
  return (
    options.roleDescription ?? `Lets Quartic (account ${trusted}) access the S3 bucket ${options.bucketName}.`
  );
}

function tagSet(tags: Readonly<Record<string, string>> | undefined): Array<{ Key: string; Value: string }> {
  return Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
}

/** The commands, grouped by the guide's steps. Run them in order in one bash session. */
export function awsCliSteps(options: QuarticS3IntegrationOptions): CliStep[] {
  assertValid(options);
  const bucket = bashWord(options.bucketName);
  const region = bashWord(options.region);
  const roleName = options.roleName ?? DEFAULT_ROLE_NAME;
  const role = bashWord(roleName);
  const partition = COMMERCIAL_PARTITION;
  const accessLevel = options.accessLevel ?? 'full';
  const tags = tagSet(options.tags);
  const s3 = (command: string) => `aws s3api ${command} --bucket ${bucket} --region ${region}`;
  const createsKey = options.encryption === 'SSE-KMS' && options.kmsKeyArn === undefined;
  const kmsEncryption = (keyArn: string) => ({
    Rules: [
      {
        ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn },
        BucketKeyEnabled: true,
      },
    ],
  });

  const bucketCommands: string[] = [];
  if (options.existingBucket === true) {
    bucketCommands.push(
      bashComment(
        `The bucket exists already: check that it is there and in ${bashCommentValue(options.region)}.`,
      ),
    );
    bucketCommands.push(`aws s3api get-bucket-location --bucket ${bucket}`);
  } else {
    bucketCommands.push(
      options.region === 'us-east-1'
        ? s3('create-bucket')
        : `${s3('create-bucket')} --create-bucket-configuration LocationConstraint=${region}`,
      `${s3('put-public-access-block')} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`,
      `${s3('put-bucket-ownership-controls')} --ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'`,
    );
    if (options.encryption !== 'SSE-KMS') {
      bucketCommands.push(
        writeJson('encryption.json', {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        }),
        `${s3('put-bucket-encryption')} --server-side-encryption-configuration file://encryption.json`,
      );
    } else if (options.kmsKeyArn !== undefined) {
      bucketCommands.push(
        writeJson('encryption.json', kmsEncryption(options.kmsKeyArn)),
        `${s3('put-bucket-encryption')} --server-side-encryption-configuration file://encryption.json`,
      );
    }
    if (options.versioning !== false) {
      bucketCommands.push(`${s3('put-bucket-versioning')} --versioning-configuration Status=Enabled`);
    }
    bucketCommands.push(
      writeJson('lifecycle.json', {
        Rules: [
          {
            ID: 'abort-incomplete-multipart-uploads',
            Status: 'Enabled',
            Filter: {},
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS },
          },
        ],
      }),
      `${s3('put-bucket-lifecycle-configuration')} --lifecycle-configuration file://lifecycle.json`,
    );
    if (options.accessLogging !== undefined) {
      bucketCommands.push(
        writeJson('logging.json', {
          LoggingEnabled: {
            TargetBucket: options.accessLogging.targetBucket,
            TargetPrefix: options.accessLogging.targetPrefix ?? `${options.bucketName}/`,
          },
        }),
        `${s3('put-bucket-logging')} --bucket-logging-status file://logging.json`,
      );
    }
    if (tags.length > 0) {
      bucketCommands.push(
        writeJson('tags.json', { TagSet: tags }),
        `${s3('put-bucket-tagging')} --tagging file://tags.json`,
      );
    }
    bucketCommands.push(
      writeJson(
        'bucket-policy.json',
        bucketPolicy({
          partition,
          bucketName: options.bucketName,
          roleName,
          kmsKeyArn: options.kmsKeyArn,
          guardrails: options.bucketGuardrails !== false,
        }),
      ),
      `${s3('put-bucket-policy')} --policy file://bucket-policy.json`,
    );
  }

  const trust = trustPolicy({
    partition,
    trustedAccountId: options.trustedAccountId ?? QUARTIC_ACCOUNT_ID,
    externalId: options.externalId,
  });
  const roleCommands = [
    writeJson('trust-policy.json', trust),
    [
      `aws iam create-role --role-name ${role}`,
      '--assume-role-policy-document file://trust-policy.json',
      `--description ${bashWord(defaultDescription(options))}`,
      `--max-session-duration ${options.maxSessionDuration ?? 3600}`,
      ...(tags.length > 0 ? [`--tags ${bashWord(JSON.stringify(tags))}`] : []),
    ].join(' \\\n  '),
  ];

  const policyCommands: string[] = [];
  let keyArn = options.kmsKeyArn;
  if (createsKey) {
    const keyPolicy: PolicyDocument = kmsKeyPolicy({
      partition,
      accountId: ACCOUNT_ID.marker,
      roleArn: roleArn(partition, ACCOUNT_ID.marker, roleName),
      bucketName: options.bucketName,
      region: options.region,
      accessLevel,
    });
    policyCommands.push(
      '# SSE-KMS: create the key (the role may use it only through S3, for this bucket), then make it the default.',
      'ACCOUNT_ID=$(aws sts get-caller-identity --query Account --output text)',
      requireShape(ACCOUNT_ID, '^[0-9]{12}$', 'account ID'),
      bashWriteJsonWithVariables('key-policy.json', keyPolicy, [ACCOUNT_ID]),
      [
        `KEY_ARN=$(aws kms create-key --region ${region}`,
        `--description ${bashWord(`Encrypts objects in the S3 bucket ${options.bucketName} shared with Quartic.`)}`,
        '--policy file://key-policy.json',
        ...(tags.length > 0
          ? [`--tags ${bashWord(JSON.stringify(tags.map((t) => ({ TagKey: t.Key, TagValue: t.Value }))))}`]
          : []),
        '--query KeyMetadata.Arn --output text)',
      ].join(' \\\n  '),
      requireShape(KEY_ARN, '^arn:aws:kms:[a-z0-9-]+:[0-9]{12}:key/[0-9a-f-]+$', 'key ARN'),
      `aws kms enable-key-rotation --region ${region} --key-id "$KEY_ARN"`,
      bashWriteJsonWithVariables('encryption.json', kmsEncryption(KEY_ARN.marker), [KEY_ARN]),
      `${s3('put-bucket-encryption')} --server-side-encryption-configuration file://encryption.json`,
    );
    keyArn = KEY_ARN.marker;
  }
  const access = accessPolicy({
    partition,
    bucketName: options.bucketName,
    accessLevel,
    kmsKeyArn: keyArn,
    region: options.region,
  });
  policyCommands.push(
    createsKey
      ? bashWriteJsonWithVariables('access-policy.json', access, [KEY_ARN])
      : writeJson('access-policy.json', access),
    `aws iam put-role-policy --role-name ${role} --policy-name ${ACCESS_POLICY_NAME} --policy-document file://access-policy.json`,
  );

  const handoffCommands = [
    `ROLE_ARN=$(aws iam get-role --role-name ${role} --query Role.Arn --output text)`,
    `printf 'Bucket name: %s\\nRegion:      %s\\nRole ARN:    %s\\n' ${bucket} ${region} "$ROLE_ARN"`,
  ];

  return [
    {
      id: 'bucket',
      title: options.existingBucket === true ? 'Check the existing bucket' : 'Create the bucket',
      commands: bucketCommands,
    },
    { id: 'role', title: 'Create the role Quartic assumes', commands: roleCommands },
    { id: 'policy', title: 'Give the role access to the bucket', commands: policyCommands },
    { id: 'handoff', title: 'Collect the values for Quartic', commands: handoffCommands },
  ];
}

/**
 * Read-only checks of what Quartic relies on (the guide's verify page). They change nothing; the
 * `quartic-s3 verify` command runs the full set of checks.
 */
export function awsCliVerifyCommands(options: QuarticS3IntegrationOptions): string[] {
  assertValid(options);
  const bucket = bashWord(options.bucketName);
  const role = bashWord(options.roleName ?? DEFAULT_ROLE_NAME);
  const trusted = options.trustedAccountId ?? QUARTIC_ACCOUNT_ID;
  const objectArn = (name: string) => bashWord(`arn:aws:s3:::${name}/example.csv`);
  return [
    bashComment(`The bucket's region: expect ${bashCommentValue(options.region)} (null means us-east-1)`),
    `aws s3api get-bucket-location --bucket ${bucket}`,
    '',
    '# Public access: expect all four settings true',
    `aws s3api get-public-access-block --bucket ${bucket}`,
    '',
    bashComment(
      `Trust policy: expect principal ${bashCommentValue(`arn:aws:iam::${trusted}:root`)} and sts:ExternalId ${bashCommentValue(options.externalId)}`,
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
    `  --resource-arns ${objectArn(options.bucketName)} ${objectArn(`${options.bucketName}-other`)} \\`,
    "  --query 'EvaluationResults[].[EvalResourceName,EvalDecision]' --output text",
  ];
}

/** Removing Quartic's access: the role and its policy go, the bucket and its data stay. */
export function awsCliRevokeCommands(options: QuarticS3IntegrationOptions): string[] {
  assertValid(options);
  const role = bashWord(options.roleName ?? DEFAULT_ROLE_NAME);
  return [
    '# Quartic loses access at once; the bucket and its data are kept',
    `aws iam delete-role-policy --role-name ${role} --policy-name ${ACCESS_POLICY_NAME}`,
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
