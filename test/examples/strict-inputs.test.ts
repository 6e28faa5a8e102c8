/**
 * Strict inputs, one row per rule with its exact message: nothing the customer sets is ignored or
 * dropped silently, in the example app (unknown variables and context keys, a tag key twice) or in the
 * library (keys that differ only in case, a string for a boolean, a token where a literal decides what
 * is synthesized).
 */
import { Token, TerraformVariable, Testing } from 'cdktf';
import { validateOptions } from '../../src';
import { loadConfig } from '../../examples/config';
import { closest, unknownInputProblems } from '../../examples/strict-inputs';
import { BASE_OPTIONS } from '../support/synth';

const BASE_ENV = {
  QUARTIC_BUCKET_NAME: 'quartic-data-acme',
  QUARTIC_REGION: 'eu-west-2',
  QUARTIC_EXTERNAL_ID: 'q-3f9c2a7e-acme',
};

describe('the example app refuses names it does not know', () => {
  test.each([
    [
      { QUARTIC_ACESS_LEVEL: 'read-only' },
      undefined,
      '`QUARTIC_ACESS_LEVEL` is not a setting of the example app (did you mean QUARTIC_ACCESS_LEVEL?), got "read-only". Example: QUARTIC_ACCESS_LEVEL.',
    ],
    [
      { QUARTIC_BUCKET_GUARDRAIL: 'false' },
      undefined,
      '`QUARTIC_BUCKET_GUARDRAIL` is not a setting of the example app (did you mean QUARTIC_BUCKET_GUARDRAILS?), got "false". Example: QUARTIC_BUCKET_GUARDRAILS.',
    ],
    [
      { QUARTIC_SOMETHING_ELSE: 'x' },
      undefined,
      '`QUARTIC_SOMETHING_ELSE` is not a setting of the example app, got "x". Example: one of the names in the README\'s tables.',
    ],
    [
      {},
      { accesLevel: 'read-only' },
      '`context.quartic.accesLevel` is not a context key of the example app (did you mean accessLevel?), got "read-only". Example: accessLevel.',
    ],
    [
      {},
      { accessLogging: { targetBucket: 'acme-logs', prefix: 'x/' } },
      '`context.quartic.accessLogging.prefix` is not a key of context.quartic.accessLogging (did you mean targetPrefix?), got "x/". Example: targetPrefix.',
    ],
    [
      {},
      { state: { backend: 's3', bucket: 'b', regoin: 'eu-west-1' } },
      '`context.quartic.state.regoin` is not a key of context.quartic.state (did you mean region?), got "eu-west-1". Example: region.',
    ],
  ])('%j %j', (env, context, message) => {
    expect(unknownInputProblems({ ...BASE_ENV, ...env }, context).map((p) => p.message)).toEqual([message]);
  });

  test('known names, tool variables and free tag keys pass', () => {
    const env = {
      ...BASE_ENV,
      QUARTIC_ACCESS_LEVEL: 'read-only',
      QUARTIC_REQUIRE_ALL_TIERS: '1',
      PATH: '/bin',
    };
    const context = {
      bucketName: 'b',
      tags: { anything: 'x' },
      accessLogging: { targetBucket: 'l' },
      state: { backend: 'local' },
    };
    expect(unknownInputProblems(env, context)).toEqual([]);
    expect(closest('QUARTIC_XYZ', ['QUARTIC_REGION'])).toBeUndefined();
  });
});

describe('tags from the example app', () => {
  test('a key given twice is refused, not overwritten', () => {
    const { problems } = loadConfig({ ...BASE_ENV, QUARTIC_TAGS: 'team=data,team=ml' }, undefined);
    expect(problems.map((p) => p.message)).toEqual([
      '`tags` must name each key once (`team` is given twice), got "team=data,team=ml". Example: "team=data,cost-centre=42".',
    ]);
  });

  test.each(['__proto__=x,team=data', '{"__proto__":"x","team":"data"}'])(
    'a __proto__ key is kept as a key, not dropped: %s',
    (tags) => {
      const { options, problems } = loadConfig({ ...BASE_ENV, QUARTIC_TAGS: tags }, undefined);
      expect(problems).toEqual([]);
      expect(Object.keys(options.tags ?? {})).toEqual(['__proto__', 'team']);
      // An own key, not the object's prototype.
      expect(Object.getPrototypeOf(options.tags)).toBe(Object.prototype);
    },
  );
});

describe('the library refuses the wrong kind of value', () => {
  test.each([
    [
      { tags: { Team: 'a', team: 'b' } },
      'tags',
      'keys must differ in more than case (IAM treats it as the key "Team" given again)',
    ],
    [{ versioning: 'false' }, 'versioning', 'must be true or false (a boolean)'],
    [{ existingBucket: 1 }, 'existingBucket', 'must be true or false (a boolean)'],
    [{ allowBucketDestroy: 'yes' }, 'allowBucketDestroy', 'must be true or false (a boolean)'],
  ])('%j: `%s` %s', (extra, field, rule) => {
    const problems = validateOptions({ ...BASE_OPTIONS, ...(extra as object) }).problems;
    expect(problems.map((p) => [p.field, p.rule])).toEqual([[field, rule]]);
  });

  test('a token where a literal decides the resources: "must be a literal", not its placeholder', () => {
    Testing.synthScope((scope) => {
      const text = new TerraformVariable(scope, 'level', { type: 'string' }).stringValue;
      const number = new TerraformVariable(scope, 'duration', { type: 'number' }).numberValue;
      const problems = validateOptions(
        { ...BASE_OPTIONS, accessLevel: text as 'full', maxSessionDuration: number },
        { isUnresolved: (v) => Token.isUnresolved(v) },
      ).problems;
      expect(problems.map((p) => p.message)).toEqual([
        '`accessLevel` must be a literal value, not a Terraform token (it decides which resources are synthesized), got "<unresolved token>". Example: "full".',
        '`maxSessionDuration` must be a literal value, not a Terraform token (it decides which resources are synthesized), got "<unresolved token>". Example: 3600.',
      ]);
    });
  });
});
