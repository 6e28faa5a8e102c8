/**
 * The runner of src/verify/runner.ts on small lists of made-up checks: run order, skipping on an unmet
 * need (with the need's reason), facts settled by an outcome, halting, progress events, and how an AWS
 * error becomes a diagnosis. Then the two real lists: every need is provided by an earlier check.
 */
import { CUSTOMER_CHECKS } from '../../src/verify/customer-checks';
import { DEFAULT_EXPECTED } from '../../src/verify/expected';
import { QUARTIC_CHECKS } from '../../src/verify/quartic-checks';
import {
  awsError,
  Check,
  CheckList,
  fail,
  Outcome,
  pass,
  PLACEHOLDER_TITLES,
  runChecks,
  skip,
} from '../../src/verify/runner';
import { CheckResult, VerifyInputs } from '../../src/verify/types';

type Fact = 'a' | 'b';
type Ctx = { readonly ran: string[] };

/** A check with id `id` that needs `needs`, provides `provides` and returns `outcome`, logging its run. */
function check(
  id: string,
  needs: readonly Fact[],
  outcome: Outcome<Fact>,
  extra: Partial<Check<Ctx, Fact>> = {},
): Check<Ctx, Fact> {
  return {
    id,
    title: (v) => `${id} on ${v.bucket}`,
    needs,
    failure: 'bucket-settings',
    run: (ctx) => {
      ctx.ran.push(id);
      return outcome;
    },
    ...extra,
  };
}

const UNMET: Record<Fact, string> = { a: 'not checked: a failed', b: 'not checked: b failed' };

const finding = { diagnosis: 'it is broken', hint: 'fix it' };

async function run(checks: Check<Ctx, Fact>[]) {
  const ctx: Ctx = { ran: [] };
  const events: CheckResult[] = [];
  const list: CheckList<Ctx, Fact> = { checks, unmet: UNMET };
  const results = await runChecks(list, ctx, PLACEHOLDER_TITLES, { onProgress: (r) => events.push(r) });
  return { ran: ctx.ran, results, events, lines: results.map((r) => `${r.id}:${r.status}:${r.detail}`) };
}

test.each<[string, Check<Ctx, Fact>[], string[], string[]]>([
  [
    'every check runs in list order when all pass',
    [
      check('one', [], pass('ok 1'), { provides: ['a'] }),
      check('two', ['a'], pass('ok 2')),
      check('three', [], pass('ok 3')),
    ],
    ['one', 'two', 'three'],
    ['one:pass:ok 1', 'two:pass:ok 2', 'three:pass:ok 3'],
  ],
  [
    "a failed provider: its dependants are skipped with the need's default reason, the others run",
    [
      check('one', [], fail('bad', finding), { provides: ['a'] }),
      check('two', ['a'], pass('never')),
      check('three', [], pass('ok 3')),
    ],
    ['one', 'three'],
    ['one:fail:bad', 'two:skip:not checked: a failed', 'three:pass:ok 3'],
  ],
  [
    'a skipped provider passes its own skip reason on to the facts it provides',
    [
      check('one', [], fail('bad', finding), { provides: ['a'] }),
      check('two', ['a'], pass('never'), { provides: ['b'] }),
      check('three', ['b'], pass('never')),
    ],
    ['one'],
    ['one:fail:bad', 'two:skip:not checked: a failed', 'three:skip:not checked: a failed'],
  ],
  [
    'a provider that skips itself settles its facts with its skip reason',
    [check('one', [], skip('not applicable here'), { provides: ['a'] }), check('two', ['a'], pass('never'))],
    ['one'],
    ['one:skip:not applicable here', 'two:skip:not applicable here'],
  ],
  [
    'the first unmet need gives the reason',
    [
      check('one', [], fail('bad', finding), { provides: ['a'] }),
      check('two', [], fail('bad', finding), { provides: ['b'] }),
      check('three', ['b', 'a'], pass('never')),
    ],
    ['one', 'two'],
    ['one:fail:bad', 'two:fail:bad', 'three:skip:not checked: b failed'],
  ],
  [
    'an outcome may settle a fact itself: met although the check failed',
    [
      check('one', [], fail('bad', finding, { a: true }), { provides: ['a'] }),
      check('two', ['a'], pass('ran')),
    ],
    ['one', 'two'],
    ['one:fail:bad', 'two:pass:ran'],
  ],
  [
    'an outcome may settle a fact itself: unmet with its own reason although the check passed',
    [
      check('one', [], pass('fine', { a: 'not checked: a says why' }), { provides: ['a'] }),
      check('two', ['a'], pass('never')),
    ],
    ['one'],
    ['one:pass:fine', 'two:skip:not checked: a says why'],
  ],
  [
    'haltOnFail: nothing after the failed check is run or reported',
    [check('one', [], fail('bad', finding), { haltOnFail: true }), check('two', [], pass('never'))],
    ['one'],
    ['one:fail:bad'],
  ],
  [
    'haltOnFail does nothing when the check passes',
    [check('one', [], pass('ok'), { haltOnFail: true }), check('two', [], pass('ok 2'))],
    ['one', 'two'],
    ['one:pass:ok', 'two:pass:ok 2'],
  ],
  [
    'needs may depend on the context',
    [
      check('one', [], fail('bad', finding), { provides: ['a'] }),
      check('two', [], pass('ok 2'), { needs: () => [] }),
      check('three', [], pass('never'), { needs: () => ['a'] }),
    ],
    ['one', 'two'],
    ['one:fail:bad', 'two:pass:ok 2', 'three:skip:not checked: a failed'],
  ],
])('%s', async (_name, checks, ran, lines) => {
  const result = await run(checks);
  expect(result.ran).toEqual(ran);
  expect(result.lines).toEqual(lines);
});

test('progress: one event per result, in order, each the reported result, titles rendered from the values', async () => {
  const { results, events } = await run([
    check('one', [], fail('bad', finding), { provides: ['a'] }),
    check('two', ['a'], pass('never')),
  ]);
  expect(events).toEqual(results);
  expect(events.map((e) => e.title)).toEqual(['one on <bucket>', 'two on <bucket>']);
});

test('progress: each event is sent as its check finishes, before the next check runs', async () => {
  const seen: string[] = [];
  const list: CheckList<Ctx, Fact> = {
    checks: [
      check('one', [], pass('ok')),
      {
        ...check('two', [], pass('ok')),
        run: () => {
          seen.push('two runs');
          return pass('ok');
        },
      },
    ],
    unmet: UNMET,
  };
  await runChecks(list, { ran: [] }, PLACEHOLDER_TITLES, { onProgress: (r) => seen.push(`${r.id} done`) });
  expect(seen).toEqual(['one done', 'two runs', 'two done']);
});

test.each<[string, Outcome<Fact>, Partial<CheckResult>]>([
  [
    "a finding without a class takes the check's failure class",
    fail('bad', finding),
    { status: 'fail', detail: 'bad', failure: 'bucket-settings', diagnosis: 'it is broken', hint: 'fix it' },
  ],
  [
    'a finding may name another class',
    fail('bad', { ...finding, failure: 'bucket-missing' }),
    { status: 'fail', failure: 'bucket-missing' },
  ],
  [
    'an AWS error the check reads itself',
    awsError(
      Object.assign(new Error('nope'), { name: 'NoSuchThing', $metadata: { httpStatusCode: 404 } }),
      () => ({
        failure: 'bucket-missing',
        diagnosis: 'There is no such thing.',
        hint: 'Create it.',
      }),
    ),
    {
      status: 'fail',
      detail: 'NoSuchThing (HTTP 404)',
      failure: 'bucket-missing',
      diagnosis: 'There is no such thing.',
      hint: 'Create it.',
    },
  ],
  [
    'an AWS error every call shares comes before the check’s own reading',
    awsError(
      Object.assign(new Error('Could not load credentials'), { name: 'CredentialsProviderError' }),
      () => ({
        failure: 'bucket-missing',
        diagnosis: 'never',
        hint: 'never',
      }),
    ),
    { status: 'fail', detail: 'CredentialsProviderError', failure: 'no-credentials' },
  ],
  [
    'an AWS error nobody reads is unexpected, named',
    awsError(Object.assign(new Error('odd'), { name: 'Weird', $metadata: { httpStatusCode: 500 } })),
    {
      status: 'fail',
      detail: 'Weird (HTTP 500)',
      failure: 'unexpected',
      diagnosis: 'AWS answered Weird (HTTP 500): odd',
      hint: 'Run again; if it persists, report it with the output of --json.',
    },
  ],
])('%s', async (_name, outcome, expected) => {
  const { results } = await run([check('one', [], outcome)]);
  expect(results).toEqual([expect.objectContaining({ id: 'one', title: 'one on <bucket>', ...expected })]);
});

test('a need no earlier check provides is a bug in the list, said so', async () => {
  await expect(run([check('one', ['a'], pass('never'))])).rejects.toThrow(
    'check one needs "a", which no earlier check provides',
  );
});

const INPUTS: VerifyInputs = {
  bucket: 'b',
  region: 'eu-west-2',
  roleArn: 'arn:aws:iam::123456789012:role/r',
  externalId: 'x',
  trustedAccountId: '555071496850',
  mode: 'customer',
  prefix: 'p/',
  expected: DEFAULT_EXPECTED,
};

/** Each check's needs are provided by a check before it, for every access level a run can have. */
function unprovided<C, F extends string>(list: CheckList<C, F>, context: C): string[] {
  const provided = new Set<F>();
  const problems: string[] = [];
  for (const c of list.checks) {
    const needs = typeof c.needs === 'function' ? c.needs(context) : c.needs;
    for (const need of needs) if (!provided.has(need)) problems.push(`${c.id} needs ${need}`);
    for (const fact of c.provides ?? []) provided.add(fact);
  }
  return problems;
}

test.each([undefined, 'full', 'read-write', 'read-only'] as const)(
  'every need of the real lists is provided by an earlier check (access level %s)',
  (accessLevel) => {
    const inputs = { ...INPUTS, ...(accessLevel === undefined ? {} : { accessLevel }) };
    // The needs functions read only the inputs.
    const context = { inputs } as never;
    expect(unprovided(CUSTOMER_CHECKS, context)).toEqual([]);
    expect(unprovided(QUARTIC_CHECKS, context)).toEqual([]);
  },
);

test('check ids are unique within each mode', () => {
  for (const list of [CUSTOMER_CHECKS.checks, QUARTIC_CHECKS.checks]) {
    const ids = list.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  }
});
