/**
 * Tier 1 of issue 3: the real `terraform` and the real AWS provider (5.100.0, from the offline mirror)
 * accept every variant of the synthesized configuration, plan exactly the resources we claim, and refuse
 * to destroy the bucket unless `allowBucketDestroy` is set.
 *
 * Layout (costs in test/support/terraform.ts): two roots, each a default configuration synthesized in
 * full and run as a customer runs it (plus the test-only override file): the cdk.tf.json of
 * `cdktf deploy` for `validate`, `plan` and `show -json`, and the example app's HCL form, which a
 * Terraform user runs, for `plan -destroy` against a state holding every variant's resources. Every
 * other variant is synthesized to its own directory and called from the root as a module that shares the
 * root's AWS provider, after checking that its own provider block says the same. So each command runs
 * once for all variants. The plan root also calls the docs' Terraform tab as modules: the whole main.tf
 * a reader downloads, for every access level and encryption, so validate and plan prove what the guide
 * shows.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACCESS_LEVEL_DEFINITIONS, REMOVABLE_RESOURCES, REMOVED_BLOCKS_FILE } from '../../src';
import { ACCESS_LEVELS } from '../../src/core/access-levels';
import { ENCRYPTION_TYPES } from '../../src/core/options';
import { GuideValues, hclFor } from '../../docs-site/src/guide/snippets';
import { generateHcl } from '../../scripts/docs-generate';
import { READER } from '../docs/fixtures';
import { BASE_OPTIONS, resourceOf, synthJson, synthToDir } from '../support/synth';
import {
  dropProviderBlock,
  FAKE_ACCOUNT_ID,
  FakeSts,
  init,
  jsonDiagnostics,
  moduleChanges,
  moduleDataReads,
  PlanJson,
  RunResult,
  startFakeSts,
  StateResource,
  synthHclExample,
  terraform,
  terraformOk,
  terraformUnavailable,
  writeModuleCalls,
  writeRootOverride,
  writeState,
} from '../support/terraform';
import { describeTier } from '../support/skip';
import {
  ACCESS_POLICY,
  BASE_ENV,
  BUCKET,
  CALLER,
  CUSTOM_TRUSTED_ACCOUNT,
  DESTROY_GATE,
  DOTTED_BUCKET,
  GIVEN_KEY_ARN,
  ROLE,
  TLS_ONLY_POLICY,
  Variant,
  VARIANTS,
} from './variants';

const OUTPUTS = ['bucket_name', 'bucket_region', 'role_arn', 'quartic_handoff'];
const PREVENT_DESTROY_SUMMARY = 'Instance cannot be destroyed';
const preventDestroyDetail = (address: string) =>
  `Resource ${address} has lifecycle.prevent_destroy set, but the plan calls for this resource to be destroyed.`;

/**
 * The docs' Terraform tab as a reader downloads it (docs-site's hclFor, from the HCL that
 * scripts/docs-generate.ts synthesizes), for every access level and encryption choice: a reader whose
 * every value differs from the defaults, one of them in us-east-1 with the suggested role name.
 */
const DOCS_READERS: Readonly<Record<string, GuideValues>> = Object.fromEntries(
  ACCESS_LEVELS.flatMap((accessLevel) =>
    ENCRYPTION_TYPES.map((encryption): [string, GuideValues] => [
      `docs_${accessLevel}_${encryption}`.replace(/-/g, '_').toLowerCase(),
      accessLevel === 'read-write' && encryption === 'SSE-S3'
        ? { ...READER, accessLevel, encryption, region: 'us-east-1', roleName: 'quartic-access' }
        : { ...READER, accessLevel, encryption },
    ]),
  ),
);

/** The root of the plan run and of the destroy run; every other variant is a module of it. */
/** The destroy gate as the construct writes it (its depends_on entries are quoted in the HCL form). */
const synthesizedGate = resourceOf(
  synthJson({ ...BASE_OPTIONS, allowBucketDestroy: true }),
  'terraform_data',
  'quartic_destroy_gate',
) as { depends_on?: string[] };
const PLAN_ROOT = 'defaults';
const DESTROY_ROOT = 'hcl_defaults';
/** Module name of a variant in a run with the given root: undefined for the root itself. */
const moduleOf = (variant: Variant, root: string) => (variant.name === root ? undefined : variant.name);
/** A variant's address prefix in a run with the given root. */
const prefixOf = (variant: Variant, root: string) => (variant.name === root ? '' : `module.${variant.name}.`);
const variantNamed = (name: string) => VARIANTS.find((v) => v.name === name) as Variant;

/**
 * A fake "already applied" state for the given resources of one configuration. writeState records every
 * resource under the AWS provider, so the destroy gate (terraform_data, Terraform's built-in provider) is
 * left out; its real destroy is proven against moto in test/e2e/transitions.test.ts.
 */
function appliedState(resources: readonly string[], module?: string): StateResource[] {
  return resources
    .filter((address) => address !== DESTROY_GATE)
    .map((address) => {
      const [type, name] = address.split('.');
      return { module, type, name, attributes: { id: `${module ?? 'root'}-${name}` } };
    });
}

interface Results {
  /** Provider settings of each variant's own provider block, before the module shares the root's. */
  readonly providerBlocks: Record<string, Record<string, unknown>>;
  /** The same for each docs reader's main.tf. */
  readonly docsProviderBlocks: Record<string, Record<string, unknown>>;
  /** `terraform fmt -check` of every docs reader's main.tf, as downloaded. */
  readonly docsFmt: RunResult;
  readonly validate: RunResult;
  readonly plan: PlanJson;
  readonly stsRequests: number;
  readonly destroyAll: RunResult;
  /** Plan of the HCL existing-bucket form over a state holding every bucket-side resource (-json). */
  readonly forget: RunResult;
  /** Files of that configuration's directory. */
  readonly forgetFiles: readonly string[];
}

/** Synthesizes a variant in full (JSON, or the example app's HCL) into `outdir`; returns the stack dir. */
async function synthesize(variant: Variant, outdir: string): Promise<string> {
  mkdirSync(outdir, { recursive: true });
  return variant.hclEnv
    ? synthHclExample(variant.hclEnv, outdir)
    : synthToDir(variant.options ?? BASE_OPTIONS, outdir);
}

async function runTier(work: string, sts: FakeSts): Promise<Results> {
  const moduleDirs: Record<string, string> = {};
  const providerBlocks: Record<string, Record<string, unknown>> = {};
  for (const variant of VARIANTS) {
    const dir = await synthesize(variant, join(work, 'variants', variant.name));
    providerBlocks[variant.name] = dropProviderBlock(dir);
    moduleDirs[variant.name] = dir;
  }
  const docsDirs: Record<string, string> = {};
  const docsProviderBlocks: Record<string, Record<string, unknown>> = {};
  const hcl = generateHcl();
  for (const [name, values] of Object.entries(DOCS_READERS)) {
    const dir = join(work, 'docs', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'main.tf'), hclFor(hcl, values, 'all'));
    docsDirs[name] = dir;
  }
  // Formatted as a reader downloads it, so checked before its provider block is taken out.
  const docsFmt = await terraform(join(work, 'docs'), ['fmt', '-check', '-recursive', '-no-color']);
  for (const [name, dir] of Object.entries(docsDirs))
    docsProviderBlocks[name] = dropProviderBlock(dir, 'main.tf');
  const root = async (rootName: string, state: boolean) => {
    const dir = await synthesize(variantNamed(rootName), join(work, `root-${rootName}`));
    writeRootOverride(dir, sts.url);
    const modules = Object.fromEntries(Object.entries(moduleDirs).filter(([name]) => name !== rootName));
    // The destroy run's state holds the variants' resources only.
    writeModuleCalls(dir, state ? modules : { ...modules, ...docsDirs }, OUTPUTS);
    if (state) {
      const resources = VARIANTS.flatMap((v) => {
        const module = moduleOf(v, rootName);
        return appliedState(v.resources, module && `module.${module}`);
      });
      writeState(join(dir, 'terraform.tfstate'), resources);
    }
    return dir;
  };
  const planRoot = await root(PLAN_ROOT, false);
  const destroyRoot = await root(DESTROY_ROOT, true);
  // A new bucket's deployment switched to existingBucket, in the HCL form: its removed blocks are in
  // quartic_removed.tf.json beside cdk.tf, and the state still holds every bucket-side resource.
  const forgetRoot = await synthHclExample(
    {
      ...BASE_ENV,
      QUARTIC_EXISTING_BUCKET: 'true',
      QUARTIC_ENCRYPTION: 'SSE-KMS',
      QUARTIC_KMS_KEY_ARN: GIVEN_KEY_ARN,
    },
    join(work, 'root-forget'),
  );
  writeRootOverride(forgetRoot, sts.url);
  writeState(
    join(forgetRoot, 'terraform.tfstate'),
    appliedState(REMOVABLE_RESOURCES.map(([type, name]) => `${type}.quartic_${name}`)),
  );
  const forgetFiles = readdirSync(forgetRoot);

  await Promise.all([planRoot, destroyRoot, forgetRoot].map(init));
  // Two lanes of about equal CPU (the machine has two cores; each terraform process is CPU-bound on
  // the provider schema). validate only reads the configuration, so it can run next to plan.
  const planLane = (async () => {
    await terraformOk(planRoot, ['plan', '-input=false', '-no-color', '-out=tfplan']);
    const show = await terraformOk(planRoot, ['show', '-json', 'tfplan']);
    return { plan: JSON.parse(show.stdout) as PlanJson, stsRequests: sts.requests() };
  })();
  const otherLane = (async () => {
    const validate = await terraform(planRoot, ['validate', '-json', '-no-color']);
    // -refresh=false: the state is hand-written, nothing is read back from AWS.
    const destroyAll = await terraform(destroyRoot, [
      'plan',
      '-destroy',
      '-refresh=false',
      '-input=false',
      '-json',
    ]);
    const forget = await terraform(forgetRoot, ['plan', '-refresh=false', '-input=false', '-json']);
    return { validate, destroyAll, forget, forgetFiles };
  })();
  const [planned, others] = await Promise.all([planLane, otherLane]);
  return { providerBlocks, docsProviderBlocks, docsFmt, ...planned, ...others };
}

describeTier('terraform tier', terraformUnavailable(), () => {
  let work: string;
  let sts: FakeSts;
  let results: Results;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'quartic-terraform-'));
    sts = await startFakeSts();
    results = await runTier(work, sts);
  }, 300_000);

  afterAll(async () => {
    await sts?.close();
    if (work && !process.env.QUARTIC_TF_DEBUG) rmSync(work, { recursive: true, force: true });
  });

  const changesOf = (name: string) => moduleChanges(results.plan, moduleOf(variantNamed(name), PLAN_ROOT));
  const outputKey = (name: string, output: string) => (name === PLAN_ROOT ? output : `${name}__${output}`);
  const after = (name: string, address: string) => {
    const value = changesOf(name).get(address)?.change.after;
    if (!value) throw new Error(`no planned ${address} in ${name}`);
    return value;
  };
  const policyAfter = (name: string, address: string, attribute = 'policy') =>
    JSON.parse(after(name, address)[attribute] as string) as {
      Statement: Array<{ Action: string | string[]; Resource: string | string[]; Principal?: unknown }>;
    };

  test("each module variant had the root's provider block (region only), so sharing it changes nothing", () => {
    expect(Object.keys(results.providerBlocks).sort()).toEqual(VARIANTS.map((v) => v.name).sort());
    for (const block of Object.values(results.providerBlocks))
      expect(block).toEqual({ region: BASE_OPTIONS.region });
  });

  test('terraform validate accepts every variant, warning only that module backends are ignored', () => {
    const report = JSON.parse(results.validate.stdout) as {
      valid: boolean;
      error_count: number;
      warning_count: number;
      diagnostics: Array<{
        severity: string;
        summary: string;
        range?: { filename: string };
        snippet?: { context: string | null; code: string };
      }>;
    };
    expect(results.validate.code).toBe(0);
    expect(report).toMatchObject({ valid: true, error_count: 0 });
    // Each module keeps the local backend it was synthesized with; only a root's backend applies. cdktf's HCL
    // renderer quotes depends_on entries (the bucket's on a created key, the destroy gate's) and the
    // destroy provisioner's `when`, which Terraform 1.11 accepts with a deprecation warning (the docs'
    // Terraform tab is made from that HCL); the JSON form has none.
    const quoted = report.diagnostics.filter((d) => d.summary.startsWith('Quoted '));
    expect(new Set(report.diagnostics.map((d) => `${d.severity}: ${d.summary}`))).toEqual(
      new Set([
        'warning: Backend configuration ignored',
        'warning: Quoted references are deprecated',
        'warning: Quoted keywords are deprecated',
      ]),
    );
    expect(quoted.length).toBeGreaterThan(0);
    const gateDependencies = new Set((synthesizedGate.depends_on ?? []).map((address) => `"${address}",`));
    for (const d of quoted) {
      // The example app's cdk.tf, or the docs' main.tf made from it.
      const code = d.snippet?.code.trim() ?? '';
      expect([/(^|\/)(cdk|main)\.tf$/.test(d.range?.filename ?? ''), code]).toEqual([
        true,
        d.summary === 'Quoted keywords are deprecated'
          ? 'when = "destroy"'
          : gateDependencies.has(code)
            ? code
            : '"aws_kms_key.quartic_kms_key",',
      ]);
    }
  });

  test('the plan covers every variant and every docs variant, and is complete', () => {
    expect(results.plan.errored).toBe(false);
    const modules = new Set((results.plan.resource_changes ?? []).map((c) => c.module_address));
    expect([...modules].sort()).toEqual(
      [
        ...VARIANTS.map((v) => moduleOf(v, PLAN_ROOT) && `module.${v.name}`),
        ...Object.keys(DOCS_READERS).map((name) => `module.${name}`),
      ].sort(),
    );
  });

  test("the docs' Terraform tab is terraform fmt-clean in every variant, with a reader's values", () => {
    expect({ code: results.docsFmt.code, files: results.docsFmt.stdout }).toEqual({ code: 0, files: '' });
  });

  test.each(Object.entries(DOCS_READERS))(
    "the docs' Terraform tab for %s validates and plans the reader's bucket, role, trust and access",
    (name, values) => {
      // Its provider block held the reader's region only (the module plans with the root's provider).
      expect(results.docsProviderBlocks[name]).toEqual({ region: values.region });
      const changes = moduleChanges(results.plan, name);
      const managed = [...changes.values()].filter((c) => c.mode === 'managed');
      const sameEncryption = variantNamed(
        values.encryption === 'SSE-KMS' ? 'sse_kms_created_key' : 'defaults',
      );
      expect(managed.map((c) => `${c.type}.${c.name}`).sort()).toEqual([...sameEncryption.resources].sort());
      for (const change of managed) expect(change.change.actions).toEqual(['create']);
      expect(changes.get(BUCKET)?.change.after).toMatchObject({ bucket: values.bucketName });
      expect(changes.get(ROLE)?.change.after).toMatchObject({ name: values.roleName });
      const after = (address: string, attribute: string) =>
        JSON.parse(changes.get(address)?.change.after?.[attribute] as string) as {
          Statement: Array<{ Action: string | string[]; Condition?: unknown }>;
        };
      expect(after(ROLE, 'assume_role_policy').Statement[0]?.Condition).toEqual({
        StringEquals: { 'sts:ExternalId': values.externalId },
      });
      if (values.encryption === 'SSE-KMS') {
        // The access policy names the created key's ARN, known only after apply.
        expect(changes.get(ACCESS_POLICY)?.change.after_unknown).toMatchObject({ policy: true });
      } else {
        const level = ACCESS_LEVEL_DEFINITIONS[values.accessLevel];
        expect(after(ACCESS_POLICY, 'policy').Statement.flatMap((s) => [s.Action].flat())).toEqual(
          values.accessLevel === 'full'
            ? ['s3:*']
            : [...level.bucketActions, ...level.objectActions].map((a) => a.action),
        );
      }
      expect(results.plan.output_changes?.[`${name}__bucket_name`]).toMatchObject({
        after: values.bucketName,
      });
    },
  );

  test.each(VARIANTS.map((v) => [v.name, v] as const))(
    '%s: plans exactly its resources, all as creates, with the expected values',
    (name, variant: Variant) => {
      const changes = changesOf(name);
      const managed = [...changes.values()].filter((c) => c.mode === 'managed');
      expect(managed.map((c) => `${c.type}.${c.name}`).sort()).toEqual([...variant.resources].sort());
      expect(managed).toHaveLength(variant.resources.length);
      for (const change of managed) expect(change.change.actions).toEqual(['create']);
      // Data sources are read while planning (from the fake STS), none deferred to apply.
      expect([...changes.values()].filter((c) => c.mode === 'data')).toEqual([]);
      expect([...moduleDataReads(results.plan, moduleOf(variant, PLAN_ROOT)).keys()].sort()).toEqual(
        [...variant.dataSources].sort(),
      );
      for (const [address, values] of Object.entries(variant.planned)) {
        expect(changes.get(address)?.change.after).toMatchObject(values);
      }
      for (const output of OUTPUTS) {
        expect(results.plan.output_changes?.[outputKey(name, output)]?.actions).toEqual(['create']);
      }
    },
  );

  test('each access level plans its own action lists, on this bucket only', () => {
    const bucket = `arn:aws:s3:::${BASE_OPTIONS.bucketName}`;
    expect(policyAfter('defaults', ACCESS_POLICY).Statement).toEqual([
      expect.objectContaining({ Action: 's3:*', Resource: [bucket, `${bucket}/*`] }),
    ]);
    for (const level of ['read-write', 'read-only'] as const) {
      const definition = ACCESS_LEVEL_DEFINITIONS[level];
      expect(policyAfter(level.replace('-', '_'), ACCESS_POLICY).Statement).toEqual([
        expect.objectContaining({
          Action: definition.bucketActions.map((a) => a.action),
          Resource: bucket,
        }),
        expect.objectContaining({
          Action: definition.objectActions.map((a) => a.action),
          Resource: `${bucket}/*`,
        }),
      ]);
    }
    expect(policyAfter('read_only', ACCESS_POLICY).Statement.flatMap((s) => s.Action)).toEqual([
      's3:ListBucket',
      's3:GetBucketLocation',
      's3:GetObject',
      's3:GetObjectVersion',
    ]);
  });

  test('the trust policy names the configured account', () => {
    const principal = (name: string) =>
      policyAfter(name, ROLE, 'assume_role_policy').Statement.map((s) => s.Principal);
    expect(principal('defaults')).toEqual([{ AWS: 'arn:aws:iam::555071496850:root' }]);
    expect(principal('custom_trusted_account')).toEqual([
      { AWS: `arn:aws:iam::${CUSTOM_TRUSTED_ACCOUNT}:root` },
    ]);
  });

  test('a given KMS key is granted to the role; a created key reads the caller from STS', () => {
    const kms = policyAfter('sse_kms_given_key', ACCESS_POLICY).Statement.filter((s) =>
      [s.Action].flat().some((a) => a.startsWith('kms:')),
    );
    expect(kms).toEqual([expect.objectContaining({ Resource: GIVEN_KEY_ARN })]);
    for (const name of ['sse_kms_created_key', 'hcl_sse_kms']) {
      expect(moduleDataReads(results.plan, name).get(CALLER)).toMatchObject({
        account_id: FAKE_ACCOUNT_ID,
      });
    }
    expect(results.stsRequests).toBeGreaterThanOrEqual(2);
  });

  test('a dotted bucket name flows into the TLS-only bucket policy', () => {
    expect(policyAfter('dotted_bucket_name', TLS_ONLY_POLICY).Statement[0].Resource).toEqual([
      `arn:aws:s3:::${DOTTED_BUCKET}`,
      `arn:aws:s3:::${DOTTED_BUCKET}/*`,
    ]);
  });

  test('an existing bucket plans known outputs: the name and region as given', () => {
    const outputs = results.plan.output_changes as Record<string, { after?: unknown }>;
    expect(outputs[outputKey('existing_bucket', 'bucket_name')].after).toBe(BASE_OPTIONS.bucketName);
    expect(outputs[outputKey('existing_bucket', 'bucket_region')].after).toBe(BASE_OPTIONS.region);
  });

  test.each([
    ['hcl_defaults', 'defaults'],
    ['hcl_sse_kms', 'sse_kms_created_key'],
    ['hcl_allow_bucket_destroy', 'allow_bucket_destroy'],
  ])('the HCL form %s plans the same values as the JSON form %s', (hcl, json) => {
    const hclChanges = changesOf(hcl);
    const jsonChanges = changesOf(json);
    expect([...hclChanges.keys()].sort()).toEqual([...jsonChanges.keys()].sort());
    for (const [address, change] of jsonChanges) {
      expect({ address, after: hclChanges.get(address)?.change.after }).toEqual({
        address,
        after: change.change.after,
      });
    }
  });

  const destroyDiagnostics = () => jsonDiagnostics(results.destroyAll.stdout);
  const plannedDeletes = () =>
    results.destroyAll.stdout
      .split('\n')
      .filter((line) => line.includes('"type":"planned_change"'))
      .map((line) => JSON.parse(line) as { change: { resource: { addr: string }; action: string } })
      .filter((m) => m.change.action === 'delete')
      .map((m) => m.change.resource.addr);

  test('terraform plan -destroy on the default configuration is refused because of prevent_destroy', () => {
    expect(results.destroyAll.code).toBe(1);
    const refusal = (address: string) => ({
      severity: 'error',
      summary: PREVENT_DESTROY_SUMMARY,
      detail:
        `${preventDestroyDetail(address)} To avoid this error and continue with the plan, either disable ` +
        'lifecycle.prevent_destroy or reduce the scope of the plan using the -target option.',
    });
    // The root is the default configuration's HCL form: this is what a Terraform user's destroy shows.
    expect(destroyDiagnostics()).toContainEqual(refusal(BUCKET));
    // The same configuration as cdk.tf.json (what `cdktf destroy` runs), here as a module.
    expect(destroyDiagnostics()).toContainEqual(refusal(`module.${PLAN_ROOT}.${BUCKET}`));
  });

  test('in every variant, prevent_destroy covers exactly the bucket and a created KMS key', () => {
    const errors = destroyDiagnostics().filter((d) => d.severity === 'error');
    const refused = errors.map(
      (d) => /^Resource (\S+) has lifecycle\.prevent_destroy set/.exec(d.detail)?.[1],
    );
    const expected = VARIANTS.flatMap((v) =>
      v.protectedResources.map((r) => `${prefixOf(v, DESTROY_ROOT)}${r}`),
    );
    expect(refused.sort()).toEqual(expected.sort());
    for (const error of errors) expect(error.summary).toBe(PREVENT_DESTROY_SUMMARY);
  });

  test('a switch to existingBucket forgets every bucket-side resource and the key, destroying none (HCL form)', () => {
    expect(results.forgetFiles).toContain(REMOVED_BLOCKS_FILE);
    expect(results.forget.code).toBe(0);
    const changes = results.forget.stdout
      .split('\n')
      .filter((line) => line.includes('"type":"planned_change"'))
      .map((line) => JSON.parse(line) as { change: { resource: { addr: string }; action: string } })
      .map((m) => `${m.change.resource.addr}: ${m.change.action}`);
    expect(changes.sort()).toEqual(
      [
        // "remove" is the streaming form of a forget; a destroy would be "delete". The role and its
        // policy are not in this state, so they are planned as creates.
        ...REMOVABLE_RESOURCES.map(([type, name]) => `${type}.quartic_${name}: remove`),
        `${ROLE}: create`,
        `${ACCESS_POLICY}: create`,
      ].sort(),
    );
  });

  test('with allowBucketDestroy: true the destroy plan does not hit prevent_destroy and deletes the bucket', () => {
    const prefix = 'module.allow_bucket_destroy.';
    const variant = variantNamed('allow_bucket_destroy');
    expect(destroyDiagnostics().filter((d) => d.detail.includes(prefix))).toEqual([]);
    const deletes = plannedDeletes().filter((address) => address.startsWith(prefix));
    expect(deletes.sort()).toEqual(
      appliedState(variant.resources)
        .map((r) => `${prefix}${r.type}.${r.name}`)
        .sort(),
    );
    expect(deletes).toContain(`${prefix}${BUCKET}`);
  });
});
