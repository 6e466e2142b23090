import { residentUpdate, type UpdateFacts } from '../../domain/case/notices';
import { isListed } from '../../domain/public/publication';
import { renderText } from '../../domain/text/catalog';
import type { Tx } from '../../db/client';
import { appendCaseEvent, markFirstResponse, subscribersOf } from '../../db/repos/case-work';
import { findCommuneById } from '../../db/repos/communes';
import { insertOutbox, type NewOutboxMessage } from '../../db/repos/outbox';
import type { CaseRow } from '../../db/schema';
import { imageMessage, splitText, textMessage } from '../../zalo/render';

/**
 * Tells every subscriber of a case (its reporter, and reporters of duplicates merged into it) about a change
 * that matters to them, and starts the delivery chain (issue 4, docs/zalo.md §4):
 *
 *   1. the resident's Zalo chat: an outbox row of purpose `case_update` (free inside the 7-day window);
 *   2. when Zalo says the resident is outside the window, delivery-chain.ts continues with a ZNS template by
 *      phone, then the group-admin hop (a later issue), and records what reached nobody;
 *   3. always: the case's public record, a `publish` event written here, whatever happens to 1 and 2.
 *
 * Each attempt and its outcome is a case event (`delivery`, internal). Photos and documents of a result follow
 * the text as `case_update_media` rows: they ride along with the text and never start a chain of their own.
 */

export const CASE_UPDATE_PURPOSE = 'case_update';
export const CASE_UPDATE_MEDIA_PURPOSE = 'case_update_media';

export interface Evidence {
  kind: 'image' | 'file';
  url: string;
  fileName?: string | null;
}

async function publicUrlOf(tx: Tx, caseRow: CaseRow, base: string | undefined): Promise<string | null> {
  if (base === undefined || !isListed(caseRow)) return null;
  const commune = await findCommuneById(tx, caseRow.communeId);
  return commune ? `${base.replace(/\/$/, '')}/x/${commune.slug}/cong-khai/${caseRow.code}` : null;
}

export async function notifyResidents(
  tx: Tx,
  input: {
    caseRow: CaseRow;
    sourceEventId: number;
    facts: UpdateFacts;
    evidence?: readonly Evidence[];
    now: Date;
    /** PUBLIC_BASE_URL: the chat text links to the case's public page when the case is listed (issue 12). */
    publicBaseUrl?: string;
  },
): Promise<number[]> {
  const { caseRow, sourceEventId, now } = input;
  const facts = { ...input.facts, publicUrl: await publicUrlOf(tx, caseRow, input.publicBaseUrl) };
  const evidence = input.evidence ?? [];
  const vi = residentUpdate(facts, 'vi');
  if (vi === null) return [];

  // The public record: what anyone following the case may read. No personal data is in these texts.
  await appendCaseEvent(tx, {
    communeId: caseRow.communeId,
    caseId: caseRow.id,
    action: 'publish',
    fromStatus: caseRow.status,
    toStatus: caseRow.status,
    actor: { kind: 'system', job: 'delivery' },
    note: vi.publicText,
    data: { published: true, sourceEventId, evidence: evidence.map((e) => e.url) },
    internal: false,
    at: now,
  });
  // The first update a reporter is sent is the commune's first answer (the public page's median, issue 12).
  await markFirstResponse(tx, caseRow.id, now);

  const outboxIds: number[] = [];
  for (const subscriber of await subscribersOf(tx, caseRow.id)) {
    const update = subscriber.locale === 'vi' ? vi : (residentUpdate(facts, subscriber.locale) ?? vi);
    const key = `case-ev-${sourceEventId}-r-${subscriber.residentId}`;
    const base = { communeId: caseRow.communeId, zaloUserId: subscriber.zaloUserId, caseId: caseRow.id };
    const parts = splitText(update.text);
    const rows: NewOutboxMessage[] = parts.map((part, index) => ({
      ...base,
      message: textMessage(part),
      // Only the first part drives the chain: one update, one chain.
      purpose: index === 0 ? CASE_UPDATE_PURPOSE : CASE_UPDATE_MEDIA_PURPOSE,
      dedupKey: `${key}-t${index}`,
    }));
    evidence.forEach((item, index) => {
      rows.push({
        ...base,
        message:
          item.kind === 'image'
            ? imageMessage({ url: item.url })
            : textMessage(renderText('case.update.file', { name: item.fileName ?? '', url: item.url }, subscriber.locale)),
        purpose: CASE_UPDATE_MEDIA_PURPOSE,
        dedupKey: `${key}-e${index}`,
      });
    });
    const ids = await insertOutbox(tx, rows);
    if (ids.length === 0) continue;
    outboxIds.push(...ids);
    await appendCaseEvent(tx, {
      communeId: caseRow.communeId,
      caseId: caseRow.id,
      action: 'delivery',
      fromStatus: caseRow.status,
      toStatus: caseRow.status,
      actor: { kind: 'system', job: 'delivery' },
      data: { channel: 'chat', outcome: 'queued', outboxId: ids[0] ?? null, residentId: subscriber.residentId, sourceEventId },
      internal: true,
      at: now,
    });
  }
  return outboxIds;
}
