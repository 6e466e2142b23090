import type { AlertReach } from '../../domain/conversation/types';
import { renderText } from '../../domain/text/catalog';
import type { Tx } from '../../db/client';
import { insertOutbox } from '../../db/repos/outbox';
import { linkedStaffWithReach } from '../../db/repos/staff';
import type { Staff } from '../../db/schema';
import { buttonsMessage, textMessage } from '../../zalo/render';
import type { ZaloMessage } from '../../zalo/client';

import { MESSAGING_WINDOW_MS } from '../../zalo/windows';

export interface DutyAlert {
  /** Who the alert goes to, and the message each gets. */
  messages: { zaloUserId: string; message: ZaloMessage }[];
  reached: AlertReach;
}

export interface AlertInput {
  code: string;
  communeName: string;
  stage: 'new' | 'place' | 'more';
  excerpt: string;
  place: string | null;
  now: Date;
  /**
   * Filed outside the chat, by this client (Open311): the alert names it, and offers no reply button, since
   * nobody is on the Zalo side to read a /tl.
   */
  channel?: string;
}

/**
 * Who hears an emergency and what they read. The on-duty officers Zalo can reach (linked, and within the 7-day
 * window); when there is none, reception and the commune leaders Zalo can reach, told why it comes to them; when
 * nobody can be reached, every linked on-duty officer and leader is still written to (the outbox records what
 * could not be delivered) and the resident is told the truth (`none`). The alert carries the case code, the place
 * and buttons to view and answer.
 */
export async function dutyAlert(tx: Tx, communeId: number, input: AlertInput): Promise<DutyAlert> {
  const roster = await linkedStaffWithReach(tx, communeId);
  const since = input.now.getTime() - MESSAGING_WINDOW_MS;
  const reachable = (entry: (typeof roster)[number]) => (entry.lastInteractionAt?.getTime() ?? 0) > since;
  const duty = roster.filter((entry) => entry.member.onDuty);
  const fallback = roster.filter(
    (entry) => entry.member.role === 'reception_officer' || entry.member.role === 'commune_leader',
  );
  let reached: AlertReach;
  let recipients: Staff[];
  if (duty.some(reachable)) {
    reached = 'duty';
    recipients = duty.filter(reachable).map((entry) => entry.member);
  } else if (fallback.some(reachable)) {
    reached = 'fallback';
    recipients = fallback.filter(reachable).map((entry) => entry.member);
  } else {
    reached = 'none';
    recipients = [...duty, ...fallback.filter((entry) => !duty.includes(entry))].map((entry) => entry.member);
  }
  const text = alertText(input, reached === 'fallback');
  const buttons = [
    { title: renderText('btn.staff.view'), payload: `/xem ${input.code}` },
    ...(input.channel === undefined
      ? [{ title: renderText('btn.staff.answer'), payload: `/tl ${input.code}` }]
      : []),
  ];
  const messages = recipients
    .filter((member): member is Staff & { zaloUserId: string } => member.zaloUserId !== null)
    .map((member) => ({
      zaloUserId: member.zaloUserId,
      message: input.stage === 'new' ? buttonsMessage(text, buttons) : textMessage(text),
    }));
  return { messages, reached };
}

/**
 * An emergency filed outside the chat (an Open311 client): the same alert to the same people as the chat's, queued
 * in the caller's transaction under the case's own keys (one per recipient and stage). Returns the outbox ids to
 * enqueue after commit and who was reached.
 */
export async function queueDutyAlert(
  tx: Tx,
  input: AlertInput & { communeId: number; caseId: number },
): Promise<{ outboxIds: number[]; reached: AlertReach }> {
  const alert = await dutyAlert(tx, input.communeId, input);
  const outboxIds = await insertOutbox(
    tx,
    alert.messages.map(({ zaloUserId, message }) => ({
      communeId: input.communeId,
      zaloUserId,
      message,
      purpose: 'alert',
      caseId: input.caseId,
      dedupKey: `alert-case-${String(input.caseId)}-${input.stage}-${zaloUserId}`,
    })),
  );
  return { outboxIds, reached: alert.reached };
}

function alertText(input: AlertInput, fallback: boolean): string {
  const place = input.place ?? renderText('alert.place.unknown');
  const { code, communeName, excerpt } = input;
  let text: string;
  switch (input.stage) {
    case 'new':
      text =
        input.channel === undefined
          ? renderText('alert.emergency', { code, communeName, excerpt, place })
          : renderText('alert.emergency.channel', {
              code,
              communeName,
              channel: input.channel,
              excerpt,
              place,
            });
      break;
    case 'place':
      text = renderText('alert.emergency.place', { code, place });
      break;
    case 'more':
      text = renderText('alert.emergency.more', { code, excerpt });
      break;
  }
  return fallback ? `${text}\n${renderText('alert.fallback')}` : text;
}
