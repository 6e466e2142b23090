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

/** A request beyond the printer's queue: the caller answers 503 with Retry-After instead of starting a browser. */
export class PrinterBusyError extends Error {
  override readonly name = 'PrinterBusyError';
}

/**
 * One Chromium at a time per process, with a short queue: a signed link in many hands (a digest forwarded to a
 * group) must not start a browser per request.
 */
export function createPdfPrinter(executablePath: string, options: { maxWaiting?: number } = {}) {
  const maxWaiting = options.maxWaiting ?? 3;
  let tail: Promise<unknown> = Promise.resolve();
  let waiting = 0;
  return {
    print(html: string): Promise<Buffer> {
      if (waiting >= maxWaiting) return Promise.reject(new PrinterBusyError('the PDF printer is busy'));
      waiting++;
      const run = tail.then(() => htmlToPdf(html, executablePath));
      tail = run
        .catch(() => undefined)
        .finally(() => {
          waiting--;
        });
      return run;
    },
  };
}

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
