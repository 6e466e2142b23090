import { and, eq, sql } from 'drizzle-orm';
import { excerpt, statusLabel } from '../../domain/case/notices';
import type { Tx } from '../../db/client';
import { appendCaseEvent, caseById, consentedPhone } from '../../db/repos/case-work';
import { findCommuneById } from '../../db/repos/communes';
import { caseEvents, type CaseRow, type Commune, type OutboxMessage } from '../../db/schema';
import { ZaloError } from '../../zalo/errors';
import type { AppDeps } from '../deps';
import { CASE_UPDATE_PURPOSE } from './notify-resident';

/**
 * The rest of the delivery chain of a case update (see notify-resident.ts), run by the outbound worker once
 * the chat message is settled. Sent: recorded, done. Undeliverable (outside Zalo's 7-day window) or failed:
 * ZNS by phone when the commune configured a template and the resident consented to their phone, then the
 * group-admin hop, and when nothing worked an `update_undelivered` event staff see in /xem and the admin API.
 * The update is in the case's public record in every case.
 */

/** `communes.settings` key of the approved ZNS template for case updates (params: case_code, status, message). */
export const ZNS_TEMPLATE_SETTING = 'znsCaseUpdateTemplateId';

type Outcome = 'sent' | 'undeliverable' | 'failed';

interface HopResult {
  outcome: 'sent' | 'failed' | 'unavailable';
  data: Record<string, unknown>;
}

interface ChainContext {
  commune: Commune;
  caseRow: CaseRow;
  residentId: number;
  sourceEventId: number;
  outboxId: number;
  now: () => Date;
}

export async function continueDeliveryChain(
  deps: AppDeps,
  row: OutboxMessage,
  outcome: Outcome,
  failure?: { kind: string; code: number | null },
): Promise<void> {
  if (row.purpose !== CASE_UPDATE_PURPOSE || row.caseId === null) return;
  const caseId = row.caseId;
  const queued = await deps.db
    .select({ data: caseEvents.data })
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.action, 'delivery'), sql`${caseEvents.data} @> ${JSON.stringify({ outboxId: row.id, outcome: 'queued' })}::jsonb`))
    .limit(1);
  const start = queued[0]?.data;
  const commune = await findCommuneById(deps.db, row.communeId);
  const caseRow = await caseById(deps.db, caseId);
  if (!start || !commune || !caseRow) return;
  const ctx: ChainContext = {
    commune,
    caseRow,
    residentId: Number(start.residentId),
    sourceEventId: Number(start.sourceEventId),
    outboxId: row.id,
    now: deps.now,
  };

  const hops: { channel: string; result: HopResult }[] = [
    { channel: 'chat', result: { outcome: outcome === 'sent' ? 'sent' : 'failed', data: { status: outcome, errorKind: failure?.kind ?? null, zaloCode: failure?.code ?? null } } },
  ];
  if (outcome !== 'sent') {
    const zns = await znsHop(deps, ctx);
    hops.push({ channel: 'zns', result: zns });
    if (zns.outcome !== 'sent') hops.push({ channel: 'group_admin', result: await groupAdminHop(deps, ctx) });
  }
  const reached = hops.some((h) => h.result.outcome === 'sent');

  await deps.db.transaction(async (tx: Tx) => {
    for (const hop of hops) {
      await record(tx, ctx, 'delivery', { channel: hop.channel, outcome: hop.result.outcome, ...hop.result.data });
    }
    if (!reached) await record(tx, ctx, 'update_undelivered', { publicRecord: true });
  });
  if (!reached) {
    deps.logger.info({ communeId: commune.id, caseId, outboxId: row.id }, 'case update reached no channel; it stays in the public record');
  }
}

async function record(tx: Tx, ctx: ChainContext, action: string, data: Record<string, unknown>): Promise<void> {
  await appendCaseEvent(tx, {
    communeId: ctx.commune.id,
    caseId: ctx.caseRow.id,
    action,
    fromStatus: ctx.caseRow.status,
    toStatus: ctx.caseRow.status,
    actor: { kind: 'system', job: 'delivery' },
    data: { ...data, outboxId: ctx.outboxId, residentId: ctx.residentId, sourceEventId: ctx.sourceEventId },
    internal: true,
    at: ctx.now(),
  });
}

async function znsHop(deps: AppDeps, ctx: ChainContext): Promise<HopResult> {
  const templateId = ctx.commune.settings[ZNS_TEMPLATE_SETTING];
  if (typeof templateId !== 'string' || templateId === '') return { outcome: 'unavailable', data: { reason: 'no_template' } };
  const phone = await consentedPhone(deps.db, ctx.residentId);
  if (phone === null) return { outcome: 'unavailable', data: { reason: 'no_consented_phone' } };
  const [source] = await deps.db.select({ note: caseEvents.note }).from(caseEvents).where(eq(caseEvents.id, ctx.sourceEventId));
  try {
    const sent = await deps.zalo.sendZnsTemplate(ctx.commune.id, {
      phone: phone.replace(/^\+/, ''),
      templateId,
      templateData: {
        case_code: ctx.caseRow.code,
        status: statusLabel(ctx.caseRow.status),
        message: excerpt(source?.note ?? '', 90),
      },
      trackingId: `case-${ctx.caseRow.id}-ev-${ctx.sourceEventId}-r-${ctx.residentId}`,
    });
    return { outcome: 'sent', data: { znsMessageId: sent.messageId } };
  } catch (err) {
    const zalo = err instanceof ZaloError ? err : null;
    deps.logger.warn({ communeId: ctx.commune.id, caseId: ctx.caseRow.id, errorKind: zalo?.kind ?? 'Internal', zaloCode: zalo?.zaloCode ?? null }, 'zns attempt failed');
    return { outcome: 'failed', data: { errorKind: zalo?.kind ?? 'Internal', zaloCode: zalo?.zaloCode ?? null } };
  }
}

/**
 * Extension point: the admin of the resident's residential group or organisation, who tells them in person or
 * in the group (issue 4's chain; group admins arrive in a later issue). Until then there is nobody to ask.
 */
async function groupAdminHop(_deps: AppDeps, _ctx: ChainContext): Promise<HopResult> {
  return Promise.resolve({ outcome: 'unavailable', data: { reason: 'not_available_yet' } });
}

/**
 * The outbound worker's hook, called once a row is settled. Cheap for every other purpose; never throws (the
 * row's own outcome is already recorded, and a failure here must not make the worker resend it).
 */
export async function onOutboxSettled(
  deps: AppDeps,
  row: OutboxMessage,
  outcome: Outcome,
  failure?: { kind: string; code: number | null },
): Promise<void> {
  // Every final status passes here (a send, an OA echo, a spent budget): so do the operator's counters.
  deps.metrics.outboxSettled(row, outcome, deps.now());
  if (row.purpose !== CASE_UPDATE_PURPOSE) return;
  await continueDeliveryChain(deps, row, outcome, failure).catch((err: unknown) => {
    deps.logger.error({ err, outboxId: row.id, caseId: row.caseId }, 'delivery chain failed after the chat attempt');
  });
}
