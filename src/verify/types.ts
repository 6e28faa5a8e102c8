/** The data the verifier works on and reports: inputs, one result per check, the whole report. */
import { AccessLevel } from '../core/access-levels';
import { Handoff } from '../core/handoff';
import { ExpectedConfiguration } from './expected';
import { FailureClass } from './failures';

export type Mode = 'customer' | 'quartic';

export interface VerifyInputs {
  readonly bucket: string;
  readonly region: string;
  readonly roleArn: string;
  readonly externalId: string;
  /** Undefined: accept whichever level the role's policy matches. */
  readonly accessLevel?: AccessLevel;
  readonly trustedAccountId: string;
  readonly mode: Mode;
  readonly endpointUrl?: string;
  /** Key prefix of the canary object in Quartic mode. */
  readonly prefix: string;
  /** The settings customer mode compares with what is deployed. */
  readonly expected: ExpectedConfiguration;
}

export type CheckStatus = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  /** Stable id, e.g. `bucket-region`, `trust-policy`, `canary-put`. */
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  /** What was found, one line. */
  readonly detail: string;
  readonly failure?: FailureClass;
  /** Why it failed, in the customer's terms. */
  readonly diagnosis?: string;
  /** What to do about it. */
  readonly hint?: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly mode: Mode;
  readonly exitCode: number;
  /** Class of the first failing check (its exit code is the report's). */
  readonly failure?: FailureClass;
  /** The inputs the checks ran with (mode and canary prefix are reported elsewhere). */
  readonly inputs: Omit<VerifyInputs, 'mode' | 'prefix'>;
  readonly checks: readonly CheckResult[];
  /** The values to send Quartic, when every customer-mode check passed. */
  readonly handoff?: Handoff;
  /** The notes printed before the checks (where the expected configuration came from, flags that differ). */
  readonly notes?: readonly string[];
}

/** Called as each check finishes, so progress shows while the slower checks run. */
export type ProgressListener = (result: CheckResult) => void;
