import { and, eq } from 'drizzle-orm';
import type { Config } from '../../config';
import type { SecretBox } from '../../secrets';
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
 * overwrite (its refresh token has been spent). The returned row holds the secrets as stored (sealed).
 */
export async function ensureCommune(
  db: DbOrTx,
  settings: FirstCommuneSettings,
  secrets: SecretBox,
): Promise<Commune> {
  await db
    .insert(communes)
    .values({
      ...settings,
      zaloAppSecret: secrets.seal(settings.zaloAppSecret),
      zaloOaSecretKey: secrets.seal(settings.zaloOaSecretKey),
      accessToken: secrets.seal(settings.accessToken),
      refreshToken: secrets.seal(settings.refreshToken),
    })
    .onConflictDoNothing({ target: communes.zaloOaId });
  const [row] = await db.select().from(communes).where(eq(communes.zaloOaId, settings.zaloOaId));
  if (!row) throw new Error('commune row missing after insert');
  return row;
}

const SECRET_COLUMNS = ['zaloAppSecret', 'zaloOaSecretKey', 'accessToken', 'refreshToken'] as const;

/** A commune row with its four secrets opened: only for the code that must use them. */
export function revealSecrets(row: Commune, secrets: SecretBox): Commune {
  return {
    ...row,
    zaloAppSecret: secrets.open(row.zaloAppSecret),
    zaloOaSecretKey: secrets.open(row.zaloOaSecretKey),
    accessToken: secrets.open(row.accessToken),
    refreshToken: secrets.open(row.refreshToken),
  };
}

/**
 * At start: seals what an older version stored in plain text, and re-seals what the previous key sealed.
 * Each value is replaced only if it is still what was read (another process may be doing the same).
 * Returns the number of values changed.
 */
export async function sealStoredSecrets(db: DbOrTx, secrets: SecretBox): Promise<number> {
  const rows = await db.select().from(communes);
  let changed = 0;
  for (const row of rows) {
    for (const column of SECRET_COLUMNS) {
      const stored = row[column];
      if (secrets.isCurrent(stored)) continue;
      const updated = await db
        .update(communes)
        .set({ [column]: secrets.seal(secrets.open(stored)) })
        .where(and(eq(communes.id, row.id), eq(communes[column], stored)))
        .returning({ id: communes.id });
      changed += updated.length;
    }
  }
  return changed;
}

/** An admin rotates the OA secret key (signs webhooks) or the app secret (signs refreshes). */
export async function updateCommuneSecrets(
  db: DbOrTx,
  communeId: number,
  input: { oaSecretKey?: string; appSecret?: string },
  secrets: SecretBox,
  now: Date,
): Promise<void> {
  await db
    .update(communes)
    .set({
      ...(input.oaSecretKey === undefined ? {} : { zaloOaSecretKey: secrets.seal(input.oaSecretKey) }),
      ...(input.appSecret === undefined ? {} : { zaloAppSecret: secrets.seal(input.appSecret) }),
      updatedAt: now,
    })
    .where(eq(communes.id, communeId));
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
  options: { refreshMs: number; onRefreshError?: (err: unknown) => void; secrets?: SecretBox },
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
    // The OA secret key is sealed at rest (src/secrets.ts): opened once per refresh, kept in memory.
    const open = (key: string) => (options.secrets ? options.secrets.open(key) : key);
    byOaId = new Map(
      rows.map((row) => [row.zaloOaId, { ...row, zaloOaSecretKey: open(row.zaloOaSecretKey) }]),
    );
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
