import formbody from '@fastify/formbody';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from '../logger';
import { healthRoutes, type HealthDeps } from './routes/health';
import { publicAssetRoutes } from './routes/public-assets';
import { zaloWebhookRoutes, type ZaloWebhookDeps } from './routes/zalo-webhook';

export interface ServerDeps {
  logger: Logger;
  webhook: ZaloWebhookDeps;
  health: HealthDeps;
  /** Further route plugins registered by the composition root (admin API, simulator...). */
  plugins?: ((app: FastifyInstance) => Promise<void> | void)[];
}

/** A 404 that names the route asked for, without its query string. */
export function notFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.code(404).send({ ok: false, error: `No route ${request.method} ${request.url.split('?')[0] ?? ''}` });
}

/** Builds the HTTP app without listening; tests use inject(), main.ts listens. */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger and Fastify's logger type differ only in generics; tsc needs the widening.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    loggerInstance: deps.logger.child({ module: 'http' }) as FastifyBaseLogger,
    // One log line per request would halve throughput and could carry personal data; errors are logged.
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: 'x-request-id',
    trustProxy: true,
    return503OnClosing: true,
  });

  await app.register(formbody);

  app.setErrorHandler((err: Error & { statusCode?: number; validation?: unknown }, request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err, reqId: request.id }, 'request failed');
      return reply.code(status).send({ ok: false, error: 'Internal Server Error' });
    }
    return reply.code(status).send({ ok: false, error: err.message });
  });

  app.setNotFoundHandler(notFound);

  healthRoutes(app, deps.health);
  publicAssetRoutes(app);
  await app.register((scope, _opts, done) => {
    zaloWebhookRoutes(scope, deps.webhook);
    done();
  });
  for (const plugin of deps.plugins ?? []) await app.register(async (scope) => plugin(scope));
  return app;
}
