import { Redis, type RedisOptions } from 'ioredis';

/**
 * Two kinds of connection (BullMQ "going to production"):
 * - producer: fails fast when Redis is down (no offline queue), so the webhook answers from PostgreSQL alone
 *   and the sweeper enqueues later; auto-pipelining batches the many small adds of a busy webhook;
 * - worker: blocking commands, retries forever (maxRetriesPerRequest null), as BullMQ workers require.
 */
export function createProducerConnection(url: string, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    enableAutoPipelining: true,
    connectTimeout: 2_000,
    ...options,
  });
  redis.on('error', () => undefined);
  return redis;
}

export function createWorkerConnection(url: string, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, ...options });
  redis.on('error', () => undefined);
  return redis;
}

export type { Redis };

/** Resolves when the connection is ready or after `timeoutMs`, whichever comes first (never rejects). */
export function waitUntilReady(redis: Redis, timeoutMs: number): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      resolve(false);
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve(true);
    };
    redis.once('ready', onReady);
  });
}
