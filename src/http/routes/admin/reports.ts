import { z } from 'zod';
import type { AppDeps } from '../../../app/deps';
import { reportFor } from '../../../app/reports/build';
import { reportLinks } from '../../../app/reports/links';
import { setReportSubscription } from '../../../app/reports/subscriptions';
import type { ReportKind } from '../../../domain/reports/period';
import { findCommuneById } from '../../../db/repos/communes';
import { deleteSubscription, listSubscriptions } from '../../../db/repos/reports';
import type { AdminApp } from './index';
import { communeQuery, notFound } from './schemas';

/**
 * Reports (issue 10): the daily and weekly report as JSON (domain/reports/aggregate.ts's Report, with the
 * signed links a digest would carry), built on demand when not stored; and who gets the digests in Zalo.
 */

const dailyQuery = communeQuery.extend({
  date: z.string().min(1).max(20).describe('YYYY-MM-DD, a local date'),
});
const weeklyQuery = communeQuery.extend({
  week: z.string().min(1).max(20).describe('YYYY-Www, an ISO week (Monday to Sunday)'),
});
const staffParams = z.object({ staffId: z.coerce.number().int().positive() });
const subscriptionBody = z
  .object({ daily: z.boolean().default(true), weekly: z.boolean().default(true) })
  .refine((b) => b.daily || b.weekly, 'subscribe to daily, weekly or both (DELETE unsubscribes)');

export function reportRoutes(api: AdminApp, deps: AppDeps): void {
  const answer = async (
    communeId: number,
    kind: ReportKind,
    key: string,
    reply: { code(n: number): { send(b: unknown): unknown } },
  ) => {
    const found = await reportFor(deps, communeId, kind, key);
    if (!found.ok) return reply.code(400).send({ ok: false, error: found.reason });
    const commune = await findCommuneById(deps.db, communeId);
    const links = commune
      ? reportLinks(deps.config, { communeSlug: commune.slug, kind, periodKey: key }, deps.now())
      : null;
    return { ...found.report, stored: found.stored, links };
  };

  api.get(
    '/reports/daily',
    { schema: { tags: ['reports'], querystring: dailyQuery } },
    async (request, reply) => answer(request.adminCommuneId, 'daily', request.query.date, reply),
  );
  api.get(
    '/reports/weekly',
    { schema: { tags: ['reports'], querystring: weeklyQuery } },
    async (request, reply) => answer(request.adminCommuneId, 'weekly', request.query.week, reply),
  );

  api.get(
    '/report-subscriptions',
    { schema: { tags: ['reports'], querystring: communeQuery } },
    async (request) => listSubscriptions(deps.db, request.adminCommuneId),
  );

  api.put(
    '/report-subscriptions/:staffId',
    { schema: { tags: ['reports'], querystring: communeQuery, params: staffParams, body: subscriptionBody } },
    async (request, reply) => {
      const result = await setReportSubscription(
        deps,
        request.adminCommuneId,
        request.params.staffId,
        request.body,
      );
      if (result === 'not_found') return reply.code(404).send(notFound('staff', request.params.staffId));
      if (result === 'role_not_allowed') {
        return reply.code(409).send({
          ok: false,
          error: 'only leaders and Front supervisors receive report digests',
          reason: result,
        });
      }
      return { staffId: request.params.staffId, ...request.body };
    },
  );

  api.delete(
    '/report-subscriptions/:staffId',
    { schema: { tags: ['reports'], querystring: communeQuery, params: staffParams } },
    async (request, reply) => {
      const removed = await deleteSubscription(deps.db, request.adminCommuneId, request.params.staffId);
      if (!removed) return reply.code(404).send(notFound('subscription', request.params.staffId));
      return { ok: true };
    },
  );
}
