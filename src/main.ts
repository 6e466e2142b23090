import { asc } from 'drizzle-orm';
import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from './app/deps';
import { routeNewCase } from './app/cases/route-case';
import { enqueueInbox } from './app/enqueue';
import { createInboxSpool, type InboxSpool } from './app/inbox-spool';
import { sweep } from './app/sweep';
import { ConfigError, loadConfig, loadEnvFile, type Config } from './config';
import type { FakeZalo } from './dev/fake-zalo';
import { assertSimulatorAllowed } from './dev/sim/guard';
import { simRoutes } from './dev/sim/routes';
import { consentNoticeRoutes } from './http/routes/consent-notice';
import { startSimZalo } from './dev/sim/sim-zalo';
import { createDatabase, type Database, type SessionLimits } from './db/client';
import { createDatabaseIfMissing, pendingMigrationCount, runMigrations } from './db/migrate';
import {
  createCommuneDirectory,
  ensureCommune,
  firstCommuneSettings,
  revealSecrets,
  sealStoredSecrets,
  type CommuneDirectory,
} from './db/repos/communes';
import { createInboxWriter } from './db/repos/inbox-writer';
import { ensureInstanceId } from './db/repos/instance';
import { communes } from './db/schema';
import { provisionCommune } from './app/communes';
import { createMediaLinks } from './app/media/links';
import { buildMetricsServer } from './http/metrics-server';
import { adminApiRoutes } from './http/routes/admin';
import { backlogChecks, NotReady, type HealthDeps } from './http/routes/health';
import { mediaRoutes } from './http/routes/media';
import { open311Routes } from './http/routes/open311';
import { publicResultsRoutes } from './http/routes/public-results';
import { queuesBoardRoutes } from './http/routes/queues-board';
import { reportPageRoutes } from './http/routes/reports';
import { buildServer } from './http/server';
import { JobName, createQueues, payloadSchemas } from './jobs/queues';
import { scheduleMaintenance, startWorkers, type Workers } from './jobs/workers';
import { createLogger, type Logger } from './logger';
import { createMediaStore } from './media/create-store';
import { createMetrics } from './metrics';
import { createProducerConnection, createWorkerConnection, waitUntilReady, type Redis } from './redis';
import { secretBoxOf } from './secrets';
import { createZaloClient, type ZaloClient } from './zalo/client';
import { createTokenStore } from './zalo/tokens';

export interface Running {
  config: Config;
  deps: AppDeps;
  database: Database;
  /** The webhook's own pool, commune keys and Redis spool (ROLE api or all), else null. */
  webhook: { database: Database; directory: CommuneDirectory; spool: InboxSpool } | null;
  /** Settles once the workers' repeatable jobs are scheduled and the start-up sweep ran (Redis reachable). */
  workersScheduled: Promise<void>;
  server: FastifyInstance | null;
  /** The internal listener (METRICS_PORT): /metrics, /healthz, /readyz, in every role. */
  metricsServer: FastifyInstance;
  workers: Workers | null;
  /** The in-process fake Zalo of ZALO_MODE=simulator, else null. */
  simulator: FakeZalo | null;
  /** Listens on PORT (when this role serves the API) and on METRICS_PORT; returns the bound ports. */
  listen(): Promise<{ port: number | null; metricsPort: number }>;
  close(): Promise<void>;
}

export interface CreateAppOptions {
  now?: () => Date;
  logger?: Logger;
  /** Overrides JOB_STALLED_INTERVAL_MS (crash tests). */
  stalledIntervalMs?: number;
}

function sessionLimits(config: Config, role: 'workers' | 'webhook'): SessionLimits {
  return role === 'workers'
    ? {
        statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
        lockTimeoutMs: config.DATABASE_LOCK_TIMEOUT_MS,
        idleInTransactionTimeoutMs: config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
        connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
      }
    : {
        statementTimeoutMs: config.WEBHOOK_STATEMENT_TIMEOUT_MS,
        lockTimeoutMs: config.WEBHOOK_LOCK_TIMEOUT_MS,
        // The webhook opens no transactions; a session idle inside one is a bug to cut short.
        idleInTransactionTimeoutMs: 5_000,
        connectTimeoutMs: config.WEBHOOK_CONNECT_TIMEOUT_MS,
      };
}

/** Runs `fn` until it succeeds, waiting `delayMs` between tries, unless `stopped()` says to give up. */
async function retryUntilDone(
  fn: () => Promise<void>,
  delayMs: number,
  stopped: () => boolean,
  onError: (err: unknown) => void,
): Promise<void> {
  for (;;) {
    try {
      await fn();
      return;
    } catch (err) {
      if (stopped()) return;
      onError(err);
      await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
      if (stopped()) return;
    }
  }
}

/**
 * The composition root: every adapter is built here once and handed to the use cases. ROLE selects what
 * this process runs, so any number of API and worker processes can share one PostgreSQL and one Redis.
 */
export async function createApp(config: Config, options: CreateAppOptions = {}): Promise<Running> {
  const logger = options.logger ?? createLogger({ level: config.LOG_LEVEL });
  const now = options.now ?? (() => new Date());
  const runsApi = config.ROLE !== 'worker';
  const runsWorkers = config.ROLE !== 'api';
  if (config.ZALO_MODE === 'simulator') assertSimulatorAllowed(config);

  if (config.MIGRATE_ON_START) await createDatabaseIfMissing(config.DATABASE_URL);
  const database = createDatabase(config.DATABASE_URL, {
    poolSize: config.DATABASE_POOL_SIZE,
    applicationName: `langnghe-${config.ROLE}`,
    limits: sessionLimits(config, 'workers'),
  });
  const closers: (() => Promise<void>)[] = [() => database.close()];
  let closing = false;
  const close = async () => {
    closing = true;
    for (const fn of closers.reverse()) {
      await fn().catch((err: unknown) => {
        logger.error({ err }, 'close failed');
      });
    }
  };

  try {
    if (config.MIGRATE_ON_START) await runMigrations(database);
    const secrets = secretBoxOf(config);
    // Rows an older version stored in plain text, or under SECRETS_KEY_PREVIOUS, are sealed under the current key.
    const resealed = await sealStoredSecrets(database.db, secrets);
    if (resealed > 0)
      logger.info({ values: resealed }, 'zalo secrets sealed at rest under the current SECRETS_KEY');
    const firstCommune = revealSecrets(
      await ensureCommune(database.db, firstCommuneSettings(config), secrets),
      secrets,
    );
    const instanceId = await ensureInstanceId(database.db);
    // Every commune: the standard agencies, categories and routing rules once (later admin edits are kept), and
    // Vietnam's public holidays (Tết by the lunar calendar) for this year and the next, once per year.
    for (const { id } of await database.db.select({ id: communes.id }).from(communes).orderBy(asc(communes.id))) {
      await provisionCommune(database.db, id, now(), config.TZ);
    }

    // Simulator mode: the fake Zalo runs in this process and every Zalo base URL points at it.
    let simulator: FakeZalo | null = null;
    if (config.ZALO_MODE === 'simulator') {
      const fake = await startSimZalo(firstCommune);
      simulator = fake;
      closers.push(() => fake.close());
      config = {
        ...config,
        ZALO_API_BASE_URL: fake.baseUrl,
        ZALO_OAUTH_BASE_URL: fake.baseUrl,
        ZALO_ZNS_BASE_URL: fake.baseUrl,
        // The fake's CDN, and the simulator's sample photos on our own base URL, are where its media come from.
        MEDIA_SOURCE_ORIGINS: [
          ...config.MEDIA_SOURCE_ORIGINS,
          fake.baseUrl,
          new URL(config.PUBLIC_BASE_URL).origin,
        ],
      };
      logger.warn(
        { fakeZalo: fake.baseUrl },
        'ZALO_MODE=simulator: talking to an in-process fake Zalo; /sim is served',
      );
    }

    const producer: Redis = createProducerConnection(config.REDIS_URL);
    closers.push(() => quitRedis(producer));
    // A fail-fast connection refuses commands until connected: give it a moment at start. If Redis is down,
    // go on: the API still stores events, and the sweeper queues them once Redis is back.
    if (!(await waitUntilReady(producer, 3_000)))
      logger.warn('redis not reachable at start; events are stored and queued later');
    const queues = createQueues(producer, config.BULLMQ_PREFIX, config.JOB_ATTEMPTS, instanceId);
    closers.push(() => queues.close());
    let spoolForMetrics: InboxSpool | null = null;
    let directoryForMetrics: CommuneDirectory | null = null;
    const metrics = createMetrics({
      db: database.db,
      queues,
      now,
      logger,
      ...(runsApi
        ? {
            spoolLength: () => spoolForMetrics?.length() ?? Promise.resolve(0),
            communesKnown: () => directoryForMetrics?.stats().communes ?? 0,
          }
        : {}),
    });

    const tokens = createTokenStore({
      db: database.db,
      pool: database.pool,
      secrets,
      logger,
      now,
      refreshAheadMs: config.ZALO_TOKEN_REFRESH_AHEAD_SECONDS * 1000,
      pauseMs: config.OUTBOX_OA_PAUSE_SECONDS * 1000,
      // `zalo` is built just below; refreshes only happen once it exists.
      refresh: (app) => zalo.refreshAccessToken(app),
      onNeedsReconsent: metrics.tokenNeedsReconsent,
    });
    const zalo: ZaloClient = createZaloClient(
      {
        apiBaseUrl: config.ZALO_API_BASE_URL,
        oauthBaseUrl: config.ZALO_OAUTH_BASE_URL,
        timeoutMs: config.ZALO_HTTP_TIMEOUT_MS,
        znsBaseUrl: config.ZALO_ZNS_BASE_URL,
        logger,
        observe: metrics.zaloCall,
        rateLimit: {
          redis: producer,
          keyPrefix: config.BULLMQ_PREFIX,
          perMinute: config.ZALO_RATE_LIMIT_PER_MINUTE,
        },
      },
      tokens,
    );

    const media = createMediaStore(config);
    closers.push(() => media.close());
    const deps: AppDeps = {
      config,
      db: database.db,
      logger,
      now,
      zalo,
      queues,
      redis: producer,
      tokens,
      secrets,
      media,
      mediaLinks: createMediaLinks(config, now),
      metrics: metrics.app,
    };

    const health: HealthDeps = {
      logger,
      checks: {
        postgres: async () => {
          await database.pool.query('select 1');
          return 'ok';
        },
        redis: async () => {
          await producer.ping();
          return 'ok';
        },
        media: async () => {
          await media.check();
          return 'ok';
        },
        migrations: async () => {
          const pending = await pendingMigrationCount(database);
          if (pending > 0) throw new NotReady(`${pending} migrations not applied`);
          return 'ok';
        },
        ...backlogChecks(metrics.backlog, config.READY_MAX_PENDING_AGE_SECONDS),
      },
    };
    const metricsServer = buildMetricsServer({ logger, health, metrics: metrics.routes });
    closers.push(() => metricsServer.close());

    let server: FastifyInstance | null = null;
    let webhook: Running['webhook'] = null;
    if (runsApi) {
      // Its own small pool: the webhook never queues behind worker jobs for a connection (docs/BENCHMARKS.md).
      const webhookPool = createDatabase(config.DATABASE_URL, {
        poolSize: config.WEBHOOK_POOL_SIZE,
        applicationName: 'langnghe-webhook',
        limits: sessionLimits(config, 'webhook'),
      });
      closers.push(() => webhookPool.close());
      const directory = createCommuneDirectory(webhookPool.db, {
        secrets,
        refreshMs: config.COMMUNE_KEYS_REFRESH_SECONDS * 1000,
        onRefreshError: (err) => {
          logger.warn({ err }, 'commune keys refresh failed; serving the keys already loaded');
        },
      });
      await directory.start();
      closers.push(() => {
        directory.stop();
        return Promise.resolve();
      });
      const inbox = createInboxWriter(webhookPool.pool);
      const inboxSpool = createInboxSpool({
        redis: producer,
        prefix: config.BULLMQ_PREFIX,
        maxEvents: config.WEBHOOK_SPOOL_MAX_EVENTS,
        logger,
        now,
        store: (event) => inbox.insert(event),
        enqueue: (ids) => enqueueInbox(deps, ids),
      });
      webhook = { database: webhookPool, directory, spool: inboxSpool };
      spoolForMetrics = inboxSpool;
      directoryForMetrics = directory;
      inboxSpool.start();
      closers.push(() => inboxSpool.stop());
      const self: { server?: FastifyInstance } = {};
      const plugins = [
        consentNoticeRoutes(deps),
        adminApiRoutes({ deps }),
        reportPageRoutes(deps),
        metrics.routes,
        mediaRoutes({ store: media, secret: config.MEDIA_URL_SECRET, now }),
        publicResultsRoutes(deps),
        open311Routes(deps),
        queuesBoardRoutes({
          queues: queues.all,
          adminToken: config.ADMIN_TOKEN,
          secureCookie: config.PUBLIC_BASE_URL.startsWith('https:'),
        }),
      ];
      if (simulator) {
        plugins.push(
          simRoutes({
            fake: simulator,
            db: database.db,
            logger,
            now,
            commune: firstCommune,
            publicBaseUrl: config.PUBLIC_BASE_URL,
            adminToken: config.ADMIN_TOKEN,
            inject: (request) => {
              if (!self.server) throw new Error('server not built yet');
              return self.server.inject(request);
            },
          }),
        );
      }
      server = await buildServer({
        plugins,
        logger,
        webhook: {
          directory,
          inbox,
          spool: inboxSpool,
          enqueueInbox: (inboxId) => enqueueInbox(deps, [inboxId]),
          now,
          logger,
          bodyLimitBytes: config.WEBHOOK_BODY_LIMIT_BYTES,
          maxAgeMs: config.WEBHOOK_MAX_AGE_SECONDS * 1000,
          maxFutureSkewMs: config.WEBHOOK_MAX_FUTURE_SKEW_SECONDS * 1000,
          enqueueTimeoutMs: config.ENQUEUE_TIMEOUT_MS,
          deadlineMs: config.WEBHOOK_DEADLINE_MS,
          onResult: metrics.webhook,
        },
        health,
      });
      const httpServer = server;
      self.server = httpServer;
      closers.push(() => httpServer.close());
    }

    let workers: Workers | null = null;
    let workersScheduled: Promise<void> = Promise.resolve();
    if (runsWorkers) {
      const workerConnection = createWorkerConnection(config.REDIS_URL);
      closers.push(() => quitRedis(workerConnection));
      const workerDeps: AppDeps = options.stalledIntervalMs
        ? { ...deps, config: { ...config, JOB_STALLED_INTERVAL_MS: options.stalledIntervalMs } }
        : deps;
      workers = startWorkers(workerDeps, workerConnection, {
        caseHandlers: {
          [JobName.CaseRoute]: (job) =>
            routeNewCase(deps, payloadSchemas[JobName.CaseRoute].parse(job.data).caseId),
        },
        tokenRefresh: async () => {
          const rows = await database.db.select({ id: communes.id }).from(communes);
          for (const row of rows) await tokens.refreshIfDue(row.id);
        },
      });
      const running = workers;
      closers.push(() => running.close());
      // In the background, so that with Redis down at start the webhook (ROLE=all) listens and stores all the
      // same; the Workers connect by themselves. Then whatever was stored while no worker ran is queued.
      workersScheduled = retryUntilDone(
        async () => {
          await scheduleMaintenance(deps);
          await sweep(deps);
        },
        1_000,
        () => closing,
        (err) => {
          logger.warn({ err }, 'cannot schedule the maintenance jobs yet (Redis?); retrying');
        },
      );
    }

    const listen = async () => {
      const portOf = (app: FastifyInstance) => {
        const address = app.server.address();
        if (address === null || typeof address === 'string') throw new Error('not listening on a TCP port');
        return address.port;
      };
      if (server) await server.listen({ port: config.PORT, host: config.HOST });
      await metricsServer.listen({ port: config.METRICS_PORT, host: config.HOST });
      return { port: server ? portOf(server) : null, metricsPort: portOf(metricsServer) };
    };

    return { config, deps, database, webhook, workersScheduled, server, metricsServer, workers, simulator, listen, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** QUIT when connected; otherwise stop reconnecting at once (a down Redis must not keep the process alive). */
async function quitRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') {
    await redis.quit().catch(() => undefined);
  }
  redis.disconnect();
}

async function main(): Promise<void> {
  let config: Config;
  const envFile = loadEnvFile();
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const app = await createApp(config);
  const log = app.deps.logger;
  if (envFile) log.info({ envFile }, 'configuration read from file (variables already set take precedence)');
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) log.error({ err }, 'closing after an error');
    else log.info({ signal }, 'closing');
    await app.close();
  });
  const { port, metricsPort } = await app.listen();
  log.info({ port, metricsPort, role: config.ROLE }, port === null ? 'langnghe workers running' : 'langnghe listening');
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(
      `langnghe failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  });
}
