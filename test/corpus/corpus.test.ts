/**
 * The bad-input and edge-case corpus (cases.tsv, one row per case), run through the example app the way a
 * customer runs it: QUARTIC_* environment variables in, exit code, stderr and cdk.tf.json out.
 * Every row runs in-process (`main(env)` with its own output directory); rows marked `cli` also run as a
 * separate process with the exact command of cdktf.json's "app", to prove the exit code and stderr.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { main } from '../../examples/main';
import { OPTION_SPECS } from '../../src/core/option-registry';
import { STACK_NAME } from '../../examples/stack';
import { COMMERCIAL_REGIONS } from '../../src';

const ROOT = join(__dirname, '..', '..');

type Piece = string | { repeat: string; length: number };
interface Row {
  readonly line: number;
  readonly expect: 'invalid' | 'valid';
  readonly id: string;
  /** The full environment of the case (base row plus the case's changes). */
  readonly env: Readonly<Record<string, string>>;
  /** The case's own changes, to see which variables it is about. */
  readonly changes: Readonly<Record<string, string | null>>;
  readonly names: readonly string[];
  readonly message: string | undefined;
  readonly cli: boolean;
  /** A known bug that makes the row fail today (see cases.tsv). */
  readonly issue: string | undefined;
}

function expand(value: Piece | Piece[], where: string): string {
  if (Array.isArray(value)) return value.map((v) => expand(v, where)).join('');
  if (typeof value === 'string') return value;
  if (typeof value?.repeat === 'string' && Number.isInteger(value.length) && value.repeat !== '') {
    return value.repeat.repeat(Math.ceil(value.length / value.repeat.length)).slice(0, value.length);
  }
  throw new Error(`${where}: a value must be a string, {"repeat", "length"} or an array of those`);
}

function loadRows(): Row[] {
  const lines = readFileSync(join(__dirname, 'cases.tsv'), 'utf8').split('\n');
  const rows: Row[] = [];
  let base: Record<string, string> | undefined;
  let header = false;
  lines.forEach((text, index) => {
    const where = `cases.tsv:${index + 1}`;
    if (text.trim() === '' || text.startsWith('#')) return;
    const cells = text.split('\t');
    if (cells.length !== 7) throw new Error(`${where}: expected 7 tab-separated cells, got ${cells.length}`);
    const [expect, id, envJson, names, message, cli, issue] = cells;
    if (!header) {
      if (cells.join(' ') !== 'expect id env names message cli issue')
        throw new Error(`${where}: bad header`);
      header = true;
      return;
    }
    const raw = JSON.parse(envJson) as Record<string, Piece | Piece[] | null>;
    const changes: Record<string, string | null> = {};
    for (const [key, value] of Object.entries(raw)) {
      if (!key.startsWith('QUARTIC_')) throw new Error(`${where}: ${key} is not a QUARTIC_ variable`);
      changes[key] = value === null ? null : expand(value, where);
    }
    if (expect === 'base') {
      base = changes as Record<string, string>;
      return;
    }
    if (expect !== 'invalid' && expect !== 'valid')
      throw new Error(`${where}: expect must be invalid or valid`);
    if (base === undefined) throw new Error(`${where}: the base row must come first`);
    const env: Record<string, string> = { ...base };
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) delete env[key];
      else env[key] = value;
    }
    rows.push({
      line: index + 1,
      expect,
      id,
      env,
      changes,
      names: names === '-' ? [] : names.split(' '),
      message: message === '-' ? undefined : message,
      cli: cli === 'yes',
      issue: issue === '-' ? undefined : issue,
    });
  });
  return rows;
}

const ROWS = loadRows();
const INVALID = ROWS.filter((r) => r.expect === 'invalid');
const VALID = ROWS.filter((r) => r.expect === 'valid');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Every file the run left in its output directory. */
  readonly files: readonly string[];
  readonly stack?: Record<string, Record<string, Record<string, Record<string, unknown>>>>;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));
}

function collect(outdir: string, code: number, stdout: string, stderr: string): Run {
  const files = filesUnder(outdir);
  const stackFile = join(outdir, 'stacks', STACK_NAME, 'cdk.tf.json');
  const stack = existsSync(stackFile) ? JSON.parse(readFileSync(stackFile, 'utf8')) : undefined;
  return { code, stdout, stderr, files, stack };
}

/** `main(env)` in this process, with console output captured. */
function runInProcess(env: Readonly<Record<string, string>>): Run {
  const work = mkdtempSync(join(tmpdir(), 'quartic-corpus-'));
  // An output directory that does not exist yet: "writes nothing" then means it is never created.
  const outdir = join(work, 'out');
  const out: string[] = [];
  const err: string[] = [];
  const spies = [
    jest.spyOn(console, 'log').mockImplementation((...m: unknown[]) => void out.push(m.join(' '))),
    jest.spyOn(console, 'warn').mockImplementation((...m: unknown[]) => void err.push(m.join(' '))),
    jest.spyOn(console, 'error').mockImplementation((...m: unknown[]) => void err.push(m.join(' '))),
  ];
  try {
    const code = main({ ...env, CDKTF_OUTDIR: outdir });
    return collect(outdir, code, out.join('\n'), err.join('\n'));
  } finally {
    for (const spy of spies) spy.mockRestore();
    rmSync(work, { recursive: true, force: true });
  }
}

/** The customer's command (cdktf.json "app") as a child process, with only PATH and the case's variables. */
async function runAsCli(env: Readonly<Record<string, string>>): Promise<Run> {
  const app = (JSON.parse(readFileSync(join(ROOT, 'cdktf.json'), 'utf8')) as { app: string }).app;
  const [command, ...args] = app.split(' ');
  const work = mkdtempSync(join(tmpdir(), 'quartic-corpus-cli-'));
  const outdir = join(work, 'out');
  try {
    const result = await promisify(execFile)(command, args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH, ...env, CDKTF_OUTDIR: outdir },
      timeout: 60_000,
    }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({
        code: typeof e.code === 'number' ? e.code : -1,
        stdout: e.stdout ?? '',
        stderr: e.stderr ?? '',
      }),
    );
    return collect(outdir, result.code, result.stdout, result.stderr);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Exit 1, nothing written, the standard frame, and the broken rule on a problem line. */
function expectRejected(row: Row, run: Run): string[] {
  expect({ code: run.code, files: run.files }).toEqual({ code: 1, files: [] });
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^Invalid Quartic S3 integration configuration \(\d+ problems?\):$/);
  expect(lines[lines.length - 1]).toBe('Nothing was written. Fix the values above and run again.');
  expect(run.stdout).not.toContain('Wrote');
  const problems = lines.filter((l) => l.startsWith('  - '));
  expect(problems.filter((l) => l.includes(row.message ?? '?'))).not.toEqual([]);
  return problems;
}

/** The variable is named on the line with the rule, and every variable the case is about is named. */
function expectNamed(row: Row, problems: readonly string[]): void {
  const [first] = row.names;
  // A setting is named with its option (`QUARTIC_REGION (region)`); a name the app does not know, alone.
  const names = (l: string, name: string | undefined) => l.includes(`${name} (`) || l.includes(`\`${name}\``);
  expect(problems.filter((l) => names(l, first) && l.includes(row.message ?? '?'))).not.toEqual([]);
  for (const name of row.names) expect([name, problems.some((l) => names(l, name))]).toEqual([name, true]);
}

describe('the corpus', () => {
  test('has at least 50 invalid and 25 valid cases with unique ids', () => {
    expect(INVALID.length).toBeGreaterThanOrEqual(50);
    expect(VALID.length).toBeGreaterThanOrEqual(25);
    expect(new Set(ROWS.map((r) => r.id)).size).toBe(ROWS.length);
    for (const row of INVALID)
      expect([row.id, row.names.length > 0, row.message !== undefined]).toEqual([row.id, true, true]);
  });

  test('names every setting of the example app in some invalid case', () => {
    const named = new Set(INVALID.flatMap((r) => r.names));
    expect(OPTION_SPECS.map((s) => s.env).filter((env) => !named.has(env))).toEqual([]);
  });

  test('synthesizes in every commercial region', () => {
    const regions = new Set(VALID.map((r) => r.env.QUARTIC_REGION));
    expect(COMMERCIAL_REGIONS.filter((region) => !regions.has(region))).toEqual([]);
  });
});

describe('invalid configuration: exit 1, the variable named, nothing written', () => {
  const rows = (issue: boolean) =>
    INVALID.filter((r) => (r.issue !== undefined) === issue).map(
      (r) => [`${r.id} (cases.tsv:${r.line})`, r] as const,
    );
  test.each(rows(false))('%s', (_, row) => {
    expectNamed(row, expectRejected(row, runInProcess(row.env)));
  });
  // Rows with a known bug (issue cell set): everything but the naming must hold today; the naming fails until
  // the bug is fixed. jest refuses an empty table, so the blocks exist only while such rows do.
  const known = rows(true);
  if (known.length > 0) {
    test.each(known)('%s: rejected, nothing written', (_, row) => {
      expectRejected(row, runInProcess(row.env));
    });
    test.failing.each(known.map(([name, r]) => [`${name}: KNOWN BUG: ${r.issue}`, r] as const))(
      '%s',
      (_, row) => {
        expectNamed(row, expectRejected(row, runInProcess(row.env)));
      },
    );
  }
});

describe('valid edge cases: synthesized as given', () => {
  test.each(VALID.map((r) => [`${r.id} (cases.tsv:${r.line})`, r] as const))('%s', (_, row) => {
    const run = runInProcess(row.env);
    expect({ code: run.code, files: run.files }).toEqual({
      code: 0,
      files: expect.arrayContaining([join('stacks', STACK_NAME, 'cdk.tf.json')]),
    });
    if (row.message === undefined) expect(run.stderr).toBe('');
    else expect(run.stderr).toContain(row.message);
    expect(run.stdout).toMatch(/^Wrote .*\/cdk\.tf\.json$/m);
    const stack = run.stack;
    if (stack === undefined) throw new Error('no cdk.tf.json');
    const { env } = row;
    expect(stack.provider?.aws).toEqual([expect.objectContaining({ region: env.QUARTIC_REGION })]);
    const role = stack.resource.aws_iam_role.quartic_role;
    const trust = JSON.parse(String(role.assume_role_policy));
    expect(trust.Statement[0].Condition.StringEquals['sts:ExternalId']).toBe(env.QUARTIC_EXTERNAL_ID);
    if (env.QUARTIC_ROLE_NAME !== undefined) expect(role.name).toBe(env.QUARTIC_ROLE_NAME);
    const bucket = stack.resource.aws_s3_bucket?.quartic_bucket;
    if (env.QUARTIC_EXISTING_BUCKET?.trim().toLowerCase() === 'true') expect(bucket).toBeUndefined();
    else expect(bucket?.bucket).toBe(env.QUARTIC_BUCKET_NAME);
    expect(String(stack.resource.aws_iam_role_policy.quartic_access_policy.policy)).toContain(
      `"arn:aws:s3:::${env.QUARTIC_BUCKET_NAME}/*"`,
    );
  });
});

describe('as a separate process with the command in cdktf.json', () => {
  const cliRows = ROWS.filter((r) => r.cli);
  // Started together: each is a cold Node start (~1 s); run in parallel they cost about one.
  const runs = new Map<string, Promise<Run>>();
  beforeAll(() => {
    for (const row of cliRows) runs.set(row.id, runAsCli(row.env));
  });

  test('a handful of cases of both kinds are marked', () => {
    expect(cliRows.filter((r) => r.expect === 'invalid').length).toBeGreaterThanOrEqual(3);
    expect(cliRows.filter((r) => r.expect === 'valid').length).toBeGreaterThanOrEqual(1);
  });

  test.each(cliRows.map((r) => [`${r.expect}: ${r.id}`, r] as const))('%s', async (_, row) => {
    const run = await runs.get(row.id);
    if (run === undefined) throw new Error('not started');
    if (row.expect === 'invalid') {
      expectNamed(row, expectRejected(row, run));
    } else {
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
      expect(run.stack?.resource.aws_s3_bucket.quartic_bucket.bucket).toBe(row.env.QUARTIC_BUCKET_NAME);
    }
  });
});
