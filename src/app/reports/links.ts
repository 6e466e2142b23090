import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config';
import type { ReportKind } from '../../domain/reports/period';

/**
 * Signed, expiring links to a report's page, chart and PDF, for digest recipients who hold no admin token.
 * The signature is HMAC-SHA256 (REPORT_LINK_SECRET) over the commune, the kind, the period and the expiry, so
 * one link opens the page, its chart (what Zalo fetches for the image message) and its PDF, and nothing else.
 */

export type ReportAsset = 'page' | 'chart' | 'pdf';

export interface ReportRef {
  readonly communeSlug: string;
  readonly kind: ReportKind;
  readonly periodKey: string;
}

export function reportPath(ref: ReportRef, asset: ReportAsset): string {
  const page = `/reports/${encodeURIComponent(ref.communeSlug)}/${ref.kind}/${encodeURIComponent(ref.periodKey)}`;
  return asset === 'page' ? page : asset === 'chart' ? `${page}/chart.png` : `${page}/report.pdf`;
}

function signature(secret: string, ref: ReportRef, expiresAtSeconds: number): Buffer {
  return createHmac('sha256', secret)
    .update(`${ref.communeSlug}\n${ref.kind}\n${ref.periodKey}\n${expiresAtSeconds}`, 'utf8')
    .digest();
}

export interface SignedLink {
  readonly url: string;
  readonly expiresAt: Date;
}

export function signedReportUrl(
  config: Pick<Config, 'PUBLIC_BASE_URL' | 'REPORT_LINK_SECRET' | 'REPORT_LINK_TTL_HOURS'>,
  ref: ReportRef,
  asset: ReportAsset,
  now: Date,
): SignedLink {
  const exp = Math.floor(now.getTime() / 1000) + config.REPORT_LINK_TTL_HOURS * 3600;
  const sig = signature(config.REPORT_LINK_SECRET, ref, exp).toString('hex');
  const base = config.PUBLIC_BASE_URL.replace(/\/$/, '');
  return { url: `${base}${reportPath(ref, asset)}?exp=${exp}&sig=${sig}`, expiresAt: new Date(exp * 1000) };
}

export type LinkCheck = 'ok' | 'expired' | 'invalid';

export function checkReportLink(
  secret: string,
  ref: ReportRef,
  presented: { exp?: string | undefined; sig?: string | undefined },
  now: Date,
): LinkCheck {
  if (presented.exp === undefined || presented.sig === undefined || !/^\d{1,12}$/.test(presented.exp))
    return 'invalid';
  if (!/^[0-9a-f]{64}$/.test(presented.sig)) return 'invalid';
  const exp = Number(presented.exp);
  const expected = signature(secret, ref, exp);
  if (!timingSafeEqual(expected, Buffer.from(presented.sig, 'hex'))) return 'invalid';
  return exp * 1000 > now.getTime() ? 'ok' : 'expired';
}

/** The three signed links of one report, as the admin API shows them and digests send them. */
export function reportLinks(
  config: Pick<Config, 'PUBLIC_BASE_URL' | 'REPORT_LINK_SECRET' | 'REPORT_LINK_TTL_HOURS'>,
  ref: ReportRef,
  now: Date,
): { page: string; chart: string; pdf: string; expiresAt: Date } {
  const page = signedReportUrl(config, ref, 'page', now);
  return {
    page: page.url,
    chart: signedReportUrl(config, ref, 'chart', now).url,
    pdf: signedReportUrl(config, ref, 'pdf', now).url,
    expiresAt: page.expiresAt,
  };
}
