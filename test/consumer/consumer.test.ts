/**
 * Consumer-project tier: the kit as customers get it. scripts/consumers.ts (run by the set-up, never here)
 * packs the library and installs it into fresh projects: cdktf 0.21 + @cdktf/provider-aws 20.1.0
 * (hashicorp/aws 5.100.0), cdktf 0.21 + 21.22.1 (6.25.0), and cdktn 0.24 + @cdktn/provider-aws 25.7.0
 * (6.66.0, on Node 22 as its engines field asks). Here each install log (npm's stdout and stderr, where
 * npm writes its warnings: the pack, Node 22's install, each project's) must be free of warnings, the app in test/consumer/app (two integrations in one stack) must type-check against the
 * project's packages and synthesize both hand-offs, a clash must be refused, and the other framework's
 * entry must fail with a message naming the right one. Terraform then validates and plans all three: the
 * 5.x JSON as it is; the 6.x JSON, identical apart from the version pin (checked first), with the pin
 * overridden to 5.100.0, the only AWS provider in the offline mirror. No 6.x provider binary runs here.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MODULE_MAP, mapSpecifiers } from '../../scripts/build-cdktn';
import {
  Consumer,
  CONSUMERS,
  consumerSetupLogs,
  consumersUnavailable,
  installLog,
  LIBRARY,
  loggedCommands,
  logOpening,
  NODE22_BIN,
  projectDir,
  projectInstallLabel,
  REPO_ROOT,
} from '../../scripts/consumers';
import { run, RunResult } from '../e2e/tools';
import { describeTier } from '../support/skip';
import { ALLOWED_LINES, installProblems } from './install-log';
import {
  AWS_PROVIDER_VERSION,
  dropProviderBlock,
  init,
  terraformOk,
  terraformUnavailable,
  writeModuleCalls,
  writeRootOverride,
} from '../support/terraform';

const APP_SOURCE = join(__dirname, 'app', 'main.ts');
const TSC = join(REPO_ROOT, 'node_modules', '.bin', 'tsc');
const STACK = 'platform';

interface Synthesized {
  readonly terraform: { required_providers: { aws: { source: string; version: string } }; backend?: unknown };
  readonly provider: Record<string, unknown[]>;
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
  readonly output: Record<string, { value: unknown }>;
  readonly '//'?: unknown;
}

interface ConsumerRun {
  readonly compile: RunResult;
  readonly synth: RunResult;
  readonly clash: RunResult;
  readonly wrongEntry: RunResult;
  readonly stackDir: string;
  readonly json?: Synthesized;
}

/** The app as the project's own source: for CDK Terrain with the module names mapped. */
function appSource(consumer: Consumer): string {
  const source = readFileSync(APP_SOURCE, 'utf8');
  return consumer.framework === 'cdktn'
    ? mapSpecifiers(source, { ...MODULE_MAP, [LIBRARY]: `${LIBRARY}/cdktn` })
    : source;
}

/** Writes the app and a strict tsconfig into the project, type-checks and compiles it, runs it three ways. */
async function runConsumer(consumer: Consumer, work: string): Promise<ConsumerRun> {
  const dir = projectDir(consumer);
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'src', 'main.ts'), appSource(consumer));
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'node16',
      moduleResolution: 'node16',
      strict: true,
      skipLibCheck: true,
      rootDir: 'src',
      outDir: 'dist',
      types: ['node'],
      typeRoots: [join(REPO_ROOT, 'node_modules', '@types')],
    },
    include: ['src'],
  };
  writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
  const compile = await run(TSC, ['-p', dir], { cwd: dir });
  const node = consumer.node22 ? NODE22_BIN : process.execPath;
  const outdir = join(work, consumer.name);
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CHECKPOINT_DISABLE: '1',
    CONSUMER_OUTDIR: outdir,
  };
  const other = consumer.framework === 'cdktf' ? `${LIBRARY}/cdktn` : LIBRARY;
  const [synth, clash, wrongEntry] = await Promise.all([
    run(node, ['dist/main.js'], { cwd: dir, env }),
    run(node, ['dist/main.js'], {
      cwd: dir,
      env: { ...env, CONSUMER_CASE: 'clash', CONSUMER_OUTDIR: `${outdir}-clash` },
    }),
    run(node, ['-e', `require(${JSON.stringify(other)})`], { cwd: dir, env }),
  ]);
  const stackDir = join(outdir, 'stacks', STACK);
  let json: Synthesized | undefined;
  try {
    json = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as Synthesized;
  } catch {
    json = undefined;
  }
  return { compile, synth, clash, wrongEntry, stackDir, json };
}

/**
 * The JSON without the three things that differ between the projects (measured): the framework version in
 * cdktf's metadata, the local state file's absolute path (in each project folder), and the version pin; and
 * with the provider source in its full form ("aws", as cdktf writes it, and "hashicorp/aws", as cdktn does,
 * are the same address, registry.terraform.io/hashicorp/aws).
 */
function comparable(json: Synthesized): unknown {
  const copy = JSON.parse(JSON.stringify(json)) as {
    '//': { metadata: { version?: string } };
    terraform: {
      backend: { local: { path?: string } };
      required_providers: { aws: { source: string; version?: string } };
    };
  };
  delete copy['//'].metadata.version;
  delete copy.terraform.backend.local.path;
  const aws = copy.terraform.required_providers.aws;
  delete aws.version;
  if (!aws.source.includes('/')) aws.source = `hashicorp/${aws.source}`;
  return copy;
}

// The check itself, on lines as npm and pip print them: it must be able to fail.
test.each([
  'npm warn ERESOLVE overriding peer dependency',
  'npm WARN EBADENGINE Unsupported engine {',
  "npm warn deprecated inflight@1.0.6: This module is not supported, and leaks memory. Don't use it.",
  'npm warn install-scripts The following packages have install scripts that were not run:',
  'npm warn peer dep missing: constructs@^10.0.0',
  'npm error code ERESOLVE',
  'npm ERR! code E404',
  'WARNING: Skipping cdktf as it is not installed.',
  "ERROR: pip's dependency resolver does not currently take into account all the packages that are installed.",
  'DEPRECATION: Building typeguard using the legacy setup.py bdist_wheel mechanism',
  // The allowed machine-configuration warning, for another index or another package, is found.
  "WARNING: Location 'file:///srv/mirror/simple/cdktf/' is ignored: it is neither a file nor a directory.",
  "WARNING: Location 'file:///opt/pypi/simple/requests/' is ignored: it is neither a file nor a directory.",
])('the install-log check finds %p', (line) => {
  const log = `${logOpening('npm install --loglevel warn')}\n${line}\nadded 33 packages in 9s\n`;
  expect(installProblems(log)).toEqual([line]);
  expect(installProblems(log.replace(`${line}\n`, ''))).toEqual([]);
});

test('the install-log check lets through exactly the allowed lines, and only exactly', () => {
  const allowed =
    "WARNING: Location 'file:///opt/pypi/simple/cdktf/' is ignored: it is neither a file nor a directory.";
  expect(ALLOWED_LINES.has(allowed)).toBe(true);
  expect(installProblems(`${allowed}\n`)).toEqual([]);
  expect(installProblems(`${allowed} \n`)).toEqual([`${allowed} `]);
});

describeTier('consumer', consumersUnavailable(), () => {
  let work: string;
  const runs = new Map<string, ConsumerRun>();

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'quartic-consumer-'));
    const results = await Promise.all(CONSUMERS.map((c) => runConsumer(c, work)));
    CONSUMERS.forEach((c, i) => runs.set(c.name, results[i]));
  });
  afterAll(() => {
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });
  const result = (consumer: Consumer): ConsumerRun => runs.get(consumer.name) as ConsumerRun;

  test('no set-up log holds a warning: npm pack (and its build), Node 22, every project', () => {
    const found = consumerSetupLogs().map(({ name, path }) => {
      const log = readFileSync(path, 'utf8');
      const commands = loggedCommands(log);
      return {
        name,
        ran: commands.length > 0,
        failed: commands.filter(([, status]) => status !== 'exit 0'),
        problems: installProblems(log),
      };
    });
    expect(found).toEqual(
      consumerSetupLogs().map(({ name }) => ({ name, ran: true, failed: [], problems: [] })),
    );
  });

  describe.each(CONSUMERS.map((c) => [c.name, c] as const))('%s', (_name, consumer) => {
    test('npm installed it with no warning in its stdout or stderr (no ERESOLVE, peer, engine, deprecation)', () => {
      const log = readFileSync(installLog(consumer), 'utf8');
      // The install into the empty project, then any later one that added a newer library over it.
      const commands = loggedCommands(log);
      expect(commands.length).toBeGreaterThan(0);
      expect(commands).toEqual(commands.map((_, i) => [projectInstallLabel(i === 0), 'exit 0']));
      expect(log).toMatch(/added \d+ packages/);
      expect(installProblems(log)).toEqual([]);
    });

    test('the project has exactly the versions asked for, and not the other framework', () => {
      const version = (name: string) =>
        (
          JSON.parse(
            readFileSync(join(projectDir(consumer), 'node_modules', name, 'package.json'), 'utf8'),
          ) as {
            version: string;
          }
        ).version;
      for (const [name, wanted] of Object.entries(consumer.dependencies))
        expect([name, version(name)]).toEqual([name, wanted]);
      const own = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
      expect(version(LIBRARY)).toBe(own.version);
      const other =
        consumer.framework === 'cdktf' ? ['cdktn', '@cdktn/provider-aws'] : ['cdktf', '@cdktf/provider-aws'];
      for (const name of other) {
        expect(() => version(name)).toThrow(/ENOENT/);
        // Nor anywhere above the project (the repository's own node_modules would hide a mapping bug).
        expect(() => require.resolve(name, { paths: [projectDir(consumer)] })).toThrow(
          /Cannot (find|resolve) module/,
        );
      }
    });

    test('the app type-checks against the installed packages', () => {
      const { compile } = result(consumer);
      expect([compile.code, compile.stdout, compile.stderr]).toEqual([0, '', '']);
    });

    test('two integrations in one stack: distinct outputs and both hand-offs', () => {
      const { synth, json } = result(consumer);
      expect([synth.code, synth.stderr]).toEqual([0, '']);
      expect(JSON.parse(synth.stdout)).toEqual({
        prod: {
          bucketName: 'bucket_name',
          bucketRegion: 'bucket_region',
          roleArn: 'role_arn',
          handoff: 'quartic_handoff',
          expected: 'quartic_expected',
        },
        dev: {
          bucketName: 'dev_bucket_name',
          bucketRegion: 'dev_bucket_region',
          roleArn: 'dev_role_arn',
          handoff: 'dev_quartic_handoff',
          expected: 'dev_quartic_expected',
        },
      });
      expect(json?.output.quartic_handoff.value).toEqual({
        bucket_name: '${aws_s3_bucket.prod_bucket.bucket}',
        bucket_region: '${aws_s3_bucket.prod_bucket.region}',
        role_arn: '${aws_iam_role.prod_role.arn}',
      });
      expect(json?.output.dev_quartic_handoff.value).toEqual({
        bucket_name: '${aws_s3_bucket.dev_bucket.bucket}',
        bucket_region: '${aws_s3_bucket.dev_bucket.region}',
        role_arn: '${aws_iam_role.dev_role.arn}',
      });
      const roles = json?.resource.aws_iam_role ?? {};
      expect([roles.prod_role?.name, roles.dev_role?.name]).toEqual([
        'quartic-access-prod',
        'quartic-access-dev',
      ]);
    });

    test(`the JSON pins hashicorp/aws ${consumer.awsProviderVersion}, the version the bindings were built for`, () => {
      expect(result(consumer).json?.terraform.required_providers.aws.version).toBe(
        consumer.awsProviderVersion,
      );
    });

    test('two integrations with the same role and bucket are refused, naming both', () => {
      const { clash } = result(consumer);
      expect(clash.code).toBe(2);
      expect(clash.stderr).toContain('Invalid Quartic S3 integration configuration (2 problems):');
      expect(clash.stderr).toContain(
        '`roleName` must differ from the role name of platform/prod: platform/dev and platform/prod in the same stack',
      );
      expect(clash.stderr).toContain(
        '`bucketName` must differ from the bucket of platform/prod: platform/dev and platform/prod in the same stack',
      );
    });

    test("the other framework's entry fails naming the entry to import, not `Cannot find module`", () => {
      const { wrongEntry } = result(consumer);
      expect(wrongEntry.code).toBe(1);
      expect(wrongEntry.stderr).toContain(`import '${consumer.entry}' instead.`);
      expect(wrongEntry.stderr).not.toContain('Cannot find module');
    });
  });

  describeTier('consumer terraform', terraformUnavailable(), () => {
    const [first, ...sixes] = CONSUMERS;

    test(`each 6.x JSON is identical to the ${first.awsProviderVersion} one apart from the version pin`, () => {
      const base = result(first).json as Synthesized;
      expect(base.terraform.required_providers.aws.version).toBe(AWS_PROVIDER_VERSION);
      for (const consumer of sixes) {
        expect([consumer.name, comparable(result(consumer).json as Synthesized)]).toEqual([
          consumer.name,
          comparable(base),
        ]);
      }
    });

    test(`validate and plan: ${first.name} as synthesized, the 6.x ones with the pin overridden to ${AWS_PROVIDER_VERSION}`, async () => {
      const root = result(first).stackDir;
      writeRootOverride(root, 'http://127.0.0.1:9');
      const modules: Record<string, string> = {};
      for (const consumer of sixes) {
        const { stackDir, json } = result(consumer);
        // The module shares the root's provider (one provider process for all three); its block said the same.
        expect(dropProviderBlock(stackDir)).toEqual((result(first).json as Synthesized).provider.aws[0]);
        const pin = {
          source: (json as Synthesized).terraform.required_providers.aws.source,
          version: AWS_PROVIDER_VERSION,
        };
        writeFileSync(
          join(stackDir, 'quartic_pin_override.tf.json'),
          `${JSON.stringify({ terraform: { required_providers: { aws: pin } } }, null, 2)}\n`,
        );
        modules[consumer.name.replace(/-/g, '_')] = stackDir;
      }
      writeModuleCalls(root, modules);
      await init(root);
      const validate = await terraformOk(root, ['validate', '-json', '-no-color']);
      const validated = JSON.parse(validate.stdout) as {
        valid: boolean;
        error_count: number;
        diagnostics: Array<{ summary: string }>;
      };
      expect(validated).toMatchObject({ valid: true, error_count: 0 });
      // The only diagnostics: each module's own local backend block, which a called module ignores.
      const [ignored, others] = [true, false].map((want) =>
        validated.diagnostics.filter((d) => (d.summary === 'Backend configuration ignored') === want),
      );
      expect([ignored.length, others]).toEqual([sixes.length, []]);
      const plan = await terraformOk(root, ['plan', '-json', '-input=false', '-no-color', '-lock=false']);
      const planned = plan.stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map(
          (line) =>
            JSON.parse(line) as { type: string; change?: { resource?: { addr: string }; action?: string } },
        )
        .filter((m) => m.type === 'planned_change')
        .map((m) => m.change?.resource?.addr ?? '');
      const inRoot = planned.filter((a) => !a.startsWith('module.')).sort();
      expect(inRoot).toEqual(
        expect.arrayContaining([
          'aws_iam_role.prod_role',
          'aws_iam_role.dev_role',
          'aws_s3_bucket.dev_bucket',
        ]),
      );
      for (const name of Object.keys(modules)) {
        const inModule = planned
          .filter((a) => a.startsWith(`module.${name}.`))
          .map((a) => a.slice(`module.${name}.`.length))
          .sort();
        expect([name, inModule]).toEqual([name, inRoot]);
      }
    });
  });
});
