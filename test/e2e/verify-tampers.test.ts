/**
 * e2e tier, tampers: an SSE-KMS set-up built by the AWS CLI script of src/core/cli-commands.ts (the kit creates
 * the key) against one moto server, verified once healthy; then each widening or weakening the verifier
 * must catch, one at a time, each with its own exit code and diagnosis, and put back before the next:
 * a bucket policy granting others (another account, Quartic's account root, the role itself beyond its
 * read-only inline policy), the guardrails taken out of the bucket policy, a key policy open to everyone,
 * the key scheduled for deletion, another key than the one expected, versioning suspended, the lifecycle
 * rule removed, the session duration raised.
 *
 * Moto (5.2.5) as measured: it reads and writes key policies, key states, grants, versioning, lifecycle,
 * logging and MaxSessionDuration as AWS does; authentication stays off (customer mode only reads). One gap:
 * ScheduleKeyDeletion and CancelKeyDeletion need the key id, not the key ARN (with the ARN moto answers
 * HTTP 500 from a KeyError), so the test passes the id; the verifier itself only calls DescribeKey,
 * GetKeyPolicy and ListGrants, which take the ARN.
 */
import {
  DeleteBucketLifecycleCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketPolicyCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetRoleCommand, IAMClient, UpdateRoleCommand } from '@aws-sdk/client-iam';
import {
  CancelKeyDeletionCommand,
  EnableKeyCommand,
  GetKeyPolicyCommand,
  KMSClient,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsCliScript, bucketPolicy, QUARTIC_ACCOUNT_ID } from '../../src';
import { defaultClients } from '../../src/verify/clients';
import { exitCodeOf } from '../../src/verify/failures';
import { main } from '../../src/verify/main';
import {
  AWS_CLI,
  Moto,
  MOTO_ACCOUNT_ID,
  MOTO_DEFAULT_CREDENTIALS,
  motoUnavailable,
  startMoto,
  VENV_BIN,
} from '../support/moto';
import { describeTier } from '../support/skip';
import { hermeticEnv, run } from './tools';

const unavailable = motoUnavailable() ?? (existsSync(AWS_CLI) ? undefined : `${AWS_CLI} not found`);

const SUFFIX = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const SETUP = {
  bucketName: `quartic-tamper-${SUFFIX}`,
  region: 'eu-west-2',
  externalId: 'q-tamper-7c41',
  roleName: 'quartic-access-tamper',
  accessLevel: 'read-only',
  encryption: 'SSE-KMS',
} as const;
const ROLE_ARN = `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/${SETUP.roleName}`;
const ARGS = [
  '--bucket',
  SETUP.bucketName,
  '--region',
  SETUP.region,
  '--role-arn',
  ROLE_ARN,
  '--external-id',
  SETUP.externalId,
  '--access-level',
  SETUP.accessLevel,
];
// The AWS CLI script takes ~10 s alone (one Python start per command), several times that under load.
const SETUP_TIMEOUT_MS = 180_000;

interface VerifyRun {
  readonly code: number;
  readonly out: string;
}

describeTier(
  'e2e tier (verify tampers)',
  unavailable,
  () => {
    let moto: Moto;
    let work: string;
    let s3: S3Client;
    let iam: IAMClient;
    let kms: KMSClient;
    let keyArn: string;
    const started = Date.now();

    async function verify(extra: readonly string[] = []): Promise<VerifyRun> {
      const out: string[] = [];
      const code = await main(
        ['verify', ...ARGS, ...extra, '--endpoint-url', moto.url],
        { stdout: (t) => out.push(t), stderr: (t) => out.push(t), readFile: (p) => readFileSync(p, 'utf8') },
        { clients: (endpoint) => defaultClients(endpoint, MOTO_DEFAULT_CREDENTIALS) },
      );
      return { code, out: out.join('\n') };
    }

    /** Breaks one thing, verifies, and puts it back whatever the assertions say. */
    async function tampered(
      breakIt: () => Promise<unknown>,
      restore: () => Promise<unknown>,
    ): Promise<VerifyRun> {
      await breakIt();
      try {
        return await verify();
      } finally {
        await restore();
      }
    }

    beforeAll(async () => {
      moto = await startMoto();
      const client = { region: SETUP.region, endpoint: moto.url, credentials: MOTO_DEFAULT_CREDENTIALS };
      s3 = new S3Client({ ...client, forcePathStyle: true });
      iam = new IAMClient({ ...client, region: 'us-east-1' });
      kms = new KMSClient(client);
      work = mkdtempSync(join(tmpdir(), 'quartic-tamper-'));
      writeFileSync(join(work, 'setup.sh'), awsCliScript(SETUP));
      const cli = await run('bash', ['setup.sh'], {
        cwd: work,
        env: hermeticEnv({
          PATH: `${VENV_BIN}:${process.env.PATH ?? ''}`,
          AWS_ENDPOINT_URL: moto.url,
          AWS_ACCESS_KEY_ID: MOTO_DEFAULT_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: MOTO_DEFAULT_CREDENTIALS.secretAccessKey,
          AWS_DEFAULT_REGION: SETUP.region,
        }),
      });
      if (cli.code !== 0)
        throw new Error(`AWS CLI script failed (${cli.code}):\n${cli.stdout}\n${cli.stderr}`);
      const encryption = await s3.send(new GetBucketEncryptionCommand({ Bucket: SETUP.bucketName }));
      keyArn = String(
        encryption.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault
          ?.KMSMasterKeyID,
      );
      console.log(`verify-tampers: AWS CLI set-up ${cli.ms} ms`);
    }, SETUP_TIMEOUT_MS);

    afterAll(async () => {
      console.log(`verify-tampers: ${Date.now() - started} ms in all`);
      await moto?.stop();
      if (work !== undefined) rmSync(work, { recursive: true, force: true });
    });

    test('the set-up the AWS CLI script built passes, key, versioning, lifecycle and session included', async () => {
      expect(keyArn).toMatch(new RegExp(`^arn:aws:kms:${SETUP.region}:${MOTO_ACCOUNT_ID}:key/`));
      const result = await verify();
      expect(result.out).not.toMatch(/^FAIL/m);
      expect(result.out).toContain(`PASS  KMS key is enabled, not pending deletion: ${keyArn} Enabled`);
      expect(result.out).toContain("the kit's key policy for the read-only level, no grants");
      expect(result.out).toMatch(/^PASS {2}Bucket policy grants nobody anything: no Allow statement/m);
      expect(result.out).toMatch(/^PASS {2}Versioning is enabled: Enabled$/m);
      expect(result.out).toMatch(/^PASS {2}Lifecycle aborts incomplete multipart uploads after 7 days/m);
      expect(result.out).toMatch(/^PASS {2}Maximum session duration is as expected: 3600 s$/m);
      expect(result.code).toBe(0);
    });

    test('bucket policy granting another account, Quartic directly and the role: exit 17, each named', async () => {
      const saved = (await s3.send(new GetBucketPolicyCommand({ Bucket: SETUP.bucketName }))).Policy ?? '';
      const widened = JSON.parse(saved) as { Statement: object[] };
      const objects = `arn:aws:s3:::${SETUP.bucketName}/*`;
      widened.Statement.push(
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::444455556666:root' },
          Action: 's3:GetObject',
          Resource: objects,
        },
        { Effect: 'Allow', Principal: { AWS: QUARTIC_ACCOUNT_ID }, Action: 's3:*', Resource: objects },
        { Effect: 'Allow', Principal: { AWS: ROLE_ARN }, Action: 's3:*', Resource: objects },
      );
      const put = (policy: string) =>
        s3.send(new PutBucketPolicyCommand({ Bucket: SETUP.bucketName, Policy: policy }));
      const result = await tampered(
        () => put(JSON.stringify(widened)),
        () => put(saved),
      );
      expect(result.out).toMatch(/^FAIL {2}Bucket policy grants nobody anything/m);
      expect(result.out).toContain(
        'another account (444455556666): arn:aws:iam::444455556666:root: Allow s3:GetObject',
      );
      expect(result.out).toContain(
        `Quartic's account root directly, without the role or the external ID (arn:aws:iam::${QUARTIC_ACCOUNT_ID}:root): Allow s3:*`,
      );
      expect(result.out).toContain(`the role itself (${ROLE_ARN}): Allow s3:*`);
      // The inline policy is still exactly read-only: the widening is in the bucket policy alone.
      expect(result.out).toMatch(/^PASS {2}Role permissions: read-only/m);
      expect(result.code).toBe(exitCodeOf('bucket-policy-grant'));
    });

    test('bucket policy without the guardrails (TLS-only): exit 34, its own class', async () => {
      const saved = (await s3.send(new GetBucketPolicyCommand({ Bucket: SETUP.bucketName }))).Policy ?? '';
      const tlsOnly = bucketPolicy({
        partition: 'aws',
        bucketName: SETUP.bucketName,
        roleName: SETUP.roleName,
        guardrails: false,
      });
      const put = (policy: string) =>
        s3.send(new PutBucketPolicyCommand({ Bucket: SETUP.bucketName, Policy: policy }));
      const result = await tampered(
        () => put(JSON.stringify(tlsOnly)),
        () => put(saved),
      );
      expect(result.out).toMatch(/^PASS {2}Bucket policy denies requests without TLS/m);
      expect(result.out).toMatch(/^FAIL {2}Bucket policy denies the role what would weaken the bucket/m);
      expect(result.out).toContain(
        `The bucket policy of ${SETUP.bucketName} lacks guardrails the kit writes: the role ${SETUP.roleName} is no longer denied s3:PutBucketPolicy`,
      );
      expect(result.code).toBe(34);
    });

    test('the bucket encrypts with another key than --kms-key-arn: exit 35, its own class', async () => {
      const other = keyArn.replace(/key\/.*$/, 'key/ffffffff-12ab-34cd-56ef-1234567890ab');
      const result = await verify(['--kms-key-arn', other]);
      expect(result.out).toContain(
        `Bucket ${SETUP.bucketName} encrypts with ${keyArn}, not with the key you gave (--kms-key-arn ${other}).`,
      );
      expect(result.code).toBe(35);
    });

    test('key policy open to "AWS": "*": exit 19', async () => {
      const saved =
        (await kms.send(new GetKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default' }))).Policy ?? '';
      const opened = JSON.parse(saved) as { Statement: object[] };
      opened.Statement.push({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*' });
      const put = (policy: string) =>
        kms.send(new PutKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default', Policy: policy }));
      const result = await tampered(
        () => put(JSON.stringify(opened)),
        () => put(saved),
      );
      expect(result.out).toMatch(/^FAIL {2}KMS key policy and grants/m);
      expect(result.out).toContain('it lets everyone (*) use the key: Allow kms:* for * on *');
      expect(result.code).toBe(exitCodeOf('kms-key-policy'));
    });

    test('key scheduled for deletion: exit 18 with the cancel command; cancelled but still disabled: exit 18', async () => {
      // moto takes the key id here: with the ARN, its ScheduleKeyDeletion fails (KeyError, HTTP 500).
      const KeyId = keyArn.split('/').pop();
      await kms.send(new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays: 7 }));
      let cancelled = false;
      try {
        const pending = await verify();
        expect(pending.out).toMatch(
          /^FAIL {2}KMS key is enabled, not pending deletion: .* is PendingDeletion$/m,
        );
        expect(pending.out).toContain(
          `Key ${keyArn} of bucket ${SETUP.bucketName} is scheduled for deletion on`,
        );
        expect(pending.out).toContain(`aws kms cancel-key-deletion --key-id ${keyArn}`);
        expect(pending.code).toBe(exitCodeOf('kms-key-state'));
        // Cancelling leaves the key Disabled, as in AWS: still unusable until enabled.
        await kms.send(new CancelKeyDeletionCommand({ KeyId }));
        cancelled = true;
        const disabled = await verify();
        expect(disabled.out).toContain(`Key ${keyArn} of bucket ${SETUP.bucketName} is disabled`);
        expect(disabled.out).toContain(`Fix: Enable it: \`aws kms enable-key --key-id ${keyArn}\`.`);
        expect(disabled.code).toBe(exitCodeOf('kms-key-state'));
      } finally {
        if (!cancelled) await kms.send(new CancelKeyDeletionCommand({ KeyId }));
        await kms.send(new EnableKeyCommand({ KeyId }));
      }
    });

    test('versioning suspended: exit 30', async () => {
      const status = (Status: 'Enabled' | 'Suspended') =>
        s3.send(
          new PutBucketVersioningCommand({ Bucket: SETUP.bucketName, VersioningConfiguration: { Status } }),
        );
      const result = await tampered(
        () => status('Suspended'),
        () => status('Enabled'),
      );
      expect(result.out).toContain(`Versioning of ${SETUP.bucketName} is Suspended`);
      expect(result.code).toBe(exitCodeOf('versioning'));
      // Deployed with versioning off on purpose, the same bucket passes that check.
      await status('Suspended');
      try {
        const declared = await verify(['--versioning', 'false']);
        expect(declared.out).toMatch(/^PASS {2}Versioning is enabled: Suspended \(not required/m);
        expect(declared.code).toBe(0);
      } finally {
        await status('Enabled');
      }
    });

    test('lifecycle rule removed: exit 31', async () => {
      const saved = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: SETUP.bucketName }));
      const result = await tampered(
        () => s3.send(new DeleteBucketLifecycleCommand({ Bucket: SETUP.bucketName })),
        () =>
          s3.send(
            new PutBucketLifecycleConfigurationCommand({
              Bucket: SETUP.bucketName,
              LifecycleConfiguration: { Rules: saved.Rules },
            }),
          ),
      );
      expect(result.out).toContain(`Bucket ${SETUP.bucketName} has no lifecycle configuration`);
      expect(result.code).toBe(exitCodeOf('lifecycle'));
    });

    test('maximum session duration raised to 12 hours: exit 32', async () => {
      const before = (await iam.send(new GetRoleCommand({ RoleName: SETUP.roleName }))).Role
        ?.MaxSessionDuration;
      const set = (MaxSessionDuration: number) =>
        iam.send(new UpdateRoleCommand({ RoleName: SETUP.roleName, MaxSessionDuration }));
      const result = await tampered(
        () => set(43200),
        () => set(before ?? 3600),
      );
      expect(result.out).toContain("The role's maximum session duration is 43200 s, not 3600 s");
      expect(result.code).toBe(exitCodeOf('session-duration'));
    });

    test('every tamper was put back: the set-up passes again', async () => {
      const result = await verify();
      expect(result.out).not.toMatch(/^FAIL/m);
      expect(result.code).toBe(0);
    });
  },
  'verify against moto: each tamper with its own exit code',
);
