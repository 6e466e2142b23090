import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { consents, conversations } from '../schema';

export class StaleConversationError extends Error {
  constructor() {
    super('conversation changed concurrently');
  }
}

/** Saves the state if nobody else did since `expectedVersion` was read (null = no row yet). */
export async function saveConversation(
  db: DbOrTx,
  key: { communeId: number; zaloUserId: string },
  state: unknown,
  expectedVersion: number | null,
  lastInboxId: number,
  now: Date,
): Promise<void> {
  if (expectedVersion === null) {
    const inserted = await db
      .insert(conversations)
      .values({ ...key, state, version: 1, lastInboxId, updatedAt: now })
      .onConflictDoNothing()
      .returning({ version: conversations.version });
    if (inserted.length === 0) throw new StaleConversationError();
    return;
  }
  const updated = await db
    .update(conversations)
    .set({ state, version: sql`${conversations.version} + 1`, lastInboxId, updatedAt: now })
    .where(
      and(
        eq(conversations.communeId, key.communeId),
        eq(conversations.zaloUserId, key.zaloUserId),
        eq(conversations.version, expectedVersion),
      ),
    )
    .returning({ version: conversations.version });
  if (updated.length === 0) throw new StaleConversationError();
}

export const PERSONAL_DATA_PURPOSE = 'feedback_personal_data';

export async function recordConsent(
  db: DbOrTx,
  entry: { communeId: number; residentId: number; noticeVersion: number; decision: 'granted' | 'declined' | 'withdrawn'; at: Date },
): Promise<void> {
  await db.insert(consents).values({
    communeId: entry.communeId,
    residentId: entry.residentId,
    purpose: PERSONAL_DATA_PURPOSE,
    noticeVersion: entry.noticeVersion,
    decision: entry.decision,
    createdAt: entry.at,
  });
}
