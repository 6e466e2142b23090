import { eq } from 'drizzle-orm';
import {
  type ClockCalendar,
  type ClockKind,
  type ClockSettings,
  clockOps,
  filingClocks,
  isClockKind,
  resolveClockSettings,
} from '../../domain/case/clocks';
import {
  DEFAULT_TIME_ZONE,
  END_OF_WORKING_DAY_HOUR,
  addWorkingDays,
  localDate,
  localDateAtHour,
} from '../../domain/case/deadlines';
import type { CaseType } from '../../domain/case/workflow';
import type { ExtensionTarget } from '../../domain/staff/commands';
import type { DbOrTx } from '../../db/client';
import { applyClockOps, clocksOf, extendClock } from '../../db/repos/clocks';
import { holidayDays } from '../../db/repos/reference';
import { communes, type CaseClockRow, type CaseRow } from '../../db/schema';

/**
 * Keeps a case's clocks (domain/case/clocks.ts) in step with its changes, in the transaction of the change:
 * the filing starts the first ones, every workflow action may meet or start others (cases/act.ts calls
 * `clocksAfterChange`). The commune's settings live in `communes.settings.clocks` (admin API), its holidays in
 * the holidays table.
 */

export const CLOCK_SETTINGS_KEY = 'clocks';

export function clockSettingsOf(settings: Record<string, unknown>): ClockSettings {
  return resolveClockSettings(settings[CLOCK_SETTINGS_KEY]);
}

export async function clockCalendar(
  db: DbOrTx,
  communeId: number,
  timeZone: string = DEFAULT_TIME_ZONE,
): Promise<ClockCalendar> {
  const [commune] = await db
    .select({ settings: communes.settings })
    .from(communes)
    .where(eq(communes.id, communeId));
  return {
    holidays: await holidayDays(db, communeId),
    timeZone,
    settings: clockSettingsOf(commune?.settings ?? {}),
  };
}

export async function startFilingClocks(
  db: DbOrTx,
  input: { communeId: number; caseId: number; caseType: CaseType; filedAt: Date; timeZone?: string },
): Promise<void> {
  const cal = await clockCalendar(db, input.communeId, input.timeZone);
  const ops = filingClocks(input.caseType, input.filedAt, cal).map((clock) => ({
    op: 'start' as const,
    clock,
    restart: false,
  }));
  await applyClockOps(db, input.communeId, input.caseId, ops, input.filedAt);
}

function views(rows: readonly CaseClockRow[]) {
  return rows.map((r) => ({ kind: r.kind, dueAt: r.dueAt, metAt: r.metAt, extendedAt: r.extendedAt }));
}

/** Applies what a case change does to its clocks; `extension` is the one-time extension an `extend` made. */
export async function clocksAfterChange(
  db: DbOrTx,
  input: {
    after: CaseRow;
    action: string;
    now: Date;
    timeZone?: string;
    extension?: { clock: ClockKind; dueAt: Date; previousDueAt: Date; reason: string };
  },
): Promise<void> {
  const { after, now } = input;
  if (input.extension) await extendClock(db, after.id, input.extension.clock, { ...input.extension, now });
  const cal = await clockCalendar(db, after.communeId, input.timeZone);
  const ops = clockOps(
    {
      action: input.action,
      caseType: after.caseType,
      status: after.status,
      dueAt: after.dueAt,
      filedAt: after.createdAt,
    },
    views(await clocksOf(db, after.id)),
    now,
    cal,
  );
  await applyClockOps(db, after.communeId, after.id, ops, now);
}

/** The clock a `/giahan` without a named clock extends: the resolution deadline, else the one due soonest. */
export function clockToExtend(rows: readonly CaseClockRow[]): CaseClockRow | undefined {
  const running = rows.filter(
    (r) =>
      r.metAt === null && isClockKind(r.kind) && r.kind !== 'resident_score' && r.kind !== 'front_confirm',
  );
  return (
    running.find((r) => r.kind === 'resolution') ??
    [...running].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())[0]
  );
}

/**
 * The clock an extension applies to (the one named, else `clockToExtend`) and its new due time: 17:00 local on
 * the date (the next such date when the year is left out), or the current due date plus working days.
 */
export async function planExtension(
  db: DbOrTx,
  input: { caseRow: CaseRow; clock?: ClockKind; until: ExtensionTarget; now: Date; timeZone: string },
): Promise<
  { ok: true; clock: CaseClockRow; dueAt: Date } | { ok: false; reason: 'no_clock' | 'not_a_date' }
> {
  const rows = await clocksOf(db, input.caseRow.id);
  const clock =
    input.clock === undefined
      ? clockToExtend(rows)
      : rows.find((r) => r.kind === input.clock && r.metAt === null);
  if (clock === undefined) return { ok: false, reason: 'no_clock' };
  const { until, timeZone } = input;
  if (until.kind === 'workingDays') {
    return {
      ok: true,
      clock,
      dueAt: addWorkingDays(
        clock.dueAt,
        until.days,
        await holidayDays(db, input.caseRow.communeId),
        timeZone,
      ),
    };
  }
  const year = until.year ?? Number(localDate(input.now, timeZone).slice(0, 4));
  const iso = (y: number) =>
    `${String(y)}-${String(until.month).padStart(2, '0')}-${String(until.day).padStart(2, '0')}`;
  try {
    let dueAt = localDateAtHour(iso(year), END_OF_WORKING_DAY_HOUR, timeZone);
    if (until.year === null && dueAt.getTime() <= input.now.getTime())
      dueAt = localDateAtHour(iso(year + 1), END_OF_WORKING_DAY_HOUR, timeZone);
    return { ok: true, clock, dueAt };
  } catch {
    // 31/02 and the like are not dates.
    return { ok: false, reason: 'not_a_date' };
  }
}
