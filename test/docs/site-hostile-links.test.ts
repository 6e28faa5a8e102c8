/**
 * Crafted links against the built guide in Chromium: a link is a suggestion, never a write. Each hostile
 * prefilled link shows the link notice and the library's problem; no code block in any tab, no copy
 * text and no download holds the value (the snippet areas show what to fix instead, and the download is
 * disabled); nothing of it is saved, and a later visit without the link shows no trace of it. A valid
 * link prefills the configurator and is saved only once the reader confirms it (or discards it).
 */
import { Page } from 'playwright-core';
import { DEFAULT_VALUES } from '../../docs-site/src/guide/snippets';
import { allSnippets, built, codeBlocks, inBrowser, open, siteAndBrowser } from './site-helpers';

interface HostileLink {
  readonly name: string;
  readonly path: string;
  readonly field: string;
  readonly value: string;
  /** Text that would show in a snippet if the value got through, even escaped. */
  readonly marker: string;
  readonly tool: string;
}

const LINKS: readonly HostileLink[] = [
  {
    name: 'command substitution in the bucket name (AWS CLI, SSE-KMS)',
    path: '/step-3-policy',
    field: 'bucketName',
    value: 'quartic-data$(touch${IFS}/tmp/x)',
    marker: 'touch',
    tool: 'cli',
  },
  {
    name: 'a newline out of a comment in the region (verify page)',
    path: '/verify',
    field: 'region',
    value: 'eu-west-2\ntouch /tmp/x\n#',
    marker: 'touch',
    tool: 'cli',
  },
  {
    name: 'a second trust statement for another account in the external ID (Terraform)',
    path: '/step-2-role',
    field: 'externalId',
    value:
      '\\"}}},{\\"Sid\\":\\"x\\",\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"AWS\\":\\"arn:aws:iam::666666666666:root\\"}',
    marker: '666666666666',
    tool: 'terraform',
  },
  {
    name: 'backticks in the role name (hand-off)',
    path: '/step-4-handoff',
    field: 'roleName',
    value: 'x`touch /tmp/x`',
    marker: 'touch',
    tool: 'cdktf',
  },
  {
    name: 'a bidi override in the bucket name (console)',
    path: '/step-1-bucket',
    field: 'bucketName',
    value: 'quartic\u202eatad',
    marker: '\u202e',
    tool: 'console',
  },
];

const run = (fn: () => void) => built('docs site links', () => inBrowser('in Chromium', fn));

/** GuideValues.tsx's storage key (that file imports Docusaurus, which jest cannot load). */
const STORAGE_KEY = 'quartic-s3-guide-values';

/** The reader's saved values, as the site stored them (null when nothing is saved). */
const stored = (page: Page) =>
  page.evaluate<string | null>(`window.localStorage.getItem(${JSON.stringify(STORAGE_KEY)})`);

/** Waits until the saved values include `text`. */
const savedWith = (page: Page, text: string) =>
  page.waitForFunction(
    `(window.localStorage.getItem(${JSON.stringify(STORAGE_KEY)}) ?? '').includes(${JSON.stringify(text)})`,
  );

run(() => {
  const env = siteAndBrowser();

  test.each(LINKS)('$name: notice and problem, nothing rendered, nothing saved', async (link) => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const query = new URLSearchParams({ [link.field]: link.value, encryption: 'SSE-KMS', tool: link.tool });
    await open(page, `${env.site.base}${link.path}?${query.toString()}`);
    await expect(page.locator('[data-link-notice]').textContent()).resolves.toContain(
      'These values came from a link',
    );
    await expect(page.locator(`[data-problem-field="${link.field}"]`).count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('[data-link-confirm]').isDisabled()).resolves.toBe(true);
    await expect(page.locator('[data-snippet-blocked]').count()).resolves.toBeGreaterThan(0);
    const snippets = await allSnippets(page);
    expect(snippets.filter((s) => s.includes(link.marker) || s.includes(link.value))).toEqual([]);
    // Nothing to copy: no code block is left with a copy button holding the value.
    const copyable = await page.$$eval('.theme-code-block', (els) => els.map((e) => e.textContent ?? ''));
    expect(copyable.filter((s) => s.includes(link.marker))).toEqual([]);
    const download = page.locator('[data-download="main.tf"]');
    if ((await download.count()) > 0) await expect(download.isDisabled()).resolves.toBe(true);
    expect(await stored(page)).toBeNull();

    // Later, without the link: no notice, no trace, snippets for the defaults again.
    await open(page, `${env.site.base}${link.path}`);
    await expect(page.locator('[data-link-notice]').count()).resolves.toBe(0);
    const text = await page.evaluate<string>('document.body.innerText');
    expect(text).not.toContain(link.value);
    expect(text).not.toContain(link.marker);
    await expect(page.locator('[data-snippet-blocked]').count()).resolves.toBe(0);
    expect((await allSnippets(page)).length).toBeGreaterThan(0);
    expect(await stored(page)).not.toContain(link.marker);
    await context.close();
  });

  test('a valid link prefills every snippet, and is saved only when the reader confirms it', async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await open(page, `${env.site.base}/step-2-role?externalId=q-link-42&bucketName=linked-bucket&tool=cli`);
    await expect(page.locator('[data-link-notice]').textContent()).resolves.toContain(
      '(Bucket name, External ID (from Quartic))',
    );
    await expect(page.locator('#guide-externalId').inputValue()).resolves.toBe('q-link-42');
    expect((await codeBlocks(page)).join('\n')).toContain('"sts:ExternalId": "q-link-42"');
    expect(await stored(page)).toBeNull();
    await page.locator('[data-link-confirm]').click();
    await page.waitForFunction("!window.location.search.includes('externalId')");
    expect(new URL(page.url()).search).toBe('?tool=cli');
    await expect(page.locator('[data-link-notice]').count()).resolves.toBe(0);
    await savedWith(page, 'q-link-42');
    // Saved: a later visit without the link keeps them.
    await open(page, `${env.site.base}/step-1-bucket`);
    await expect(page.locator('#guide-bucketName').inputValue()).resolves.toBe('linked-bucket');
    await context.close();
  });

  test('discarding a link goes back to the saved values; editing a value takes the link as the reader’s', async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await open(page, `${env.site.base}/before-you-begin?bucketName=linked-bucket`);
    await page.locator('[data-link-discard]').click();
    await expect(page.locator('#guide-bucketName').inputValue()).resolves.toBe(DEFAULT_VALUES.bucketName);
    await expect(page.locator('[data-link-notice]').count()).resolves.toBe(0);
    expect(new URL(page.url()).search).toBe('');
    await open(page, `${env.site.base}/before-you-begin?bucketName=linked-bucket`);
    await page.locator('#guide-externalId').fill('q-typed-7');
    await expect(page.locator('[data-link-notice]').count()).resolves.toBe(0);
    await savedWith(page, 'linked-bucket');
    await context.close();
  });
});
