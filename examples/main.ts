/**
 * The deployable app: `npm run synth`, `npx cdktf synth` or `npx cdktf deploy`.
 * Configure it with QUARTIC_* environment variables or cdktf.json's context (see README); with nothing
 * configured it synthesizes clearly labelled example values.
 */
import { App } from 'cdktf';
import { join } from 'node:path';
import { formatProblems, OUTPUT_IDS, QuarticConfigError } from '../src';
import { loadConfig, settingLabel, SETTINGS } from './config';
import { QuarticS3Stack, STACK_NAME } from './stack';

export function main(env: NodeJS.ProcessEnv = process.env): number {
  const app = new App({ outdir: env.CDKTF_OUTDIR });
  const config = loadConfig(env, app.node.tryGetContext('quartic'));
  const relabel = <T extends { field: string; message: string }>(p: T): T => ({
    ...p,
    message: p.message.replace(`\`${p.field}\``, settingLabel(p.field)),
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
  const out = join(app.outdir, 'stacks', STACK_NAME, 'cdk.tf.json');
  console.log(`Wrote ${out}`);
  console.log(
    `After \`npx cdktf deploy ${STACK_NAME}\`, send Quartic the values of \`npx cdktf output ${STACK_NAME}\` ` +
      `(output "${OUTPUT_IDS.handoff}": bucket name, region and role ARN).`,
  );
  return 0;
}

if (require.main === module) process.exitCode = main();
