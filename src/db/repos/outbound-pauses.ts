import { and, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { preparedStatements } from '../prepared';
import { outboundPauses, type OutboundPause } from '../schema';

/** A commune's outbound pause (schema/outbox.ts `outboundPauses`): read once per outbound job. */
const statements = preparedStatements((db) => ({
  of: db
    .select()
    .from(outboundPauses)
    .where(eq(outboundPauses.communeId, sql.placeholder('communeId')))
    .prepare('outbound_pause_of'),
}));

export async function pauseOf(db: DbOrTx, communeId: number): Promise<OutboundPause | null> {
  const [row] = await statements(db).of.execute({ communeId });
  return row ?? null;
}

/** Pauses (or extends the pause of) a commune's sends until `until`; a running probe is over. */
export async function pauseOutbound(
  db: DbOrTx,
  input: { communeId: number; reason: string; zaloCode: number | null; until: Date; now: Date },
): Promise<void> {
  await db
    .insert(outboundPauses)
    .values({
      communeId: input.communeId,
      reason: input.reason,
      zaloCode: input.zaloCode,
      since: input.now,
      until: input.until,
    })
    .onConflictDoUpdate({
      target: outboundPauses.communeId,
      set: { reason: input.reason, zaloCode: input.zaloCode, until: input.until, probingUntil: null },
    });
}

/**
 * The pause is over: exactly one caller gets `true` and sends one probe (the claim lasts `holdMs`, so a prober
 * that died is replaced); everyone else waits for its outcome.
 */
export async function claimProbe(db: DbOrTx, communeId: number, now: Date, holdMs: number): Promise<boolean> {
  const claimed = await db
    .update(outboundPauses)
    .set({ probingUntil: new Date(now.getTime() + holdMs) })
    .where(
      and(
        eq(outboundPauses.communeId, communeId),
        lte(outboundPauses.until, now),
        or(isNull(outboundPauses.probingUntil), lte(outboundPauses.probingUntil, now)),
      ),
    )
    .returning({ communeId: outboundPauses.communeId });
  return claimed.length > 0;
}

export async function liftPause(db: DbOrTx, communeId: number): Promise<boolean> {
  const deleted = await db
    .delete(outboundPauses)
    .where(eq(outboundPauses.communeId, communeId))
    .returning({ communeId: outboundPauses.communeId });
  return deleted.length > 0;
}
