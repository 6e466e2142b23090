import { chromium } from 'playwright-core';

/**
 * The report page printed to A4 PDF by Chromium (playwright-core drives the installed browser and downloads
 * nothing; the Dockerfile installs Debian's chromium). The page is self-contained (inline SVG charts, the font
 * as a data URL), so the browser needs no network and no access back to this server. One browser per PDF:
 * reports are printed a few times a week, and a browser left running would hold memory for nothing.
 */

/** Chromium on a closed machine: headless, no sandbox (containers), nothing phoning home. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function htmlToPdf(html: string, executablePath: string): Promise<Buffer> {
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}
