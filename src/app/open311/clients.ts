import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { open311Clients, type Open311Client } from '../../db/schema';

/**
 * Open311 API keys (issue 12): one per client system, made by the admin API and shown once. Keys are 32 random
 * bytes, so their SHA-256 is kept and looked up directly (no slow hash needed: nothing to guess).
 */

const KEY_PREFIX = 'o311_';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export async function createOpen311Client(
  db: DbOrTx,
  input: { communeId: number; name: string; termsUrl: string | null; now: Date },
): Promise<{ client: Open311Client; apiKey: string }> {
  const apiKey = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const [client] = await db
    .insert(open311Clients)
    .values({
      communeId: input.communeId,
      name: input.name,
      termsUrl: input.termsUrl,
      keyHash: hashApiKey(apiKey),
      keyHint: apiKey.slice(0, KEY_PREFIX.length + 4),
      createdAt: input.now,
    })
    .returning();
  if (!client) throw new Error('open311 client insert returned nothing');
  return { client, apiKey };
}

export async function listOpen311Clients(db: DbOrTx, communeId: number): Promise<Open311Client[]> {
  return db
    .select()
    .from(open311Clients)
    .where(eq(open311Clients.communeId, communeId))
    .orderBy(asc(open311Clients.id));
}

export async function revokeOpen311Client(
  db: DbOrTx,
  communeId: number,
  id: number,
  now: Date,
): Promise<Open311Client | undefined> {
  const [row] = await db
    .update(open311Clients)
    .set({ revokedAt: now })
    .where(
      and(
        eq(open311Clients.communeId, communeId),
        eq(open311Clients.id, id),
        isNull(open311Clients.revokedAt),
      ),
    )
    .returning();
  return row;
}

/** The active client of this commune the key belongs to, or undefined. */
export async function clientByApiKey(
  db: DbOrTx,
  communeId: number,
  apiKey: string,
): Promise<Open311Client | undefined> {
  if (!apiKey.startsWith(KEY_PREFIX) || apiKey.length > 200) return undefined;
  const [row] = await db
    .select()
    .from(open311Clients)
    .where(
      and(
        eq(open311Clients.keyHash, hashApiKey(apiKey)),
        eq(open311Clients.communeId, communeId),
        isNull(open311Clients.revokedAt),
      ),
    );
  return row;
}
