/**
 * The second wall, Terraform: every value of the hostile corpus is written by the renderers directly (no
 * validation in front) and planned by real Terraform, offline. The planned values must be exactly the
 * literal input, and nothing may be added to the plan:
 * - `terraformLiteral` (what the construct applies to every literal string) in Terraform's JSON syntax,
 *   and `hclStringContent` in its native syntax, each as the input of a `terraform_data` resource;
 * - the guide's HCL renderer (`renderHcl`, docs-site/src/guide/snippets.ts) with the value as the
 *   external ID, which it writes into a JSON document inside an HCL string: the trust policy must keep
 *   its one statement, with the value as the external ID;
 * - the construct and the example app's HCL output with each hostile role description that validation
 *   accepts (shell metacharacters and quotes).
 * One init, one validate and one plan for all of it (see test/support/terraform.ts for why). The one
 * value Terraform cannot read back is U+FEFF in its JSON syntax (it drops it); validation refuses it
 * everywhere. Unpaired surrogates are not text: the renderers refuse them (test/render.test.ts), so they
 * are left out here.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hclStringContent, terraformLiteral, validateOptions } from '../../src';
import { unpairedSurrogate } from '../../src/core/render/text';
import { renderHcl } from '../../docs-site/src/guide/snippets';
import { generateHcl } from '../../scripts/docs-generate';
import { READER } from '../docs/fixtures';
import { describeTier } from '../support/skip';
import { BASE_OPTIONS, synthToDir } from '../support/synth';
import {
  dropProviderBlock,
  FakeSts,
  init,
  moduleChanges,
  PlanJson,
  startFakeSts,
  synthHclExample,
  terraformOk,
  terraformUnavailable,
  writeModuleCalls,
  writeRootOverride,
} from '../support/terraform';
import { HOSTILE_VALUES as CORPUS } from './corpus';

/** The corpus without the values no renderer writes (unpaired surrogates, refused). */
const HOSTILE_VALUES = CORPUS.filter(([, v]) => unpairedSurrogate(v) === undefined);

/** Role descriptions from the corpus that validation accepts (the only ones that reach the construct). */
const DESCRIPTIONS = HOSTILE_VALUES.filter(
  ([, v]) => validateOptions({ ...BASE_OPTIONS, roleDescription: v }).problems.length === 0,
);

async function prepare(work: string, stsUrl: string): Promise<string> {
  const root = join(work, 'root');
  mkdirSync(root, { recursive: true });
  writeFileSync(
    join(root, 'main.tf.json'),
    JSON.stringify({
      terraform: {
        required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } },
        backend: { local: {} },
      },
      provider: { aws: [{ region: 'eu-west-2' }] },
    }),
  );
  writeRootOverride(root, stsUrl);
  // Renderers alone: every value, as Terraform JSON and as HCL.
  const jsonResources = Object.fromEntries(
    HOSTILE_VALUES.map(([, v], i) => [`json_${i}`, { input: terraformLiteral(v) }]),
  );
  writeFileSync(
    join(root, 'literals.tf.json'),
    JSON.stringify({ resource: { terraform_data: jsonResources } }),
  );
  writeFileSync(
    join(root, 'literals.tf'),
    HOSTILE_VALUES.map(
      ([, v], i) => `resource "terraform_data" "hcl_${i}" {\n  input = "${hclStringContent(v)}"\n}\n`,
    ).join('\n'),
  );
  // The guide's Terraform tab (the role step) with each value as the external ID.
  const hcl = generateHcl();
  const modules: Record<string, string> = {};
  HOSTILE_VALUES.forEach(([, v], i) => {
    const dir = join(work, 'docs', `docs_${i}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'main.tf'),
      renderHcl(hcl, { ...READER, encryption: 'SSE-S3', externalId: v }, 'role'),
    );
    modules[`docs_${i}`] = dir;
  });
  // The construct (JSON) and the example app (HCL) with each accepted hostile description.
  for (const [i, [, v]] of DESCRIPTIONS.entries()) {
    const json = synthToDir(
      { ...BASE_OPTIONS, existingBucket: true, roleDescription: v },
      join(work, `json_${i}`),
    );
    dropProviderBlock(json);
    modules[`construct_json_${i}`] = json;
    const hclDir = await synthHclExample(
      {
        QUARTIC_BUCKET_NAME: BASE_OPTIONS.bucketName,
        QUARTIC_REGION: BASE_OPTIONS.region,
        QUARTIC_EXTERNAL_ID: BASE_OPTIONS.externalId,
        QUARTIC_EXISTING_BUCKET: 'true',
        QUARTIC_ROLE_DESCRIPTION: v,
      },
      join(work, `hcl_${i}`),
    );
    dropProviderBlock(hclDir);
    modules[`construct_hcl_${i}`] = hclDir;
  }
  writeModuleCalls(root, modules);
  return root;
}

describeTier('hostile values in Terraform', terraformUnavailable(), () => {
  let work: string;
  let sts: FakeSts;
  let plan: PlanJson;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'quartic-hostile-tf-'));
    sts = await startFakeSts();
    const root = await prepare(work, sts.url);
    await init(root);
    await terraformOk(root, ['validate', '-no-color']);
    await terraformOk(root, ['plan', '-input=false', '-no-color', '-out=tfplan']);
    plan = JSON.parse((await terraformOk(root, ['show', '-json', 'tfplan'])).stdout) as PlanJson;
  }, 300_000);

  afterAll(async () => {
    await sts?.close();
    if (work && !process.env.QUARTIC_TF_DEBUG) rmSync(work, { recursive: true, force: true });
  });

  const planned = (module: string | undefined, address: string) => {
    const change = moduleChanges(plan, module).get(address);
    if (change?.change.after == null) throw new Error(`no planned ${address} in ${module ?? 'the root'}`);
    return change.change.after;
  };

  test.each(HOSTILE_VALUES.map(([name, value], i) => ({ name, value, i })))(
    '$name reads back exactly, through terraformLiteral (JSON), hclStringContent (HCL) and the guide',
    ({ value, i }) => {
      // Terraform's JSON syntax drops U+FEFF inside strings, raw or escaped (measured): one reason
      // validation refuses invisible characters in every field (test/hostile/validation.test.ts).
      const jsonReadBack = value.includes('\ufeff') ? value.replace(/\ufeff/g, '') : value;
      expect(planned(undefined, `terraform_data.json_${i}`).input).toBe(jsonReadBack);
      expect(planned(undefined, `terraform_data.hcl_${i}`).input).toBe(value);
      // The guide's role block: still one resource, one trust statement, the value as the external ID.
      expect([...moduleChanges(plan, `docs_${i}`).keys()]).toEqual(['aws_iam_role.quartic_role']);
      const trust = JSON.parse(
        planned(`docs_${i}`, 'aws_iam_role.quartic_role').assume_role_policy as string,
      );
      expect(trust.Statement).toHaveLength(1);
      expect(trust.Statement[0].Principal).toEqual({ AWS: 'arn:aws:iam::555071496850:root' });
      expect(trust.Statement[0].Condition).toEqual({ StringEquals: { 'sts:ExternalId': value } });
    },
  );

  test('the construct and its HCL output keep every accepted hostile description as written', () => {
    expect(DESCRIPTIONS.length).toBeGreaterThanOrEqual(15);
    DESCRIPTIONS.forEach(([, value], i) => {
      for (const module of [`construct_json_${i}`, `construct_hcl_${i}`]) {
        expect([...moduleChanges(plan, module).keys()].sort()).toEqual([
          'aws_iam_role.quartic_role',
          'aws_iam_role_policy.quartic_access_policy',
        ]);
        expect(planned(module, 'aws_iam_role.quartic_role').description).toBe(value);
      }
    });
  });
});
