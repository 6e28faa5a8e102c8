/**
 * `npm run bench`: median wall time and peak memory of the example app's synth, paired with the stock
 * CDKTF path (the same app, but with the @cdktf/provider-aws package root loaded first, as `cdktf init`
 * templates import it). Runs alternate, so machine load affects both sides alike.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');
const runs = Number(process.env.BENCH_RUNS ?? 7);
const loader = ['--require', './scripts/ts-run.cjs', '--require', './scripts/report-max-rss.cjs'];

interface Variant {
  readonly name: string;
  readonly args: readonly string[];
}

const variants: readonly Variant[] = [
  { name: 'kit (per-resource imports)', args: [...loader, 'examples/main.ts'] },
  {
    name: 'stock (package-root import)',
    // The root import is the baseline being measured; it lives only in this string, never in a source file.
    args: [
      ...loader,
      '-e',
      "require('@cdktf/provider-aws'); process.exitCode = require('./examples/main.ts').main();",
    ],
  },
];

interface Sample {
  readonly seconds: number;
  readonly mib: number;
  readonly output: string;
}

function runOnce(variant: Variant): Sample {
  const outdir = mkdtempSync(join(tmpdir(), 'quartic-bench-'));
  try {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, variant.args, {
      cwd: root,
      env: { ...process.env, CDKTF_OUTDIR: outdir },
      encoding: 'utf8',
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (result.status !== 0) throw new Error(`${variant.name} failed:\n${result.stderr}`);
    const kib = Number(/MAX_RSS_KIB=(\d+)/.exec(result.stderr)?.[1]);
    const output = readFileSync(join(outdir, 'stacks', 'quartic-s3', 'cdk.tf.json'), 'utf8');
    return { seconds, mib: kib / 1024, output };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const samples = new Map<string, Sample[]>(variants.map((v) => [v.name, []]));
runOnce(variants[0]); // warm the file system cache once, unmeasured
for (let i = 0; i < runs; i++) {
  for (const variant of i % 2 === 0 ? variants : [...variants].reverse()) {
    samples.get(variant.name)?.push(runOnce(variant));
  }
}

const [kit, stock] = variants.map((v) => samples.get(v.name) ?? []);
const rows = variants.map((v) => {
  const s = samples.get(v.name) ?? [];
  return {
    variant: v.name,
    'median s': median(s.map((x) => x.seconds)).toFixed(3),
    'median peak MiB': median(s.map((x) => x.mib)).toFixed(0),
  };
});
console.log(`Example synth, ${runs} paired runs on ${cpus().length} cores (node ${process.version})`);
console.table(rows);
const timeRatio = median(stock.map((x) => x.seconds)) / median(kit.map((x) => x.seconds));
const memRatio = median(stock.map((x) => x.mib)) / median(kit.map((x) => x.mib));
console.log(`stock / kit: ${timeRatio.toFixed(1)}x wall time, ${memRatio.toFixed(1)}x peak memory`);
console.log(`identical cdk.tf.json from both paths: ${kit[0].output === stock[0].output}`);
const kitSeconds = median(kit.map((x) => x.seconds));
const kitMib = median(kit.map((x) => x.mib));
const targets = [
  [`kit median ≤ 0.5 s`, kitSeconds <= 0.5],
  [`kit peak ≤ 100 MiB`, kitMib <= 100],
  [`≥ 8x faster than stock`, timeRatio >= 8],
] as const;
for (const [name, ok] of targets) console.log(`${ok ? 'MET ' : 'MISSED'} ${name}`);
