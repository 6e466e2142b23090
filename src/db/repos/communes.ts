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
 * OA id → signing keys, cached in memory: the webhook resolves a commune on every event and must not pay a
 * query for it. Unknown ids are cached briefly too, so junk traffic cannot hammer the database.
 */
export function createCommuneDirectory(db: DbOrTx, options: { ttlMs?: number; negativeTtlMs?: number } = {}) {
  const ttlMs = options.ttlMs ?? 60_000;
  const negativeTtlMs = options.negativeTtlMs ?? 5_000;
  const cache = new Map<string, { keys: CommuneKeys | null; at: number }>();

  async function byOaId(oaId: string): Promise<CommuneKeys | null> {
    const hit = cache.get(oaId);
    const now = Date.now();
    if (hit && now - hit.at < (hit.keys ? ttlMs : negativeTtlMs)) return hit.keys;
    const [row] = await db
      .select({
        id: communes.id,
        zaloOaId: communes.zaloOaId,
        zaloAppId: communes.zaloAppId,
        zaloOaSecretKey: communes.zaloOaSecretKey,
      })
      .from(communes)
      .where(eq(communes.zaloOaId, oaId));
    const keys = row ?? null;
    cache.set(oaId, { keys, at: now });
    return keys;
  }

  return {
    byOaId,
    /** The first candidate that is a known commune. */
    async resolve(oaIds: string[]): Promise<CommuneKeys | null> {
      for (const oaId of oaIds) {
        const keys = await byOaId(oaId);
        if (keys) return keys;
      }
      return null;
    },
    invalidate(): void {
      cache.clear();
    },
  };
}

export type CommuneDirectory = ReturnType<typeof createCommuneDirectory>;

export async function findCommuneBySlug(db: DbOrTx, slug: string): Promise<Commune | undefined> {
  const [row] = await db.select().from(communes).where(eq(communes.slug, slug));
  return row;
}
