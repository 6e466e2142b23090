import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { ClockKind, ClockOp, ClockStart } from '../../domain/case/clocks';
import { vietnamPublicHolidaysFor } from '../../domain/calendar/public-holidays';
import { OPEN_STATUSES } from '../../domain/case/workflow';
import type { Db, DbOrTx } from '../client';
import { caseClocks, caseReminders, cases, communes, holidays, type CaseClockRow } from '../schema';

/** Persistence of case clocks and of the reminder ledger (domain/case/clocks.ts). */

export async function clocksOf(db: DbOrTx, caseId: number): Promise<CaseClockRow[]> {
  return db.select().from(caseClocks).where(eq(caseClocks.caseId, caseId)).orderBy(asc(caseClocks.id));
}

function startValues(communeId: number, caseId: number, clock: ClockStart, now: Date) {
  return {
    communeId,
    caseId,
    kind: clock.kind,
    basis: clock.basis,
    days: clock.days,
    startedAt: clock.startedAt,
    dueAt: clock.dueAt,
    metAt: clock.metAt ?? null,
    metBy: clock.metBy ?? null,
    extendedAt: null,
    extensionReason: null,
    previousDueAt: null,
    updatedAt: now,
  };
}

/** Carries out what clockOps decided; a start that is not a restart never overwrites a stored clock. */
export async function applyClockOps(
  db: DbOrTx,
  communeId: number,
  caseId: number,
  ops: readonly ClockOp[],
  now: Date,
): Promise<void> {
  for (const op of ops) {
    if (op.op === 'meet') {
      await db
        .update(caseClocks)
        .set({ metAt: op.at, metBy: op.by, updatedAt: now })
        .where(and(eq(caseClocks.caseId, caseId), eq(caseClocks.kind, op.kind), isNull(caseClocks.metAt)));
      continue;
    }
    const values = startValues(communeId, caseId, op.clock, now);
    const insert = db.insert(caseClocks).values(values);
    if (op.restart) {
      const { communeId: _c, caseId: _k, kind: _kind, ...changes } = values;
      await insert.onConflictDoUpdate({ target: [caseClocks.caseId, caseClocks.kind], set: changes });
    } else {
      await insert.onConflictDoNothing({ target: [caseClocks.caseId, caseClocks.kind] });
    }
  }
}

/** Records the one extension of a clock (the workflow has checked it is the first and later than the old one). */
export async function extendClock(
  db: DbOrTx,
  caseId: number,
  kind: ClockKind,
  input: { dueAt: Date; previousDueAt: Date; reason: string; now: Date },
): Promise<void> {
  await db
    .update(caseClocks)
    .set({
      dueAt: input.dueAt,
      previousDueAt: input.previousDueAt,
      extendedAt: input.now,
      extensionReason: input.reason,
      updatedAt: input.now,
    })
    .where(and(eq(caseClocks.caseId, caseId), eq(caseClocks.kind, kind)));
}

export interface RunningClock {
  clock: CaseClockRow;
  caseStatus: (typeof cases.$inferSelect)['status'];
  code: string;
  agencyId: number | null;
  caseType: (typeof cases.$inferSelect)['caseType'];
}

/**
 * Running clocks of a commune due before `horizon` (the reminder window ahead of now, and everything late),
 * with their case's status, in due order after the keyset `after`: the reminder job's candidates, read a page at
 * a time. Uses the partial index on running clocks.
 */
export async function runningClocksDueBefore(
  db: DbOrTx,
  communeId: number,
  horizon: Date,
  limit: number,
  after?: { dueAt: Date; id: number },
): Promise<RunningClock[]> {
  return db
    .select({
      clock: caseClocks,
      caseStatus: cases.status,
      code: cases.code,
      agencyId: cases.agencyId,
      caseType: cases.caseType,
    })
    .from(caseClocks)
    .innerJoin(cases, eq(cases.id, caseClocks.caseId))
    .where(
      and(
        eq(caseClocks.communeId, communeId),
        isNull(caseClocks.metAt),
        lte(caseClocks.dueAt, horizon),
        ...(after === undefined
          ? []
          : [sql`(${caseClocks.dueAt}, ${caseClocks.id}) > (${after.dueAt}, ${after.id})`]),
      ),
    )
    .orderBy(asc(caseClocks.dueAt), asc(caseClocks.id))
    .limit(limit);
}

/** The reminders already claimed for these cases, as `caseId|kind|threshold|dueAt(ms)`: what a scan can skip. */
export async function claimedReminders(db: DbOrTx, caseIds: readonly number[]): Promise<Set<string>> {
  if (caseIds.length === 0) return new Set();
  const rows = await db
    .select({
      caseId: caseReminders.caseId,
      kind: caseReminders.clockKind,
      threshold: caseReminders.threshold,
      dueAt: caseReminders.dueAt,
    })
    .from(caseReminders)
    .where(inArray(caseReminders.caseId, [...caseIds]));
  return new Set(rows.map((r) => reminderKey(r.caseId, r.kind, r.threshold, r.dueAt)));
}

export function reminderKey(caseId: number, kind: string, threshold: string, dueAt: Date): string {
  return `${String(caseId)}|${kind}|${threshold}|${String(dueAt.getTime())}`;
}

/**
 * Claims a reminder in the exactly-once ledger: the row is inserted, or nothing happens when another process
 * (or an earlier run) already sent it. Call it in the transaction that writes the reminder's outbox rows.
 */
export async function claimReminder(
  db: DbOrTx,
  input: {
    communeId: number;
    caseId: number;
    clockKind: ClockKind;
    threshold: string;
    dueAt: Date;
    effect: string;
    now: Date;
  },
): Promise<number | null> {
  const [row] = await db
    .insert(caseReminders)
    .values({
      communeId: input.communeId,
      caseId: input.caseId,
      clockKind: input.clockKind,
      threshold: input.threshold,
      dueAt: input.dueAt,
      effect: input.effect,
      sentAt: input.now,
    })
    .onConflictDoNothing({
      target: [caseReminders.caseId, caseReminders.clockKind, caseReminders.threshold, caseReminders.dueAt],
    })
    .returning({ id: caseReminders.id });
  return row?.id ?? null;
}

export async function setReminderRecipients(
  db: DbOrTx,
  reminderId: number,
  recipients: number,
): Promise<void> {
  await db.update(caseReminders).set({ recipients }).where(eq(caseReminders.id, reminderId));
}

/** Cases with a running clock (other than the score waits) past due, most overdue first: /giamsat's "overdue". */
export async function overdueCaseIds(
  db: DbOrTx,
  communeId: number,
  now: Date,
  limit: number,
): Promise<number[]> {
  const rows = await db
    .select({ caseId: caseClocks.caseId })
    .from(caseClocks)
    .innerJoin(cases, eq(cases.id, caseClocks.caseId))
    .where(
      and(
        eq(caseClocks.communeId, communeId),
        isNull(caseClocks.metAt),
        lte(caseClocks.dueAt, now),
        sql`${caseClocks.kind} not in ('resident_score', 'front_confirm')`,
        inArray(cases.status, [...OPEN_STATUSES]),
      ),
    )
    .groupBy(caseClocks.caseId)
    .orderBy(sql`min(${caseClocks.dueAt})`)
    .limit(limit);
  return rows.map((r) => r.caseId);
}

/** Resolved cases whose score wait is over and the Front has not confirmed yet: "awaiting the Front". */
export async function awaitingFrontCaseIds(
  db: DbOrTx,
  communeId: number,
  now: Date,
  limit: number,
): Promise<number[]> {
  const rows = await db
    .select({ caseId: caseClocks.caseId })
    .from(caseClocks)
    .innerJoin(cases, eq(cases.id, caseClocks.caseId))
    .where(
      and(
        eq(caseClocks.communeId, communeId),
        eq(caseClocks.kind, 'resident_score'),
        isNull(caseClocks.metAt),
        lte(caseClocks.dueAt, now),
        eq(cases.status, 'resolved'),
      ),
    )
    .orderBy(asc(caseClocks.dueAt))
    .limit(limit);
  return rows.map((r) => r.caseId);
}

/** The settings key that records which years of Vietnam's holidays a commune was given. */
export const HOLIDAY_YEARS_SETTING = 'holidayYearsSeeded';

/**
 * Gives a commune Vietnam's public holidays (domain/calendar/public-holidays.ts) for each of `years` it was not
 * given yet: a new commune starts with the current and the next year, and each start of the app in a new year
 * adds the year after. A year is given once (the commune's settings record it), so a day an admin deleted is not
 * put back; a day the commune already has keeps its name. Concurrent starts serialise on the commune row.
 */
export async function ensureHolidayYears(
  db: Db,
  communeId: number,
  years: readonly number[],
): Promise<number[]> {
  return db.transaction(async (tx) => {
    const [commune] = await tx
      .select({ settings: communes.settings })
      .from(communes)
      .where(eq(communes.id, communeId))
      .for('update');
    if (!commune) return [];
    const stored = commune.settings[HOLIDAY_YEARS_SETTING];
    const given = Array.isArray(stored) ? stored.filter((y): y is number => typeof y === 'number') : [];
    const missing = years.filter((year) => !given.includes(year));
    if (missing.length === 0) return [];
    const rows = vietnamPublicHolidaysFor(missing).map((h) => ({ communeId, day: h.day, name: h.name }));
    if (rows.length > 0) await tx.insert(holidays).values(rows).onConflictDoNothing();
    await tx
      .update(communes)
      .set({
        settings: sql`${communes.settings} || ${JSON.stringify({ [HOLIDAY_YEARS_SETTING]: [...given, ...missing].sort() })}::jsonb`,
      })
      .where(eq(communes.id, communeId));
    return missing;
  });
}

/** Adds one year of Vietnam's holidays on demand (the admin API), keeping the days the commune already has. */
export async function addStandardHolidays(
  db: DbOrTx,
  communeId: number,
  year: number,
): Promise<{ day: string; name: string }[]> {
  const rows = vietnamPublicHolidaysFor([year]).map((h) => ({ communeId, day: h.day, name: h.name }));
  const added = await db
    .insert(holidays)
    .values(rows)
    .onConflictDoNothing()
    .returning({ day: holidays.day, name: holidays.name });
  return added;
}

export async function communeIds(db: DbOrTx): Promise<number[]> {
  const rows = await db.select({ id: communes.id }).from(communes).orderBy(asc(communes.id));
  return rows.map((r) => r.id);
}
