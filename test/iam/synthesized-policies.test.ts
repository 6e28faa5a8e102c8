/**
 * The reader the IAM tier relies on: it must return exactly what Terraform would send to AWS, and refuse
 * anything it does not understand rather than guess.
 */
import { accessPolicy, bucketPolicy, kmsKeyPolicy } from '../../src';
import { CUSTOMER_ACCOUNT } from '../support/simulate';
import { BASE_OPTIONS, synthJson } from '../support/synth';
import { ROLE_ARN } from './fixtures';
import { policiesOf, readPolicy, REFERENCE_VALUES, TEST_KEY_ARN } from './synthesized-policies';

describe('policies of the created-key variant (jsonencode expressions)', () => {
  const stack = synthJson({ ...BASE_OPTIONS, accessLevel: 'read-write', encryption: 'SSE-KMS' });
  const policies = policiesOf(stack);

  test('are synthesized as jsonencode expressions with references (so the reader is exercised)', () => {
    const raw = stack.resource?.aws_kms_key?.quartic_kms_key?.policy;
    expect(raw).toMatch(/^\$\{jsonencode\(/);
    expect(raw).toContain('aws_iam_role.quartic_role.arn');
    expect(raw).toContain('${data.aws_caller_identity.quartic_caller.account_id}');
  });

  test('read back as the builders would produce them once apply fills in the references', () => {
    const input = { partition: 'aws', bucketName: BASE_OPTIONS.bucketName, region: BASE_OPTIONS.region };
    expect(policies.access).toEqual(
      JSON.parse(
        JSON.stringify(accessPolicy({ ...input, accessLevel: 'read-write', kmsKeyArn: TEST_KEY_ARN })),
      ),
    );
    expect(policies.key).toEqual(
      JSON.parse(
        JSON.stringify(
          kmsKeyPolicy({
            ...input,
            accessLevel: 'read-write',
            accountId: CUSTOMER_ACCOUNT,
            roleArn: ROLE_ARN,
          }),
        ),
      ),
    );
  });

  test('the literal policies are plain JSON strings', () => {
    expect(policies.trust).toEqual(
      JSON.parse(String(stack.resource?.aws_iam_role?.quartic_role?.assume_role_policy)),
    );
  });

  test("the bucket policy names the created key's ARN in its guardrail, as a reference", () => {
    expect(stack.resource?.aws_s3_bucket_policy?.quartic_tls_only_policy?.policy).toMatch(
      /^\$\{jsonencode\(/,
    );
    expect(policies.bucket).toEqual(
      JSON.parse(
        JSON.stringify(
          bucketPolicy({
            partition: 'aws',
            bucketName: BASE_OPTIONS.bucketName,
            roleName: 'quartic-access',
            kmsKeyArn: TEST_KEY_ARN,
          }),
        ),
      ),
    );
  });
});

describe('readPolicy', () => {
  const wrap = (hcl: string) => `\${jsonencode(${hcl})}`;

  test('reads objects, tuples, escapes, interpolations, bare references, numbers, booleans and null', () => {
    const hcl =
      '{"Version" = "2012-10-17", "Statement" = [{"A" = "x\\"y\\\\z\\u0041$${lit}", ' +
      '"B" = aws_kms_key.quartic_kms_key.arn, "C" = "id:${data.aws_caller_identity.quartic_caller.account_id}", ' +
      '"D" = [1, -2.5, true, false, null],}]}';
    expect(readPolicy(wrap(hcl))).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          A: 'x"y\\zA${lit}',
          B: REFERENCE_VALUES['aws_kms_key.quartic_kms_key.arn'],
          C: `id:${CUSTOMER_ACCOUNT}`,
          D: [1, -2.5, true, false, null],
        },
      ],
    });
  });

  test.each([
    ['an unknown reference', '{"Statement" = [aws_iam_role.other.arn]}', /no test value for the reference/],
    ['an unknown interpolation', '{"Statement" = ["${var.x}"]}', /no test value for the reference/],
    ['a template directive', '{"Statement" = ["%{ if true }x%{ endif }"]}', /template directives/],
    ['a function call', '{"Statement" = [upper("x")]}', /no test value for the reference upper/],
    ['trailing text', '{"Statement" = []} x', /unexpected trailing text/],
    ['a duplicate key', '{"Statement" = [], "Statement" = []}', /duplicate key/],
    ['an unterminated string', '{"Statement" = ["x]}', /unterminated string/],
  ])('refuses %s', (_, hcl, message) => {
    expect(() => readPolicy(wrap(hcl))).toThrow(message);
  });

  test('refuses a value that is not a policy document', () => {
    expect(() => readPolicy('{"Version":"2012-10-17"}')).toThrow('not a policy document');
    expect(() => readPolicy(42)).toThrow('expected a policy string');
  });
});
