/**
 * The Terraform addresses of every variant of the construct: resources (`type.name`), data sources
 * (`data.type.name`), providers, outputs, the `removed` blocks' targets and every `depends_on` edge. They are
 * part of the public contract (customers' state); test/construct-addresses.test.ts compares them with the
 * committed list in test/fixtures/terraform-addresses.json.
 *
 * After an intended change of addresses, write the list anew and commit it with the change:
 *   node --require ./scripts/ts-run.cjs test/support/terraform-addresses.ts --write
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QuarticS3Integration, QuarticS3IntegrationOptions, removedBlocksJson } from '../../src';
import { QuarticS3Stack, STACK_NAME } from '../../examples/stack';
import { BASE_OPTIONS, SynthesizedStack } from './synth';

export const ADDRESSES_FILE = join(__dirname, '..', 'fixtures', 'terraform-addresses.json');

const KEY_ARN = 'arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const LOGGING = { accessLogging: { targetBucket: 'acme-s3-access-logs' } };

/** Options of the example stack (`quartic-s3`, integration id `quartic`), one entry a variant. */
const EXAMPLE_VARIANTS: Readonly<Record<string, Partial<QuarticS3IntegrationOptions>>> = {
  'defaults (SSE-S3, new bucket)': {},
  'SSE-KMS, created key': { encryption: 'SSE-KMS' },
  'SSE-KMS, given key': { encryption: 'SSE-KMS', kmsKeyArn: KEY_ARN },
  'existing bucket': { existingBucket: true },
  'existing bucket, SSE-KMS with its key': {
    existingBucket: true,
    encryption: 'SSE-KMS',
    kmsKeyArn: KEY_ARN,
  },
  'versioning off': { versioning: false },
  'access logging on': LOGGING,
  'guardrails off': { bucketGuardrails: false },
  'allowBucketDestroy on': { allowBucketDestroy: true },
  'allowBucketDestroy on, SSE-KMS, created key': { allowBucketDestroy: true, encryption: 'SSE-KMS' },
  'allowBucketDestroy on, SSE-KMS, given key, versioning off, logging on, guardrails off': {
    allowBucketDestroy: true,
    encryption: 'SSE-KMS',
    kmsKeyArn: KEY_ARN,
    versioning: false,
    bucketGuardrails: false,
    ...LOGGING,
  },
  'SSE-KMS, created key, logging on, every role option': {
    encryption: 'SSE-KMS',
    ...LOGGING,
    roleName: 'quartic-reader',
    accessLevel: 'read-only',
    trustedAccountId: '123456789012',
    maxSessionDuration: 7200,
    roleDescription: 'Quartic reads here',
    tags: { team: 'data' },
  },
};

/** Stacks built by hand: a passed provider, output prefixes, several integrations in one stack. */
const STACK_VARIANTS: Readonly<Record<string, (stack: TerraformStack) => void>> = {
  'passed provider with an alias': (stack) => {
    const provider = new AwsProvider(stack, 'aws', { region: 'eu-west-2', alias: 'customer' });
    new QuarticS3Integration(stack, 'quartic', { ...BASE_OPTIONS, provider });
  },
  'outputPrefix "dev"': (stack) => {
    new QuarticS3Integration(stack, 'quartic', { ...BASE_OPTIONS, outputPrefix: 'dev' });
  },
  'two integrations (prod, dev) sharing a provider': (stack) => {
    const provider = new AwsProvider(stack, 'aws', { region: 'eu-west-2' });
    new QuarticS3Integration(stack, 'prod', {
      ...BASE_OPTIONS,
      bucketName: 'quartic-data-acme-prod',
      roleName: 'quartic-access-prod',
      provider,
    });
    new QuarticS3Integration(stack, 'dev', {
      ...BASE_OPTIONS,
      bucketName: 'quartic-data-acme-dev',
      roleName: 'quartic-access-dev',
      provider,
    });
  },
  'three integrations: ids outside [A-Za-z0-9_], outputPrefix "", SSE-KMS, existing bucket, destroy opt-in': (
    stack,
  ) => {
    const provider = new AwsProvider(stack, 'aws', { region: 'eu-west-2' });
    new QuarticS3Integration(stack, 'team-a', {
      ...BASE_OPTIONS,
      bucketName: 'quartic-data-team-a',
      roleName: 'quartic-team-a',
      encryption: 'SSE-KMS',
      allowBucketDestroy: true,
      outputPrefix: 'a',
      provider,
    });
    new QuarticS3Integration(stack, 'team.b', {
      ...BASE_OPTIONS,
      bucketName: 'quartic-data-team-b',
      roleName: 'quartic-team-b',
      existingBucket: true,
      outputPrefix: '',
      provider,
    });
    new QuarticS3Integration(stack, 'team_c', {
      ...BASE_OPTIONS,
      bucketName: 'quartic-data-team-c',
      roleName: 'quartic-team-c',
      versioning: false,
      ...LOGGING,
      provider,
    });
  },
};

/** Every address of one synthesized stack, sorted. */
export function addressesOf(synthesized: SynthesizedStack & { removed?: Array<{ from: string }> }): string[] {
  const addresses: string[] = [];
  const blocks = (kind: string, byType: SynthesizedStack['resource'], prefix: string) => {
    for (const [type, byName] of Object.entries(byType ?? {})) {
      for (const [name, block] of Object.entries(byName)) {
        const address = `${prefix}${type}.${name}`;
        addresses.push(`${kind} ${address}`);
        for (const dependency of (block.depends_on as string[] | undefined) ?? []) {
          addresses.push(`depends_on ${address} -> ${dependency}`);
        }
      }
    }
  };
  blocks('resource', synthesized.resource, '');
  blocks('data', synthesized.data, 'data.');
  for (const [type, configs] of Object.entries(synthesized.provider ?? {})) {
    for (const config of configs as Array<{ alias?: string }>) {
      addresses.push(`provider ${type}${config.alias === undefined ? '' : `.${config.alias}`}`);
    }
  }
  for (const name of Object.keys(synthesized.output ?? {})) addresses.push(`output ${name}`);
  for (const block of synthesized.removed ?? []) addresses.push(`removed ${block.from}`);
  return addresses.sort();
}

function withApp<T>(build: (app: App) => T): T {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'quartic-addresses-')), skipValidation: true });
  try {
    return build(app);
  } finally {
    rmSync(app.outdir, { recursive: true, force: true });
  }
}

/** Variant name -> its synthesized JSON, for every variant above, plus the example app's HCL form. */
export function synthesizedVariants(): Record<
  string,
  SynthesizedStack & { removed?: Array<{ from: string }> }
> {
  const result: Record<string, SynthesizedStack> = {};
  for (const [name, extra] of Object.entries(EXAMPLE_VARIANTS)) {
    result[`example stack: ${name}`] = withApp(
      (app) =>
        JSON.parse(
          Testing.synth(new QuarticS3Stack(app, STACK_NAME, { ...BASE_OPTIONS, ...extra })),
        ) as SynthesizedStack,
    );
  }
  for (const [name, build] of Object.entries(STACK_VARIANTS)) {
    result[`stack: ${name}`] = withApp((app) => {
      const stack = new TerraformStack(app, 'customer');
      build(stack);
      return JSON.parse(Testing.synth(stack)) as SynthesizedStack;
    });
  }
  // The HCL form drops `removed` blocks; the example app writes removedBlocksJson() beside cdk.tf instead.
  for (const name of ['defaults (SSE-S3, new bucket)', 'allowBucketDestroy on'] as const) {
    result[`example app, HCL form, quartic_removed.tf.json: ${name}`] = withApp((app) => {
      new QuarticS3Stack(app, STACK_NAME, { ...BASE_OPTIONS, ...EXAMPLE_VARIANTS[name] });
      const json = removedBlocksJson(app);
      return json === undefined ? {} : (JSON.parse(json) as SynthesizedStack);
    });
  }
  return result;
}

/** Variant name -> its sorted addresses. */
export function currentAddresses(): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(synthesizedVariants()).map(([name, synthesized]) => [name, addressesOf(synthesized)]),
  );
}

if (require.main === module && process.argv.includes('--write')) {
  writeFileSync(ADDRESSES_FILE, `${JSON.stringify(currentAddresses(), null, 2)}\n`);
  console.log(`wrote ${ADDRESSES_FILE}`);
}
