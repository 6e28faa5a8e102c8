import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outputIdsFor, QuarticConfigError, QuarticS3Integration, QuarticS3IntegrationProps } from '../src';
import { BASE_OPTIONS, SynthesizedStack } from './support/synth';

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

function newStack(name = 'customer'): TerraformStack {
  const outdir = mkdtempSync(join(tmpdir(), 'quartic-multi-'));
  outdirs.push(outdir);
  return new TerraformStack(new App({ outdir, skipValidation: true }), name);
}

const synth = (stack: TerraformStack): SynthesizedStack =>
  JSON.parse(Testing.synth(stack)) as SynthesizedStack;

const PROD = { ...BASE_OPTIONS, bucketName: 'quartic-data-acme-prod', roleName: 'quartic-access-prod' };
const DEV = { ...BASE_OPTIONS, bucketName: 'quartic-data-acme-dev', roleName: 'quartic-access-dev' };

/** Two integrations sharing one provider, as a platform team's stack would have them. */
function prodAndDev(
  devExtra: Partial<QuarticS3IntegrationProps> = {},
  prodExtra: Partial<QuarticS3IntegrationProps> = {},
): { stack: TerraformStack; prod: QuarticS3Integration; dev: QuarticS3Integration } {
  const stack = newStack();
  const provider = new AwsProvider(stack, 'aws', { region: 'eu-west-2' });
  const prod = new QuarticS3Integration(stack, 'prod', { ...PROD, provider, ...prodExtra });
  const dev = new QuarticS3Integration(stack, 'dev', { ...DEV, provider, ...devExtra });
  return { stack, prod, dev };
}

/** The problem messages of the error a construction throws (fails when it does not throw one). */
function problemsOf(build: () => unknown): string[] {
  try {
    build();
  } catch (error) {
    if (error instanceof QuarticConfigError) return error.problems.map((p) => p.message);
    throw error;
  }
  throw new Error('expected a QuarticConfigError');
}

const handoff = (prefix: string) => ({
  bucket_name: `\${aws_s3_bucket.${prefix}_bucket.bucket}`,
  bucket_region: `\${aws_s3_bucket.${prefix}_bucket.region}`,
  role_arn: `\${aws_iam_role.${prefix}_role.arn}`,
});

describe('two integrations in one stack', () => {
  test('the first keeps the plain output names, the second prefixes its construct id; both hand-offs are there', () => {
    const { stack, prod, dev } = prodAndDev();
    const output = synth(stack).output ?? {};
    expect(Object.keys(output).sort()).toEqual(
      [
        'bucket_name',
        'bucket_region',
        'role_arn',
        'quartic_handoff',
        'quartic_expected',
        'dev_bucket_name',
        'dev_bucket_region',
        'dev_role_arn',
        'dev_quartic_handoff',
        'dev_quartic_expected',
      ].sort(),
    );
    expect(output.quartic_handoff.value).toEqual(handoff('prod'));
    expect(output.dev_quartic_handoff.value).toEqual(handoff('dev'));
    // Each integration's expected configuration is its own (the verifier reads the one of its bucket).
    expect(output.quartic_expected.value).toMatchObject({ bucket_name: 'quartic-data-acme-prod' });
    expect(output.dev_quartic_expected.value).toMatchObject({ bucket_name: 'quartic-data-acme-dev' });
    expect(output.role_arn.value).toBe('${aws_iam_role.prod_role.arn}');
    expect(output.dev_role_arn.value).toBe('${aws_iam_role.dev_role.arn}');
    expect(output.dev_bucket_name.value).toBe('${aws_s3_bucket.dev_bucket.bucket}');
    expect(prod.outputIds).toEqual(outputIdsFor(''));
    expect(dev.outputIds).toEqual({
      bucketName: 'dev_bucket_name',
      bucketRegion: 'dev_bucket_region',
      roleArn: 'dev_role_arn',
      handoff: 'dev_quartic_handoff',
      expected: 'dev_quartic_expected',
    });
  });

  test('each keeps its own resources, roles and buckets (nothing merged)', () => {
    const { stack } = prodAndDev();
    const resource = synth(stack).resource ?? {};
    expect(Object.keys(resource.aws_iam_role).sort()).toEqual(['dev_role', 'prod_role']);
    expect(resource.aws_iam_role.prod_role.name).toBe('quartic-access-prod');
    expect(resource.aws_iam_role.dev_role.name).toBe('quartic-access-dev');
    expect(resource.aws_s3_bucket.prod_bucket.bucket).toBe('quartic-data-acme-prod');
    expect(resource.aws_s3_bucket.dev_bucket.bucket).toBe('quartic-data-acme-dev');
    for (const blocks of Object.values(resource)) expect(Object.keys(blocks)).toHaveLength(2);
  });

  test('with allowBucketDestroy each destroy gate waits for and is replaced with its own bucket', () => {
    const { stack } = prodAndDev({ allowBucketDestroy: true }, { allowBucketDestroy: true });
    const gates = (synth(stack).resource ?? {}).terraform_data as Record<
      string,
      { input: { bucket: string }; lifecycle: unknown; depends_on: string[] }
    >;
    expect(Object.keys(gates).sort()).toEqual(['dev_destroy_gate', 'prod_destroy_gate']);
    for (const prefix of ['prod', 'dev']) {
      const gate = gates[`${prefix}_destroy_gate`];
      expect(gate.input.bucket).toBe(`\${aws_s3_bucket.${prefix}_bucket.id}`);
      expect(gate.lifecycle).toEqual({ replace_triggered_by: [`aws_s3_bucket.${prefix}_bucket.id`] });
      expect(gate.depends_on.every((address) => address.includes(`.${prefix}_`))).toBe(true);
    }
  });

  test('adding a second integration does not rename the outputs of the first', () => {
    const alone = newStack();
    const provider = new AwsProvider(alone, 'aws', { region: 'eu-west-2' });
    new QuarticS3Integration(alone, 'prod', { ...PROD, provider });
    const before = synth(alone).output ?? {};
    const after = synth(prodAndDev().stack).output ?? {};
    for (const name of Object.values(outputIdsFor('')))
      expect([name, after[name]]).toEqual([name, before[name]]);
  });

  test('outputPrefix names the outputs of both explicitly', () => {
    const { stack } = prodAndDev({ outputPrefix: 'dev' }, { outputPrefix: 'prod' });
    const output = synth(stack).output ?? {};
    expect(Object.keys(output).sort()).toEqual(
      [...Object.values(outputIdsFor('prod')), ...Object.values(outputIdsFor('dev'))].sort(),
    );
    expect(output.prod_quartic_handoff.value).toEqual(handoff('prod'));
    expect(output.dev_quartic_handoff.value).toEqual(handoff('dev'));
  });

  test('outputPrefix "" on a later integration gives the plain names (when the first has others)', () => {
    const { stack } = prodAndDev({ outputPrefix: '' }, { outputPrefix: 'prod' });
    const output = synth(stack).output ?? {};
    expect(output.quartic_handoff.value).toEqual(handoff('dev'));
    expect(output.prod_quartic_handoff.value).toEqual(handoff('prod'));
  });

  test('two integrations may share an existing bucket when at most one creates it', () => {
    const { stack } = prodAndDev({ bucketName: PROD.bucketName, existingBucket: true });
    const synthesized = synth(stack);
    expect(Object.keys(synthesized.resource?.aws_s3_bucket ?? {})).toEqual(['prod_bucket']);
    expect(synthesized.output?.dev_quartic_handoff.value).toEqual({
      bucket_name: 'quartic-data-acme-prod',
      bucket_region: 'eu-west-2',
      role_arn: '${aws_iam_role.dev_role.arn}',
    });
  });

  test('different role names known only at deploy time are not compared', () => {
    const stack = newStack();
    const provider = new AwsProvider(stack, 'aws', { region: 'eu-west-2' });
    const variable = (name: string) => new TerraformVariable(stack, name, { type: 'string' }).stringValue;
    new QuarticS3Integration(stack, 'prod', { ...PROD, provider, roleName: variable('prod_role') });
    new QuarticS3Integration(stack, 'dev', { ...DEV, provider, roleName: variable('dev_role') });
    const roles = synth(stack).resource?.aws_iam_role ?? {};
    expect([roles.prod_role.name, roles.dev_role.name]).toEqual(['${var.prod_role}', '${var.dev_role}']);
  });

  test('each stack has its own registry: one integration per stack keeps the plain names in both', () => {
    for (const name of ['one', 'two']) {
      const stack = newStack(name);
      new QuarticS3Integration(stack, 'quartic', BASE_OPTIONS);
      expect(Object.keys(synth(stack).output ?? {}).sort()).toEqual(Object.values(outputIdsFor('')).sort());
    }
  });
});

describe('clashes are refused at synth, naming both construct paths', () => {
  test('the same (default) role name', () => {
    const { roleName: _p, ...prodDefault } = PROD;
    const { roleName: _d, ...devDefault } = DEV;
    expect(
      problemsOf(() => {
        const stack = newStack();
        const provider = new AwsProvider(stack, 'aws', { region: 'eu-west-2' });
        new QuarticS3Integration(stack, 'prod', { ...prodDefault, provider });
        new QuarticS3Integration(stack, 'dev', { ...devDefault, provider });
      }),
    ).toEqual([
      '`roleName` must differ from the role name of customer/prod: customer/dev and customer/prod in the same stack would create the same IAM role (names are unique per account, ignoring case), so the second apply would fail, got "quartic-access". Example: "quartic-access-dev".',
    ]);
  });

  test('role names that differ only in case', () => {
    expect(problemsOf(() => prodAndDev({ roleName: 'Quartic-Access-PROD' }))).toEqual([
      '`roleName` must differ from the role name of customer/prod: customer/dev and customer/prod in the same stack would create the same IAM role (names are unique per account, ignoring case), so the second apply would fail, got "Quartic-Access-PROD". Example: "Quartic-Access-PROD-dev".',
    ]);
  });

  test('the same created bucket', () => {
    expect(problemsOf(() => prodAndDev({ bucketName: PROD.bucketName }))).toEqual([
      '`bucketName` must differ from the bucket of customer/prod: customer/dev and customer/prod in the same stack would create the same S3 bucket (set `existingBucket: true` on one of them if both should use it), got "quartic-data-acme-prod". Example: "quartic-data-acme-prod-dev".',
    ]);
  });

  test('the same output names', () => {
    expect(problemsOf(() => prodAndDev({ outputPrefix: '' }))).toEqual([
      '`outputPrefix` must give other output names than those of customer/prod: customer/dev and customer/prod in the same stack would both write the outputs bucket_name, bucket_region, role_arn, quartic_handoff, quartic_expected, and the second would silently replace the first, got "". Example: "dev".',
    ]);
    expect(problemsOf(() => prodAndDev({ outputPrefix: 'x' }, { outputPrefix: 'x' }))).toEqual([
      '`outputPrefix` must give other output names than those of customer/prod: customer/dev and customer/prod in the same stack would both write the outputs x_bucket_name, x_bucket_region, x_role_arn, x_quartic_handoff, x_quartic_expected, and the second would silently replace the first, got "x". Example: "dev".',
    ]);
  });

  test('one variable passed to both as the role name (certainly the same role)', () => {
    const problems = problemsOf(() => {
      const stack = newStack();
      const provider = new AwsProvider(stack, 'aws', { region: 'eu-west-2' });
      const roleName = new TerraformVariable(stack, 'role_name', { type: 'string' }).stringValue;
      new QuarticS3Integration(stack, 'prod', { ...PROD, provider, roleName });
      new QuarticS3Integration(stack, 'dev', { ...DEV, provider, roleName });
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^`roleName` must differ from the role name of customer\/prod: customer\/dev and customer\/prod in the same stack would create the same IAM role .*, got "\$\{TfToken\[TOKEN\.\d+\]\}"\. Example: a different value \(or variable\) for each integration\.$/,
    );
  });

  test('construct ids that give the same Terraform names', () => {
    expect(
      problemsOf(() => {
        const stack = newStack();
        const provider = new AwsProvider(stack, 'aws', { region: 'eu-west-2' });
        new QuarticS3Integration(stack, 'team-a', { ...PROD, provider });
        new QuarticS3Integration(stack, 'team_a', { ...DEV, provider, outputPrefix: 'other' });
      }),
    ).toEqual([
      '`id` must give other Terraform names than the id of customer/team-a ("team-a"): customer/team_a and customer/team-a in the same stack would both name their resources team_a_*, and the second would silently replace the first, got "team_a". Example: "team_a_2".',
    ]);
  });

  test('two integrations that would each create the default AWS provider', () => {
    expect(
      problemsOf(() => {
        const stack = newStack();
        new QuarticS3Integration(stack, 'prod', PROD);
        new QuarticS3Integration(stack, 'dev', DEV);
      }),
    ).toEqual([
      "`provider` must be passed when another integration in the stack has none: customer/dev and customer/prod in the same stack would each create the stack's default AWS provider, which Terraform refuses, got nothing. Example: new AwsProvider(stack, 'aws', { region: '...' }) passed as `provider` to both.",
    ]);
  });

  test('every clash with every earlier integration in one error', () => {
    const stack = newStack();
    const provider = new AwsProvider(stack, 'aws', { region: 'eu-west-2' });
    new QuarticS3Integration(stack, 'prod', { ...PROD, provider });
    new QuarticS3Integration(stack, 'dev', { ...DEV, provider });
    const problems = problemsOf(
      () =>
        new QuarticS3Integration(stack, 'staging', {
          ...BASE_OPTIONS,
          provider,
          bucketName: DEV.bucketName,
          roleName: PROD.roleName,
          outputPrefix: 'dev',
        }),
    );
    expect(problems.map((m) => m.split(' must ')[0])).toEqual([
      '`roleName`',
      '`bucketName`',
      '`outputPrefix`',
    ]);
    expect(problems[0]).toContain('the role name of customer/prod');
    expect(problems[1]).toContain('the bucket of customer/dev');
    expect(problems[2]).toContain('those of customer/dev');
  });

  test('a refused integration leaves the registry as it was: the next valid one still gets its own names', () => {
    const { stack } = prodAndDev();
    const provider = stack.node.findChild('aws') as AwsProvider;
    expect(() => new QuarticS3Integration(stack, 'qa', { ...DEV, provider })).toThrow(QuarticConfigError);
    const qa = new QuarticS3Integration(stack, 'qa2', {
      ...BASE_OPTIONS,
      provider,
      bucketName: 'quartic-data-acme-qa',
      roleName: 'quartic-access-qa',
    });
    expect(qa.outputIds.handoff).toBe('qa2_quartic_handoff');
  });

  test.each(['1st', 'dev.prod', 'a b', '${var.prefix}'])('outputPrefix %p is refused', (outputPrefix) => {
    const [message] = problemsOf(() => prodAndDev({ outputPrefix }));
    expect(message).toBe(
      `\`outputPrefix\` must be empty (the plain output names) or a literal Terraform name: a letter or underscore, then letters, digits, underscores or hyphens, got ${JSON.stringify(outputPrefix)}. Example: "dev".`,
    );
  });
});
