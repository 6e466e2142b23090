import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { loadConfig, type Config } from '../../src/config';
import { createFakeZalo, signedWebhook, type FakeZalo } from '../../src/dev/fake-zalo';
import { createApp, type CreateAppOptions, type Running } from '../../src/main';
import { createLogger } from '../../src/logger';
import { databaseUrl, dropDatabase, runDatabaseName, templateDb, withAdmin } from './db';

export const APP_ID = '1000000000000000001';
export const APP_SECRET = 'FAKEappSecret00000001';
export const OA_ID = '2000000000000000002';
export const OA_SECRET = 'FAKEoaSecretKey00001';
export const RESIDENT = '3000000000000000003';
export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
export const REPORT_LINK_SECRET = 'test-report-link-secret-0123456789abcdef';
export const INITIAL_ACCESS = 'FAKE-ACCESS-TOKEN-0001-xxxxxxxxxxxxxxxx';
export const INITIAL_REFRESH = 'FAKE-REFRESH-TOKEN-0001-yyyyyyyyyyyyyyy';
export const TEST_SECRETS_KEY = '7465737420736563726574732d6b657920303132333435363738396162636465';

export const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestEnv {
  dbName: string;
  dbUrl: string;
  prefix: string;
  fake: FakeZalo;
  baseEnv: Record<string, string>;
  config(overrides?: Record<string, string>): Config;
  dispose(): Promise<void>;
}

/**
 * A fresh database cloned from the migrated template, a unique BullMQ prefix and a started fake Zalo with the
 * test OA. One per test file (or per test when a test needs a clean slate).
 */
export async function createTestEnv(): Promise<TestEnv> {
  const suffix = randomBytes(4).toString('hex');
  const dbName = runDatabaseName(`w${process.env.JEST_WORKER_ID ?? '0'}_${suffix}`);
  await withAdmin((client) => client.query(`create database "${dbName}" template "${templateDb()}"`));
  const dbUrl = databaseUrl(dbName);
  const prefix = `t-${suffix}`;
  const fake = createFakeZalo();
  fake.addOa({
    oaId: OA_ID,
    appId: APP_ID,
    appSecret: APP_SECRET,
    accessToken: INITIAL_ACCESS,
    refreshToken: INITIAL_REFRESH,
  });
  await fake.start();
  const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), `langnghe-media-${suffix}-`));
  const baseEnv: Record<string, string> = {
    NODE_ENV: 'test',
    ROLE: 'all',
    PORT: '0',
    METRICS_PORT: '0',
    PUBLIC_BASE_URL: 'http://localhost:3000',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: dbUrl,
    DATABASE_POOL_SIZE: '10',
    REDIS_URL: redisUrl,
    BULLMQ_PREFIX: prefix,
    ADMIN_TOKEN,
    REPORT_LINK_SECRET,
    ZALO_APP_ID: APP_ID,
    ZALO_APP_SECRET: APP_SECRET,
    ZALO_OA_SECRET_KEY: OA_SECRET,
    ZALO_OA_ID: OA_ID,
    ZALO_ACCESS_TOKEN: INITIAL_ACCESS,
    ZALO_REFRESH_TOKEN: INITIAL_REFRESH,
    SECRETS_KEY: TEST_SECRETS_KEY,
    ZALO_API_BASE_URL: fake.baseUrl,
    ZALO_OAUTH_BASE_URL: fake.baseUrl,
    ZALO_ZNS_BASE_URL: fake.baseUrl,
    COMMUNE_NAME: 'xã Thử Nghiệm',
    SWEEP_INTERVAL_SECONDS: '1',
    SWEEP_STALE_AFTER_SECONDS: '1',
    INBOUND_CONCURRENCY: '8',
    OUTBOUND_CONCURRENCY: '8',
    MEDIA_DIR: mediaDir,
    MEDIA_URL_SECRET: 'test-media-url-secret-0123456789abcdef',
    // The fake Zalo's CDN serves the media of the tests' webhooks.
    MEDIA_SOURCE_ORIGINS: fake.baseUrl,
  };
  return {
    dbName,
    dbUrl,
    prefix,
    fake,
    baseEnv,
    config: (overrides = {}) => loadConfig({ ...baseEnv, ...overrides }),
    dispose: async () => {
      await fake.close();
      await clearRedisPrefix(prefix);
      fs.rmSync(mediaDir, { recursive: true, force: true });
      await withAdmin((client) => dropDatabase(client, dbName));
    },
  };
}

export async function clearRedisPrefix(prefix: string, url = redisUrl): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 5000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export interface TestApp extends Running {
  env: TestEnv;
  /** POSTs a signed event to the real webhook route. */
  deliver(
    event: object,
    options?: { headers?: Record<string, string>; secret?: string },
  ): Promise<{ statusCode: number; body: string }>;
}

export async function startTestApp(
  env: TestEnv,
  overrides: Record<string, string> = {},
  options: CreateAppOptions = {},
): Promise<TestApp> {
  const config = env.config(overrides);
  const running = await createApp(config, { logger: createLogger({ level: config.LOG_LEVEL }), ...options });
  return Object.assign(running, {
    env,
    deliver: async (event: object, opts: { headers?: Record<string, string>; secret?: string } = {}) => {
      if (!running.server) throw new Error('this app runs no HTTP server');
      const signed = signedWebhook(event as Parameters<typeof signedWebhook>[0], opts.secret ?? OA_SECRET);
      const response = await running.server.inject({
        method: 'POST',
        url: '/webhooks/zalo',
        headers: { ...signed.headers, ...opts.headers },
        payload: signed.rawBody,
      });
      return { statusCode: response.statusCode, body: response.body };
    },
  });
}
