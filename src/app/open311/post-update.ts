import { and, eq } from 'drizzle-orm';
import type { UpdateStatus } from '../../domain/public/open311';
import { isListed } from '../../domain/public/publication';
import { lockCaseByCode } from '../../db/repos/case-work';
import { open311Updates, type Commune, type Open311Client } from '../../db/schema';
import type { AppDeps } from '../deps';
import { flushAfterCommit } from '../after-commit';
import { relayFollowUp } from '../staff/notify-staff';

/**
 * POST servicerequestupdates (mySociety's extension, issue 12): a FixMyStreet-style client posts what its user
 * added to a case. It reaches the case's officers like a resident's follow-up in Zalo (an internal event and a
 * notice); the status the client states is recorded with it, never applied: our officers move the case. One update
 * per (client, update_id): a retry gets the first answer back.
 */

export interface UpdateInput {
  serviceRequestId: string;
  updateId: string;
  status: UpdateStatus;
  description: string;
  mediaUrl?: string;
}

export type PostUpdateResult =
  { ok: true; updateId: string } | { ok: false; status: 400 | 404; description: string };

export async function postOpen311Update(
  deps: AppDeps,
  commune: Commune,
  client: Open311Client,
  input: UpdateInput,
): Promise<PostUpdateResult> {
  const now = deps.now();
  const [seen] = await deps.db
    .select({ eventId: open311Updates.caseEventId })
    .from(open311Updates)
    .where(and(eq(open311Updates.clientId, client.id), eq(open311Updates.externalUpdateId, input.updateId)));
  if (seen) return { ok: true, updateId: String(seen.eventId) };

  const outcome = await deps.db.transaction(async (tx) => {
    const caseRow = await lockCaseByCode(tx, commune.id, input.serviceRequestId);
    // Only cases the client can see through GET: a complaint's or a hidden case's code says nothing.
    if (!caseRow || !isListed(caseRow)) return null;
    const relayed = await relayFollowUp(deps, tx, {
      commune,
      caseId: caseRow.id,
      text: input.description,
      media: input.mediaUrl ? [{ kind: 'photo', url: input.mediaUrl }] : [],
      now,
      from: {
        kind: 'open311',
        clientId: client.id,
        clientName: client.name,
        updateId: input.updateId,
        status: input.status,
      },
    });
    if (!relayed) return { empty: true as const };
    const inserted = await tx
      .insert(open311Updates)
      .values({
        communeId: commune.id,
        clientId: client.id,
        externalUpdateId: input.updateId,
        caseId: caseRow.id,
        caseEventId: relayed.eventId,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: open311Updates.id });
    if (inserted.length === 0) throw new Error('concurrent duplicate open311 update');
    return { eventId: relayed.eventId, outboxIds: relayed.outboxIds };
  });
  if (outcome === null)
    return { ok: false, status: 404, description: `service_request_id not found: ${input.serviceRequestId}` };
  if ('empty' in outcome) return { ok: false, status: 400, description: 'description or media_url required' };
  await flushAfterCommit(deps, { outboxIds: outcome.outboxIds });
  return { ok: true, updateId: String(outcome.eventId) };
}
