import { digestText } from '../../domain/reports/digest';
import type { Report } from '../../domain/reports/aggregate';
import { previousPeriod, type ReportKind } from '../../domain/reports/period';
import { renderText } from '../../domain/text/catalog';
import { insertOutbox, type NewOutboxMessage } from '../../db/repos/outbox';
import { digestRecipients } from '../../db/repos/reports';
import { communes, type Commune } from '../../db/schema';
import { imageMessage, splitText, textMessage } from '../../zalo/render';
import { afterCommit, flushAfterCommit } from '../after-commit';
import type { AppDeps } from '../deps';
import { storeReport } from './build';
import { signedReportUrl } from './links';

/**
 * The digests (issue 10): every subscribed, linked leader or Front supervisor gets the period's figures, the
 * overdue list and a signed link to the page as a Zalo text; the weekly digest adds the trend chart as an image
 * message by URL (docs/zalo.md §3.1: `template_type: media` with a public `url`), the signed PNG endpoint.
 * Everything goes through the outbox; dedup keys name the period and the recipient, so a job that runs twice,
 * or on two workers, sends each digest once.
 */

export const DIGEST_PURPOSE = 'report_digest';

export async function sendDigests(deps: AppDeps, commune: Commune, report: Report): Promise<number[]> {
  const { config } = deps;
  const now = deps.now();
  const ref = { communeSlug: commune.slug, kind: report.kind, periodKey: report.period.key };
  const page = signedReportUrl(config, ref, 'page', now);
  const text = digestText(report, {
    communeName: commune.name,
    url: page.url,
    expiresAt: page.expiresAt,
    silentDays: config.REPORT_SILENT_DAYS,
    timeZone: config.TZ,
  });
  const chart = report.kind === 'weekly' ? signedReportUrl(config, ref, 'chart', now) : null;
  const ids = await deps.db.transaction(async (tx) => {
    const recipients = await digestRecipients(tx, commune.id, report.kind);
    const rows: NewOutboxMessage[] = [];
    for (const member of recipients) {
      const key = `report-${report.kind}-${report.period.key}-s-${member.id}`;
      const base = { communeId: commune.id, zaloUserId: member.zaloUserId ?? '', purpose: DIGEST_PURPOSE };
      splitText(text).forEach((part, index) =>
        rows.push({ ...base, message: textMessage(part), dedupKey: `${key}-t${index}` }),
      );
      if (chart) {
        const caption = renderText('report.digest.chartCaption', { weeks: report.trend.length });
        rows.push({ ...base, message: imageMessage({ url: chart.url }, caption), dedupKey: `${key}-chart` });
      }
    }
    return insertOutbox(tx, rows);
  });
  return ids;
}

export interface ScheduledRun {
  readonly communeId: number;
  readonly period: string;
  readonly digests: number;
}

/**
 * What the 07:00 jobs do for every commune: build and store the previous day's (or week's) report, then send
 * its digests. The period is the one before the job's own run time: a run delayed by a stopped worker still
 * builds yesterday (or last week) as seen from the moment it runs.
 */
export async function runScheduledReports(deps: AppDeps, kind: ReportKind): Promise<ScheduledRun[]> {
  const rows = await deps.db.select().from(communes).orderBy(communes.id);
  const runs: ScheduledRun[] = [];
  for (const commune of rows) {
    const period = previousPeriod(kind, deps.now(), deps.config.TZ);
    const report = await storeReport(deps, commune.id, period);
    const outboxIds = await sendDigests(deps, commune, report);
    const work = afterCommit();
    work.outboxIds.push(...outboxIds);
    await flushAfterCommit(deps, work);
    deps.logger.info(
      { communeId: commune.id, kind, period: period.key, digests: outboxIds.length },
      'report built',
    );
    runs.push({ communeId: commune.id, period: period.key, digests: outboxIds.length });
  }
  return runs;
}
