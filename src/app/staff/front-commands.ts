import { clockRuns } from '../../domain/case/clocks';
import { addWorkingDays, isOverdue } from '../../domain/case/deadlines';
import { scoreLabel } from '../../domain/case/score';
import { formatLocalDate, statusLabel } from '../../domain/case/notices';
import type { CaseAction, RefusalReason } from '../../domain/case/workflow';
import type { ExtensionTarget, StaffCommand } from '../../domain/staff/commands';
import { renderText } from '../../domain/text/catalog';
import type { Tx } from '../../db/client';
import { caseById, openCases } from '../../db/repos/case-work';
import { awaitingFrontCaseIds, clocksOf, overdueCaseIds } from '../../db/repos/clocks';
import { holidayDays } from '../../db/repos/reference';
import { lowScoredCaseIds } from '../../db/repos/scores';
import { linkedStaff } from '../../db/repos/staff';
import type { CaseRow, Commune, Staff } from '../../db/schema';
import { planExtension } from '../cases/clocks';
import { DEFAULT_DEADLINE_DAYS, dueDateFor, namesOf } from '../cases/facts';
import type { AppDeps } from '../deps';
import { caseLeaders, caseOfficers, escalationRecipients, noticeToStaff } from './notify-staff';

/**
 * The Fatherland Front's second key and the one-time extension of a deadline, as staff commands (issue 10):
 *
 *   /giamsat                       what needs the Front's eye: overdue, reopened, low-scored, awaiting the Front
 *   /giamsat LS-0427 <nội dung>    a supervision note (public, the Front's); the case's officers and leaders hear
 *   /dat LS-0427                   the Front confirms a result nobody scored: the case closes (close by 'front')
 *   /chuadat LS-0427 <lý do>       the Front finds a result wanting: reopened with a new deadline, and escalated
 *   /giahan LS-0427 <ngày|số ngày> <lý do>   a leader extends a deadline once; the resident is told the new date
 *
 * Permissions and transitions are the workflow's (permissions.ts, workflow.ts), through the staff handler.
 */

export type ClockCommand = Extract<
  StaffCommand,
  { kind: 'frontList' | 'supervise' | 'frontConfirm' | 'frontReopen' | 'extend' }
>;

/** What the staff handler lends these commands: its reply, its row lock and its way of applying an action. */
export interface StaffCommandContext {
  deps: AppDeps;
  tx: Tx;
  commune: Commune;
  member: Staff;
  now: Date;
  lock(code: string): Promise<CaseRow | undefined>;
  /** Applies an action through the workflow and answers; the event id, or null when refused (already answered). */
  apply(
    caseRow: CaseRow,
    action: CaseAction,
    ok: (row: CaseRow) => string,
    options?: { data?: Record<string, unknown>; onRefused?: (reason: RefusalReason) => string | null },
  ): Promise<{ eventId: number; caseRow: CaseRow } | null>;
  text(text: string): void;
  buttons(text: string, buttons: { title: string; payload: string }[]): void;
  outbox(ids: readonly number[]): void;
}

const LIST_LIMIT = 10;
const MAX_BUTTONS = 5;

export async function runClockCommand(ctx: StaffCommandContext, command: ClockCommand): Promise<void> {
  switch (command.kind) {
    case 'frontList':
      return frontList(ctx);
    case 'supervise':
      return supervise(ctx, command.caseCode, command.text);
    case 'frontConfirm':
      return frontConfirm(ctx, command.caseCode);
    case 'frontReopen':
      return frontReopen(ctx, command.caseCode, command.reason);
    case 'extend':
      return extend(ctx, command.caseCode, command.until, command.reason);
  }
}

async function rowsOf(tx: Tx, ids: readonly number[]): Promise<CaseRow[]> {
  const rows: CaseRow[] = [];
  for (const id of ids) {
    const row = await caseById(tx, id);
    if (row) rows.push(row);
  }
  return rows;
}

async function frontList(ctx: StaffCommandContext): Promise<void> {
  const { tx, commune, now } = ctx;
  const tz = ctx.deps.config.TZ;
  const sections: { title: string; rows: CaseRow[]; detail: (row: CaseRow) => string }[] = [
    {
      title: renderText('front.list.overdue'),
      rows: await rowsOf(tx, await overdueCaseIds(tx, commune.id, now, LIST_LIMIT)),
      detail: (row) =>
        row.dueAt === null ? '' : renderText('front.list.due', { due: formatLocalDate(row.dueAt, tz) }),
    },
    {
      title: renderText('front.list.reopened'),
      rows: await openCases(tx, commune.id, { statuses: ['reopened'], limit: LIST_LIMIT }),
      detail: (row) =>
        row.dueAt === null ? '' : renderText('front.list.due', { due: formatLocalDate(row.dueAt, tz) }),
    },
    {
      title: renderText('front.list.lowScore'),
      rows: await rowsOf(tx, await lowScoredCaseIds(tx, commune.id, LIST_LIMIT)),
      detail: (row) => (row.score === null ? '' : renderText('front.list.score', { score: row.score })),
    },
    {
      title: renderText('front.list.awaiting'),
      rows: await rowsOf(tx, await awaitingFrontCaseIds(tx, commune.id, now, LIST_LIMIT)),
      detail: () => '',
    },
  ];
  const filled = sections.filter((s) => s.rows.length > 0);
  if (filled.length === 0) {
    ctx.text(renderText('front.list.empty'));
    return;
  }
  const codes = [...new Set(filled.flatMap((s) => s.rows.map((r) => r.code)))];
  const text = filled
    .map((s) =>
      [
        s.title,
        ...s.rows.map((row) =>
          renderText('front.list.item', {
            code: row.code,
            status: statusLabel(row.status),
            detail: s.detail(row),
          }),
        ),
      ].join('\n'),
    )
    .join('\n');
  ctx.buttons(
    renderText('front.list', { count: codes.length, sections: text }),
    codes
      .slice(0, MAX_BUTTONS)
      .map((code) => ({ title: renderText('btn.front.viewCase', { code }), payload: `/xem ${code}` })),
  );
}

function others(ctx: StaffCommandContext, members: readonly Staff[]): Staff[] {
  return members.filter((m) => m.id !== ctx.member.id);
}

async function supervise(ctx: StaffCommandContext, code: string, text: string): Promise<void> {
  const caseRow = await ctx.lock(code);
  if (!caseRow) return;
  const done = await ctx.apply(caseRow, { type: 'supervise', text }, (row) =>
    renderText('staff.ok.supervise', { code: row.code }),
  );
  if (done === null) return;
  const recipients = others(ctx, [
    ...(await caseOfficers(ctx.tx, done.caseRow)),
    ...(await caseLeaders(ctx.tx, done.caseRow)),
  ]);
  ctx.outbox(
    await noticeToStaff(ctx.tx, {
      caseRow: done.caseRow,
      recipients,
      text: renderText('staff.notice.supervision', { code: done.caseRow.code, text: text.trim() }),
      key: `supervise-${String(done.eventId)}`,
    }),
  );
}

async function frontConfirm(ctx: StaffCommandContext, code: string): Promise<void> {
  const caseRow = await ctx.lock(code);
  if (!caseRow) return;
  await ctx.apply(
    caseRow,
    { type: 'close', by: 'front' },
    (row) => renderText('staff.ok.frontConfirm', { code: row.code }),
    {
      onRefused: (reason) =>
        reason === 'already_scored'
          ? renderText('staff.refused.alreadyScored', { code: caseRow.code, score: caseRow.score ?? '' })
          : null,
    },
  );
}

/** A new resolution deadline from today: the case's rules for its agency, or the default without one. */
async function newDeadline(ctx: StaffCommandContext, caseRow: CaseRow): Promise<Date> {
  const tz = ctx.deps.config.TZ;
  if (caseRow.agencyId === null)
    return addWorkingDays(ctx.now, DEFAULT_DEADLINE_DAYS, await holidayDays(ctx.tx, caseRow.communeId), tz);
  return dueDateFor(ctx.tx, {
    communeId: caseRow.communeId,
    row: caseRow,
    agencyId: caseRow.agencyId,
    now: ctx.now,
    timeZone: tz,
  });
}

async function frontReopen(ctx: StaffCommandContext, code: string, reason: string): Promise<void> {
  const caseRow = await ctx.lock(code);
  if (!caseRow) return;
  const tz = ctx.deps.config.TZ;
  const dueAt = await newDeadline(ctx, caseRow);
  const agency = (await namesOf(ctx.tx, caseRow)).agencyName ?? renderText('case.value.none');
  const done = await ctx.apply(
    caseRow,
    { type: 'reopen', reason, dueAt },
    (row) => renderText('staff.ok.frontReopen', { code: row.code, agency, due: formatLocalDate(dueAt, tz) }),
    { data: { by: 'front' } },
  );
  if (done === null) return;
  const communeLeaders = await linkedStaff(ctx.tx, ctx.commune.id, { roles: ['commune_leader'] });
  const recipients = others(ctx, [
    ...(await escalationRecipients(ctx.tx, done.caseRow, { withOfficers: true })),
    ...communeLeaders,
  ]);
  ctx.outbox(
    await noticeToStaff(ctx.tx, {
      caseRow: done.caseRow,
      recipients,
      text: renderText('staff.notice.frontReopened', {
        code: done.caseRow.code,
        reason: reason.trim(),
        due: formatLocalDate(dueAt, tz),
        agency,
      }),
      key: `front-reopen-${String(done.eventId)}`,
    }),
  );
}

async function extend(
  ctx: StaffCommandContext,
  code: string,
  until: ExtensionTarget,
  reason: string,
): Promise<void> {
  const caseRow = await ctx.lock(code);
  if (!caseRow) return;
  const tz = ctx.deps.config.TZ;
  const plan = await planExtension(ctx.tx, { caseRow, until, now: ctx.now, timeZone: tz });
  if (!plan.ok) {
    ctx.text(
      plan.reason === 'no_clock'
        ? renderText('staff.cmd.noClock', { code: caseRow.code })
        : renderText('staff.cmd.extendUsage', { example: caseRow.code }),
    );
    return;
  }
  const { clock, dueAt } = plan;
  const what = renderText(`clock.what.${clock.kind}`);
  await ctx.apply(
    caseRow,
    { type: 'extend', clock: clock.kind, currentDueAt: clock.dueAt, dueAt, reason },
    (row) => renderText('staff.ok.extend', { what, code: row.code, due: formatLocalDate(dueAt, tz) }),
    {
      onRefused: (refusal) => {
        if (refusal === 'already_extended')
          return renderText('staff.refused.alreadyExtended', { code: caseRow.code });
        if (refusal === 'invalid_due_date') {
          return renderText('staff.refused.extendDate', {
            code: caseRow.code,
            due: formatLocalDate(clock.dueAt, tz),
          });
        }
        return null;
      },
    },
  );
}

/** The lines `/xem` adds (issue 10): the running deadlines besides the resolution, and the resident's score. */
export async function clockViewLines(
  tx: Tx,
  caseRow: CaseRow,
  now: Date,
  timeZone: string,
): Promise<string[]> {
  const running = (await clocksOf(tx, caseRow.id)).filter(
    (c) => c.metAt === null && c.kind !== 'resolution' && clockRuns(c.kind, caseRow.status),
  );
  const lines: string[] = [];
  if (running.length > 0) {
    const items = running.map((c) =>
      renderText('staff.view.clockItem', {
        what: renderText(`clock.what.${c.kind}`),
        due: formatLocalDate(c.dueAt, timeZone),
        state: isOverdue(c.dueAt, now)
          ? renderText('staff.view.clockLate')
          : c.extendedAt === null
            ? ''
            : renderText('staff.view.clockExtended'),
      }),
    );
    lines.push(renderText('staff.view.clocks', { list: items.join('\n') }));
  }
  if (caseRow.score !== null)
    lines.push(renderText('staff.view.score', { score: caseRow.score, label: scoreLabel(caseRow.score) }));
  return lines;
}
