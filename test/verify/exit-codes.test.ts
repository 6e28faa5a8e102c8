/**
 * The verifier's exit codes are a contract with customers' scripts: --help and the README list exactly the
 * codes FAILURE_CLASSES returns (the README's table is rendered by exitCodeMarkdownRows; this test catches
 * drift after a class is added), and no code moves.
 */
import { exitCodeMarkdownRows, FAILURE_CLASSES } from '../../src/verify/failures';
import { cells, readmeTable } from './readme-tables';

test("the README's verify table is the exit-code table (re-render it from exitCodeMarkdownRows)", () => {
  const rows = readmeTable('VERIFY_EXIT_CODES');
  expect(rows).toBeDefined();
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
    'bucket-guardrails': 34,
    'kms-key-mismatch': 35,
  });
});
