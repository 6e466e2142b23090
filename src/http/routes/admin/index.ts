import { createHash, timingSafeEqual } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { asc, eq } from 'drizzle-orm';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { AppDeps } from '../../../app/deps';
import { communeOfAdminToken } from '../../../db/repos/admin-tokens';
import { communes } from '../../../db/schema';
import { caseRoutes } from './cases';
import { clockRoutes } from './clocks';
import { deliveryRoutes } from './delivery';
import { publicationRoutes } from './publication';
import { referenceRoutes } from './reference';
import { reportRoutes } from './reports';
import { staffRoutes } from './staff';
import type { AdminScope } from './scope';
import { tenantRoutes } from './tenants';

/**
 * The admin API (issue 4): JSON over HTTP for the tools that configure a commune and follow its cases.
 *
 * - Authentication: `Authorization: Bearer <token>`; anything else is 401. `ADMIN_TOKEN` (compared in constant
 *   time) is the deployment operator's: every commune, and alone may create communes and their tokens (403
 *   otherwise). A commune's own token (admin_tokens, a hash kept) reaches that commune only. Both act with the
 *   `admin` role of permissions.ts: every action, but never the identity of a denunciation's reporter.
 * - Which commune: `?commune=<slug>` on any route; without it, the token's commune, or for ADMIN_TOKEN the first
 *   commune (the one of the environment's Zalo settings). An unknown slug is 404; another commune's, with a
 *   commune token, 403.
 * - Every body and query is a zod schema (fastify-type-provider-zod); a bad one is 400 with the field errors.
 *   The same schemas are the OpenAPI document served at /docs (and /docs/json).
 * - Unknown ids are 404 with a reason; deletes of agencies, categories, areas and staff deactivate (cases keep
 *   pointing at them); routing rules and holidays are really deleted.
 */

export type AdminApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module 'fastify' {
  interface FastifyRequest {
    /** The commune the admin request is about (see the header comment of http/routes/admin/index.ts). */
    adminCommuneId: number;
    /** `deployment`: ADMIN_TOKEN, every commune; `commune`: a commune's own token, that commune only. */
    adminScope: AdminScope;
    /** The commune token's id (admin_tokens), null for ADMIN_TOKEN: case events record which one acted. */
    adminTokenId: number | null;
  }
}

/** Longer than any token we issue: such a header is refused without a query. */
const MAX_TOKEN_CHARS = 200;

export interface AdminApiDeps {
  deps: AppDeps;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Equal-length digests make the comparison constant-time whatever the lengths typed. */
export function tokenMatches(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  return timingSafeEqual(digest(presented), digest(expected));
}

export function adminApiRoutes(options: AdminApiDeps) {
  const { deps } = options;
  return async (app: FastifyInstance): Promise<void> => {
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    await app.register(swagger, {
      openapi: {
        info: {
          title: 'langnghe admin API',
          description:
            'Configure a commune (agencies, categories, areas, routing rules, holidays, staff) and follow its cases. ' +
            'Bearer ADMIN_TOKEN; `?commune=<slug>` picks the commune (default: the first one).',
          version: '1.0.0',
        },
        components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
        security: [{ bearerAuth: [] }],
      },
      transform: jsonSchemaTransform,
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });

    app.setErrorHandler((err: Error & { statusCode?: number }, request, reply) => {
      if (hasZodFastifySchemaValidationErrors(err)) {
        return reply.code(400).send({
          ok: false,
          error: 'Bad Request',
          fields: err.validation.map((issue) => ({
            field: issue.instancePath.replace(/^\//, '').replace(/\//g, '.') || (err.validationContext ?? ''),
            in: err.validationContext ?? null,
            message: issue.message ?? 'invalid',
          })),
        });
      }
      const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
      if (status >= 500) {
        request.log.error({ err, reqId: request.id }, 'admin request failed');
        return reply.code(status).send({ ok: false, error: 'Internal Server Error' });
      }
      return reply.code(status).send({ ok: false, error: err.message });
    });

    app.decorateRequest('adminCommuneId', 0);
    app.decorateRequest('adminScope', 'commune');
    app.decorateRequest('adminTokenId', null);
    await app.register(
      (api, _opts, done) => {
        api.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
          const header = request.headers.authorization;
          const presented = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
          const operator = tokenMatches(presented, deps.config.ADMIN_TOKEN);
          const own =
            operator || presented === undefined || presented.length > MAX_TOKEN_CHARS
              ? undefined
              : await communeOfAdminToken(deps.db, presented);
          if (!operator && !own) {
            return reply
              .code(401)
              .header('www-authenticate', 'Bearer')
              .send({ ok: false, error: 'Unauthorized' });
          }
          const query = request.query as Record<string, unknown> | undefined;
          const slug = typeof query?.commune === 'string' && query.commune !== '' ? query.commune : null;
          if (own) {
            if (slug !== null && slug !== own.slug) {
              return reply.code(403).send({ ok: false, error: `this token is for commune ${own.slug} only` });
            }
            request.adminCommuneId = own.id;
            request.adminScope = 'commune';
            request.adminTokenId = own.tokenId;
            return undefined;
          }
          request.adminScope = 'deployment';
          const [found] = await deps.db
            .select({ id: communes.id })
            .from(communes)
            .where(slug === null ? undefined : eq(communes.slug, slug))
            .orderBy(asc(communes.id))
            .limit(1);
          if (!found)
            return reply.code(404).send({
              ok: false,
              error: slug === null ? 'no commune configured' : `unknown commune: ${slug}`,
            });
          request.adminCommuneId = found.id;
          return undefined;
        });
        const typed = api.withTypeProvider<ZodTypeProvider>();
        referenceRoutes(typed, deps);
        staffRoutes(typed, deps);
        caseRoutes(typed, deps);
        clockRoutes(typed, deps);
        reportRoutes(typed, deps);
        deliveryRoutes(typed, deps);
        publicationRoutes(typed, deps);
        tenantRoutes(typed, deps);
        done();
      },
      { prefix: '/api/admin' },
    );
  };
}
