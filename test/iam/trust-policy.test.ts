/**
 * The role's trust policy, as read back from the synthesized JSON and judged by the IAM simulator as the
 * role's resource policy. Quartic's side of the call is a role in Quartic's account whose identity policy
 * allows sts:AssumeRole (the simulator, like IAM, reads a `:root` trust principal as "this account may
 * delegate", so the caller's own policy must allow the call too).
 */
import { QUARTIC_ACCOUNT_ID } from '../../src';
import { allowEverywhere, decide, Decision, OTHER_ACCOUNT, PolicyJson } from '../support/simulate';
import { BASE_OPTIONS, synthJson } from '../support/synth';
import { QUARTIC_CALLER, ROLE_ARN } from './fixtures';
import { policiesOf } from './synthesized-policies';

const EXTERNAL_ID = BASE_OPTIONS.externalId;

function assume(
  trust: PolicyJson,
  caller: string,
  externalId: string | undefined,
  action = 'sts:AssumeRole',
): Promise<Decision> {
  return decide({
    principal: caller,
    action,
    resource: ROLE_ARN,
    context: externalId === undefined ? {} : { 'sts:ExternalId': externalId },
    identityPolicies: [allowEverywhere(action)],
    resourcePolicy: trust,
    // Session-tag and web-identity calls carry no sts:ExternalId in AWS either.
    dropInapplicableContext: action !== 'sts:AssumeRole',
  });
}

describe('trust policy (default: Quartic account)', () => {
  const { trust } = policiesOf(synthJson(BASE_OPTIONS));

  test('Quartic with the right external ID may assume the role', async () => {
    expect(await assume(trust, QUARTIC_CALLER, EXTERNAL_ID)).toBe('Allowed');
  });

  test.each([
    ['a different external ID', 'q-00000000-other'],
    ['the external ID in another case', EXTERNAL_ID.toUpperCase()],
    ['the external ID with a suffix', `${EXTERNAL_ID}x`],
    ['a prefix of the external ID', EXTERNAL_ID.slice(0, -1)],
    ['no external ID', undefined],
  ])('Quartic with %s is denied', async (_, externalId) => {
    expect(await assume(trust, QUARTIC_CALLER, externalId)).toBe('ImplicitlyDenied');
  });

  test('another account, even with the right external ID, is denied', async () => {
    const stranger = `arn:aws:iam::${OTHER_ACCOUNT}:role/quartic-platform`;
    expect(await assume(trust, stranger, EXTERNAL_ID)).toBe('ImplicitlyDenied');
  });

  test('the trust policy is what grants: without it the same call is denied', async () => {
    const noTrust = await decide({
      principal: QUARTIC_CALLER,
      action: 'sts:AssumeRole',
      resource: ROLE_ARN,
      context: { 'sts:ExternalId': EXTERNAL_ID },
      identityPolicies: [allowEverywhere('sts:AssumeRole')],
    });
    expect(noTrust).toBe('ImplicitlyDenied');
  });

  test.each(['sts:TagSession', 'sts:SetSourceIdentity', 'sts:AssumeRoleWithWebIdentity'])(
    'trusts Quartic with sts:AssumeRole only, not %s',
    async (action) => {
      expect(await assume(trust, QUARTIC_CALLER, EXTERNAL_ID, action)).toBe('ImplicitlyDenied');
    },
  );
});

describe('trust policy (custom trusted account)', () => {
  const trustedAccountId = '210987654321';
  const { trust } = policiesOf(synthJson({ ...BASE_OPTIONS, trustedAccountId }));

  test('the configured account with the right external ID is allowed', async () => {
    expect(await assume(trust, `arn:aws:iam::${trustedAccountId}:role/ops`, EXTERNAL_ID)).toBe('Allowed');
  });

  test("Quartic's own account is no longer trusted", async () => {
    expect(QUARTIC_CALLER).toContain(QUARTIC_ACCOUNT_ID);
    expect(await assume(trust, QUARTIC_CALLER, EXTERNAL_ID)).toBe('ImplicitlyDenied');
  });
});

describe('trust policy (1224-character external ID with every allowed symbol)', () => {
  const externalId = 'Az09_+=,.@:/-'.repeat(95).slice(0, 1224);
  const { trust } = policiesOf(synthJson({ ...BASE_OPTIONS, externalId }));

  test('the exact value is allowed, one character short is denied', async () => {
    expect(externalId).toHaveLength(1224);
    expect(await assume(trust, QUARTIC_CALLER, externalId)).toBe('Allowed');
    expect(await assume(trust, QUARTIC_CALLER, externalId.slice(0, -1))).toBe('ImplicitlyDenied');
  });
});
