import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { eq, isNotNull } from 'drizzle-orm';
import { chromium, type Page } from 'playwright-core';
import { cases, staff } from '../../src/db/schema';
import { seedDemoCommune } from '../../src/db/seed';
import { eventually } from '../support/eventually';
import { firstCommune } from '../support/factories';
import { createTestEnv, startTestApp, type TestApp, type TestEnv } from '../support/test-app';

/**
 * The simulator page in a real browser (Debian's Chromium, driven by playwright-core; nothing is downloaded):
 * a resident reports a pothole with a photo and a location pin and gets the tracking code; the Economic
 * Department's officer takes the case, answers and resolves it with an after-photo; the answer and the result
 * arrive in the resident's chat. Every click and message goes through the real webhook, conversation, routing
 * and staff commands.
 *
 * SIM_SCREENSHOT_DIR=docs/screenshots also saves the screenshots shown in the README and docs/SIMULATOR.md. The
 * commune is the demo's (.env.example, as `npm run seed` and `docker compose up` make it), filled with the demo
 * seed, so the pictures show what a newcomer gets.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Flags that keep Chromium off the network and quiet on a closed machine (see the node-svc machine notes).
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOTS = process.env.SIM_SCREENSHOT_DIR;
const ROOT = path.join(__dirname, '../..');
const DEMO = parseEnv(readFileSync(path.join(ROOT, '.env.example'), 'utf8'));
const DEMO_COMMUNE = {
  COMMUNE_NAME: DEMO.COMMUNE_NAME ?? '',
  COMMUNE_SLUG: DEMO.COMMUNE_SLUG ?? '',
  CASE_CODE_PREFIX: DEMO.CASE_CODE_PREFIX ?? '',
};
/** Every screenshot this test takes; the docs show only these. */
const SHOTS = [
  'sim-resident-report',
  'sim-officer',
  'sim-chat-list',
  'sim-resident-answer',
  'sim-failures',
] as const;
const STEP_MS = 15_000;

jest.setTimeout(120_000);

describe('the simulator in a browser', () => {
  let env: TestEnv;
  let app: TestApp;
  let profile: string;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    env = await createTestEnv();
    app = await startTestApp(env, {
      ZALO_MODE: 'simulator',
      ZALO_API_BASE_URL: '',
      ZALO_OAUTH_BASE_URL: '',
      ZALO_ZNS_BASE_URL: '',
      ...DEMO_COMMUNE,
    });
    const commune = await firstCommune(app.database.db);
    await seedDemoCommune(app.database.db, { communeId: commune.id, now: new Date() });
    await app.server!.listen({ port: 0, host: '127.0.0.1' });
    // The simulated staff are linked by invite and /dangky once the app is up.
    await eventually(async () => {
      const linked = await app.database.db.select().from(staff).where(isNotNull(staff.zaloUserId));
      expect(linked).toHaveLength(3);
    });
    const address = app.server!.server.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    base = `http://127.0.0.1:${address.port}`;

    profile = await mkdtemp(path.join(os.tmpdir(), 'langnghe-chromium-'));
    // A fresh profile each run; launchPersistentContext is how Playwright takes a --user-data-dir.
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      viewport: { width: 1100, height: 860 },
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (err) => {
      throw err;
    });
    page.setDefaultTimeout(STEP_MS);
  });

  afterAll(async () => {
    await page.context().close();
    await rm(profile, { recursive: true, force: true });
    await app.close();
    await env.dispose();
  });

  const oaBubbles = () => page.locator('.bubble[data-from="oa"]');

  /** Does `action`, then waits for a new bot bubble whose text matches `expected`. */
  async function expectReply(action: () => Promise<unknown>, expected: RegExp): Promise<void> {
    const before = await oaBubbles().count();
    await action();
    await eventually(
      async () => {
        const texts = await oaBubbles().allTextContents();
        if (!texts.slice(before).some((t) => expected.test(t))) {
          throw new Error(
            `no bot reply matching ${String(expected)}; the last ones: ${texts.slice(-3).join(' | ')}`,
          );
        }
      },
      { timeoutMs: STEP_MS, intervalMs: 50 },
    );
  }

  const type = (text: string) => async () => {
    await page.fill('#composer-input', text);
    await page.press('#composer-input', 'Enter');
  };
  /** Taps the newest button with this title, as a resident taps a Zalo query button. */
  const tap = (title: string) => async () => {
    await page
      .locator('.qbtn', { hasText: new RegExp(`^${title}$`) })
      .last()
      .click();
  };
  /** Taps the newest button that sends this payload (staff notices title their buttons in words). */
  const tapPayload = (payload: string) => async () => {
    await page.locator(`.qbtn[data-payload="${payload}"]`).last().click();
  };
  const tray = (action: 'photo' | 'location', pick: string) => async () => {
    await page.click('#tray-toggle');
    await page.click(`.tray-btn[data-action="${action}"]`);
    await page.click(action === 'photo' ? `.pick[data-photo="${pick}"]` : `.pick[data-location="${pick}"]`);
  };
  const open = async (person: string) => {
    if (await page.isVisible('#chat-view')) await page.click('#back');
    await page.click(`.chat-row[data-person="${person}"]`);
    await page.waitForSelector('#chat-view:not(.hidden)');
  };
  const shoot = async (name: (typeof SHOTS)[number]) => {
    if (SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
  };

  it("is the demo's commune, and the docs show only the simulator screenshots taken here", async () => {
    expect(DEMO_COMMUNE.COMMUNE_NAME).not.toBe('');
    await page.goto(`${base}/sim`);
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.textContent('#oa-name-hint')).toBe(`Lắng nghe dân nói · ${DEMO_COMMUNE.COMMUNE_NAME}`);
    for (const doc of ['README.md', 'docs/SIMULATOR.md']) {
      const shown = [
        ...readFileSync(path.join(ROOT, doc), 'utf8').matchAll(/screenshots\/(sim-[\w-]+)\.png/g),
      ].map((m) => m[1]);
      expect(shown.length).toBeGreaterThan(0);
      for (const name of shown)
        expect({ doc, name, taken: (SHOTS as readonly string[]).includes(name ?? '') }).toEqual({
          doc,
          name,
          taken: true,
        });
    }
  });

  it('a resident reports with a photo and a location, the officer answers in Zalo, the answer reaches the resident', async () => {
    await page.goto(`${base}/sim`);
    await page.waitForSelector('body[data-ready="true"][data-stream="open"]');
    expect(await page.locator('.chat-row').count()).toBe(6);

    // The resident: the first message is the report, the suggested category, a photo, consent, a pin, no phone.
    await open('cu-dan-mo');
    await expectReply(type('xin chào'), /Gửi phản ánh/);
    await expectReply(type('Ổ gà lớn ở đầu ngõ 12, xe máy đi qua dễ ngã'), /Đường sá, giao thông/);
    await expectReply(tap('Đúng'), /ảnh, video hay tin nhắn thoại/);
    await expectReply(tray('photo', 'o-ga.png'), /đề nghị ông\/bà đồng ý/);
    await expectReply(tap('Đồng ý'), /Sự việc ở thôn, tổ nào/);
    await expectReply(tray('location', '0'), /xem lại phản ánh/);
    await expectReply(tap('Gửi'), /Mã phản ánh: LS-0001/);
    expect(await page.locator('.bubble[data-from="user"] img.photo').count()).toBe(1);
    expect(await page.locator('.bubble[data-from="user"] .loc').count()).toBe(1);
    await shoot('sim-resident-report');

    // The officer of the agency the case was routed to: take it, answer, resolve with an after-photo.
    await open('can-bo-kinh-te');
    await page.locator('.bubble[data-from="oa"]', { hasText: 'LS-0001' }).first().waitFor();
    await expectReply(tapPayload('/nhan LS-0001'), /LS-0001/);
    await expectReply(
      type('/tl LS-0001 Tổ kỹ thuật đã kiểm tra, sẽ vá ổ gà trong tuần này.'),
      /đã gửi trả lời/,
    );
    await expectReply(type('/xong LS-0001 Đã vá xong ổ gà đầu ngõ 12 bằng bê tông nhựa.'), /ảnh/);
    await expectReply(tray('photo', 'duong-da-va.png'), /đã báo xong LS-0001/);
    await shoot('sim-officer');

    // Back on the resident's phone: the answer and the result with its photo, signed by the agency.
    await page.click('#back');
    await page.locator('.chat-row[data-person="cu-dan-mo"] .badge').waitFor();
    await shoot('sim-chat-list');
    await open('cu-dan-mo');
    await page
      .locator('.bubble[data-from="oa"]', { hasText: 'Phòng Kinh tế trả lời phản ánh LS-0001' })
      .waitFor();
    await page.locator('.bubble[data-from="oa"]', { hasText: 'Đã vá xong ổ gà đầu ngõ 12' }).waitFor();
    await page.locator('.bubble[data-from="oa"] img.photo[src$="duong-da-va.png"]').waitFor();
    await shoot('sim-resident-answer');

    const [filed] = await app.database.db.select().from(cases).where(eq(cases.code, 'LS-0001'));
    expect(filed?.status).toBe('resolved');
  });

  it('shows an injected token expiry as a Zalo error and the refresh that fixed it', async () => {
    await page.click('[data-fail="token-expired"]');
    await open('cu-dan-buoi');
    await expectReply(type('xin chào'), /Gửi phản ánh/);
    await page.locator('#zalo-failures li', { hasText: '-220' }).first().waitFor();
    await eventually(async () => {
      expect(await page.textContent('#refreshes')).toBe('1');
    });
    await shoot('sim-failures');
  });
});
