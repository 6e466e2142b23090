import fs from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { eq } from 'drizzle-orm';
import type { AppDeps } from '../../app/deps';
import { reportFor } from '../../app/reports/build';
import { checkReportLink, reportPath, type ReportAsset, type ReportRef } from '../../app/reports/links';
import { periodLabel } from '../../domain/reports/digest';
import { REPORT_KINDS, type ReportKind } from '../../domain/reports/period';
import type { Report } from '../../domain/reports/aggregate';
import { renderText, type TextKey } from '../../domain/text/catalog';
import { communes, type Commune } from '../../db/schema';
import { reportCharts, trendPng } from '../../render/charts';
import { reportFontFiles } from '../../render/fonts';
import { createPdfPrinter, PrinterBusyError } from '../../render/pdf';
import { renderReportPage } from '../../render/report-page';
import { tokenMatches } from './admin';

/**
 * The report's page, chart and PDF for people (issue 10):
 * - GET /reports/:commune/:kind/:period            the printable page (HTML, no JavaScript)
 * - GET /reports/:commune/:kind/:period/chart.png  the trend chart (the weekly digest's image message)
 * - GET /reports/:commune/:kind/:period/report.pdf the page printed to A4 by Chromium
 * Access: `Authorization: Bearer ADMIN_TOKEN`, or the signed expiring link a digest carries (`?exp=&sig=`,
 * app/reports/links.ts). A bad or expired link gets a Vietnamese page that says so; nothing about the report.
 * GET /reports/assets/:font serves the shipped font to browsers (public: it is the OFL Noto Sans).
 */

interface Params {
  commune: string;
  kind: string;
  period: string;
}

const fonts = () => reportFontFiles();
let fontData: { regular: string; bold: string } | null = null;

/** Data URLs of the font for the PDF, read once: Chromium prints offline, with nothing to fetch. */
function fontDataUrls(): { regular: string; bold: string } {
  if (fontData === null) {
    const files = fonts();
    const url = (file: string) => `url(data:font/ttf;base64,${fs.readFileSync(file).toString('base64')})`;
    fontData = { regular: url(files.regular), bold: url(files.bold) };
  }
  return fontData;
}

function message(reply: FastifyReply, status: number, key: TextKey): FastifyReply {
  const text = renderText(key);
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(
      `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${text}</title></head><body><p>${text}</p></body></html>`,
    );
}

export function reportPageRoutes(deps: AppDeps) {
  return (app: FastifyInstance): void => {
    const printer = createPdfPrinter(deps.config.CHROMIUM_PATH);
    app.get<{ Params: { font: string } }>('/reports/assets/:font', async (request, reply) => {
      const files = fonts();
      const file =
        request.params.font === 'NotoSans-Regular.ttf'
          ? files.regular
          : request.params.font === 'NotoSans-Bold.ttf'
            ? files.bold
            : null;
      if (file === null) return reply.code(404).send({ ok: false, error: 'No such file' });
      return reply
        .header('cache-control', 'public, max-age=604800')
        .type('font/ttf')
        .send(fs.readFileSync(file));
    });

    const load = async (
      request: FastifyRequest<{ Params: Params; Querystring: { exp?: string; sig?: string } }>,
      reply: FastifyReply,
    ): Promise<{ commune: Commune; report: Report; ref: ReportRef } | null> => {
      const { commune: slug, kind, period } = request.params;
      if (!(REPORT_KINDS as readonly string[]).includes(kind)) {
        await message(reply, 404, 'report.access.denied');
        return null;
      }
      const ref: ReportRef = { communeSlug: slug, kind: kind as ReportKind, periodKey: period };
      const header = request.headers.authorization;
      const bearer = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
      if (!tokenMatches(bearer, deps.config.ADMIN_TOKEN)) {
        const check = checkReportLink(deps.config.REPORT_LINK_SECRET, ref, request.query, deps.now());
        if (check !== 'ok') {
          await message(reply, 403, check === 'expired' ? 'report.access.expired' : 'report.access.denied');
          return null;
        }
      }
      const [commune] = await deps.db.select().from(communes).where(eq(communes.slug, slug));
      if (!commune) {
        await message(reply, 404, 'report.access.denied');
        return null;
      }
      const found = await reportFor(deps, commune.id, ref.kind, period);
      if (!found.ok) {
        await message(
          reply,
          found.notStarted ? 404 : 400,
          found.notStarted ? 'report.access.notStarted' : 'report.access.denied',
        );
        return null;
      }
      return { commune, report: found.report, ref };
    };

    const page = (commune: Commune, report: Report, forPdf: boolean, pdfUrl: string | null) =>
      renderReportPage(report, {
        communeName: commune.name,
        charts: reportCharts(report),
        fontSources: forPdf
          ? fontDataUrls()
          : {
              regular: "url('/reports/assets/NotoSans-Regular.ttf')",
              bold: "url('/reports/assets/NotoSans-Bold.ttf')",
            },
        pdfUrl,
        timeZone: deps.config.TZ,
        silentDays: deps.config.REPORT_SILENT_DAYS,
      });

    /** The PDF link beside the page keeps the caller's own signature (or none, for an admin). */
    const sibling = (ref: ReportRef, asset: ReportAsset, query: { exp?: string; sig?: string }): string => {
      const path = reportPath(ref, asset);
      return query.exp !== undefined && query.sig !== undefined
        ? `${path}?exp=${encodeURIComponent(query.exp)}&sig=${encodeURIComponent(query.sig)}`
        : path;
    };

    type Req = FastifyRequest<{ Params: Params; Querystring: { exp?: string; sig?: string } }>;

    app.get('/reports/:commune/:kind/:period', async (request: Req, reply) => {
      const loaded = await load(request, reply);
      if (!loaded) return reply;
      return reply
        .header('cache-control', 'private, no-store')
        .header('x-robots-tag', 'noindex')
        .type('text/html; charset=utf-8')
        .send(page(loaded.commune, loaded.report, false, sibling(loaded.ref, 'pdf', request.query)));
    });

    app.get('/reports/:commune/:kind/:period/chart.png', async (request: Req, reply) => {
      const loaded = await load(request, reply);
      if (!loaded) return reply;
      const title = `${renderText('report.chart.trend')} – ${periodLabel(loaded.report)}`;
      return reply
        .header('cache-control', 'private, max-age=3600')
        .type('image/png')
        .send(trendPng(loaded.report, title));
    });

    app.get('/reports/:commune/:kind/:period/report.pdf', async (request: Req, reply) => {
      const loaded = await load(request, reply);
      if (!loaded) return reply;
      let pdf: Buffer;
      try {
        pdf = await printer.print(page(loaded.commune, loaded.report, true, null));
      } catch (err) {
        if (!(err instanceof PrinterBusyError)) throw err;
        return message(reply.header('retry-after', '10'), 503, 'report.access.busy');
      }
      const name = `bao-cao-${loaded.report.kind}-${loaded.report.period.key}.pdf`;
      return reply
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `inline; filename="${name}"`)
        .type('application/pdf')
        .send(pdf);
    });
  };
}
