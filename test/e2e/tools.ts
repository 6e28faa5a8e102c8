/**
 * Helpers of the e2e tier: run a program and collect its output, and the test-only Terraform override that
 * points the provider at moto. Terraform itself runs through test/support/terraform.ts, like the other tiers.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs a program to completion (never throws on a non-zero exit). */
export function run(
  file: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      file,
      [...args],
      {
        cwd: options.cwd,
        env: options.env,
        timeout: options.timeoutMs ?? 200_000,
        maxBuffer: 32 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr, ms: Date.now() - started });
      },
    );
  });
}

/** Environment without the developer's AWS configuration: nothing but what a test passes leaks in. */
export function hermeticEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: 'C.UTF-8',
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extra,
  };
}

/**
 * Test-only override (Terraform merges `*_override.tf.json` over the synthesized stack; product code never
 * contains it). Each setting, and why it is the narrowest one that works:
 * - `endpoints` + `s3_use_path_style`: send S3, IAM and STS calls to moto; moto serves buckets path-style.
 * - `access_key` / `secret_key`: static keys, so no credential chain and no instance metadata lookup;
 *   `skip_metadata_api_check` keeps the provider off 169.254.169.254 (hermetic: loopback only);
 *   `skip_credentials_validation` / `skip_requesting_account_id`: configuring the provider makes no call, so
 *   the refused `terraform destroy` cannot trip over moto's authentication being switched on meanwhile.
 * - the local backend path: cdktf writes an absolute path under the synthesizing process's cwd (the
 *   repository); the state belongs in the test's temp dir. `statePath` undefined keeps the synthesized
 *   backend (a remote one: test/e2e/remote-state.test.ts).
 * - the abort-multipart lifecycle rule is left out unless QUARTIC_E2E_LIFECYCLE=1: the provider waits for 10
 *   identical reads 5 s apart after every lifecycle write (`ContinuousTargetOccurence: 10`, ~55 s, the same
 *   against real AWS), which alone would exceed this tier's time budget. The rule's synthesis is pinned by
 *   the construct tests and planned by the terraform tier; moto accepts it (measured: 55 s apply).
 */
export function writeMotoOverride(
  stackDir: string,
  endpointUrl: string,
  statePath: string | undefined,
  resourcePrefix = 'quartic',
): void {
  const override: Record<string, unknown> = {
    ...(statePath === undefined ? {} : { terraform: { backend: { local: { path: statePath } } } }),
    provider: {
      aws: [
        {
          access_key: 'test',
          secret_key: 'test',
          skip_metadata_api_check: true,
          skip_credentials_validation: true,
          skip_requesting_account_id: true,
          s3_use_path_style: true,
          endpoints: [{ s3: endpointUrl, iam: endpointUrl, sts: endpointUrl }],
        },
      ],
    },
  };
  if (process.env.QUARTIC_E2E_LIFECYCLE !== '1') {
    override.resource = {
      aws_s3_bucket_lifecycle_configuration: { [`${resourcePrefix}_lifecycle`]: { count: 0 } },
    };
  }
  writeFileSync(join(stackDir, 'moto_override.tf.json'), JSON.stringify(override, null, 2));
}
