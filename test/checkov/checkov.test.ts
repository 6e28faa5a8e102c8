/**
 * Tier 3 of issue 3: an independent scanner, checkov, on the default and the SSE-KMS configuration.
 * Every check either passes or is acknowledged in test/checkov/skips.yaml with a reason.
 *
 * Input format: the example app's HCL form, formatted by `terraform fmt` (what `cdktf synth --hcl` and
 * the docs' Terraform tab give). Measured with checkov 3.3.30:
 * - cdk.tf.json: checkov's terraform runner scans 0 resources in it (summary resource_count 0), so every
 *   check would "pass" vacuously.
 * - plan JSON (`terraform show -json`): needs a full terraform plan first, holds "known after apply"
 *   instead of the key and role ARNs, and carries the test-only fake credentials into its provider
 *   block (CKV_AWS_41 fails on them).
 * - HCL: checkov's native input; its graph links the bucket to its separate public-access-block,
 *   versioning, encryption, lifecycle and policy resources (CKV2_AWS_6, CKV_AWS_21, CKV_AWS_145 pass
 *   only through those links) and reads the KMS key policy. The unformatted HCL of the SSE-KMS variant
 *   does not parse (python-hcl2 rejects `"${jsonencode({...})}"` holding nested templates: 1 parsing
 *   error, 0 resources); after `terraform fmt` unwraps it, it does.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { synthHclExample, terraformBinary } from '../support/terraform';
import { describeTier } from '../support/skip';
import { Variant, VARIANTS } from '../terraform/variants';

const VENV_BIN = resolve(__dirname, '../../.venv/bin');
const CHECKOV = join(VENV_BIN, 'checkov');
const PYTHON = join(VENV_BIN, 'python');
const SKIPS_FILE = join(__dirname, 'skips.yaml');
const SCANNED = ['hcl_defaults', 'hcl_sse_kms'];

interface Skip {
  readonly id?: unknown;
  readonly reason?: unknown;
  readonly variants?: unknown;
}

interface CheckResult {
  readonly check_id: string;
  readonly check_name: string;
  readonly resource: string;
  readonly file_abs_path: string;
}

interface Report {
  readonly check_type: string;
  readonly summary: { passed: number; failed: number; parsing_errors: number; resource_count: number };
  readonly results: { passed_checks: CheckResult[]; failed_checks: CheckResult[] };
}

function run(file: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((done, fail) => {
    execFile(file, [...args], { env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== 'number') fail(error);
      else done({ code: error === null ? 0 : (error.code as number), stdout, stderr });
    });
  });
}

/**
 * Runs checkov on one directory (each configuration in a folder of its own below it), offline: no Prisma
 * Cloud mappings, no downloads, and no platform settings inherited from the developer's shell (an API key
 * would make it upload results).
 */
async function checkov(dir: string): Promise<Report> {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(BC_|CKV_|CHECKOV_|PRISMA_)/.test(key)) env[key] = value;
  }
  const { stdout, stderr } = await run(
    CHECKOV,
    ['--directory', dir, '--framework', 'terraform', '--output', 'json', '--skip-download'],
    { ...env, BC_SKIP_MAPPING: 'TRUE', LOG_LEVEL: 'WARNING' },
  );
  let parsed: Report | Report[];
  try {
    parsed = JSON.parse(stdout) as Report | Report[];
  } catch {
    throw new Error(`checkov printed no JSON report for ${dir}:\n${stderr}\n${stdout}`);
  }
  const report = (Array.isArray(parsed) ? parsed : [parsed]).find((r) => r.check_type === 'terraform');
  if (!report) throw new Error(`checkov report without a terraform section for ${dir}: ${stdout}`);
  return report;
}

function unavailable(): string | undefined {
  if (!existsSync(CHECKOV)) return `no ${CHECKOV}: python3 -m venv .venv && .venv/bin/pip install checkov`;
  if (terraformBinary() === undefined) return 'no terraform binary on PATH to format the HCL (terraform fmt)';
  return undefined;
}

describeTier('checkov tier', unavailable(), () => {
  let work: string;
  let skips: Skip[];
  /** The one scan of both variants (one checkov start: ~4 CPU-s each), and its results per variant. */
  let scan: Report;
  const results = new Map<string, Report['results']>();

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'quartic-checkov-'));
    // PyYAML ships with checkov; the repo has no YAML parser of its own.
    const yaml = await run(PYTHON, [
      '-c',
      'import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))',
      SKIPS_FILE,
    ]);
    if (yaml.code !== 0) throw new Error(`cannot read ${SKIPS_FILE}:\n${yaml.stderr}`);
    skips = (JSON.parse(yaml.stdout) as { skips: Skip[] }).skips;
    const variants = SCANNED.map((name) => VARIANTS.find((v) => v.name === name) as Variant);
    for (const variant of variants) await synthHclExample(variant.hclEnv ?? {}, join(work, variant.name));
    // One scan of the parent folder: checkov reports each file with its path, and the results per folder
    // equal those of a scan of that folder alone (checked on checkov 3.3.30). Two --directory flags do not:
    // checkov reported the first folder twice.
    scan = await checkov(work);
    for (const variant of variants) {
      const inVariant = (c: CheckResult) => c.file_abs_path.startsWith(join(work, variant.name, '/'));
      results.set(variant.name, {
        passed_checks: scan.results.passed_checks.filter(inVariant),
        failed_checks: scan.results.failed_checks.filter(inVariant),
      });
    }
  }, 300_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('every skip names a check, the scanned variants it applies to, and a one-line reason', () => {
    expect(skips.length).toBeGreaterThan(0);
    for (const skip of skips) {
      const label = `skip ${JSON.stringify(skip.id)}`;
      expect({ label, id: skip.id }).toEqual({ label, id: expect.stringMatching(/^CKV2?_AWS_\d+$/) });
      expect({ label, reason: skip.reason }).toEqual({
        label,
        reason: expect.stringMatching(/^[^\n]{20,}$/),
      });
      expect({ label, variants: skip.variants }).toEqual({ label, variants: expect.any(Array) });
      expect((skip.variants as string[]).length).toBeGreaterThan(0);
      for (const variant of skip.variants as string[]) expect(SCANNED).toContain(variant);
    }
    const ids = skips.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('checkov parses both configurations whole, and every result belongs to one of them', () => {
    expect(scan.summary.parsing_errors).toBe(0);
    // Every managed resource of both (checkov does not count data sources or the provider block); neither
    // can count more than its own, so the sum holds only if each configuration was read whole.
    const resources = SCANNED.map((name) => (VARIANTS.find((v) => v.name === name) as Variant).resources);
    expect(scan.summary.resource_count).toBe(resources.flat().length);
    const attributed = [...results.values()].flatMap((r) => [...r.passed_checks, ...r.failed_checks]);
    expect(attributed).toHaveLength(scan.results.passed_checks.length + scan.results.failed_checks.length);
    for (const name of SCANNED) expect(results.get(name)?.passed_checks.length).toBeGreaterThan(20);
  });

  describe.each(SCANNED)('%s', (name) => {
    const variant = VARIANTS.find((v) => v.name === name) as Variant;
    const skipped = () =>
      new Set(skips.filter((s) => (s.variants as string[]).includes(name)).map((s) => s.id as string));

    test('zero failed checks beyond the acknowledged skips', () => {
      const failed = (results.get(name) as Report['results']).failed_checks
        .filter((c) => !skipped().has(c.check_id))
        .map((c) => `${c.check_id} ${c.check_name} (${c.resource})`);
      expect(failed).toEqual([]);
    });

    test('every skip still fails without it (no stale skips)', () => {
      const failedIds = new Set(
        (results.get(name) as Report['results']).failed_checks.map((c) => c.check_id),
      );
      expect([...skipped()].filter((id) => !failedIds.has(id))).toEqual([]);
    });

    test('the controls the kit promises are checked and pass', () => {
      const passed = new Set(
        (results.get(name) as Report['results']).passed_checks.map((c) => `${c.check_id} ${c.resource}`),
      );
      const expected = [
        'CKV2_AWS_6 aws_s3_bucket.quartic_bucket', // public access block
        'CKV_AWS_21 aws_s3_bucket.quartic_bucket', // versioning
        'CKV_AWS_19 aws_s3_bucket.quartic_bucket', // encryption at rest
        'CKV2_AWS_61 aws_s3_bucket.quartic_bucket', // lifecycle configuration
        'CKV2_AWS_65 aws_s3_bucket_ownership_controls.quartic_ownership', // ACLs disabled
        'CKV_AWS_53 aws_s3_bucket_public_access_block.quartic_public_access_block',
        'CKV_AWS_70 aws_s3_bucket_policy.quartic_tls_only_policy', // no Allow to *
        'CKV_AWS_62 aws_iam_role_policy.quartic_access_policy', // no "*:*" admin
        'CKV_AWS_355 aws_iam_role_policy.quartic_access_policy', // no "*" resource
        ...(variant.resources.includes('aws_kms_key.quartic_kms_key')
          ? [
              'CKV_AWS_145 aws_s3_bucket.quartic_bucket', // KMS by default
              'CKV_AWS_7 aws_kms_key.quartic_kms_key', // rotation
              'CKV_AWS_33 aws_kms_key.quartic_kms_key', // no wildcard principal in the key policy
            ]
          : []),
      ];
      expect(expected.filter((check) => !passed.has(check))).toEqual([]);
    });
  });
});
