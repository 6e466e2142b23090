import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../src/render/pdf';
import { firstCommune } from '../support/factories';
import { createTestEnv, startTestApp, type TestApp, type TestEnv } from '../support/test-app';

/**
 * The personal-data notice the chat's consent question links to (an `oa.open.url` button), in Debian's Chromium
 * at the width of a small phone, with JavaScript off: readable, no sideways scrolling, every section there.
 * SIM_SCREENSHOT_DIR=docs/screenshots also saves docs/screenshots/consent-notice-360.png.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = process.env.SIM_SCREENSHOT_DIR;

jest.setTimeout(60_000);

describe('the personal-data notice page in a browser', () => {
  let env: TestEnv;
  let app: TestApp;
  let profile: string;
  let page: Page;
  let url: string;

  beforeAll(async () => {
    env = await createTestEnv();
    app = await startTestApp(env, { COMMUNE_NAME: 'xã Lương Sơn' });
    await app.server!.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server!.server.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    const commune = await firstCommune(app.database.db);
    url = `http://127.0.0.1:${address.port}/du-lieu-ca-nhan/${commune.slug}`;
    profile = await mkdtemp(path.join(os.tmpdir(), 'langnghe-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      viewport: { width: 360, height: 740 },
      javaScriptEnabled: false,
      locale: 'vi-VN',
    });
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await page.context().close();
    await rm(profile, { recursive: true, force: true });
    await app.close();
    await env.dispose();
  });

  it('reads on a 360 px phone without JavaScript and names the data, the sensitivity and the contact point', async () => {
    const response = await page.goto(url);
    expect(response?.status()).toBe(200);
    expect(await page.title()).toContain('xã Lương Sơn');
    const headings = await page.locator('h2').allTextContents();
    expect(headings).toEqual([
      'Ai xử lý dữ liệu',
      'Những dữ liệu nào',
      'Vị trí là dữ liệu nhạy cảm',
      'Để làm gì',
      'Khi nào cần ông/bà đồng ý',
      'Lưu trong bao lâu',
      'Quyền của ông/bà',
      'Trẻ em',
      'Đầu mối liên hệ về dữ liệu cá nhân',
    ]);
    // Strings run in the page (the tests' TypeScript has no DOM types).
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(360);
    const fontSize = await page.evaluate<number>(
      "parseFloat(getComputedStyle(document.querySelector('p')).fontSize)",
    );
    expect(fontSize).toBeGreaterThanOrEqual(16);
    if (SCREENSHOTS)
      await page.screenshot({ path: path.join(SCREENSHOTS, 'consent-notice-360.png'), fullPage: true });
  });
});
