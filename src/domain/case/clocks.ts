import { z } from 'zod';
import { addCalendarDays, addWorkingDays, isOverdue, workingDaysLeft } from './deadlines';
import { type CaseStatus, type CaseType, DEADLINE_STATUSES, OPEN_STATUSES } from './workflow';

/**
 * The clocks of a case: every period the law (or the commune) gives for something the commune owes the
 * resident, each with its own due date, met when the thing is done. Pure: the app stores them (case_clocks),
 * a repeatable job asks `reminderStage` what is due and sends each reminder once.
 *
 * | kind                 | period (default)           | counted in   | source                                   |
 * |----------------------|----------------------------|--------------|------------------------------------------|
 * | first_answer         | 2                          | working days | the commune's promise (iHanoi-like)      |
 * | status_notice        | 10                         | working days | Law 42/2013 Art. 28 (accepted, delayed, refused or transferred) |
 * | transfer             | 5                          | working days | Decree 20/2008 Art. 9 (classify, pass on) |
 * | resolution           | the category's deadline    | working days | routing rule / category (cases.due_at)   |
 * | complaint_accept     | 10                         | days         | Law 02/2011 Art. 27 (thụ lý)              |
 * | complaint_resolve    | 30 (45 if complex)         | days         | Law 02/2011 Art. 28, from acceptance     |
 * | denunciation_verify  | 7                          | working days | Law 25/2018 Art. 24 (log and verify)     |
 * | denunciation_resolve | 30                         | days         | Law 25/2018 Art. 30, from acceptance     |
 * | resident_score       | 3                          | working days | the commune: then the Front takes over   |
 * | front_confirm        | 7                          | working days | the commune: then "closed, unscored"     |
 *
 * "Days" are calendar days (the complaint and denunciation laws say "ngày", the denunciation law says "ngày làm
 * việc" where it means working days); both count from the day after the start and end at 17:00 local
 * (deadlines.ts). Every number is a commune setting (`ClockSettings`).
 */

export const CLOCK_KINDS = [
  'first_answer',
  'status_notice',
  'transfer',
  'resolution',
  'complaint_accept',
  'complaint_resolve',
  'denunciation_verify',
  'denunciation_resolve',
  'resident_score',
  'front_confirm',
] as const;
export type ClockKind = (typeof CLOCK_KINDS)[number];

export type DayBasis = 'working' | 'calendar';

const days = (max: number) => z.number().int().min(0).max(max);

/** Every setting of a commune's clocks; `communes.settings.clocks` holds the ones it changed. */
export const clockSettingsFields = {
  firstAnswerWorkingDays: days(60),
  statusNoticeWorkingDays: days(60),
  transferWorkingDays: days(60),
  complaintAcceptDays: days(90),
  complaintResolveDays: days(180),
  complaintResolveComplexDays: days(180),
  denunciationVerifyWorkingDays: days(60),
  denunciationResolveDays: days(180),
  /** Officers hear about a deadline this many working days before it (0: on the day itself). */
  reminderBeforeWorkingDays: days(10),
  /** While a deadline stays missed, the leader and the Front hear again every this many working days. */
  overdueRepeatWorkingDays: z.number().int().min(1).max(60),
  /** A resolved case nobody scored goes to the Front after this many working days. */
  scoreWaitWorkingDays: days(60),
  /** A resolved case nobody scored and the Front did not confirm closes "unscored" after this many. */
  unscoredCloseWorkingDays: days(90),
  /** After a score, the resident's next free text within this many minutes is their comment. */
  commentWaitMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60),
} as const;

export const clockSettingsPatch = z.object(clockSettingsFields).partial().strict();
export type ClockSettings = { readonly [K in keyof typeof clockSettingsFields]: number };

export const DEFAULT_CLOCK_SETTINGS: ClockSettings = {
  firstAnswerWorkingDays: 2,
  statusNoticeWorkingDays: 10,
  transferWorkingDays: 5,
  complaintAcceptDays: 10,
  complaintResolveDays: 30,
  complaintResolveComplexDays: 45,
  denunciationVerifyWorkingDays: 7,
  denunciationResolveDays: 30,
  reminderBeforeWorkingDays: 1,
  overdueRepeatWorkingDays: 2,
  scoreWaitWorkingDays: 3,
  unscoredCloseWorkingDays: 7,
  commentWaitMinutes: 60,
};

/** The commune's settings over the defaults; a stored value that is not valid is ignored, never fatal. */
export function resolveClockSettings(stored: unknown): ClockSettings {
  if (typeof stored !== 'object' || stored === null) return DEFAULT_CLOCK_SETTINGS;
  const valid: Record<string, number> = {};
  for (const [key, schema] of Object.entries(clockSettingsFields)) {
    const parsed = schema.safeParse((stored as Record<string, unknown>)[key]);
    if (parsed.success) valid[key] = parsed.data;
  }
  return { ...DEFAULT_CLOCK_SETTINGS, ...valid };
}

/** What happens when a clock's due time passes. */
export type OverdueEffect =
  /** The agency leader and the Front supervisors are told, and again every N working days. */
  | 'escalate'
  /** Nobody scored the result: the Front supervisors are asked to confirm it (/dat) or reopen it (/chuadat). */
  | 'front_handoff'
  /** Nobody scored and the Front did not confirm: the case closes as "closed, unscored". */
  | 'close_unscored';

interface ClockRule {
  readonly basis: DayBasis;
  /** The period in its basis; null when the case's own due date (cases.due_at) is the clock. */
  readonly days: (s: ClockSettings) => number | null;
  /** The case event actions that meet it (what the resident sees as done). */
  readonly metBy: readonly string[];
  /** The case statuses in which it runs; in any other status it is paused (and never reminds). */
  readonly runsWhile: readonly CaseStatus[];
  /** Whether the case's officers get a reminder before the due date. */
  readonly remindBefore: boolean;
  readonly onOverdue: OverdueEffect;
}

const DECISIONS = ['reject', 'merge'];

export const CLOCK_RULES: Readonly<Record<ClockKind, ClockRule>> = {
  first_answer: {
    basis: 'working',
    days: (s) => s.firstAnswerWorkingDays,
    metBy: ['answer', 'resolve', ...DECISIONS],
    runsWhile: OPEN_STATUSES,
    remindBefore: true,
    onOverdue: 'escalate',
  },
  status_notice: {
    basis: 'working',
    days: (s) => s.statusNoticeWorkingDays,
    metBy: ['verify', 'assign', 'transfer', 'answer', 'resolve', 'extend', ...DECISIONS],
    runsWhile: OPEN_STATUSES,
    remindBefore: true,
    onOverdue: 'escalate',
  },
  transfer: {
    basis: 'working',
    days: (s) => s.transferWorkingDays,
    metBy: ['assign', 'transfer', 'resolve', ...DECISIONS],
    runsWhile: OPEN_STATUSES,
    remindBefore: true,
    onOverdue: 'escalate',
  },
  resolution: {
    basis: 'working',
    days: () => null,
    metBy: ['resolve', 'close', ...DECISIONS],
    runsWhile: DEADLINE_STATUSES,
    remindBefore: true,
    onOverdue: 'escalate',
  },
  complaint_accept: {
    basis: 'calendar',
    days: (s) => s.complaintAcceptDays,
    metBy: ['verify', 'assign', 'take', 'resolve', ...DECISIONS],
    runsWhile: OPEN_STATUSES,
    remindBefore: true,
    onOverdue: 'escalate',
  },
  complaint_resolve: {
    basis: 'calendar',
    days: (s) => s.complaintResolveDays,
    metBy: ['resolve', 'close', ...DECISIONS],
    runsWhile: OPEN_STATUSES,
    remindBefore: true,
    onOverdue: 'escalate',
  },
  denunciation_verify: {
    basis: 'working',
    days: (s) => s.denunciationVerifyWorkingDays,
    metBy: ['verify', 'assign', 'take', 'resolve', ...DECISIONS],
    runsWhile: OPEN_STATUSES,
    remindBefore: true,
    onOverdue: 'escalate',
  },
  denunciation_resolve: {
    basis: 'calendar',
    days: (s) => s.denunciationResolveDays,
    metBy: ['resolve', 'close', ...DECISIONS],
    runsWhile: OPEN_STATUSES,
    remindBefore: true,
    onOverdue: 'escalate',
  },
  resident_score: {
    basis: 'working',
    days: (s) => s.scoreWaitWorkingDays,
    metBy: ['score', 'close', 'reopen'],
    runsWhile: ['resolved'],
    remindBefore: false,
    onOverdue: 'front_handoff',
  },
  front_confirm: {
    basis: 'working',
    days: (s) => s.unscoredCloseWorkingDays,
    metBy: ['score', 'close', 'reopen'],
    runsWhile: ['resolved'],
    remindBefore: false,
    onOverdue: 'close_unscored',
  },
};

/** The commune's calendar and settings: everything a clock computation needs besides the case. */
export interface ClockCalendar {
  readonly holidays: readonly string[];
  readonly timeZone: string;
  readonly settings: ClockSettings;
}

export interface ClockStart {
  readonly kind: ClockKind;
  readonly basis: DayBasis;
  /** The period in its basis; null for the resolution clock (the category's deadline is in cases.due_at). */
  readonly days: number | null;
  readonly startedAt: Date;
  readonly dueAt: Date;
  /** Set when the clock starts already met (a retyped case that was accepted long ago). */
  readonly metAt?: Date;
  readonly metBy?: string;
}

/** A stored clock as the domain needs it. */
export interface ClockView {
  readonly kind: ClockKind;
  readonly dueAt: Date;
  readonly metAt: Date | null;
  readonly extendedAt: Date | null;
}

/** The due time of a clock of `kind` started at `start` (not for `resolution`, whose due date is the case's). */
export function clockDue(kind: Exclude<ClockKind, 'resolution'>, start: Date, cal: ClockCalendar): Date {
  const rule = CLOCK_RULES[kind];
  const period = rule.days(cal.settings) ?? 0;
  return rule.basis === 'working'
    ? addWorkingDays(start, period, cal.holidays, cal.timeZone)
    : addCalendarDays(start, period, cal.holidays, cal.timeZone);
}

function started(kind: Exclude<ClockKind, 'resolution'>, start: Date, cal: ClockCalendar): ClockStart {
  const rule = CLOCK_RULES[kind];
  return {
    kind,
    basis: rule.basis,
    days: rule.days(cal.settings),
    startedAt: start,
    dueAt: clockDue(kind, start, cal),
  };
}

/** The type's own first clock, counted from the filing. */
function typeClock(caseType: CaseType): 'complaint_accept' | 'denunciation_verify' | null {
  if (caseType === 'complaint') return 'complaint_accept';
  if (caseType === 'denunciation') return 'denunciation_verify';
  return null;
}

/** The clock that starts when the type's first clock is met (the case is accepted: thụ lý). */
const FOLLOWS: Partial<Record<ClockKind, Exclude<ClockKind, 'resolution'>>> = {
  complaint_accept: 'complaint_resolve',
  denunciation_verify: 'denunciation_resolve',
};
/** The actions that accept a complaint or a denunciation (thụ lý): meeting the first clock by rejection does not. */
const ACCEPTING = ['verify', 'assign', 'take'];

/** The clocks that start when a case is filed. */
export function filingClocks(caseType: CaseType, filedAt: Date, cal: ClockCalendar): ClockStart[] {
  const kinds: Exclude<ClockKind, 'resolution'>[] = ['first_answer', 'status_notice', 'transfer'];
  const own = typeClock(caseType);
  if (own !== null) kinds.push(own);
  return kinds.map((kind) => started(kind, filedAt, cal));
}

/** A case change, as the clocks see it: the event's action and the case after it. */
export interface ClockedChange {
  readonly action: string;
  readonly caseType: CaseType;
  readonly status: CaseStatus;
  /** cases.due_at after the change: the resolution clock follows it. */
  readonly dueAt: Date | null;
  readonly filedAt: Date;
}

export type ClockOp =
  | { readonly op: 'meet'; readonly kind: ClockKind; readonly at: Date; readonly by: string }
  /** Start a clock; `restart` replaces a stored one of the same kind (a new deadline, a new resolution). */
  | { readonly op: 'start'; readonly clock: ClockStart; readonly restart: boolean };

const RESTARTS_RESOLUTION = ['assign', 'transfer', 'reopen'];

/**
 * What a case change does to its clocks: which running clocks it meets and which it starts. Deterministic
 * from the change and the stored clocks, so replaying it changes nothing.
 */
export function clockOps(
  change: ClockedChange,
  clocks: readonly ClockView[],
  now: Date,
  cal: ClockCalendar,
): ClockOp[] {
  const ops: ClockOp[] = [];
  const stored = new Map(clocks.map((c) => [c.kind, c]));
  const running = (kind: ClockKind) => {
    const c = stored.get(kind);
    return c !== undefined && c.metAt === null;
  };

  for (const c of clocks) {
    if (c.metAt === null && CLOCK_RULES[c.kind].metBy.includes(change.action)) {
      ops.push({ op: 'meet', kind: c.kind, at: now, by: change.action });
      const follower = FOLLOWS[c.kind];
      if (follower !== undefined && ACCEPTING.includes(change.action) && !stored.has(follower)) {
        ops.push({ op: 'start', clock: started(follower, now, cal), restart: false });
      }
    }
  }

  const resolution = stored.get('resolution');
  if (
    RESTARTS_RESOLUTION.includes(change.action) &&
    change.dueAt !== null &&
    (resolution === undefined ||
      resolution.metAt !== null ||
      resolution.dueAt.getTime() !== change.dueAt.getTime())
  ) {
    ops.push({
      op: 'start',
      clock: { kind: 'resolution', basis: 'working', days: null, startedAt: now, dueAt: change.dueAt },
      restart: resolution !== undefined,
    });
  }

  if (change.action === 'resolve') {
    for (const kind of ['resident_score', 'front_confirm'] as const) {
      ops.push({ op: 'start', clock: started(kind, now, cal), restart: stored.has(kind) });
    }
  }

  if (change.action === 'retype') {
    const own = typeClock(change.caseType);
    if (own !== null && !stored.has(own)) {
      const first = started(own, change.filedAt, cal);
      // Anything past `received` was accepted (verified, routed or taken) before the type was corrected.
      if (change.status !== 'received') {
        ops.push({ op: 'start', clock: { ...first, metAt: now, metBy: 'retype' }, restart: false });
        const follower = FOLLOWS[own];
        if (follower !== undefined && !running(follower)) {
          ops.push({ op: 'start', clock: started(follower, now, cal), restart: stored.has(follower) });
        }
      } else {
        ops.push({ op: 'start', clock: first, restart: false });
      }
    }
  }
  return ops;
}

/** A reminder a clock owes now: its threshold names it in the exactly-once ledger. */
export interface ReminderStage {
  /** 'before', or 'overdue-<n>' for the n-th repeat (0 = the moment it passed). */
  readonly threshold: string;
  readonly stage: 'before' | 'overdue';
  /** Working days left before the due date (before), or working days late (overdue). */
  readonly workingDays: number;
  readonly effect: 'remind' | OverdueEffect;
}

/**
 * The reminder a running clock owes at `now`, or null. Only the latest stage is returned: a job that ran late
 * sends the current state once, not every stage it missed. Thresholds are stable, so the ledger's unique key
 * (case, clock kind, threshold, due date) makes each one go out exactly once.
 */
export function reminderStage(
  clock: Pick<ClockView, 'kind' | 'dueAt'>,
  now: Date,
  cal: ClockCalendar,
): ReminderStage | null {
  const rule = CLOCK_RULES[clock.kind];
  if (isOverdue(clock.dueAt, now)) {
    const late = Math.max(0, -workingDaysLeft(clock.dueAt, now, cal.holidays, cal.timeZone));
    const round =
      rule.onOverdue === 'escalate' ? Math.floor(late / cal.settings.overdueRepeatWorkingDays) : 0;
    return {
      threshold: `overdue-${String(round)}`,
      stage: 'overdue',
      workingDays: late,
      effect: rule.onOverdue,
    };
  }
  if (!rule.remindBefore) return null;
  const left = workingDaysLeft(clock.dueAt, now, cal.holidays, cal.timeZone);
  if (left > cal.settings.reminderBeforeWorkingDays) return null;
  return { threshold: 'before', stage: 'before', workingDays: left, effect: 'remind' };
}

/** Whether a clock runs while its case is in this status (a paused clock never reminds). */
export function clockRuns(kind: ClockKind, status: CaseStatus): boolean {
  return CLOCK_RULES[kind].runsWhile.includes(status);
}

export function isClockKind(value: string): value is ClockKind {
  return (CLOCK_KINDS as readonly string[]).includes(value);
}
