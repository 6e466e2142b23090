import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDeps } from '../../../app/deps';
import { createCommune } from '../../../app/communes';
import { insertAdminToken, listAdminTokens, newAdminToken, revokeAdminToken } from '../../../db/repos/admin-tokens';
import { communes, type AdminToken, type Commune } from '../../../db/schema';
import type { AdminApp } from './index';
import { refuseUnlessDeployment } from './scope';
import { badField, communeQuery, idParams, name, notFound, zaloTokenPair } from './schemas';

/**
 * A province-wide deployment (many communes, each with its own OA): the operator adds communes and
 * gives each commune's administrator a token of its own, which reaches that commune only. Secrets and tokens
 * are accepted, never returned (a new admin token is shown once, at creation).
 */

const digits = z.string().regex(/^\d+$/, 'digits only (Zalo ids are digit strings)');
const newCommuneBody = zaloTokenPair.extend({
  slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case words joined by "-", e.g. tan-lac'),
  name,
  caseCodePrefix: z.string().regex(/^[A-Z]{1,4}$/, '1 to 4 capital letters, e.g. TL'),
  zaloOaId: digits,
  zaloOaSecretKey: z.string().min(1).max(4096),
  zaloAppId: digits.optional().describe("Default: the deployment's Zalo app (ZALO_APP_ID)"),
  zaloAppSecret: z.string().min(1).max(4096).optional().describe('Default: ZALO_APP_SECRET; required with zaloAppId'),
});
const tokenBody = z.object({ name });

function communeView(row: Commune) {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    caseCodePrefix: row.caseCodePrefix,
    zaloOaId: row.zaloOaId,
    tokenStatus: row.tokenStatus,
    createdAt: row.createdAt,
  };
}

function tokenView(row: AdminToken) {
  return { id: row.id, name: row.name, createdAt: row.createdAt, revokedAt: row.revokedAt };
}

export function tenantRoutes(api: AdminApp, deps: AppDeps): void {
  const { db } = deps;

  api.get('/communes', { schema: { tags: ['communes'], querystring: communeQuery } }, async (request) => {
    const rows =
      request.adminScope === 'deployment'
        ? await db.select().from(communes).orderBy(asc(communes.id))
        : await db.select().from(communes).where(eq(communes.id, request.adminCommuneId));
    return rows.map(communeView);
  });

  api.post('/communes', { schema: { tags: ['communes'], body: newCommuneBody } }, async (request, reply) => {
    if (refuseUnlessDeployment(request, reply)) return reply;
    const body = request.body;
    if (body.zaloAppId !== undefined && body.zaloAppSecret === undefined) {
      return reply.code(400).send(badField('zaloAppSecret', 'required with zaloAppId (another Zalo app)'));
    }
    const created = await createCommune(deps, {
      slug: body.slug,
      name: body.name,
      caseCodePrefix: body.caseCodePrefix,
      zaloOaId: body.zaloOaId,
      zaloOaSecretKey: body.zaloOaSecretKey,
      accessToken: body.accessToken,
      refreshToken: body.refreshToken,
      ...(body.expiresInSeconds === undefined ? {} : { accessTokenExpiresInSeconds: body.expiresInSeconds }),
      ...(body.zaloAppId === undefined ? {} : { zaloAppId: body.zaloAppId }),
      ...(body.zaloAppSecret === undefined ? {} : { zaloAppSecret: body.zaloAppSecret }),
    });
    if (!created.ok) {
      const what = created.conflict === 'slug' ? `slug ${body.slug}` : `Zalo OA ${body.zaloOaId}`;
      return reply.code(409).send({ ok: false, error: `a commune with this ${what} exists already` });
    }
    return reply.code(201).send(communeView(created.commune));
  });

  api.get('/admin-tokens', { schema: { tags: ['communes'], querystring: communeQuery } }, async (request, reply) => {
    if (refuseUnlessDeployment(request, reply)) return reply;
    return (await listAdminTokens(db, request.adminCommuneId)).map(tokenView);
  });

  api.post('/admin-tokens', { schema: { tags: ['communes'], querystring: communeQuery, body: tokenBody } }, async (request, reply) => {
    if (refuseUnlessDeployment(request, reply)) return reply;
    const token = newAdminToken();
    const row = await insertAdminToken(db, request.adminCommuneId, request.body.name, token, deps.now());
    const [commune] = await db.select({ slug: communes.slug }).from(communes).where(eq(communes.id, row.communeId));
    return reply.code(201).send({ ...tokenView(row), commune: commune?.slug ?? null, token });
  });

  api.delete('/admin-tokens/:id', { schema: { tags: ['communes'], querystring: communeQuery, params: idParams } }, async (request, reply) => {
    if (refuseUnlessDeployment(request, reply)) return reply;
    const row = await revokeAdminToken(db, request.adminCommuneId, request.params.id, deps.now());
    return row ? tokenView(row) : reply.code(404).send(notFound('admin token', request.params.id));
  });
}
