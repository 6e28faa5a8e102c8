/**
 * The guide on a phone, in Chromium at 360 and 390 px wide, light and dark: on every step page the page
 * never scrolls sideways, every tool tab is on screen (the row wraps instead of hiding the AWS CLI tab),
 * the configurator's fields fit, and each visible code block's copy button is on screen. Screenshots of
 * each page go to test-artifacts/screenshots/phone-*.png. The phone menu mounts its links only when first
 * opened (src/theme/Navbar/MobileSidebar): a page load prefetches no page of the menu, opening it does.
 */
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { built, inBrowser, open, SCREENSHOTS, siteAndBrowser, STEP_PAGES } from './site-helpers';

const run = (fn: () => void) => built('docs site on a phone', () => inBrowser('in Chromium', fn));

interface Box {
  readonly x: number;
  readonly width: number;
}

/** Horizontal extent of every element matching `selector`, as laid out now. */
const boxes = (page: Page, selector: string): Promise<Box[]> =>
  page.$$eval(selector, (els) =>
    els
      .filter((e) => (e as unknown as { offsetParent: unknown }).offsetParent !== null)
      .map((e) => {
        const r = e.getBoundingClientRect();
        return { x: r.x, width: r.width };
      }),
  );

run(() => {
  const env = siteAndBrowser();

  const cases = [360, 390].flatMap((width) =>
    (['light', 'dark'] as const).map((scheme) => ({ width, scheme })),
  );

  test.each(cases)(
    '$width px, $scheme: every step page fits, with every tab and copy button on screen',
    async ({ width, scheme }) => {
      const context = await env.browser.newContext({
        viewport: { width, height: 844 },
        colorScheme: scheme,
        isMobile: true,
        hasTouch: true,
      });
      const page = await context.newPage();
      for (const path of STEP_PAGES) {
        await open(page, `${env.site.base}${path}`);
        const [scrollWidth, clientWidth] = await page.evaluate<[number, number]>(
          '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
        );
        expect([path, scrollWidth]).toEqual([path, clientWidth]);
        const inside = (b: Box) => b.x >= 0 && b.x + b.width <= width + 0.5;
        const tabs = await boxes(page, '[role="tablist"] [role="tab"]');
        expect(tabs.length).toBeGreaterThanOrEqual(4);
        expect([path, tabs.filter((b) => !inside(b))]).toEqual([path, []]);
        const fields = await boxes(page, '[data-configurator] input, [data-configurator] select');
        expect([path, fields.filter((b) => !inside(b))]).toEqual([path, []]);
        // Every tool's panel: its code blocks' copy buttons are on screen.
        const tabCount = await page.locator('[role="tablist"]').first().getByRole('tab').count();
        for (let i = 0; i < tabCount; i++) {
          await page.locator('[role="tablist"]').first().getByRole('tab').nth(i).click();
          const copy = await boxes(
            page,
            '[role="tabpanel"]:not([hidden]) .theme-code-block button[aria-label*="opy" i]',
          );
          expect([path, i, copy.filter((b) => !inside(b))]).toEqual([path, i, []]);
        }
        await page.locator('[role="tablist"]').first().getByRole('tab').first().click();
        if (width === 390) {
          await page.screenshot({
            path: join(SCREENSHOTS, `phone-${path.slice(1)}-${scheme}.png`),
            fullPage: true,
          });
        }
      }
      await context.close();
    },
  );

  test('390 px: the menu renders its links when opened, not on load, and they navigate', async () => {
    const context = await env.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await open(page, `${env.site.base}/step-1-bucket`);
    await page.waitForLoadState('networkidle');
    const prefetched = () =>
      page.$$eval('link[rel="prefetch"]', (links) => links.map((l) => l.getAttribute('href')));
    const onLoad = await prefetched();
    expect(await page.locator('.navbar-sidebar a').count()).toBe(0);
    await page.getByRole('button', { name: 'Toggle navigation bar' }).tap();
    const menu = page.locator('.navbar-sidebar');
    for (const path of STEP_PAGES) {
      await menu.locator(`a.menu__link[href="${path}"]:visible`).first().waitFor();
    }
    // The menu's links are what prefetches the other pages' chunks now.
    await page.waitForLoadState('networkidle');
    expect((await prefetched()).length).toBeGreaterThan(onLoad.length);
    await page.screenshot({ path: join(SCREENSHOTS, 'phone-menu-open-light.png') });
    await menu.locator('a.menu__link[href="/step-2-role"]:visible').first().tap();
    await page.waitForURL(/\/step-2-role(\?|$)/);
    await expect(page.locator('h1').first().textContent()).resolves.toMatch(/role/i);
    await context.close();
  });
});
