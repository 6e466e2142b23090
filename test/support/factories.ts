import { eq } from 'drizzle-orm';
import type { Db } from '../../src/db/client';
import { areas, cases, categories, communes, routingRules, type Commune } from '../../src/db/schema';

export async function firstCommune(db: Db): Promise<Commune> {
  const [row] = await db.select().from(communes).orderBy(communes.id).limit(1);
  if (!row) throw new Error('no commune');
  return row;
}

/**
 * Three categories and three residential groups, unless the commune already has some. The defaults a new
 * commune is seeded with (16 categories, routing rules) are replaced while no case uses them, so the
 * conversation tests read a short menu and their cases stay `received` (no routing rule matches).
 */
export async function ensureReferenceData(db: Db, communeId: number): Promise<void> {
  const used = await db.select({ id: cases.id }).from(cases).where(eq(cases.communeId, communeId)).limit(1);
  if (used.length === 0) {
    await db.delete(routingRules).where(eq(routingRules.communeId, communeId));
    await db.delete(categories).where(eq(categories.communeId, communeId));
  }
  const existing = await db.select().from(categories).where(eq(categories.communeId, communeId));
  if (existing.length === 0) {
    await db.insert(categories).values([
      { communeId, code: 'duong-sa', name: 'Đường sá, giao thông', sortOrder: 1, deadlineWorkingDays: 5 },
      { communeId, code: 've-sinh', name: 'Vệ sinh, môi trường', sortOrder: 2, deadlineWorkingDays: 7 },
      { communeId, code: 'khac', name: 'Khác', sortOrder: 3, deadlineWorkingDays: 7 },
    ]);
  }
  const existingAreas = await db.select().from(areas).where(eq(areas.communeId, communeId));
  if (existingAreas.length === 0) {
    await db.insert(areas).values([
      { communeId, code: 'TK5', name: 'Tiểu khu 5', sortOrder: 1 },
      { communeId, code: 'TK6', name: 'Tiểu khu 6', sortOrder: 2 },
      { communeId, code: 'THONDONG', name: 'Thôn Đồng', sortOrder: 3 },
    ]);
  }
}
