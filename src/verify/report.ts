/** Human output of the verifier: one progress line per check, then the diagnosis or the hand-off. */
import { formatHandoff } from '../core/handoff';
import { FAILURE_CLASSES } from './failures';
import { CheckResult, VerifyReport } from './types';

const MARK = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;

export function progressLine(result: CheckResult): string {
  return `${MARK[result.status]}  ${result.title}: ${result.detail}`;
}

/** A line before the checks: where the expected configuration came from, a flag that differs from the file. */
export function noteLine(note: string): string {
  return `NOTE  ${note}`;
}

export function formatReport(report: VerifyReport): string {
  const lines: string[] = [''];
  const failed = report.checks.filter((c) => c.status === 'fail');
  if (failed.length === 0) {
    if (report.mode === 'customer' && report.handoff !== undefined) {
      lines.push('All checks passed.', '', formatHandoff(report.handoff));
    } else {
      lines.push(
        `All checks passed: Quartic can assume ${report.inputs.roleArn} and use s3://${report.inputs.bucket}.`,
      );
    }
    return lines.join('\n');
  }
  lines.push(`${failed.length} check${failed.length === 1 ? '' : 's'} failed:`);
  for (const check of failed) {
    lines.push(`  x ${check.title}`);
    if (check.diagnosis !== undefined) lines.push(`    Why: ${check.diagnosis}`);
    if (check.hint !== undefined) lines.push(`    Fix: ${check.hint}`);
  }
  const summary = FAILURE_CLASSES.find((c) => c.failure === report.failure)?.summary ?? '';
  lines.push('', `Exit code ${report.exitCode}: ${summary}.`);
  if (report.mode === 'customer')
    lines.push('Do not send the hand-off values to Quartic until every check passes.');
  return lines.join('\n');
}
