/**
 * Measures the docs site against its budgets: `npm run docs:measure`.
 * - cold build: generators + `docusaurus build` after removing build/, .docusaurus/ and the loader caches
 *   (budget 20 s on 2 cores);
 * - first-load transfer of every page in the sitemap, served gzip-compressed as any static host does
 *   (budget 500 KB a page);
 * - Lighthouse 12 (docs-site devDependency) on the overview and two step pages, mobile and desktop
 *   (budgets: performance >= 0.90 mobile, >= 0.98 desktop; accessibility 1.0). Each is run --runs times
 *   (default 5) and judged by its median, as Lighthouse's docs advise for run-to-run variance; each run's
 *   score and Total Blocking Time, and the JavaScript evaluated on load, are reported too.
 * - --baseline: a stock Docusaurus site (classic preset, one Markdown page, no plugin or component of
 *   ours) built from docs-site's own dependencies is measured in the same run, interleaved with the guide
 *   (round 1 of every page, then round 2, ...), and judged against: the guide's mobile median score and
 *   TBT must be no worse than the stock page's, its JavaScript at most 20 % more.
 * Writes test-artifacts/docs-measure.json and exits non-zero when a budget is missed.
 * Flags: --skip-build (measure the existing build), --skip-lighthouse, --runs N, --baseline.
 */
import { execFile, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { ROOT } from './docs-generate';
import { startStaticServer } from './docs-static-server';
import { CHROMIUM, CHROMIUM_FLAGS } from './chromium';

const SITE = join(ROOT, 'docs-site');
const BUILD = join(SITE, 'build');
const BUDGET = {
  buildSeconds: 20,
  pageKB: 500,
  mobilePerformance: 0.9,
  desktopPerformance: 0.98,
  accessibility: 1,
  /** JavaScript evaluated on first load may exceed the stock page's by this share (with --baseline). */
  extraScriptShare: 0.2,
};
const LIGHTHOUSE_PAGES = ['/', '/step-1-bucket', '/step-3-policy'];
/** More pages for Lighthouse's accessibility score alone (the jest sweep runs axe on every page too). */
const LIGHTHOUSE_A11Y_PAGES = ['/troubleshooting', '/cdktf-future'];
const QUIET_ENV = { ...process.env, NO_UPDATE_NOTIFIER: '1', CI: 'true' };

interface Results {
  build?: { generateSeconds: number; docusaurusSeconds: number; totalSeconds: number };
  pages: Array<{ path: string; transferredKB: number; decodedKB: number; requests: number }>;
  lighthouse: Array<{
    /** 'guide', or 'stock Docusaurus' for the --baseline site. */
    site: string;
    path: string;
    formFactor: string;
    /** Median over the runs; null when only accessibility was audited. */
    performance: number | null;
    performanceRuns: number[];
    /** Median Total Blocking Time over the runs, ms, and each run's. */
    totalBlockingTimeMs: number | null;
    totalBlockingTimeRuns: number[];
    /** Median KB of JavaScript loaded and evaluated on first load (decoded). */
    scriptKB: number | null;
    /** Lighthouse's CPU benchmark of the machine, median over the runs (higher is faster). */
    benchmarkIndex: number | null;
    accessibility: number;
  }>;
  failures: string[];
}

function seconds(start: bigint): number {
  return Math.round(Number(process.hrtime.bigint() - start) / 1e7) / 100;
}

function coldBuild(results: Results): void {
  for (const dir of ['build', '.docusaurus', 'node_modules/.cache', 'generated']) {
    rmSync(join(SITE, dir), { recursive: true, force: true });
  }
  const run = (args: string[]) => {
    const start = process.hrtime.bigint();
    const r = spawnSync(args[0] as string, args.slice(1), { cwd: SITE, env: QUIET_ENV, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed`);
    return seconds(start);
  };
  const generateSeconds = run(['node', '--require', '../scripts/ts-run.cjs', '../scripts/docs-generate.ts']);
  const docusaurusSeconds = run(['npx', '--no-install', 'docusaurus', 'build']);
  const totalSeconds = Math.round((generateSeconds + docusaurusSeconds) * 100) / 100;
  results.build = { generateSeconds, docusaurusSeconds, totalSeconds };
  if (totalSeconds > BUDGET.buildSeconds) {
    results.failures.push(`cold build ${totalSeconds} s > ${BUDGET.buildSeconds} s`);
  }
}

async function pageWeights(base: string, results: Results): Promise<void> {
  const sitemap = readFileSync(join(BUILD, 'sitemap.xml'), 'utf8');
  const paths = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1] as string).pathname);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_FLAGS] });
  try {
    for (const path of paths.sort()) {
      const context = await browser.newContext();
      await context.route('**/*', (route) =>
        new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort(),
      );
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      let transferred = 0;
      let decoded = 0;
      let requests = 0;
      const sizes = new Map<string, number>();
      cdp.on('Network.dataReceived', (e: { requestId: string; dataLength: number }) =>
        sizes.set(e.requestId, (sizes.get(e.requestId) ?? 0) + e.dataLength),
      );
      cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
        transferred += e.encodedDataLength;
        decoded += sizes.get(e.requestId) ?? 0;
        requests += 1;
      });
      await page.goto(`${base}${path}`, { waitUntil: 'load' });
      await page.waitForLoadState('networkidle');
      const row = {
        path,
        transferredKB: Math.round(transferred / 1024),
        decodedKB: Math.round(decoded / 1024),
        requests,
      };
      results.pages.push(row);
      if (row.transferredKB > BUDGET.pageKB) {
        results.failures.push(`${path}: ${row.transferredKB} KB transferred > ${BUDGET.pageKB} KB`);
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
}

const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[(values.length - 1) >> 1]!;

interface LighthouseReport {
  categories: Record<string, { score: number | null }>;
  audits: Record<
    string,
    {
      numericValue?: number;
      details?: { items?: Array<{ resourceType?: string; resourceSize?: number; transferSize?: number }> };
    }
  >;
  environment?: { benchmarkIndex?: number };
}

/** One page of one site, measured in one form factor. */
interface Target {
  readonly site: string;
  readonly base: string;
  readonly path: string;
  readonly formFactor: 'mobile' | 'desktop';
  readonly categories: string;
  readonly runs: number;
}

async function runLighthouse(target: Target, out: string): Promise<LighthouseReport> {
  const bin = join(SITE, 'node_modules', '.bin', 'lighthouse');
  const file = join(out, 'report.json');
  await promisify(execFile)(
    bin,
    [
      `${target.base}${target.path}`,
      `--only-categories=${target.categories}`,
      '--output=json',
      `--output-path=${file}`,
      '--quiet',
      `--chrome-flags=${CHROMIUM_FLAGS.join(' ')}`,
      ...(target.formFactor === 'desktop' ? ['--preset=desktop'] : []),
    ],
    { env: { ...QUIET_ENV, CHROME_PATH: CHROMIUM }, maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(readFileSync(file, 'utf8')) as LighthouseReport;
}

/** Bytes of JavaScript the page loaded and evaluated (decoded), from Lighthouse's network-requests audit. */
function scriptBytes(report: LighthouseReport): number {
  const items = report.audits['network-requests']?.details?.items ?? [];
  return items.filter((i) => i.resourceType === 'Script').reduce((sum, i) => sum + (i.resourceSize ?? 0), 0);
}

/**
 * Runs every target `runs` times, interleaved (run 1 of every target, then run 2, ...), so a change in
 * the machine's speed during the measurement hits the guide and the stock page alike. Medians per target.
 */
async function lighthouse(targets: readonly Target[], results: Results): Promise<void> {
  if (!existsSync(join(SITE, 'node_modules', '.bin', 'lighthouse'))) {
    results.failures.push('lighthouse not installed (npm ci --prefix docs-site)');
    return;
  }
  const out = mkdtempSync(join(tmpdir(), 'quartic-lighthouse-'));
  const reports = targets.map((): LighthouseReport[] => []);
  try {
    const rounds = Math.max(...targets.map((t) => t.runs));
    for (let round = 0; round < rounds; round++) {
      for (const [i, target] of targets.entries()) {
        if (round < target.runs) reports[i]!.push(await runLighthouse(target, out));
      }
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  for (const [i, target] of targets.entries()) {
    const runs = reports[i]!;
    const audited = runs.filter((r) => r.categories.performance !== undefined);
    const performanceRuns = audited.map((r) => r.categories.performance?.score ?? 0);
    const tbtRuns = audited.map((r) => Math.round(r.audits['total-blocking-time']?.numericValue ?? 0));
    results.lighthouse.push({
      site: target.site,
      path: target.path,
      formFactor: target.formFactor,
      performance: performanceRuns.length > 0 ? median(performanceRuns) : null,
      performanceRuns,
      totalBlockingTimeMs: tbtRuns.length > 0 ? median(tbtRuns) : null,
      totalBlockingTimeRuns: tbtRuns,
      scriptKB: audited.length > 0 ? Math.round(median(audited.map(scriptBytes)) / 1024) : null,
      benchmarkIndex: runs.length > 0 ? median(runs.map((r) => r.environment?.benchmarkIndex ?? 0)) : null,
      accessibility: Math.min(...runs.map((r) => r.categories.accessibility?.score ?? 0)),
    });
  }
}

/** The guide's budgets, and with --baseline its targets against the stock page of the same run. */
function judge(results: Results): void {
  const stock = (formFactor: string) =>
    results.lighthouse.find((l) => l.site === STOCK && l.formFactor === formFactor);
  for (const l of results.lighthouse.filter((x) => x.site === 'guide')) {
    const where = `${l.path} ${l.formFactor}`;
    if (l.accessibility < BUDGET.accessibility) {
      results.failures.push(`${where}: accessibility ${l.accessibility} < ${BUDGET.accessibility}`);
    }
    if (l.performance === null) continue;
    const floor = l.formFactor === 'mobile' ? BUDGET.mobilePerformance : BUDGET.desktopPerformance;
    if (l.performance < floor) {
      results.failures.push(
        `${where}: performance ${l.performance} (runs ${l.performanceRuns.join(', ')}) < ${floor}`,
      );
    }
    const base = stock(l.formFactor);
    if (base?.performance == null) continue;
    if (l.formFactor === 'mobile' && l.performance < base.performance) {
      results.failures.push(`${where}: performance ${l.performance} < stock page's ${base.performance}`);
    }
    if (l.formFactor === 'mobile' && (l.totalBlockingTimeMs ?? 0) > (base.totalBlockingTimeMs ?? 0)) {
      results.failures.push(
        `${where}: TBT ${l.totalBlockingTimeMs} ms > stock page's ${base.totalBlockingTimeMs} ms`,
      );
    }
    const jsLimit = Math.round((base.scriptKB ?? 0) * (1 + BUDGET.extraScriptShare));
    if ((l.scriptKB ?? 0) > jsLimit) {
      results.failures.push(
        `${where}: ${l.scriptKB} KB of JavaScript > stock page's ${base.scriptKB} KB + 20 % (${jsLimit} KB)`,
      );
    }
  }
}

const STOCK = 'stock Docusaurus';

/** Builds a stock Docusaurus site (no code of ours) with docs-site's dependencies into a temp dir. */
function buildStockSite(): string {
  const dir = mkdtempSync(join(tmpdir(), 'quartic-stock-docusaurus-'));
  mkdirSync(join(dir, 'docs'));
  symlinkSync(join(SITE, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(
    join(dir, 'docusaurus.config.js'),
    `module.exports = ${JSON.stringify({
      title: 'Stock',
      url: 'https://example.com',
      baseUrl: '/',
      future: { v4: true },
      presets: [['classic', { docs: { routeBasePath: '/' }, blog: false, pages: false }]],
    })};\n`,
  );
  const sections = Array.from(
    { length: 8 },
    (_, i) =>
      `## Section ${i + 1}\n\nA paragraph about a bucket and a role, as a guide page has.\n\n` +
      '```json\n{ "Version": "2012-10-17" }\n```\n',
  );
  writeFileSync(join(dir, 'docs', 'intro.md'), `---\nslug: /\n---\n\n# Stock page\n\n${sections.join('\n')}`);
  const build = spawnSync('npx', ['--no-install', 'docusaurus', 'build'], { cwd: dir, env: QUIET_ENV });
  if (build.status !== 0) throw new Error(`stock Docusaurus build failed:\n${build.stderr}`);
  return dir;
}

async function main(): Promise<number> {
  const args = new Set(process.argv.slice(2));
  const results: Results = { pages: [], lighthouse: [], failures: [] };
  const runsFlag = process.argv.indexOf('--runs');
  const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 5;
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs needs a whole number >= 1');
  if (!args.has('--skip-build')) coldBuild(results);
  if (!existsSync(join(BUILD, 'sitemap.xml'))) throw new Error('No build: run without --skip-build');
  const stockDir = args.has('--baseline') ? buildStockSite() : undefined;
  const server = await startStaticServer(BUILD);
  const stockServer = stockDir === undefined ? undefined : await startStaticServer(join(stockDir, 'build'));
  try {
    await pageWeights(server.url, results);
    if (!args.has('--skip-lighthouse')) {
      const targets: Target[] = [];
      const forms = ['mobile', 'desktop'] as const;
      for (const formFactor of forms) {
        for (const path of LIGHTHOUSE_PAGES) {
          targets.push({
            site: 'guide',
            base: server.url,
            path,
            formFactor,
            categories: 'performance,accessibility',
            runs,
          });
        }
        if (stockServer !== undefined) {
          targets.push({
            site: STOCK,
            base: stockServer.url,
            path: '/',
            formFactor,
            categories: 'performance,accessibility',
            runs,
          });
        }
      }
      // Accessibility does not vary from run to run: one run each.
      for (const path of LIGHTHOUSE_A11Y_PAGES) {
        targets.push({
          site: 'guide',
          base: server.url,
          path,
          formFactor: 'desktop',
          categories: 'accessibility',
          runs: 1,
        });
      }
      await lighthouse(targets, results);
      judge(results);
    }
  } finally {
    await server.close();
    await stockServer?.close();
    if (stockDir !== undefined) rmSync(stockDir, { recursive: true, force: true });
  }
  const lines = [
    results.build
      ? `cold build: ${results.build.totalSeconds} s (generators ${results.build.generateSeconds} s + docusaurus build ${results.build.docusaurusSeconds} s), budget ${BUDGET.buildSeconds} s`
      : 'cold build: skipped',
    `page weight, first load, gzip (budget ${BUDGET.pageKB} KB):`,
    ...results.pages.map(
      (p) =>
        `  ${p.path.padEnd(18)} ${String(p.transferredKB).padStart(4)} KB (${p.decodedKB} KB decoded, ${p.requests} requests)`,
    ),
    `lighthouse 12, interleaved runs: median performance (runs; median TBT; median JS evaluated) / accessibility, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}:`,
    ...results.lighthouse.map(
      (l) =>
        `  ${(l.site === 'guide' ? l.path : `${l.site} ${l.path}`).padEnd(18)} ${l.formFactor.padEnd(8)} ${
          l.performance === null
            ? ' -  '
            : `${l.performance.toFixed(2)} (${l.performanceRuns.map((r) => r.toFixed(2)).join(' ')}; TBT ${l.totalBlockingTimeMs} ms of ${l.totalBlockingTimeRuns.join(' ')}; JS ${l.scriptKB} KB; CPU benchmark ${l.benchmarkIndex})`
        } / ${l.accessibility.toFixed(2)}`,
    ),
    results.failures.length === 0 ? 'all budgets met' : `BUDGETS MISSED:\n  ${results.failures.join('\n  ')}`,
  ];
  console.log(lines.join('\n'));
  mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
  writeFileSync(join(ROOT, 'test-artifacts', 'docs-measure.json'), `${JSON.stringify(results, null, 2)}\n`);
  return results.failures.length === 0 ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 2;
    },
  );
}
