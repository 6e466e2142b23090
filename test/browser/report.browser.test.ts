import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { chromium, type BrowserContext } from 'playwright-core';
import { previousPeriod } from '../../src/domain/reports/period';
import { CHROMIUM_ARGS } from '../../src/render/pdf';
import { agencies, areas, caseEvents, cases, categories, holidays } from '../../src/db/schema';
import { ensureReferenceData, firstCommune } from '../support/factories';
import { ADMIN_TOKEN, createTestEnv, startTestApp, type TestApp, type TestEnv } from '../support/test-app';

/**
 * The printable weekly report in Debian's Chromium (playwright-core, nothing downloaded): opened by its signed
 * link, with no JavaScript, at a phone's 360 px and at A4 width; the three charts are drawn; the PDF link gives
 * an A4 PDF. REPORT_SCREENSHOT_DIR=docs/screenshots saves the screenshots shown in the README.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = process.env.REPORT_SCREENSHOT_DIR;
const dayMs = 24 * 60 * 60 * 1000;

jest.setTimeout(120_000);

describe('the report page in a browser', () => {
  let env: TestEnv;
  let app: TestApp;
  let base: string;
  let profile: string;
  let context: BrowserContext;
  let links: { page: string; pdf: string };

  beforeAll(async () => {
    env = await createTestEnv();
    app = await startTestApp(env, { COMMUNE_NAME: 'xã Sơn Mai' });
    const db = app.database.db;
    const commune = await firstCommune(db);
    await ensureReferenceData(db, commune.id);
    await db.delete(holidays).where(eq(holidays.communeId, commune.id));
    const [cats, places, units] = await Promise.all([
      db.select().from(categories).where(eq(categories.communeId, commune.id)),
      db.select().from(areas).where(eq(areas.communeId, commune.id)),
      db.select().from(agencies).where(eq(agencies.communeId, commune.id)),
    ]);
    const week = previousPeriod('weekly', new Date());
    const at = (dayOffset: number, hour: number) =>
      new Date(week.start.getTime() + dayOffset * dayMs + hour * 3600_000);
    // Eight cases over last week's working days, spread over the categories, areas and two agencies.
    for (let n = 1; n <= 8; n += 1) {
      const created = at(n % 5, 8 + n);
      const agency = units[n % 2]!;
      const [row] = await db
        .insert(cases)
        .values({
          communeId: commune.id,
          code: `LS-00${String(n).padStart(2, '0')}`,
          status: n % 3 === 0 ? 'in_progress' : 'resolved',
          categoryId: cats[n % cats.length]!.id,
          areaId: places[n % places.length]!.id,
          agencyId: agency.id,
          description: 'Nội dung riêng của người dân',
          createdAt: created,
          updatedAt: created,
        })
        .returning({ id: cases.id });
      const due = new Date(created.getTime() + (n % 3 === 0 ? 1 : 3) * dayMs);
      await db.insert(caseEvents).values([
        {
          communeId: commune.id,
          caseId: row!.id,
          action: 'receive',
          toStatus: 'received',
          actorKind: 'resident',
          createdAt: created,
        },
        {
          communeId: commune.id,
          caseId: row!.id,
          action: 'assign',
          toStatus: 'assigned',
          actorKind: 'system',
          data: { dueAt: due.toISOString() },
          createdAt: created,
        },
        ...(n % 3 === 0
          ? [
              {
                communeId: commune.id,
                caseId: row!.id,
                action: 'answer',
                toStatus: 'in_progress',
                actorKind: 'staff',
                createdAt: new Date(created.getTime() + 3600_000),
              },
            ]
          : [
              {
                communeId: commune.id,
                caseId: row!.id,
                action: 'resolve',
                toStatus: 'resolved',
                actorKind: 'staff',
                createdAt: new Date(created.getTime() + 5 * 3600_000),
              },
            ]),
      ]);
    }
    await app.server!.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server!.server.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    base = `http://127.0.0.1:${address.port}`;
    const json = await app.server!.inject({
      method: 'GET',
      url: `/api/admin/reports/weekly?week=${week.key}`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(json.statusCode).toBe(200);
    // The links name PUBLIC_BASE_URL; the browser reaches this process on its own port.
    const local = (url: string) => {
      const u = new URL(url);
      return `${base}${u.pathname}${u.search}`;
    };
    const body = json.json<{ links: { page: string; pdf: string } }>();
    links = { page: local(body.links.page), pdf: local(body.links.pdf) };

    profile = await mkdtemp(path.join(os.tmpdir(), 'langnghe-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      javaScriptEnabled: false,
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
    });
  });

  afterAll(async () => {
    await context.close();
    await rm(profile, { recursive: true, force: true });
    await app.close();
    await env.dispose();
  });

  it.each([
    ['report-weekly-360', 360],
    ['report-weekly-a4', 794],
  ])('renders with its charts at %s (%i px), without JavaScript', async (name, width) => {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.setViewportSize({ width, height: 900 });
    const response = await page.goto(links.page);
    expect(response?.status()).toBe(200);
    await page.locator('text=ỦY BAN NHÂN DÂN').first().waitFor();
    expect(await page.locator('h1').textContent()).toBe('BÁO CÁO');
    for (const chart of ['category', 'agency', 'trend']) {
      const box = await page.locator(`figure[data-chart="${chart}"] svg`).boundingBox();
      expect(box?.width).toBeGreaterThan(width / 2);
      expect(box?.height).toBeGreaterThan(60);
      // Drawn: bars or a line, not an empty frame.
      expect(await page.locator(`figure[data-chart="${chart}"] svg path`).count()).toBeGreaterThan(3);
    }
    // Nothing wider than the screen but the tables' own scroll boxes.
    const overflow = Number(
      await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
    );
    expect(overflow).toBeLessThanOrEqual(1);
    expect(await page.content()).not.toContain('Nội dung riêng của người dân');
    if (SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  });

  it('prints to an A4 PDF', async () => {
    const response = await context.request.get(links.pdf);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    const pdf = await response.body();
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // A4 is 595 × 842 points; the annexes start on their own pages.
    expect(pdf.toString('latin1')).toMatch(/MediaBox\s*\[\s*0 0 59[45](\.\d+)? 84[12](\.\d+)?\]/);
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
    expect(pages).toBeGreaterThanOrEqual(3);
  });
});
