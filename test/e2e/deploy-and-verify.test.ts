/**
 * e2e tier: a real deploy against a local AWS-compatible endpoint (moto in server mode on loopback),
 * then `quartic-s3 verify` in both modes on what was deployed, then the deployment broken one way at a
 * time, each with its own diagnosis and exit code.
 *
 * Two set-ups share one moto server: the example app synthesized, `terraform init` (offline mirror) and
 * `terraform apply` for real; and, concurrently, the bash script of src/core/cli-commands.ts run with the AWS CLI
 * on a fresh bucket name. Quartic's side is an IAM user in Quartic's account (555071496850) in moto.
 *
 * Moto workarounds (moto 5.2.5), each as narrow as found:
 * - Quartic-mode runs switch moto's IAM authentication on (`moto.setAuth`), so the assumed role's inline
 *   policy really decides what the canary may do; everything else runs with authentication off.
 * - moto evaluates bucket policies on object requests but ignores condition operators other than
 *   StringEquals, so the TLS-only statement (`Deny s3:*` when `aws:SecureTransport` is false) denies every
 *   object request, TLS or not. Runs that touch objects lift the bucket policy and put it back
 *   (`withoutBucketPolicy`, test/support/moto-terraform.ts); customer-mode runs see it in place.
 *
 * The example is deployed with two options off their defaults (versioning off, a two-hour maximum
 * session), so customer mode passes with `--from-outputs` and the external ID alone only because the
 * verifier reads them from the `quartic_expected` output.
 * - moto never evaluates a cross-account trust policy, so it cannot deny a wrong external ID: the
 *   customer-mode trust-policy check carries that case (exit 15); the Quartic-mode diagnosis for a real
 *   AccessDenied on AssumeRole is shown with a caller that lacks sts:AssumeRole (exit 20) and, for the SDK's
 *   error shape, by the unit tests.
 * - with authentication on, moto authorizes HeadBucket as `s3:HeadBucket` (AWS: s3:ListBucket), which only
 *   the `full` level's s3:* covers; the deployed example uses `full`.
 * - moto answers HeadBucket from any region with the bucket's region (real S3 answers 301 with
 *   x-amz-bucket-region): the verifier handles both; the redirect form is unit-tested.
 */
import {
  DeleteBucketCommand,
  DeleteBucketPolicyCommand,
  DeleteObjectsCommand,
  DeletePublicAccessBlockCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketLifecycleConfigurationCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  IAMClient,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS,
  ACCESS_POLICY_NAME,
  accessPolicy,
  awsCliScript,
  formatHandoff,
  QUARTIC_ACCOUNT_ID,
  trustPolicy,
} from '../../src';
import { defaultClients } from '../../src/verify/clients';
import { main } from '../../src/verify/main';
import {
  AWS_CLI,
  createUser,
  Moto,
  MOTO_ACCOUNT_ID,
  MOTO_DEFAULT_CREDENTIALS,
  motoUnavailable,
  REPO_ROOT,
  startMoto,
  StaticCredentials,
  VENV_BIN,
} from '../support/moto';
import { withoutBucketPolicy as liftBucketPolicy } from '../support/moto-terraform';
import { describeTier } from '../support/skip';
import { synthToDir } from '../support/synth';
import { terraform, terraformUnavailable } from '../support/terraform';
import { hermeticEnv, run, RunResult, writeMotoOverride } from './tools';

const unavailable =
  motoUnavailable() ?? terraformUnavailable() ?? (existsSync(AWS_CLI) ? undefined : `${AWS_CLI} not found`);

const SUFFIX = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
/** Versioning off and a two-hour session: options off their defaults, which only quartic_expected tells verify. */
const DEPLOYED = {
  bucketName: `quartic-e2e-${SUFFIX}`,
  region: 'eu-west-2',
  externalId: 'q-e2e-3f9c2a7e',
  versioning: false,
  maxSessionDuration: 7200,
};
const VIA_CLI = {
  bucketName: `quartic-e2e-cli-${SUFFIX}`,
  region: 'eu-west-2',
  externalId: 'q-e2e-cli-5b1d',
  roleName: 'quartic-access-cli',
  accessLevel: 'read-write',
} as const;
const ROLE_NAME = 'quartic-access';
const CUSTOMER_DATA = 'exports/2026-11-29.csv';
/** With QUARTIC_E2E_LIFECYCLE=1 the apply also waits out the lifecycle rule's ~55 s convergence check. */
// Set-up (synth, init, apply, the AWS CLI script) takes ~25 s alone and over 3x that under full-suite load.
const SETUP_TIMEOUT_MS = 240_000;
/** The repository's transpile-only loader (cached; faster to start than tsx). */
const TS_RUN = join(REPO_ROOT, 'scripts', 'ts-run.cjs');
const ROLE_ARN = `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/${ROLE_NAME}`;

interface VerifyRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

describeTier(
  'e2e tier',
  unavailable,
  () => {
    let moto: Moto;
    let work: string;
    let stackDir: string;
    let outputsFile: string;
    let quartic: StaticCredentials;
    let quarticWithoutAssume: StaticCredentials;
    let s3: S3Client;
    let iam: IAMClient;
    let destroyRefusal: Promise<RunResult>;
    const timings: string[] = [];

    /** `quartic-s3 verify` in-process (the bin's own main), against moto. */
    async function verify(
      args: readonly string[],
      credentials: StaticCredentials = MOTO_DEFAULT_CREDENTIALS,
    ): Promise<VerifyRun> {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(
        ['verify', ...args, '--endpoint-url', moto.url],
        { stdout: (t) => out.push(t), stderr: (t) => err.push(t), readFile: (p) => readFileSync(p, 'utf8') },
        { clients: (endpoint) => defaultClients(endpoint, credentials) },
      );
      return { code, out: out.join('\n'), err: err.join('\n') };
    }

    const deployedArgs = () => ['--from-outputs', outputsFile, '--external-id', DEPLOYED.externalId];

    /** Quartic mode with moto's IAM authentication on, so the role's policy decides. */
    async function verifyAsQuartic(args: readonly string[], credentials = quartic): Promise<VerifyRun> {
      await moto.setAuth(true);
      try {
        return await verify([...args, '--assume'], credentials);
      } finally {
        await moto.setAuth(false);
      }
    }

    /** Object requests need the bucket policy lifted in moto (see the header); it is put back afterwards. */
    const withoutBucketPolicy = <T>(bucket: string, body: () => Promise<T>): Promise<T> =>
      liftBucketPolicy(s3, bucket, body);

    async function putAccessPolicy(document: object): Promise<void> {
      await iam.send(
        new PutRolePolicyCommand({
          RoleName: ROLE_NAME,
          PolicyName: ACCESS_POLICY_NAME,
          PolicyDocument: JSON.stringify(document),
        }),
      );
    }
    const deployedPolicy = () =>
      accessPolicy({
        partition: 'aws',
        bucketName: DEPLOYED.bucketName,
        accessLevel: 'full',
        region: DEPLOYED.region,
      });

    function expectOk(result: RunResult, what: string): void {
      if (result.code !== 0)
        throw new Error(`${what} failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
      timings.push(`${what} ${result.ms} ms`);
    }

    beforeAll(async () => {
      const started = Date.now();
      const motoStarting = startMoto();
      work = mkdtempSync(join(tmpdir(), 'quartic-e2e-'));
      stackDir = synthToDir(DEPLOYED, join(work, 'cdktf.out'));
      moto = await motoStarting;
      s3 = new S3Client({
        region: 'eu-west-2',
        endpoint: moto.url,
        forcePathStyle: true,
        credentials: MOTO_DEFAULT_CREDENTIALS,
      });
      iam = new IAMClient({ region: 'us-east-1', endpoint: moto.url, credentials: MOTO_DEFAULT_CREDENTIALS });
      writeMotoOverride(stackDir, moto.url, join(work, 'terraform.tfstate'));
      const cliDir = join(work, 'aws-cli');
      mkdirSync(cliDir);
      writeFileSync(join(cliDir, 'setup.sh'), awsCliScript(VIA_CLI));

      // Terraform, the AWS CLI path and Quartic's users only share moto: they run side by side.
      const [apply, cli, users] = await Promise.all([
        terraform(stackDir, ['init', '-input=false', '-no-color']).then((init) => {
          expectOk(init, 'terraform init');
          return terraform(stackDir, ['apply', '-auto-approve', '-input=false', '-no-color']);
        }),
        run('bash', ['setup.sh'], {
          cwd: cliDir,
          env: hermeticEnv({
            PATH: `${VENV_BIN}:${process.env.PATH ?? ''}`,
            AWS_ENDPOINT_URL: moto.url,
            AWS_ACCESS_KEY_ID: MOTO_DEFAULT_CREDENTIALS.accessKeyId,
            AWS_SECRET_ACCESS_KEY: MOTO_DEFAULT_CREDENTIALS.secretAccessKey,
            AWS_DEFAULT_REGION: VIA_CLI.region,
          }),
        }),
        Promise.all([
          createUser(moto, QUARTIC_ACCOUNT_ID, 'quartic-platform', {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
          }),
          createUser(moto, QUARTIC_ACCOUNT_ID, 'quartic-without-assume'),
        ]),
      ]);
      [quartic, quarticWithoutAssume] = users;
      expectOk(apply, 'terraform apply');
      if (process.env.QUARTIC_E2E_LIFECYCLE !== '1') {
        // The moto override leaves the lifecycle rule out of the apply (the provider's ~55 s convergence wait,
        // see tools.ts); put the rule the construct writes, so verify sees the configuration the kit deploys.
        await s3.send(
          new PutBucketLifecycleConfigurationCommand({
            Bucket: DEPLOYED.bucketName,
            LifecycleConfiguration: {
              Rules: [
                {
                  ID: 'abort-incomplete-multipart-uploads',
                  Status: 'Enabled',
                  Filter: {},
                  AbortIncompleteMultipartUpload: {
                    DaysAfterInitiation: ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS,
                  },
                },
              ],
            },
          }),
        );
      }
      expectOk(cli, 'AWS CLI script');
      const output = await terraform(stackDir, ['output', '-json']);
      expectOk(output, 'terraform output');
      outputsFile = join(work, 'outputs.json');
      writeFileSync(outputsFile, output.stdout);

      // Customer data in the bucket, then `terraform destroy` in the background: it refuses at plan time
      // and changes nothing, so the checks below can run meanwhile; its test awaits it.
      await withoutBucketPolicy(DEPLOYED.bucketName, () =>
        s3.send(
          new PutObjectCommand({ Bucket: DEPLOYED.bucketName, Key: CUSTOMER_DATA, Body: 'id,value\n1,42\n' }),
        ),
      );
      destroyRefusal = terraform(stackDir, [
        'destroy',
        '-auto-approve',
        '-input=false',
        '-no-color',
        '-refresh=false',
      ]);
      timings.push(`setup ${Date.now() - started} ms`);
    }, SETUP_TIMEOUT_MS);

    afterAll(async () => {
      await destroyRefusal; // never leave terraform running against a stopped server
      console.log(`e2e timings: ${timings.join(', ')}`);
      await moto?.stop();
      if (work !== undefined) rmSync(work, { recursive: true, force: true });
    });

    test('customer mode passes on what terraform deployed and prints the hand-off', async () => {
      const outputs = JSON.parse(readFileSync(outputsFile, 'utf8')) as Record<string, { value: unknown }>;
      expect(outputs.role_arn.value).toBe(ROLE_ARN);
      const result = await verify(deployedArgs());
      expect(result.err).toBe('');
      expect(result.code).toBe(0);
      // 15 checks pass; the two KMS checks are skipped on this SSE-S3 bucket.
      expect(result.out.match(/^PASS {2}/gm)).toHaveLength(15);
      expect(result.out.match(/^SKIP {2}KMS key/gm)).toHaveLength(2);
      expect(result.out).toContain(
        formatHandoff({
          bucket_name: DEPLOYED.bucketName,
          bucket_region: DEPLOYED.region,
          role_arn: ROLE_ARN,
        }),
      );
    });

    test('options off their defaults verify with --from-outputs alone; a tamper back to the default still fails', async () => {
      const healthy = await verify(deployedArgs());
      expect(healthy.out).toContain(`NOTE  Expected configuration: quartic_expected in ${outputsFile}.`);
      expect(healthy.out).toMatch(/^PASS {2}Versioning is enabled: never enabled \(not required\)$/m);
      expect(healthy.out).toMatch(/^PASS {2}Maximum session duration is as expected: 7200 s$/m);
      expect(healthy.out).toMatch(/^PASS {2}Role permissions: full on /m); // the access level, from the file
      expect(healthy.code).toBe(0);
      // The role set back to the kit's default (what a flag-less verify used to expect) is caught.
      const set = (MaxSessionDuration: number) =>
        iam.send(new UpdateRoleCommand({ RoleName: ROLE_NAME, MaxSessionDuration }));
      await set(3600);
      try {
        const tampered = await verify(deployedArgs());
        expect(tampered.out).toMatch(
          /^FAIL {2}Maximum session duration is as expected: 3600 s, expected 7200 s$/m,
        );
        expect(tampered.out).toContain(
          "The role's maximum session duration is 3600 s, not 7200 s: Quartic's sessions of the agreed length will be refused.",
        );
        expect(tampered.code).toBe(32);
        // A flag still wins over the file, and says so.
        const overridden = await verify([...deployedArgs(), '--max-session-duration', '3600']);
        expect(overridden.out).toContain(
          `NOTE  \`--max-session-duration 3600\` differs from max_session_duration 7200 in ${outputsFile} (quartic_expected): the flag wins.`,
        );
        expect(overridden.code).toBe(0);
      } finally {
        await set(DEPLOYED.maxSessionDuration);
      }
    });

    test('Quartic mode assumes the role with the external ID and round-trips a canary object', async () => {
      const result = await withoutBucketPolicy(DEPLOYED.bucketName, () => verifyAsQuartic(deployedArgs()));
      expect(result.out).toContain(
        `account ${QUARTIC_ACCOUNT_ID} as arn:aws:iam::${QUARTIC_ACCOUNT_ID}:user/quartic-platform`,
      );
      for (const step of ['Assume', 'Put', 'List', 'Get the canary', 'Delete the canary']) {
        expect(result.out).toMatch(new RegExp(`^PASS {2}${step}`, 'm'));
      }
      expect(result.code).toBe(0);
      const left = await s3.send(
        new ListObjectsV2Command({ Bucket: DEPLOYED.bucketName, Prefix: 'quartic-verify/' }),
      );
      expect(left.KeyCount).toBe(0);
    });

    test('the AWS CLI commands of src/core/cli-commands.ts build a set-up that passes verify', async () => {
      const args = [
        '--bucket',
        VIA_CLI.bucketName,
        '--region',
        VIA_CLI.region,
        '--role-arn',
        `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/${VIA_CLI.roleName}`,
        '--external-id',
        VIA_CLI.externalId,
      ];
      const customer = await verify(args);
      expect(customer.out).not.toMatch(/^FAIL/m);
      expect(customer.out).toContain('matches the read-write level');
      expect(customer.code).toBe(0);
      // Pinning another level names the difference. (Quartic mode is not run on this set-up: with
      // authentication on, moto authorizes HeadBucket as s3:HeadBucket, which read-write does not grant.)
      const pinned = await verify([...args, '--access-level', 'full']);
      expect(pinned.out).toContain(`missing: Allow s3:* on arn:aws:s3:::${VIA_CLI.bucketName}`);
      expect(pinned.code).toBe(16);
    });

    test('wrong external ID in the trust policy: trust-policy diagnosis, exit 15', async () => {
      const wrong = trustPolicy({
        partition: 'aws',
        trustedAccountId: QUARTIC_ACCOUNT_ID,
        externalId: 'q-someone-else',
      });
      await iam.send(
        new UpdateAssumeRolePolicyCommand({ RoleName: ROLE_NAME, PolicyDocument: JSON.stringify(wrong) }),
      );
      try {
        const result = await verify(deployedArgs());
        expect(result.out).toMatch(/^FAIL {2}Trust policy/m);
        expect(result.out).toContain(
          `its external ID is "q-someone-else", expected "${DEPLOYED.externalId}"`,
        );
        expect(result.code).toBe(15);
      } finally {
        const right = trustPolicy({
          partition: 'aws',
          trustedAccountId: QUARTIC_ACCOUNT_ID,
          externalId: DEPLOYED.externalId,
        });
        await iam.send(
          new UpdateAssumeRolePolicyCommand({ RoleName: ROLE_NAME, PolicyDocument: JSON.stringify(right) }),
        );
      }
    });

    test('policy widened to bucket*: access-policy diagnosis naming the wildcard, exit 16', async () => {
      await putAccessPolicy({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: [`arn:aws:s3:::${DEPLOYED.bucketName}*`] }],
      });
      try {
        const result = await verify(deployedArgs());
        expect(result.out).toContain(
          `wider than expected: Allow s3:* on arn:aws:s3:::${DEPLOYED.bucketName}*`,
        );
        expect(result.out).toContain('matches other buckets too');
        expect(result.code).toBe(16);
      } finally {
        await putAccessPolicy(deployedPolicy());
      }
    });

    test('public access block removed: exit 12', async () => {
      await s3.send(new DeletePublicAccessBlockCommand({ Bucket: DEPLOYED.bucketName }));
      try {
        const result = await verify(deployedArgs());
        expect(result.out).toContain(`Bucket ${DEPLOYED.bucketName} has no public access block`);
        expect(result.code).toBe(12);
      } finally {
        await s3.send(
          new PutPublicAccessBlockCommand({
            Bucket: DEPLOYED.bucketName,
            PublicAccessBlockConfiguration: {
              BlockPublicAcls: true,
              IgnorePublicAcls: true,
              BlockPublicPolicy: true,
              RestrictPublicBuckets: true,
            },
          }),
        );
      }
    });

    test('wrong region: exit 11, in both modes', async () => {
      const args = [...deployedArgs(), '--region', 'us-east-1'];
      const customer = await verify(args);
      expect(customer.out).toContain(`Bucket ${DEPLOYED.bucketName} is in eu-west-2, not in us-east-1.`);
      expect(customer.code).toBe(11);
      const quarticRun = await verifyAsQuartic(args);
      expect(quarticRun.code).toBe(11);
    });

    test("object operation denied by the role's policy: exit 21, naming the action", async () => {
      // An explicit Deny next to the kit's grant (the least-privilege levels would do too on AWS, but moto
      // authorizes HeadBucket as the non-existent action s3:HeadBucket, which only s3:* covers).
      const policy = deployedPolicy();
      await putAccessPolicy({
        ...policy,
        Statement: [
          ...policy.Statement,
          { Effect: 'Deny', Action: 's3:PutObject', Resource: `arn:aws:s3:::${DEPLOYED.bucketName}/*` },
        ],
      });
      try {
        const result = await withoutBucketPolicy(DEPLOYED.bucketName, () => verifyAsQuartic(deployedArgs()));
        expect(result.out).toMatch(/^PASS {2}Assume/m);
        expect(result.out).toMatch(/^FAIL {2}Put s3:\/\//m);
        expect(result.out).toContain('s3:PutObject on s3://');
        expect(result.code).toBe(21);
      } finally {
        await putAccessPolicy(deployedPolicy());
      }
    });

    test('AssumeRole denied (a caller moto refuses sts:AssumeRole): exit 20 with the external-ID hint', async () => {
      const result = await verifyAsQuartic(deployedArgs(), quarticWithoutAssume);
      expect(result.out).toMatch(/^FAIL {2}Assume/m);
      expect(result.out).toContain(`Either the external ID "${DEPLOYED.externalId}" is not the one`);
      expect(result.code).toBe(20);
    });

    test('usage errors: exit 2, every problem named by its flag', async () => {
      const result = await verify(['--bucket', 'Bad_Name', '--region', 'eu-west-2']);
      expect(result.code).toBe(2);
      expect(result.err).toContain('`--bucket` must contain only lowercase letters');
      expect(result.err).toContain('`--external-id` is required');
      expect(result.err).toContain('`--role-arn` is required');
    });

    test('the bin as a child process: --help, and no credentials with --json', async () => {
      const cli = (args: readonly string[]) =>
        run(process.execPath, ['--require', TS_RUN, join(REPO_ROOT, 'src/verify/cli.ts'), ...args], {
          cwd: REPO_ROOT,
          env: hermeticEnv(),
        });
      const [help, noCredentials] = await Promise.all([
        cli(['--help']),
        cli(['verify', ...deployedArgs(), '--endpoint-url', moto.url, '--json']),
      ]);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Exit codes');
      for (const code of [0, 2, 3, 10, 11, 12, 13, 14, 15, 16, 20, 21]) {
        expect(help.stdout).toMatch(new RegExp(`^ {2}${code} `, 'm'));
      }
      expect(noCredentials.code).toBe(3);
      const report = JSON.parse(noCredentials.stdout) as {
        ok: boolean;
        failure: string;
        checks: Array<{ id: string; status: string; hint?: string }>;
      };
      expect(report).toMatchObject({ ok: false, failure: 'no-credentials' });
      expect(report.checks[0]).toMatchObject({ id: 'credentials', status: 'fail' });
      expect(report.checks[0].hint).toContain('aws configure');
      expect(noCredentials.stderr).toContain('FAIL  AWS credentials');
    });

    test('terraform destroy leaves the bucket and its objects in place', async () => {
      // The default, shown as it is: a plain `terraform destroy` refuses at plan time (prevent_destroy on the
      // bucket), so nothing at all is deleted and the customer's objects stay. (-refresh=false only saves
      // time: the refusal comes from the configuration, not from live state.) Removing the bucket from the
      // state, or a targeted destroy of the role, would also leave the bucket and its objects; they are not
      // repeated here because each terraform run costs several seconds of CPU.
      const destroy = await destroyRefusal;
      timings.push(`terraform destroy (refused) ${destroy.ms} ms`);
      expect(destroy.code).not.toBe(0);
      expect(destroy.stderr).toContain('Instance cannot be destroyed');
      expect(destroy.stderr).toContain('prevent_destroy');
      const keys = (await s3.send(new ListObjectsV2Command({ Bucket: DEPLOYED.bucketName }))).Contents ?? [];
      expect(keys.map((o) => o.Key)).toEqual([CUSTOMER_DATA]);
      expect((await iam.send(new GetRoleCommand({ RoleName: ROLE_NAME }))).Role?.Arn).toBe(ROLE_ARN);
      const result = await verify(deployedArgs());
      expect(result.code).toBe(0);
    });

    test('role missing: exit 14, the bucket checks still run', async () => {
      await iam.send(new DeleteRolePolicyCommand({ RoleName: ROLE_NAME, PolicyName: ACCESS_POLICY_NAME }));
      await iam.send(new DeleteRoleCommand({ RoleName: ROLE_NAME }));
      const result = await verify(deployedArgs());
      expect(result.out).toMatch(/^PASS {2}Bucket .* exists/m);
      expect(result.out).toContain(`There is no role named ${ROLE_NAME}`);
      expect(result.out).toMatch(/^SKIP {2}Role permissions/m);
      expect(result.code).toBe(14);
    });

    test('bucket deleted: exit 10', async () => {
      await s3.send(new DeleteBucketPolicyCommand({ Bucket: DEPLOYED.bucketName }));
      const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: DEPLOYED.bucketName }));
      const objects = [...(versions.Versions ?? []), ...(versions.DeleteMarkers ?? [])].map((v) => ({
        Key: v.Key,
        VersionId: v.VersionId,
      }));
      if (objects.length > 0)
        await s3.send(
          new DeleteObjectsCommand({ Bucket: DEPLOYED.bucketName, Delete: { Objects: objects } }),
        );
      await s3.send(new DeleteBucketCommand({ Bucket: DEPLOYED.bucketName }));
      const result = await verify(deployedArgs());
      expect(result.out).toContain(`There is no bucket named ${DEPLOYED.bucketName}.`);
      expect(result.out).toMatch(/^SKIP {2}Public access is blocked/m);
      expect(result.code).toBe(10);
    });
  },
  'deploy for real against moto, then quartic-s3 verify',
);
