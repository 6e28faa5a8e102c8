/**
 * Real `terraform apply` of several synthesized variants against one moto server, as modules of one root
 * that holds the only AWS provider block (each provider process costs ~4 s of CPU for its schema, see
 * terraform.ts). A module's configuration can be replaced by another variant's, keeping its state, which
 * is how a customer changes options: synthesize again, apply again.
 *
 * Test-only settings, all in files the product never writes: the root's provider points S3, IAM, STS and
 * KMS at moto with static keys (no credential chain, no metadata lookup); the lifecycle rule is left out
 * (`count = 0` in a module override) because the provider waits ~55 s for it to converge after every write
 * (see test/e2e/tools.ts); the destroy gate's AWS CLI runs from the repository's virtualenv, sent to moto by
 * AWS_ENDPOINT_URL.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import {
  DeleteBucketPolicyCommand,
  GetBucketPolicyCommand,
  PutBucketPolicyCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { QuarticS3IntegrationOptions } from '../../src';
import { MOTO_DEFAULT_CREDENTIALS, VENV_BIN } from './moto';
import { synthToDir } from './synth';
import { dropProviderBlock, RunResult, terraformBinary, terraformEnv } from './terraform';

/** The region every variant here uses. */
export const MOTO_REGION = 'eu-west-2';

/** The environment of terraform (and of the gate's AWS CLI) against moto. */
export function motoTerraformEnv(motoUrl: string): NodeJS.ProcessEnv {
  const base = terraformEnv();
  return {
    ...base,
    PATH: `${VENV_BIN}:${base.PATH ?? ''}`,
    AWS_ACCESS_KEY_ID: MOTO_DEFAULT_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: MOTO_DEFAULT_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL: motoUrl,
  };
}

/** Runs terraform in `dir` against moto; never throws on the exit code. */
export function motoTerraform(dir: string, motoUrl: string, args: readonly string[]): Promise<RunResult> {
  const started = Date.now();
  return new Promise((done, fail) => {
    execFile(
      terraformBinary() ?? 'terraform',
      [...args],
      { cwd: dir, env: motoTerraformEnv(motoUrl), maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== 'number') return fail(error);
        done({ code: error === null ? 0 : (error.code as number), stdout, stderr, ms: Date.now() - started });
      },
    );
  });
}

/** Resource addresses of a parsed cdk.tf.json. */
function addressesOf(config: { resource?: Record<string, Record<string, unknown>> }): string[] {
  return Object.entries(config.resource ?? {}).flatMap(([type, byName]) =>
    Object.keys(byName).map((name) => `${type}.${name}`),
  );
}

export interface MotoRoot {
  readonly dir: string;
  /**
   * Puts a variant's configuration in module `name` (replacing what was there; the state stays). Returns
   * the managed resources an apply of it leaves in state (the lifecycle rule is counted out).
   */
  place(name: string, options: QuarticS3IntegrationOptions): string[];
  /** Writes the root's module calls for every module placed so far. */
  writeRoot(): void;
  run(args: readonly string[]): Promise<RunResult>;
  /** Removes the root's directory (state included). */
  remove(): void;
}

/** A root directory under a new temp dir whose modules are variants, applied against moto. */
export function motoRoot(motoUrl: string, label: string): MotoRoot {
  const dir = mkdtempSync(join(tmpdir(), `quartic-${label}-`));
  const modules = new Map<string, string>();
  return {
    dir,
    place(name, options) {
      const outdir = join(dir, 'synth', name);
      rmSync(outdir, { recursive: true, force: true });
      mkdirSync(outdir, { recursive: true });
      const stackDir = synthToDir(options, outdir);
      const moduleDir = join(dir, 'modules', name);
      mkdirSync(moduleDir, { recursive: true });
      const configText = readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8');
      writeFileSync(join(moduleDir, 'cdk.tf.json'), configText);
      const provider = dropProviderBlock(moduleDir);
      if (provider.region !== MOTO_REGION)
        throw new Error(`module ${name} is for ${String(provider.region)}`);
      const override = join(moduleDir, 'moto_override.tf.json');
      const addresses = addressesOf(JSON.parse(configText) as never);
      const lifecycle = addresses.find((a) => a.startsWith('aws_s3_bucket_lifecycle_configuration.'));
      if (lifecycle === undefined) rmSync(override, { force: true });
      else {
        const [type, id] = lifecycle.split('.');
        writeFileSync(override, JSON.stringify({ resource: { [type]: { [id]: { count: 0 } } } }));
      }
      modules.set(name, moduleDir);
      return addresses.filter((a) => a !== lifecycle);
    },
    writeRoot() {
      const root = {
        '//': 'TEST ONLY, written by test/support/moto-terraform.ts: every module against moto.',
        terraform: { backend: { local: { path: 'terraform.tfstate' } } },
        provider: {
          aws: [
            {
              region: MOTO_REGION,
              access_key: MOTO_DEFAULT_CREDENTIALS.accessKeyId,
              secret_key: MOTO_DEFAULT_CREDENTIALS.secretAccessKey,
              skip_metadata_api_check: true,
              skip_credentials_validation: true,
              skip_requesting_account_id: true,
              s3_use_path_style: true,
              endpoints: [{ s3: motoUrl, iam: motoUrl, sts: motoUrl, kms: motoUrl }],
            },
          ],
        },
        module: Object.fromEntries(
          [...modules].map(([name, moduleDir]) => [name, { source: `./${relative(dir, moduleDir)}` }]),
        ),
      };
      writeFileSync(join(dir, 'main.tf.json'), `${JSON.stringify(root, null, 2)}\n`);
    },
    run: (args) => motoTerraform(dir, motoUrl, args),
    remove: () => {
      if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The parts of `terraform show -json` (state) the tests read. */
export interface StateJson {
  readonly values?: {
    readonly root_module?: {
      readonly child_modules?: ReadonlyArray<{
        readonly address: string;
        readonly resources?: ReadonlyArray<{
          readonly address: string;
          readonly values: Record<string, unknown>;
        }>;
      }>;
    };
  };
}

/** Resources in state per module: `{ t1: { 'aws_kms_key.quartic_kms_key': values } }`. */
export function stateByModule(state: StateJson): Record<string, Record<string, Record<string, unknown>>> {
  const out: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const module of state.values?.root_module?.child_modules ?? []) {
    const name = module.address.replace(/^module\./, '');
    out[name] = {};
    for (const resource of module.resources ?? []) {
      out[name][resource.address.slice(module.address.length + 1)] = resource.values;
    }
  }
  return out;
}

/**
 * Runs `body` with the bucket policy lifted and puts it back byte for byte afterwards: moto evaluates
 * bucket policies on object requests but not the TLS-only statement's condition, so it would deny every
 * object request (see test/e2e/deploy-and-verify.test.ts).
 */
export async function withoutBucketPolicy<T>(
  s3: S3Client,
  bucket: string,
  body: () => Promise<T>,
): Promise<T> {
  const saved = (await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy;
  await s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
  try {
    return await body();
  } finally {
    await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: saved }));
  }
}
