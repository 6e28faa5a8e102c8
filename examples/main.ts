/**
 * The deployable app: `npm run synth`, `npx cdktf synth` or `npx cdktf deploy`.
 * Configure it with QUARTIC_* environment variables or cdktf.json's context (see README); with nothing
 * configured it synthesizes clearly labelled example values.
 */
import { App } from 'cdktf';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  formatProblems,
  OUTPUT_IDS,
  QuarticConfigError,
  REMOVED_BLOCKS_FILE,
  removedBlocksJson,
  renderWarning,
} from '../src';
import { OPTION_SPECS } from '../src/core/option-registry';
import { exampleSurface, loadConfig } from './config';
import { QuarticS3Stack, STACK_NAME } from './stack';
import { describeState, loadState } from './state';
import { unknownInputProblems } from './strict-inputs';

/**
 * The `quartic` context object: from the cdktf CLI (CDKTF_CONTEXT_JSON) or, under plain node, from
 * cdktf.json in the working directory.
 */
function readContext(env: NodeJS.ProcessEnv): unknown {
  if (env.CDKTF_CONTEXT_JSON) return (JSON.parse(env.CDKTF_CONTEXT_JSON) as Record<string, unknown>).quartic;
  const file = join(process.cwd(), 'cdktf.json');
  if (!existsSync(file)) return undefined;
  return (JSON.parse(readFileSync(file, 'utf8')) as { context?: Record<string, unknown> }).context?.quartic;
}

/** The local backend's state path as synthesized (cdktf writes an absolute path), if the stack has one. */
function localStatePath(synthesized: string): string | undefined {
  if (!synthesized.endsWith('.json')) return undefined;
  const json = JSON.parse(readFileSync(synthesized, 'utf8')) as {
    terraform?: { backend?: { local?: { path?: string } } };
  };
  return json.terraform?.backend?.local?.path;
}

export function main(env: NodeJS.ProcessEnv = process.env): number {
  const context = readContext(env);
  const config = loadConfig(env, context);
  const { state, problems: stateProblems } = loadState(env, context, config.options.region);
  // Every problem and warning names its field by the variable or context key that set it.
  const surface = exampleSurface(env, context);
  const unknownInputs = unknownInputProblems(env, context);
  if (config.problems.length > 0 || stateProblems.length > 0 || unknownInputs.length > 0) {
    console.error(formatProblems([...unknownInputs, ...config.problems, ...stateProblems], surface));
    console.error('Nothing was written. Fix the values above and run again.');
    return 1;
  }
  if (config.source === 'example') {
    console.log(
      'No configuration found: synthesizing EXAMPLE values ' +
        `(bucket "${config.options.bucketName}", region "${config.options.region}", external ID ` +
        `"${config.options.externalId}").\nSet ${OPTION_SPECS.filter((s) => s.required === true)
          .map((s) => s.env)
          .join(', ')} (or cdktf.json context "quartic") to use your own. Do not deploy the example values.`,
    );
  }
  for (const warning of config.warnings) console.warn(`Warning: ${renderWarning(warning, surface)}`);
  // The App is created only now: it creates its output directory as soon as it exists.
  const app = new App({ outdir: env.CDKTF_OUTDIR });
  try {
    new QuarticS3Stack(app, STACK_NAME, config.options, state);
  } catch (error) {
    if (error instanceof QuarticConfigError) {
      console.error(formatProblems(error.problems, surface));
      return 1;
    }
    throw error;
  }
  app.synth();
  const out = join(app.outdir, 'stacks', STACK_NAME, app.hclOutput ? 'cdk.tf' : 'cdk.tf.json');
  // cdktf's HCL renderer drops `removed` blocks: they go beside cdk.tf in JSON form (src/removed-blocks.ts).
  const removed = app.hclOutput ? removedBlocksJson(app) : undefined;
  if (removed !== undefined)
    writeFileSync(join(app.outdir, 'stacks', STACK_NAME, REMOVED_BLOCKS_FILE), removed);
  console.log(`Wrote ${out}`);
  console.log(describeState(state, localStatePath(out)));
  console.log(
    `After \`npx cdktf deploy ${STACK_NAME}\`, send Quartic the values of \`npx cdktf output ${STACK_NAME}\` ` +
      `(output "${OUTPUT_IDS.handoff}": bucket name, region and role ARN).`,
  );
  return 0;
}

if (require.main === module) process.exitCode = main();
