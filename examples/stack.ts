// The stack customers deploy. The docs site shows the block between the DOCS_BLOCK markers, so what the
// guide shows is exactly what the tests synthesize.
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { QuarticS3Integration, QuarticS3IntegrationOptions } from '../src';

/** Stack name: the synthesized Terraform lands in cdktf.out/stacks/<STACK_NAME>/. */
export const STACK_NAME = 'quartic-s3';

export class QuarticS3Stack extends TerraformStack {
  public readonly integration: QuarticS3Integration;

  constructor(scope: Construct, id: string, options: QuarticS3IntegrationOptions) {
    super(scope, id);
    // DOCS_BLOCK_START:integration
    this.integration = new QuarticS3Integration(this, 'quartic', {
      ...options, // bucketName, region, externalId and any optional choices
    });
    // DOCS_BLOCK_END
  }
}
