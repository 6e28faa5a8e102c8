/**
 * Terraform addresses are customers' state: a refactor must not change one. Every variant of the construct
 * (test/support/terraform-addresses.ts) is synthesized and its addresses compared with the committed list.
 */
import { readFileSync } from 'node:fs';
import { ADDRESSES_FILE, addressesOf, currentAddresses } from './support/terraform-addresses';

const committed = JSON.parse(readFileSync(ADDRESSES_FILE, 'utf8')) as Record<string, string[]>;
const current = currentAddresses();

describe('Terraform addresses', () => {
  test('the same variants as the committed list', () => {
    expect(Object.keys(current).sort()).toEqual(Object.keys(committed).sort());
  });

  test.each(Object.keys(committed))('%s: unchanged', (variant) => {
    expect(current[variant]).toEqual(committed[variant]);
  });

  test('the list is not trivially empty: every example-stack variant has its role, policy and outputs', () => {
    for (const [variant, addresses] of Object.entries(committed)) {
      if (!variant.startsWith('example stack: ')) continue;
      expect(addresses).toEqual(
        expect.arrayContaining([
          'resource aws_iam_role.quartic_role',
          'resource aws_iam_role_policy.quartic_access_policy',
          'output quartic_handoff',
        ]),
      );
    }
  });

  test('addressesOf reads resources, data sources, providers, outputs, removed blocks and depends_on', () => {
    expect(
      addressesOf({
        resource: { aws_s3_bucket: { b: { depends_on: ['aws_kms_key.k'] } } },
        data: { aws_caller_identity: { c: {} } },
        provider: { aws: [{}, { alias: 'x' }] },
        output: { o: { value: 1 } },
        removed: [{ from: 'aws_kms_key.k' }],
      }),
    ).toEqual([
      'data data.aws_caller_identity.c',
      'depends_on aws_s3_bucket.b -> aws_kms_key.k',
      'output o',
      'provider aws',
      'provider aws.x',
      'removed aws_kms_key.k',
      'resource aws_s3_bucket.b',
    ]);
  });
});
