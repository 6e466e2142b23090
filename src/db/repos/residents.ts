import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { residents, type Resident } from '../schema';

/**
 * Records that a user interacted with the OA (opening the 7-day messaging window, REFERENCE.md §4) and
 * returns the resident row, created on first contact.
 */
export async function touchResident(
  db: DbOrTx,
  communeId: number,
  zaloUserId: string,
  interaction: { at: Date; follower?: boolean; counts: boolean },
): Promise<Resident> {
  const [row] = await db
    .insert(residents)
    .values({
      communeId,
      zaloUserId,
      isFollower: interaction.follower ?? false,
      lastInteractionAt: interaction.counts ? interaction.at : null,
    })
    .onConflictDoUpdate({
      target: [residents.communeId, residents.zaloUserId],
      set: {
        ...(interaction.follower === undefined ? {} : { isFollower: interaction.follower }),
        ...(interaction.counts
          ? { lastInteractionAt: sql`greatest(${residents.lastInteractionAt}, excluded.last_interaction_at)` }
          : {}),
      },
    })
    .returning();
  if (!row) throw new Error('resident upsert returned nothing');
  return row;
}
