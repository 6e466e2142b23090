import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { adminTokens, communes, type AdminToken } from '../schema';

/** Tokens are 32 random bytes behind a recognisable prefix (a leaked one is easy to grep for and revoke). */
export function newAdminToken(): string {
  return `lnadm_${randomBytes(32).toString('base64url')}`;
}

export function adminTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export async function insertAdminToken(db: DbOrTx, communeId: number, name: string, token: string, now: Date): Promise<AdminToken> {
  const [row] = await db
    .insert(adminTokens)
    .values({ communeId, name, tokenHash: adminTokenHash(token), createdAt: now })
    .returning();
  if (!row) throw new Error('admin token insert returned nothing');
  return row;
}

/** The commune a presented token belongs to, when it is one of ours and not revoked. */
export async function communeOfAdminToken(db: DbOrTx, token: string): Promise<{ id: number; slug: string; tokenId: number } | undefined> {
  const [row] = await db
    .select({ id: communes.id, slug: communes.slug, tokenId: adminTokens.id })
    .from(adminTokens)
    .innerJoin(communes, eq(communes.id, adminTokens.communeId))
    .where(and(eq(adminTokens.tokenHash, adminTokenHash(token)), isNull(adminTokens.revokedAt)));
  return row;
}

export async function listAdminTokens(db: DbOrTx, communeId: number): Promise<AdminToken[]> {
  return db.select().from(adminTokens).where(eq(adminTokens.communeId, communeId)).orderBy(asc(adminTokens.id));
}

/** Null when the commune has no such token; revoking twice keeps the first time. */
export async function revokeAdminToken(db: DbOrTx, communeId: number, id: number, now: Date): Promise<AdminToken | null> {
  const [row] = await db
    .select()
    .from(adminTokens)
    .where(and(eq(adminTokens.communeId, communeId), eq(adminTokens.id, id)));
  if (!row) return null;
  if (row.revokedAt !== null) return row;
  const [revoked] = await db.update(adminTokens).set({ revokedAt: now }).where(eq(adminTokens.id, id)).returning();
  return revoked ?? row;
}
