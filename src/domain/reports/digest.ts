import { formatLocalDate } from '../case/notices';
import { type TextKey, renderText } from '../text/catalog';
import type { OverdueCase, Report, Satisfaction } from './aggregate';

/**
 * The words of the reports, from the catalogue: the Zalo digest's text, the shortcomings the page lists, and
 * the formatting of figures the Vietnamese way (3,5; 67 %; dd/mm/yyyy). Pure: the caller gives the link.
 */

/** How many overdue cases a digest lists; the page's annex lists them all. */
export const DIGEST_OVERDUE_LIMIT = 10;
/** Below this on-time rate the page names it a shortcoming. */
export const ON_TIME_TARGET = 0.9;

export function formatDecimal(value: number | null, digits = 1): string {
  if (value === null) return renderText('report.value.none');
  return value.toFixed(digits).replace('.', ',').replace(/,0+$/, '');
}

export function formatPercent(rate: number | null): string {
  return rate === null ? renderText('report.value.none') : `${Math.round(rate * 100)}%`;
}

export function formatSatisfaction(
  s: Pick<Satisfaction, 'responses' | 'average' | 'enough' | 'responseRate' | 'minResponses'>,
): string {
  if (!s.enough || s.average === null) {
    return renderText('report.value.notEnough', { responses: s.responses, min: s.minResponses });
  }
  return renderText('report.value.satisfaction', {
    average: formatDecimal(s.average),
    responses: s.responses,
    rate: formatPercent(s.responseRate),
  });
}

function weekParts(key: string): { week: string; year: string } {
  const [year = '', week = ''] = key.split('-W');
  return { week: String(Number(week)), year };
}

const isoToVn = (isoDate: string): string => isoDate.split('-').reverse().join('/');

/** "Ngày 08/03/2026" or "Tuần 10/2026, từ ngày 02/03/2026 đến ngày 08/03/2026". */
export function periodLabel(report: Pick<Report, 'kind' | 'period'>): string {
  if (report.kind === 'daily')
    return renderText('report.period.daily', { date: isoToVn(report.period.firstDay) });
  return renderText('report.period.weekly', {
    ...weekParts(report.period.key),
    from: isoToVn(report.period.firstDay),
    to: isoToVn(report.period.lastDay),
  });
}

export function clockLabel(clock: string): string {
  return clock === 'resolution'
    ? renderText('report.clock.resolution')
    : renderText('report.clock.other', { kind: clock });
}

function overdueLines(overdue: readonly OverdueCase[]): string[] {
  if (overdue.length === 0) return [renderText('report.digest.noOverdue')];
  const lines = [renderText('report.digest.overdueHeader')];
  for (const c of overdue.slice(0, DIGEST_OVERDUE_LIMIT)) {
    lines.push(
      renderText('report.digest.overdueItem', {
        code: c.code,
        agency: c.agency ?? renderText('report.value.unassigned'),
        days: c.workingDaysLate,
      }),
    );
  }
  if (overdue.length > DIGEST_OVERDUE_LIMIT) {
    lines.push(renderText('report.digest.overdueMore', { count: overdue.length - DIGEST_OVERDUE_LIMIT }));
  }
  return lines;
}

export interface DigestContext {
  readonly communeName: string;
  readonly url: string;
  readonly expiresAt: Date;
  readonly silentDays: number;
  readonly timeZone: string;
}

/** The digest a subscribed leader or Front supervisor reads in Zalo: figures, the overdue list, the link. */
export function digestText(report: Report, ctx: DigestContext): string {
  const title =
    report.kind === 'daily'
      ? renderText('report.digest.title.daily', {
          date: isoToVn(report.period.firstDay),
          commune: ctx.communeName,
        })
      : renderText('report.digest.title.weekly', {
          ...weekParts(report.period.key),
          from: isoToVn(report.period.firstDay),
          to: isoToVn(report.period.lastDay),
          commune: ctx.communeName,
        });
  // One line per case, the same case once: several clocks of one case are one item to chase.
  const overdue = report.overdueCases.filter((c, i, all) => all.findIndex((o) => o.code === c.code) === i);
  const parts = [
    title,
    renderText('report.digest.figures', {
      received: report.received,
      resolved: report.resolved,
      reopened: report.reopened,
      overdue: report.overdue,
      onTime: formatPercent(report.onTimeRate),
      satisfaction: formatSatisfaction(report.satisfaction),
    }),
    overdueLines(overdue).join('\n'),
  ];
  if (report.silentAreas.length > 0) {
    parts.push(
      renderText('report.digest.silent', {
        days: ctx.silentDays,
        list: report.silentAreas.map((a) => a.name).join(', '),
      }),
    );
  }
  parts.push(
    renderText('report.digest.link', { url: ctx.url, expires: formatLocalDate(ctx.expiresAt, ctx.timeZone) }),
  );
  return parts.join('\n\n');
}

export interface Shortcoming {
  readonly key: TextKey;
  readonly text: string;
}

/** "Tồn tại, hạn chế": what the figures say is not yet right, in the order a leader acts on it. */
export function shortcomingsOf(report: Report, silentDays: number): Shortcoming[] {
  const found: Shortcoming[] = [];
  const add = (key: TextKey, params: Record<string, string | number>) =>
    found.push({ key, text: renderText(key, params) });
  if (report.overdue > 0) add('report.short.overdue', { count: report.overdue });
  if (report.onTimeRate !== null && report.onTimeRate < ON_TIME_TARGET) {
    add('report.short.onTime', { rate: formatPercent(report.onTimeRate) });
  }
  if (report.reopened > 0) add('report.short.reopened', { count: report.reopened });
  const unhandled = report.form01.total - report.form01.handled;
  if (unhandled > 0) add('report.short.unhandled', { count: unhandled });
  if (!report.satisfaction.enough) {
    add('report.short.notEnough', {
      responses: report.satisfaction.responses,
      min: report.satisfaction.minResponses,
    });
  }
  if (report.silentAreas.length > 0) {
    add('report.short.silent', {
      count: report.silentAreas.length,
      days: silentDays,
      list: report.silentAreas.map((a) => a.name).join(', '),
    });
  }
  return found;
}
