/**
 * The failure classes of `quartic-s3 verify`: one exit code and one summary per class. Each check names
 * the class of its own finding (runner.ts). The --help table is generated from this list; the README's is
 * rendered from it by exitCodeMarkdownRows and checked for drift by test/verify/exit-codes.test.ts.
 */

export type FailureClass =
  | 'unexpected'
  | 'usage'
  | 'no-credentials'
  | 'inspect-denied'
  | 'endpoint-unreachable'
  | 'bucket-missing'
  | 'bucket-wrong-region'
  | 'public-access-not-blocked'
  | 'bucket-settings'
  | 'role-missing'
  | 'trust-policy'
  | 'access-policy'
  | 'bucket-policy-grant'
  | 'kms-key-state'
  | 'kms-key-policy'
  | 'assume-role-denied'
  | 'object-operation-denied'
  | 'versioning'
  | 'lifecycle'
  | 'session-duration'
  | 'access-logging'
  | 'bucket-guardrails'
  | 'kms-key-mismatch';

export interface FailureClassInfo {
  readonly failure: FailureClass;
  readonly exitCode: number;
  /** What the exit code means, for --help and the README. */
  readonly summary: string;
}

/**
 * Every class, in exit-code order. 1-5: the check could not run; 10-19: customer set-up (what grants or
 * protects); 20-21: Quartic-mode access; 30-35: a setting differs from the expected configuration (34 and
 * 35 came later than 30-33, and took the next free codes). The codes are a contract with scripts: a new
 * class takes a new code, an existing one never moves.
 */
export const FAILURE_CLASSES: readonly FailureClassInfo[] = [
  { failure: 'unexpected', exitCode: 1, summary: 'unexpected error (a bug or an unknown AWS error)' },
  {
    failure: 'usage',
    exitCode: 2,
    summary: 'usage error: missing or invalid options, unreadable outputs file',
  },
  { failure: 'no-credentials', exitCode: 3, summary: 'no AWS credentials found, or AWS rejected them' },
  {
    failure: 'inspect-denied',
    exitCode: 4,
    summary: 'your credentials may not read the bucket or role settings',
  },
  { failure: 'endpoint-unreachable', exitCode: 5, summary: 'the AWS endpoint could not be reached' },
  { failure: 'bucket-missing', exitCode: 10, summary: 'the bucket does not exist' },
  { failure: 'bucket-wrong-region', exitCode: 11, summary: 'the bucket is in another region' },
  {
    failure: 'public-access-not-blocked',
    exitCode: 12,
    summary: 'the bucket does not block all public access',
  },
  {
    failure: 'bucket-settings',
    exitCode: 13,
    summary: "object ownership, default encryption, or the bucket policy's TLS-only statement is wrong",
  },
  { failure: 'role-missing', exitCode: 14, summary: 'the role does not exist in this account' },
  {
    failure: 'trust-policy',
    exitCode: 15,
    summary: "the role's trust policy is not exactly Quartic's account with your external ID",
  },
  {
    failure: 'access-policy',
    exitCode: 16,
    summary: "the role's permissions are missing or wider than this bucket",
  },
  {
    failure: 'bucket-policy-grant',
    exitCode: 17,
    summary:
      'the bucket policy allows a principal the kit does not write (another account, Quartic, the role)',
  },
  {
    failure: 'kms-key-state',
    exitCode: 18,
    summary: "the bucket's KMS key is missing, disabled or pending deletion",
  },
  {
    failure: 'kms-key-policy',
    exitCode: 19,
    summary:
      "the KMS key's policy or grants let others use it (beyond your account and the role; your own key: everyone)",
  },
  {
    failure: 'assume-role-denied',
    exitCode: 20,
    summary: 'AssumeRole was denied (external ID, trust policy or caller permissions)',
  },
  {
    failure: 'object-operation-denied',
    exitCode: 21,
    summary: 'an object operation (put, list, get, delete) was denied',
  },
  { failure: 'versioning', exitCode: 30, summary: 'bucket versioning is not as expected (--versioning)' },
  {
    failure: 'lifecycle',
    exitCode: 31,
    summary: 'the lifecycle rule that aborts incomplete multipart uploads is missing or changed',
  },
  {
    failure: 'session-duration',
    exitCode: 32,
    summary: "the role's maximum session duration is not as expected (--max-session-duration)",
  },
  {
    failure: 'access-logging',
    exitCode: 33,
    summary: 'server access logging does not go where expected (--log-bucket, --log-prefix)',
  },
  {
    failure: 'bucket-guardrails',
    exitCode: 34,
    summary:
      'the bucket policy lacks guardrails that deny the role what would weaken the bucket (--guardrails)',
  },
  {
    failure: 'kms-key-mismatch',
    exitCode: 35,
    summary: 'the bucket does not encrypt with the KMS key expected (--kms-key-arn)',
  },
];

export function exitCodeOf(failure: FailureClass): number {
  const info = FAILURE_CLASSES.find((c) => c.failure === failure);
  if (info === undefined) throw new Error(`unknown failure class ${failure}`);
  return info.exitCode;
}

/** The exit-code table shown by --help. */
export function exitCodeTable(): string {
  return [
    '  0   every check passed',
    ...FAILURE_CLASSES.map((c) => `  ${String(c.exitCode).padEnd(3)} ${c.summary}`),
  ].join('\n');
}

/** The same table as Markdown rows (`| code | meaning |`), for the README's verify section. */
export function exitCodeMarkdownRows(): string[] {
  return [
    '| Exit | Meaning |',
    '| --- | --- |',
    '| 0 | every check passed |',
    ...FAILURE_CLASSES.map((c) => `| ${c.exitCode} | ${c.summary} |`),
  ];
}
