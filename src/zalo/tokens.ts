import { setTimeout as sleep } from 'node:timers/promises';
import { and, eq } from 'drizzle-orm';
import type { Pool } from 'pg';
import type { Db } from '../db/client';
import { liftPause, pauseOf, pauseOutbound } from '../db/repos/outbound-pauses';
import { communes, type TokenStatus } from '../db/schema';
import type { Logger } from '../logger';
import type { SecretBox } from '../secrets';
import type { TokenPair, TokenProvider } from './client';
import { ZaloError, isNeedsReconsent, isOauthRefusal } from './errors';

/**
 * Per-commune OA tokens live in PostgreSQL, sealed (src/secrets.ts). Zalo's refresh token is single-use and
 * rotates, and a refresh kills the old access token (docs/zalo.md §5), so:
 *
 * - One refresher per commune across every process: a PostgreSQL advisory lock keyed on the commune, held on
 *   its own session while the OAuth call runs. No row is locked across the HTTP call (case numbering and every
 *   other write to the commune row go on), and a refresher that dies frees the lock with its session.
 * - Inside the lock the row is read again: a token other than the one we found stale means someone refreshed.
 * - The new pair is written the moment OAuth answers, in its own statement, compare-and-set on the refresh
 *   token it replaces; a failing write is retried (a lost pair needs an OA admin).
 * - An early refresh (ahead of expiry) that fails keeps the current token, which is still valid for hours,
 *   and is not tried again before a backoff stored on the row (no storm from many processes).
 * - OAuth refusing the refresh token (-140xx: the pair was lost after a rotation, or the app was revoked) is
 *   final until a person acts: the commune is marked `needs_reconsent`, its sends are paused, nothing calls
 *   OAuth for it again, and an admin installs a new pair (`install`, POST /api/admin/zalo/tokens).
 */

export interface TokenStoreOptions {
  db: Db;
  /** For the advisory lock's own session. */
  pool: Pool;
  secrets: SecretBox;
  logger: Logger;
  now: () => Date;
  refreshAheadMs: number;
  /** How long a commune whose refresh was refused stays paused before one probe tries again. */
  pauseMs: number;
  refresh: (app: { appId: string; appSecret: string; refreshToken: string }) => Promise<TokenPair>;
  /** Called once each time a commune turns `needs_reconsent` (a metric). */
  onNeedsReconsent?: (communeId: number) => void;
  /** How long a process trusts its cached token before re-reading (another process may have rotated it). */
  cacheTtlMs?: number;
  waitForLockMs?: number;
}

export interface TokenStore extends TokenProvider {
  /** The maintenance job's pass, so a quiet commune's tokens are refreshed before they expire. */
  refreshIfDue(communeId: number): Promise<boolean>;
  /** An admin installs the pair an OA admin's new grant produced; the commune's sends resume. */
  install(
    communeId: number,
    pair: { accessToken: string; refreshToken: string; expiresInSeconds: number | null },
  ): Promise<void>;
  forget(communeId: number): void;
}

interface Cached {
  accessToken: string;
  expiresAt: Date | null;
  status: TokenStatus;
  retryAt: Date | null;
  loadedAt: number;
}

/** The advisory lock's first key: a namespace no commune id reaches (the second key is the commune id). */
const LOCK_NAMESPACE = 'langnghe.zalo-token';
const RETRY_BASE_MS = 60_000;
const RETRY_CAP_MS = 30 * 60_000;
const PERSIST_TRIES = 5;

export function createTokenStore(options: TokenStoreOptions): TokenStore {
  const { db, secrets } = options;
  const cacheTtlMs = options.cacheTtlMs ?? 10_000;
  const waitForLockMs = options.waitForLockMs ?? 20_000;
  const cache = new Map<number, Cached>();
  const inProcess = new Map<number, Promise<string>>();
  const log = options.logger.child({ module: 'zalo-tokens' });

  /** The columns of a new pair: sealed, its expiry, and every trace of earlier failures cleared. */
  const freshPair = (
    pair: { accessToken: string; refreshToken: string },
    expiresInSeconds: number | null,
    now: Date,
  ) => ({
    accessToken: secrets.seal(pair.accessToken),
    refreshToken: secrets.seal(pair.refreshToken),
    accessTokenExpiresAt:
      expiresInSeconds === null ? null : new Date(now.getTime() + expiresInSeconds * 1000),
    tokenRefreshedAt: now,
    tokenStatus: 'ok' as const,
    tokenRefreshFailures: 0,
    tokenRefreshRetryAt: null,
    tokenError: null,
    updatedAt: now,
  });

  async function readRow(communeId: number) {
    const [row] = await db.select().from(communes).where(eq(communes.id, communeId));
    if (!row) throw new Error(`commune ${communeId} not found`);
    return row;
  }

  async function load(communeId: number): Promise<Cached> {
    const row = await readRow(communeId);
    const cached: Cached = {
      accessToken: secrets.open(row.accessToken),
      expiresAt: row.accessTokenExpiresAt,
      status: row.tokenStatus,
      retryAt: row.tokenRefreshRetryAt,
      loadedAt: Date.now(),
    };
    cache.set(communeId, cached);
    return cached;
  }

  const nowMs = () => options.now().getTime();
  const isDue = (e: Cached) =>
    e.expiresAt !== null && e.expiresAt.getTime() - nowMs() < options.refreshAheadMs;
  const isExpired = (e: Cached) => e.expiresAt !== null && e.expiresAt.getTime() <= nowMs();
  const backingOff = (e: Cached) => e.retryAt !== null && e.retryAt.getTime() > nowMs();

  /** A token problem as the send sees it: nothing was sent, and the commune pauses (deliver-outbound). */
  const trouble = (what: string, err: unknown) => {
    if (isNeedsReconsent(err)) return err;
    const z = err instanceof ZaloError ? err : null;
    if (z && isOauthRefusal(z.zaloCode)) return ZaloError.needsReconsent();
    return new ZaloError(
      'TokenInvalid',
      `zalo token ${what}${z ? `: ${z.kind} ${z.zaloCode ?? z.httpStatus ?? ''}` : ''}`.trim(),
      z?.zaloCode ?? null,
      null,
      true,
    );
  };

  async function withCommuneLock<T>(
    communeId: number,
    staleToken: string | null,
    fn: () => Promise<T>,
  ): Promise<T | { refreshedBy: string }> {
    const client = await options.pool.connect();
    try {
      const deadline = Date.now() + waitForLockMs;
      for (;;) {
        const { rows } = await client.query<{ ok: boolean }>(
          'select pg_try_advisory_lock(hashtext($1), $2) as ok',
          [LOCK_NAMESPACE, communeId],
        );
        if (rows[0]?.ok) break;
        if (staleToken !== null) {
          const current = await load(communeId);
          if (current.accessToken !== staleToken) return { refreshedBy: current.accessToken };
        }
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for the token lock of commune ${communeId}`);
        await sleep(100);
      }
      try {
        return await fn();
      } finally {
        await client
          .query('select pg_advisory_unlock(hashtext($1), $2)', [LOCK_NAMESPACE, communeId])
          .catch(() => undefined);
      }
    } finally {
      client.release();
    }
  }

  /** Refreshes unless the stored token already differs from `staleToken` (someone else refreshed). */
  async function refresh(communeId: number, staleToken: string, why: 'due' | 'refused'): Promise<string> {
    const result = await withCommuneLock(communeId, staleToken, async () => {
      const row = await readRow(communeId);
      const current = secrets.open(row.accessToken);
      if (current !== staleToken) return current;
      if (row.tokenStatus === 'needs_reconsent') throw ZaloError.needsReconsent();
      if (why === 'due' && row.tokenRefreshRetryAt && row.tokenRefreshRetryAt.getTime() > nowMs())
        return current;
      let pair: TokenPair;
      try {
        pair = await options.refresh({
          appId: row.zaloAppId,
          appSecret: secrets.open(row.zaloAppSecret),
          refreshToken: secrets.open(row.refreshToken),
        });
      } catch (err) {
        await recordFailure(communeId, row.tokenRefreshFailures, err);
        throw err;
      }
      await persist(communeId, row.refreshToken, pair);
      log.info({ communeId, expiresInSeconds: pair.expiresInSeconds }, 'zalo token refreshed');
      return pair.accessToken;
    });
    cache.delete(communeId);
    return typeof result === 'string' ? result : result.refreshedBy;
  }

  /** Right after OAuth answered: the only copy of the new pair is in this process's memory. */
  async function persist(communeId: number, replacedRefreshToken: string, pair: TokenPair): Promise<void> {
    const now = options.now();
    for (let attempt = 1; ; attempt++) {
      try {
        const updated = await db
          .update(communes)
          .set(freshPair(pair, pair.expiresInSeconds, now))
          .where(and(eq(communes.id, communeId), eq(communes.refreshToken, replacedRefreshToken)))
          .returning({ id: communes.id });
        if (updated.length === 0)
          log.error({ communeId }, 'zalo token pair changed under the refresh lock; kept the stored one');
        return;
      } catch (err) {
        if (attempt >= PERSIST_TRIES) {
          log.fatal(
            { communeId, err },
            'the refreshed zalo token pair could not be stored; an OA admin may have to grant the app again',
          );
          throw err;
        }
        await sleep(200 * 2 ** attempt);
      }
    }
  }

  async function recordFailure(communeId: number, failuresBefore: number, err: unknown): Promise<void> {
    const z = err instanceof ZaloError ? err : null;
    const tokenError = `${z?.kind ?? 'Internal'}${z?.zaloCode != null ? ` ${z.zaloCode}` : ''}${z?.httpStatus != null ? ` http ${z.httpStatus}` : ''}`;
    const now = options.now();
    if (z && isOauthRefusal(z.zaloCode)) {
      await db
        .update(communes)
        .set({ tokenStatus: 'needs_reconsent', tokenError, updatedAt: now })
        .where(eq(communes.id, communeId));
      await pauseOutbound(db, {
        communeId,
        reason: 'TokenNeedsReconsent',
        zaloCode: z.zaloCode,
        until: new Date(now.getTime() + options.pauseMs),
        now,
      });
      options.onNeedsReconsent?.(communeId);
      log.error(
        { communeId, zaloCode: z.zaloCode },
        'zalo refused the refresh token: an OA admin must grant the app again, then install the new pair (POST /api/admin/zalo/tokens); sends are paused',
      );
      return;
    }
    const failures = failuresBefore + 1;
    const retryAt = new Date(now.getTime() + Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** (failures - 1)));
    await db
      .update(communes)
      .set({ tokenRefreshFailures: failures, tokenRefreshRetryAt: retryAt, tokenError, updatedAt: now })
      .where(eq(communes.id, communeId));
    log.warn(
      { communeId, err, failures, retryAt, answerLost: z?.ambiguous ?? false },
      z?.ambiguous
        ? 'zalo token refresh answer lost; if Zalo rotated the pair, the next refresh is refused and needs an OA admin'
        : 'zalo token refresh failed; the current token is used until it expires',
    );
  }

  /** One refresh per commune per process at a time; the advisory lock covers other processes. */
  function singleFlight(communeId: number, staleToken: string, why: 'due' | 'refused'): Promise<string> {
    const running = inProcess.get(communeId);
    if (running) return running;
    const promise = refresh(communeId, staleToken, why).finally(() => inProcess.delete(communeId));
    inProcess.set(communeId, promise);
    return promise;
  }

  return {
    async get(communeId) {
      let entry = cache.get(communeId);
      if (!entry || Date.now() - entry.loadedAt > cacheTtlMs) entry = await load(communeId);
      if (entry.status !== 'ok' || !isDue(entry) || backingOff(entry)) return entry.accessToken;
      try {
        return await singleFlight(communeId, entry.accessToken, 'due');
      } catch (err) {
        cache.delete(communeId);
        // Early: the token still works for hours. Expired: nothing to send with.
        if (!isExpired(entry)) return entry.accessToken;
        throw trouble('expired and its refresh failed', err);
      }
    },

    async refreshAfterError(communeId, refusedToken) {
      const entry = await load(communeId);
      if (entry.status === 'needs_reconsent') throw ZaloError.needsReconsent();
      if (entry.accessToken !== refusedToken) return entry.accessToken;
      if (backingOff(entry)) throw trouble('refused, and its refresh is backing off', null);
      try {
        return await singleFlight(communeId, refusedToken, 'refused');
      } catch (err) {
        throw trouble('refused and its refresh failed', err);
      }
    },

    async refreshIfDue(communeId) {
      const entry = await load(communeId);
      if (entry.status !== 'ok' || !isDue(entry) || backingOff(entry)) return false;
      await singleFlight(communeId, entry.accessToken, 'due').catch(() => undefined);
      return true;
    },

    async install(communeId, pair) {
      await withCommuneLock(communeId, null, async () => {
        const now = options.now();
        await db
          .update(communes)
          .set(freshPair(pair, pair.expiresInSeconds, now))
          .where(eq(communes.id, communeId));
        const pause = await pauseOf(db, communeId);
        if (pause && (pause.reason === 'TokenNeedsReconsent' || pause.reason === 'TokenInvalid'))
          await liftPause(db, communeId);
      });
      cache.delete(communeId);
      log.info({ communeId }, 'zalo token pair installed by an admin');
    },

    forget(communeId) {
      cache.delete(communeId);
    },
  };
}
