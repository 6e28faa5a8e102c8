/**
 * SSE-KMS: the role may use the bucket's key only as S3 does for this bucket's objects (kms:ViaService and
 * the S3 encryption context), with only the KMS actions its level needs, and nobody else gains anything.
 *
 * Two variants, both read back from the synthesized JSON:
 * - created key: the identity side is the synthesized access policy and the resource side the synthesized
 *   key policy (both `jsonencode` expressions; their references are resolved by ./synthesized-policies.ts);
 * - given key (`kmsKeyArn`): the identity side is the synthesized access policy; the key's policy is the
 *   customer's, so the test assumes the AWS default key policy (the account may delegate through IAM),
 *   which is the precondition the kmsKeyArn option documents.
 */
import { ACCESS_LEVEL_DEFINITIONS, ACCESS_LEVELS, AccessLevel } from '../../src';
import { allowEverywhere, CUSTOMER_ACCOUNT, decide, Decision, PolicyJson } from '../support/simulate';
import { BASE_OPTIONS, synthJson } from '../support/synth';
import { CUSTOMER_ADMIN, kmsKeyActions, QUARTIC_CALLER, ROLE_SESSION, sameAction } from './fixtures';
import { policiesOf, TEST_KEY_ARN } from './synthesized-policies';

const BUCKET = BASE_OPTIONS.bucketName;
const REGION = BASE_OPTIONS.region;
const VIA_S3 = `s3.${REGION}.amazonaws.com`;
const OBJECT_CONTEXT = `arn:aws:s3:::${BUCKET}/exports/2026/report.csv`;
/** With S3 Bucket Keys (the construct turns them on) the encryption context is the bucket ARN. */
const BUCKET_CONTEXT = `arn:aws:s3:::${BUCKET}`;

const AWS_DEFAULT_KEY_POLICY: PolicyJson = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Enable IAM User Permissions',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${CUSTOMER_ACCOUNT}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
  ],
};

interface KeySetup {
  readonly access: PolicyJson;
  readonly keyPolicy: PolicyJson;
}

function setups(level: AccessLevel): Array<[string, KeySetup]> {
  const created = policiesOf(synthJson({ ...BASE_OPTIONS, accessLevel: level, encryption: 'SSE-KMS' }));
  const given = policiesOf(
    synthJson({ ...BASE_OPTIONS, accessLevel: level, encryption: 'SSE-KMS', kmsKeyArn: TEST_KEY_ARN }),
  );
  if (created.key === undefined) throw new Error('the SSE-KMS variant created no key');
  if (given.key !== undefined) throw new Error('a given kmsKeyArn must not create a key');
  return [
    ['created key', { access: created.access, keyPolicy: created.key }],
    ['given key', { access: given.access, keyPolicy: AWS_DEFAULT_KEY_POLICY }],
  ];
}

function useKey(
  setup: KeySetup,
  action: string,
  context: Record<string, string>,
  principal = ROLE_SESSION,
  identityPolicies = [setup.access],
): Promise<Decision> {
  return decide({
    principal,
    action,
    resource: TEST_KEY_ARN,
    context,
    identityPolicies,
    resourcePolicy: setup.keyPolicy,
  });
}

describe.each(ACCESS_LEVELS)('access level %s', (level) => {
  const kmsActions = ACCESS_LEVEL_DEFINITIONS[level].kmsActions.map((g) => g.action);

  describe.each(setups(level))('%s', (_, setup) => {
    const viaS3 = (encryptionContext: string) => ({
      'kms:ViaService': VIA_S3,
      'kms:EncryptionContext:aws:s3:arn': encryptionContext,
    });

    test.each([
      ['an object ARN (no bucket key)', OBJECT_CONTEXT],
      ['the bucket ARN (bucket key)', BUCKET_CONTEXT],
    ])('S3 may use the key for this bucket with %s as context', async (__, encryptionContext) => {
      for (const action of kmsActions) {
        expect([action, await useKey(setup, action, viaS3(encryptionContext))]).toEqual([action, 'Allowed']);
      }
    });

    test.each([
      ['another bucket', { ...viaS3('arn:aws:s3:::acme-payroll/k') }],
      ["a prefix sibling's object", { ...viaS3(`arn:aws:s3:::${BUCKET}-evil/k`) }],
      ['a prefix sibling bucket (bucket key)', { ...viaS3(`arn:aws:s3:::${BUCKET}x`) }],
      ['S3 in another region', { ...viaS3(OBJECT_CONTEXT), 'kms:ViaService': 's3.us-east-1.amazonaws.com' }],
      ['another service', { ...viaS3(OBJECT_CONTEXT), 'kms:ViaService': `dynamodb.${REGION}.amazonaws.com` }],
      ['a direct call (no kms:ViaService)', { 'kms:EncryptionContext:aws:s3:arn': OBJECT_CONTEXT }],
      ['no encryption context', { 'kms:ViaService': VIA_S3 }],
    ])('is denied for %s', async (__, context) => {
      for (const action of kmsActions) {
        expect([action, await useKey(setup, action, context)]).toEqual([action, 'ImplicitlyDenied']);
      }
    });

    test('grants no other KMS action on the key, even as S3 for this bucket', async () => {
      const others = (await kmsKeyActions()).filter((a) => !kmsActions.some((k) => sameAction(k, a)));
      expect(others).toEqual(expect.arrayContaining(['kms:Encrypt', 'kms:PutKeyPolicy', 'kms:CreateGrant']));
      if (level === 'read-only') expect(others).toContain('kms:GenerateDataKey');
      const allowed: string[] = [];
      for (const action of others) {
        const decision = await decide({
          principal: ROLE_SESSION,
          action,
          resource: TEST_KEY_ARN,
          context: viaS3(OBJECT_CONTEXT),
          identityPolicies: [setup.access],
          resourcePolicy: setup.keyPolicy,
          // Most of these actions carry no kms:ViaService or encryption context in AWS either.
          dropInapplicableContext: true,
        });
        if (decision === 'Allowed') allowed.push(action);
      }
      expect(allowed).toEqual([]);
    });

    test("Quartic's own account cannot use the key directly, even with a policy of its own", async () => {
      const decision = await useKey(setup, 'kms:Decrypt', viaS3(OBJECT_CONTEXT), QUARTIC_CALLER, [
        allowEverywhere('kms:*'),
      ]);
      expect(decision).toBe('ImplicitlyDenied');
    });

    test('another principal of the account gains nothing from the integration', async () => {
      const decision = await useKey(setup, 'kms:Decrypt', viaS3(OBJECT_CONTEXT), CUSTOMER_ADMIN, []);
      expect(decision).toBe('ImplicitlyDenied');
    });
  });
});

test('without SSE-KMS the access policy grants no KMS action at all', async () => {
  const { access } = policiesOf(synthJson(BASE_OPTIONS));
  const decision = await decide({
    principal: ROLE_SESSION,
    action: 'kms:Decrypt',
    resource: TEST_KEY_ARN,
    context: { 'kms:ViaService': VIA_S3, 'kms:EncryptionContext:aws:s3:arn': OBJECT_CONTEXT },
    identityPolicies: [access],
    resourcePolicy: AWS_DEFAULT_KEY_POLICY,
  });
  expect(decision).toBe('ImplicitlyDenied');
});
