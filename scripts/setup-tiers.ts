/**
 * The first half of `npm test` (and so of `.ci/run`): installs what the test tiers need and is missing,
 * where it can, then jest runs every tier. Each step checks first and does nothing when its tool is there,
 * so a developer's repeated `npm test` pays well under a second here; `npm run test:fast` skips this.
 *
 * - Python tools (checkov, moto server, AWS CLI) in .venv from requirements-ci.txt (pinned).
 * - The docs site's packages (`npm ci --prefix docs-site`) when missing or older than its lock file.
 * - Chromium and its headless shell from Debian's packages, when running as root (apt-get); otherwise the
 *   line to run is printed and the docs browser tests print their SKIPPED line.
 * - The consumer projects (scripts/consumers.ts): the packed library installed per framework and provider.
 * - The Python tier (scripts/python-tier.ts): the jsii wheel of src/jsii.ts, cdktf 0.21.0 for Python.
 * - Terraform and its provider mirror cannot be installed from any registry here: their absence is reported.
 *
 * A step that fails prints why and the set-up goes on: the tier it serves then says SKIPPED (and fails the
 * run in CI, where QUARTIC_REQUIRE_ALL_TIERS=1). The exit code is 0 unless QUARTIC_REQUIRE_ALL_TIERS=1 and a
 * step failed.
 */
import { execFileSync, ExecFileSyncOptions } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM, CHROMIUM_HEADLESS_SHELL } from './chromium';
import { setupConsumers } from './consumers';
import { setupPythonTier } from './python-tier';

const ROOT = join(__dirname, '..');
const VENV = join(ROOT, '.venv');
const VENV_TOOLS = ['checkov', 'moto_server', 'aws'].map((tool) => join(VENV, 'bin', tool));
const TERRAFORM_MIRROR = '/opt/tf-plugins/registry.terraform.io/hashicorp/aws/5.100.0';

const quiet: ExecFileSyncOptions = {
  cwd: ROOT,
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, NO_UPDATE_NOTIFIER: '1', DEBIAN_FRONTEND: 'noninteractive' },
};

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

function onPath(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function python(): string | undefined {
  if (VENV_TOOLS.every((tool) => existsSync(tool))) return undefined;
  if (!onPath('python3'))
    return 'no python3 on PATH: install Python 3.11 (apt-get install python3 python3-venv)';
  if (!existsSync(join(VENV, 'bin', 'pip'))) {
    try {
      execFileSync('python3', ['-m', 'venv', VENV], quiet);
    } catch {
      if (!isRoot()) return 'python3 -m venv failed: install python3-venv (apt-get install python3-venv)';
      execFileSync('apt-get', ['install', '-y', '-qq', 'python3-venv'], quiet);
      execFileSync('python3', ['-m', 'venv', VENV], quiet);
    }
  }
  execFileSync(join(VENV, 'bin', 'pip'), ['install', '-q', '-r', 'requirements-ci.txt'], quiet);
  return undefined;
}

function docsSite(): string | undefined {
  const installed = join(ROOT, 'docs-site', 'node_modules', '.package-lock.json');
  const lock = join(ROOT, 'docs-site', 'package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return undefined;
  execFileSync(
    'npm',
    ['ci', '--prefix', 'docs-site', '--no-fund', '--no-audit', '--loglevel', 'error'],
    quiet,
  );
  return undefined;
}

function chromium(): string | undefined {
  if (existsSync(CHROMIUM) && existsSync(CHROMIUM_HEADLESS_SHELL)) return undefined;
  if (!isRoot() || !onPath('apt-get')) {
    return `no ${CHROMIUM} / ${CHROMIUM_HEADLESS_SHELL}: install Debian's chromium and chromium-headless-shell (sudo apt-get install chromium chromium-headless-shell)`;
  }
  execFileSync('apt-get', ['update', '-qq'], quiet);
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium', 'chromium-headless-shell'], {
    ...quiet,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return undefined;
}

function terraform(): string | undefined {
  if (!onPath('terraform')) return 'no terraform on PATH: install Terraform 1.11 (no registry here ships it)';
  if (!existsSync(TERRAFORM_MIRROR)) return `no hashicorp/aws 5.100.0 provider in ${TERRAFORM_MIRROR}`;
  return undefined;
}

function consumers(): string | undefined {
  console.log(`  ${setupConsumers()}`);
  return undefined;
}

function pythonTier(): string | undefined {
  if (!onPath('python3'))
    return 'no python3 on PATH: install Python 3.11 (apt-get install python3 python3-venv)';
  console.log(`  ${setupPythonTier()}`);
  return undefined;
}

const STEPS: ReadonlyArray<readonly [string, () => string | undefined]> = [
  ['python tools (.venv: checkov, moto, AWS CLI)', python],
  ['docs site packages', docsSite],
  ['Chromium', chromium],
  ['terraform and the provider mirror', terraform],
  ['consumer projects', consumers],
  // After the consumers: jsii and the Python runtime's kernel run on their Node 22.
  ['python tier (the jsii wheel, cdktf for Python)', pythonTier],
];

export function setupTiers(): number {
  const started = Date.now();
  const failed: string[] = [];
  for (const [name, step] of STEPS) {
    const one = Date.now();
    let missing: string | undefined;
    try {
      missing = step();
    } catch (error) {
      missing = `failed: ${(error as Error).message.split('\n')[0]}`;
    }
    const seconds = ((Date.now() - one) / 1000).toFixed(1);
    if (missing === undefined) console.log(`setup: ${name}: ready (${seconds} s)`);
    else {
      console.log(`setup: ${name}: NOT READY, ${missing}`);
      failed.push(name);
    }
  }
  console.log(`setup: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return failed.length > 0 && process.env.QUARTIC_REQUIRE_ALL_TIERS === '1' ? 1 : 0;
}

if (require.main === module) process.exitCode = setupTiers();
