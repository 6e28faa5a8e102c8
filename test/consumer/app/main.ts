/**
 * A platform team's app, as it would sit in their own CDKTF project: one AWS provider, two integrations
 * (prod and dev) in one stack. The consumer tier copies it into each consumer project (for CDK Terrain with
 * the module names mapped as the migration guide says: cdktf -> cdktn, @cdktf/provider-aws ->
 * @cdktn/provider-aws, and the kit's `/cdktn` entry), type-checks it against that project's packages and
 * runs it. CONSUMER_CASE=clash gives dev prod's role and bucket names, which the kit must refuse.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { QuarticConfigError, QuarticS3Integration } from '@quartic/s3-integration';
import { App, TerraformStack } from 'cdktf';

const clash = process.env.CONSUMER_CASE === 'clash';
const app = new App({ outdir: process.env.CONSUMER_OUTDIR });
const stack = new TerraformStack(app, 'platform');
const provider = new AwsProvider(stack, 'aws', { region: 'eu-west-2' });
const shared = { region: 'eu-west-2', externalId: 'q-3f9c2a7e-acme', provider };

const prod = new QuarticS3Integration(stack, 'prod', {
  ...shared,
  bucketName: 'acme-quartic-prod',
  roleName: 'quartic-access-prod',
});
try {
  const dev = new QuarticS3Integration(stack, 'dev', {
    ...shared,
    bucketName: clash ? 'acme-quartic-prod' : 'acme-quartic-dev',
    roleName: clash ? 'quartic-access-prod' : 'quartic-access-dev',
    accessLevel: 'read-only',
  });
  app.synth();
  console.log(JSON.stringify({ prod: prod.outputIds, dev: dev.outputIds }));
} catch (error) {
  if (!(error instanceof QuarticConfigError)) throw error;
  console.error(error.message);
  process.exitCode = 2;
}
