/**
 * Measures the docs site against its budgets: `npm run docs:measure`.
 * - cold build: generators + `docusaurus build` after removing build/, .docusaurus/ and the loader caches
 *   (budget 20 s on 2 cores);
 * - first-load transfer of every page in the sitemap, served gzip-compressed as any static host does
 *   (budget 500 KB a page);
 * - Lighthouse 12 (docs-site devDependency) on the overview and the heaviest step page, mobile and desktop
 *   (budgets: performance >= 0.90 mobile, >= 0.95 desktop; accessibility 1.0).
 * Writes test-artifacts/docs-measure.json and exits non-zero when a budget is missed.
 * Flags: --skip-build (measure the existing build), --skip-lighthouse.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  desktopPerformance: 0.95,
  accessibility: 1,
};
const LIGHTHOUSE_PAGES = ['/', '/step-1-bucket'];
/** More pages for Lighthouse's accessibility score alone (the jest sweep runs axe on every page too). */
const LIGHTHOUSE_A11Y_PAGES = ['/troubleshooting', '/cdktf-future'];
const QUIET_ENV = { ...process.env, NO_UPDATE_NOTIFIER: '1', CI: 'true' };

interface Results {
  build?: { generateSeconds: number; docusaurusSeconds: number; totalSeconds: number };
  pages: Array<{ path: string; transferredKB: number; decodedKB: number; requests: number }>;
  lighthouse: Array<{ path: string; formFactor: string; performance: number | null; accessibility: number }>;
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

async function lighthouse(base: string, results: Results): Promise<void> {
  const bin = join(SITE, 'node_modules', '.bin', 'lighthouse');
  if (!existsSync(bin)) {
    results.failures.push('lighthouse not installed (npm ci --prefix docs-site)');
    return;
  }
  const out = mkdtempSync(join(tmpdir(), 'quartic-lighthouse-'));
  try {
    const runs = [
      ...LIGHTHOUSE_PAGES.flatMap((path) => [
        { path, formFactor: 'mobile' as const, categories: 'performance,accessibility' },
        { path, formFactor: 'desktop' as const, categories: 'performance,accessibility' },
      ]),
      ...LIGHTHOUSE_A11Y_PAGES.map((path) => ({
        path,
        formFactor: 'desktop' as const,
        categories: 'accessibility',
      })),
    ];
    for (const { path, formFactor, categories } of runs) {
      const file = join(out, `${formFactor}${path.replace(/\W/g, '_')}.json`);
      await promisify(execFile)(
        bin,
        [
          `${base}${path}`,
          `--only-categories=${categories}`,
          '--output=json',
          `--output-path=${file}`,
          '--quiet',
          `--chrome-flags=${CHROMIUM_FLAGS.join(' ')}`,
          ...(formFactor === 'desktop' ? ['--preset=desktop'] : []),
        ],
        { env: { ...QUIET_ENV, CHROME_PATH: CHROMIUM }, maxBuffer: 64 * 1024 * 1024 },
      );
      const report = JSON.parse(readFileSync(file, 'utf8')) as {
        categories: Record<string, { score: number | null }>;
        runtimeError?: { message: string };
      };
      const performance = report.categories.performance ? (report.categories.performance.score ?? 0) : null;
      const accessibility = report.categories.accessibility?.score ?? 0;
      results.lighthouse.push({ path, formFactor, performance, accessibility });
      const perfBudget = formFactor === 'mobile' ? BUDGET.mobilePerformance : BUDGET.desktopPerformance;
      if (performance !== null && performance < perfBudget) {
        results.failures.push(`${path} ${formFactor}: performance ${performance} < ${perfBudget}`);
      }
      if (accessibility < BUDGET.accessibility) {
        results.failures.push(
          `${path} ${formFactor}: accessibility ${accessibility} < ${BUDGET.accessibility}`,
        );
      }
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const args = new Set(process.argv.slice(2));
  const results: Results = { pages: [], lighthouse: [], failures: [] };
  if (!args.has('--skip-build')) coldBuild(results);
  if (!existsSync(join(BUILD, 'sitemap.xml'))) throw new Error('No build: run without --skip-build');
  const server = await startStaticServer(BUILD);
  try {
    await pageWeights(server.url, results);
    if (!args.has('--skip-lighthouse')) await lighthouse(server.url, results);
  } finally {
    await server.close();
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
    `lighthouse 12 (performance / accessibility), load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}:`,
    ...results.lighthouse.map(
      (l) =>
        `  ${l.path.padEnd(18)} ${l.formFactor.padEnd(8)} ${l.performance === null ? ' -  ' : l.performance.toFixed(2)} / ${l.accessibility.toFixed(2)}`,
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
