import { eq, sql } from 'drizzle-orm';
import { DEFAULT_AGENCIES, DEFAULT_CATEGORIES, DEFAULT_ROUTING_RULES } from '../../domain/case/defaults';
import type { Db } from '../client';
import { agencies, categories, communes, routingRules } from '../schema';

/** The key in `communes.settings` that records when the defaults were seeded. */
export const DEFAULTS_SEEDED_SETTING = 'defaultsSeededAt';

/**
 * Gives a new commune the standard agencies, categories (in menu order) and routing rules of
 * domain/case/defaults.ts. Runs once per commune: the first run stamps `settings.defaultsSeededAt`, and every
 * later run (each start of the app) does nothing, so an agency renamed, a category deactivated or a rule
 * deleted through the admin API stays as the commune left it. Rows that already exist by code (a demo seed
 * that ran first) are kept as they are. Concurrent starts serialise on the commune row.
 */
export async function seedCommuneDefaults(db: Db, communeId: number, now: Date = new Date()): Promise<{ seeded: boolean }> {
  return db.transaction(async (tx) => {
    const [commune] = await tx
      .select({ settings: communes.settings })
      .from(communes)
      .where(eq(communes.id, communeId))
      .for('update');
    if (!commune) throw new Error(`commune ${communeId} not found`);
    if (commune.settings[DEFAULTS_SEEDED_SETTING] !== undefined) return { seeded: false };

    await tx
      .insert(agencies)
      .values(DEFAULT_AGENCIES.map((a) => ({ communeId, code: a.code, name: a.name, aliases: [...a.aliases] })))
      .onConflictDoNothing();
    const agencyRows = await tx
      .select({ id: agencies.id, code: agencies.code })
      .from(agencies)
      .where(eq(agencies.communeId, communeId));
    const agencyId = new Map(agencyRows.map((a) => [a.code, a.id]));

    await tx
      .insert(categories)
      .values(
        DEFAULT_CATEGORIES.map((c, index) => ({
          communeId,
          code: c.code,
          name: c.name,
          sortOrder: (index + 1) * 10,
          defaultAgencyId: agencyId.get(c.defaultAgencyCode) ?? null,
          deadlineWorkingDays: c.deadlineWorkingDays,
          requiresEvidence: c.requiresEvidence,
        })),
      )
      .onConflictDoNothing();
    const categoryRows = await tx
      .select({ id: categories.id, code: categories.code })
      .from(categories)
      .where(eq(categories.communeId, communeId));
    const categoryId = new Map(categoryRows.map((c) => [c.code, c.id]));

    const rules = DEFAULT_ROUTING_RULES.flatMap((rule) => {
      const category = categoryId.get(rule.categoryCode);
      const agency = agencyId.get(rule.agencyCode);
      return category === undefined || agency === undefined
        ? []
        : [{ communeId, categoryId: category, areaId: null, agencyId: agency, deadlineWorkingDays: rule.deadlineWorkingDays }];
    });
    if (rules.length > 0) await tx.insert(routingRules).values(rules).onConflictDoNothing();

    await tx
      .update(communes)
      .set({ settings: sql`${communes.settings} || ${JSON.stringify({ [DEFAULTS_SEEDED_SETTING]: now.toISOString() })}::jsonb` })
      .where(eq(communes.id, communeId));
    return { seeded: true };
  });
}
