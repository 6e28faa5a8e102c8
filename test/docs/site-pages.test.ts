/**
 * The built docs site, page by page: the sitemap lists every guide page, the served step pages carry every
 * console step of the customer guide with its exact values, and in Chromium every page loads with no
 * console error, no request off loopback, within 500 KB, and with no serious or critical axe violation.
 */
import { Browser } from 'playwright-core';
import {
  built,
  inBrowser,
  launchChromium,
  PAGE_BUDGET_BYTES,
  pageText,
  seriousViolations,
  Site,
  startSite,
  watch,
  withAxe,
} from './site-helpers';

built('docs site pages', () => {
  let site: Site;
  let browser: Browser | undefined;
  let base: string;
  let pages: string[];

  beforeAll(async () => {
    site = await startSite();
    ({ base, pages } = site);
  });

  afterAll(async () => {
    await browser?.close();
    await site?.server.close();
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
    // The reference lists every construct prop, generated from src/core/options.ts.
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
    // Which props take tokens, from the registry's literal-only options, with validation's reasons.
    expect(reference.replace(/\s+/g, ' ')).toContain(
      'Props that accept unresolved Terraform tokens (validated only when literal): bucketName, externalId, ' +
        'roleName, trustedAccountId, accessLogging, tags, kmsKeyArn, roleDescription. region must be a literal ' +
        'region code (it decides the ARN partition). Each of accessLevel, existingBucket, versioning, ' +
        'encryption, allowBucketDestroy, bucketGuardrails, maxSessionDuration must be a literal value, not a ' +
        'Terraform token (it decides which resources are synthesized).',
    );
  });

  inBrowser('in Chromium', () => {
    beforeAll(async () => {
      browser = await launchChromium();
    });

    it('loads every page with no console error, no outside request, within 500 KB; axe finds no serious violation', async () => {
      const report: string[] = [];
      const failures: string[] = [];
      // Two tabs, each loading pages one after another with the HTTP cache off, so each load transfers
      // everything, as a first visit does (measured: the same bytes per page as a fresh context per page).
      // Reusing a tab keeps one renderer process and V8's compile cache for main.js: a third less
      // CPU than a fresh context per page.
      const worker = async (queue: string[]): Promise<void> => {
        const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
        const problems = watch(context);
        await withAxe(context);
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
        let bytes = 0;
        cdp.on(
          'Network.loadingFinished',
          (e: { encodedDataLength: number }) => (bytes += e.encodedDataLength),
        );
        for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
          bytes = 0;
          await page.goto(`${base}${path}`, { waitUntil: 'load' });
          await page.waitForLoadState('networkidle');
          if ((await page.title()).length < 5) failures.push(`${path}: no title`);
          failures.push(...(await seriousViolations(page, path)));
          report.push(`${path}: ${(bytes / 1024).toFixed(0)} KB`);
          if (bytes > PAGE_BUDGET_BYTES) {
            failures.push(`${path}: ${bytes} bytes transferred, budget ${PAGE_BUDGET_BYTES}`);
          }
        }
        // Console errors and outside requests carry the page's URL.
        failures.push(...problems.console, ...problems.external.map((u) => `outside request ${u}`));
        await context.close();
      };
      const queue = [...pages];
      await Promise.all([worker(queue), worker(queue)]);
      console.log(`docs page weights (gzip, first load):\n  ${report.sort().join('\n  ')}`);
      expect(report).toHaveLength(pages.length);
      expect(failures).toEqual([]);
    });
  });
});
