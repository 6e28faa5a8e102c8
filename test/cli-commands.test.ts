import {
  accessPolicy,
  awsCliRevokeCommands,
  awsCliScript,
  awsCliSteps,
  awsCliVerifyCommands,
  bashWord,
  QuarticConfigError,
  trustPolicy,
} from '../src';
import { BASE_OPTIONS } from './support/synth';

/** The JSON written by the here-document for `file` in a step. */
function jsonFile(commands: readonly string[], file: string): unknown {
  const heredoc = commands.find((c) => c.startsWith(`cat > ${file} <<'`));
  if (heredoc === undefined) throw new Error(`no here-document writes ${file}`);
  return JSON.parse(heredoc.split('\n').slice(1, -1).join('\n'));
}

describe('AWS CLI commands', () => {
  const steps = awsCliSteps(BASE_OPTIONS);
  const byId = Object.fromEntries(steps.map((s) => [s.id, s.commands]));

  test('four steps in the order of the guide', () => {
    expect(steps.map((s) => s.id)).toEqual(['bucket', 'role', 'policy', 'handoff']);
  });

  test('the bucket step applies every secure default', () => {
    const text = byId.bucket.join('\n');
    expect(text).toContain(
      'aws s3api create-bucket --bucket quartic-data-acme --region eu-west-2 --create-bucket-configuration LocationConstraint=eu-west-2',
    );
    expect(text).toContain(
      'BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
    );
    expect(text).toContain('ObjectOwnership=BucketOwnerEnforced');
    expect(text).toContain('put-bucket-versioning');
    expect(text).toContain('put-bucket-lifecycle-configuration');
    expect(text).toContain('put-bucket-policy');
  });

  test('us-east-1 buckets are created without a location constraint (S3 rejects one)', () => {
    const [create] = awsCliSteps({ ...BASE_OPTIONS, region: 'us-east-1' })[0].commands;
    expect(create).toBe('aws s3api create-bucket --bucket quartic-data-acme --region us-east-1');
  });

  test('policies are the library builders, byte for byte', () => {
    expect(jsonFile(byId.role, 'trust-policy.json')).toEqual(
      trustPolicy({
        partition: 'aws',
        trustedAccountId: '555071496850',
        externalId: BASE_OPTIONS.externalId,
      }),
    );
    expect(jsonFile(byId.policy, 'access-policy.json')).toEqual(
      accessPolicy({
        partition: 'aws',
        bucketName: BASE_OPTIONS.bucketName,
        accessLevel: 'full',
        region: 'eu-west-2',
      }),
    );
  });

  test('a created KMS key is made after the role and its ARN flows into the policy through the shell', () => {
    const kms = awsCliSteps({ ...BASE_OPTIONS, encryption: 'SSE-KMS' });
    const policy = kms[2].commands.join('\n');
    expect(policy).toContain('KEY_ARN=$(aws kms create-key --region eu-west-2');
    // The ARN is checked, then spliced in as "${KEY_ARN}" between single-quoted JSON: nothing else expands.
    expect(policy).toContain(
      `[[ "$KEY_ARN" =~ ^arn:aws:kms:[a-z0-9-]+:[0-9]{12}:key/[0-9a-f-]+$ ]] || { echo "unexpected key ARN: $KEY_ARN" >&2; exit 1; }`,
    );
    expect(policy).toContain(`"Resource": "'"\${KEY_ARN}"'"`);
    expect(policy).toMatch(/^printf '%s\\n' '\{\n/m);
    expect(policy).toContain("}' > access-policy.json");
    expect(policy).not.toMatch(/<<EOF|<<"EOF"/);
    expect(kms[0].commands.join('\n')).not.toContain('put-bucket-encryption');
  });

  test('existing bucket: nothing is created in S3', () => {
    const commands = awsCliSteps({ ...BASE_OPTIONS, existingBucket: true })[0].commands.join('\n');
    expect(commands).not.toMatch(/create-bucket|put-bucket/);
  });

  test('values are shell-quoted only when needed', () => {
    expect(bashWord('quartic-data-acme')).toBe('quartic-data-acme');
    expect(bashWord("it's data")).toBe(`'it'"'"'s data'`);
  });

  test('every here-document has a quoted delimiter', () => {
    const script = awsCliScript({ ...BASE_OPTIONS, encryption: 'SSE-KMS', tags: { team: 'data' } });
    const heredocs = script.match(/<<\S*/g) ?? [];
    expect(heredocs).toHaveLength(4); // lifecycle, tags, bucket policy, trust policy
    expect(new Set(heredocs)).toEqual(new Set(["<<'EOF'"]));
  });

  test.each([
    ['awsCliSteps', awsCliSteps],
    ['awsCliScript', awsCliScript],
    ['awsCliVerifyCommands', awsCliVerifyCommands],
    ['awsCliRevokeCommands', awsCliRevokeCommands],
  ] as const)('%s refuses invalid options with the library error, every problem listed', (_, build) => {
    const hostile = { ...BASE_OPTIONS, bucketName: 'quartic$(id)', region: 'eu-west-2\ntouch /tmp/x' };
    expect(() => build(hostile)).toThrow(QuarticConfigError);
    expect(() => build(hostile)).toThrow(
      [
        'Invalid Quartic S3 integration configuration (3 problems):',
        '  - `bucketName` must contain only lowercase letters, digits, dots (.) and hyphens (-), got "quartic$(id)". Example: "quartic-data-acme".',
        '  - `bucketName` must start and end with a lowercase letter or a digit, got "quartic$(id)". Example: "quartic-data-acme".',
        '  - `region` must be a known AWS region code, got "eu-west-2\\ntouch /tmp/x". Example: "eu-west-2".',
      ].join('\n'),
    );
  });

  test('the script stops on the first error', () => {
    expect(awsCliScript(BASE_OPTIONS).split('\n').slice(0, 2)).toEqual([
      '#!/usr/bin/env bash',
      'set -euo pipefail',
    ]);
  });
});

describe('AWS CLI checks and revocation', () => {
  test('verify commands only read, and name the bucket, the role and the external ID', () => {
    const text = awsCliVerifyCommands({ ...BASE_OPTIONS, roleName: 'acme-quartic' }).join('\n');
    expect(text).not.toMatch(/\baws \S+ (create|put|delete)-/);
    expect(text).toContain('aws s3api get-public-access-block --bucket quartic-data-acme');
    expect(text).toContain('aws iam get-role --role-name acme-quartic --query Role.AssumeRolePolicyDocument');
    expect(text).toContain(
      '# Trust policy: expect principal "arn:aws:iam::555071496850:root" and sts:ExternalId "q-3f9c2a7e-acme"',
    );
  });

  test('revoking removes the inline policy, then the role, and never the bucket', () => {
    expect(awsCliRevokeCommands(BASE_OPTIONS).slice(1)).toEqual([
      'aws iam delete-role-policy --role-name quartic-access --policy-name quartic-s3-access',
      'aws iam delete-role --role-name quartic-access',
    ]);
  });
});
