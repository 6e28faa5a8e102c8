/**
 * The option registry against the text a reader sees elsewhere: the reference page reads each prop's
 * `@default` from the doc comments of src/core/options.ts, the README and the settings table read the
 * registry's summary. Both are held to the registry's default here, so neither can drift from the plan.
 */
import { join } from 'node:path';
import { readInterfaces, ROOT } from '../scripts/docs-generate';
import { OPTION_SPECS, OptionField, OptionSpec, optionSpec } from '../src/core/option-registry';

/** A registry default as a prop's `@default` tag writes it (the explanation form without its `- `). */
function asJsDoc(spec: OptionSpec): string | undefined {
  if (spec.defaultValue === undefined) return spec.default;
  const value = typeof spec.defaultValue === 'string' ? `'${spec.defaultValue}'` : String(spec.defaultValue);
  return spec.default === undefined ? value : `${value} (${spec.default})`;
}

describe('the option registry', () => {
  const [options, logging] = readInterfaces(join(ROOT, 'src', 'core', 'options.ts'), [
    'QuarticS3IntegrationOptions',
    'AccessLoggingOptions',
  ]);
  // `accessLogging` is on when its target bucket is given: that field's default is the prop's.
  const props = [
    ...options!.props.map((p) => ({
      ...p,
      path: p.name,
      field: (p.name === 'accessLogging' ? 'accessLogging.targetBucket' : p.name) as OptionField,
    })),
    ...logging!.props.map((p) => ({
      ...p,
      path: `accessLogging.${p.name}`,
      field: `accessLogging.${p.name}` as OptionField,
    })),
  ];

  test.each(props.map((p) => [p.path, p] as const))(
    "%s: the prop's @default says the registry's default",
    (_, p) => {
      if (!p.required) expect(p.default).toBeDefined();
      expect(p.default).toBe(p.required ? undefined : asJsDoc(optionSpec(p.field)));
    },
  );

  test.each<[OptionField, string]>([
    ['roleName', 'Name of the role Quartic assumes. Default `quartic-access`.'],
    ['trustedAccountId', "Account allowed to assume the role. Default `555071496850` (Quartic's account)."],
    [
      'accessLogging.targetBucket',
      'Existing bucket that receives server access logs. Default: no access logging.',
    ],
    ['bucketName', 'Name of the bucket (required).'],
  ])('%s: the summary is the meaning and the default', (field, summary) => {
    expect(OPTION_SPECS.find((s) => s.field === field)?.summary).toBe(summary);
  });
});
