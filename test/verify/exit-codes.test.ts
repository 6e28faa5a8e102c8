/**
 * The verifier's exit codes are a contract with customers' scripts: --help and the README list exactly the
 * codes FAILURE_CLASSES returns (the README's table is rendered by exitCodeMarkdownRows; this test catches
 * drift after a class is added), and no code moves.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exitCodeMarkdownRows, FAILURE_CLASSES } from '../../src/verify/failures';

const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

/** A Markdown table row as its trimmed cells; a separator row's cells become `---` (prettier pads them). */
const cells = (row: string): string[] =>
  row
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((cell) => (/^\s*-+\s*$/.test(cell) ? '---' : cell.trim()));

test("the README's verify table is the exit-code table (re-render it from exitCodeMarkdownRows)", () => {
  const block = /<!-- VERIFY_EXIT_CODES_START -->\n([\s\S]*?)<!-- VERIFY_EXIT_CODES_END -->/.exec(
    README,
  )?.[1];
  expect(block).toBeDefined();
  const rows = (block ?? '')
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map(cells);
  expect(rows).toEqual(exitCodeMarkdownRows().map(cells));
});

test('exit codes are pinned: adding a class takes a new code, none moves', () => {
  expect(Object.fromEntries(FAILURE_CLASSES.map((c) => [c.failure, c.exitCode]))).toEqual({
    unexpected: 1,
    usage: 2,
    'no-credentials': 3,
    'inspect-denied': 4,
    'endpoint-unreachable': 5,
    'bucket-missing': 10,
    'bucket-wrong-region': 11,
    'public-access-not-blocked': 12,
    'bucket-settings': 13,
    'role-missing': 14,
    'trust-policy': 15,
    'access-policy': 16,
    'bucket-policy-grant': 17,
    'kms-key-state': 18,
    'kms-key-policy': 19,
    'assume-role-denied': 20,
    'object-operation-denied': 21,
    versioning: 30,
    lifecycle: 31,
    'session-duration': 32,
    'access-logging': 33,
  });
});
