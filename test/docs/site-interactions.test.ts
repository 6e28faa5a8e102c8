/**
 * The built docs site in Chromium, as a reader uses it: the tool tabs follow the reader across groups,
 * pages and links; the configurator drives every snippet, the copy button and the main.tf download; the
 * library's validation messages appear inline; a link from Quartic prefills the values; the offline
 * search finds "external ID"; step pages are screenshot light and dark (test-artifacts/screenshots/)
 * and every tab panel passes axe in both modes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { awsCliSteps } from '../../src/core/cli-commands';
import { validateOptions } from '../../src/core/validation';
import { DEFAULT_VALUES, hclFor, toOptions } from '../../docs-site/src/guide/snippets';
import {
  allSnippets,
  built,
  clientNav,
  codeBlocks,
  DEFAULT_MARKERS,
  inBrowser,
  launchChromium,
  loadHcl,
  open,
  READER,
  SCREENSHOTS,
  selectedTabs,
  seriousViolations,
  setValues,
  Site,
  startSite,
  STEP_PAGES,
  VALUE_PAGES,
  watch,
  withAxe,
} from './site-helpers';

const run = (fn: () => void) => built('docs site in use', () => inBrowser('in Chromium', fn));

run(() => {
  let site: Site;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    site = await startSite();
    base = site.base;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.server.close();
  });

  it('keeps one tool choice across tab groups and pages, and follows ?tool=', async () => {
    const context = await browser.newContext();
    const problems = watch(context);
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
    const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    const problems = watch(context);
    // Record what the copy buttons write to the clipboard.
    await context.addInitScript(
      'window.__copied = []; if (navigator.clipboard) navigator.clipboard.writeText = (t) => { window.__copied.push(t); return Promise.resolve(); };',
    );
    const page = await context.newPage();
    // Default snippets first, while nothing is stored (page to page through the sidebar).
    const before: Record<string, string[]> = {};
    for (const [i, path] of VALUE_PAGES.entries()) {
      if (i === 0) await open(page, `${base}${path}`);
      else await clientNav(page, path);
      before[path] = await allSnippets(page);
    }
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
    // The rest moves through the sidebar and picks tabs by clicking, as a reader does (no reload needed).
    const pick = (tool: string) => page.getByRole('tab', { name: tool }).first().click();
    await clientNav(page, '/step-3-policy');
    await pick('Console');
    const policy = (await codeBlocks(page)).join('\n');
    expect(policy).toContain('s3:GetObject');
    expect(policy).not.toContain('"s3:*"');
    await clientNav(page, '/step-1-bucket');
    await pick('Terraform');
    const panel = page.locator('[role="tabpanel"]:not([hidden])');
    await expect(panel.textContent()).resolves.toContain('resource "aws_kms_key"');

    // The download is the whole Terraform file for these values (validated and planned by the terraform tier).
    const download = page.waitForEvent('download');
    await page.locator('[data-download="main.tf"]').click();
    const file = await (await download).path();
    expect(readFileSync(file, 'utf8')).toBe(hclFor(loadHcl(), READER, 'all'));

    // The copy button copies exactly the library's CLI commands for these values.
    await clientNav(page, '/step-2-role');
    await pick('AWS CLI');
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

  it("shows the library's own messages for invalid values, each field named by its label", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await open(page, `${base}/before-you-begin`);
    await setValues(page, { ...READER, bucketName: 'Bad_Bucket..name-' });
    const got = ', got "Bad_Bucket..name-". Example: "quartic-data-acme".';
    // The library's problems for these values, rendered for the guide's surface (its label, not the prop).
    expect(
      validateOptions(toOptions({ ...READER, bucketName: 'Bad_Bucket..name-' })).problems.map(
        (p) => p.ruleId,
      ),
    ).toEqual(['bucket-name.characters', 'bucket-name.ends', 'bucket-name.adjacent-dots']);
    await expect(page.locator('[data-problem-field="bucketName"]').allTextContents()).resolves.toEqual([
      `Bucket name must contain only lowercase letters, digits, dots (.) and hyphens (-)${got}`,
      `Bucket name must start and end with a lowercase letter or a digit${got}`,
      `Bucket name must not contain two adjacent dots (..)${got}`,
    ]);
    await expect(page.locator('#guide-bucketName').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(
      page.locator('[data-validation-status]').getAttribute('data-validation-status'),
    ).resolves.toBe('invalid');
    // The snippet areas list the same rules by label, without the value (the values survive client-side
    // navigation; invalid ones are never saved).
    await clientNav(page, '/step-1-bucket');
    await expect(page.locator('[data-snippet-blocked] li').first().textContent()).resolves.toBe(
      'Bucket name must contain only lowercase letters, digits, dots (.) and hyphens (-)',
    );
    // Warnings too: a dotted name is allowed, with the library's warning.
    await page.locator('#guide-bucketName').fill('quartic-data.acme.com');
    await expect(page.locator('[data-warning-field="bucketName"]').allTextContents()).resolves.toEqual([
      'Bucket name "quartic-data.acme.com" contains dots: virtual-hosted-style HTTPS requests fail ' +
        'certificate validation for it and S3 Transfer Acceleration cannot be enabled. It works with ' +
        'Quartic (path-style requests), but a name without dots, like "quartic-data-acme", avoids both limits.',
    ]);
    await expect(page.locator('[data-problem-field="bucketName"]').count()).resolves.toBe(0);
    // A region outside the commercial partition.
    await page.locator('#guide-region').fill('cn-north-1');
    await expect(page.locator('[data-problem-field="region"]').allTextContents()).resolves.toEqual([
      'Region must be in the commercial AWS partition (this region is in AWS China, partition "aws-cn"; ' +
        "Quartic's account is in the commercial partition and cannot assume a role across partitions), " +
        'got "cn-north-1". Example: "eu-west-2".',
    ]);
    await context.close();
  });

  it('prefills from a link Quartic sends, then keeps the values once confirmed', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await open(page, `${base}/before-you-begin?externalId=q-link-42&bucketName=linked-bucket&tool=cli`);
    await expect(page.locator('#guide-externalId').inputValue()).resolves.toBe('q-link-42');
    await expect(page.locator('#guide-bucketName').inputValue()).resolves.toBe('linked-bucket');
    await expect(page.locator('#guide-region').inputValue()).resolves.toBe(DEFAULT_VALUES.region);
    await page.locator('[data-link-confirm]').click();
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
    const problems = watch(context);
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
      await withAxe(context);
      const page = await context.newPage();
      const serious = (where: string, include?: string) =>
        seriousViolations(page, `${where} ${scheme}`, include);
      const failures: string[] = [];
      // Last to first, so the loop ends on step 1, the page with every tab kind.
      for (const [i, path] of [...STEP_PAGES].reverse().entries()) {
        if (i === 0) await open(page, `${base}${path}`);
        else await clientNav(page, path);
        await expect(page.locator('html').getAttribute('data-theme')).resolves.toBe(scheme);
        await page.screenshot({
          path: join(SCREENSHOTS, `${path.slice(1)}-${scheme}.png`),
          fullPage: true,
        });
      }
      // Every code language and tab panel (hidden panels are skipped by axe), on the page that has them all.
      expect(new URL(page.url()).pathname).toBe('/step-1-bucket');
      if (scheme === 'dark') failures.push(...(await serious('/step-1-bucket')));
      for (const tool of ['CDKTF (TypeScript)', 'Terraform', 'AWS CLI']) {
        await page.getByRole('tab', { name: tool }).first().click();
        await page
          .locator('[role="tabpanel"]:not([hidden])')
          .first()
          .screenshot({
            path: join(SCREENSHOTS, `tab-${tool.split(' ')[0]!.toLowerCase()}-${scheme}.png`),
            // A panel taller than the window is captured scrolled: the sticky navbar would cover its top.
            style: '.navbar { visibility: hidden; }',
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
