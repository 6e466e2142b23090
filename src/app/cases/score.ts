import { addWorkingDays } from '../../domain/case/deadlines';
import { formatLocalDate } from '../../domain/case/notices';
import {
  type ScoreAnswer,
  isNoComment,
  noCommentButton,
  parseScoreAnswer,
  scoreLabel,
  scoreOutcome,
} from '../../domain/case/score';
import type { ResidentActor } from '../../domain/staff/permissions';
import { renderText, type Locale } from '../../domain/text/catalog';
import { cleanText, fold } from '../../domain/text/normalize';
import type { Tx } from '../../db/client';
import { appendCaseEvent, lockCaseById } from '../../db/repos/case-work';
import { holidayDays } from '../../db/repos/reference';
import type { SenderContext } from '../../db/repos/sender-context';
import {
  conversationUpdatedAt,
  markCommented,
  markScoreAnswered,
  openCommentRequest,
  scoreRequestFor,
  type ScoreRequestWithCase,
} from '../../db/repos/scores';
import type { CaseRow, InboxEvent } from '../../db/schema';
import type { WebhookEnvelope } from '../../zalo/events';
import { afterCommit, type AfterCommit } from '../after-commit';
import { ChatReply } from '../chat-reply';
import type { AppDeps } from '../deps';
import { caseOfficers, escalationRecipients, noticeToStaff } from '../staff/notify-staff';
import { performCaseAction } from './act';
import { clockSettingsOf } from './clocks';
import { hidden } from './score-question';
import { DEFAULT_DEADLINE_DAYS, dueDateFor, namesOf } from './facts';

/**
 * The people give the score (issue 10). When a case is resolved every subscriber gets, right after the result,
 * the score question with five one-tap buttons (`askForScore`, in the resolve's transaction, so the question
 * rides in the same turn as the result, inside the window the resident opened). The answer is read BEFORE the
 * conversation machine (`answerScore`, called first thing in converse.ts): a tap, or words such as "hài lòng",
 * "ko hài lòng", "chưa giải quyết". 3–5 closes the case; 1–2 or "chưa giải quyết" reopens it with a new
 * deadline, tells its leaders, officers and the Front, and tells the resident what happens next. Then the
 * resident's next free text within `commentWaitMinutes` is their comment: that pending state is the score
 * request row (`commentUntil`), never the machine's state.
 *
 * A late answer still counts: after the Front confirmed it, or after it closed unscored, a score is recorded,
 * and a low one reopens the case.
 */

/** An answer without a case code is for the latest question asked within this many days. */
export const SCORE_ANSWER_DAYS = 30;
/** A bare number counts as a score within Zalo's free window after the question (48 h, docs/zalo.md §4). */
const BARE_SCORE_MS = 48 * 3600 * 1000;
const REPLY_PURPOSE = 'reply';

export interface ScoreInput {
  sender: SenderContext;
  inbox: InboxEvent;
  event: WebhookEnvelope;
}

/** Texts that belong to the conversation even while a comment is awaited: commands, codes, the main buttons. */
function belongsToConversation(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed.startsWith('/') || trimmed.startsWith('#') || trimmed.length < 2) return true;
  const menu = (['btn.feedback', 'btn.lookup', 'btn.help', 'btn.menu', 'btn.continueDraft'] as const).flatMap(
    (key) => [fold(renderText(key, {}, 'vi')), fold(renderText(key, {}, 'en'))],
  );
  return menu.includes(fold(trimmed));
}

/**
 * Reads a resident's message as a score, a "chưa giải quyết" or a comment on a result, or returns null and the
 * conversation machine handles it. Runs in the inbound transaction, before the machine.
 */
export async function answerScore(deps: AppDeps, tx: Tx, input: ScoreInput): Promise<AfterCommit | null> {
  if (input.event.event_name !== 'user_send_text') return null;
  const text = input.event.message?.text ?? '';
  const { commune, resident } = input.sender;
  const now = deps.now();
  const parsed = parseScoreAnswer(text, commune.caseCodePrefix);
  const reply = new ChatReply(
    commune.id,
    resident.zaloUserId,
    `inbox-${String(input.inbox.id)}-score`,
    REPLY_PURPOSE,
  );
  const settings = clockSettingsOf(commune.settings);

  // Never asked for a score (read with the sender, db/repos/sender-context.ts): nothing to look up.
  const asked = input.sender.askedForScore;

  if (parsed === null || parsed.kind === 'noComment') {
    const open = asked
      ? await openCommentRequest(tx, { communeId: commune.id, residentId: resident.id, now })
      : undefined;
    if (open === undefined) {
      if (parsed?.kind !== 'noComment') return null;
      // A late tap on [Không góp ý]: nothing is pending, a polite word is enough.
      reply.text(renderText('score.comment.none', {}, resident.locale));
      return reply.flush(tx);
    }
    if (parsed?.kind === 'noComment' || isNoComment(text)) {
      await markCommented(tx, open.request.id, now);
      reply.text(renderText('score.comment.none', {}, resident.locale));
      return reply.flush(tx);
    }
    const machineSince = await conversationUpdatedAt(tx, commune.id, resident.zaloUserId);
    const answeredAt = open.request.answeredAt ?? open.request.askedAt;
    if (belongsToConversation(text) || (machineSince !== null && machineSince >= answeredAt)) return null;
    return comment(deps, tx, { open, text, reply, locale: resident.locale, residentId: resident.id, now });
  }

  if (!asked) return null;
  const request = await scoreRequestFor(tx, {
    communeId: commune.id,
    residentId: resident.id,
    code: parsed.code,
    since: new Date(now.getTime() - SCORE_ANSWER_DAYS * 86_400_000),
  });
  if (request === undefined) return null;
  if (request.request.answeredAt !== null) {
    // A second tap on the same question: the first answer stands. Typed words without a code are the conversation's.
    if (parsed.code === null) return null;
    const label =
      request.request.score === null
        ? renderText('score.label.1', {}, resident.locale)
        : scoreLabel(request.request.score, resident.locale);
    reply.text(renderText('score.thanks.recorded', { code: request.code, label }, resident.locale));
    return reply.flush(tx);
  }
  if (parsed.code === null) {
    // Typed words ("hài lòng", "4", "chưa xong") answer the question only while it is the last thing the bot
    // asked: once the resident is talking to the conversation again (a new report), they are its words.
    // A tap carries the case code and always counts, however late.
    const machineSince = await conversationUpdatedAt(tx, commune.id, resident.zaloUserId);
    if (machineSince !== null && machineSince >= request.request.askedAt) return null;
    // A bare "4" is the weakest reading (at the menu "1" also means "send feedback"): only soon after the question.
    if (
      parsed.kind === 'score' &&
      parsed.bare &&
      now.getTime() - request.request.askedAt.getTime() > BARE_SCORE_MS
    )
      return null;
  }
  const caseRow = await lockCaseById(tx, request.request.caseId);
  if (caseRow === undefined) return null;
  return applyAnswer(deps, tx, {
    parsed,
    request,
    caseRow,
    reply,
    locale: resident.locale,
    residentId: resident.id,
    commentWaitMinutes: settings.commentWaitMinutes,
    now,
  });
}

async function applyAnswer(
  deps: AppDeps,
  tx: Tx,
  input: {
    parsed: Exclude<ScoreAnswer, { kind: 'noComment' }>;
    request: ScoreRequestWithCase;
    caseRow: CaseRow;
    reply: ChatReply;
    locale: Locale;
    residentId: number;
    commentWaitMinutes: number;
    now: Date;
  },
): Promise<AfterCommit | null> {
  const { parsed, request, reply, now } = input;
  const { locale } = input;
  const actor: ResidentActor = { kind: 'resident', residentId: input.residentId };
  const tz = deps.config.TZ;
  const work = afterCommit();
  let caseRow = input.caseRow;
  let scoreEventId: number | null = null;
  const score = parsed.kind === 'score' ? parsed.score : null;

  if (score !== null) {
    const scored = await performCaseAction(tx, {
      caseRow,
      actor,
      action: {
        type: 'score',
        score,
        via: 'zalo',
        ...(parsed.comment === null ? {} : { comment: cleanText(parsed.comment) }),
      },
      data: { scoreRequestId: request.request.id },
      now,
      timeZone: tz,
      links: deps.mediaLinks,
    });
    // A case merged or rejected since: the answer is not a score of anything; the conversation takes it.
    if (!scored.ok) return null;
    caseRow = scored.caseRow;
    scoreEventId = scored.eventId;
    work.outboxIds.push(...scored.outboxIds);
  }

  const names = await namesOf(tx, caseRow);
  const agency = names.agencyName ?? renderText('case.value.none', {}, locale);
  let outcome: 'closed' | 'reopened' | 'recorded';

  if (score !== null && scoreOutcome(score) === 'close') {
    outcome = 'recorded';
    if (caseRow.status === 'resolved') {
      const closed = await performCaseAction(tx, {
        caseRow,
        actor,
        action: { type: 'close', by: 'score' },
        data: { scoreEventId },
        now,
        timeZone: tz,
        links: deps.mediaLinks,
      });
      if (closed.ok) {
        outcome = 'closed';
        work.outboxIds.push(...closed.outboxIds);
      }
    }
    const label = scoreLabel(score, locale);
    reply.buttons(
      renderText(
        outcome === 'closed' ? 'score.thanks.closed' : 'score.thanks.recorded',
        { code: caseRow.code, label },
        locale,
      ),
      hidden([noCommentButton(caseRow.code, locale)]),
    );
  } else {
    outcome = 'recorded';
    let due = caseRow.dueAt;
    if (caseRow.status === 'resolved' || caseRow.status === 'closed') {
      const dueAt =
        caseRow.agencyId === null
          ? addWorkingDays(now, DEFAULT_DEADLINE_DAYS, await holidayDays(tx, caseRow.communeId), tz)
          : await dueDateFor(tx, {
              communeId: caseRow.communeId,
              row: caseRow,
              agencyId: caseRow.agencyId,
              now,
              timeZone: tz,
            });
      const reason = parsed.comment === null ? undefined : cleanText(parsed.comment);
      const reopened = await performCaseAction(tx, {
        caseRow,
        actor,
        action: { type: 'reopen', dueAt, ...(reason === undefined ? {} : { reason }) },
        data: {
          by: score === null ? 'resident' : 'score',
          ...(scoreEventId === null ? {} : { scoreEventId }),
        },
        now,
        timeZone: tz,
        links: deps.mediaLinks,
      });
      if (reopened.ok) {
        outcome = 'reopened';
        caseRow = reopened.caseRow;
        due = caseRow.dueAt;
        work.outboxIds.push(...reopened.outboxIds);
      }
    }
    const dueText = due === null ? renderText('case.value.none', {}, locale) : formatLocalDate(due, tz);
    reply.text(
      outcome === 'reopened'
        ? renderText('score.reopened', { code: caseRow.code, agency, due: dueText }, locale)
        : renderText('score.reopenedRecorded', { code: caseRow.code, agency }, locale),
    );
    const commentLine =
      parsed.comment === null
        ? ''
        : renderText('staff.notice.commentLine', { text: cleanText(parsed.comment) });
    const staffDue = due === null ? renderText('case.value.none') : formatLocalDate(due, tz);
    const text =
      score === null
        ? renderText('staff.notice.unresolved', {
            code: caseRow.code,
            due: staffDue,
            agency,
            comment: commentLine,
          })
        : renderText('staff.notice.lowScore', {
            code: caseRow.code,
            score,
            label: scoreLabel(score),
            due: staffDue,
            agency,
            comment: commentLine,
          });
    work.outboxIds.push(
      ...(await noticeToStaff(tx, {
        caseRow,
        recipients: await escalationRecipients(tx, caseRow, { withOfficers: true }),
        text,
        key: `score-${String(request.request.id)}`,
      })),
    );
  }

  await markScoreAnswered(tx, request.request.id, {
    score,
    outcome,
    commentUntil: new Date(now.getTime() + input.commentWaitMinutes * 60_000),
    now,
  });
  deps.logger.info(
    { communeId: caseRow.communeId, caseId: caseRow.id, score, outcome },
    'resident scored a result',
  );
  const own = await reply.flush(tx);
  work.outboxIds.push(...own.outboxIds);
  return work;
}

async function comment(
  deps: AppDeps,
  tx: Tx,
  input: {
    open: ScoreRequestWithCase;
    text: string;
    reply: ChatReply;
    locale: Locale;
    residentId: number;
    now: Date;
  },
): Promise<AfterCommit> {
  const { open, reply, now } = input;
  const text = cleanText(input.text);
  const work = afterCommit();
  const caseRow = await lockCaseById(tx, open.request.caseId);
  await markCommented(tx, open.request.id, now);
  if (caseRow !== undefined) {
    // Internal: a comment may name people or places; staff read it, the public record shows the score only.
    const eventId = await appendCaseEvent(tx, {
      communeId: caseRow.communeId,
      caseId: caseRow.id,
      action: 'score_comment',
      fromStatus: caseRow.status,
      toStatus: caseRow.status,
      actor: { kind: 'resident', residentId: input.residentId },
      note: text,
      data: { scoreRequestId: open.request.id, via: 'zalo' },
      internal: true,
      at: now,
    });
    const recipients =
      open.request.outcome === 'reopened'
        ? await escalationRecipients(tx, caseRow, { withOfficers: true })
        : await caseOfficers(tx, caseRow);
    work.outboxIds.push(
      ...(await noticeToStaff(tx, {
        caseRow,
        recipients,
        text: renderText('staff.notice.scoreComment', { code: caseRow.code, text }),
        key: `score-comment-${String(eventId)}`,
      })),
    );
    deps.logger.info({ communeId: caseRow.communeId, caseId: caseRow.id }, 'resident commented on a result');
  }
  reply.text(renderText('score.comment.thanks', { code: open.code }, input.locale));
  const own = await reply.flush(tx);
  work.outboxIds.push(...own.outboxIds);
  return work;
}
