import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../src/render/pdf';
import { PNG, publicFixture } from '../support/public-seed';
import { createTestEnv, startTestApp, type TestApp, type TestEnv } from '../support/test-app';

/**
 * The public results page in Debian's Chromium (playwright-core, nothing downloaded), without JavaScript: it
 * loads with its figures, a resident filters by residential group with the form, opens a case and reads its
 * result, answer and history. PUBLIC_SCREENSHOT_DIR=docs/screenshots saves the README's screenshots (360 px and
 * 1280 px).
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = process.env.PUBLIC_SCREENSHOT_DIR;

jest.setTimeout(120_000);

describe('the public results page in a browser', () => {
  let env: TestEnv;
  let app: TestApp;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let resolvedCode = '';

  beforeAll(async () => {
    env = await createTestEnv();
    app = await startTestApp(env, { COMMUNE_NAME: 'xã Lương Sơn' });
    const fx = await publicFixture(app);
    const reports: [string, string, string][] = [
      [
        'duong-sa',
        'Ổ gà lớn trước cổng trường tiểu học, xe máy hay bị ngã, số điện thoại 0912 345 678',
        'TK5',
      ],
      ['ve-sinh', 'Rác thải tồn đọng ở đầu ngõ 3 gần chợ, bốc mùi hôi', 'TK6'],
      ['duong-sa', 'Đèn đường cột số 12 tắt cả tuần, tối đi lại rất nguy hiểm', 'TK5'],
      ['khac', 'Cống thoát nước bị tắc sau mưa, nước tràn vào nhà dân', 'THONDONG'],
      ['ve-sinh', 'Xe 29A-123.45 đổ phế thải xây dựng ra lề đường ban đêm', 'TK6'],
    ];
    const codes: string[] = [];
    for (const [service, description, area] of reports) {
      codes.push(
        (await fx.file({ service_code: service, description, address_id: area })).service_request_id,
      );
    }
    resolvedCode = codes[0]!;
    await fx.resolve(
      resolvedCode,
      'Phòng Kinh tế đã cử cán bộ kiểm tra hiện trường, sẽ vá trong tuần',
      'Đã vá xong ổ gà bằng bê tông nhựa, mặt đường đã bằng phẳng',
      'https://zalo-cdn.example.invalid/va-xong.png',
    );
    const photo = await fx.storeCopy(resolvedCode, 'https://zalo-cdn.example.invalid/va-xong.png', PNG);
    await fx.admin('POST', `/api/admin/cases/${resolvedCode}/attachments/${photo.id}/publishable`, {
      publishable: true,
    });
    await fx.frontNote(
      resolvedCode,
      'Ban công tác Mặt trận tiểu khu 5 đã kiểm tra, người dân đồng tình với kết quả',
    );
    await fx.act(codes[1]!, { type: 'verify' });

    await app.server!.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server!.server.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    base = `http://127.0.0.1:${address.port}`;
    profile = await mkdtemp(path.join(os.tmpdir(), 'langnghe-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      viewport: { width: 360, height: 800 },
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      javaScriptEnabled: false,
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
  });

  afterAll(async () => {
    await context.close();
    await rm(profile, { recursive: true, force: true });
    await app.close();
    await env.dispose();
  });

  const shot = async (name: string) => {
    if (SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOTS, name), fullPage: true });
  };

  it('loads with its figures, filters by residential group and opens a case, without JavaScript', async () => {
    await page.goto(`${base}/cong-khai`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
      'Kết quả tiếp nhận và giải quyết phản ánh, kiến nghị',
    );
    expect(await page.locator('.figures dd').first().innerText()).toBe('5');
    // The stylesheet applies (its CSP hash matches): the header carries the commune's colour.
    expect(
      await page
        .locator('header.top')
        .evaluate(
          (el) =>
            (
              globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }
            ).getComputedStyle(el).backgroundColor,
        ),
    ).toBe('rgb(138, 28, 28)');
    expect(await page.locator('ol.cases > li').count()).toBe(5);
    expect(await page.content()).not.toContain('0912 345 678');
    await shot('public-list-360.png');

    await page.getByLabel('Thôn, tổ dân phố').selectOption('TK5');
    await page.getByRole('button', { name: 'Lọc danh sách' }).click();
    await page.waitForURL(/thon=TK5/);
    expect(await page.locator('ol.cases > li').count()).toBe(2);
    expect(await page.locator('ol.cases').innerText()).not.toContain('Rác thải');

    await page.getByRole('link', { name: resolvedCode }).click();
    await page.waitForURL(new RegExp(`/cong-khai/${resolvedCode}$`));
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(`Phản ánh ${resolvedCode}`);
    const text = await page.locator('main').innerText();
    expect(text).toContain('Đã vá xong ổ gà bằng bê tông nhựa');
    expect(text).toContain('Phòng Kinh tế đã cử cán bộ kiểm tra hiện trường');
    expect(text).toContain('Ban công tác Mặt trận tiểu khu 5');
    expect(text).toContain('[đã ẩn số điện thoại]');
    // The cleared photo loads from our copy.
    const loaded = await page
      .locator('.photos img')
      .evaluate(
        (img) =>
          (img as unknown as { complete: boolean; naturalWidth: number }).complete &&
          (img as unknown as { naturalWidth: number }).naturalWidth > 0,
      );
    expect(loaded).toBe(true);
    await shot('public-case-360.png');

    await page.setViewportSize({ width: 1280, height: 900 });
    await shot('public-case-1280.png');
    await page.goto(`${base}/cong-khai`);
    await shot('public-list-1280.png');
  });
});
