import { eq } from 'drizzle-orm';
import type { Config } from '../../config';
import type { DbOrTx } from '../client';
import { communes, type Commune } from '../schema';

export interface FirstCommuneSettings {
  slug: string;
  name: string;
  caseCodePrefix: string;
  zaloOaId: string;
  zaloAppId: string;
  zaloAppSecret: string;
  zaloOaSecretKey: string;
  accessToken: string;
  refreshToken: string;
}

/** The first commune as the environment describes it. */
export function firstCommuneSettings(config: Config): FirstCommuneSettings {
  return {
    slug: config.COMMUNE_SLUG,
    name: config.COMMUNE_NAME,
    caseCodePrefix: config.CASE_CODE_PREFIX,
    zaloOaId: config.ZALO_OA_ID,
    zaloAppId: config.ZALO_APP_ID,
    zaloAppSecret: config.ZALO_APP_SECRET,
    zaloOaSecretKey: config.ZALO_OA_SECRET_KEY,
    accessToken: config.ZALO_ACCESS_TOKEN,
    refreshToken: config.ZALO_REFRESH_TOKEN,
  };
}

/**
 * The environment's Zalo settings describe the first commune; it is created at start when absent. Tokens are
 * only written on creation: afterwards PostgreSQL holds the rotated pair, which the environment must not
 * overwrite (its refresh token has been spent).
 */
export async function ensureCommune(db: DbOrTx, settings: FirstCommuneSettings): Promise<Commune> {
  await db.insert(communes).values(settings).onConflictDoNothing({ target: communes.zaloOaId });
  const [row] = await db.select().from(communes).where(eq(communes.zaloOaId, settings.zaloOaId));
  if (!row) throw new Error('commune row missing after insert');
  return row;
}

export async function findCommuneById(db: DbOrTx, id: number): Promise<Commune | undefined> {
  const [row] = await db.select().from(communes).where(eq(communes.id, id));
  return row;
}

export interface CommuneKeys {
  id: number;
  zaloOaId: string;
  zaloAppId: string;
  zaloOaSecretKey: string;
}

/**
 * Every commune's signing keys in memory (a province has a few hundred communes at most), loaded at start and
 * refreshed every `refreshMs` on the pool it is given (the webhook's own). The webhook looks OA ids up without
 * any I/O, before it has verified anything, so unsigned requests with made-up ids cost neither a query nor
 * memory. A failed refresh keeps the keys already known. A new commune is served from the next refresh on.
 */
export function createCommuneDirectory(
  db: DbOrTx,
  options: { refreshMs: number; onRefreshError?: (err: unknown) => void },
) {
  let byOaId = new Map<string, CommuneKeys>();
  let loads = 0;
  let timer: NodeJS.Timeout | undefined;

  async function refresh(): Promise<void> {
    const rows = await db
      .select({
        id: communes.id,
        zaloOaId: communes.zaloOaId,
        zaloAppId: communes.zaloAppId,
        zaloOaSecretKey: communes.zaloOaSecretKey,
      })
      .from(communes);
    byOaId = new Map(rows.map((row) => [row.zaloOaId, row]));
    loads++;
  }

  return {
    refresh,
    /** Loads the keys, then keeps them fresh until stop(). */
    async start(): Promise<void> {
      await refresh();
      timer = setInterval(() => {
        refresh().catch((err: unknown) => options.onRefreshError?.(err));
      }, options.refreshMs);
      timer.unref();
    },
    stop(): void {
      clearInterval(timer);
    },
    /** The first candidate that is a known commune; no I/O. */
    resolve(oaIds: readonly string[]): CommuneKeys | null {
      for (const oaId of oaIds) {
        const keys = byOaId.get(oaId);
        if (keys) return keys;
      }
      return null;
    },
    /** Communes known, and refreshes done: what the flood test watches. */
    stats: () => ({ communes: byOaId.size, loads }),
  };
}

export type CommuneDirectory = ReturnType<typeof createCommuneDirectory>;
