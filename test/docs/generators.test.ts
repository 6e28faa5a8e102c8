/**
 * The docs site's build-time generators and snippet helpers: what the guide shows comes from the code the
 * other tests run (the Terraform tier runs the Terraform it shows). Needs only the root install (not
 * docs-site's).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCESS_LEVELS } from '../../src/core/access-levels';
import { ENCRYPTION_TYPES, QuarticS3IntegrationOptions } from '../../src/core/options';
import {
  cleanHcl,
  generateHcl,
  generateReference,
  HclFile,
  HCL_SENTINELS,
  readInterfaces,
  ROOT,
  segmentsOf,
  sentinelText,
  splitBlocks,
} from '../../scripts/docs-generate';
import {
  cdktfBlockWithValues,
  DEFAULT_VALUES,
  exampleEnv,
  extractDocsBlock,
  GUIDE_SURFACE,
  hclFor,
  hintOf,
  mergeValues,
  PLACEHOLDERS,
  queryForValues,
  renderableValues,
  renderHcl,
  stepOfBlock,
  toOptions,
  valuesFromQuery,
  variantKey,
} from '../../docs-site/src/guide/snippets';
import { renderProblem, renderWarning, validateOptions } from '../../src/core/validation';
import { READER } from './fixtures';

let hcl: HclFile;

beforeAll(() => {
  hcl = generateHcl();
});

describe('sentinels', () => {
  it('are valid options for the library (only the opt-in region warning)', () => {
    const result = validateOptions({ ...HCL_SENTINELS });
    expect(result.problems).toEqual([]);
    expect(result.warnings.map((w) => w.field)).toEqual(['region']);
  });

  it('appear in every variant, and nothing else in it looks like a reader value', () => {
    for (const variant of Object.values(hcl.variants)) {
      const text = variant.blocks.map((b) => sentinelText(b.segments)).join('\n');
      for (const sentinel of Object.values(HCL_SENTINELS)) expect(text).toContain(sentinel);
      // The example's defaults must not leak in: every reader value goes through a sentinel.
      expect(text).not.toContain('quartic-data-example');
      expect(text).not.toContain('quartic-access');
    }
  });
});

describe('generated HCL', () => {
  it('has one variant per access level and encryption choice', () => {
    expect(Object.keys(hcl.variants).sort()).toEqual(
      ACCESS_LEVELS.flatMap((l) =>
        ENCRYPTION_TYPES.map((e) => variantKey({ accessLevel: l, encryption: e })),
      ).sort(),
    );
    if (existsSync('/usr/local/bin/terraform')) expect(hcl.formatted).toBe(true);
  });

  it('drops the machine-specific backend path', () => {
    for (const variant of Object.values(hcl.variants)) {
      const text = variant.blocks.map((b) => sentinelText(b.segments)).join('\n');
      expect(text).not.toMatch(/^\s*backend\s+"local"\s*\{/m);
      expect(text).not.toContain(ROOT);
    }
    expect(cleanHcl('terraform {\n  backend "local" {\n    path = "/x/y.tfstate"\n  }\n}\n')).not.toContain(
      '/x/y',
    );
    expect(() => cleanHcl('terraform {\n  backend "s3" {\n  }\n}\n')).toThrow(/cannot strip/);
  });

  it('puts every block in exactly one step, and each step has blocks', () => {
    for (const variant of Object.values(hcl.variants)) {
      const steps = variant.blocks.map(stepOfBlock);
      expect(new Set(steps)).toEqual(new Set(['bucket', 'role', 'policy', 'handoff']));
    }
    const blocks = hcl.variants[variantKey({ accessLevel: 'read-write', encryption: 'SSE-KMS' })]!.blocks;
    expect(blocks.filter((b) => stepOfBlock(b) === 'role').map((b) => b.type)).toEqual(['aws_iam_role']);
    expect(blocks.filter((b) => stepOfBlock(b) === 'policy').map((b) => b.type)).toEqual([
      'aws_iam_role_policy',
    ]);
    expect(blocks.some((b) => b.type === 'aws_kms_key' && stepOfBlock(b) === 'bucket')).toBe(true);
  });

  it('splits formatted HCL into whole top-level blocks', () => {
    const text = 'provider "aws" {\n  region = "x"\n}\n\nresource "a_b" "c" {\n  d {\n  }\n}\n';
    expect(splitBlocks(text).map((b) => [b.kind, b.type, b.name])).toEqual([
      ['provider', 'aws', 'aws'],
      ['resource', 'a_b', 'c'],
    ]);
  });

  it("substitutes the reader's values everywhere, in one pass", () => {
    const text = hclFor(hcl, READER, 'all');
    for (const sentinel of Object.values(HCL_SENTINELS)) expect(text).not.toContain(sentinel);
    expect(text).toContain('bucket        = "acme-quartic-data"');
    expect(text).toContain('region = "eu-central-1"');
    expect(text).toContain('\\"sts:ExternalId\\":\\"q-7d1e-acme\\"');
    expect(text).toContain('name               = "quartic-reader"');
    expect(text).toContain('s3.eu-central-1.amazonaws.com');
    expect(text).toContain('resource "aws_kms_key"');
    const policy = hclFor(hcl, READER, 'policy');
    expect(policy).toMatch(/"s3:GetObject\\?"/);
    expect(policy).toMatch(/"s3:GetObject\\?"/);
    // Values go into slots, not text: a value that looks like another field's sentinel stays itself.
    const tricky = hclFor(hcl, { ...READER, externalId: HCL_SENTINELS.bucketName }, 'role');
    expect(tricky).toContain(`\\"sts:ExternalId\\":\\"${HCL_SENTINELS.bucketName}\\"`);
    expect(tricky).toContain('acme-quartic-data');
  });

  it('knows the context of every slot: plain HCL strings, and JSON documents inside HCL strings', () => {
    const slots = Object.values(hcl.variants).flatMap((v) =>
      v.blocks.flatMap((b) => b.segments.filter((s) => typeof s !== 'string')),
    );
    expect(new Set(slots.map((s) => `${s.field}: ${s.context}`))).toEqual(
      new Set([
        'externalId: json-in-hcl-string',
        'bucketName: hcl-string',
        'bucketName: json-in-hcl-string',
        'region: hcl-string',
        'roleName: hcl-string',
        'roleName: json-in-hcl-string',
      ]),
    );
    expect(segmentsOf('policy = "{\\"Id\\":\\"QSENTINEL-EXTERNAL-ID\\"}"')).toEqual([
      'policy = "{\\"Id\\":\\"',
      { field: 'externalId', context: 'json-in-hcl-string' },
      '\\"}"',
    ]);
    expect(() => segmentsOf('name = QSENTINEL-ROLE')).toThrow(/a value outside a string/);
    expect(() => segmentsOf('name = "a\\tQSENTINEL-ROLE"')).toThrow(/with escapes or templates/);
  });

  it('escapes each value for its slot (the Terraform tier plans what this renders)', () => {
    const hostile = { ...READER, externalId: 'x"}\\${a}', roleName: 'r"${b}' };
    const text = renderHcl(hcl, hostile, 'role');
    expect(text).toContain('\\"sts:ExternalId\\":\\"x\\\\\\"}\\\\\\\\$${a}\\"');
    expect(text).toContain('"r\\"$${b}"');
  });

  it('renders nothing from invalid values', () => {
    const invalid = { ...READER, bucketName: 'quartic$(id)' };
    expect(renderableValues(invalid)).toBeUndefined();
    expect(renderableValues(READER)).toBe(READER);
    expect(renderableValues({ ...READER, externalId: '' })).toEqual({ ...READER, externalId: '' });
    const source = readFileSync(join(ROOT, 'examples', 'stack.ts'), 'utf8');
    const block = extractDocsBlock(source, 'integration');
    for (const render of [
      () => hclFor(hcl, invalid, 'all'),
      () => cdktfBlockWithValues(block, invalid),
      () => exampleEnv(invalid),
    ]) {
      expect(render).toThrow('`bucketName` must contain only lowercase letters');
    }
  });
  // terraform fmt, validate and plan of every variant with a reader's values: the terraform tier.
});

describe('CDKTF snippet', () => {
  const source = readFileSync(join(ROOT, 'examples', 'stack.ts'), 'utf8');

  it('is the DOCS_BLOCK of examples/stack.ts', () => {
    const block = extractDocsBlock(source, 'integration');
    expect(block.startsWith("this.integration = new QuarticS3Integration(this, 'quartic', {")).toBe(true);
    expect(block).toContain('...options');
    expect(() => extractDocsBlock(source, 'nope')).toThrow(/DOCS_BLOCK_START:nope not found/);
  });

  it("writes the reader's values in place of the options spread", () => {
    const block = extractDocsBlock(source, 'integration');
    const shown = cdktfBlockWithValues(block, READER);
    expect(shown).not.toContain('...options');
    expect(shown).toContain("bucketName: 'acme-quartic-data',");
    expect(shown).toContain("externalId: 'q-7d1e-acme', // from Quartic");
    expect(shown).toContain("roleName: 'quartic-reader',");
    expect(shown).toContain("accessLevel: 'read-only',");
    expect(shown).toContain("encryption: 'SSE-KMS',");
    // Defaults are left out, as a reader would.
    const plain = cdktfBlockWithValues(block, DEFAULT_VALUES);
    expect(plain).not.toContain('roleName');
    expect(plain).toContain("externalId: 'EXTERNAL-ID-FROM-QUARTIC'");
  });

  it("sets the example app's environment variables from the option registry", () => {
    expect(exampleEnv(READER).split('\n')).toEqual([
      'export QUARTIC_BUCKET_NAME=acme-quartic-data',
      'export QUARTIC_REGION=eu-central-1',
      'export QUARTIC_EXTERNAL_ID=q-7d1e-acme',
      'export QUARTIC_ROLE_NAME=quartic-reader',
      'export QUARTIC_ACCESS_LEVEL=read-only',
      'export QUARTIC_ENCRYPTION=SSE-KMS',
    ]);
  });
});

describe('configurator values', () => {
  it('reads a link, ignoring unknown fields and bad choices', () => {
    expect(
      valuesFromQuery('?externalId=q-1&bucketName=b-1&accessLevel=admin&encryption=SSE-KMS&tool=cli&x=1'),
    ).toEqual({ externalId: 'q-1', bucketName: 'b-1', encryption: 'SSE-KMS' });
  });

  it('round-trips through a link', () => {
    expect(mergeValues(DEFAULT_VALUES, valuesFromQuery(queryForValues(READER)))).toEqual(READER);
    expect(queryForValues(DEFAULT_VALUES)).toBe('');
  });

  it('keeps only well-formed stored values', () => {
    expect(mergeValues(DEFAULT_VALUES, { bucketName: 5, accessLevel: 'root', roleName: 'r' })).toEqual({
      ...DEFAULT_VALUES,
      roleName: 'r',
    });
    expect(mergeValues(DEFAULT_VALUES, null)).toBe(DEFAULT_VALUES);
  });

  it('returns the base object itself when nothing changes (no re-render)', () => {
    expect(mergeValues(DEFAULT_VALUES, {})).toBe(DEFAULT_VALUES);
    expect(mergeValues(DEFAULT_VALUES, { ...DEFAULT_VALUES, accessLevel: 'root' })).toBe(DEFAULT_VALUES);
    expect(mergeValues(READER, { bucketName: READER.bucketName })).toBe(READER);
    expect(mergeValues(DEFAULT_VALUES, { roleName: 'r' })).not.toBe(DEFAULT_VALUES);
  });
});

describe('guide fields from the option registry', () => {
  it('starts from the guide entries: initial values, else the option defaults', () => {
    expect(DEFAULT_VALUES).toEqual({
      bucketName: 'quartic-data-example',
      region: 'eu-west-2',
      externalId: '',
      roleName: 'quartic-access',
      accessLevel: 'full',
      encryption: 'SSE-S3',
    });
    expect(PLACEHOLDERS).toEqual({
      bucketName: '<your-bucket-name>',
      region: '<your-region>',
      externalId: '<external-id-from-quartic>',
      roleName: '<role-name>',
      accessLevel: '<access-level>',
      encryption: '<encryption>',
    });
    expect(hintOf('encryption', { ...DEFAULT_VALUES, encryption: 'SSE-KMS' })).toBe(
      'A new KMS key; the role may use it only through S3, for this bucket.',
    );
    expect(hintOf('bucketName', DEFAULT_VALUES)).toBe('New, dedicated to Quartic, globally unique.');
  });

  it("renders the library's problems and warnings with the field's label", () => {
    const { problems, warnings } = validateOptions({
      ...toOptions(READER),
      bucketName: 'Bad_Bucket',
      region: 'ap-southeast-5',
    });
    expect(problems.map((p) => renderProblem(p, GUIDE_SURFACE))).toEqual([
      'Bucket name must contain only lowercase letters, digits, dots (.) and hyphens (-), got "Bad_Bucket". ' +
        'Example: "quartic-data-acme".',
    ]);
    expect(warnings.map((w) => renderWarning(w, GUIDE_SURFACE))).toEqual([
      'Region "ap-southeast-5" is an opt-in region: enable it in your account (Account settings > AWS ' +
        'Regions) before deploying, or every API call there fails.',
    ]);
    // A field the guide does not ask for keeps the construct's name.
    expect(GUIDE_SURFACE.label('kmsKeyArn')).toBe('`kmsKeyArn`');
    expect(GUIDE_SURFACE.setting('encryption', 'SSE-KMS')).toBe('Default encryption set to "SSE-KMS"');
  });
});

describe('reference', () => {
  // Compile-time exhaustive list: adding a prop to the interface fails type-checking here until it is added.
  const PROPS: Record<keyof QuarticS3IntegrationOptions, true> = {
    bucketGuardrails: true,
    bucketName: true,
    region: true,
    externalId: true,
    roleName: true,
    trustedAccountId: true,
    accessLevel: true,
    existingBucket: true,
    versioning: true,
    accessLogging: true,
    tags: true,
    encryption: true,
    kmsKeyArn: true,
    allowBucketDestroy: true,
    maxSessionDuration: true,
    roleDescription: true,
  };

  it('documents every prop of QuarticS3IntegrationOptions with its type and default', () => {
    const [options] = readInterfaces(join(ROOT, 'src', 'core', 'options.ts'), [
      'QuarticS3IntegrationOptions',
    ]);
    expect(options!.props.map((p) => p.name).sort()).toEqual(Object.keys(PROPS).sort());
    for (const p of options!.props) {
      expect(p.doc.length).toBeGreaterThan(10);
      if (!p.required) expect(p.default).toBeDefined();
    }
    const role = options!.props.find((p) => p.name === 'roleName');
    expect(role).toMatchObject({ type: 'string', required: false, default: "'quartic-access'" });
    const level = options!.props.find((p) => p.name === 'accessLevel');
    expect(level).toMatchObject({ type: 'AccessLevel', default: "'full'" });
    const logging = options!.props.find((p) => p.name === 'accessLogging');
    expect(logging?.default).toBe('no access logging');
    const bucket = options!.props.find((p) => p.name === 'bucketName');
    expect(bucket?.see).toBe('https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html');
  });

  it("lists the example app's environment variables", () => {
    const { settings } = generateReference();
    expect(settings.map((s) => s.env)).toEqual(
      expect.arrayContaining(['QUARTIC_BUCKET_NAME', 'QUARTIC_REGION', 'QUARTIC_EXTERNAL_ID']),
    );
  });
});
