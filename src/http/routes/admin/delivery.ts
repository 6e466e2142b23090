import { z } from 'zod';
import type { AppDeps } from '../../../app/deps';
import { redriveInbox, redriveOutbox, wakeCommuneOutbox } from '../../../app/redrive';
import { findCommuneById, updateCommuneSecrets } from '../../../db/repos/communes';
import { liftPause, pauseOf } from '../../../db/repos/outbound-pauses';
import { failedOutboxByKind } from '../../../db/repos/outbox';
import type { AdminApp } from './index';
import { refuseUnlessDeployment } from './scope';
import { badField, communeQuery, zaloTokenPair } from './schemas';

/**
 * Outbound delivery for operators (issue 9): what blocks a commune's sends (a pause, tokens needing
 * re-consent, failed rows by reason), re-driving failed outbox and inbox rows, installing the token pair an OA
 * admin's new grant produced, and rotating the OA secret key or the app secret. Secrets are accepted, never
 * returned.
 */

const redriveBody = z
  .object({
    allCommunes: z.boolean().optional().describe('Every commune instead of ?commune= (default false)'),
    reason: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe(
        'Outbox: an error kind (Network, QuotaExceeded, Http…); inbox: the start of last_error. Default: all',
      ),
  })
  .optional();
const tokensBody = zaloTokenPair;
const secretsBody = z.object({
  oaSecretKey: z
    .string()
    .min(1)
    .max(500)
    .optional()
    .describe('Signs webhooks; API processes see it within a minute'),
  appSecret: z.string().min(1).max(500).optional().describe('Signs token refreshes'),
});

export function deliveryRoutes(api: AdminApp, deps: AppDeps): void {
  const { db } = deps;

  api.get(
    '/outbound',
    { schema: { tags: ['delivery'], querystring: communeQuery } },
    async (request, reply) => {
      const communeId = request.adminCommuneId;
      const commune = await findCommuneById(db, communeId);
      if (!commune) return reply.code(404).send({ ok: false, error: 'unknown commune' });
      const pause = await pauseOf(db, communeId);
      return {
        pause: pause && {
          reason: pause.reason,
          zaloCode: pause.zaloCode,
          since: pause.since,
          until: pause.until,
          probing: pause.probingUntil !== null,
        },
        token: {
          status: commune.tokenStatus,
          expiresAt: commune.accessTokenExpiresAt,
          refreshedAt: commune.tokenRefreshedAt,
          refreshFailures: commune.tokenRefreshFailures,
          nextRefreshAt: commune.tokenRefreshRetryAt,
          error: commune.tokenError,
        },
        failed: await failedOutboxByKind(db, communeId),
      };
    },
  );

  api.post(
    '/outbox/redrive',
    { schema: { tags: ['delivery'], querystring: communeQuery, body: redriveBody } },
    async (request, reply) => {
      if (request.body?.allCommunes === true && refuseUnlessDeployment(request, reply)) return reply;
      const ids = await redriveOutbox(deps, {
        communeId: request.body?.allCommunes ? null : request.adminCommuneId,
        reason: request.body?.reason ?? null,
      });
      return { ok: true, redriven: ids.length };
    },
  );

  api.post(
    '/inbox/redrive',
    { schema: { tags: ['delivery'], querystring: communeQuery, body: redriveBody } },
    async (request, reply) => {
      if (request.body?.allCommunes === true && refuseUnlessDeployment(request, reply)) return reply;
      const ids = await redriveInbox(deps, {
        communeId: request.body?.allCommunes ? null : request.adminCommuneId,
        reason: request.body?.reason ?? null,
      });
      return { ok: true, redriven: ids.length };
    },
  );

  api.delete(
    '/outbound/pause',
    { schema: { tags: ['delivery'], querystring: communeQuery } },
    async (request) => {
      const lifted = await liftPause(db, request.adminCommuneId);
      const woken = await wakeCommuneOutbox(deps, request.adminCommuneId);
      return { ok: true, lifted, woken: woken.length };
    },
  );

  api.post(
    '/zalo/tokens',
    { schema: { tags: ['delivery'], querystring: communeQuery, body: tokensBody } },
    async (request) => {
      await deps.tokens.install(request.adminCommuneId, {
        accessToken: request.body.accessToken,
        refreshToken: request.body.refreshToken,
        expiresInSeconds: request.body.expiresInSeconds ?? null,
      });
      const woken = await wakeCommuneOutbox(deps, request.adminCommuneId);
      return { ok: true, woken: woken.length };
    },
  );

  api.put(
    '/zalo/secrets',
    { schema: { tags: ['delivery'], querystring: communeQuery, body: secretsBody } },
    async (request, reply) => {
      if (request.body.oaSecretKey === undefined && request.body.appSecret === undefined) {
        return reply.code(400).send(badField('oaSecretKey', 'give oaSecretKey, appSecret or both'));
      }
      await updateCommuneSecrets(db, request.adminCommuneId, request.body, deps.secrets, deps.now());
      deps.logger.info(
        {
          communeId: request.adminCommuneId,
          oaSecretKey: request.body.oaSecretKey !== undefined,
          appSecret: request.body.appSecret !== undefined,
        },
        'zalo secrets rotated by an admin',
      );
      return { ok: true };
    },
  );
}
