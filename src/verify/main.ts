/**
 * `quartic-s3 verify`: parse the command line, run the checks of the chosen mode with progress lines,
 * print the report (or JSON) and return the exit code. `main` never throws and never calls
 * process.exit, so tests call it in-process.
 */
import { readFileSync } from 'node:fs';
import { parseCommand, HELP } from './args';
import { AwsClients, defaultClients } from './clients';
import { runCustomerChecks } from './customer-checks';
import { exitCodeOf } from './failures';
import { runQuarticChecks } from './quartic-checks';
import { formatReport, noteLine, progressLine } from './report';
import { ProgressListener, VerifyInputs, VerifyReport } from './types';

export interface MainIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readFile: (path: string) => string;
}

export interface MainDeps {
  /** Builds the AWS clients; tests pass fakes. */
  readonly clients?: (endpointUrl: string | undefined) => AwsClients;
  readonly now?: () => Date;
}

const processIo: MainIo = {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  readFile: (path) => readFileSync(path, 'utf8'),
};

/** Runs the checks of `inputs.mode` and builds the report. */
export async function verify(
  inputs: VerifyInputs,
  clients: AwsClients,
  onProgress?: ProgressListener,
  now?: () => Date,
): Promise<VerifyReport> {
  const checks =
    inputs.mode === 'quartic'
      ? await runQuarticChecks(inputs, clients, onProgress, now)
      : await runCustomerChecks(inputs, clients, onProgress);
  const firstFailure = checks.find((c) => c.status === 'fail');
  const failure = firstFailure === undefined ? undefined : (firstFailure.failure ?? 'unexpected');
  const ok = failure === undefined;
  const { mode, prefix, ...reported } = inputs; // reported without the mode and canary prefix
  return {
    ok,
    mode: inputs.mode,
    exitCode: failure === undefined ? 0 : exitCodeOf(failure),
    ...(failure === undefined ? {} : { failure }),
    inputs: reported,
    checks,
    ...(ok && inputs.mode === 'customer'
      ? { handoff: { bucket_name: inputs.bucket, bucket_region: inputs.region, role_arn: inputs.roleArn } }
      : {}),
  };
}

export async function main(
  argv: readonly string[],
  io: MainIo = processIo,
  deps: MainDeps = {},
): Promise<number> {
  const command = parseCommand(argv, io.readFile);
  if (command.kind === 'help') {
    io.stdout(HELP);
    return 0;
  }
  if (command.kind === 'usage-error') {
    if (command.json) {
      io.stdout(
        JSON.stringify(
          { ok: false, exitCode: exitCodeOf('usage'), failure: 'usage', problems: command.problems },
          null,
          2,
        ),
      );
    }
    io.stderr(
      [
        'quartic-s3 verify: invalid usage',
        ...command.problems.map((p) => `  - ${p}`),
        'Run `quartic-s3 --help` for the options.',
      ].join('\n'),
    );
    return exitCodeOf('usage');
  }
  const { inputs, json, notes } = command;
  const progress = json ? io.stderr : io.stdout;
  try {
    const clients = (deps.clients ?? defaultClients)(inputs.endpointUrl);
    progress(
      `Verifying ${inputs.mode === 'quartic' ? 'Quartic access to' : 'the set-up of'} s3://${inputs.bucket} (${inputs.region}) and ${inputs.roleArn}` +
        (inputs.endpointUrl === undefined ? '' : ` at ${inputs.endpointUrl}`),
    );
    for (const note of notes) progress(noteLine(note));
    const report = await verify(inputs, clients, (result) => progress(progressLine(result)), deps.now);
    if (json) io.stdout(JSON.stringify({ ...report, notes }, null, 2));
    else io.stdout(formatReport(report));
    return report.exitCode;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (json)
      io.stdout(
        JSON.stringify(
          { ok: false, exitCode: exitCodeOf('unexpected'), failure: 'unexpected', error: message },
          null,
          2,
        ),
      );
    io.stderr(`quartic-s3 verify: unexpected error: ${message}`);
    if (process.env.QUARTIC_DEBUG !== undefined && error instanceof Error) io.stderr(error.stack ?? '');
    return exitCodeOf('unexpected');
  }
}
