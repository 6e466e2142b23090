import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Db } from '../db/client';
import { communes } from '../db/schema';
import type { Logger } from '../logger';
import type { TokenPair, TokenProvider } from './client';

/**
 * Per-commune OA tokens live in PostgreSQL. Zalo's refresh token is single-use and rotates, and a refresh
 * kills the old access token (docs/zalo.md §5), so a refresh is single-flight across processes:
 * a Redis lock keeps other processes waiting instead of queueing refreshes, and the commune row is locked
 * (FOR UPDATE) and re-read while the refresh runs, so even a lock that expired mid-refresh cannot make two
 * processes spend the same refresh token. The new pair is committed before anyone uses it.
 */

export interface TokenStoreOptions {
  db: Db;
  redis: Redis;
  keyPrefix: string;
  logger: Logger;
  now: () => Date;
  refreshAheadMs: number;
  refresh: (app: { appId: string; appSecret: string; refreshToken: string }) => Promise<TokenPair>;
  /** How long a process trusts its cached token before re-reading (another process may have rotated it). */
  cacheTtlMs?: number;
  lockTtlMs?: number;
  waitForLockMs?: number;
}

interface Cached {
  accessToken: string;
  expiresAt: Date | null;
  loadedAt: number;
}

const RELEASE_LOCK = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

export function createTokenStore(options: TokenStoreOptions): TokenProvider & {
  refreshIfDue(communeId: number): Promise<boolean>;
  forget(communeId: number): void;
} {
  const cacheTtlMs = options.cacheTtlMs ?? 10_000;
  const lockTtlMs = options.lockTtlMs ?? 30_000;
  const waitForLockMs = options.waitForLockMs ?? 20_000;
  const cache = new Map<number, Cached>();
  const inProcess = new Map<number, Promise<string>>();
  const log = options.logger.child({ module: 'zalo-tokens' });

  async function load(communeId: number): Promise<Cached> {
    const [row] = await options.db
      .select({ accessToken: communes.accessToken, expiresAt: communes.accessTokenExpiresAt })
      .from(communes)
      .where(eq(communes.id, communeId));
    if (!row) throw new Error(`commune ${communeId} not found`);
    const cached = { accessToken: row.accessToken, expiresAt: row.expiresAt, loadedAt: Date.now() };
    cache.set(communeId, cached);
    return cached;
  }

  function isDue(entry: Cached): boolean {
    return entry.expiresAt !== null && entry.expiresAt.getTime() - options.now().getTime() < options.refreshAheadMs;
  }

  /** Refreshes unless the stored token already differs from `staleToken` (someone else refreshed). */
  async function refresh(communeId: number, staleToken: string): Promise<string> {
    const lockKey = `${options.keyPrefix}:lock:zalo-token:${communeId}`;
    const lockValue = randomUUID();
    const deadline = Date.now() + waitForLockMs;
    for (;;) {
      const acquired = await options.redis.set(lockKey, lockValue, 'PX', lockTtlMs, 'NX');
      if (acquired === 'OK') break;
      const current = await load(communeId);
      if (current.accessToken !== staleToken) return current.accessToken;
      if (Date.now() > deadline) throw new Error(`timed out waiting for the token refresh of commune ${communeId}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    try {
      const accessToken = await options.db.transaction(async (tx) => {
        const [row] = await tx
          .select()
          .from(communes)
          .where(eq(communes.id, communeId))
          .for('update');
        if (!row) throw new Error(`commune ${communeId} not found`);
        if (row.accessToken !== staleToken) return row.accessToken;
        const pair = await options.refresh({
          appId: row.zaloAppId,
          appSecret: row.zaloAppSecret,
          refreshToken: row.refreshToken,
        });
        const now = options.now();
        await tx
          .update(communes)
          .set({
            accessToken: pair.accessToken,
            refreshToken: pair.refreshToken,
            accessTokenExpiresAt: new Date(now.getTime() + pair.expiresInSeconds * 1000),
            tokenRefreshedAt: now,
            updatedAt: now,
          })
          .where(eq(communes.id, communeId));
        log.info({ communeId, expiresInSeconds: pair.expiresInSeconds }, 'zalo token refreshed');
        return pair.accessToken;
      });
      cache.delete(communeId);
      return accessToken;
    } catch (err) {
      log.error({ communeId, err }, 'zalo token refresh failed; if it persists an OA admin must grant the app again');
      throw err;
    } finally {
      await options.redis.eval(RELEASE_LOCK, 1, lockKey, lockValue).catch(() => undefined);
    }
  }

  /** One refresh per commune per process at a time; the Redis lock covers other processes. */
  function singleFlight(communeId: number, staleToken: string): Promise<string> {
    const running = inProcess.get(communeId);
    if (running) return running;
    const promise = refresh(communeId, staleToken).finally(() => inProcess.delete(communeId));
    inProcess.set(communeId, promise);
    return promise;
  }

  return {
    async get(communeId) {
      let entry = cache.get(communeId);
      if (!entry || Date.now() - entry.loadedAt > cacheTtlMs) entry = await load(communeId);
      if (isDue(entry)) return singleFlight(communeId, entry.accessToken);
      return entry.accessToken;
    },

    refreshAfterError(communeId, refusedToken) {
      return singleFlight(communeId, refusedToken);
    },

    /** Used by the maintenance job, so a quiet commune's tokens are refreshed before they expire. */
    async refreshIfDue(communeId) {
      const entry = await load(communeId);
      if (!isDue(entry)) return false;
      await singleFlight(communeId, entry.accessToken);
      return true;
    },

    forget(communeId) {
      cache.delete(communeId);
    },
  };
}
