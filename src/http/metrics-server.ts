import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from '../logger';
import { healthRoutes, type HealthDeps } from './routes/health';
import { notFound } from './server';

export interface MetricsServerDeps {
  logger: Logger;
  health: HealthDeps;
  metrics: (app: FastifyInstance) => void;
}

/**
 * The internal listener on METRICS_PORT, in every role: /metrics for Prometheus and /healthz, /readyz for the
 * orchestrator. A worker has no other listener; for the API it keeps the scrape off the port that faces Zalo
 * and the public, so the balancer need not route /metrics at all.
 */
export function buildMetricsServer(deps: MetricsServerDeps): FastifyInstance {
  const app = Fastify({
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    loggerInstance: deps.logger.child({ module: 'metrics-http' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
  });
  app.setNotFoundHandler(notFound);
  healthRoutes(app, deps.health);
  deps.metrics(app);
  return app;
}
