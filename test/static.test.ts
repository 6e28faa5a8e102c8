/**
 * The static checks of `npm test`, run as jest tests so they overlap with the slower tiers instead of
 * running before them: ESLint, Prettier and the TypeScript type check (`npm run lint` / `npm run typecheck`
 * run the same tools directly).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const root = join(__dirname, '..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

async function run(command: string, args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(bin(command), args, {
      cwd: root,
      maxBuffer: 16 << 20,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('static checks', () => {
  // Started together: each tool is one process, so they share the cores with each other and the other tiers.
  const eslint = run('eslint', ['--max-warnings', '0', '.']);
  const prettier = run('prettier', ['--check', '--log-level', 'warn', '.']);
  const tsc = run('tsc', ['--noEmit', '-p', '.']);

  test('ESLint: no errors or warnings', async () => {
    expect(await eslint).toEqual({ code: 0, output: '' });
  });

  test('Prettier: every file formatted', async () => {
    expect(await prettier).toEqual({ code: 0, output: '' });
  });

  test('TypeScript: tsc --noEmit passes', async () => {
    expect(await tsc).toEqual({ code: 0, output: '' });
  });
});
