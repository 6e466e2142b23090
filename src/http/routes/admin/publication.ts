import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { publicationAction, type AdminActionResult } from '../../../app/cases/admin-actions';
import type { AppDeps } from '../../../app/deps';
import { createOpen311Client, listOpen311Clients, revokeOpen311Client } from '../../../app/open311/clients';
import { settingsOf } from '../../../app/public/publication';
import { parseCaseCode } from '../../../domain/case/code';
import { findCommuneById } from '../../../db/repos/communes';
import { communes, type Open311Client } from '../../../db/schema';
import type { AdminApp } from './index';
import { adminActor } from './scope';
import { communeQuery, idParams, notFound } from './schemas';

/**
 * Publication and Open311 in the admin API (issue 12): the commune's publication settings, hiding a case from
 * public pages (with a reason) and showing it again, publishing a result under review, clearing a photo, and the
 * Open311 clients with their API keys (shown once, kept hashed).
 */

const codeParams = z.object({ code: z.string().min(1).max(40) });
const settingsBody = z
  .object({
    review: z.boolean().describe('Staff review results before they are published (within the deadline)'),
    deadlineWorkingDays: z
      .number()
      .int()
      .min(0)
      .max(5)
      .describe('How long a result may wait for review (law: 5)'),
    minResponses: z.number().int().min(1).max(1000).describe('Scores needed before satisfaction is shown'),
    coordinateDecimals: z
      .number()
      .int()
      .min(0)
      .max(3)
      .nullable()
      .describe('Open311 lat/long decimals; null = empty'),
  })
  .partial();
const hideBody = z.object({
  reason: z.string().trim().min(1).max(2000).describe('Why the case is not shown (kept internal)'),
});
const photoParams = codeParams.extend({ id: z.coerce.number().int().positive() });
const photoBody = z.object({ publishable: z.boolean() });
const clientBody = z.object({
  name: z.string().trim().min(1).max(200),
  termsUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional()
    .describe("Where the client's users read the terms they agree to"),
});

function clientView(c: Open311Client) {
  return {
    id: c.id,
    name: c.name,
    keyHint: c.keyHint,
    termsUrl: c.termsUrl,
    createdAt: c.createdAt,
    revokedAt: c.revokedAt,
  };
}

export function publicationRoutes(api: AdminApp, deps: AppDeps): void {
  const { db } = deps;

  const resolveCode = async (communeId: number, typed: string): Promise<string> => {
    const commune = await findCommuneById(db, communeId);
    return (commune && parseCaseCode(typed, commune.caseCodePrefix)) ?? typed;
  };
  const answer = (
    result: AdminActionResult,
    reply: { code(n: number): { send(b: unknown): unknown } },
    typed: string,
  ) => {
    if (result.ok) return result;
    if ('notFound' in result) return reply.code(404).send(notFound(result.notFound, typed));
    return reply.code(409).send({
      ok: false,
      error: `refused: ${result.refused}`,
      reason: result.refused,
      currentStatus: result.currentStatus ?? null,
    });
  };

  api.get(
    '/publication-settings',
    { schema: { tags: ['publication'], querystring: communeQuery } },
    async (request) => {
      const commune = await findCommuneById(db, request.adminCommuneId);
      return settingsOf(commune ?? { settings: {} });
    },
  );

  api.patch(
    '/publication-settings',
    { schema: { tags: ['publication'], querystring: communeQuery, body: settingsBody } },
    async (request) => {
      const commune = await findCommuneById(db, request.adminCommuneId);
      const next = { ...settingsOf(commune ?? { settings: {} }), ...request.body };
      await db
        .update(communes)
        .set({
          settings: sql`${communes.settings} || ${JSON.stringify({ publication: next })}::jsonb`,
          updatedAt: deps.now(),
        })
        .where(eq(communes.id, request.adminCommuneId));
      return next;
    },
  );

  const caseAction = (
    path: string,
    body: z.ZodType | undefined,
    toAction: (b: unknown) => Parameters<typeof publicationAction>[3],
  ) =>
    api.post(
      `/cases/:code/${path}`,
      {
        schema: {
          tags: ['publication'],
          querystring: communeQuery,
          params: codeParams,
          ...(body ? { body } : {}),
        },
      },
      async (request, reply) => {
        const code = await resolveCode(request.adminCommuneId, request.params.code);
        return answer(
          await publicationAction(deps, request.adminCommuneId, code, toAction(request.body), adminActor(request)),
          reply,
          request.params.code,
        );
      },
    );
  caseAction('hide', hideBody, (b) => ({ type: 'hide', reason: hideBody.parse(b).reason }));
  caseAction('unhide', undefined, () => ({ type: 'unhide' }));
  caseAction('publish', undefined, () => ({ type: 'publish_result' }));

  api.post(
    '/cases/:code/attachments/:id/publishable',
    { schema: { tags: ['publication'], querystring: communeQuery, params: photoParams, body: photoBody } },
    async (request, reply) => {
      const code = await resolveCode(request.adminCommuneId, request.params.code);
      const result = await publicationAction(deps, request.adminCommuneId, code, {
        type: 'mark_media',
        attachmentId: request.params.id,
        publishable: request.body.publishable,
      }, adminActor(request));
      return answer(
        result,
        reply,
        !result.ok && 'notFound' in result && result.notFound === 'attachment'
          ? String(request.params.id)
          : request.params.code,
      );
    },
  );

  api.get('/open311-clients', { schema: { tags: ['open311'], querystring: communeQuery } }, async (request) =>
    (await listOpen311Clients(db, request.adminCommuneId)).map(clientView),
  );

  api.post(
    '/open311-clients',
    { schema: { tags: ['open311'], querystring: communeQuery, body: clientBody } },
    async (request, reply) => {
      const { client, apiKey } = await createOpen311Client(db, {
        communeId: request.adminCommuneId,
        name: request.body.name,
        termsUrl: request.body.termsUrl ?? null,
        now: deps.now(),
      });
      // The key is shown this once; only its hash is kept.
      return reply.code(201).send({ ...clientView(client), apiKey });
    },
  );

  api.delete(
    '/open311-clients/:id',
    { schema: { tags: ['open311'], querystring: communeQuery, params: idParams } },
    async (request, reply) => {
      const revoked = await revokeOpen311Client(db, request.adminCommuneId, request.params.id, deps.now());
      if (!revoked) return reply.code(404).send(notFound('open311 client', request.params.id));
      return clientView(revoked);
    },
  );
}
