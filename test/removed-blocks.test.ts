import { App, TerraformStack, Testing } from 'cdktf';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QuarticS3Integration, QuarticS3IntegrationOptions, removedBlocksJson } from '../src';
import { BASE_OPTIONS } from './support/synth';

const outdir = mkdtempSync(join(tmpdir(), 'quartic-removed-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

function build(extra: Partial<QuarticS3IntegrationOptions>): { app: App; json: Record<string, unknown> } {
  const app = new App({ outdir, skipValidation: true });
  const stack = new TerraformStack(app, 'customer');
  new QuarticS3Integration(stack, 'quartic', { ...BASE_OPTIONS, ...extra });
  return { app, json: JSON.parse(Testing.synth(stack)) as Record<string, unknown> };
}

describe('removed blocks need Terraform 1.7, and say so', () => {
  test('JSON form: the terraform block requires 1.7 beside the blocks, merged with required_providers', () => {
    const { json } = build({});
    const terraform = json.terraform as Record<string, unknown>;
    expect(terraform.required_version).toBe('>= 1.7');
    expect(terraform).toHaveProperty('required_providers.aws');
    expect(json.removed).toHaveLength(2);
  });

  test('nothing absent, no removed block and no constraint (an older Terraform may still apply it)', () => {
    const { json } = build({ encryption: 'SSE-KMS', accessLogging: { targetBucket: 'acme-logs' } });
    expect(json).not.toHaveProperty('removed');
    expect(json.terraform).not.toHaveProperty('required_version');
  });

  test('HCL form: the .tf.json file beside cdk.tf carries the constraint with the blocks', () => {
    const { app } = build({ existingBucket: true });
    const file = JSON.parse(removedBlocksJson(app) ?? 'null') as {
      terraform: { required_version: string };
      removed: Array<{ from: string; lifecycle: unknown }>;
    };
    expect(file.terraform).toEqual({ required_version: '>= 1.7' });
    expect(file.removed.length).toBeGreaterThan(0);
    for (const block of file.removed) expect(block.lifecycle).toEqual({ destroy: false });
  });
});
