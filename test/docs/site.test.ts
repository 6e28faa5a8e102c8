/**
 * The built docs site in real Chromium: every page loads cleanly and within budget, the tool tabs follow
 * the reader, the configurator drives every snippet (and what the copy button copies), validation shows
 * the library's messages, search works offline, and axe finds no serious or critical violation.
 * Screenshots of the step pages (light and dark) go to test-artifacts/screenshots/.
 */
import AxeBuilder from '@axe-core/playwright';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { awsCliSteps } from '../../src/cli-commands';
import { validateOptions } from '../../src/validation';
import { DEFAULT_VALUES, GuideValues, HclData, hclFor, toOptions } from '../../docs-site/src/guide/snippets';
import { ROOT } from '../../scripts/docs-generate';
import { StaticServer, startStaticServer } from '../../scripts/docs-static-server';
import { reportSkip } from '../support/skip';

const SITE = join(ROOT, 'docs-site');
const BUILD = join(SITE, 'build');
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = join(ROOT, 'test-artifacts', 'screenshots');
const PAGE_BUDGET_BYTES = 500 * 1024;
const STEP_PAGES = ['/step-1-bucket', '/step-2-role', '/step-3-policy', '/step-4-handoff'];
const VALUE_PAGES = [...STEP_PAGES, '/verify'];
/**
 * Pages axe skips in the page sweep, to keep the tier inside the test budget (~2.5 s of axe a page on 2
 * cores): plain Markdown whose every component (headings, lists, links, code, tables) axe checks on the
 * other pages, and the search plugin's result page. Lighthouse's accessibility audit in
 * `npm run docs:measure` covers them too.
 */
const AXE_SKIPPED = new Set(['/troubleshooting', '/cdktf-future', '/search']);

const loadHcl = (): HclData =>
  JSON.parse(readFileSync(join(SITE, 'generated', 'hcl.json'), 'utf8')) as HclData;

const depsMissing = !existsSync(join(SITE, 'node_modules', '@docusaurus', 'core', 'package.json'));
const chromiumMissing = !existsSync(CHROMIUM);
if (depsMissing) {
  reportSkip('docs tier', 'docs-site dependencies not installed: npm ci --prefix docs-site');
} else if (chromiumMissing) {
  reportSkip('docs browser tier', `${CHROMIUM} not found: apt-get install -y chromium`);
}

/** Newest modification time under the given paths (files or folders). */
function newestMtime(paths: readonly string[]): number {
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
async function ensureBuilt(): Promise<void> {
  const marker = join(BUILD, 'sitemap.xml');
  const inputs = [
    ...['docs', 'src', 'static', 'docusaurus.config.ts', 'sidebars.ts', 'package.json'].map((p) =>
      join(SITE, p),
    ),
    join(ROOT, 'src'),
    join(ROOT, 'examples'),
    join(ROOT, 'scripts', 'docs-generate.ts'),
  ];
  if (existsSync(marker) && statSync(marker).mtimeMs > newestMtime(inputs)) return;
  await promisify(execFile)('npm', ['run', 'build'], {
    cwd: SITE,
    env: { ...process.env, NO_UPDATE_NOTIFIER: '1', CI: 'true' },
    maxBuffer: 64 * 1024 * 1024,
  });
}

const READER: GuideValues = {
  bucketName: 'acme-quartic-data',
  region: 'eu-central-1',
  externalId: 'q-7d1e-acme',
  roleName: 'quartic-reader',
  accessLevel: 'read-only',
  encryption: 'SSE-KMS',
};
/** What the default values put in snippets; none may survive the reader's change. */
const DEFAULT_MARKERS = [
  'quartic-data-example',
  'EXTERNAL-ID-FROM-QUARTIC',
  'role/quartic-access',
  'eu-west-2',
];

interface Problems {
  console: string[];
  external: string[];
}

/** Records console errors, page errors, failed or non-loopback requests; blocks anything off loopback. */
async function watch(context: BrowserContext): Promise<Problems> {
  const problems: Problems = { console: [], external: [] };
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:') {
      return route.continue();
    }
    problems.external.push(url.href);
    return route.abort();
  });
  context.on('page', (page) => attach(page, problems));
  return problems;
}

function attach(page: Page, problems: Problems): void {
  page.on('console', (m) => {
    if (m.type() === 'error') problems.console.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.console.push(`${page.url()}: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.console.push(`${r.status()} ${r.url()}`);
  });
}

/** Opens a page and waits until React has hydrated it and loaded the reader's stored values. */
async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(
    "document.querySelector('[data-configurator]') === null || document.querySelector('[data-configurator][data-loaded=\"true\"]') !== null",
  );
}

/** Follows a sidebar link (client-side navigation) and waits until the new page has rendered. */
async function clientNav(page: Page, path: string): Promise<void> {
  const h1 = await page.locator('h1').first().textContent();
  await page.locator(`.menu__link[href="${path}"]`).first().click();
  await page.waitForURL(new RegExp(`${path}(\\?|$)`));
  await page.waitForFunction(
    `document.querySelector('h1') !== null && document.querySelector('h1').textContent !== ${JSON.stringify(h1)}`,
  );
}

/** Text of every code block rendered on the page now, in document order. */
function codeBlocks(page: Page): Promise<string[]> {
  return page.$$eval('.theme-code-block pre', (els) => els.map((e) => e.textContent ?? ''));
}

/** Every code block of every tool tab (tab panels are rendered lazily), tab by tab. */
async function allSnippets(page: Page): Promise<string[]> {
  const tabs = page.locator('[role="tablist"]').first().getByRole('tab');
  const found: string[] = [];
  for (let i = 0; i < (await tabs.count()); i++) {
    await tabs.nth(i).click();
    found.push(...(await codeBlocks(page)));
  }
  return found;
}

async function setValues(page: Page, values: GuideValues): Promise<void> {
  const form = page.locator('[data-configurator]').first();
  for (const field of ['externalId', 'bucketName', 'region', 'roleName'] as const) {
    await form.locator(`#guide-${field}`).fill(values[field]);
  }
  await form.locator('#guide-accessLevel').selectOption(values.accessLevel);
  await form.locator('#guide-encryption').selectOption(values.encryption);
}

function selectedTabs(page: Page): Promise<string[]> {
  return page.$$eval('[role="tablist"] [role="tab"][aria-selected="true"]', (els) =>
    els.map((e) => (e.textContent ?? '').trim()),
  );
}

const built = depsMissing ? describe.skip : describe;
const inBrowser = chromiumMissing ? describe.skip : describe;

/** The text of a built page, tags removed. */
function pageText(path: string): string {
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

built('docs site', () => {
  let server: StaticServer;
  let base: string;
  let pages: string[];

  beforeAll(async () => {
    await ensureBuilt();
    server = await startStaticServer(BUILD);
    base = server.url;
    const sitemap = readFileSync(join(BUILD, 'sitemap.xml'), 'utf8');
    pages = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1] as string).pathname);
  });

  afterAll(async () => {
    await server?.close();
  });

  it('lists every guide page in the sitemap', () => {
    expect(pages.sort()).toEqual(
      [
        '/',
        '/before-you-begin',
        '/cdktf-future',
        '/reference',
        '/search',
        '/security-model',
        '/step-1-bucket',
        '/step-2-role',
        '/step-3-policy',
        '/step-4-handoff',
        '/troubleshooting',
        '/verify',
      ].sort(),
    );
  });

  it('covers every console step of the customer guide with its exact values (Console tab, as served)', () => {
    const step1 = pageText('/step-1-bucket');
    expect(step1).toContain('Go to S3 → Create bucket');
    expect(step1).toContain('quartic-data.your-domain.com');
    expect(step1).toContain('Personally Identifiable Information (PII)');
    expect(step1).toMatch(/Bucket Versioning, Tags and .*Server access logging: enable or\s+disable/);
    const step2 = pageText('/step-2-role');
    expect(step2).toContain('IAM → Roles → Create role');
    expect(step2).toMatch(/Provide access between your AWS account and a 3rd\s+party AWS account/);
    expect(step2).toContain("Account ID = 555071496850 (Quartic's AWS account ID)");
    expect(step2).toContain('Require external ID = Ticked');
    expect(step2).toContain('Require MFA = Unticked');
    expect(step2).toMatch(/attach no policies/);
    expect(step2).toContain('the guide suggests quartic-access');
    expect(step2).toContain('arn:aws:iam::<your-account-id>:role/quartic-access');
    const step3 = pageText('/step-3-policy');
    expect(step3).toContain('Permissions → Add permissions → Create inline policy');
    expect(step3).toContain('AWS Service = Amazon S3');
    expect(step3).toContain('Actions = All Actions (s3:*)');
    expect(step3).toContain('Amazon Resource Name = arn:aws:s3:::quartic-data-example/*');
    // The deliberate difference from the guide is stated, with the reason.
    expect(step3).toContain('Where this guide differs from the original');
    expect(step3).toContain('arn:aws:s3:::bucket_name*');
    const handoff = pageText('/step-4-handoff');
    expect(handoff).toMatch(/name and region of the bucket, and the ARN of the role/);
    const overview = pageText('/');
    expect(overview).toMatch(/Quartic's engineers then test the access and confirm/);
    // The reference lists every construct prop, generated from src/options.ts.
    const reference = pageText('/reference');
    for (const prop of [
      'bucketName',
      'externalId',
      'accessLevel',
      'maxSessionDuration',
      'kmsKeyArn',
      'targetPrefix',
    ]) {
      expect(reference).toContain(prop);
    }
    expect(reference).toContain("'quartic-access'");
  });

  inBrowser('in Chromium', () => {
    let browser: Browser;

    beforeAll(async () => {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      mkdirSync(SCREENSHOTS, { recursive: true });
    });

    afterAll(async () => {
      await browser?.close();
    });

    it('loads every page with no console error, no outside request, within 500 KB; axe finds no serious violation', async () => {
      const report: string[] = [];
      const failures: string[] = [];
      const check = async (path: string): Promise<void> => {
        // A fresh context per page: an empty cache, as on a first visit.
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        const problems = await watch(context);
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        let bytes = 0;
        cdp.on(
          'Network.loadingFinished',
          (e: { encodedDataLength: number }) => (bytes += e.encodedDataLength),
        );
        await page.goto(`${base}${path}`, { waitUntil: 'load' });
        await page.waitForLoadState('networkidle');
        if ((await page.title()).length < 5) failures.push(`${path}: no title`);
        const axe = AXE_SKIPPED.has(path) ? { violations: [] } : await new AxeBuilder({ page }).analyze();
        failures.push(
          ...axe.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map(
              (v) => `${path}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
            ),
        );
        report.push(`${path}: ${(bytes / 1024).toFixed(0)} KB`);
        failures.push(...problems.console, ...problems.external.map((u) => `${path}: outside request ${u}`));
        if (bytes > PAGE_BUDGET_BYTES) {
          failures.push(`${path}: ${bytes} bytes transferred, budget ${PAGE_BUDGET_BYTES}`);
        }
        await context.close();
      };
      // Two pages at a time: the browser and axe each keep one core busy.
      const queue = [...pages];
      const worker = async (): Promise<void> => {
        for (let path = queue.shift(); path !== undefined; path = queue.shift()) await check(path);
      };
      await Promise.all([worker(), worker()]);
      console.log(`docs page weights (gzip, first load):\n  ${report.sort().join('\n  ')}`);
      expect(report).toHaveLength(pages.length);
      expect(failures).toEqual([]);
    });

    it('keeps one tool choice across tab groups and pages, and follows ?tool=', async () => {
      const context = await browser.newContext();
      const problems = await watch(context);
      const page = await context.newPage();
      // Two groups on one page: choosing in the first switches the second.
      await open(page, `${base}/verify`);
      expect(await selectedTabs(page)).toEqual(['Console', 'Console']);
      await page.locator('[role="tablist"]').first().getByRole('tab', { name: 'AWS CLI' }).click();
      expect(await selectedTabs(page)).toEqual(['AWS CLI', 'AWS CLI']);
      expect(new URL(page.url()).searchParams.get('tool')).toBe('cli');
      // Another page, by a full load: the choice followed.
      await open(page, `${base}/step-1-bucket`);
      expect(await selectedTabs(page)).toEqual(['AWS CLI']);
      await page.getByRole('tab', { name: 'Terraform' }).click();
      // Client-side navigation through the sidebar.
      await clientNav(page, '/step-2-role');
      expect(await selectedTabs(page)).toEqual(['Terraform']);
      await expect(page.locator('[role="tabpanel"]:not([hidden])').textContent()).resolves.toContain(
        'resource "aws_iam_role"',
      );
      // A shared link with ?tool= wins over the stored choice, and becomes the stored choice.
      await open(page, `${base}/step-3-policy?tool=cdktf`);
      expect(await selectedTabs(page)).toEqual(['CDKTF (TypeScript)']);
      await open(page, `${base}/step-4-handoff`);
      expect(await selectedTabs(page)).toEqual(['CDKTF (TypeScript)']);
      expect(problems).toEqual({ console: [], external: [] });
      await context.close();
    });

    it('changes every snippet on every page, and what the copy button copies, from the configurator', async () => {
      // Default snippets, in a fresh browser.
      const fresh = await browser.newContext();
      const freshPage = await fresh.newPage();
      const before: Record<string, string[]> = {};
      for (const path of VALUE_PAGES) {
        await open(freshPage, `${base}${path}`);
        before[path] = await allSnippets(freshPage);
      }
      await fresh.close();

      const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
      const problems = await watch(context);
      // Record what the copy buttons write to the clipboard.
      await context.addInitScript(
        'window.__copied = []; if (navigator.clipboard) navigator.clipboard.writeText = (t) => { window.__copied.push(t); return Promise.resolve(); };',
      );
      const page = await context.newPage();
      await open(page, `${base}/step-1-bucket`);
      await setValues(page, READER);
      await expect(
        page.locator('[data-validation-status]').getAttribute('data-validation-status'),
      ).resolves.toBe('valid');
      let changed = 0;
      for (const [i, path] of VALUE_PAGES.entries()) {
        if (i > 0) {
          // Alternate client-side navigation and full reloads: the values survive both.
          if (i % 2 === 1) {
            await clientNav(page, path);
          } else {
            await open(page, `${base}${path}`);
          }
        }
        await expect(page.locator('#guide-bucketName').inputValue()).resolves.toBe(READER.bucketName);
        const after = await allSnippets(page);
        expect({ path, blocks: after.length }).toEqual({ path, blocks: before[path]!.length });
        after.forEach((text, j) => {
          const old = before[path]![j] as string;
          const hadValues = DEFAULT_MARKERS.some((m) => old.includes(m));
          for (const marker of DEFAULT_MARKERS)
            expect({ path, j, marker, has: text.includes(marker) }).toMatchObject({ has: false });
          if (hadValues) {
            expect(text).not.toBe(old);
            changed += 1;
          }
        });
      }
      expect(changed).toBeGreaterThanOrEqual(15);

      // Access level and encryption reach the policies and the Terraform.
      await open(page, `${base}/step-3-policy?tool=console`);
      const policy = (await codeBlocks(page)).join('\n');
      expect(policy).toContain('s3:GetObject');
      expect(policy).not.toContain('"s3:*"');
      await open(page, `${base}/step-1-bucket?tool=terraform`);
      const panel = page.locator('[role="tabpanel"]:not([hidden])');
      await expect(panel.textContent()).resolves.toContain('resource "aws_kms_key"');

      // The download is the whole Terraform file for these values (validated by terraform in generators.test).
      const download = page.waitForEvent('download');
      await page.locator('[data-download="main.tf"]').click();
      const file = await (await download).path();
      expect(readFileSync(file, 'utf8')).toBe(hclFor(loadHcl(), READER, 'all'));

      // The copy button copies exactly the library's CLI commands for these values.
      await open(page, `${base}/step-2-role?tool=cli`);
      const block = page.locator('[role="tabpanel"]:not([hidden]) .theme-code-block').first();
      await block.hover();
      await block.getByRole('button', { name: /copy/i }).click();
      const copied = (await page.evaluate('window.__copied')) as string[];
      const expected = awsCliSteps(toOptions(READER))
        .find((s) => s.id === 'role')!
        .commands.join('\n\n');
      expect(copied).toEqual([expected]);
      expect(expected).toContain(`"sts:ExternalId": "${READER.externalId}"`);
      expect(problems).toEqual({ console: [], external: [] });
      await context.close();
    });

    it("shows the library's own messages for invalid values", async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await open(page, `${base}/before-you-begin`);
      await setValues(page, { ...READER, bucketName: 'Bad_Bucket..name-' });
      const expected = validateOptions(toOptions({ ...READER, bucketName: 'Bad_Bucket..name-' }))
        .problems.filter((p) => p.field === 'bucketName')
        .map((p) => p.message);
      expect(expected.length).toBeGreaterThanOrEqual(3);
      await expect(page.locator('[data-problem-field="bucketName"]').allTextContents()).resolves.toEqual(
        expected,
      );
      await expect(page.locator('#guide-bucketName').getAttribute('aria-invalid')).resolves.toBe('true');
      await expect(
        page.locator('[data-validation-status]').getAttribute('data-validation-status'),
      ).resolves.toBe('invalid');
      // Warnings too: a dotted name is allowed, with the library's warning.
      await page.locator('#guide-bucketName').fill('quartic-data.acme.com');
      const warning = validateOptions(toOptions({ ...READER, bucketName: 'quartic-data.acme.com' }))
        .warnings[0];
      await expect(page.locator('[data-warning-field="bucketName"]').allTextContents()).resolves.toEqual([
        warning!.message,
      ]);
      await expect(page.locator('[data-problem-field="bucketName"]').count()).resolves.toBe(0);
      // A region outside the commercial partition.
      await page.locator('#guide-region').fill('cn-north-1');
      const region = validateOptions(toOptions({ ...READER, region: 'cn-north-1' })).problems[0];
      await expect(page.locator('[data-problem-field="region"]').allTextContents()).resolves.toEqual([
        region!.message,
      ]);
      await context.close();
    });

    it('prefills from a link Quartic sends, then keeps the values', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await open(page, `${base}/before-you-begin?externalId=q-link-42&bucketName=linked-bucket&tool=cli`);
      await expect(page.locator('#guide-externalId').inputValue()).resolves.toBe('q-link-42');
      await expect(page.locator('#guide-bucketName').inputValue()).resolves.toBe('linked-bucket');
      await expect(page.locator('#guide-region').inputValue()).resolves.toBe(DEFAULT_VALUES.region);
      // The values moved to storage; the address bar keeps only the tool choice.
      await page.waitForFunction("!window.location.search.includes('externalId')");
      expect(new URL(page.url()).search).toBe('?tool=cli');
      await open(page, `${base}/step-2-role`);
      expect(await selectedTabs(page)).toEqual(['AWS CLI']);
      expect((await codeBlocks(page)).join('\n')).toContain('"sts:ExternalId": "q-link-42"');
      await context.close();
    });

    it('finds "external ID" with the offline search', async () => {
      const context = await browser.newContext();
      const problems = await watch(context);
      const page = await context.newPage();
      await open(page, `${base}/`);
      const input = page.locator('input.navbar__search-input').first();
      await input.click();
      await input.fill('external ID');
      const options = page.locator('[role="listbox"] [role="option"]');
      await options.first().waitFor();
      const texts = await options.allTextContents();
      expect(texts.length).toBeGreaterThanOrEqual(2);
      expect(texts.every((t) => /external\s*ID/i.test(t))).toBe(true);
      await options.first().click();
      await page.waitForURL(/security-model|step-2-role|before-you-begin|troubleshooting|overview|\/$/);
      expect(problems).toEqual({ console: [], external: [] });
      await context.close();
    });

    it('saves light and dark screenshots of the step pages; no serious axe violation in any tab, light or dark', async () => {
      for (const scheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({
          colorScheme: scheme,
          viewport: { width: 1280, height: 900 },
        });
        const page = await context.newPage();
        const serious = async (where: string, include?: string): Promise<string[]> => {
          const builder = new AxeBuilder({ page });
          const result = await (include === undefined ? builder : builder.include(include)).analyze();
          return result.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${where} ${scheme}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        };
        const failures: string[] = [];
        for (const path of STEP_PAGES) {
          await open(page, `${base}${path}`);
          await expect(page.locator('html').getAttribute('data-theme')).resolves.toBe(scheme);
          await page.screenshot({
            path: join(SCREENSHOTS, `${path.slice(1)}-${scheme}.png`),
            fullPage: true,
          });
        }
        // Every code language and tab panel (hidden panels are skipped by axe), on the page that has them all.
        await open(page, `${base}/step-1-bucket`);
        if (scheme === 'dark') failures.push(...(await serious('/step-1-bucket')));
        for (const tool of ['CDKTF (TypeScript)', 'Terraform', 'AWS CLI']) {
          await page.getByRole('tab', { name: tool }).first().click();
          await page
            .locator('[role="tabpanel"]:not([hidden])')
            .first()
            .screenshot({
              path: join(SCREENSHOTS, `tab-${tool.split(' ')[0]!.toLowerCase()}-${scheme}.png`),
            });
          failures.push(...(await serious(tool, '[role="tabpanel"]:not([hidden])')));
        }
        await page.getByRole('tab', { name: 'Console' }).first().click();
        expect(failures).toEqual([]);
        await context.close();
      }
      const saved = readdirSync(SCREENSHOTS).filter((f) => /^step-.*-(light|dark)\.png$/.test(f));
      expect(saved.length).toBe(STEP_PAGES.length * 2);
    });
  });
});
