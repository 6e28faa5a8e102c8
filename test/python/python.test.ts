/**
 * Python tier: the construct as a Python CDKTF user gets it. scripts/python-tier.ts (the set-up, never a
 * test) builds the narrowed jsii entry src/jsii.ts into a wheel with jsii-pacmak and installs it, with cdktf
 * 0.21.0 and cdktf-cdktf-provider-aws 20.1.0, into its own virtualenv. Here test/python/app.py, one Python
 * process (the provider package's import is most of its time), first passes invalid options, which must fail
 * with the full problem list, then synthesizes the example stack: its JSON must equal the TypeScript
 * example's for the same options. The set-up's install logs (npm's for jsii and jsii-pacmak, pip's for the
 * virtualenv; stdout and stderr) must hold no warning.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loggedCommands, REPO_ROOT } from '../../scripts/consumers';
import { jsiiNode, PYTHON, PYTHON_TIER_LOGS, pythonTierUnavailable } from '../../scripts/python-tier';
import { formatProblems, QuarticS3IntegrationOptions, validateOptions } from '../../src';
import { run, RunResult } from '../e2e/tools';
import { installProblems } from '../consumer/install-log';
import { describeTier } from '../support/skip';
import { synthToDir } from '../support/synth';

/** Options that reach most of the construct: a created KMS key (token-bearing policy), tags, a level. */
const OPTIONS: QuarticS3IntegrationOptions = {
  bucketName: 'quartic-data-acme',
  region: 'eu-west-2',
  externalId: 'q-3f9c2a7e-acme',
  roleName: 'quartic-access-python',
  accessLevel: 'read-write',
  encryption: 'SSE-KMS',
  versioning: false,
  maxSessionDuration: 7200,
  tags: { team: 'data', 'cost-centre': '42' },
  accessLogging: { targetBucket: 'acme-s3-access-logs' },
};
const INVALID = {
  bucketName: 'Quartic_Data',
  region: 'cn-north-1',
  externalId: 'q-3f9c2a7e-acme',
  maxSessionDuration: 60,
};

describeTier('python', pythonTierUnavailable(), () => {
  let work: string;
  let python: RunResult;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'quartic-python-'));
    python = await run(PYTHON, [join(__dirname, 'app.py')], {
      // The repository as working directory, as for the TypeScript synth: cdktf writes the local state path
      // under it into the JSON.
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        CHECKPOINT_DISABLE: '1',
        JSII_NODE: jsiiNode(),
        // The jsii kernel's bundled code calls util.isArray, which Node 22 reports as deprecated (DEP0044).
        NODE_OPTIONS: '--no-deprecation',
        QUARTIC_OUTDIR: join(work, 'python'),
        QUARTIC_OPTIONS: JSON.stringify(OPTIONS),
        QUARTIC_INVALID_OPTIONS: JSON.stringify(INVALID),
      },
    });
  });
  afterAll(() => {
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  test('npm and pip installed the tools, the requirements and the wheel with no warning', () => {
    const found = PYTHON_TIER_LOGS.map(({ name, path }) => {
      const log = readFileSync(path, 'utf8');
      return { name, commands: loggedCommands(log), problems: installProblems(log) };
    });
    for (const { name, commands } of found) {
      expect([name, commands.length > 0, commands.filter(([, status]) => status !== 'exit 0')]).toEqual([
        name,
        true,
        [],
      ]);
    }
    expect(found.map(({ name, problems }) => ({ name, problems }))).toEqual(
      PYTHON_TIER_LOGS.map(({ name }) => ({ name, problems: [] })),
    );
    const pip = found.find(({ name }) => name.includes('pip'))?.commands.map(([label]) => label) ?? [];
    // From the virtualenv's creation on: each later set-up appends (the virtualenv is reused).
    expect(pip[0]).toMatch(/^python3 -m venv /);
    expect(pip).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^pip install -q -r \S+requirements-python-tier\.txt$/),
        expect.stringMatching(
          /^pip install -q --force-reinstall --no-deps \S+\/quartic_s3_integration-\S+\.whl$/,
        ),
        'pip check',
      ]),
    );
  });

  test('the Python app runs', () => {
    expect([python.code, python.stderr]).toEqual([0, '']);
  });

  test('invalid options fail in Python with the full problem list (a RuntimeError)', () => {
    const expected = formatProblems(validateOptions(INVALID).problems);
    expect(expected.split('\n')).toHaveLength(4);
    const reported = JSON.parse(python.stdout.trim().split('\n')[0]) as {
      error_type: string;
      message: string;
    };
    expect(reported.error_type).toBe('RuntimeError');
    expect(reported.message).toContain(expected);
  });

  test('the synthesized JSON equals the TypeScript example for the same options', () => {
    const fromPython = JSON.parse(
      readFileSync(join(work, 'python', 'stacks', 'quartic-s3', 'cdk.tf.json'), 'utf8'),
    );
    const stackDir = synthToDir(OPTIONS, join(work, 'typescript'));
    const fromTypeScript = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(fromPython.resource).sort()).toContain('aws_kms_key');
    expect(fromPython).toEqual(fromTypeScript);
  });
});
