import { scoreButtons } from '../../domain/case/score';
import { renderText } from '../../domain/text/catalog';
import type { Tx } from '../../db/client';
import { subscribersOf } from '../../db/repos/case-work';
import { insertOutbox, type NewOutboxMessage } from '../../db/repos/outbox';
import { insertScoreRequest } from '../../db/repos/scores';
import type { CaseRow } from '../../db/schema';
import { buttonsMessage, type ZaloButton } from '../../zalo/render';
import { withinFreeWindow } from '../../zalo/windows';

/**
 * The score question (issue 10, score.ts has the answers): sent right after the result of a resolution, in the
 * resolve's own transaction, so it goes out in the same turn as the result. It is asked only inside Zalo's free
 * 48-hour window (docs/zalo.md §4): a resident last seen earlier still gets the result (down its delivery chain),
 * and their request is recorded all the same, so the case goes to the Front on time and a later answer counts.
 */

export const SCORE_QUESTION_PURPOSE = 'score_question';

/** `oa.query.hide` buttons: the tap's payload (it carries the case code) never shows in the resident's chat. */
export function hidden(buttons: readonly { title: string; payload: string }[]): ZaloButton[] {
  return buttons.map((b) => ({ ...b, hidden: true }));
}

/** The score question to every subscriber of a just-resolved case; idempotent per resolve event. */
export async function askForScore(
  tx: Tx,
  input: { caseRow: CaseRow; resolveEventId: number; now: Date },
): Promise<number[]> {
  const { caseRow, resolveEventId, now } = input;
  const rows: NewOutboxMessage[] = [];
  for (const subscriber of await subscribersOf(tx, caseRow.id)) {
    const fresh = await insertScoreRequest(tx, {
      communeId: caseRow.communeId,
      caseId: caseRow.id,
      residentId: subscriber.residentId,
      resolveEventId,
      now,
    });
    if (!fresh || !withinFreeWindow(subscriber.lastInteractionAt, now)) continue;
    rows.push({
      communeId: caseRow.communeId,
      zaloUserId: subscriber.zaloUserId,
      caseId: caseRow.id,
      purpose: SCORE_QUESTION_PURPOSE,
      message: buttonsMessage(
        renderText('score.ask', { code: caseRow.code }, subscriber.locale),
        hidden(scoreButtons(caseRow.code, subscriber.locale)),
      ),
      dedupKey: `case-ev-${String(resolveEventId)}-r-${String(subscriber.residentId)}-score`,
    });
  }
  return insertOutbox(tx, rows);
}
