import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { agencies, areas, categories, holidays, routingRules, type Agency, type Area, type Category, type RoutingRuleRow } from '../schema';

/**
 * The commune's reference data: agencies, categories, areas (residential groups), routing rules and holidays.
 * Every query is scoped by commune; an id of another commune is "not found".
 */

export async function listAgencies(db: DbOrTx, communeId: number, options: { activeOnly?: boolean } = {}): Promise<Agency[]> {
  return db
    .select()
    .from(agencies)
    .where(options.activeOnly ? and(eq(agencies.communeId, communeId), eq(agencies.active, true)) : eq(agencies.communeId, communeId))
    .orderBy(asc(agencies.id));
}

export async function findAgency(db: DbOrTx, communeId: number, id: number): Promise<Agency | undefined> {
  const [row] = await db.select().from(agencies).where(and(eq(agencies.communeId, communeId), eq(agencies.id, id)));
  return row;
}

export async function insertAgency(
  db: DbOrTx,
  communeId: number,
  values: { code: string; name: string; aliases?: string[]; active?: boolean },
): Promise<Agency | null> {
  const [row] = await db
    .insert(agencies)
    .values({ communeId, ...values })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

export async function updateAgency(
  db: DbOrTx,
  communeId: number,
  id: number,
  values: Partial<{ code: string; name: string; aliases: string[]; active: boolean }>,
): Promise<Agency | undefined> {
  if (Object.keys(values).length === 0) return findAgency(db, communeId, id);
  const [row] = await db
    .update(agencies)
    .set(values)
    .where(and(eq(agencies.communeId, communeId), eq(agencies.id, id)))
    .returning();
  return row;
}

export async function listCategories(db: DbOrTx, communeId: number, options: { activeOnly?: boolean } = {}): Promise<Category[]> {
  return db
    .select()
    .from(categories)
    .where(options.activeOnly ? and(eq(categories.communeId, communeId), eq(categories.active, true)) : eq(categories.communeId, communeId))
    .orderBy(asc(categories.sortOrder), asc(categories.id));
}

export async function findCategory(db: DbOrTx, communeId: number, id: number): Promise<Category | undefined> {
  const [row] = await db.select().from(categories).where(and(eq(categories.communeId, communeId), eq(categories.id, id)));
  return row;
}

export interface CategoryValues {
  code: string;
  name: string;
  sortOrder: number;
  defaultAgencyId: number | null;
  deadlineWorkingDays: number;
  requiresEvidence: boolean;
  active: boolean;
}

export async function insertCategory(
  db: DbOrTx,
  communeId: number,
  values: Pick<CategoryValues, 'code' | 'name'> & Partial<CategoryValues>,
): Promise<Category | null> {
  const [row] = await db
    .insert(categories)
    .values({ communeId, ...values })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

export async function updateCategory(
  db: DbOrTx,
  communeId: number,
  id: number,
  values: Partial<CategoryValues>,
): Promise<Category | undefined> {
  if (Object.keys(values).length === 0) return findCategory(db, communeId, id);
  const [row] = await db
    .update(categories)
    .set(values)
    .where(and(eq(categories.communeId, communeId), eq(categories.id, id)))
    .returning();
  return row;
}

export async function listAreas(db: DbOrTx, communeId: number): Promise<Area[]> {
  return db.select().from(areas).where(eq(areas.communeId, communeId)).orderBy(asc(areas.sortOrder), asc(areas.id));
}

export async function findArea(db: DbOrTx, communeId: number, id: number): Promise<Area | undefined> {
  const [row] = await db.select().from(areas).where(and(eq(areas.communeId, communeId), eq(areas.id, id)));
  return row;
}

export interface AreaValues {
  code: string;
  name: string;
  kind: string;
  sortOrder: number;
  active: boolean;
}

export async function insertArea(
  db: DbOrTx,
  communeId: number,
  values: Pick<AreaValues, 'code' | 'name'> & Partial<AreaValues>,
): Promise<Area | null> {
  const [row] = await db
    .insert(areas)
    .values({ communeId, ...values })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

export async function updateArea(db: DbOrTx, communeId: number, id: number, values: Partial<AreaValues>): Promise<Area | undefined> {
  if (Object.keys(values).length === 0) return findArea(db, communeId, id);
  const [row] = await db
    .update(areas)
    .set(values)
    .where(and(eq(areas.communeId, communeId), eq(areas.id, id)))
    .returning();
  return row;
}

export async function listRoutingRules(db: DbOrTx, communeId: number): Promise<RoutingRuleRow[]> {
  // Most specific first is the domain's job; id order makes "the first rule wins" stable (routing.ts).
  return db.select().from(routingRules).where(eq(routingRules.communeId, communeId)).orderBy(asc(routingRules.id));
}

/**
 * The rules routing may follow: those whose agency is still active. A deactivated agency keeps its rules (an
 * admin may bring it back), but no new case goes to it; such a case is unmatched and waits for reception.
 */
export async function routingRulesInForce(db: DbOrTx, communeId: number): Promise<RoutingRuleRow[]> {
  const rows = await db
    .select({ rule: routingRules })
    .from(routingRules)
    .innerJoin(agencies, and(eq(agencies.id, routingRules.agencyId), eq(agencies.active, true)))
    .where(eq(routingRules.communeId, communeId))
    .orderBy(asc(routingRules.id));
  return rows.map((r) => r.rule);
}

export async function findRoutingRule(db: DbOrTx, communeId: number, id: number): Promise<RoutingRuleRow | undefined> {
  const [row] = await db.select().from(routingRules).where(and(eq(routingRules.communeId, communeId), eq(routingRules.id, id)));
  return row;
}

export interface RoutingRuleValues {
  categoryId: number;
  areaId: number | null;
  agencyId: number;
  deadlineWorkingDays: number;
}

/** Null when a rule for the same category and area exists (one rule per key). */
export async function insertRoutingRule(db: DbOrTx, communeId: number, values: RoutingRuleValues): Promise<RoutingRuleRow | null> {
  const [row] = await db
    .insert(routingRules)
    .values({ communeId, ...values })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

export async function updateRoutingRule(
  db: DbOrTx,
  communeId: number,
  id: number,
  values: Partial<RoutingRuleValues>,
): Promise<RoutingRuleRow | undefined> {
  if (Object.keys(values).length === 0) return findRoutingRule(db, communeId, id);
  const [row] = await db
    .update(routingRules)
    .set(values)
    .where(and(eq(routingRules.communeId, communeId), eq(routingRules.id, id)))
    .returning();
  return row;
}

export async function deleteRoutingRule(db: DbOrTx, communeId: number, id: number): Promise<boolean> {
  const rows = await db
    .delete(routingRules)
    .where(and(eq(routingRules.communeId, communeId), eq(routingRules.id, id)))
    .returning({ id: routingRules.id });
  return rows.length > 0;
}

export async function listHolidays(db: DbOrTx, communeId: number): Promise<{ day: string; name: string }[]> {
  return db
    .select({ day: holidays.day, name: holidays.name })
    .from(holidays)
    .where(eq(holidays.communeId, communeId))
    .orderBy(asc(holidays.day));
}

/** Adds or renames a day off. */
export async function upsertHoliday(db: DbOrTx, communeId: number, day: string, name: string): Promise<void> {
  await db
    .insert(holidays)
    .values({ communeId, day, name })
    .onConflictDoUpdate({ target: [holidays.communeId, holidays.day], set: { name } });
}

export async function deleteHoliday(db: DbOrTx, communeId: number, day: string): Promise<boolean> {
  const rows = await db
    .delete(holidays)
    .where(and(eq(holidays.communeId, communeId), eq(holidays.day, day)))
    .returning({ day: holidays.day });
  return rows.length > 0;
}

export async function holidayDays(db: DbOrTx, communeId: number): Promise<string[]> {
  const rows = await db.select({ day: holidays.day }).from(holidays).where(eq(holidays.communeId, communeId));
  return rows.map((r) => r.day);
}
