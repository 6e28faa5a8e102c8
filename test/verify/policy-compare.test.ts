import { accessPolicy, trustPolicy } from '../../src';
import {
  comparePolicies,
  decodePolicyDocument,
  describeGrant,
  grantsOf,
  normalizeCondition,
} from '../../src/verify/policy-compare';

const BUCKET = 'quartic-data-acme';
const full = accessPolicy({ partition: 'aws', bucketName: BUCKET, accessLevel: 'full', region: 'eu-west-2' });
const trust = trustPolicy({ partition: 'aws', trustedAccountId: '555071496850', externalId: 'q-1' });

describe('comparePolicies', () => {
  test('the builder output equals itself', () => {
    expect(comparePolicies(full, JSON.parse(JSON.stringify(full))).equal).toBe(true);
  });

  test('order, string-vs-array, Sid, action case and statement split do not matter', () => {
    const rewritten = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['S3:*'], Resource: `arn:aws:s3:::${BUCKET}/*` },
        { Sid: 'Other', Effect: 'Allow', Action: 's3:*', Resource: [`arn:aws:s3:::${BUCKET}`] },
      ],
    };
    expect(comparePolicies(full, rewritten)).toEqual({ equal: true, extra: [], missing: [] });
  });

  test('a resource wildcard after the bucket name is extra, and the exact ARNs are missing', () => {
    const widened = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: `arn:aws:s3:::${BUCKET}*` }],
    };
    const result = comparePolicies(full, widened);
    expect(result.equal).toBe(false);
    expect(result.extra.map(describeGrant)).toEqual([`Allow s3:* on arn:aws:s3:::${BUCKET}*`]);
    expect(result.missing.map(describeGrant)).toEqual([
      `Allow s3:* on arn:aws:s3:::${BUCKET}`,
      `Allow s3:* on arn:aws:s3:::${BUCKET}/*`,
    ]);
  });

  test('an extra action on the objects is extra', () => {
    const readOnly = accessPolicy({
      partition: 'aws',
      bucketName: BUCKET,
      accessLevel: 'read-only',
      region: 'eu-west-2',
    });
    const plusPut = JSON.parse(JSON.stringify(readOnly)) as { Statement: Array<{ Action: string[] }> };
    plusPut.Statement[1].Action.push('s3:PutObject');
    expect(comparePolicies(readOnly, plusPut).extra.map(describeGrant)).toEqual([
      `Allow s3:PutObject on arn:aws:s3:::${BUCKET}/*`,
    ]);
  });

  test('a bare account id principal is the account root', () => {
    const byId = {
      Version: '2012-10-17',
      Statement: [{ ...trust.Statement[0], Principal: { AWS: '555071496850' } }],
    };
    expect(comparePolicies(trust, byId).equal).toBe(true);
  });

  test('condition keys are case-insensitive, values are not', () => {
    const lower = {
      Version: '2012-10-17',
      Statement: [{ ...trust.Statement[0], Condition: { StringEquals: { 'STS:EXTERNALID': ['q-1'] } } }],
    };
    expect(comparePolicies(trust, lower).equal).toBe(true);
    const other = {
      Version: '2012-10-17',
      Statement: [{ ...trust.Statement[0], Condition: { StringEquals: { 'sts:ExternalId': 'Q-1' } } }],
    };
    expect(comparePolicies(trust, other).equal).toBe(false);
  });

  test('NotAction statements are marked inverted', () => {
    const grants = grantsOf({ Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] });
    expect(grants).toEqual([
      { effect: 'Allow', principal: '', action: 'iam:*', resource: '*', condition: '', inverted: true },
    ]);
    expect(describeGrant(grants[0])).toBe('Allow (Not*) iam:* on *');
  });

  test('a document without Statement is reported invalid, everything expected missing', () => {
    const result = comparePolicies(full, { Version: '2012-10-17' });
    expect(result.invalid).toBe('not an IAM policy document (no Statement)');
    expect(result.missing).toHaveLength(2);
  });
});

test('normalizeCondition sorts operators, lower-cases keys and sorts values', () => {
  expect(
    normalizeCondition({ StringLike: { 'A:B': ['y', 'x'] }, Bool: { 'aws:SecureTransport': 'false' } }),
  ).toBe('{"Bool":{"aws:securetransport":["false"]},"StringLike":{"a:b":["x","y"]}}');
  expect(normalizeCondition(undefined)).toBe('');
});

test('decodePolicyDocument reads IAM URL-encoded documents and plain JSON', () => {
  const encoded = encodeURIComponent(JSON.stringify(trust));
  expect(decodePolicyDocument(encoded)).toEqual(trust);
  expect(decodePolicyDocument(JSON.stringify(trust))).toEqual(trust);
});
