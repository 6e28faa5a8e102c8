// The stack customers deploy. The docs site shows the block between the DOCS_BLOCK markers, so what the
// guide shows is exactly what the tests synthesize.
import { CloudBackend, NamedCloudWorkspace, S3Backend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { QuarticS3Integration, QuarticS3IntegrationOptions } from '../src';
import { StateConfig } from './state';

/** Stack name: the synthesized Terraform lands in cdktf.out/stacks/<STACK_NAME>/. */
export const STACK_NAME = 'quartic-s3';

export class QuarticS3Stack extends TerraformStack {
  public readonly integration: QuarticS3Integration;

  /** `state`: where Terraform keeps the state (examples/state.ts); cdktf's local file by default. */
  constructor(
    scope: Construct,
    id: string,
    options: QuarticS3IntegrationOptions,
    state: StateConfig = { backend: 'local' },
  ) {
    super(scope, id);
    if (state.backend === 's3') {
      const backend = new S3Backend(this, {
        bucket: state.bucket,
        key: state.key,
        region: state.region,
        encrypt: true,
      });
      // Terraform's native S3 locking (a <key>.tflock object, Terraform >= 1.10), which cdktf 0.21's
      // S3Backend predates: no DynamoDB table needed.
      backend.addOverride('use_lockfile', true);
    } else if (state.backend === 'cloud') {
      new CloudBackend(this, {
        hostname: state.hostname,
        organization: state.organization,
        workspaces: new NamedCloudWorkspace(state.workspace),
      });
    }
    // DOCS_BLOCK_START:integration
    this.integration = new QuarticS3Integration(this, 'quartic', {
      ...options, // bucketName, region, externalId and any optional choices
    });
    // DOCS_BLOCK_END
  }
}
