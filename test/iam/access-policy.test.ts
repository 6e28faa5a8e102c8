/**
 * The role's access policy and the TLS-only bucket policy, read back from the synthesized JSON and judged
 * by the IAM simulator against every S3 action AWS documents for buckets and objects.
 */
import {
  ACCESS_LEVEL_DEFINITIONS,
  ACCESS_LEVELS,
  AccessLevel,
  GUARDED_BUCKET_ACTIONS,
  GUARDED_OBJECT_ACTIONS,
} from '../../src';
import { allowEverywhere, Decision, decide, PolicyJson } from '../support/simulate';
import { BASE_OPTIONS, synthJson } from '../support/synth';
import {
  allowedRows,
  CUSTOMER_ADMIN,
  ROLE_ARN,
  ROLE_SESSION,
  s3BucketAndObjectActions,
  s3DecisionTable,
  s3WildcardOnlyActions,
  sameAction,
  S3Action,
} from './fixtures';
import { policiesOf } from './synthesized-policies';

const BUCKET = BASE_OPTIONS.bucketName;
const TLS = { 'aws:SecureTransport': 'true' };
const NO_TLS = { 'aws:SecureTransport': 'false' };

/** What access-levels.ts says the level allows: `{ "<action> on <kind>": decision }` for every action. */
function expectedTable(level: AccessLevel, actions: readonly S3Action[]): Record<string, Decision> {
  const definition = ACCESS_LEVEL_DEFINITIONS[level];
  const granted = (action: string, grants: readonly { action: string }[]) =>
    grants.some((g) => g.action === 's3:*' || sameAction(g.action, action));
  const table: Record<string, Decision> = {};
  for (const { action, kind } of actions) {
    const grants = kind === 'bucket' ? definition.bucketActions : definition.objectActions;
    table[`${action} on ${kind}`] = granted(action, grants) ? 'Allowed' : 'ImplicitlyDenied';
  }
  return table;
}

/** Everything the policy allows on buckets whose names merely start like ours, or on an unrelated one. */
async function leaksOutsideTheBucket(access: PolicyJson, bucket: string): Promise<string[]> {
  const actions = await s3BucketAndObjectActions();
  const leaks: string[] = [];
  for (const other of [`${bucket}-evil`, `${bucket}x`, `${bucket}.evil`, 'acme-payroll']) {
    const table = await s3DecisionTable(actions, other, {
      principal: ROLE_SESSION,
      identityPolicies: [access],
      context: TLS,
    });
    leaks.push(...allowedRows(table).map((row) => `${row} of ${other}`));
  }
  return leaks;
}

test('the action lists in access-levels.ts name real S3 actions of the right kind', async () => {
  const actions = await s3BucketAndObjectActions();
  const known = (action: string, kind: string) =>
    action === 's3:*' || actions.some((a) => a.kind === kind && a.action === action);
  for (const level of ACCESS_LEVELS) {
    const { bucketActions, objectActions } = ACCESS_LEVEL_DEFINITIONS[level];
    for (const { action } of bucketActions)
      expect([level, action, known(action, 'bucket')]).toEqual([level, action, true]);
    for (const { action } of objectActions)
      expect([level, action, known(action, 'object')]).toEqual([level, action, true]);
  }
});

/**
 * Pinned here, independently of access-levels.ts, so that widening a level there (not only a drift between
 * the list and the policy) fails a test.
 */
const PINNED: Record<AccessLevel, { allowed: string[]; denied: string[] }> = {
  full: { allowed: ['s3:PutBucketPolicy on bucket', 's3:DeleteObject on object'], denied: [] },
  'read-write': {
    allowed: [
      's3:ListBucket on bucket',
      's3:GetObject on object',
      's3:PutObject on object',
      's3:DeleteObject on object',
    ],
    denied: [
      's3:PutBucketPolicy on bucket',
      's3:DeleteBucketPolicy on bucket',
      's3:PutBucketVersioning on bucket',
      's3:PutLifecycleConfiguration on bucket',
      's3:PutEncryptionConfiguration on bucket',
      's3:PutBucketPublicAccessBlock on bucket',
      's3:PutBucketOwnershipControls on bucket',
      's3:DeleteBucket on bucket',
      's3:PutObjectAcl on object',
      's3:DeleteObjectVersion on object',
      's3:BypassGovernanceRetention on object',
    ],
  },
  'read-only': {
    allowed: ['s3:ListBucket on bucket', 's3:GetObject on object'],
    denied: [
      's3:PutObject on object',
      's3:DeleteObject on object',
      's3:AbortMultipartUpload on object',
      's3:PutBucketPolicy on bucket',
      's3:DeleteBucket on bucket',
    ],
  },
};

describe.each(ACCESS_LEVELS)('access level %s', (level) => {
  const { access, bucket: bucketPolicy } = policiesOf(synthJson({ ...BASE_OPTIONS, accessLevel: level }));

  test('decides every bucket and object action on this bucket exactly as access-levels.ts lists', async () => {
    const actions = await s3BucketAndObjectActions();
    expect(actions.length).toBeGreaterThan(90);
    const actual = await s3DecisionTable(actions, BUCKET, {
      principal: ROLE_SESSION,
      identityPolicies: [access],
    });
    expect(actual).toEqual(expectedTable(level, actions));
    for (const row of PINNED[level].allowed) expect([row, actual[row]]).toEqual([row, 'Allowed']);
    for (const row of PINNED[level].denied) expect([row, actual[row]]).toEqual([row, 'ImplicitlyDenied']);
    // A table that allowed nothing (or everything) would make the comparison above weak.
    expect(allowedRows(actual).length).toBeGreaterThan(level === 'full' ? 90 : 3);
  });

  test('over TLS, the bucket policy leaves that access unchanged but for the guardrails, explicitly denied', async () => {
    const actions = await s3BucketAndObjectActions();
    expect(bucketPolicy).toBeDefined();
    const actual = await s3DecisionTable(actions, BUCKET, {
      principal: ROLE_SESSION,
      identityPolicies: [access],
      resourcePolicy: bucketPolicy,
      // What AWS sets for a role session; the guardrails match on it.
      context: { ...TLS, 'aws:PrincipalArn': ROLE_ARN },
    });
    const expected = expectedTable(level, actions);
    for (const { action } of GUARDED_BUCKET_ACTIONS) expected[`${action} on bucket`] = 'ExplicitlyDenied';
    for (const { action } of GUARDED_OBJECT_ACTIONS) expected[`${action} on object`] = 'ExplicitlyDenied';
    expect(actual).toEqual(expected);
  });

  test('without TLS, every bucket and object action is explicitly denied', async () => {
    const actions = await s3BucketAndObjectActions();
    const actual = await s3DecisionTable(actions, BUCKET, {
      principal: ROLE_SESSION,
      identityPolicies: [access],
      resourcePolicy: bucketPolicy,
      context: NO_TLS,
    });
    expect(new Set(Object.values(actual))).toEqual(new Set(['ExplicitlyDenied']));
  });

  test('allows nothing on prefix siblings (<bucket>-evil, <bucket>x, <bucket>.evil) or an unrelated bucket', async () => {
    expect(await leaksOutsideTheBucket(access, BUCKET)).toEqual([]);
  });

  test('allows no account-level S3 action (ListAllMyBuckets, account public access block, ...)', async () => {
    const actions = await s3WildcardOnlyActions();
    expect(actions).toContain('s3:ListAllMyBuckets');
    for (const action of actions) {
      const decision = await decide({
        principal: ROLE_SESSION,
        action,
        resource: '*',
        identityPolicies: [access],
      });
      expect([action, decision]).toEqual([action, 'ImplicitlyDenied']);
    }
  });
});

describe('TLS-only bucket policy binds everyone, not only Quartic', () => {
  const { bucket: bucketPolicy } = policiesOf(synthJson(BASE_OPTIONS));

  test.each([
    ['an administrator of the account', CUSTOMER_ADMIN],
    ['a principal of another account', 'arn:aws:iam::444455556666:role/partner'],
  ])('%s is explicitly denied without TLS and unaffected with it', async (_, principal) => {
    for (const [action, kind] of [
      ['s3:GetObject', 'object'],
      ['s3:PutBucketPolicy', 'bucket'],
    ] as const) {
      const resource = kind === 'bucket' ? `arn:aws:s3:::${BUCKET}` : `arn:aws:s3:::${BUCKET}/k`;
      const request = { principal, action, resource, identityPolicies: [allowEverywhere('s3:*')] };
      expect(await decide({ ...request, resourcePolicy: bucketPolicy, context: NO_TLS })).toBe(
        'ExplicitlyDenied',
      );
      const withTls = await decide({ ...request, resourcePolicy: bucketPolicy, context: TLS });
      const withoutPolicy = await decide({ ...request, context: TLS });
      expect(withTls).toBe(withoutPolicy);
    }
  });
});

describe('regression guard: the seed guide\'s "arn:aws:s3:::<bucket>*" resource', () => {
  const { access } = policiesOf(synthJson({ ...BASE_OPTIONS, accessLevel: 'read-write' }));
  /** The synthesized policy with every S3 resource rewritten to the seed guide's prefix form. */
  const seedForm: PolicyJson = {
    ...access,
    Statement: access.Statement.map((statement) => {
      const s = statement as { Resource: string | string[] };
      const resources = [s.Resource].flat();
      const rewritten = resources.map((r) => (r.startsWith('arn:aws:s3:::') ? `arn:aws:s3:::${BUCKET}*` : r));
      return { ...s, Resource: [...new Set(rewritten)] };
    }),
  };

  test("would let Quartic into every bucket whose name starts with the customer's", async () => {
    const leaks = await leaksOutsideTheBucket(seedForm, BUCKET);
    expect(leaks).toEqual(
      expect.arrayContaining([
        `s3:GetObject on object of ${BUCKET}-evil`,
        `s3:PutObject on object of ${BUCKET}x`,
        `s3:ListBucket on bucket of ${BUCKET}.evil`,
      ]),
    );
    expect(leaks.some((row) => row.endsWith('of acme-payroll'))).toBe(false);
  });
});

describe('variants', () => {
  test('a dotted bucket name is matched literally: no sibling with the same dotted prefix', async () => {
    const bucket = 'quartic.data.acme';
    const { access } = policiesOf(synthJson({ ...BASE_OPTIONS, bucketName: bucket }));
    expect(await leaksOutsideTheBucket(access, bucket)).toEqual([]);
    const own = await decide({
      principal: ROLE_SESSION,
      action: 's3:GetObject',
      resource: `arn:aws:s3:::${bucket}/k`,
      identityPolicies: [access],
    });
    expect(own).toBe('Allowed');
  });

  test.each(ACCESS_LEVELS)(
    'existingBucket with %s: the same access policy as a created bucket (so the same decisions), no bucket policy',
    (level) => {
      const created = policiesOf(synthJson({ ...BASE_OPTIONS, accessLevel: level }));
      const existing = policiesOf(synthJson({ ...BASE_OPTIONS, accessLevel: level, existingBucket: true }));
      expect(existing.bucket).toBeUndefined();
      expect(existing.access).toEqual(created.access);
    },
  );
});
