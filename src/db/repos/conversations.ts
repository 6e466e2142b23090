import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { preparedStatements } from '../prepared';
import { consents, conversations } from '../schema';

export class StaleConversationError extends Error {
  constructor() {
    super('conversation changed concurrently');
  }
}

const statements = preparedStatements((db) => ({
  insert: db
    .insert(conversations)
    .values({
      communeId: sql`${sql.placeholder('communeId')}::int`,
      zaloUserId: sql`${sql.placeholder('zaloUserId')}::text`,
      state: sql`${sql.placeholder('state')}::jsonb`,
      version: 1,
      lastInboxId: sql`${sql.placeholder('lastInboxId')}::bigint`,
      updatedAt: sql`${sql.placeholder('now')}::timestamptz`,
    })
    .onConflictDoNothing()
    .returning({ version: conversations.version })
    .prepare('conversation_insert'),
  update: db
    .update(conversations)
    .set({
      state: sql`${sql.placeholder('state')}::jsonb`,
      version: sql`${conversations.version} + 1`,
      lastInboxId: sql`${sql.placeholder('lastInboxId')}::bigint`,
      updatedAt: sql`${sql.placeholder('now')}::timestamptz`,
    })
    .where(
      and(
        eq(conversations.communeId, sql.placeholder('communeId')),
        eq(conversations.zaloUserId, sql.placeholder('zaloUserId')),
        eq(conversations.version, sql.placeholder('expectedVersion')),
      ),
    )
    .returning({ version: conversations.version })
    .prepare('conversation_update'),
}));

/** Saves the state if nobody else did since `expectedVersion` was read (null = no row yet). */
export async function saveConversation(
  db: DbOrTx,
  key: { communeId: number; zaloUserId: string },
  state: unknown,
  expectedVersion: number | null,
  lastInboxId: number,
  now: Date,
): Promise<void> {
  // The state goes in as JSON text: a placeholder skips drizzle's column encoding.
  const values = { ...key, state: JSON.stringify(state), lastInboxId, now };
  const saved =
    expectedVersion === null
      ? await statements(db).insert.execute(values)
      : await statements(db).update.execute({ ...values, expectedVersion });
  if (saved.length === 0) throw new StaleConversationError();
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
