/**
 * Runs the real `terraform` binary offline for the proof tiers: providers come only from the filesystem
 * mirror (test/support/mirror.tfrc), credentials are fake, and the one AWS call a plan makes (the
 * `aws_caller_identity` data source of a created KMS key) is answered by a fake STS on 127.0.0.1.
 *
 * Cost model, measured on a 2-core machine: each AWS provider process builds the provider's whole schema,
 * ~4 s of CPU, and a command starts one per provider block, more than once for plan (one small stack:
 * validate 4.7 s, plan 5.1 s, show -json 3.9 s). 13 variants as modules with their own provider blocks
 * took 87 s of CPU to plan; as modules sharing the root's provider, 13 s. `init` is ~1 s because the
 * unpacked mirror is symlinked, not copied (so a plugin cache would add nothing). Hence the tiers put all
 * variants under one root and run each command once.
 *
 * Set QUARTIC_TF_DEBUG=1 to log every terraform command with its exit code and duration (the terraform
 * tier then also keeps its work directory).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { delimiter, join, relative, resolve } from 'node:path';
import { main } from '../../examples/main';
import { STACK_NAME } from '../../examples/stack';

/** The filesystem mirror the CLI config points at, and the provider version @cdktf/provider-aws binds. */
export const MIRROR_DIR = '/opt/tf-plugins';
export const AWS_PROVIDER_VERSION = '5.100.0';
export const MIRRORED_PROVIDER = join(
  MIRROR_DIR,
  'registry.terraform.io/hashicorp/aws',
  AWS_PROVIDER_VERSION,
  'linux_amd64',
);
export const CLI_CONFIG_FILE = resolve(__dirname, 'mirror.tfrc');
/** The account the fake STS claims the caller belongs to. */
export const FAKE_ACCOUNT_ID = '111122223333';
/** Name of the test-only override file written next to each synthesized configuration. */
export const OVERRIDE_FILE = 'quartic_test_override.tf.json';

/** The terraform binary on PATH, if any. */
export function terraformBinary(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && existsSync(join(dir, 'terraform'))) return join(dir, 'terraform');
  }
  return undefined;
}

/** Why the terraform tiers cannot run here, or undefined when they can. */
export function terraformUnavailable(): string | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return `the mirror holds linux_amd64 only, this is ${process.platform}_${process.arch}`;
  }
  if (terraformBinary() === undefined) return 'no terraform binary on PATH';
  if (!existsSync(MIRRORED_PROVIDER))
    return `no hashicorp/aws ${AWS_PROVIDER_VERSION} in ${MIRRORED_PROVIDER}`;
  return undefined;
}

/**
 * The environment of every terraform process: the mirror-only CLI config, no checkpoint call, no
 * prompts, and no AWS settings inherited from the machine (profiles, real keys, instance metadata).
 */
export function terraformEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(AWS_|TF_)/.test(key)) env[key] = value;
  }
  return {
    ...env,
    TF_CLI_CONFIG_FILE: CLI_CONFIG_FILE,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    // Terraform and the provider are Go; collecting garbage less often saves ~20% of their CPU (plan of
    // all variants: 13.6 s -> 10.8 s) for ~0.8 GB peak per provider process instead of ~0.6 GB.
    GOGC: '400',
  };
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time of the command, for the tiers' timing logs. */
  readonly ms: number;
}

/** Runs `terraform <args>` in `dir` (asynchronously, so several can run at once). Never throws on exit code. */
export function terraform(dir: string, args: readonly string[]): Promise<RunResult> {
  const started = Date.now();
  const debug = (code: number | string) => {
    if (process.env.QUARTIC_TF_DEBUG) {
      process.stderr.write(
        `terraform ${args.join(' ')} in ${dir}: ${code} after ${Date.now() - started} ms\n`,
      );
    }
  };
  return new Promise((done, fail) => {
    execFile(
      terraformBinary() ?? 'terraform',
      [...args],
      { cwd: dir, env: terraformEnv(), maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== 'number') {
          debug(String(error.code));
          fail(error);
          return;
        }
        debug(error === null ? 0 : (error.code as number));
        done({ code: error === null ? 0 : (error.code as number), stdout, stderr, ms: Date.now() - started });
      },
    );
  });
}

/** Runs terraform and throws, with its output, unless it exits 0. */
export async function terraformOk(dir: string, args: readonly string[]): Promise<RunResult> {
  const result = await terraform(dir, args);
  if (result.code !== 0) {
    throw new Error(
      `terraform ${args.join(' ')} in ${dir} exited ${result.code}\n${result.stderr}\n${result.stdout}`,
    );
  }
  return result;
}

/** `terraform init` from the mirror (local modules are linked, nothing is downloaded). */
export const init = (dir: string) => terraformOk(dir, ['init', '-input=false', '-no-color']);

/**
 * Writes the TEST-ONLY override file of a root configuration (Terraform merges `*_override.tf.json` into
 * it): fake credentials, the provider's skip_* flags so it makes no call while being configured, STS sent
 * to the fake endpoint, and the local backend moved into the directory (the synthesized path is absolute,
 * under the working directory of the synthesis).
 */
export function writeRootOverride(dir: string, stsEndpoint: string): void {
  const override = {
    '//': 'TEST ONLY, written by test/support/terraform.ts: fake credentials for an offline plan.',
    terraform: { backend: { local: { path: 'terraform.tfstate' } } },
    provider: {
      aws: [
        {
          access_key: 'AKIAIOSFODNN7EXAMPLE',
          secret_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
          skip_credentials_validation: true,
          skip_requesting_account_id: true,
          skip_metadata_api_check: true,
          skip_region_validation: true,
          endpoints: [{ sts: stsEndpoint }],
        },
      ],
    },
  };
  writeFileSync(join(dir, OVERRIDE_FILE), `${JSON.stringify(override, null, 2)}\n`);
}

/**
 * Turns a synthesized stack directory into a module that uses its caller's AWS provider: removes its own
 * `provider "aws"` block (cdk.tf.json or, for an HCL form, `hclFile`) and returns that block's settings so
 * the caller can check them. Each provider block costs a provider process that builds the
 * whole AWS schema (~5 s of CPU per plan); sharing the root's keeps a plan of all variants at ~1 process.
 */
export function dropProviderBlock(stackDir: string, hclFile = 'cdk.tf'): Record<string, unknown> {
  const jsonPath = join(stackDir, 'cdk.tf.json');
  if (existsSync(jsonPath)) {
    const config = JSON.parse(readFileSync(jsonPath, 'utf8')) as { provider?: Record<string, unknown[]> };
    const blocks = config.provider?.aws ?? [];
    if (Object.keys(config.provider ?? {}).length !== 1 || blocks.length !== 1) {
      throw new Error(
        `expected exactly one provider block in ${jsonPath}, got ${JSON.stringify(config.provider)}`,
      );
    }
    delete config.provider;
    writeFileSync(jsonPath, JSON.stringify(config, null, 2));
    return blocks[0] as Record<string, unknown>;
  }
  const hclPath = join(stackDir, hclFile);
  const hcl = readFileSync(hclPath, 'utf8');
  // `terraform fmt` output: the block holds only `region`, as the construct's default provider does.
  const blocks = [...hcl.matchAll(/^provider "aws" \{\n {2}region = "([a-z0-9-]+)"\n\}\n/gm)];
  if (blocks.length !== 1 || (hcl.match(/^provider /gm) ?? []).length !== 1) {
    throw new Error(`expected exactly one provider "aws" { region = ... } block in ${hclPath}`);
  }
  writeFileSync(hclPath, hcl.replace(blocks[0][0], ''));
  return { region: blocks[0][1] };
}

/**
 * Adds calls of the given module directories (`{ moduleName: dir }`) to a root configuration, in
 * quartic_variants.tf.json, and re-exports the named outputs of each module as `<module>__<output>`, so
 * the plan shows them too.
 */
export function writeModuleCalls(
  rootDir: string,
  modules: Readonly<Record<string, string>>,
  outputs: readonly string[] = [],
): void {
  const module: Record<string, { source: string }> = {};
  const output: Record<string, { value: string }> = {};
  for (const [name, dir] of Object.entries(modules)) {
    const path = relative(rootDir, dir);
    module[name] = { source: path.startsWith('.') ? path : `./${path}` };
    for (const out of outputs) output[`${name}__${out}`] = { value: `\${module.${name}.${out}}` };
  }
  const config = outputs.length > 0 ? { module, output } : { module };
  writeFileSync(join(rootDir, 'quartic_variants.tf.json'), `${JSON.stringify(config, null, 2)}\n`);
}

export interface FakeSts {
  readonly url: string;
  /** Number of requests answered so far. */
  requests(): number;
  close(): Promise<void>;
}

/** A fake STS on 127.0.0.1 that answers every request with GetCallerIdentity for FAKE_ACCOUNT_ID. */
export function startFakeSts(): Promise<FakeSts> {
  let count = 0;
  const body =
    '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">' +
    '<GetCallerIdentityResult>' +
    `<Arn>arn:aws:iam::${FAKE_ACCOUNT_ID}:user/quartic-test</Arn>` +
    '<UserId>AIDAQUARTICTESTUSER01</UserId>' +
    `<Account>${FAKE_ACCOUNT_ID}</Account>` +
    '</GetCallerIdentityResult>' +
    '<ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata>' +
    '</GetCallerIdentityResponse>';
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      count += 1;
      response.writeHead(200, { 'Content-Type': 'text/xml' });
      response.end(body);
    });
  });
  return new Promise((done) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      done({
        url: `http://127.0.0.1:${port}`,
        requests: () => count,
        close: () => new Promise<void>((closed) => server.close(() => closed())),
      });
    });
  });
}

/**
 * Synthesizes the example app's HCL form as a customer would (`QUARTIC_*` env, `SYNTH_HCL_OUTPUT=true`,
 * which cdktf reads from process.env), then formats it with `terraform fmt` as `cdktf synth --hcl` does.
 * Returns the stack directory holding cdk.tf.
 */
export async function synthHclExample(
  env: Readonly<Record<string, string>>,
  outdir: string,
): Promise<string> {
  const previous = process.env.SYNTH_HCL_OUTPUT;
  const { log, warn } = console;
  mkdirSync(outdir, { recursive: true });
  process.env.SYNTH_HCL_OUTPUT = 'true';
  console.log = () => undefined;
  console.warn = () => undefined;
  let code: number;
  try {
    code = main({ ...env, CDKTF_OUTDIR: outdir });
  } finally {
    if (previous === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = previous;
    console.log = log;
    console.warn = warn;
  }
  if (code !== 0) throw new Error(`the example app exited ${code} for ${JSON.stringify(env)}`);
  const stackDir = join(outdir, 'stacks', STACK_NAME);
  if (!existsSync(join(stackDir, 'cdk.tf'))) throw new Error(`no cdk.tf in ${stackDir}`);
  await terraformOk(stackDir, ['fmt', '-no-color', 'cdk.tf']);
  return stackDir;
}

/** The parts of `terraform show -json <plan>` the tiers read. */
export interface PlanJson {
  readonly format_version: string;
  readonly errored: boolean;
  readonly resource_changes?: ReadonlyArray<{
    readonly address: string;
    readonly module_address?: string;
    readonly mode: 'managed' | 'data';
    readonly type: string;
    readonly name: string;
    readonly change: {
      readonly actions: readonly string[];
      readonly after: Record<string, unknown> | null;
      readonly after_unknown?: Record<string, unknown>;
    };
  }>;
  readonly prior_state?: { readonly values?: { readonly root_module?: PlanModule } };
  readonly output_changes?: Record<string, { readonly actions: readonly string[] }>;
}

interface PlanModule {
  readonly address?: string;
  readonly resources?: ReadonlyArray<{
    readonly address: string;
    readonly values: Record<string, unknown>;
  }>;
  readonly child_modules?: readonly PlanModule[];
}

/** Resource changes of one module (by name; undefined for the root), keyed by the address inside it. */
export function moduleChanges(plan: PlanJson, moduleName?: string) {
  const moduleAddress = moduleName === undefined ? undefined : `module.${moduleName}`;
  const changes = new Map<string, NonNullable<PlanJson['resource_changes']>[number]>();
  for (const change of plan.resource_changes ?? []) {
    if (change.module_address === moduleAddress)
      changes.set(`${change.mode === 'data' ? 'data.' : ''}${change.type}.${change.name}`, change);
  }
  return changes;
}

/** Data sources read while planning one module (they land in prior_state), keyed by their address in it. */
export function moduleDataReads(plan: PlanJson, moduleName?: string): Map<string, Record<string, unknown>> {
  const root = plan.prior_state?.values?.root_module;
  const module =
    moduleName === undefined ? root : root?.child_modules?.find((m) => m.address === `module.${moduleName}`);
  const prefix = moduleName === undefined ? '' : `module.${moduleName}.`;
  const reads = new Map<string, Record<string, unknown>>();
  for (const resource of module?.resources ?? [])
    reads.set(resource.address.slice(prefix.length), resource.values);
  return reads;
}

/** One resource of a hand-written state, for planning a destroy without an AWS account. */
export interface StateResource {
  /** `module.<name>` or undefined for the root module. */
  readonly module?: string;
  readonly type: string;
  readonly name: string;
  readonly attributes: Record<string, unknown>;
}

/**
 * A version-4 state file holding the given resources, as if they had been applied. Planning with
 * `-refresh=false` never reads them back from AWS, so a destroy plan shows what Terraform would delete
 * (and what prevent_destroy refuses) offline.
 */
export function writeState(path: string, resources: readonly StateResource[]): void {
  const state = {
    version: 4,
    terraform_version: '1.11.4',
    serial: 1,
    lineage: '00000000-0000-4000-8000-000000000000',
    outputs: {},
    resources: resources.map((r) => ({
      ...(r.module ? { module: r.module } : {}),
      mode: 'managed',
      type: r.type,
      name: r.name,
      provider: `${r.module ? `${r.module}.` : ''}provider["registry.terraform.io/hashicorp/aws"]`,
      instances: [{ schema_version: 0, attributes: r.attributes, sensitive_attributes: [] }],
    })),
    check_results: null,
  };
  writeFileSync(path, `${JSON.stringify(state, null, 2)}\n`);
}

/** Diagnostics of a `terraform ... -json` run (one JSON object per line). */
export function jsonDiagnostics(
  stdout: string,
): Array<{ severity: string; summary: string; detail: string }> {
  const diagnostics: Array<{ severity: string; summary: string; detail: string }> = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const message = JSON.parse(line) as {
      type?: string;
      diagnostic?: { severity: string; summary: string; detail?: string };
    };
    if (message.type === 'diagnostic' && message.diagnostic) {
      const { severity, summary, detail } = message.diagnostic;
      diagnostics.push({ severity, summary, detail: detail ?? '' });
    }
  }
  return diagnostics;
}
