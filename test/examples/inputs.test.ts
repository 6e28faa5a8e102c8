/**
 * The example app's strict inputs as a customer meets them: one row per rule, run through `main` with
 * environment variables and cdktf.json context, asserting the exact lines printed (the field named by the
 * variable or the context key that set it, the value, the rule, an example), the rule id, and that nothing
 * was written.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MESSAGES, Problem, RuleId } from '../../src';
import { loadConfig } from '../../examples/config';
import { main } from '../../examples/main';
import { loadState } from '../../examples/state';
import { unknownInputProblems } from '../../examples/strict-inputs';
import { captureAppRuns } from './run-app';

const BASE_ENV = {
  QUARTIC_BUCKET_NAME: 'quartic-data-acme',
  QUARTIC_REGION: 'eu-west-2',
  QUARTIC_EXTERNAL_ID: 'q-3f9c2a7e-acme',
};
const BASE_OPTIONS = { bucketName: 'quartic-data-acme', region: 'eu-west-2', externalId: 'q-3f9c2a7e-acme' };

interface Row {
  readonly name: string;
  readonly env?: Readonly<Record<string, string>>;
  /** The `quartic` object of cdktf.json's context. */
  readonly context?: Readonly<Record<string, unknown>>;
  readonly ruleId: RuleId;
  readonly message: string;
}

const ROWS: readonly Row[] = [
  {
    name: 'a mistyped variable, with did-you-mean',
    env: { QUARTIC_ACESS_LEVEL: 'read-only' },
    ruleId: 'input.unknown-name',
    message:
      '`QUARTIC_ACESS_LEVEL` is not a setting of the example app (did you mean QUARTIC_ACCESS_LEVEL?), got "read-only". Example: QUARTIC_ACCESS_LEVEL.',
  },
  {
    name: 'a mistyped state variable, with did-you-mean',
    env: { QUARTIC_STATE_BACKEN: 's3' },
    ruleId: 'input.unknown-name',
    message:
      '`QUARTIC_STATE_BACKEN` is not a setting of the example app (did you mean QUARTIC_STATE_BACKEND?), got "s3". Example: QUARTIC_STATE_BACKEND.',
  },
  {
    name: 'an unknown context key, with did-you-mean',
    context: { maxSesionDuration: 7200 },
    ruleId: 'input.unknown-name',
    message:
      '`context.quartic.maxSesionDuration` is not a context key of the example app (did you mean maxSessionDuration?), got 7200. Example: maxSessionDuration.',
  },
  {
    name: 'an unknown nested context key, with did-you-mean',
    context: { accessLogging: { targetBucket: 'acme-logs', targetPrefx: 'q/' } },
    ruleId: 'input.unknown-name',
    message:
      '`context.quartic.accessLogging.targetPrefx` is not a key of context.quartic.accessLogging (did you mean targetPrefix?), got "q/". Example: targetPrefix.',
  },
  {
    name: 'a tag key given twice',
    env: { QUARTIC_TAGS: 'team=data,team=ml' },
    ruleId: 'input.tags-repeated',
    message:
      'QUARTIC_TAGS (tags) must name each key once (`team` is given twice), got "team=data,team=ml". Example: "team=data,cost-centre=42".',
  },
  {
    name: 'a tag key that is also an option name is quoted as it is, not relabelled',
    env: { QUARTIC_TAGS: 'region=a,region=b' },
    ruleId: 'input.tags-repeated',
    message:
      'QUARTIC_TAGS (tags) must name each key once (`region` is given twice), got "region=a,region=b". Example: "team=data,cost-centre=42".',
  },
  {
    name: 'tag keys that differ only in case',
    env: { QUARTIC_TAGS: 'Team=a,team=b' },
    ruleId: 'tags.key-case',
    message:
      'QUARTIC_TAGS (tags) keys must differ in more than case (IAM treats it as the key "Team" given again), got "team". Example: "team".',
  },
  {
    name: 'tag keys that differ only in case, from cdktf.json',
    context: { tags: { Team: 'a', team: 'b' } },
    ruleId: 'tags.key-case',
    message:
      '`context.quartic.tags` keys must differ in more than case (IAM treats it as the key "Team" given again), got "team". Example: "team".',
  },
  {
    name: 'a __proto__ tag is a key like any other: its value is validated',
    env: { QUARTIC_TAGS: '__proto__=da#ta' },
    ruleId: 'tags.value-characters',
    message:
      'QUARTIC_TAGS (tags.__proto__) may contain only letters, digits, spaces and _ . : / = + - @, got "da#ta". Example: "data-platform".',
  },
  {
    name: 'tags that are neither pairs nor JSON',
    env: { QUARTIC_TAGS: 'team' },
    ruleId: 'input.tags-format',
    message:
      'QUARTIC_TAGS (tags) must be `key=value,key=value` or a JSON object of strings, got "team". Example: "team=data,cost-centre=42".',
  },
  {
    name: 'tags in cdktf.json that are neither an object nor a string',
    context: { tags: ['team=data'] },
    ruleId: 'input.tags-format',
    message:
      '`context.quartic.tags` must be `key=value,key=value` or a JSON object of strings, got ["team=data"]. Example: "team=data,cost-centre=42".',
  },
  {
    name: 'a boolean variable that is not true or false',
    env: { QUARTIC_VERSIONING: 'maybe' },
    ruleId: 'input.boolean',
    message: 'QUARTIC_VERSIONING (versioning) must be "true" or "false", got "maybe". Example: "false".',
  },
  {
    name: 'a boolean context key that is not true or false',
    context: { existingBucket: 'yes' },
    ruleId: 'input.boolean',
    message: '`context.quartic.existingBucket` must be "true" or "false", got "yes". Example: "true".',
  },
  {
    name: 'a session duration that is not a number: the range is named',
    env: { QUARTIC_MAX_SESSION_DURATION: 'abc' },
    ruleId: 'session-duration.range',
    message:
      'QUARTIC_MAX_SESSION_DURATION (maxSessionDuration) must be a whole number of seconds from 3600 (1 hour) to 43200 (12 hours), got "abc". Example: 3600.',
  },
  {
    name: 'a text context key that is not a string',
    context: { roleName: 42 },
    ruleId: 'string',
    message: '`context.quartic.roleName` must be a string, got 42. Example: "quartic-access".',
  },
  {
    name: 'a state context key that is not a string',
    context: { state: { backend: 's3', bucket: 'acme-state', key: 7 } },
    ruleId: 'string',
    message: '`context.quartic.state.key` must be a string, got 7. Example: "teams/data/quartic.tfstate".',
  },
  {
    name: 'a cross-field rule names the other field by the variable that set it',
    env: { QUARTIC_EXISTING_BUCKET: 'true', QUARTIC_VERSIONING: 'false' },
    ruleId: 'existing-bucket.bucket-option',
    message:
      'QUARTIC_VERSIONING (versioning) cannot be set with QUARTIC_EXISTING_BUCKET=true (the kit does not manage an existing bucket), got false. Example: leave it unset.',
  },
  {
    name: 'a cross-field rule names the other field by the context key that set it',
    context: { existingBucket: true, versioning: false },
    ruleId: 'existing-bucket.bucket-option',
    message:
      '`context.quartic.versioning` cannot be set with `context.quartic.existingBucket: true` (the kit does not manage an existing bucket), got false. Example: leave it unset.',
  },
  {
    name: 'a state setting of another backend names the backend by the context key that chose it',
    context: { state: { backend: 's3', bucket: 'acme-state', workspace: 'w' } },
    ruleId: 'state.other-backend',
    message:
      '`context.quartic.state.workspace` is a setting of the cloud backend, but `context.quartic.state.backend` is "s3" (it would be ignored; to use it, set `context.quartic.state.backend: "cloud"`), got "w". Example: leave it unset.',
  },
];

/** Every problem the example app finds for a row, as data. */
function problemsOf(env: NodeJS.ProcessEnv, context: unknown): Problem[] {
  const config = loadConfig(env, context);
  return [
    ...unknownInputProblems(env, context),
    ...config.problems,
    ...loadState(env, context, config.options.region).problems,
  ];
}

describe('the example app refuses each invalid input with one exact message and writes nothing', () => {
  const run = captureAppRuns('quartic-inputs-');

  test.each(ROWS.map((row) => [row.name, row] as const))('%s', (_, row) => {
    const env = { ...BASE_ENV, ...row.env };
    // The required values stay in the environment; a row's context is the whole `quartic` object.
    const quartic = row.context;
    const context = quartic === undefined ? {} : { CDKTF_CONTEXT_JSON: JSON.stringify({ quartic }) };
    expect(problemsOf(env, quartic).map((p) => p.ruleId)).toEqual([row.ruleId]);
    expect(main({ ...env, ...context, CDKTF_OUTDIR: run.outdir })).toBe(1);
    expect(run.err.join('\n').split('\n')).toEqual([
      'Invalid Quartic S3 integration configuration (1 problem):',
      `  - ${row.message}`,
      'Nothing was written. Fix the values above and run again.',
    ]);
    expect(run.out).toEqual([]);
    expect(existsSync(join(run.outdir, 'stacks'))).toBe(false);
  });

  test('every rule of the raw input has a row', () => {
    const inputRules = Object.keys(MESSAGES).filter((id) => id.startsWith('input.'));
    expect(inputRules.filter((id) => !ROWS.some((row) => row.ruleId === id))).toEqual([]);
  });
});

describe('the example app keeps what it is given', () => {
  test('values from the environment and from cdktf.json are both read, the environment winning', () => {
    const { options, source, problems } = loadConfig(
      { ...BASE_ENV, QUARTIC_VERSIONING: 'false' },
      {
        versioning: true,
        tags: 'team=data',
        maxSessionDuration: '7200',
        accessLogging: { targetPrefix: 'q/', targetBucket: 'acme-logs' },
      },
    );
    expect([source, problems]).toEqual(['environment+context', []]);
    expect(options).toEqual({
      ...BASE_OPTIONS,
      versioning: false,
      tags: { team: 'data' },
      maxSessionDuration: 7200,
      accessLogging: { targetBucket: 'acme-logs', targetPrefix: 'q/' },
    });
  });
});
