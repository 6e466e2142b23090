import { eq } from 'drizzle-orm';
import { enqueueOutbox } from '../../src/app/enqueue';
import { insertOutbox } from '../../src/db/repos/outbox';
import { communes, outboxMessages } from '../../src/db/schema';
import type { ZaloMessage } from '../../src/zalo/client';
import type { TestApp } from './test-app';

/** Writes an outbox row for the first commune and queues it, as a use case's after-commit would. */
export async function queueMessage(app: TestApp, userId: string, message: ZaloMessage): Promise<number> {
  const [commune] = await app.database.db.select().from(communes);
  const [id] = await insertOutbox(app.database.db, [{ communeId: commune!.id, zaloUserId: userId, message }]);
  await enqueueOutbox(app.deps, [id!]);
  return id!;
}

export async function outboxRow(app: TestApp, id: number) {
  const [row] = await app.database.db.select().from(outboxMessages).where(eq(outboxMessages.id, id));
  if (!row) throw new Error(`no outbox row ${id}`);
  return row;
}
