import { eq, or } from 'drizzle-orm';
import type { Db } from '../db/client';
import { ensureHolidayYears } from '../db/repos/clocks';
import { seedCommuneDefaults } from '../db/repos/commune-defaults';
import { communes, type Commune } from '../db/schema';
import { localDate } from '../domain/case/deadlines';
import type { AppDeps } from './deps';

/**
 * Communes as tenants of one deployment (a province: many communes, each with its own OA). The first commune
 * comes from the environment (main.ts); the operator adds the others through the admin API. Each commune's
 * webhook keys reach every API process within COMMUNE_KEYS_REFRESH_SECONDS.
 */

/**
 * What every commune starts with, and keeps up to date: the standard agencies, categories and routing rules,
 * once; Vietnam's public holidays for this year and the next, once per year. Idempotent (main.ts runs it for
 * every commune at each start, so a process started in a new year adds the year after).
 */
export async function provisionCommune(db: Db, communeId: number, now: Date, timeZone: string): Promise<void> {
  await seedCommuneDefaults(db, communeId, now);
  const year = Number(localDate(now, timeZone).slice(0, 4));
  await ensureHolidayYears(db, communeId, [year, year + 1]);
}

export interface NewCommune {
  slug: string;
  name: string;
  caseCodePrefix: string;
  zaloOaId: string;
  zaloOaSecretKey: string;
  accessToken: string;
  refreshToken: string;
  /** Zalo's expires_in of the access token; unknown when absent (refreshed at the first token error). */
  accessTokenExpiresInSeconds?: number;
  /** One Zalo app may serve many OAs: by default the deployment's own (ZALO_APP_ID, ZALO_APP_SECRET). */
  zaloAppId?: string;
  zaloAppSecret?: string;
}

export type CreateCommuneResult =
  | { ok: true; commune: Commune }
  | { ok: false; conflict: 'slug' | 'zalo_oa_id' };

/** A new commune with its secrets sealed and its defaults provisioned; a slug or an OA already served is a conflict. */
export async function createCommune(deps: AppDeps, input: NewCommune): Promise<CreateCommuneResult> {
  const now = deps.now();
  const { secrets } = deps;
  const inserted = await deps.db.transaction(async (tx) => {
    const [taken] = await tx
      .select({ slug: communes.slug, zaloOaId: communes.zaloOaId })
      .from(communes)
      .where(or(eq(communes.slug, input.slug), eq(communes.zaloOaId, input.zaloOaId)))
      .limit(1);
    if (taken) return { row: null, conflict: taken.slug === input.slug ? ('slug' as const) : ('zalo_oa_id' as const) };
    const [row] = await tx
      .insert(communes)
      .values({
        slug: input.slug,
        name: input.name,
        caseCodePrefix: input.caseCodePrefix,
        zaloOaId: input.zaloOaId,
        zaloAppId: input.zaloAppId ?? deps.config.ZALO_APP_ID,
        zaloAppSecret: secrets.seal(input.zaloAppSecret ?? deps.config.ZALO_APP_SECRET),
        zaloOaSecretKey: secrets.seal(input.zaloOaSecretKey),
        accessToken: secrets.seal(input.accessToken),
        refreshToken: secrets.seal(input.refreshToken),
        accessTokenExpiresAt:
          input.accessTokenExpiresInSeconds === undefined ? null : new Date(now.getTime() + input.accessTokenExpiresInSeconds * 1000),
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning();
    // A concurrent create of the same slug or OA won the race.
    return row ? { row, conflict: null } : { row: null, conflict: 'slug' as const };
  });
  if (inserted.row === null) return { ok: false, conflict: inserted.conflict };
  await provisionCommune(deps.db, inserted.row.id, now, deps.config.TZ);
  deps.logger.info({ communeId: inserted.row.id, slug: inserted.row.slug }, 'commune created');
  return { ok: true, commune: inserted.row };
}
