/**
 * The deployable app: `npm run synth`, `npx cdktf synth` or `npx cdktf deploy`.
 * Configure it with QUARTIC_* environment variables or cdktf.json's context (see README); with nothing
 * configured it synthesizes clearly labelled example values.
 */
import { App } from 'cdktf';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatProblems, OUTPUT_IDS, QuarticConfigError } from '../src';
import { loadConfig, relabelMessage, SETTINGS } from './config';
import { QuarticS3Stack, STACK_NAME } from './stack';

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

export function main(env: NodeJS.ProcessEnv = process.env): number {
  const config = loadConfig(env, readContext(env));
  const relabel = <T extends { field: string; message: string }>(p: T): T => ({
    ...p,
    message: relabelMessage(p.message),
  });
  if (config.problems.length > 0) {
    console.error(formatProblems(config.problems.map(relabel)));
    console.error('Nothing was written. Fix the values above and run again.');
    return 1;
  }
  if (config.source === 'example') {
    console.log(
      'No configuration found: synthesizing EXAMPLE values ' +
        `(bucket "${config.options.bucketName}", region "${config.options.region}", external ID ` +
        `"${config.options.externalId}").\nSet ${SETTINGS.slice(0, 3)
          .map((s) => s.env)
          .join(', ')} (or cdktf.json context "quartic") to use your own. Do not deploy the example values.`,
    );
  }
  for (const warning of config.warnings) console.warn(`Warning: ${relabel(warning).message}`);
  // The App is created only now: it creates its output directory as soon as it exists.
  const app = new App({ outdir: env.CDKTF_OUTDIR });
  try {
    new QuarticS3Stack(app, STACK_NAME, config.options);
  } catch (error) {
    if (error instanceof QuarticConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  app.synth();
  const out = join(app.outdir, 'stacks', STACK_NAME, app.hclOutput ? 'cdk.tf' : 'cdk.tf.json');
  console.log(`Wrote ${out}`);
  console.log(
    `After \`npx cdktf deploy ${STACK_NAME}\`, send Quartic the values of \`npx cdktf output ${STACK_NAME}\` ` +
      `(output "${OUTPUT_IDS.handoff}": bucket name, region and role ARN).`,
  );
  return 0;
}

if (require.main === module) process.exitCode = main();
