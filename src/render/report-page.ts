import { formatLocalDate } from '../domain/case/notices';
import { localDate } from '../domain/case/deadlines';
import type { GroupFigures, Report } from '../domain/reports/aggregate';
import {
  clockLabel,
  formatDecimal,
  formatPercent,
  formatSatisfaction,
  periodLabel,
  shortcomingsOf,
} from '../domain/reports/digest';
import { isTextKey, renderText, type TextKey } from '../domain/text/catalog';
import type { ReportCharts } from './charts';
import { REPORT_FONT_FAMILY } from './fonts';

/**
 * The printable report (issue 10): server-rendered HTML that needs no JavaScript, laid out like an
 * administrative report (Decree 30/2020's header: the issuing body left, the national motto right; title;
 * results; shortcomings; annexes; signature), A4 in print and readable on a 360 px phone. It shows codes,
 * categories, residential groups and agencies only. The Front's supervision annex starts on its own page, kept
 * apart from the government's own account.
 */

export interface PageContext {
  readonly communeName: string;
  readonly charts: ReportCharts;
  /** `url(...)` sources of the regular and bold font files (a route, or data URLs for the PDF). */
  readonly fontSources: { readonly regular: string; readonly bold: string };
  readonly pdfUrl: string | null;
  readonly timeZone: string;
  readonly silentDays: number;
}

const esc = (value: string | number): string =>
  String(value).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const t = (key: TextKey, params: Record<string, string | number> = {}): string =>
  esc(renderText(key, params));

function table(head: readonly string[], rows: readonly (readonly string[])[], className = ''): string {
  const th = head.map((h) => `<th>${h}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
  return `<div class="scroll"><table class="${className}"><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table></div>`;
}

function groupTable(
  groups: readonly GroupFigures[],
  label: (g: GroupFigures) => string,
  minResponses: number,
): string {
  return table(
    [
      t('report.col.name'),
      t('report.col.received'),
      t('report.col.resolved'),
      t('report.col.overdue'),
      t('report.col.onTime'),
      t('report.col.score'),
    ],
    groups.map((g) => [
      esc(label(g)),
      esc(g.received),
      esc(g.resolved),
      esc(g.overdue),
      esc(formatPercent(g.onTimeRate)),
      g.satisfaction.enough && g.satisfaction.average !== null
        ? `${esc(formatDecimal(g.satisfaction.average))}/5 (${esc(g.satisfaction.responses)})`
        : t('report.value.notEnough', { responses: g.satisfaction.responses, min: minResponses }),
    ]),
    'figures',
  );
}

const named = (g: GroupFigures): string => g.name ?? renderText('report.value.unassigned');

function typeName(id: GroupFigures['id']): string {
  const key = `case.type.${String(id)}`;
  return isTextKey(key) ? renderText(key) : String(id);
}

const css = (fonts: PageContext['fontSources']): string => `
@font-face { font-family: '${REPORT_FONT_FAMILY}'; font-weight: 400; src: ${fonts.regular} format('truetype'); }
@font-face { font-family: '${REPORT_FONT_FAMILY}'; font-weight: 700; src: ${fonts.bold} format('truetype'); }
@page { size: A4; margin: 20mm 15mm 20mm 30mm; }
* { box-sizing: border-box; }
body { font-family: '${REPORT_FONT_FAMILY}', sans-serif; font-size: 13px; line-height: 1.45; color: #111; margin: 0 auto; padding: 16px; max-width: 210mm; background: #fff; }
.header { display: flex; justify-content: space-between; gap: 12px; text-align: center; }
.header > div { flex: 1; }
.header b { display: block; }
.rule { width: 40%; margin: 2px auto 0; border-top: 1px solid #111; }
.dated { text-align: right; font-style: italic; margin: 10px 0 0; }
h1 { text-align: center; font-size: 18px; margin: 18px 0 4px; letter-spacing: .5px; }
.subtitle { text-align: center; font-weight: 700; margin: 0; }
.period { text-align: center; font-style: italic; margin: 2px 0 14px; }
h2 { font-size: 15px; margin: 18px 0 6px; }
h3 { font-size: 13.5px; margin: 12px 0 4px; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
th, td { border: 1px solid #555; padding: 3px 6px; vertical-align: top; }
th { background: #eef2f7; font-weight: 700; }
table.figures td:not(:first-child), table.figures th:not(:first-child) { text-align: right; }
figure { margin: 6px 0 10px; break-inside: avoid; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { text-align: center; font-style: italic; font-size: 12px; }
ul { margin: 4px 0; padding-left: 20px; }
.annex { break-before: page; }
.sign { display: flex; justify-content: space-between; gap: 12px; margin-top: 24px; }
.sign pre { font-family: inherit; font-size: 11.5px; margin: 0; white-space: pre-wrap; }
.sign .chair { text-align: center; min-width: 40%; }
.note { font-size: 11.5px; color: #444; }
.actions { text-align: right; margin-bottom: 8px; }
@media (max-width: 520px) {
  body { padding: 10px; font-size: 12.5px; }
  .header { flex-direction: column; }
  .sign { flex-direction: column-reverse; }
}
@media print { .actions { display: none; } body { padding: 0; max-width: none; } }
`;

export function renderReportPage(report: Report, ctx: PageContext): string {
  const upperCommune = ctx.communeName.toLocaleUpperCase('vi');
  const placeName = ctx.communeName.charAt(0).toLocaleUpperCase('vi') + ctx.communeName.slice(1);
  const asOf = new Date(report.asOf);
  const [year, month, day] = localDate(asOf, ctx.timeZone).split('-');
  const time = new Intl.DateTimeFormat('vi-VN', {
    timeZone: ctx.timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(asOf);
  const f = report.form01;
  const s = report.satisfaction;

  const headline = table(
    [t('report.col.item'), t('report.col.count')],
    [
      [t('report.row.received'), esc(report.received)],
      [t('report.row.verified'), esc(report.verified)],
      [t('report.row.rejected'), esc(report.rejected)],
      [t('report.row.resolved'), esc(report.resolved)],
      [t('report.row.closed', { ...report.closedBy }), esc(report.closed)],
      [t('report.row.reopened'), esc(report.reopened)],
      [t('report.row.overdue'), esc(report.overdue)],
      [
        t('report.row.onTime'),
        t('report.row.onTimeValue', {
          rate: formatPercent(report.onTimeRate),
          onTime: report.onTime.onTime,
          total: report.onTime.withDeadline,
        }),
      ],
      [
        t('report.row.firstAnswer'),
        t('report.row.averageP90', {
          average: formatDecimal(report.firstAnswerHours.average),
          p90: formatDecimal(report.firstAnswerHours.p90),
          count: report.firstAnswerHours.count,
        }),
      ],
      [
        t('report.row.resolution'),
        t('report.row.averageP90', {
          average: formatDecimal(report.resolutionDays.average),
          p90: formatDecimal(report.resolutionDays.p90),
          count: report.resolutionDays.count,
        }),
      ],
    ],
    'figures',
  );

  const form =
    table(
      [
        t('report.form.carriedOver'),
        t('report.form.receivedInPeriod'),
        t('report.form.total'),
        t('report.form.handled'),
        t('report.form.eligible'),
        t('report.form.matters'),
        t('report.form.complaint'),
        t('report.form.denunciation'),
        t('report.form.petitionFeedback'),
      ],
      [
        [
          f.carriedOver,
          f.receivedInPeriod,
          f.total,
          f.handled,
          f.eligible,
          f.matters,
          f.byContent.complaint,
          f.byContent.denunciation,
          f.byContent.petitionFeedback,
        ].map(esc),
      ],
      'figures form',
    ) +
    table(
      [
        t('report.form.within'),
        t('report.form.withinResolved'),
        t('report.form.withinInProgress'),
        t('report.form.withinNotResolved'),
        t('report.form.outside'),
        t('report.form.guided'),
        t('report.form.transferred'),
        t('report.form.urged'),
      ],
      [
        [
          f.withinCompetence.total,
          f.withinCompetence.resolved,
          f.withinCompetence.inProgress,
          f.withinCompetence.notResolved,
          f.outsideCompetence.total,
          f.outsideCompetence.guided,
          f.outsideCompetence.transferred,
          f.outsideCompetence.urged,
        ].map(esc),
      ],
      'figures form',
    );

  const distribution = table(
    [1, 2, 3, 4, 5].map((n) => t('report.col.score.n', { score: n })),
    [[1, 2, 3, 4, 5].map((n) => esc(s.distribution[String(n)] ?? 0))],
    'figures',
  );

  const shortcomings = shortcomingsOf(report, ctx.silentDays);
  const overdue =
    report.overdueCases.length === 0
      ? `<p>${t('report.page.noOverdue')}</p>`
      : table(
          [
            t('report.col.code'),
            t('report.col.category'),
            t('report.col.area'),
            t('report.col.agency'),
            t('report.col.clock'),
            t('report.col.dueAt'),
            t('report.col.daysLate'),
          ],
          report.overdueCases.map((c) => [
            esc(c.code),
            esc(c.category ?? renderText('report.value.unassigned')),
            esc(c.area ?? renderText('report.value.unassigned')),
            esc(c.agency ?? renderText('report.value.unassigned')),
            esc(clockLabel(c.clock)),
            esc(formatLocalDate(new Date(c.dueAt), ctx.timeZone)),
            esc(c.workingDaysLate),
          ]),
          'overdue',
        );
  const front =
    report.frontNotes.length === 0
      ? `<p>${t('report.page.noFrontNotes')}</p>`
      : table(
          [t('report.col.code'), t('report.col.date'), t('report.col.note')],
          report.frontNotes.map((n) => [
            esc(n.code),
            esc(formatLocalDate(new Date(n.at), ctx.timeZone)),
            esc(n.note),
          ]),
          'front',
        );
  const title = renderText(
    report.kind === 'daily' ? 'report.page.subtitle.daily' : 'report.page.subtitle.weekly',
  );

  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${t('report.page.title')} – ${esc(periodLabel(report))} – ${esc(ctx.communeName)}</title>
<style>${css(ctx.fontSources)}</style>
</head>
<body data-report="${esc(report.kind)}" data-period="${esc(report.period.key)}">
${ctx.pdfUrl === null ? '' : `<p class="actions"><a href="${esc(ctx.pdfUrl)}">${t('report.page.printPdf')}</a></p>`}
<header class="header">
  <div><b>${t('report.page.authority')}</b><b>${esc(upperCommune)}</b><div class="rule"></div></div>
  <div><b>${t('report.page.nation')}</b><b>${t('report.page.motto')}</b><div class="rule"></div></div>
</header>
<p class="dated">${esc(placeName)}, ${t('report.page.dated', { day: day ?? '', month: month ?? '', year: year ?? '' })}</p>
<h1>${t('report.page.title')}</h1>
<p class="subtitle">${esc(title)}</p>
<p class="period">(${esc(periodLabel(report))})</p>
<p class="note">${t('report.page.asOf', { time, date: formatLocalDate(asOf, ctx.timeZone) })} ${t('report.page.noPersonalData')}</p>

<h2>${t('report.page.results')}</h2>
<h3>${t('report.page.headline')}</h3>
${headline}
<h3>${t('report.page.form01')}</h3>
${form}
<h3>${t('report.page.byCategory')}</h3>
<figure class="chart" data-chart="category">${ctx.charts.byCategory}<figcaption>${t('report.chart.category')}</figcaption></figure>
${groupTable(report.byCategory, named, s.minResponses)}
<h3>${t('report.page.byAgency')}</h3>
<figure class="chart" data-chart="agency">${ctx.charts.byAgency}<figcaption>${t('report.chart.agency')}</figcaption></figure>
${groupTable(report.byAgency, named, s.minResponses)}
<h3>${t('report.page.byArea')}</h3>
${groupTable(report.byArea, named, s.minResponses)}
<h3>${t('report.page.byTypeSource')}</h3>
${groupTable(report.byType, (g) => typeName(g.id), s.minResponses)}
${groupTable(report.bySource, (g) => String(g.id), s.minResponses)}
<h3>${t('report.page.satisfaction')}</h3>
<p>${esc(formatSatisfaction(s))}</p>
${distribution}
<h3>${t('report.page.trend', { weeks: report.trend.length })}</h3>
<figure class="chart" data-chart="trend">${ctx.charts.trend}<figcaption>${t('report.chart.trend')}</figcaption></figure>

<h2>${t('report.page.shortcomings')}</h2>
${shortcomings.length === 0 ? `<p>${t('report.page.noShortcomings')}</p>` : `<ul>${shortcomings.map((x) => `<li>${esc(x.text)}</li>`).join('')}</ul>`}

<section class="sign">
  <pre>${t('report.page.recipients')}</pre>
  <div class="chair"><b>${t('report.page.signature')}</b><br><b>${t('report.page.signatureRole')}</b></div>
</section>

<section class="annex" data-annex="overdue">
<h2>${t('report.page.annexOverdue')}</h2>
${overdue}
</section>

<section class="annex" data-annex="front">
<h2>${t('report.page.annexFront')}</h2>
<p class="note">${t('report.page.annexFrontNote')}</p>
${front}
</section>
</body>
</html>
`;
}
