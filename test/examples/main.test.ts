import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../examples/main';
import { loadConfig } from '../../examples/config';
import { OPTION_SPECS } from '../../src/core/option-registry';
import { captureAppRuns } from './run-app';

describe('example app', () => {
  const run = captureAppRuns('quartic-main-');
  const stackFile = () => join(run.outdir, 'stacks', 'quartic-s3', 'cdk.tf.json');

  test('with nothing configured it synthesizes labelled example values', () => {
    expect(main({ CDKTF_OUTDIR: run.outdir })).toBe(0);
    expect(run.out[0]).toMatch(
      /^No configuration found: synthesizing EXAMPLE values \(bucket "quartic-data-example"/,
    );
    expect(run.out.join('\n')).toContain('Do not deploy the example values.');
    const stack = JSON.parse(readFileSync(stackFile(), 'utf8'));
    expect(stack.resource.aws_s3_bucket.quartic_bucket.bucket).toBe('quartic-data-example');
  });

  test('environment variables configure every option', () => {
    const code = main({
      CDKTF_OUTDIR: run.outdir,
      QUARTIC_BUCKET_NAME: 'acme-quartic',
      QUARTIC_REGION: 'us-east-2',
      QUARTIC_EXTERNAL_ID: 'q-abc',
      QUARTIC_ROLE_NAME: 'acme-role',
      QUARTIC_ACCESS_LEVEL: 'read-only',
      QUARTIC_VERSIONING: 'false',
      QUARTIC_TAGS: 'team=data,env=prod',
      QUARTIC_MAX_SESSION_DURATION: '7200',
    });
    expect(run.err).toEqual([]);
    expect(code).toBe(0);
    const stack = JSON.parse(readFileSync(stackFile(), 'utf8'));
    expect(stack.provider.aws).toEqual([{ region: 'us-east-2' }]);
    expect(stack.resource.aws_iam_role.quartic_role).toMatchObject({
      name: 'acme-role',
      max_session_duration: 7200,
      tags: { team: 'data', env: 'prod' },
    });
    expect(stack.resource.aws_s3_bucket_versioning).toBeUndefined();
    expect(run.out.join('\n')).not.toContain('EXAMPLE');
  });

  test('QUARTIC_BUCKET_GUARDRAILS=false leaves the bucket policy TLS-only', () => {
    const env = {
      CDKTF_OUTDIR: run.outdir,
      QUARTIC_BUCKET_NAME: 'acme-quartic',
      QUARTIC_REGION: 'us-east-2',
    };
    const statementIds = () =>
      (
        JSON.parse(
          JSON.parse(readFileSync(stackFile(), 'utf8')).resource.aws_s3_bucket_policy.quartic_tls_only_policy
            .policy,
        ) as { Statement: Array<{ Sid: string }> }
      ).Statement.map((s) => s.Sid);
    expect(main({ ...env, QUARTIC_EXTERNAL_ID: 'q-abc', QUARTIC_BUCKET_GUARDRAILS: 'false' })).toBe(0);
    expect(statementIds()).toEqual(['DenyInsecureTransport']);
    expect(main({ ...env, QUARTIC_EXTERNAL_ID: 'q-abc' })).toBe(0);
    expect(statementIds()).toHaveLength(5);
  });

  test('the HCL form gets the removed blocks beside cdk.tf', () => {
    const previous = process.env.SYNTH_HCL_OUTPUT;
    process.env.SYNTH_HCL_OUTPUT = 'true';
    try {
      expect(
        main({
          CDKTF_OUTDIR: run.outdir,
          QUARTIC_BUCKET_NAME: 'acme-quartic',
          QUARTIC_REGION: 'us-east-2',
          QUARTIC_EXTERNAL_ID: 'q-abc',
          QUARTIC_EXISTING_BUCKET: 'true',
        }),
      ).toBe(0);
    } finally {
      if (previous === undefined) delete process.env.SYNTH_HCL_OUTPUT;
      else process.env.SYNTH_HCL_OUTPUT = previous;
    }
    const removed = JSON.parse(
      readFileSync(join(run.outdir, 'stacks', 'quartic-s3', 'quartic_removed.tf.json'), 'utf8'),
    ) as { removed: Array<{ from: string; lifecycle: unknown }> };
    expect(removed.removed.map((r) => r.from)).toContain('aws_s3_bucket.quartic_bucket');
    expect(removed.removed).toHaveLength(9);
    for (const block of removed.removed) expect(block.lifecycle).toEqual({ destroy: false });
  });

  test('invalid configuration: exit 1, every problem named by its variable, nothing written', () => {
    const code = main({
      CDKTF_OUTDIR: run.outdir,
      QUARTIC_BUCKET_NAME: 'Bad_Bucket',
      QUARTIC_REGION: 'cn-north-1',
      QUARTIC_EXTERNAL_ID: 'q-abc',
      QUARTIC_VERSIONING: 'maybe',
    });
    expect(code).toBe(1);
    expect(run.err.join('\n').split('\n')).toEqual([
      'Invalid Quartic S3 integration configuration (3 problems):',
      '  - `versioning` must be "true" or "false", got "maybe". Example: "false".'.replace(
        '`versioning`',
        'QUARTIC_VERSIONING (versioning)',
      ),
      '  - QUARTIC_BUCKET_NAME (bucketName) must contain only lowercase letters, digits, dots (.) and hyphens (-), got "Bad_Bucket". Example: "quartic-data-acme".',
      expect.stringMatching(
        /^ {2}- QUARTIC_REGION \(region\) must be in the commercial AWS partition \(this region is in AWS China/,
      ),
      'Nothing was written. Fix the values above and run again.',
    ]);
    expect(existsSync(join(run.outdir, 'stacks'))).toBe(false);
  });

  test('a failed run leaves an earlier good output untouched', () => {
    mkdirSync(join(run.outdir, 'stacks', 'quartic-s3'), { recursive: true });
    writeFileSync(stackFile(), '{"earlier":true}');
    expect(main({ CDKTF_OUTDIR: run.outdir, QUARTIC_BUCKET_NAME: 'x' })).toBe(1);
    expect(readFileSync(stackFile(), 'utf8')).toBe('{"earlier":true}');
  });

  test('partial configuration never falls back to example values', () => {
    expect(main({ CDKTF_OUTDIR: run.outdir, QUARTIC_BUCKET_NAME: 'acme-quartic' })).toBe(1);
    expect(run.err.join('\n')).toContain(
      'QUARTIC_EXTERNAL_ID (externalId) is required: use the value Quartic sent you',
    );
    expect(run.err.join('\n')).toContain('QUARTIC_REGION (region) is required');
  });

  test('warnings are printed and synthesis goes on', () => {
    const code = main({
      CDKTF_OUTDIR: run.outdir,
      QUARTIC_BUCKET_NAME: 'quartic-data.acme.com',
      QUARTIC_REGION: 'af-south-1',
      QUARTIC_EXTERNAL_ID: 'q-abc',
    });
    expect(code).toBe(0);
    expect(run.err).toHaveLength(2);
    expect(run.err[0]).toMatch(
      /^Warning: QUARTIC_BUCKET_NAME \(bucketName\) "quartic-data.acme.com" contains dots/,
    );
    expect(run.err[1]).toMatch(/^Warning: QUARTIC_REGION \(region\) "af-south-1" is an opt-in region/);
  });
});

describe('example configuration', () => {
  test('cdktf.json context works like environment variables, and the environment wins', () => {
    const context = {
      bucketName: 'from-context',
      region: 'eu-west-1',
      externalId: 'q-ctx',
      accessLogging: { targetBucket: 'acme-logs' },
    };
    const fromContext = loadConfig({}, context);
    expect(fromContext.source).toBe('context');
    expect(fromContext.options).toEqual(context);
    const mixed = loadConfig({ QUARTIC_BUCKET_NAME: 'from-env' }, context);
    expect(mixed.source).toBe('environment+context');
    expect(mixed.options.bucketName).toBe('from-env');
  });

  test('tags parse from key=value pairs and from JSON', () => {
    const base = { QUARTIC_BUCKET_NAME: 'a-b-c', QUARTIC_REGION: 'eu-west-2', QUARTIC_EXTERNAL_ID: 'q-1' };
    expect(loadConfig({ ...base, QUARTIC_TAGS: 'a=1, b = two words' }, {}).options.tags).toEqual({
      a: '1',
      b: 'two words',
    });
    expect(loadConfig({ ...base, QUARTIC_TAGS: '{"a":"1"}' }, {}).options.tags).toEqual({ a: '1' });
    expect(loadConfig({ ...base, QUARTIC_TAGS: 'novalue' }, {}).problems.map((p) => p.field)).toEqual([
      'tags',
    ]);
  });

  test('every setting has a distinct QUARTIC_ variable and option', () => {
    expect(new Set(OPTION_SPECS.map((s) => s.env)).size).toBe(OPTION_SPECS.length);
    expect(new Set(OPTION_SPECS.map((s) => s.field)).size).toBe(OPTION_SPECS.length);
    for (const s of OPTION_SPECS) expect(s.env).toMatch(/^QUARTIC_[A-Z_]+$/);
  });
});
