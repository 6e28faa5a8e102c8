/**
 * The list of checks that --help and the README show is read from the check lists themselves
 * (src/verify/catalog.ts): the README's table is rendered by checkMarkdownRows (this test catches drift
 * after a check is added, moved or retitled), and the run order is pinned.
 */
import { HELP } from '../../src/verify/args';
import { CHECK_CATALOG, checkHelpLines, checkMarkdownRows, markdownCell } from '../../src/verify/catalog';
import { cells, readmeTable } from './readme-tables';

test("the README's list of checks is the catalog (re-render it from checkMarkdownRows)", () => {
  const rows = readmeTable('VERIFY_CHECKS');
  expect(rows).toBeDefined();
  expect(rows).toEqual(checkMarkdownRows().map(cells));
});

test('--help lists every check of both modes, in run order, with its title', () => {
  expect(HELP).toContain(
    `Checks, in the order they run (a check whose need failed is skipped, and says why):\n${checkHelpLines().join('\n')}\n`,
  );
  expect(checkHelpLines()).toContain('    bucket-region         Bucket <bucket> exists in <region>');
  expect(checkHelpLines()).toContain(
    '    assume-role           Assume <role-arn> with external ID <external-id>',
  );
});

test('the run order of each mode is pinned', () => {
  const ids = (mode: string) => CHECK_CATALOG.filter((e) => e.mode === mode).map((e) => e.id);
  expect(ids('customer')).toEqual([
    'credentials',
    'bucket-region',
    'public-access-block',
    'ownership',
    'encryption',
    'tls-policy',
    'bucket-guardrails',
    'bucket-policy-grants',
    'kms-key',
    'kms-key-policy',
    'role',
    'trust-policy',
    'access-policy',
    'versioning',
    'lifecycle',
    'access-logging',
    'session-duration',
  ]);
  expect(ids('quartic')).toEqual([
    'credentials',
    'assume-role',
    'bucket-region',
    'canary-put',
    'canary-list',
    'canary-get',
    'canary-delete',
  ]);
});

test.each([
  ['Bucket <bucket> exists', 'Bucket \\<bucket\\> exists'],
  ['a | b', 'a \\| b'],
  ['`code` *x* _y_ [z]', '\\`code\\` \\*x\\* \\_y\\_ \\[z\\]'],
  ['back\\slash', 'back\\\\slash'],
  ['plain text: s3://b/k.txt', 'plain text: s3://b/k.txt'],
])('markdownCell(%j) is %j', (text, cell) => {
  expect(markdownCell(text)).toBe(cell);
});
