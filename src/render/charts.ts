import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import type { GroupFigures, Report } from '../domain/reports/aggregate';
import { renderText } from '../domain/text/catalog';
import { REPORT_FONT_FAMILY, reportFontFiles } from './fonts';

/**
 * The report's charts, drawn by Apache ECharts' server-side SVG renderer (no browser, no canvas): bars of
 * received and resolved cases by category and by agency, and the weekly trend line. The page inlines the SVG;
 * the PNG for Zalo's image message comes from resvg with the shipped font.
 */

export interface ChartSize {
  readonly width: number;
  readonly height: number;
}

const RECEIVED_COLOR = '#1f5fa8';
const RESOLVED_COLOR = '#2e8b57';

function render(option: echarts.EChartsCoreOption, size: ChartSize): string {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: size.width,
    height: size.height,
  });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: REPORT_FONT_FAMILY }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

const legend = { top: 4, data: [renderText('report.chart.received'), renderText('report.chart.resolved')] };

/** Horizontal bars: long Vietnamese names stay readable on the axis. */
export function groupBarsSvg(groups: readonly GroupFigures[], width = 680): string {
  const rows = [...groups].reverse();
  const label = (g: GroupFigures) => g.name ?? renderText('report.value.unassigned');
  const height = Math.max(160, 70 + rows.length * 34);
  return render(
    {
      legend,
      grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: rows.map(label), axisLabel: { width: 200, overflow: 'truncate' } },
      series: [
        {
          name: renderText('report.chart.received'),
          type: 'bar',
          data: rows.map((g) => g.received),
          color: RECEIVED_COLOR,
          label: { show: true, position: 'right' },
        },
        {
          name: renderText('report.chart.resolved'),
          type: 'bar',
          data: rows.map((g) => g.resolved),
          color: RESOLVED_COLOR,
          label: { show: true, position: 'right' },
        },
      ],
    },
    { width, height },
  );
}

export function trendSvg(
  trend: Report['trend'],
  size: ChartSize = { width: 680, height: 300 },
  title?: string,
): string {
  const weeks = trend.map((t) => t.week.replace(/^\d{4}-/, ''));
  return render(
    {
      ...(title === undefined
        ? {}
        : { title: { text: title, left: 'center', top: 4, textStyle: { fontSize: 16 } } }),
      legend: { ...legend, top: title === undefined ? 4 : 32 },
      grid: { left: 8, right: 24, top: title === undefined ? 40 : 68, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: weeks, boundaryGap: false },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: renderText('report.chart.received'),
          type: 'line',
          data: trend.map((t) => t.received),
          color: RECEIVED_COLOR,
          label: { show: true },
        },
        {
          name: renderText('report.chart.resolved'),
          type: 'line',
          data: trend.map((t) => t.resolved),
          color: RESOLVED_COLOR,
          label: { show: true },
        },
      ],
    },
    size,
  );
}

export interface ReportCharts {
  readonly byCategory: string;
  readonly byAgency: string;
  readonly trend: string;
}

export function reportCharts(report: Report): ReportCharts {
  return {
    byCategory: groupBarsSvg(report.byCategory),
    byAgency: groupBarsSvg(report.byAgency),
    trend: trendSvg(report.trend),
  };
}

/** The image the weekly digest shows: the trend with a title, 1000×560 (well under Zalo's 1 MB). */
export function trendPng(report: Report, title: string): Buffer {
  const svg = trendSvg(report.trend, { width: 1000, height: 560 }, title);
  const fonts = reportFontFiles();
  const resvg = new Resvg(svg, {
    background: '#ffffff',
    font: {
      fontFiles: [fonts.regular, fonts.bold],
      loadSystemFonts: false,
      defaultFontFamily: REPORT_FONT_FAMILY,
    },
  });
  return resvg.render().asPng();
}
