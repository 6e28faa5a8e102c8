/**
 * The second wall, bash: every value of the hostile corpus goes through src/core/render/bash.ts directly (no
 * validation in front), and the rendered text is checked with `bash -n` and run in a scratch directory.
 * A canary file must never appear, and what bash writes must be exactly the value. Then the whole AWS
 * CLI script (src/core/cli-commands.ts) runs with each hostile value its validation accepts, with `aws`
 * stubbed on PATH: the stub logs every argument, and the arguments and JSON files are compared with the
 * literal values and the library's policy builders.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  awsCliScript,
  bashComment,
  bashCommentValue,
  bashWord,
  bashWriteFile,
  bashWriteJsonWithVariables,
  QuarticS3IntegrationOptions,
  shellVariable,
  trustPolicy,
  validateOptions,
} from '../../src';
import { BASE_OPTIONS } from '../support/synth';
import { CANARY, HOSTILE_VALUES } from './corpus';

const run = promisify(execFile);
let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'quartic-hostile-bash-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs a script with bash in a fresh directory; returns the directory. */
async function runScript(name: string, script: string, path?: string): Promise<string> {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'script.sh'), script);
  await run('bash', ['-n', 'script.sh'], { cwd: dir });
  await run('bash', ['script.sh'], {
    cwd: dir,
    env: { PATH: path ?? '/usr/bin:/bin', HOME: dir, AWS_LOG: join(dir, 'aws.log') },
  });
  return dir;
}

/** NUL and unpaired surrogates cannot be written into a script: the renderer refuses them (below). */
const unwritable = (v: string) => v.includes('\u0000') || /[\ud800-\udfff]/u.test(v);
const withoutNul = HOSTILE_VALUES.filter(([, v]) => !unwritable(v));
const ACCOUNT_ID = shellVariable('ACCOUNT_ID');

describe('bash renderer, each hostile value without validation', () => {
  test.each(withoutNul.map(([name, value], i) => ({ name, value, i })))(
    '$name: a word, a comment, a here-document and a JSON document with variables',
    async ({ value, i }) => {
      const document = { Value: value, Arn: `arn:aws:iam::${ACCOUNT_ID.marker}:root` };
      const script = [
        'set -euo pipefail',
        `printf '%s' ${bashWord(value)} > word.txt`,
        bashComment(`expect ${bashCommentValue(value)}`),
        'printf ok > after-comment.txt',
        bashWriteFile('body.txt', value),
        bashWriteFile('doc.json', JSON.stringify({ Value: value }, null, 2)),
        'ACCOUNT_ID=123456789012',
        bashWriteJsonWithVariables('vars.json', document, [ACCOUNT_ID]),
        '',
      ].join('\n');
      const dir = await runScript(`renderer-${i}`, script);
      expect(existsSync(join(dir, CANARY))).toBe(false);
      expect(readFileSync(join(dir, 'word.txt'), 'utf8')).toBe(value);
      expect(readFileSync(join(dir, 'after-comment.txt'), 'utf8')).toBe('ok');
      expect(readFileSync(join(dir, 'body.txt'), 'utf8')).toBe(`${value}\n`);
      expect(JSON.parse(readFileSync(join(dir, 'doc.json'), 'utf8'))).toEqual({ Value: value });
      expect(JSON.parse(readFileSync(join(dir, 'vars.json'), 'utf8'))).toEqual({
        Value: value,
        Arn: 'arn:aws:iam::123456789012:root',
      });
    },
  );

  test('a NUL, which no bash string can hold, is refused instead of cut short', () => {
    expect(() => bashWord('x\u0000y')).toThrow('bash renderer: a value contains a NUL character');
    expect(() => bashWriteFile('f', 'x\u0000y')).toThrow(
      'bash renderer: a file body contains a NUL character',
    );
    expect(() => bashWriteJsonWithVariables('f', { v: 'x\u0000y' }, [])).toThrow(
      'bash renderer: a value contains a NUL character',
    );
    expect(() => bashComment('x\ny')).toThrow('bash renderer: a comment must be one line');
  });

  test.each(['x\ud800y', 'x\udc00y'])(
    'an unpaired surrogate (%j), which no UTF-8 script can hold, is refused; a JSON document escapes it',
    (value) => {
      expect(() => bashWord(value)).toThrow(
        'bash renderer: a value contains an unpaired surrogate, which no UTF-8 script can hold',
      );
      expect(() => bashWriteFile('f', value)).toThrow(
        'bash renderer: a file body contains an unpaired surrogate, which no UTF-8 script can hold',
      );
      // JSON.stringify writes it as a \uXXXX escape, which reads back as the same string.
      expect(bashWriteJsonWithVariables('f', { v: value }, [])).toContain(JSON.stringify(value).slice(1, -1));
      // A paired surrogate (one astral character) is text and stays writable.
      expect(bashWord('x\u{1F4E6}y')).toBe("'x\u{1F4E6}y'");
    },
  );
});

/** An `aws` that logs its arguments (NUL-separated, one record per call) and answers what the script reads. */
const AWS_STUB = `#!/bin/bash
{ printf '%s\\0' CALL "$@"; } >> "$AWS_LOG"
case "$1 $2" in
  "sts get-caller-identity") echo 123456789012 ;;
  "kms create-key") echo arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab ;;
  "iam get-role") echo arn:aws:iam::123456789012:role/quartic-access ;;
esac
`;

/** The stub's log as calls, each the list of its arguments. */
function calls(dir: string): string[][] {
  const records = readFileSync(join(dir, 'aws.log'), 'utf8').split('\u0000').slice(0, -1);
  const found: string[][] = [];
  for (const record of records) {
    if (record === 'CALL') found.push([]);
    else found[found.length - 1]?.push(record);
  }
  return found;
}

const argAfter = (call: readonly string[], flag: string) => call[call.indexOf(flag) + 1];

/** Options carrying a hostile value in every free-text field that accepts it. */
function hostileOptions(value: string): QuarticS3IntegrationOptions | undefined {
  const candidates: QuarticS3IntegrationOptions[] = [
    { roleDescription: value },
    { accessLogging: { targetBucket: 'acme-logs', targetPrefix: value } },
    { tags: { team: value } },
  ].map((extra) => ({ ...BASE_OPTIONS, encryption: 'SSE-KMS', ...extra }));
  const accepted = candidates.filter((o) => validateOptions(o).problems.length === 0);
  if (accepted.length === 0) return undefined;
  return Object.assign({}, ...accepted) as QuarticS3IntegrationOptions;
}

const scriptCases = HOSTILE_VALUES.flatMap(([name, value], i) => {
  const options = hostileOptions(value);
  return options === undefined ? [] : [{ name, value, options, i }];
});

describe('the AWS CLI script with the hostile values validation accepts', () => {
  let bin: string;
  beforeAll(() => {
    bin = join(scratch, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'aws'), AWS_STUB, { mode: 0o755 });
  });

  test('enough of the corpus gets through validation to test the script', () => {
    expect(scriptCases.length).toBeGreaterThanOrEqual(15);
  });

  test.each(scriptCases)(
    '$name: no canary, and aws receives exactly the value',
    async ({ value, options, i }) => {
      const dir = await runScript(`script-${i}`, awsCliScript(options), `${bin}:/usr/bin:/bin`);
      expect(existsSync(join(dir, CANARY))).toBe(false);
      const log = calls(dir);
      expect(log.map((c) => `${c[0]} ${c[1]}`)).toContain('iam put-role-policy');
      const createRole = log.find((c) => c[1] === 'create-role') as string[];
      if (options.roleDescription !== undefined) expect(argAfter(createRole, '--description')).toBe(value);
      if (options.tags !== undefined) {
        expect(JSON.parse(argAfter(createRole, '--tags') as string)).toEqual([{ Key: 'team', Value: value }]);
      }
      if (options.accessLogging !== undefined) {
        expect(JSON.parse(readFileSync(join(dir, 'logging.json'), 'utf8')).LoggingEnabled.TargetPrefix).toBe(
          value,
        );
      }
      expect(JSON.parse(readFileSync(join(dir, 'trust-policy.json'), 'utf8'))).toEqual(
        trustPolicy({
          partition: 'aws',
          trustedAccountId: '555071496850',
          externalId: BASE_OPTIONS.externalId,
        }),
      );
      const keyPolicy = JSON.parse(readFileSync(join(dir, 'key-policy.json'), 'utf8'));
      expect(keyPolicy.Statement[0].Principal.AWS).toBe('arn:aws:iam::123456789012:root');
    },
  );
});
