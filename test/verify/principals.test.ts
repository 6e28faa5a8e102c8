/** Naming a grant's principal, and telling whether a condition pins the caller: each rule both ways. */
import { grantsOf } from '../../src/verify/policy-compare';
import { describePrincipal, pinsCaller, PrincipalContext } from '../../src/verify/principals';

const CTX: PrincipalContext = {
  partition: 'aws',
  accountId: '123456789012',
  roleArn: 'arn:aws:iam::123456789012:role/quartic-access',
  trustedAccountId: '555071496850',
};

/** The one grant of a one-statement Allow policy for `principal` (or NotPrincipal with `not`). */
const grantFor = (principal: unknown, not = false) =>
  grantsOf({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        [not ? 'NotPrincipal' : 'Principal']: principal,
        Action: 's3:GetObject',
        Resource: '*',
      },
    ],
  })[0];

test.each<[unknown, string]>([
  ['*', 'everyone (*)'],
  [{ AWS: '*' }, 'everyone (*)'],
  [{ AWS: CTX.roleArn }, `the role itself (${CTX.roleArn})`],
  [
    { AWS: '555071496850' },
    "Quartic's account root directly, without the role or the external ID (arn:aws:iam::555071496850:root)",
  ],
  [
    { AWS: 'arn:aws:iam::555071496850:user/ops' },
    "a principal of Quartic's account (arn:aws:iam::555071496850:user/ops)",
  ],
  [{ AWS: '123456789012' }, 'your account root (arn:aws:iam::123456789012:root)'],
  [
    { AWS: 'arn:aws:iam::123456789012:role/admin' },
    'a principal of your account (arn:aws:iam::123456789012:role/admin)',
  ],
  [
    { AWS: 'arn:aws:sts::444455556666:assumed-role/x/y' },
    'another account (444455556666): arn:aws:sts::444455556666:assumed-role/x/y',
  ],
  [{ Service: 'logging.s3.amazonaws.com' }, 'the service logging.s3.amazonaws.com'],
  [{ AWS: 'AROAEXAMPLEUNIQUEID' }, 'AROAEXAMPLEUNIQUEID'],
])('%j is %s', (principal, name) => {
  expect(describePrincipal(grantFor(principal), CTX)).toBe(name);
});

test('an Allow with NotPrincipal is for everyone except the named one', () => {
  expect(describePrincipal(grantFor({ AWS: CTX.roleArn }, true), CTX)).toBe(
    `everyone except the role itself (${CTX.roleArn})`,
  );
});

const condition = (block: object) =>
  grantsOf({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: block }],
  })[0].condition;

test.each<[string, object, boolean]>([
  ['kms:CallerAccount, StringEquals', { StringEquals: { 'kms:CallerAccount': '123456789012' } }, true],
  ['aws:PrincipalOrgID, any key case', { StringEquals: { 'AWS:PrincipalOrgId': 'o-abc123' } }, true],
  ['aws:PrincipalArn, ArnLike without wildcard', { ArnLike: { 'aws:PrincipalArn': CTX.roleArn } }, true],
  ['kms:ViaService alone', { StringEquals: { 'kms:ViaService': 's3.eu-west-2.amazonaws.com' } }, false],
  ['a wildcard value', { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' } }, false],
  ['IfExists', { StringEqualsIfExists: { 'kms:CallerAccount': '123456789012' } }, false],
  ['a negated operator', { StringNotEquals: { 'kms:CallerAccount': '999999999999' } }, false],
])('pinsCaller: %s -> %s', (_name, block, pins) => {
  expect(pinsCaller(condition(block))).toBe(pins);
});

test('pinsCaller: no condition pins nothing', () => {
  expect(pinsCaller('')).toBe(false);
});
