/**
 * e2e tier, shared state: the example app configured only through QUARTIC_STATE_* variables keeps its state
 * in an S3 bucket (moto in server mode on loopback) with Terraform's native S3 locking. A first checkout
 * synthesizes, runs real `terraform init` and `apply`; a second, fresh checkout (its own synthesis, nothing
 * copied) finds that state: its apply changes nothing and its outputs are the first one's. A lock object
 * held by someone else stops it. ~30 s alone (moto start, two init + apply pairs, one refused plan).
 *
 * Test-only settings, none in product code: the provider override of test/e2e/tools.ts (moto endpoints,
 * static keys) and a partial backend configuration (`terraform init -backend-config=<file>`, the standard way
 * to add settings to a backend) that sends the S3 backend to moto with path-style requests and static keys.
 */
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketVersioningCommand,
  PutObjectCommand,
  DeleteObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../examples/main';
import { STACK_NAME } from '../../examples/stack';
import { DEFAULT_STATE_KEY } from '../../examples/state';
import { Moto, MOTO_DEFAULT_CREDENTIALS, motoUnavailable, startMoto } from '../support/moto';
import { describeTier } from '../support/skip';
import { terraform, terraformUnavailable, RunResult } from '../support/terraform';
import { writeMotoOverride } from './tools';

const unavailable = motoUnavailable() ?? terraformUnavailable();
const SUFFIX = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const REGION = 'eu-west-2';
const STATE_BUCKET = `quartic-tf-state-${SUFFIX}`;
const LOCK_KEY = `${DEFAULT_STATE_KEY}.tflock`;

function expectOk(result: RunResult, what: string): void {
  if (result.code !== 0)
    throw new Error(`${what} exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
}

describeTier('e2e remote state', unavailable, () => {
  let moto: Moto;
  let s3: S3Client;
  let work: string;

  /** The example app's configuration, as a team would set it in CI: integration values and the state. */
  const env = (outdir: string): NodeJS.ProcessEnv => ({
    QUARTIC_BUCKET_NAME: `quartic-data-${SUFFIX}`,
    QUARTIC_REGION: REGION,
    QUARTIC_EXTERNAL_ID: 'q-3f9c2a7e-acme',
    QUARTIC_ROLE_NAME: `quartic-access-${SUFFIX}`,
    QUARTIC_STATE_BACKEND: 's3',
    QUARTIC_STATE_BUCKET: STATE_BUCKET,
    CDKTF_OUTDIR: outdir,
  });

  /** A fresh checkout: its own synthesis into its own folder, the test-only overrides, `terraform init`. */
  async function checkout(name: string): Promise<{ dir: string; log: string[] }> {
    const root = join(work, name);
    mkdirSync(root);
    const log: string[] = [];
    const spy = jest.spyOn(console, 'log').mockImplementation((line: unknown) => void log.push(String(line)));
    try {
      expect(main(env(join(root, 'cdktf.out')))).toBe(0);
    } finally {
      spy.mockRestore();
    }
    const dir = join(root, 'cdktf.out', 'stacks', STACK_NAME);
    writeMotoOverride(dir, moto.url, undefined);
    const backendConfig = join(root, 'moto.s3.tfbackend');
    writeFileSync(
      backendConfig,
      [
        `endpoints = { s3 = ${JSON.stringify(moto.url)} }`,
        'use_path_style = true',
        `access_key = ${JSON.stringify(MOTO_DEFAULT_CREDENTIALS.accessKeyId)}`,
        `secret_key = ${JSON.stringify(MOTO_DEFAULT_CREDENTIALS.secretAccessKey)}`,
        'skip_credentials_validation = true',
        'skip_requesting_account_id = true',
        'skip_metadata_api_check = true',
        '',
      ].join('\n'),
    );
    expectOk(
      await terraform(dir, ['init', '-input=false', '-no-color', `-backend-config=${backendConfig}`]),
      `terraform init (${name})`,
    );
    return { dir, log };
  }

  const stateKeys = async (): Promise<string[]> =>
    ((await s3.send(new ListObjectsV2Command({ Bucket: STATE_BUCKET }))).Contents ?? []).map(
      (o) => o.Key ?? '',
    );

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'quartic-remote-state-'));
    moto = await startMoto();
    s3 = new S3Client({
      region: REGION,
      endpoint: moto.url,
      forcePathStyle: true,
      credentials: MOTO_DEFAULT_CREDENTIALS,
    });
    await s3.send(
      new CreateBucketCommand({
        Bucket: STATE_BUCKET,
        CreateBucketConfiguration: { LocationConstraint: REGION },
      }),
    );
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: STATE_BUCKET,
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
  });

  afterAll(async () => {
    s3?.destroy();
    await moto?.stop();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  test('first checkout: synth says where the state is, apply writes it to S3 and releases the lock', async () => {
    const { dir, log } = await checkout('first');
    expect(log).toContain(
      `State: s3://${STATE_BUCKET}/${DEFAULT_STATE_KEY} (region ${REGION}), locked with s3://${STATE_BUCKET}/${LOCK_KEY} (use_lockfile).`,
    );
    expect(await stateKeys()).toEqual([]);
    const apply = await terraform(dir, ['apply', '-auto-approve', '-input=false', '-no-color']);
    expectOk(apply, 'terraform apply (first)');
    expect(apply.stdout).toMatch(/Apply complete! Resources: \d+ added, 0 changed, 0 destroyed\./);
    // Only the state is left: the lock object was written for the apply and deleted after it.
    expect(await stateKeys()).toEqual([DEFAULT_STATE_KEY]);
    const body = await (
      await s3.send(new GetObjectCommand({ Bucket: STATE_BUCKET, Key: DEFAULT_STATE_KEY }))
    ).Body?.transformToString();
    const state = JSON.parse(body ?? '{}') as { resources?: Array<{ type: string; name: string }> };
    expect(state.resources?.map((r) => `${r.type}.${r.name}`)).toEqual(
      expect.arrayContaining(['aws_iam_role.quartic_role', 'aws_s3_bucket.quartic_bucket']),
    );
    // No local state anywhere in the checkout.
    expect((await terraform(dir, ['state', 'list', '-no-color'])).stdout).toContain(
      'aws_iam_role.quartic_role',
    );
  });

  test('second, fresh checkout: reuses the state (apply changes nothing) and reads the same hand-off', async () => {
    const first = join(work, 'first', 'cdktf.out', 'stacks', STACK_NAME);
    const { dir } = await checkout('second');
    const apply = await terraform(dir, ['apply', '-auto-approve', '-input=false', '-no-color']);
    expectOk(apply, 'terraform apply (second)');
    expect(apply.stdout).toContain('No changes.');
    const [a, b] = await Promise.all(
      [first, dir].map(async (d) => {
        const out = await terraform(d, ['output', '-json', '-no-color']);
        expectOk(out, 'terraform output');
        return (JSON.parse(out.stdout) as Record<string, { value: unknown }>).quartic_handoff.value;
      }),
    );
    expect(b).toEqual(a);
    expect(b).toEqual({
      bucket_name: `quartic-data-${SUFFIX}`,
      bucket_region: REGION,
      role_arn: `arn:aws:iam::123456789012:role/quartic-access-${SUFFIX}`,
    });
  });

  test('a lock object held by another run stops the next one (native S3 locking)', async () => {
    const dir = join(work, 'second', 'cdktf.out', 'stacks', STACK_NAME);
    const lock = { ID: `held-by-test-${SUFFIX}`, Operation: 'OperationTypeApply', Who: 'colleague@ci' };
    await s3.send(new PutObjectCommand({ Bucket: STATE_BUCKET, Key: LOCK_KEY, Body: JSON.stringify(lock) }));
    const blocked = await terraform(dir, ['plan', '-input=false', '-no-color', '-lock-timeout=0s']);
    expect(blocked.code).not.toBe(0);
    expect(blocked.stderr).toContain('Error acquiring the state lock');
    expect(blocked.stderr).toContain(lock.ID);
    await s3.send(new DeleteObjectCommand({ Bucket: STATE_BUCKET, Key: LOCK_KEY }));
  });
});
