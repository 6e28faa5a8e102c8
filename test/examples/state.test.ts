import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../examples/main';
import { renderProblem } from '../../src';
import { exampleSurface } from '../../examples/config';
import { DEFAULT_STATE_KEY, loadState, STATE_SETTINGS } from '../../examples/state';
import { captureAppRuns } from './run-app';

const BASE = {
  QUARTIC_BUCKET_NAME: 'acme-quartic',
  QUARTIC_REGION: 'eu-west-2',
  QUARTIC_EXTERNAL_ID: 'q-abc',
};

describe('example app: where the state lives', () => {
  const run = captureAppRuns('quartic-state-');
  const terraformBlock = () =>
    (
      JSON.parse(readFileSync(join(run.outdir, 'stacks', 'quartic-s3', 'cdk.tf.json'), 'utf8')) as {
        terraform: object;
      }
    ).terraform;

  test('local by default: the synthesized path is printed, with how to share it', () => {
    expect(main({ ...BASE, CDKTF_OUTDIR: run.outdir })).toBe(0);
    const { backend } = terraformBlock() as { backend: { local: { path: string } } };
    expect(Object.keys(backend)).toEqual(['local']);
    expect(run.out).toContain(
      `State: local file ${backend.local.path}; only this machine has it. To share and lock it, set QUARTIC_STATE_BACKEND=s3 (with QUARTIC_STATE_BUCKET) or =cloud (see README).`,
    );
  });

  test('s3: the backend with native S3 locking and encryption, key and region defaulted', () => {
    const code = main({
      ...BASE,
      CDKTF_OUTDIR: run.outdir,
      QUARTIC_STATE_BACKEND: 's3',
      QUARTIC_STATE_BUCKET: 'acme-terraform-state',
    });
    expect([code, run.err]).toEqual([0, []]);
    expect(terraformBlock()).toMatchObject({
      backend: {
        s3: {
          bucket: 'acme-terraform-state',
          key: DEFAULT_STATE_KEY,
          region: 'eu-west-2',
          encrypt: true,
          use_lockfile: true,
        },
      },
    });
    expect(Object.keys((terraformBlock() as { backend: object }).backend)).toEqual(['s3']);
    expect(run.out).toContain(
      'State: s3://acme-terraform-state/quartic-s3/terraform.tfstate (region eu-west-2), locked with s3://acme-terraform-state/quartic-s3/terraform.tfstate.tflock (use_lockfile).',
    );
  });

  test('s3 from cdktf.json context, environment winning per setting', () => {
    const context = { quartic: { state: { backend: 's3', bucket: 'ctx-state', key: 'a/b.tfstate' } } };
    const code = main({
      ...BASE,
      CDKTF_OUTDIR: run.outdir,
      CDKTF_CONTEXT_JSON: JSON.stringify(context),
      QUARTIC_STATE_REGION: 'us-east-1',
    });
    expect([code, run.err]).toEqual([0, []]);
    expect(terraformBlock()).toMatchObject({
      backend: { s3: { bucket: 'ctx-state', key: 'a/b.tfstate', region: 'us-east-1', use_lockfile: true } },
    });
  });

  test('cloud: the HCP Terraform block with a named workspace; no token in the configuration', () => {
    const code = main({
      ...BASE,
      CDKTF_OUTDIR: run.outdir,
      QUARTIC_STATE_BACKEND: 'cloud',
      QUARTIC_STATE_ORGANIZATION: 'acme',
      QUARTIC_STATE_WORKSPACE: 'quartic-s3-prod',
    });
    expect([code, run.err]).toEqual([0, []]);
    const block = terraformBlock() as Record<string, unknown>;
    expect(block.cloud).toEqual({
      hostname: 'app.terraform.io',
      organization: 'acme',
      workspaces: { name: 'quartic-s3-prod' },
    });
    expect(block.backend).toBeUndefined();
    expect(run.out).toContain(
      'State: HCP Terraform workspace "quartic-s3-prod" of organization "acme" on app.terraform.io (log in with `terraform login app.terraform.io` or set TF_TOKEN_*).',
    );
  });

  test('invalid state settings: exit 1, reported with the integration problems, nothing written', () => {
    const code = main({
      ...BASE,
      QUARTIC_BUCKET_NAME: 'Bad_Name',
      CDKTF_OUTDIR: run.outdir,
      QUARTIC_STATE_BACKEND: 's3',
    });
    expect(code).toBe(1);
    expect(run.err.join('\n')).toContain('Invalid Quartic S3 integration configuration (2 problems):');
    expect(run.err.join('\n')).toContain(
      '  - QUARTIC_STATE_BUCKET (state.bucket) is required with QUARTIC_STATE_BACKEND=s3, got nothing. Example: "acme-terraform-state".',
    );
    expect(run.err.join('\n')).toContain('QUARTIC_BUCKET_NAME (bucketName)');
    expect(run.out).toEqual([]);
  });
});

describe('state settings validation', () => {
  // As the example app prints them: each setting named by the variable or the context key that set it.
  const messages = (env: NodeJS.ProcessEnv, context?: unknown) =>
    loadState(env, context, 'eu-west-2').problems.map((p) => renderProblem(p, exampleSurface(env, context)));

  test.each([
    [
      { QUARTIC_STATE_BACKEND: 'remote' },
      'QUARTIC_STATE_BACKEND (state.backend) must be one of "local", "s3", "cloud", got "remote". Example: "s3".',
    ],
    [
      { QUARTIC_STATE_BACKEND: 's3', QUARTIC_STATE_BUCKET: 'Acme_State' },
      'QUARTIC_STATE_BUCKET (state.bucket) must contain only lowercase letters, digits, dots (.) and hyphens (-), got "Acme_State". Example: "acme-terraform-state".',
    ],
    [
      {
        QUARTIC_STATE_BACKEND: 's3',
        QUARTIC_STATE_BUCKET: 'acme-state',
        QUARTIC_STATE_KEY: '/state.tfstate',
      },
      'QUARTIC_STATE_KEY (state.key) must not start or end with a slash (/), got "/state.tfstate". Example: "teams/data/quartic.tfstate".',
    ],
    [
      { QUARTIC_STATE_BACKEND: 's3', QUARTIC_STATE_BUCKET: 'acme-state', QUARTIC_STATE_KEY: 'a//b' },
      'QUARTIC_STATE_KEY (state.key) must not contain two adjacent slashes (//), got "a//b". Example: "teams/data/quartic.tfstate".',
    ],
    [
      { QUARTIC_STATE_BACKEND: 's3', QUARTIC_STATE_BUCKET: 'acme-state', QUARTIC_STATE_REGION: 'mars-1' },
      'QUARTIC_STATE_REGION (state.region) must be a known AWS region code, got "mars-1". Example: "eu-west-1".',
    ],
    [
      { QUARTIC_STATE_BUCKET: 'acme-state' },
      'QUARTIC_STATE_BUCKET (state.bucket) is a setting of the s3 backend, but QUARTIC_STATE_BACKEND (state.backend) is "local" (it would be ignored; to use it, set QUARTIC_STATE_BACKEND=s3), got "acme-state". Example: leave it unset.',
    ],
    [
      {
        QUARTIC_STATE_BACKEND: 'cloud',
        QUARTIC_STATE_ORGANIZATION: 'acme corp',
        QUARTIC_STATE_WORKSPACE: 'w',
      },
      'QUARTIC_STATE_ORGANIZATION (state.organization) must contain only letters, digits, hyphens (-) and underscores (_), got "acme corp". Example: "acme".',
    ],
    [
      {
        QUARTIC_STATE_BACKEND: 'cloud',
        QUARTIC_STATE_ORGANIZATION: 'acme',
        QUARTIC_STATE_WORKSPACE: 'w'.repeat(91),
      },
      `QUARTIC_STATE_WORKSPACE (state.workspace) must be at most 90 characters long (it has 91), got "${'w'.repeat(91)}". Example: "quartic-s3".`,
    ],
    [
      {
        QUARTIC_STATE_BACKEND: 'cloud',
        QUARTIC_STATE_ORGANIZATION: 'acme',
        QUARTIC_STATE_WORKSPACE: 'w',
        QUARTIC_STATE_HOSTNAME: 'https://tfe.acme.example',
      },
      'QUARTIC_STATE_HOSTNAME (state.hostname) must be a host name, without https:// or a path, got "https://tfe.acme.example". Example: "tfe.acme.example".',
    ],
    [
      { QUARTIC_STATE_BACKEND: 's3', QUARTIC_STATE_BUCKET: 'acme-state', QUARTIC_STATE_WORKSPACE: 'w' },
      'QUARTIC_STATE_WORKSPACE (state.workspace) is a setting of the cloud backend, but QUARTIC_STATE_BACKEND (state.backend) is "s3" (it would be ignored; to use it, set QUARTIC_STATE_BACKEND=cloud), got "w". Example: leave it unset.',
    ],
  ])('%j', (env, message) => {
    expect(messages(env)).toEqual([message]);
  });

  test('cloud without organization and workspace: both required, in one run', () => {
    expect(messages({ QUARTIC_STATE_BACKEND: 'cloud' })).toEqual([
      'QUARTIC_STATE_ORGANIZATION (state.organization) is required with QUARTIC_STATE_BACKEND=cloud, got nothing. Example: "acme".',
      'QUARTIC_STATE_WORKSPACE (state.workspace) is required with QUARTIC_STATE_BACKEND=cloud, got nothing. Example: "quartic-s3".',
    ]);
  });

  test('context values must be strings, and the state context an object; named by their context key', () => {
    expect(messages({}, { state: { backend: 's3', bucket: 42 } })).toEqual([
      '`context.quartic.state.bucket` must be a string, got 42. Example: "acme-terraform-state".',
      '`context.quartic.state.bucket` is required with `context.quartic.state.backend: "s3"`, got nothing. Example: "acme-terraform-state".',
    ]);
    expect(messages({}, { state: 's3' })).toEqual([
      '`context.quartic.state` must be an object, got "s3". Example: { "backend": "s3", "bucket": "acme-terraform-state" }.',
    ]);
  });

  test('a setting of another backend names each setting by the input that set it', () => {
    // The workspace from cdktf.json, the backend from the environment; then both from cdktf.json.
    expect(
      messages(
        { QUARTIC_STATE_BACKEND: 's3', QUARTIC_STATE_BUCKET: 'acme-state' },
        { state: { workspace: 'w' } },
      ),
    ).toEqual([
      '`context.quartic.state.workspace` is a setting of the cloud backend, but QUARTIC_STATE_BACKEND (state.backend) is "s3" (it would be ignored; to use it, set QUARTIC_STATE_BACKEND=cloud), got "w". Example: leave it unset.',
    ]);
    expect(messages({}, { state: { backend: 's3', bucket: 'acme-state', workspace: 'w' } })).toEqual([
      '`context.quartic.state.workspace` is a setting of the cloud backend, but `context.quartic.state.backend` is "s3" (it would be ignored; to use it, set `context.quartic.state.backend: "cloud"`), got "w". Example: leave it unset.',
    ]);
  });

  test('every setting has a distinct variable and context key', () => {
    expect(new Set(STATE_SETTINGS.map((s) => s.env)).size).toBe(STATE_SETTINGS.length);
    expect(new Set(STATE_SETTINGS.map((s) => s.field)).size).toBe(STATE_SETTINGS.length);
  });
});
