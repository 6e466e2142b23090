import { createPdfPrinter, PrinterBusyError } from '../../src/render/pdf';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('the PDF printer', () => {
  it('prints one page at a time and turns away what its queue cannot hold, without starting a browser', async () => {
    const printer = createPdfPrinter(chromium, { maxWaiting: 2 });
    const html = (n: number) => `<!doctype html><html lang="vi"><body><h1>Báo cáo ${n}</h1></body></html>`;
    const first = printer.print(html(1));
    const second = printer.print(html(2));
    await expect(printer.print(html(3))).rejects.toBeInstanceOf(PrinterBusyError);
    const [a, b] = await Promise.all([first, second]);
    for (const pdf of [a, b]) expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The queue drained: the printer takes work again.
    const again = await printer.print(html(4));
    expect(again.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  }, 60_000);
});
