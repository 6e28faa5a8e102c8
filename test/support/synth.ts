/**
 * Synthesis helpers for tests. Everything goes through the example stack (the program customers run),
 * in a temp dir that is removed afterwards (cdktf's Testing.app() would leave one behind per call).
 */
import { App, Testing } from 'cdktf';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QuarticS3IntegrationOptions } from '../../src';
import { QuarticS3Stack, STACK_NAME } from '../../examples/stack';

/** The parsed cdk.tf.json of one stack. */
export interface SynthesizedStack {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { value: unknown; description?: string }>;
  readonly provider?: Record<string, unknown[]>;
  readonly terraform?: Record<string, unknown>;
}

/** Synthesizes the example stack in memory (cdktf's Testing.synth) and returns the parsed JSON. */
export function synthJson(options: QuarticS3IntegrationOptions): SynthesizedStack {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'quartic-synth-')), skipValidation: true });
  try {
    const stack = new QuarticS3Stack(app, STACK_NAME, options);
    return JSON.parse(Testing.synth(stack)) as SynthesizedStack;
  } finally {
    rmSync(app.outdir, { recursive: true, force: true });
  }
}

/**
 * Full synthesis to disk, as `npm run synth` does (backend included). Returns the stack directory;
 * the caller removes `outdir` when done.
 */
export function synthToDir(options: QuarticS3IntegrationOptions, outdir: string): string {
  const app = new App({ outdir });
  new QuarticS3Stack(app, STACK_NAME, options);
  app.synth();
  return join(outdir, 'stacks', STACK_NAME);
}

/** A resource block by type and logical id, failing loudly when absent. */
export function resourceOf(
  stack: SynthesizedStack,
  type: string,
  id = `quartic_${type.replace(/^aws_/, '')}`,
) {
  const block = stack.resource?.[type]?.[id];
  if (block === undefined) throw new Error(`no ${type}.${id} in the synthesized stack`);
  return block;
}

/** Parses a policy that the stack holds as a JSON string. */
export function policyOf(json: unknown): { Version: string; Statement: Array<Record<string, unknown>> } {
  if (typeof json !== 'string') throw new Error(`expected a policy JSON string, got ${typeof json}`);
  return JSON.parse(json) as { Version: string; Statement: Array<Record<string, unknown>> };
}

export const BASE_OPTIONS: QuarticS3IntegrationOptions = {
  bucketName: 'quartic-data-acme',
  region: 'eu-west-2',
  externalId: 'q-3f9c2a7e-acme',
};
