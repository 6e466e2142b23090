import { eq } from 'drizzle-orm';
import { type ClockCalendar, type ReminderStage, clockRuns, reminderStage } from '../../domain/case/clocks';
import { formatLocalDate } from '../../domain/case/notices';
import { renderText } from '../../domain/text/catalog';
import type { Tx } from '../../db/client';
import {
  claimReminder,
  claimedReminders,
  clocksOf,
  communeIds,
  reminderKey,
  runningClocksDueBefore,
  setReminderRecipients,
} from '../../db/repos/clocks';
import { appendCaseEvent, lockCaseById } from '../../db/repos/case-work';
import { caseClocks, type CaseClockRow, type CaseRow, type Staff } from '../../db/schema';
import { afterCommit, flushAfterCommit, mergeAfterCommit, type AfterCommit } from '../after-commit';
import type { AppDeps } from '../deps';
import { caseOfficers, escalationRecipients, frontSupervisors, noticeToStaff } from '../staff/notify-staff';
import { performCaseAction } from './act';
import { clockCalendar } from './clocks';
import { namesOf } from './facts';

/**
 * The `clock.scan` repeatable job (issue 10): for every running clock whose reminder window has opened, the
 * stage it owes now (domain/case/clocks.ts reminderStage) is carried out once:
 *
 *   before        → the case's officers: what is due and when;
 *   at the deadline, and every N working days while it stays missed → the case's leaders and the Front;
 *   no score in time → the Front is asked to confirm (/dat) or reopen (/chuadat);
 *   and no confirmation either → the case closes as "closed, unscored".
 *
 * Exactly once with any number of worker processes: each stage is claimed in `case_reminders` (unique per case,
 * clock kind, threshold and due date) in the same transaction as its outbox rows and case event, under the
 * case's row lock; a process that loses the race inserts nothing and sends nothing.
 */

/** How far ahead the job looks for clocks whose "before" reminder may be due (covers 10 working days and Tết). */
const HORIZON_MS = 31 * 24 * 3600 * 1000;
const PAGE = 500;
/** A bound on one run; what is left is read by the next run (the job repeats). */
const MAX_PAGES = 40;

export interface ScanOutcome {
  sent: number;
  closedUnscored: number;
}

export async function scanClocks(deps: AppDeps): Promise<ScanOutcome> {
  const now = deps.now();
  const outcome: ScanOutcome = { sent: 0, closedUnscored: 0 };
  for (const communeId of await communeIds(deps.db)) {
    const cal = await clockCalendar(deps.db, communeId, deps.config.TZ);
    const horizon = new Date(now.getTime() + HORIZON_MS);
    const work = afterCommit();
    try {
      let after: { dueAt: Date; id: number } | undefined;
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const candidates = await runningClocksDueBefore(deps.db, communeId, horizon, PAGE, after);
        const last = candidates.at(-1);
        if (last === undefined) break;
        after = { dueAt: last.clock.dueAt, id: last.clock.id };
        // One read of the ledger per page: stages already sent cost no transaction.
        const claimed = await claimedReminders(deps.db, [...new Set(candidates.map((c) => c.clock.caseId))]);
        for (const candidate of candidates) {
          const { clock } = candidate;
          if (!clockRuns(clock.kind, candidate.caseStatus)) continue;
          const stage = reminderStage(clock, now, cal);
          if (
            stage === null ||
            claimed.has(reminderKey(clock.caseId, clock.kind, stage.threshold, clock.dueAt))
          )
            continue;
          const done = await deps.db.transaction((tx) => fire(deps, tx, { clock, stage, cal, now }));
          if (done === null) continue;
          mergeAfterCommit(work, done.work);
          if (stage.effect === 'close_unscored') outcome.closedUnscored += 1;
          else outcome.sent += 1;
        }
        if (candidates.length < PAGE) break;
      }
    } finally {
      await flushAfterCommit(deps, work);
    }
  }
  if (outcome.sent + outcome.closedUnscored > 0) deps.logger.info({ ...outcome }, 'clock reminders sent');
  return outcome;
}

async function fire(
  deps: AppDeps,
  tx: Tx,
  input: { clock: CaseClockRow; stage: ReminderStage; cal: ClockCalendar; now: Date },
): Promise<{ work: AfterCommit } | null> {
  const { stage, now } = input;
  const caseRow = await lockCaseById(tx, input.clock.caseId);
  if (caseRow === undefined || !clockRuns(input.clock.kind, caseRow.status)) return null;
  // Read again under the lock: the clock may have been met or extended since the scan read it.
  const [clock] = await tx.select().from(caseClocks).where(eq(caseClocks.id, input.clock.id));
  if (clock === undefined || clock.metAt !== null || clock.dueAt.getTime() !== input.clock.dueAt.getTime())
    return null;
  const reminderId = await claimReminder(tx, {
    communeId: caseRow.communeId,
    caseId: caseRow.id,
    clockKind: clock.kind,
    threshold: stage.threshold,
    dueAt: clock.dueAt,
    effect: stage.effect,
    now,
  });
  if (reminderId === null) return null;

  const work = afterCommit();
  let recipients: Staff[] = [];
  if (stage.effect === 'close_unscored') {
    const closed = await performCaseAction(tx, {
      caseRow,
      actor: { kind: 'system', job: 'auto_close' },
      action: { type: 'close', by: 'unscored' },
      data: { clock: clock.kind, reminderId },
      now,
      timeZone: input.cal.timeZone,
      links: deps.mediaLinks,
    });
    if (closed.ok) work.outboxIds.push(...closed.outboxIds);
  } else {
    const message = await messageFor(tx, { caseRow, clock, stage, cal: input.cal });
    recipients = message.recipients;
    work.outboxIds.push(
      ...(await noticeToStaff(tx, {
        caseRow,
        recipients,
        text: message.text,
        key: `reminder-${String(reminderId)}`,
        ...(message.buttons ? { buttons: message.buttons } : {}),
      })),
    );
  }
  await setReminderRecipients(tx, reminderId, recipients.length);
  await appendCaseEvent(tx, {
    communeId: caseRow.communeId,
    caseId: caseRow.id,
    action: 'reminder',
    fromStatus: caseRow.status,
    toStatus: caseRow.status,
    actor: { kind: 'system', job: 'clocks' },
    data: {
      reminderId,
      clock: clock.kind,
      threshold: stage.threshold,
      effect: stage.effect,
      dueAt: clock.dueAt.toISOString(),
      recipients: recipients.map((r) => r.id),
    },
    internal: true,
    at: now,
  });
  return { work };
}

async function messageFor(
  tx: Tx,
  input: { caseRow: CaseRow; clock: CaseClockRow; stage: ReminderStage; cal: ClockCalendar },
): Promise<{ recipients: Staff[]; text: string; buttons?: { title: string; payload: string }[] }> {
  const { caseRow, clock, stage } = input;
  const tz = input.cal.timeZone;
  const code = caseRow.code;
  const due = formatLocalDate(clock.dueAt, tz);
  const agency = (await namesOf(tx, caseRow)).agencyName ?? renderText('case.value.none');
  const what = renderText(`clock.what.${clock.kind}`);
  switch (stage.effect) {
    case 'remind':
      return {
        recipients: await caseOfficers(tx, caseRow),
        text:
          stage.workingDays > 0
            ? renderText('clock.reminder.before', { code, what, due, left: stage.workingDays, agency })
            : renderText('clock.reminder.today', { code, what, due, agency }),
      };
    case 'escalate':
      return {
        recipients: await escalationRecipients(tx, caseRow),
        text:
          stage.workingDays > 0
            ? renderText('clock.reminder.overdue', { code, what, due, late: stage.workingDays, agency })
            : renderText('clock.reminder.overdueToday', { code, what, due, agency }),
      };
    case 'front_handoff':
    case 'close_unscored': {
      const confirm = (await clocksOf(tx, caseRow.id)).find((c) => c.kind === 'front_confirm');
      return {
        recipients: await frontSupervisors(tx, caseRow.communeId),
        text: renderText('clock.handoff.front', {
          code,
          resolved: caseRow.resolvedAt === null ? due : formatLocalDate(caseRow.resolvedAt, tz),
          close: confirm === undefined ? due : formatLocalDate(confirm.dueAt, tz),
        }),
        buttons: [
          { title: renderText('btn.front.confirm'), payload: `/dat ${code}` },
          { title: renderText('btn.staff.view'), payload: `/xem ${code}` },
        ],
      };
    }
  }
}
