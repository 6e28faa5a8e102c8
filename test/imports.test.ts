import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..');
const PROVIDER_ROOT = ['@cdktf', 'provider-aws'].join('/');

// The benchmark's stock-path baseline loads the package root on purpose (in a child process only).
const ALLOWED = [join(root, 'scripts', 'bench.ts')];
const ROOT_IMPORT = /from\s+['"]@cdktf\/provider-aws['"]|require\(\s*['"]@cdktf\/provider-aws['"]\s*\)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return ['node_modules', 'build', '.docusaurus'].includes(entry.name) ? [] : sourceFiles(path);
    return /\.(ts|tsx|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

describe('provider imports', () => {
  test('no file imports the @cdktf/provider-aws package root (it costs ~10x synth time)', () => {
    const dirs = ['src', 'examples', 'test', 'scripts', 'docs-site/src'].map((d) => join(root, d));
    const files = dirs.flatMap((d) => {
      try {
        return sourceFiles(d);
      } catch {
        return [];
      }
    });
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.filter(
      (f) => f !== __filename && !ALLOWED.includes(f) && ROOT_IMPORT.test(readFileSync(f, 'utf8')),
    );
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });

  test('the lint rule rejects a root import, and cdktf in a pure module', () => {
    const probe =
      // Assembled at run time so that no source file, this one included, holds a root import a grep would find.
      `import { S3Bucket } from '${PROVIDER_ROOT}';\nimport { Token } from 'cdktf';\nexport { S3Bucket, Token };\n`;
    let output = '';
    try {
      execFileSync(
        join(root, 'node_modules/.bin/eslint'),
        ['--stdin', '--stdin-filename', 'src/core/policies.ts', '-f', 'json'],
        {
          cwd: root,
          input: probe,
          encoding: 'utf8',
        },
      );
    } catch (error) {
      output = (error as { stdout: string }).stdout;
    }
    const [result] = JSON.parse(output) as Array<{ messages: Array<{ ruleId: string; message: string }> }>;
    expect(result.messages.map((m) => m.message)).toEqual([
      "'@cdktf/provider-aws' import is restricted from being used. Import per resource (e.g. @cdktf/provider-aws/lib/s3-bucket): the package root costs ~10x synth time and ~8x memory.",
      "'@cdktf/provider-aws' import is restricted from being used by a pattern. Pure module: must not import cdktf.",
      "'cdktf' import is restricted from being used. Pure module: must not import cdktf.",
    ]);
  });
});
