/**
 * Set-up of the Python tier (called by scripts/setup-tiers.ts; never by a test): the construct and its props
 * published for Python through jsii, from the narrowed entry src/jsii.ts.
 *
 * 1. build/jsii/ (gitignored) gets src/jsii.ts and the source files it imports, found with TypeScript's own
 *    import scanner (copies made by the build, like lib/; the sources stay in src/), and a package.json made
 *    from data below. jsii resolves cdktf, constructs and @cdktf/provider-aws from the repository's packages.
 * 2. jsii and jsii-pacmak (pinned, installed with npm into the consumer cache) compile it and write the wheel.
 * 3. A virtualenv in the consumer cache gets requirements-python-tier.txt (cdktf 0.21.0 and the matching
 *    provider package) and the wheel. Its own virtualenv, not .venv: cdktf pins typeguard 2.x.
 *
 * A record of the inputs (the library's sources and the requirements) makes a repeated set-up a no-op.
 * Every command's stdout and stderr go, in order, to a log (runLogged): the installs' logs (npm's for the
 * jsii tools, pip's for the virtualenv) are kept beside what they installed, for the tier to check that
 * neither printed a warning.
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';
import {
  CONSUMERS_DIR,
  libraryInputsHash,
  loggedBySetup,
  NODE22_BIN,
  REPO_ROOT,
  runLogged,
  SetupLog,
} from './consumers';

export const JSII_TOOLS = { jsii: '6.0.16', 'jsii-pacmak': '1.140.0' } as const;
export const JSII_TOOLS_DIR = join(CONSUMERS_DIR, 'jsii-tools');
export const JSII_PROJECT = join(REPO_ROOT, 'build', 'jsii');
export const PYTHON_VENV = join(CONSUMERS_DIR, 'python-venv');
export const PYTHON = join(PYTHON_VENV, 'bin', 'python');
const WHEEL_DIR = join(CONSUMERS_DIR, 'python-wheel');
export const REQUIREMENTS = join(REPO_ROOT, 'requirements-python-tier.txt');
const RECORD = join(PYTHON_VENV, 'quartic-python-tier.json');
/** npm's log of installing jsii and jsii-pacmak. */
export const JSII_TOOLS_LOG = join(JSII_TOOLS_DIR, 'install.log');
/** The virtualenv's log: its creation and pip's installs of the requirements and the wheel, and pip check. */
export const PIP_LOG = join(PYTHON_VENV, 'quartic-install.log');
const MAKE_VENV = ['-m', 'venv', PYTHON_VENV];
const MAKE_VENV_LABEL = `python3 ${MAKE_VENV.join(' ')}`;
/** The logs the tier checks for warnings; the virtualenv's starts with its creation. */
export const PYTHON_TIER_LOGS: readonly SetupLog[] = [
  { name: 'jsii tools (npm)', path: JSII_TOOLS_LOG },
  { name: 'python virtualenv (pip)', path: PIP_LOG, first: MAKE_VENV_LABEL },
];
const ENTRY = join(REPO_ROOT, 'src', 'jsii.ts');
/** The Python distribution and module jsii-pacmak writes. */
export const PYTHON_DIST = { distName: 'quartic-s3-integration', module: 'quartic_s3_integration' } as const;

/** Node for jsii and for the Python runtime's jsii kernel: Node 22 (jsii prints an end-of-life banner on 20). */
export const jsiiNode = (): string => (existsSync(NODE22_BIN) ? NODE22_BIN : process.execPath);

function inputsHash(): string {
  return createHash('sha256')
    .update(libraryInputsHash())
    .update(readFileSync(REQUIREMENTS))
    .update(JSON.stringify(JSII_TOOLS))
    .digest('hex');
}

/** Why the Python tier cannot run, or undefined when it can. */
export function pythonTierUnavailable(): string | undefined {
  const setup = 'run `node --require ./scripts/ts-run.cjs scripts/setup-tiers.ts` (npm test does)';
  if (!existsSync(PYTHON)) return `no Python virtualenv at ${PYTHON_VENV}: ${setup}`;
  let recorded: string | undefined;
  try {
    recorded = (JSON.parse(readFileSync(RECORD, 'utf8')) as { inputs?: string }).inputs;
  } catch {
    return `the wheel is not built: ${setup}`;
  }
  if (recorded !== inputsHash()) return `the wheel is older than src/: ${setup}`;
  const unlogged = PYTHON_TIER_LOGS.find(({ path, first }) => !loggedBySetup(path, first));
  if (unlogged !== undefined)
    return `${unlogged.path} is missing, records a failure, or is not the whole record of the installs (an older set-up kept stdout only): ${setup}`;
  return undefined;
}

/** The entry and every source file it imports (relative imports, followed with TypeScript's scanner). */
export function entryClosure(entry = ENTRY): string[] {
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.endsWith('.ts')) continue;
    for (const { fileName } of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const base = resolve(dirname(file), fileName);
      const found = [`${base}.ts`, join(base, 'index.ts'), base].find(
        (candidate) => existsSync(candidate) && statSync(candidate).isFile(),
      );
      if (found === undefined) throw new Error(`${relative(REPO_ROOT, file)} imports ${fileName}: not found`);
      pending.push(found);
    }
  }
  return [...seen].sort();
}

/** Runs a command with stdout and stderr appended, in order, to `log` (Node 22 first on PATH); throws when it fails. */
function run(command: string, args: readonly string[], cwd: string, log: string, label: string): void {
  const node = jsiiNode();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NO_UPDATE_NOTIFIER: '1',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    // pip's "new release available" notice is not about our packages.
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
    PATH: `${dirname(node)}:${process.env.PATH ?? ''}`,
  };
  runLogged(command, args, { cwd, env, log, label });
}

function installJsiiTools(): void {
  const bin = join(JSII_TOOLS_DIR, 'node_modules', '.bin', 'jsii-pacmak');
  if (existsSync(bin) && loggedBySetup(JSII_TOOLS_LOG)) return;
  // Afresh, so that the log is of a whole install.
  rmSync(JSII_TOOLS_DIR, { recursive: true, force: true });
  mkdirSync(JSII_TOOLS_DIR, { recursive: true });
  writeFileSync(join(JSII_TOOLS_DIR, 'package.json'), '{ "private": true }\n');
  const specs = Object.entries(JSII_TOOLS).map(([name, version]) => `${name}@${version}`);
  const args = ['install', '--prefer-offline', '--no-audit', '--no-fund', ...specs];
  run('npm', args, JSII_TOOLS_DIR, JSII_TOOLS_LOG, `npm ${args.join(' ')}`);
}

/** Writes build/jsii/ and builds the wheel; returns its path. */
function buildWheel(): string {
  const own = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    version: string;
    license: string;
    devDependencies: Record<string, string>;
  };
  rmSync(JSII_PROJECT, { recursive: true, force: true });
  for (const file of entryClosure()) {
    const target = join(JSII_PROJECT, relative(REPO_ROOT, file));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
  }
  // jsii wants the devDependency of each peer at the peer's lowest version.
  const frameworks = ['cdktf', 'constructs', '@cdktf/provider-aws'];
  const pinned = Object.fromEntries(frameworks.map((name) => [name, own.devDependencies[name]]));
  const manifest = {
    name: '@quartic/s3-integration-python',
    version: own.version,
    description: 'QuarticS3Integration for Python (jsii build of src/jsii.ts)',
    license: own.license,
    author: { name: 'Quartic', organization: true },
    repository: { type: 'git', url: 'https://github.com/quartic/s3-integration.git' },
    main: 'lib/jsii.js',
    types: 'lib/jsii.d.ts',
    peerDependencies: pinned,
    devDependencies: pinned,
    jsii: {
      outdir: 'dist',
      tsc: { outDir: 'lib', rootDir: 'src' },
      targets: { python: PYTHON_DIST },
    },
  };
  writeFileSync(join(JSII_PROJECT, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(
    join(JSII_PROJECT, 'README.md'),
    "# quartic-s3-integration\n\nThe QuarticS3Integration CDKTF construct for Python. See the kit's README.\n",
  );
  const bin = (name: string) => join(JSII_TOOLS_DIR, 'node_modules', '.bin', name);
  const log = join(JSII_PROJECT, 'build.log');
  const jsii = ['--silence-warnings', 'metadata/missing-dev-dependency'];
  run(jsiiNode(), [bin('jsii'), ...jsii], JSII_PROJECT, log, `jsii ${jsii.join(' ')}`);
  run(
    jsiiNode(),
    [bin('jsii-pacmak'), '--targets', 'python'],
    JSII_PROJECT,
    log,
    'jsii-pacmak --targets python',
  );
  const dist = join(JSII_PROJECT, 'dist', 'python');
  const wheel = readdirSync(dist).find((f) => f.endsWith('.whl'));
  if (wheel === undefined) throw new Error(`jsii-pacmak wrote no wheel in ${dist}; see ${log}`);
  // Kept beside the virtualenv: build/ is the checkout's, and another set-up (another QUARTIC_CONSUMERS_DIR)
  // may rebuild it while pip installs.
  rmSync(WHEEL_DIR, { recursive: true, force: true });
  mkdirSync(WHEEL_DIR, { recursive: true });
  copyFileSync(join(dist, wheel), join(WHEEL_DIR, wheel));
  return join(WHEEL_DIR, wheel);
}

export function setupPythonTier(): string {
  if (pythonTierUnavailable() === undefined) return 'python tier: up to date';
  const started = Date.now();
  installJsiiTools();
  const wheel = buildWheel();
  // The virtualenv is reused, its log appended to (so it keeps what pip printed when it installed each
  // package), while the requirements are the same and the log records only successful commands; otherwise
  // it is made afresh.
  const requirements = createHash('sha256').update(readFileSync(REQUIREMENTS)).digest('hex');
  let recorded: string | undefined;
  try {
    recorded = (JSON.parse(readFileSync(RECORD, 'utf8')) as { requirements?: string }).requirements;
  } catch {
    recorded = undefined;
  }
  if (recorded !== requirements || !loggedBySetup(PIP_LOG, MAKE_VENV_LABEL))
    rmSync(PYTHON_VENV, { recursive: true, force: true });
  const log = PIP_LOG;
  if (!existsSync(PYTHON)) run('python3', MAKE_VENV, REPO_ROOT, log, MAKE_VENV_LABEL);
  const pip = join(PYTHON_VENV, 'bin', 'pip');
  const pipRun = (args: readonly string[]) => run(pip, args, REPO_ROOT, log, `pip ${args.join(' ')}`);
  pipRun(['install', '-q', '-r', REQUIREMENTS]);
  pipRun(['install', '-q', '--force-reinstall', '--no-deps', wheel]);
  pipRun(['check']);
  writeFileSync(RECORD, `${JSON.stringify({ inputs: inputsHash(), requirements, wheel }, null, 2)}\n`);
  return `python tier: wheel built and installed in ${((Date.now() - started) / 1000).toFixed(1)} s`;
}

if (require.main === module) console.log(setupPythonTier());
