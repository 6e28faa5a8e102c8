/** Collects check results in order and tells the listener about each one as it lands. */
import { AwsErrorInfo, commonDiagnosis, Diagnosis, errorInfo } from './aws-errors';
import { CheckResult, ProgressListener } from './types';

export class Recorder {
  private readonly list: CheckResult[] = [];

  constructor(
    private readonly onProgress?: ProgressListener,
    private readonly endpointUrl?: string,
  ) {}

  get results(): readonly CheckResult[] {
    return this.list;
  }

  private add(result: CheckResult): CheckResult {
    this.list.push(result);
    this.onProgress?.(result);
    return result;
  }

  pass(id: string, title: string, detail: string): CheckResult {
    return this.add({ id, title, status: 'pass', detail });
  }

  fail(id: string, title: string, detail: string, diagnosis: Diagnosis): CheckResult {
    return this.add({ id, title, status: 'fail', detail, ...diagnosis });
  }

  skip(id: string, title: string, reason: string): CheckResult {
    return this.add({ id, title, status: 'skip', detail: reason });
  }

  /**
   * Records a failed call: shared causes (credentials, network) first, then the caller's own reading of
   * the error, then "unexpected" with the AWS error named.
   */
  error(
    id: string,
    title: string,
    error: unknown,
    specific: (info: AwsErrorInfo) => Diagnosis | undefined,
  ): CheckResult {
    const info = errorInfo(error);
    const diagnosis = commonDiagnosis(info, this.endpointUrl) ??
      specific(info) ?? {
        failure: 'unexpected' as const,
        diagnosis: `AWS answered ${info.name}${info.status ? ` (HTTP ${info.status})` : ''}: ${info.message}`,
        hint: 'Run again; if it persists, report it with the output of --json.',
      };
    return this.fail(id, title, `${info.name}${info.status ? ` (HTTP ${info.status})` : ''}`, diagnosis);
  }
}
