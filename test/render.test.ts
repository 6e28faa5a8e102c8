/**
 * The renderers' own contracts (src/core/render/), and the construct's second wall: every literal string
 * option reaches Terraform through `terraformLiteral`, tokens untouched. The hostile corpus runs through
 * each renderer with the real tools in test/hostile/.
 */
import { Testing, TerraformVariable } from 'cdktf';
import {
  bashCommentValue,
  hclStringContent,
  jsonInHclStringContent,
  mapOptionStrings,
  renderHclValue,
  terraformLiteral,
} from '../src';
import { Token } from 'cdktf';
import { BASE_OPTIONS } from './support/synth';

test('terraformLiteral doubles template sequences only', () => {
  expect(terraformLiteral('a ${b} %{c} $d %e {f}')).toBe('a $${b} %%{c} $d %e {f}');
  expect(terraformLiteral('$${already}')).toBe('$$${already}');
});

test('hclStringContent escapes what a quoted HCL string gives meaning to', () => {
  expect(hclStringContent('a"b\\c\nd\re\tf${g}%{h}\u0000\u2028')).toBe(
    'a\\"b\\\\c\\nd\\re\\tf$${g}%%{h}\\u0000\\u2028',
  );
  expect(jsonInHclStringContent('x"\\')).toBe('x\\\\\\"\\\\\\\\');
  expect(renderHclValue('hcl-string', 'x"')).toBe('x\\"');
  expect(renderHclValue('json-in-hcl-string', 'x"')).toBe('x\\\\\\"');
});

test.each([
  ['x\ud800', 'x\\\\ud800'],
  ['\udc00x', '\\\\udc00x'],
])(
  'the Terraform renderers refuse an unpaired surrogate (%j) instead of writing U+FFFD; a pair is text',
  (value, inJson) => {
    for (const [name, render] of [
      ['terraformLiteral', terraformLiteral],
      ['hclStringContent', hclStringContent],
    ] as const) {
      expect(() => render(value)).toThrow(
        `${name}: the value contains an unpaired surrogate, which Terraform cannot read back`,
      );
    }
    // Inside a JSON document the value is a JSON escape (`\\ud800`), which is plain text to HCL.
    expect(renderHclValue('json-in-hcl-string', value)).toBe(inJson);
    expect(hclStringContent('\u{1F4E6}')).toBe('\u{1F4E6}');
    expect(terraformLiteral('\u{1F4E6}')).toBe('\u{1F4E6}');
  },
);

test('bashCommentValue keeps a value on one line', () => {
  expect(bashCommentValue('a\nb\u2028c')).toBe('"a\\nb\\u2028c"');
});

test('mapOptionStrings reaches every option string, tag keys included, and leaves tokens and other props', () => {
  const stack = Testing.synthScope((scope) => {
    const token = new TerraformVariable(scope, 'description', { type: 'string' }).stringValue;
    const provider = { region: 'eu-west-2' };
    const mapped = mapOptionStrings(
      {
        ...BASE_OPTIONS,
        roleDescription: token,
        accessLogging: { targetBucket: 'logs-${x}', targetPrefix: '%{p}/' },
        tags: { 'k${1}': 'v${2}' },
        maxSessionDuration: 7200,
        provider,
      },
      terraformLiteral,
      (v) => Token.isUnresolved(v),
    );
    expect(mapped.roleDescription).toBe(token);
    expect(mapped.accessLogging).toEqual({ targetBucket: 'logs-$${x}', targetPrefix: '%%{p}/' });
    expect(mapped.tags).toEqual({ 'k$${1}': 'v$${2}' });
    expect(mapped.maxSessionDuration).toBe(7200);
    expect(mapped.provider).toBe(provider);
    expect(mapped.bucketName).toBe(BASE_OPTIONS.bucketName);
  });
  expect(stack).toContain('"variable"');
});
