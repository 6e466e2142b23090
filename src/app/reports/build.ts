import { buildReport, type Report } from '../../domain/reports/aggregate';
import { parsePeriod, type ReportKind, type ReportPeriod, weeksEndingAt } from '../../domain/reports/period';
import { findReport, lastReportByArea, reportCases, upsertReport } from '../../db/repos/reports';
import { holidayDays, listAgencies, listAreas, listCategories } from '../../db/repos/reference';
import type { AppDeps } from '../deps';

/**
 * Builds a commune's report for a period from the database (domain/reports/aggregate.ts does the counting),
 * stores it (one row per commune, kind and period, rebuilt in place), or answers it from the stored row.
 */

export async function buildReportFor(
  deps: AppDeps,
  communeId: number,
  period: ReportPeriod,
): Promise<Report> {
  const { db, config } = deps;
  const now = deps.now();
  const asOf = new Date(Math.min(now.getTime(), period.end.getTime()));
  const trendWeeks = weeksEndingAt(new Date(period.end.getTime() - 1), config.REPORT_TREND_WEEKS, config.TZ);
  const from = new Date(
    Math.min(trendWeeks[0]?.start.getTime() ?? period.start.getTime(), period.start.getTime()),
  );
  const [cases, categories, agencies, areas, holidays, lastByArea] = await Promise.all([
    reportCases(db, communeId, { from, end: period.end, asOf }),
    listCategories(db, communeId),
    listAgencies(db, communeId),
    listAreas(db, communeId),
    holidayDays(db, communeId),
    lastReportByArea(db, communeId, period.end),
  ]);
  const named = (rows: readonly { id: number; name: string; active: boolean }[]) =>
    rows.map((r) => ({ id: r.id, name: r.name, active: r.active }));
  return buildReport({
    kind: period.kind,
    period,
    asOf,
    cases,
    categories: named(categories),
    agencies: named(agencies),
    areas: named(areas),
    lastReportByArea: lastByArea,
    holidays,
    timeZone: config.TZ,
    minResponses: config.REPORT_MIN_RESPONSES,
    silentDays: config.REPORT_SILENT_DAYS,
    trendWeeks,
  });
}

/** Builds and stores the report of a finished period; a second run replaces the row with the same figures. */
export async function storeReport(deps: AppDeps, communeId: number, period: ReportPeriod): Promise<Report> {
  const report = await buildReportFor(deps, communeId, period);
  await upsertReport(deps.db, {
    communeId,
    kind: period.kind,
    periodKey: period.key,
    periodStart: period.start,
    periodEnd: period.end,
    data: report,
    builtAt: deps.now(),
  });
  return report;
}

export type ReportLookup =
  | { readonly ok: true; readonly report: Report; readonly period: ReportPeriod; readonly stored: boolean }
  | { readonly ok: false; readonly reason: string; readonly notStarted?: boolean };

/**
 * The stored report, or one built now when none is stored: stored too when its period is over, built fresh and
 * not stored while it still runs (its figures are not final). A period that has not begun has no report.
 */
export async function reportFor(
  deps: AppDeps,
  communeId: number,
  kind: ReportKind,
  key: string,
): Promise<ReportLookup> {
  const parsed = parsePeriod(kind, key, deps.config.TZ);
  if (!parsed.ok) return parsed;
  const { period } = parsed;
  const now = deps.now();
  if (period.start.getTime() > now.getTime()) {
    return { ok: false, reason: `the period ${key} has not started yet`, notStarted: true };
  }
  const stored = await findReport(deps.db, communeId, kind, key);
  if (stored) return { ok: true, report: stored.data, period, stored: true };
  if (period.end.getTime() <= now.getTime()) {
    return { ok: true, report: await storeReport(deps, communeId, period), period, stored: true };
  }
  return { ok: true, report: await buildReportFor(deps, communeId, period), period, stored: false };
}
