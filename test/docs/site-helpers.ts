/**
 * Shared by the docs site tests: build once (a lock lets parallel jest workers share one build), serve
 * the build on loopback, and drive it in Chromium.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ElementContext, Result } from 'axe-core';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { CHOICE_FIELDS, GuideValues, HclData, TEXT_FIELDS } from '../../docs-site/src/guide/snippets';
import { CHROMIUM, CHROMIUM_FLAGS, CHROMIUM_HEADLESS_SHELL, testBrowser } from '../../scripts/chromium';
import { ROOT } from '../../scripts/docs-generate';
import { StaticServer, startStaticServer } from '../../scripts/docs-static-server';
import { describeTier } from '../support/skip';

export const SITE = join(ROOT, 'docs-site');
export const BUILD = join(SITE, 'build');
export const SCREENSHOTS = join(ROOT, 'test-artifacts', 'screenshots');
export const PAGE_BUDGET_BYTES = 500 * 1024;
export const STEP_PAGES = ['/step-1-bucket', '/step-2-role', '/step-3-policy', '/step-4-handoff'];
export const VALUE_PAGES = [...STEP_PAGES, '/verify'];

export const loadHcl = (): HclData =>
  JSON.parse(readFileSync(join(SITE, 'generated', 'hcl.json'), 'utf8')) as HclData;

/** Why the docs tests cannot build the site here, or undefined when they can. */
const siteUnavailable = existsSync(join(SITE, 'node_modules', '@docusaurus', 'core', 'package.json'))
  ? undefined
  : 'docs-site dependencies not installed: npm ci --prefix docs-site';
const browserPath = testBrowser();
/** Why the docs tests cannot drive a browser here, or undefined when they can. */
const browserUnavailable =
  browserPath === undefined
    ? `neither ${CHROMIUM_HEADLESS_SHELL} nor ${CHROMIUM}: apt-get install -y chromium-headless-shell`
    : undefined;

/** Newest modification time under the given paths (files or folders). */
export function newestMtime(paths: readonly string[]): number {
  let newest = 0;
  const visit = (p: string): void => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const entry of readdirSync(p)) if (entry !== 'node_modules') visit(join(p, entry));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  paths.forEach(visit);
  return newest;
}

/** Builds the site (prebuild generators + docusaurus build) unless the build is newer than every input. */
export async function ensureBuilt(): Promise<void> {
  const marker = join(BUILD, 'sitemap.xml');
  const inputs = [
    ...['docs', 'src', 'static', 'docusaurus.config.ts', 'sidebars.ts', 'package.json'].map((p) =>
      join(SITE, p),
    ),
    join(ROOT, 'src'),
    join(ROOT, 'examples'),
    join(ROOT, 'scripts', 'docs-generate.ts'),
  ];
  const fresh = () => existsSync(marker) && statSync(marker).mtimeMs > newestMtime(inputs);
  if (fresh()) return;
  // The docs test files run in parallel workers: one builds, the others wait for it.
  const lock = join(SITE, '.build-lock');
  const deadline = Date.now() + 240_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 300_000)
        rmSync(lock, { recursive: true });
      if (Date.now() > deadline) throw new Error(`docs build lock ${lock} held too long`);
      await new Promise((done) => setTimeout(done, 250));
    }
  }
  try {
    if (fresh()) return;
    await promisify(execFile)('npm', ['run', 'build'], {
      cwd: SITE,
      env: { ...process.env, NO_UPDATE_NOTIFIER: '1', CI: 'true' },
      maxBuffer: 64 * 1024 * 1024,
    });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export { READER } from './fixtures';
/** What the default values put in snippets; none may survive the reader's change. */
export const DEFAULT_MARKERS = [
  'quartic-data-example',
  'EXTERNAL-ID-FROM-QUARTIC',
  'role/quartic-access',
  'eu-west-2',
];

export interface Problems {
  console: string[];
  external: string[];
}

/**
 * Records console errors, page errors, failed requests and any request off loopback. The test browser
 * cannot resolve any host but loopback (see launchChromium), so such a request fails and also shows as
 * a console error (Chromium reports a few without a request event). Listening costs less than a route,
 * which sends every request through this process (measured: the page sweep used ~10% more CPU).
 */
export function watch(context: BrowserContext): Problems {
  const problems: Problems = { console: [], external: [] };
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (!(url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:'))
      problems.external.push(url.href);
  });
  context.on('page', (page) => attach(page, problems));
  return problems;
}

export function attach(page: Page, problems: Problems): void {
  page.on('console', (m) => {
    if (m.type() === 'error') problems.console.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.console.push(`${page.url()}: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.console.push(`${r.status()} ${r.url()}`);
  });
}

/** Opens a page and waits until React has hydrated it and loaded the reader's stored values. */
export async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(
    "document.querySelector('[data-configurator]') === null || document.querySelector('[data-configurator][data-loaded=\"true\"]') !== null",
  );
}

/** Follows a sidebar link (client-side navigation) and waits until the new page has rendered. */
export async function clientNav(page: Page, path: string): Promise<void> {
  const h1 = await page.locator('h1').first().textContent();
  await page.locator(`.menu__link[href="${path}"]`).first().click();
  await page.waitForURL(new RegExp(`${path}(\\?|$)`));
  await page.waitForFunction(
    `document.querySelector('h1') !== null && document.querySelector('h1').textContent !== ${JSON.stringify(h1)}`,
  );
}

/** Text of every code block rendered on the page now, in document order. */
export function codeBlocks(page: Page): Promise<string[]> {
  return page.$$eval('.theme-code-block pre', (els) => els.map((e) => e.textContent ?? ''));
}

/** Every code block of every tool tab (tab panels are rendered lazily), tab by tab. */
export async function allSnippets(page: Page): Promise<string[]> {
  const tabs = page.locator('[role="tablist"]').first().getByRole('tab');
  const found: string[] = [];
  for (let i = 0; i < (await tabs.count()); i++) {
    await tabs.nth(i).click();
    found.push(...(await codeBlocks(page)));
  }
  return found;
}

/** Types the values into the configurator: every free-text field, then every choice. */
export async function setValues(page: Page, values: GuideValues): Promise<void> {
  const form = page.locator('[data-configurator]').first();
  for (const field of TEXT_FIELDS) await form.locator(`#guide-${field}`).fill(values[field]);
  for (const field of CHOICE_FIELDS) await form.locator(`#guide-${field}`).selectOption(values[field]);
}

export function selectedTabs(page: Page): Promise<string[]> {
  return page.$$eval('[role="tablist"] [role="tab"][aria-selected="true"]', (els) =>
    els.map((e) => (e.textContent ?? '').trim()),
  );
}

/**
 * Tests of the built site, and tests in the browser: each a describe block, or, where the site cannot be
 * built or no browser is installed, one test that prints the SKIPPED line (jest hides the output of a
 * file whose tests are all skipped, so a skipped describe alone would skip silently in `npm test`).
 */
export const built = (title: string, body: () => void) =>
  describeTier('docs tier', siteUnavailable, body, title);
export const inBrowser = (title: string, body: () => void) =>
  describeTier('docs browser tier', browserUnavailable, body, title);

/** The text of a built page, tags removed. */
export function pageText(path: string): string {
  const html = readFileSync(join(BUILD, path === '/' ? 'index.html' : `${path.slice(1)}.html`), 'utf8');
  return html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

export interface Site {
  readonly server: StaticServer;
  readonly base: string;
  /** Paths of every page in the sitemap. */
  readonly pages: string[];
}

/** Builds the site if needed and serves it (gzip) on 127.0.0.1. */
export async function startSite(): Promise<Site> {
  await ensureBuilt();
  const server = await startStaticServer(BUILD);
  const sitemap = readFileSync(join(BUILD, 'sitemap.xml'), 'utf8');
  const pages = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1] as string).pathname);
  return { server, base: server.url, pages };
}

export function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: browserPath,
    // Hermetic: every host name but loopback fails to resolve, so nothing can leave the machine.
    args: [...CHROMIUM_FLAGS, '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
}

/**
 * Makes axe-core (its own browser build) part of every document this context loads, before the page's
 * scripts. Injected once per document: @axe-core/playwright sends and evaluates the 560 KB source twice
 * per run, which cost the docs tests ~7 CPU-s (the page sweep took a quarter longer, the same violations).
 */
export async function withAxe(context: BrowserContext): Promise<void> {
  await context.addInitScript({ path: require.resolve('axe-core/axe.min.js') });
}

/**
 * axe-core's serious and critical violations on the page as it is now (in a context set up by withAxe),
 * each as "<where>: <rule> (<impact>) <targets>". `include` limits the run to the elements a selector
 * matches. `resultTypes`: only violations keep every node (passes and incomplete results keep one each),
 * so less is serialized back.
 */
export async function seriousViolations(page: Page, where: string, include?: string): Promise<string[]> {
  const { violations } = await page.evaluate(
    ([selector]) => {
      // Runs in the page: `axe` is the global that withAxe's script defines.
      const win = globalThis as unknown as { axe: typeof import('axe-core'); document: ElementContext };
      return win.axe.run(selector ?? win.document, { resultTypes: ['violations'] });
    },
    [include] as const,
  );
  return violations
    .filter((v: Result) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v: Result) => `${where}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
}

/** The built site served and Chromium started for a describe block (beforeAll/afterAll); read inside tests. */
export function siteAndBrowser(): { readonly site: Site; readonly browser: Browser } {
  const state: { site?: Site; browser?: Browser } = {};
  beforeAll(async () => {
    state.site = await startSite();
    state.browser = await launchChromium();
  });
  afterAll(async () => {
    await state.browser?.close();
    await state.site?.server.close();
  });
  return {
    get site() {
      return state.site as Site;
    },
    get browser() {
      return state.browser as Browser;
    },
  };
}
