/**
 * Checks as data, and the one runner that applies them. A check is an entry: its id, its title, the facts
 * it needs (the bucket exists, the role exists, SSE-KMS...), the facts it settles for later checks, its
 * failure class, and a run function that returns pass, fail, skip or an AWS error. The runner runs the
 * entries in list order; a check whose need is unmet is skipped with the reason the need carries, without
 * running; each result goes to the progress listener as it lands.
 *
 * Facts: a check settles the facts it `provides` — met when it passes, unmet with the list's default reason
 * when it fails, unmet with its own skip reason when it is skipped. An outcome may settle a fact itself
 * (`facts`), where the finding says more than pass or fail (a bucket policy that is missing is still read;
 * an SSE-S3 bucket names its algorithm in the reason).
 */
import { parseRoleArn } from './arn';
import { AwsErrorInfo, commonDiagnosis, Diagnosis, errorInfo } from './aws-errors';
import { FailureClass } from './failures';
import { CheckResult, ProgressListener, VerifyInputs } from './types';

/** The values check titles name; --help renders the titles with placeholders for them. */
export interface TitleValues {
  readonly bucket: string;
  readonly region: string;
  readonly roleArn: string;
  readonly roleName: string;
  readonly externalId: string;
  /** Undefined: any level. */
  readonly accessLevel?: string;
  readonly prefix: string;
  /** The canary object's key (Quartic mode). */
  readonly canaryKey: string;
}

/** A fact settled by a check: met (`true`), or the reason the checks that need it are skipped. */
export type FactState = true | string;

export type Facts<F extends string> = Partial<Readonly<Record<F, FactState>>>;

/** What a finding says; `failure` defaults to the check's own class. */
export interface Finding {
  readonly failure?: FailureClass;
  readonly diagnosis: string;
  readonly hint: string;
}

export type Outcome<F extends string> =
  | { readonly status: 'pass'; readonly detail: string; readonly facts?: Facts<F> }
  | ({ readonly status: 'fail'; readonly detail: string; readonly facts?: Facts<F> } & Finding)
  | { readonly status: 'skip'; readonly detail: string; readonly facts?: Facts<F> }
  | {
      readonly status: 'error';
      readonly error: unknown;
      /** The check's own reading of the error, after the causes every call shares. */
      readonly specific?: (info: AwsErrorInfo) => Diagnosis | undefined;
      readonly facts?: Facts<F>;
    };

export interface Check<C, F extends string> {
  /** Stable id, as in the JSON report. */
  readonly id: string;
  readonly title: (values: TitleValues) => string;
  /** Facts that must be met before the check runs, first unmet first reported. */
  readonly needs: readonly F[] | ((context: C) => readonly F[]);
  /** Facts this check settles for the checks after it. */
  readonly provides?: readonly F[];
  /** The class (and so the exit code) of the check's own finding. */
  readonly failure: FailureClass;
  /** When it fails, the run ends: nothing after it is run or reported. */
  readonly haltOnFail?: boolean;
  readonly run: (context: C) => Promise<Outcome<F>> | Outcome<F>;
}

/** An ordered list of checks and, for each fact, why the checks that need it are skipped when it fails. */
export interface CheckList<C, F extends string> {
  readonly checks: readonly Check<C, F>[];
  readonly unmet: Readonly<Record<F, string>>;
}

export const pass = <F extends string>(detail: string, facts?: Facts<F>): Outcome<F> => ({
  status: 'pass',
  detail,
  ...(facts === undefined ? {} : { facts }),
});

export const fail = <F extends string>(detail: string, finding: Finding, facts?: Facts<F>): Outcome<F> => ({
  status: 'fail',
  detail,
  ...finding,
  ...(facts === undefined ? {} : { facts }),
});

export const skip = <F extends string>(detail: string, facts?: Facts<F>): Outcome<F> => ({
  status: 'skip',
  detail,
  ...(facts === undefined ? {} : { facts }),
});

/**
 * A failed AWS call: the runner diagnoses the causes every call shares (credentials, network) first, then
 * `specific`, then "unexpected" with the AWS error named.
 */
export const awsError = <F extends string>(
  error: unknown,
  specific?: (info: AwsErrorInfo) => Diagnosis | undefined,
  facts?: Facts<F>,
): Outcome<F> => ({
  status: 'error',
  error,
  ...(specific === undefined ? {} : { specific }),
  ...(facts === undefined ? {} : { facts }),
});

export interface RunOptions {
  readonly onProgress?: ProgressListener;
  /** Named in the diagnosis of an unreachable endpoint. */
  readonly endpointUrl?: string;
}

export async function runChecks<C, F extends string>(
  list: CheckList<C, F>,
  context: C,
  titles: TitleValues,
  options: RunOptions = {},
): Promise<readonly CheckResult[]> {
  const results: CheckResult[] = [];
  const facts = new Map<F, FactState>();
  for (const check of list.checks) {
    const title = check.title(titles);
    const needs = typeof check.needs === 'function' ? check.needs(context) : check.needs;
    const unmet = needs.map((need) => factOf(facts, need, check.id)).find((s) => s !== true);
    let result: CheckResult;
    let settled: Facts<F> = {};
    if (unmet !== undefined) {
      result = { id: check.id, title, status: 'skip', detail: unmet };
    } else {
      const outcome = await check.run(context);
      result = resultOf(check, title, outcome, options.endpointUrl);
      settled = outcome.facts ?? {};
    }
    for (const fact of check.provides ?? [])
      facts.set(fact, settled[fact] ?? stateOf(result, list.unmet[fact]));
    results.push(result);
    options.onProgress?.(result);
    if (result.status === 'fail' && check.haltOnFail === true) break;
  }
  return results;
}

/** A provided fact the outcome did not settle: met on a pass, else the skip reason or the fact's own. */
function stateOf(result: CheckResult, unmet: string): FactState {
  if (result.status === 'pass') return true;
  return result.status === 'skip' ? result.detail : unmet;
}

function factOf<F extends string>(facts: ReadonlyMap<F, FactState>, need: F, id: string): FactState {
  const state = facts.get(need);
  if (state === undefined) throw new Error(`check ${id} needs "${need}", which no earlier check provides`);
  return state;
}

function resultOf<C, F extends string>(
  check: Check<C, F>,
  title: string,
  outcome: Outcome<F>,
  endpointUrl: string | undefined,
): CheckResult {
  const { id } = check;
  switch (outcome.status) {
    case 'pass':
    case 'skip':
      return { id, title, status: outcome.status, detail: outcome.detail };
    case 'fail':
      return {
        id,
        title,
        status: 'fail',
        detail: outcome.detail,
        failure: outcome.failure ?? check.failure,
        diagnosis: outcome.diagnosis,
        hint: outcome.hint,
      };
    case 'error': {
      const info = errorInfo(outcome.error);
      const status = info.status ? ` (HTTP ${info.status})` : '';
      const diagnosis = commonDiagnosis(info, endpointUrl) ??
        outcome.specific?.(info) ?? {
          failure: 'unexpected' as const,
          diagnosis: `AWS answered ${info.name}${status}: ${info.message}`,
          hint: 'Run again; if it persists, report it with the output of --json.',
        };
      return { id, title, status: 'fail', detail: `${info.name}${status}`, ...diagnosis };
    }
  }
}

/** The values the titles of a run name. */
export function titleValuesOf(inputs: VerifyInputs, canaryKey: string): TitleValues {
  return {
    bucket: inputs.bucket,
    region: inputs.region,
    roleArn: inputs.roleArn,
    roleName: parseRoleArn(inputs.roleArn)?.roleName ?? inputs.roleArn,
    externalId: inputs.externalId,
    ...(inputs.accessLevel === undefined ? {} : { accessLevel: inputs.accessLevel }),
    prefix: inputs.prefix,
    canaryKey,
  };
}

/** Placeholders for the values titles name, as --help and the README show them. */
export const PLACEHOLDER_TITLES: TitleValues = {
  bucket: '<bucket>',
  region: '<region>',
  roleArn: '<role-arn>',
  roleName: '<role>',
  externalId: '<external-id>',
  prefix: '<prefix>',
  canaryKey: '<prefix><time>-<random>.txt',
};
