/**
 * e2e tier, transitions: a change of options never destroys or weakens what protects or decrypts the data,
 * unless the customer opted in (allowBucketDestroy). Real `terraform apply` against moto: each transition
 * is a module of one root (one AWS provider process for all, see test/support/moto-terraform.ts); apply
 * every A, put an object in every bucket, replace every module's configuration by its B, plan (the plan's
 * actions are asserted), apply, then read back `terraform show -json` and the AWS APIs. Then, with the
 * opt-in, `terraform destroy` of a non-empty bucket stops at the destroy gate before anything goes, and of
 * the emptied bucket deletes the key only after the bucket.
 *
 * Two changes ride along in apply B as changes that must fail: the customer's own bucket handed to the
 * kit as a new one, and, with the opt-in, a new bucket name for a bucket that holds objects (the bucket
 * would be replaced: the gate, replaced with it, stops the apply before any setting of the old bucket goes). QUARTIC_TF_DEBUG=1 keeps the root's directory. Measured on 2 busy cores: ~95 s wall, ~71
 * CPU-s (most of the wall is the provider's own waits after creating and deleting KMS keys and buckets).
 *
 * Moto gaps (moto 5.2.5), and where each part is proven instead:
 * - moto evaluates bucket policies on object requests but not their conditions other than StringEquals,
 *   so the TLS-only statement denies every object request: object reads and writes here lift the bucket
 *   policy and put it back byte for byte (`withoutBucketPolicy`), so Terraform sees no drift. What the
 *   guardrails deny is proven by the IAM simulator (test/iam/bucket-guardrails.test.ts).
 * - the lifecycle rule is left out (count = 0, the provider waits ~55 s after each write): that it is
 *   forgotten, not destroyed, is proven by a plan over a state holding it (test/terraform, HCL form).
 * - moto stores SSE-KMS objects without really encrypting them, so "still readable" means GetObject
 *   returns the body, with the key still Enabled (not PendingDeletion) per DescribeKey.
 * - moto answers CreateBucket for a bucket the caller already owns with BucketAlreadyOwnedByYou in every
 *   region (real S3 does too, except in us-east-1): handing an existing bucket back to the kit needs an
 *   import, and the apply that tries to create it fails without touching the bucket.
 */
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetBucketEncryptionCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  ListObjectVersionsCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateKeyCommand, DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { QuarticS3IntegrationOptions, REMOVABLE_RESOURCES } from '../../src';
import { Moto, MOTO_DEFAULT_CREDENTIALS, motoUnavailable, startMoto } from '../support/moto';
import {
  MOTO_REGION,
  motoRoot,
  MotoRoot,
  StateJson,
  stateByModule,
  withoutBucketPolicy as withoutPolicy,
} from '../support/moto-terraform';
import { describeTier } from '../support/skip';
import { RunResult, terraformUnavailable } from '../support/terraform';

const SUFFIX = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
const BODY = 'customer data written before the change';
const KEY = 'data/before-the-change.csv';
const address = (type: string, name: string) => `${type}.quartic_${name}`;
const BUCKET_SIDE = REMOVABLE_RESOURCES.map(([type, name]) => address(type, name));
const KMS_KEY = address('aws_kms_key', 'kms_key');
const VERSIONING = address('aws_s3_bucket_versioning', 'versioning');
const GATE = 'terraform_data.quartic_destroy_gate';
const BUCKET = address('aws_s3_bucket', 'bucket');
/** Moto answers at once; the provider's own waits (KMS key policy, S3 settings) overlap. */
const PARALLELISM = '-parallelism=50';
/** The state is fresh from the last apply (and moto never drifts), so no command refreshes it. */
const DESTROY_OPT_IN_ON = [
  'destroy',
  '-auto-approve',
  '-refresh=false',
  '-input=false',
  '-no-color',
  PARALLELISM,
  '-target=module.opt_in_on',
];
/** A bucket that exists before the kit, used with existingBucket, then handed to the kit as a new one. */
const EXISTING = 'existing_to_new';
/** With the opt-in, a bucket that holds objects given a new name (a replacement) in B. */
const RENAMED = 'rename_opt_in';
const RENAMED_B = { allowBucketDestroy: true, bucketName: `qt-${SUFFIX}-renamed-in-b` };
/** `<address>: <summary> <detail>` of the errors of one module. */
const errorsOf = (stdout: string, module: string) =>
  jsonErrors(stdout).filter((e) => e.startsWith(`module.${module}.`));
/** A bucket with every protection the kit writes by default (SSE-S3), its object readable. */
const PROTECTED = {
  object: BODY,
  publicAccessBlock: {
    BlockPublicAcls: true,
    IgnorePublicAcls: true,
    BlockPublicPolicy: true,
    RestrictPublicBuckets: true,
  },
  ownership: [{ ObjectOwnership: 'BucketOwnerEnforced' }],
  versioning: 'Enabled',
  policy: [
    'DenyInsecureTransport',
    'QuarticRoleMayNotWeakenTheBucket',
    'QuarticRoleMayNotShareOrLockObjects',
    'QuarticRoleMayNotWriteWithCustomerKeys',
    'QuarticRoleMayNotWriteWithAnotherKmsKey',
  ],
  encryption: ['AES256', undefined],
};
/** Takes the destroy gate's lifecycle block out of a module's configuration, as the kit wrote it before. */
function withoutGateLifecycle(file: string): void {
  const config = JSON.parse(readFileSync(file, 'utf8')) as {
    resource: { terraform_data: Record<string, { lifecycle?: unknown }> };
  };
  const gate = config.resource.terraform_data[GATE.split('.')[1]];
  if (gate?.lifecycle === undefined) throw new Error(`no lifecycle on the destroy gate in ${file}`);
  delete gate.lifecycle;
  writeFileSync(file, JSON.stringify(config));
}
const managed = (addresses: readonly string[]) => addresses.filter((a) => !a.startsWith('data.'));

interface Transition {
  /** Module name and part of the bucket's name. */
  readonly name: string;
  readonly a: Partial<QuarticS3IntegrationOptions>;
  /** B; a function when it needs what A created (the created key's ARN). */
  readonly b:
    Partial<QuarticS3IntegrationOptions> | ((keyOfA: string) => Partial<QuarticS3IntegrationOptions>);
  /** Resources B's plan forgets (removed blocks), by address in the module. */
  readonly forgets: readonly string[];
  /** Resources B's plan destroys: only with the explicit opt-in, and only what cannot hold data. */
  readonly destroys: readonly string[];
  /** Versioning status after B. */
  readonly versioning: 'Enabled' | 'Suspended';
  /** Statement ids of the bucket policy after B. */
  readonly guardrails: boolean;
  /** Default encryption after B: `AES256`, or `aws:kms` with which key. */
  readonly encryption: 'AES256' | 'created-in-A' | 'created-in-B' | 'given';
  /** Access logging after B, for the transitions that change it: still to LOG_BUCKET, or off. */
  readonly logging?: 'kept' | 'off';
  /**
   * A is as the kit before replace_triggered_by wrote it (the destroy gate without a lifecycle block): B is
   * the upgrade to this kit, which must not replace the gate (that would run its check and fail the apply
   * of a bucket that holds objects).
   */
  readonly aFromEarlierKit?: true;
}

/** The customer's log bucket (made in beforeAll, with the policy that lets S3 deliver logs to it). */
const LOG_BUCKET = `qt-${SUFFIX}-logs`;
const LOGGING = address('aws_s3_bucket_logging', 'logging');

/** A key the customer made themselves, for the "given key" transitions. */
let givenKey = '';

const TRANSITIONS: readonly Transition[] = [
  {
    name: 'kms_to_s3',
    a: { encryption: 'SSE-KMS' },
    b: {},
    forgets: [KMS_KEY],
    destroys: [],
    versioning: 'Enabled',
    guardrails: true,
    encryption: 'AES256',
  },
  {
    name: 's3_to_kms',
    a: {},
    b: { encryption: 'SSE-KMS' },
    forgets: [],
    destroys: [],
    versioning: 'Enabled',
    guardrails: true,
    encryption: 'created-in-B',
  },
  {
    name: 'created_to_given',
    a: { encryption: 'SSE-KMS' },
    b: () => ({ encryption: 'SSE-KMS', kmsKeyArn: givenKey }),
    forgets: [KMS_KEY],
    destroys: [],
    versioning: 'Enabled',
    guardrails: true,
    encryption: 'given',
  },
  {
    name: 'given_to_created',
    a: { encryption: 'SSE-KMS', kmsKeyArn: 'given' },
    b: { encryption: 'SSE-KMS' },
    forgets: [],
    destroys: [],
    versioning: 'Enabled',
    guardrails: true,
    encryption: 'created-in-B',
  },
  {
    // The case: a new SSE-KMS bucket handed over as an existing one, with the created key's ARN.
    name: 'new_to_existing',
    a: { encryption: 'SSE-KMS' },
    b: (keyOfA) => ({ existingBucket: true, encryption: 'SSE-KMS', kmsKeyArn: keyOfA }),
    forgets: BUCKET_SIDE.filter((a) => !/lifecycle|logging/.test(a)),
    destroys: [],
    versioning: 'Enabled',
    guardrails: true,
    encryption: 'created-in-A',
  },
  {
    name: 'guardrails_off',
    a: {},
    b: { bucketGuardrails: false },
    forgets: [],
    destroys: [],
    versioning: 'Enabled',
    guardrails: false,
    encryption: 'AES256',
  },
  {
    name: 'guardrails_on',
    a: { bucketGuardrails: false },
    b: {},
    forgets: [],
    destroys: [],
    versioning: 'Enabled',
    guardrails: true,
    encryption: 'AES256',
  },
  {
    name: 'versioning_off',
    a: {},
    b: { versioning: false },
    forgets: [VERSIONING],
    destroys: [],
    versioning: 'Enabled',
    guardrails: true,
    encryption: 'AES256',
  },
  {
    // With the opt-in a change may take a bucket setting away: versioning is suspended, as asked.
    name: 'versioning_off_opt_in',
    a: { allowBucketDestroy: true },
    b: { allowBucketDestroy: true, versioning: false },
    forgets: [],
    destroys: [VERSIONING],
    versioning: 'Suspended',
    guardrails: true,
    encryption: 'AES256',
  },
  {
    // An update in place of a bucket that holds objects (new tags), with the opt-in: the destroy gate,
    // replaced only with the bucket (replace_triggered_by on its id), stays; nothing is replaced.
    name: 'tags_opt_in',
    a: { allowBucketDestroy: true },
    b: { allowBucketDestroy: true, tags: { team: 'data' } },
    forgets: [],
    destroys: [],
    versioning: 'Enabled',
    guardrails: true,
    encryption: 'AES256',
  },
  {
    // Access logging taken out of the options: it stays on, forgotten.
    name: 'logging_off',
    a: { accessLogging: { targetBucket: LOG_BUCKET } },
    b: {},
    forgets: [LOGGING],
    destroys: [],
    versioning: 'Enabled',
    guardrails: true,
    encryption: 'AES256',
    logging: 'kept',
  },
  {
    // With the opt-in the apply turns logging off, as asked.
    name: 'logging_off_opt_in',
    a: { allowBucketDestroy: true, accessLogging: { targetBucket: LOG_BUCKET } },
    b: { allowBucketDestroy: true },
    forgets: [],
    destroys: [LOGGING],
    versioning: 'Enabled',
    guardrails: true,
    encryption: 'AES256',
    logging: 'off',
  },
  {
    // Upgrading the kit under a deployment with the opt-in and a bucket that holds objects: same options.
    name: 'gate_upgrade',
    a: { allowBucketDestroy: true },
    b: { allowBucketDestroy: true },
    forgets: [],
    destroys: [],
    versioning: 'Enabled',
    guardrails: true,
    encryption: 'AES256',
    aFromEarlierKit: true,
  },
  {
    // Even with the opt-in, a change of options never deletes the key: it is forgotten, not scheduled.
    name: 'kms_to_s3_opt_in',
    a: { allowBucketDestroy: true, encryption: 'SSE-KMS' },
    b: { allowBucketDestroy: true },
    forgets: [KMS_KEY],
    destroys: [],
    versioning: 'Enabled',
    guardrails: true,
    encryption: 'AES256',
  },
  {
    // Taking the opt-in back: prevent_destroy returns; the gate goes without running its check.
    name: 'opt_in_off',
    a: { allowBucketDestroy: true, encryption: 'SSE-KMS' },
    b: { encryption: 'SSE-KMS' },
    forgets: [],
    destroys: [GATE],
    versioning: 'Enabled',
    guardrails: true,
    encryption: 'created-in-A',
  },
  {
    // Opting in, then destroying (after B, below).
    name: 'opt_in_on',
    a: { encryption: 'SSE-KMS' },
    b: { encryption: 'SSE-KMS', allowBucketDestroy: true },
    forgets: [],
    destroys: [],
    versioning: 'Enabled',
    guardrails: true,
    encryption: 'created-in-A',
  },
];

const bucketOf = (name: string) => `qt-${SUFFIX}-${name.replace(/_/g, '-')}`;
const optionsOf = (
  name: string,
  extra: Partial<QuarticS3IntegrationOptions>,
): QuarticS3IntegrationOptions => ({
  bucketName: bucketOf(name),
  region: MOTO_REGION,
  externalId: 'q-transitions-test',
  roleName: `qt-${name}-${SUFFIX}`,
  ...extra,
  ...(extra.kmsKeyArn === 'given' ? { kmsKeyArn: givenKey } : {}),
});

const expectOk = (result: RunResult, what: string) => {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}\n${result.stderr}\n${result.stdout}`);
};

/** `<address>: <summary> <detail>` of every error diagnostic of a `-json` run. */
function jsonErrors(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.includes('"type":"diagnostic"'))
    .map(
      (line) =>
        JSON.parse(line) as {
          diagnostic: { severity: string; summary: string; detail?: string; address?: string };
        },
    )
    .filter((m) => m.diagnostic.severity === 'error')
    .map((m) => `${m.diagnostic.address ?? ''}: ${m.diagnostic.summary} ${m.diagnostic.detail ?? ''}`);
}

/** `module.x.type.name: action` for every planned change of a `plan -json` run. */
function plannedActions(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.includes('"type":"planned_change"'))
    .map((line) => JSON.parse(line) as { change: { resource: { addr: string }; action: string } })
    .map((m) => `${m.change.resource.addr}: ${m.change.action}`);
}

describeTier(
  'e2e transitions: changes never destroy what protects or decrypts data',
  motoUnavailable() ?? terraformUnavailable(),
  () => {
    let moto: Moto;
    let s3: S3Client;
    let kms: KMSClient;
    let matrix: MotoRoot;
    let planB: RunResult;
    let refusedDestroyPlan: RunResult;
    /** ARN of the key each transition's A created. */
    const keysOfA: Record<string, string> = {};
    /** Managed resources of each module's B configuration that the state must hold. */
    const configuredInB: Record<string, readonly string[]> = {};
    let stateB: ReturnType<typeof stateByModule>;
    const timings: string[] = [];
    const timed = async <T>(what: string, body: () => Promise<T>): Promise<T> => {
      const started = Date.now();
      try {
        return await body();
      } finally {
        timings.push(`${what} ${Date.now() - started} ms`);
      }
    };

    const withoutBucketPolicy = <T>(bucket: string, body: () => Promise<T>) =>
      withoutPolicy(s3, bucket, body);
    const putObject = (bucket: string) =>
      withoutBucketPolicy(bucket, () =>
        s3.send(new PutObjectCommand({ Bucket: bucket, Key: KEY, Body: BODY })),
      );
    const readObject = (bucket: string) =>
      withoutBucketPolicy(bucket, async () => {
        const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: KEY }));
        return out.Body?.transformToString();
      });
    /** What protects a bucket's data, as the AWS APIs report it, and whether the object reads back. */
    const protectionsOf = async (bucket: string) => {
      const policy = JSON.parse(
        String((await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy),
      ) as { Statement: Array<{ Sid: string }> };
      const rule = (await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket })))
        .ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
      return {
        object: await readObject(bucket),
        publicAccessBlock: (await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket })))
          .PublicAccessBlockConfiguration,
        ownership: (await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket })))
          .OwnershipControls?.Rules,
        versioning: (await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status,
        policy: policy.Statement.map((statement) => statement.Sid),
        encryption: [rule?.SSEAlgorithm, rule?.KMSMasterKeyID],
      };
    };
    const keyState = async (keyId: string) =>
      (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.KeyState;
    const createdKeyOf = (state: typeof stateB, name: string) => String(state[name]?.[KMS_KEY]?.arn ?? '');

    beforeAll(async () => {
      moto = await startMoto();
      const clientConfig = { region: MOTO_REGION, endpoint: moto.url, credentials: MOTO_DEFAULT_CREDENTIALS };
      s3 = new S3Client({ ...clientConfig, forcePathStyle: true });
      kms = new KMSClient(clientConfig);
      givenKey = String(
        (await kms.send(new CreateKeyCommand({ Description: 'the customer’s own key' }))).KeyMetadata?.Arn,
      );

      // A bucket the customer made, used with existingBucket (handed to the kit as a new one at the end).
      await s3.send(
        new CreateBucketCommand({
          Bucket: bucketOf(EXISTING),
          CreateBucketConfiguration: { LocationConstraint: MOTO_REGION },
        }),
      );
      await s3.send(new PutObjectCommand({ Bucket: bucketOf(EXISTING), Key: KEY, Body: BODY }));
      // The customer's log bucket: S3 (and moto) accept it as a target only with this grant.
      await s3.send(
        new CreateBucketCommand({
          Bucket: LOG_BUCKET,
          CreateBucketConfiguration: { LocationConstraint: MOTO_REGION },
        }),
      );
      await s3.send(
        new PutBucketPolicyCommand({
          Bucket: LOG_BUCKET,
          Policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'logging.s3.amazonaws.com' },
                Action: 's3:PutObject',
                Resource: `arn:aws:s3:::${LOG_BUCKET}/*`,
              },
            ],
          }),
        }),
      );
      matrix = motoRoot(moto.url, 'transitions');
      for (const t of TRANSITIONS) {
        matrix.place(t.name, optionsOf(t.name, t.a));
        if (t.aFromEarlierKit) withoutGateLifecycle(join(matrix.dir, 'modules', t.name, 'cdk.tf.json'));
      }
      matrix.place(EXISTING, optionsOf(EXISTING, { existingBucket: true }));
      matrix.place(RENAMED, optionsOf(RENAMED, { allowBucketDestroy: true }));
      matrix.writeRoot();
      expectOk(await timed('init', () => matrix.run(['init', '-input=false', '-no-color'])), 'init');
      expectOk(
        await timed('apply A', () =>
          matrix.run(['apply', '-auto-approve', '-input=false', '-no-color', PARALLELISM]),
        ),
        'apply A',
      );
      // The keys A created, as the bucket names them (no `show -json` needed: ~4 CPU-s less).
      for (const t of TRANSITIONS) {
        if (t.a.encryption !== 'SSE-KMS' || t.a.kmsKeyArn !== undefined) continue;
        const rule = (await s3.send(new GetBucketEncryptionCommand({ Bucket: bucketOf(t.name) })))
          .ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
        keysOfA[t.name] = String(rule?.KMSMasterKeyID);
      }
      await timed('put objects', () =>
        Promise.all([...TRANSITIONS.map((t) => t.name), RENAMED].map((name) => putObject(bucketOf(name)))),
      );

      for (const t of TRANSITIONS) {
        const b = typeof t.b === 'function' ? t.b(keysOfA[t.name] ?? '') : t.b;
        configuredInB[t.name] = matrix.place(t.name, optionsOf(t.name, b));
      }
      // The two changes expected to fail: the customer's own bucket handed to the kit as a new one, and
      // a new name for a bucket that holds objects, with the opt-in.
      matrix.place(EXISTING, optionsOf(EXISTING, {}));
      matrix.place(RENAMED, optionsOf(RENAMED, RENAMED_B));
      // One command: the JSON stream of an apply carries its plan's planned changes too.
      planB = await timed('apply B', () =>
        matrix.run(['apply', '-auto-approve', '-refresh=false', '-input=false', '-json', PARALLELISM]),
      );
      const errors = jsonErrors(planB.stdout);
      const expectedToFail = [EXISTING, RENAMED].map((m) => `module.${m}.`);
      if (errors.some((e) => !expectedToFail.some((m) => e.startsWith(m)))) expectOk(planB, 'apply B');
      // Both only read the state (hence no lock for the plan), so they run side by side.
      const [showB, destroyPlan] = await Promise.all([
        matrix.run(['show', '-json']),
        timed('destroy plan (refused)', () =>
          matrix.run([
            'plan',
            '-destroy',
            '-refresh=false',
            '-lock=false',
            '-input=false',
            '-no-color',
            '-target=module.opt_in_off',
          ]),
        ),
      ]);
      expectOk(showB, 'show B');
      stateB = stateByModule(JSON.parse(showB.stdout) as StateJson);
      refusedDestroyPlan = destroyPlan;
    }, 240_000);

    afterAll(async () => {
      if (timings.length > 0) process.stderr.write(`transitions timings: ${timings.join(', ')}\n`);
      await moto?.stop();
      if (!process.env.QUARTIC_TF_DEBUG) matrix?.remove();
    });

    test("B's plan forgets exactly the resources B leaves out and destroys only what an opt-in lets go", () => {
      const actions = plannedActions(planB.stdout).filter((a) =>
        TRANSITIONS.some((t) => a.startsWith(`module.${t.name}.`)),
      );
      const of = (action: string) =>
        actions.filter((a) => a.endsWith(`: ${action}`)).map((a) => a.split(': ')[0]);
      const expected = (pick: (t: Transition) => readonly string[]) =>
        TRANSITIONS.flatMap((t) => pick(t).map((r) => `module.${t.name}.${r}`)).sort();
      expect(of('remove').sort()).toEqual(expected((t) => t.forgets));
      expect(of('delete').sort()).toEqual(expected((t) => t.destroys));
      expect(of('replace')).toEqual([]);
      // New tags update the bucket in place; its destroy gate is not replaced (see tags_opt_in).
      expect(actions).toContain(`module.tags_opt_in.${BUCKET}: update`);
      // The kit's upgrade under a gate written without replace_triggered_by changes nothing.
      expect(actions.filter((a) => a.startsWith('module.gate_upgrade.'))).toEqual([]);
      // Nothing else is a destroy in disguise.
      expect(new Set(actions.map((a) => a.split(': ')[1]))).toEqual(
        new Set(['create', 'update', 'remove', 'delete']),
      );
    });

    test.each(TRANSITIONS.map((t) => [t.name, t] as const))(
      '%s: the object is still readable and every protection is in place',
      async (name, t) => {
        const expectedKey = {
          AES256: undefined,
          'created-in-A': keysOfA[name],
          'created-in-B': createdKeyOf(stateB, name),
          given: givenKey,
        }[t.encryption];
        expect(await protectionsOf(bucketOf(name))).toEqual({
          ...PROTECTED,
          versioning: t.versioning,
          policy: t.guardrails ? PROTECTED.policy : ['DenyInsecureTransport'],
          encryption: expectedKey === undefined ? ['AES256', undefined] : ['aws:kms', expectedKey],
        });
      },
    );

    test.each(TRANSITIONS.map((t) => [t.name, t] as const))(
      '%s: every key is still enabled; the state holds exactly what B configures',
      async (name, t) => {
        const keys = [keysOfA[name], createdKeyOf(stateB, name), givenKey].filter(Boolean);
        expect(keys.length).toBeGreaterThan(0);
        for (const key of keys) expect([key, await keyState(key)]).toEqual([key, 'Enabled']);
        // (With no replace or delete in the plan, nothing in it was destroyed and recreated.)
        const inState = managed(Object.keys(stateB[name] ?? {}));
        expect(inState.sort()).toEqual([...configuredInB[name]].sort());
        for (const forgotten of t.forgets) expect(inState).not.toContain(forgotten);
      },
    );

    test.each(TRANSITIONS.filter((t) => t.logging !== undefined).map((t) => [t.name, t] as const))(
      '%s: access logging is as the transition says',
      async (name, t) => {
        const logging = (await s3.send(new GetBucketLoggingCommand({ Bucket: bucketOf(name) })))
          .LoggingEnabled;
        expect(logging).toEqual(
          t.logging === 'kept' ? { TargetBucket: LOG_BUCKET, TargetPrefix: `${bucketOf(name)}/` } : undefined,
        );
      },
    );

    describe('destroy with the opt-in (module opt_in_on, after B)', () => {
      const bucket = bucketOf('opt_in_on');
      let refused: RunResult;

      beforeAll(async () => {
        refused = await timed('destroy (refused by the gate)', () => matrix.run(DESTROY_OPT_IN_ON));
      }, 120_000);

      test('of a non-empty bucket stops at the gate: nothing is destroyed', async () => {
        expect(refused.code).toBe(1);
        expect(refused.stderr.replace(/\s+/g, ' ')).toContain(
          `Bucket ${bucket} still holds objects: nothing was destroyed. Empty it (every version and delete marker), or keep it: set allowBucketDestroy back to false and apply.`,
        );
        // Only the gate was started (its check ran and failed); nothing was destroyed.
        const started = refused.stdout.split('\n').filter((l) => /: Destroying\.\.\./.test(l));
        expect(started.map((l) => l.split(':')[0])).toEqual([`module.opt_in_on.${GATE}`]);
        expect(refused.stdout).not.toContain('Destruction complete');
        expect(await readObject(bucket)).toBe(BODY);
        expect(await keyState(createdKeyOf(stateB, 'opt_in_on'))).toBe('Enabled');
        expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBe('Enabled');
        expect(
          (await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }))).PublicAccessBlockConfiguration
            ?.BlockPublicPolicy,
        ).toBe(true);
      });

      test('of the emptied bucket deletes everything, the key last (scheduled, as KMS does)', async () => {
        await withoutBucketPolicy(bucket, async () => {
          const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
          for (const v of [...(versions.Versions ?? []), ...(versions.DeleteMarkers ?? [])]) {
            await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: v.Key, VersionId: v.VersionId }));
          }
        });
        const destroy = await timed('destroy (emptied bucket)', () => matrix.run(DESTROY_OPT_IN_ON));
        expectOk(destroy, 'destroy of the emptied bucket');
        await expect(s3.send(new HeadBucketCommand({ Bucket: bucket }))).rejects.toMatchObject({
          name: 'NotFound',
        });
        expect(await keyState(createdKeyOf(stateB, 'opt_in_on'))).toBe('PendingDeletion');
        // Destroy order: the gate first, the bucket before the key.
        const order = destroy.stdout
          .split('\n')
          .map((line) => /^module\.opt_in_on\.(\S+): Destruction complete/.exec(line)?.[1])
          .filter((a): a is string => a !== undefined);
        expect(order[0]).toBe(GATE);
        expect(order).toEqual(expect.arrayContaining([BUCKET, KMS_KEY]));
        expect(order.indexOf(BUCKET)).toBeLessThan(order.indexOf(KMS_KEY));
      });
    });

    describe('without the opt-in (module opt_in_off, after B)', () => {
      test('a destroy is refused at plan time: prevent_destroy is back on the bucket', async () => {
        const plan = refusedDestroyPlan;
        expect(plan.code).toBe(1);
        const text = plan.stderr.replace(/\s+/g, ' ');
        // The key carries prevent_destroy too, but the bucket depends on it, so the plan stops at the
        // bucket before it reaches the key.
        expect(text).toContain(
          `Resource module.opt_in_off.${BUCKET} has lifecycle.prevent_destroy set, but the plan calls for this resource to be destroyed.`,
        );
      });
    });

    describe('a new name for a bucket that holds objects, with the opt-in (module rename_opt_in, in apply B)', () => {
      const bucket = bucketOf(RENAMED);

      test('the plan replaces the bucket and, with it, the destroy gate', () => {
        const actions = plannedActions(planB.stdout).filter((a) => a.startsWith(`module.${RENAMED}.`));
        expect(actions).toEqual(
          expect.arrayContaining([
            `module.${RENAMED}.${BUCKET}: replace`,
            `module.${RENAMED}.${GATE}: replace`,
          ]),
        );
      });

      test('the gate stops the apply before anything of the old bucket is destroyed', async () => {
        expect(errorsOf(planB.stdout, RENAMED)).toEqual([
          expect.stringContaining(`Bucket ${bucket} still holds objects: nothing was destroyed.`),
        ]);
        expect(errorsOf(planB.stdout, RENAMED)[0]).toMatch(
          new RegExp(`^module\\.${RENAMED}\\.${GATE.replace('.', '\\.')}`),
        );
        const destroyed = planB.stdout
          .split('\n')
          .filter((line) => line.includes('"type":"apply_complete"'))
          .map((line) => JSON.parse(line) as { hook: { resource: { addr: string }; action: string } })
          .filter((m) => m.hook.resource.addr.startsWith(`module.${RENAMED}.`) && m.hook.action === 'delete');
        expect(destroyed).toEqual([]);
        expect(await protectionsOf(bucket)).toEqual(PROTECTED);
        // The new bucket was never created, and the state still holds the old one.
        await expect(s3.send(new HeadBucketCommand({ Bucket: RENAMED_B.bucketName }))).rejects.toMatchObject({
          name: 'NotFound',
        });
        expect(stateB[RENAMED]?.[BUCKET]?.bucket).toBe(bucket);
      });
    });

    describe('existing bucket back to a new one (module existing_to_new, in apply B)', () => {
      test('the apply refuses to create the bucket it already has, and touches nothing', async () => {
        expect(planB.code).toBe(1);
        expect(errorsOf(planB.stdout, EXISTING)).toEqual([
          expect.stringMatching(
            new RegExp(`^module\\.${EXISTING}\\.${BUCKET.replace('.', '\\.')}: .*BucketAlreadyOwnedByYou`),
          ),
        ]);
        // It planned to create the bucket and its settings, and to destroy nothing.
        const actions = plannedActions(planB.stdout).filter((a) => a.startsWith(`module.${EXISTING}.`));
        expect(actions).toContain(`module.${EXISTING}.${BUCKET}: create`);
        expect(new Set(actions.map((a) => a.split(': ')[1]))).toEqual(new Set(['create']));
        const out = await s3.send(new GetObjectCommand({ Bucket: bucketOf(EXISTING), Key: KEY }));
        expect(await out.Body?.transformToString()).toBe(BODY);
      });
    });
  },
);
