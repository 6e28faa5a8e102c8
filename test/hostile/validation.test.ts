/**
 * The first wall: every hostile value of the corpus is refused in every field whose rules are strict,
 * and in every field at all when it holds what no renderer can take safely everywhere (line breaks,
 * control, invisible and bidi characters, `"`, `\`, `${`, `%{`, a URL the AWS CLI would fetch). Each
 * refusal names the field, the rule and a valid example; nothing is written (the corpus tier runs the
 * example app on the same rules).
 */
import { validateOptions } from '../../src';
import { HOSTILE_VALUES } from './corpus';
import { HOSTILE_FIELDS, refusedEverywhere, STRICT_FIELDS } from './fields';

const cases = HOSTILE_FIELDS.flatMap(([field, put]) =>
  HOSTILE_VALUES.map(([name, value]) => ({ field, name, value, options: put(value) })),
);

test('the corpus has at least 40 values', () => {
  expect(HOSTILE_VALUES.length).toBeGreaterThanOrEqual(40);
  expect(new Set(HOSTILE_VALUES.map(([name]) => name)).size).toBe(HOSTILE_VALUES.length);
});

test.each(cases.filter((c) => STRICT_FIELDS.includes(c.field) || refusedEverywhere(c.value)))(
  '$field refuses $name, naming the field, the rule and an example',
  ({ field, options }) => {
    const problems = validateOptions(options).problems;
    const own = problems.filter((p) => p.field === field);
    expect(own.length).toBeGreaterThan(0);
    for (const p of own)
      expect(p.message).toMatch(
        new RegExp(`^\`${field.replace('.', '\\.')}\` .+, got .+\\. Example: .+\\.$`, 's'),
      );
    // Only the field at fault: the base options are valid.
    expect(problems.filter((p) => p.field !== field && !p.field.startsWith('tags'))).toEqual([]);
  },
);

test('messages show a refused value escaped: no raw line break, control or bidi character', () => {
  for (const c of cases) {
    for (const p of validateOptions(c.options).problems) {
      expect(p.message).not.toMatch(
        // eslint-disable-next-line no-control-regex, no-misleading-character-class -- finding them is the point
        /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff\u00ad\u034f\u3164\ufe00-\ufe0f]|[\u{E0000}-\u{E007F}]|[\ud800-\udfff]/u,
      );
    }
  }
});

test('the free-text fields accept some hostile values, so the renderers below are really tested', () => {
  const accepted = (field: string) =>
    cases
      .filter((c) => c.field === field && validateOptions(c.options).problems.length === 0)
      .map((c) => c.name);
  expect(accepted('roleDescription')).toEqual(
    expect.arrayContaining([
      'command substitution',
      'backticks',
      'single quote breakout',
      'history expansion',
    ]),
  );
  expect(accepted('accessLogging.targetPrefix')).toEqual(expect.arrayContaining(['emoji', 'redirection']));
});

test.each([
  ['x ${file(hostname)} y', 'must not contain `${` or `%{` (Terraform would evaluate it as a template)'],
  ['x %{ if true }y%{ endif }', 'must not contain `${` or `%{` (Terraform would evaluate it as a template)'],
  ['ACME\\svc', 'must not contain `"` or `\\` (cdktf writes them unescaped into its HCL output)'],
  ['two\nlines', 'must not contain line breaks or control characters (found U+000A)'],
  [
    'file:///etc/hostname',
    'must not start with "file://" (the AWS CLI would read that file or URL instead of the text)',
  ],
  [
    ' https://example.com',
    'must not start with "https://" (the AWS CLI would read that file or URL instead of the text)',
  ],
])('roleDescription %j: %s', (value, rule) => {
  const problems = validateOptions({
    bucketName: 'quartic-data-acme',
    region: 'eu-west-2',
    externalId: 'q-1',
    roleDescription: value,
  }).problems;
  expect(problems.map((p) => p.rule)).toEqual([rule]);
  expect(problems[0]?.example).toBe('"Quartic data platform access"');
});
