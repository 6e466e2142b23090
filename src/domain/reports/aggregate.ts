import { workingDaysBetween, workingHoursBetween } from '../case/working-time';
import { workingDaysLeft } from '../case/deadlines';
import {
  CASE_TYPES,
  type CaseStatus,
  type CaseType,
  OPEN_STATUSES,
  SCORE_MAX,
  SCORE_MIN,
} from '../case/workflow';
import type { ReportKind } from './period';
import { round2, ratio, summarize, type Summary } from './stats';
import {
  type ReportCase,
  type ReportEvent,
  dueAt,
  eventsIn,
  inPeriod,
  overdueAt,
  statusAt,
} from './timeline';

/**
 * The daily and weekly report of a commune (issue 10), computed from the period's cases and their events, with
 * no I/O. Definitions (docs/REPORTS.md repeats them beside the form 01/XLD mapping):
 *
 * - The period is [start, end). "Now" figures (overdue, status) are taken at `asOf`: the end of the period for
 *   a finished one, the build time for the period still running, so a rebuild of a past period is identical.
 * - received: cases filed in the period. verified, rejected, resolved, closed, reopened: cases with at least one
 *   such event in the period (a case resolved twice counts once). closedBy splits closures by `data.by`.
 * - onTimeRate: of the cases resolved in the period (their first resolution in it) that had a deadline, the
 *   share resolved at or before the deadline then in force.
 * - firstAnswer: working hours from filing to the first answer, result or rejection staff sent the resident
 *   (non-internal), for first answers given in the period. resolution: working days from filing to the first
 *   resolution in the period. Both as average and 90th percentile (stats.ts, nearest rank).
 * - satisfaction: a response is a resident's score in the period (`score` event, or a `close` by score on a
 *   case with no `score` event), the latest per case; asked = cases awaiting a score at some moment of the
 *   period (resolved before it and still resolved at its start, or resolved in it) plus those scored in it, so
 *   the rate never exceeds 100 %. Below `minResponses` the average is withheld ("not enough responses"); groups
 *   are listed in the commune's own order, never ranked by score.
 * - silentAreas: active residential groups with no case filed in the `silentDays` before the period's end.
 */

export interface Named {
  readonly id: number;
  readonly name: string;
  /** Inactive entries still name old cases; an inactive residential group is never "silent". */
  readonly active?: boolean;
}

export interface ReportClock {
  readonly caseId: number;
  /** `first_answer`, `status_notice`, `transfer`, … (the case's resolution deadline is read from the case). */
  readonly kind: string;
  readonly dueAt: Date;
  readonly metAt: Date | null;
}

export interface ReportInput {
  readonly kind: ReportKind;
  readonly period: {
    readonly key: string;
    readonly start: Date;
    readonly end: Date;
    readonly firstDay: string;
    readonly lastDay: string;
  };
  readonly asOf: Date;
  readonly cases: readonly ReportCase[];
  /** Clocks besides the resolution deadline, when the commune keeps them. */
  readonly clocks?: readonly ReportClock[];
  readonly categories: readonly Named[];
  readonly agencies: readonly Named[];
  readonly areas: readonly Named[];
  /** Latest filing per residential group before the period's end. */
  readonly lastReportByArea: ReadonlyMap<number, Date>;
  readonly holidays: readonly string[];
  readonly timeZone: string;
  readonly minResponses: number;
  readonly silentDays: number;
  /** The weeks of the trend line, oldest first (the report's own week last). */
  readonly trendWeeks: readonly { readonly key: string; readonly start: Date; readonly end: Date }[];
}

export const CLOSE_REASONS = ['score', 'front', 'unscored', 'staff', 'timeout'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

export interface Satisfaction {
  readonly responses: number;
  readonly asked: number;
  readonly responseRate: number | null;
  /** Null when there are fewer than `minResponses` responses. */
  readonly average: number | null;
  readonly enough: boolean;
  readonly minResponses: number;
  /** Responses per score, "1" to "5". */
  readonly distribution: Readonly<Record<string, number>>;
}

export interface OnTime {
  readonly onTime: number;
  readonly withDeadline: number;
  readonly rate: number | null;
}

export interface GroupFigures {
  /** Null for cases without one (no category yet, no agency yet). */
  readonly id: number | string | null;
  readonly name: string | null;
  readonly received: number;
  readonly resolved: number;
  readonly overdue: number;
  readonly onTimeRate: number | null;
  readonly satisfaction: {
    readonly responses: number;
    readonly average: number | null;
    readonly enough: boolean;
  };
}

export interface OverdueCase {
  readonly code: string;
  readonly status: CaseStatus;
  readonly caseType: CaseType;
  readonly clock: string;
  readonly dueAt: string;
  readonly workingDaysLate: number;
  readonly category: string | null;
  readonly area: string | null;
  readonly agency: string | null;
}

export interface Form01Xld {
  readonly carriedOver: number;
  readonly receivedInPeriod: number;
  readonly total: number;
  readonly handled: number;
  readonly eligible: number;
  readonly matters: number;
  readonly byContent: {
    readonly complaint: number;
    readonly denunciation: number;
    readonly petitionFeedback: number;
  };
  readonly withinCompetence: {
    readonly total: number;
    readonly resolved: number;
    readonly inProgress: number;
    readonly notResolved: number;
  };
  readonly outsideCompetence: {
    readonly total: number;
    readonly guided: number;
    readonly transferred: number;
    readonly urged: number;
  };
}

export interface FrontNote {
  readonly code: string;
  readonly at: string;
  readonly note: string;
}

export interface Report {
  readonly version: 1;
  readonly kind: ReportKind;
  readonly period: {
    readonly key: string;
    readonly start: string;
    readonly end: string;
    readonly firstDay: string;
    readonly lastDay: string;
  };
  readonly asOf: string;
  readonly received: number;
  readonly verified: number;
  readonly rejected: number;
  readonly resolved: number;
  readonly closed: number;
  readonly closedBy: Readonly<Record<CloseReason | 'other', number>>;
  readonly reopened: number;
  readonly overdue: number;
  readonly onTime: OnTime;
  readonly onTimeRate: number | null;
  readonly firstAnswerHours: Summary;
  readonly resolutionDays: Summary;
  readonly satisfaction: Satisfaction;
  readonly byCategory: readonly GroupFigures[];
  readonly byAgency: readonly GroupFigures[];
  readonly byArea: readonly GroupFigures[];
  readonly bySource: readonly GroupFigures[];
  readonly byType: readonly GroupFigures[];
  readonly overdueCases: readonly OverdueCase[];
  readonly silentAreas: readonly {
    readonly id: number;
    readonly name: string;
    readonly lastReportAt: string | null;
  }[];
  readonly form01: Form01Xld;
  readonly frontNotes: readonly FrontNote[];
  readonly trend: readonly { readonly week: string; readonly received: number; readonly resolved: number }[];
}

/** What staff send the resident that counts as the first answer. */
const FIRST_ANSWER_ACTIONS = ['answer', 'resolve', 'reject'];
const FRONT_NOTE_LENGTH = 300;
const dayMs = 24 * 60 * 60 * 1000;

function scoreOf(event: ReportEvent): number | null {
  const value = event.data.score;
  return typeof value === 'number' && Number.isInteger(value) && value >= SCORE_MIN && value <= SCORE_MAX
    ? value
    : null;
}

/** The case's scores, oldest first: `score` events, or today's close-by-score when the case has none. */
function scoresOf(c: ReportCase): { at: Date; score: number }[] {
  const explicit = c.events.filter((e) => e.action === 'score');
  const source =
    explicit.length > 0 ? explicit : c.events.filter((e) => e.action === 'close' && e.data.by === 'score');
  return source.flatMap((e) => {
    const score = scoreOf(e);
    return score === null ? [] : [{ at: e.at, score }];
  });
}

interface CaseFacts {
  readonly c: ReportCase;
  readonly received: boolean;
  readonly resolvedAt: Date | null;
  readonly onTime: boolean | null;
  readonly overdue: { dueAt: Date } | null;
  readonly score: number | null;
  readonly asked: boolean;
}

function factsOf(c: ReportCase, input: ReportInput): CaseFacts {
  const { period, asOf } = input;
  const firstResolve = eventsIn(c, period, ['resolve'])[0];
  let onTime: boolean | null = null;
  if (firstResolve) {
    const due = dueAt(c, firstResolve.at);
    onTime = due === null ? null : firstResolve.at.getTime() <= due.getTime();
  }
  const scores = scoresOf(c).filter((s) => inPeriod(s.at, period));
  const score = scores.at(-1)?.score ?? null;
  const awaitingAtStart = statusAt(c, new Date(period.start.getTime() - 1)) === 'resolved';
  return {
    c,
    received: inPeriod(c.createdAt, period),
    resolvedAt: firstResolve?.at ?? null,
    onTime,
    overdue: overdueAt(c, asOf),
    score,
    asked: awaitingAtStart || firstResolve !== undefined || score !== null,
  };
}

function satisfactionOf(facts: readonly CaseFacts[], minResponses: number): Satisfaction {
  const scores = facts.flatMap((f) => (f.score === null ? [] : [f.score]));
  const asked = facts.filter((f) => f.asked).length;
  const distribution: Record<string, number> = {};
  for (let s = SCORE_MIN; s <= SCORE_MAX; s += 1)
    distribution[String(s)] = scores.filter((v) => v === s).length;
  const enough = scores.length >= minResponses && scores.length > 0;
  const rate = ratio(scores.length, asked);
  return {
    responses: scores.length,
    asked,
    responseRate: rate === null ? null : round2(rate),
    average: enough ? round2(scores.reduce((a, b) => a + b, 0) / scores.length) : null,
    enough,
    minResponses,
    distribution,
  };
}

function onTimeOf(facts: readonly CaseFacts[]): OnTime {
  const withDeadline = facts.filter((f) => f.onTime !== null);
  const onTime = withDeadline.filter((f) => f.onTime === true).length;
  const rate = ratio(onTime, withDeadline.length);
  return { onTime, withDeadline: withDeadline.length, rate: rate === null ? null : round2(rate) };
}

function groupFigures(
  id: number | string | null,
  name: string | null,
  facts: readonly CaseFacts[],
  minResponses: number,
): GroupFigures {
  const satisfaction = satisfactionOf(facts, minResponses);
  return {
    id,
    name,
    received: facts.filter((f) => f.received).length,
    resolved: facts.filter((f) => f.resolvedAt !== null).length,
    overdue: facts.filter((f) => f.overdue !== null).length,
    onTimeRate: onTimeOf(facts).rate,
    satisfaction: {
      responses: satisfaction.responses,
      average: satisfaction.average,
      enough: satisfaction.enough,
    },
  };
}

const isActive = (g: GroupFigures): boolean =>
  g.received + g.resolved + g.overdue + g.satisfaction.responses > 0;

/** One row per reference entry with activity, in the commune's order, then the cases without one. */
function byReference(
  facts: readonly CaseFacts[],
  reference: readonly Named[],
  keyOf: (c: ReportCase) => number | null,
  minResponses: number,
): GroupFigures[] {
  const known = new Set(reference.map((r) => r.id));
  const rows = reference.map((r) =>
    groupFigures(
      r.id,
      r.name,
      facts.filter((f) => keyOf(f.c) === r.id),
      minResponses,
    ),
  );
  const unknown = facts.filter((f) => {
    const key = keyOf(f.c);
    return key === null || !known.has(key);
  });
  rows.push(groupFigures(null, null, unknown, minResponses));
  return rows.filter(isActive);
}

function byValue<T extends string>(
  facts: readonly CaseFacts[],
  values: readonly T[],
  keyOf: (c: ReportCase) => T,
  minResponses: number,
): GroupFigures[] {
  return values
    .map((v) =>
      groupFigures(
        v,
        v,
        facts.filter((f) => keyOf(f.c) === v),
        minResponses,
      ),
    )
    .filter(isActive);
}

function form01Of(cases: readonly ReportCase[], input: ReportInput): Form01Xld {
  const { period } = input;
  const end = new Date(Math.min(period.end.getTime(), input.asOf.getTime()) - 1);
  const beforeStart = new Date(period.start.getTime() - 1);
  const carried = cases.filter((c) => {
    const status = statusAt(c, beforeStart);
    return status !== null && OPEN_STATUSES.includes(status);
  });
  const received = cases.filter((c) => inPeriod(c.createdAt, period));
  const all = [...carried, ...received];
  const statusAtEnd = (c: ReportCase): CaseStatus => statusAt(c, end) ?? 'received';
  const rejectReason = (c: ReportCase): unknown =>
    c.events.filter((e) => e.action === 'reject' && e.at <= end).at(-1)?.data.reason;
  const handled = all.filter((c) => statusAtEnd(c) !== 'received');
  const rejected = handled.filter((c) => statusAtEnd(c) === 'rejected');
  const outside = rejected.filter((c) => rejectReason(c) === 'out_of_scope');
  const eligible = handled.filter((c) => statusAtEnd(c) !== 'rejected' || rejectReason(c) === 'out_of_scope');
  const within = handled.filter((c) => statusAtEnd(c) !== 'rejected');
  const count = (list: readonly ReportCase[], statuses: readonly CaseStatus[]) =>
    list.filter((c) => statuses.includes(statusAtEnd(c))).length;
  return {
    carriedOver: carried.length,
    receivedInPeriod: received.length,
    total: all.length,
    handled: handled.length,
    eligible: eligible.length,
    matters: eligible.length - count(eligible, ['merged']),
    byContent: {
      complaint: eligible.filter((c) => c.caseType === 'complaint').length,
      denunciation: eligible.filter((c) => c.caseType === 'denunciation').length,
      petitionFeedback: eligible.filter((c) => c.caseType !== 'complaint' && c.caseType !== 'denunciation')
        .length,
    },
    withinCompetence: {
      total: within.length,
      resolved: count(within, ['resolved', 'closed', 'merged']),
      inProgress: count(within, ['in_progress', 'reopened']),
      notResolved: count(within, ['verified', 'classified', 'assigned']),
    },
    outsideCompetence: { total: outside.length, guided: outside.length, transferred: 0, urged: 0 },
  };
}

function overdueCasesOf(facts: readonly CaseFacts[], input: ReportInput, names: Names): OverdueCase[] {
  const rows: (OverdueCase & { due: number })[] = [];
  const byCase = new Map(facts.map((f) => [f.c.id, f.c]));
  const describe = (c: ReportCase, clock: string, due: Date) => ({
    code: c.code,
    status: statusAt(c, input.asOf) ?? c.status,
    caseType: c.caseType,
    clock,
    dueAt: due.toISOString(),
    workingDaysLate: Math.max(0, -workingDaysLeft(due, input.asOf, input.holidays, input.timeZone)),
    category: names.category(c.categoryId),
    area: names.area(c.areaId),
    agency: names.agency(c.agencyId),
    due: due.getTime(),
  });
  for (const f of facts) if (f.overdue) rows.push(describe(f.c, 'resolution', f.overdue.dueAt));
  for (const clock of input.clocks ?? []) {
    const c = byCase.get(clock.caseId);
    if (c === undefined) continue;
    const status = statusAt(c, input.asOf);
    const met = clock.metAt !== null && clock.metAt.getTime() <= input.asOf.getTime();
    if (
      status === null ||
      !OPEN_STATUSES.includes(status) ||
      met ||
      clock.dueAt.getTime() >= input.asOf.getTime()
    )
      continue;
    rows.push(describe(c, clock.kind, clock.dueAt));
  }
  return rows
    .sort((a, b) => a.due - b.due || a.code.localeCompare(b.code))
    .map(({ due: _due, ...row }) => row);
}

interface Names {
  category(id: number | null): string | null;
  agency(id: number | null): string | null;
  area(id: number | null): string | null;
}

function namesOf(input: ReportInput): Names {
  const lookup = (list: readonly Named[]) => {
    const map = new Map(list.map((n) => [n.id, n.name]));
    return (id: number | null) => (id === null ? null : (map.get(id) ?? null));
  };
  return { category: lookup(input.categories), agency: lookup(input.agencies), area: lookup(input.areas) };
}

export function buildReport(input: ReportInput): Report {
  const { period, minResponses } = input;
  const cases = input.cases.filter((c) => c.createdAt.getTime() < period.end.getTime());
  const facts = cases.map((c) => factsOf(c, input));
  const countWith = (actions: readonly string[]) =>
    cases.filter((c) => eventsIn(c, period, actions).length > 0).length;

  const closedBy: Record<CloseReason | 'other', number> = {
    score: 0,
    front: 0,
    unscored: 0,
    staff: 0,
    timeout: 0,
    other: 0,
  };
  for (const c of cases) {
    const last = eventsIn(c, period, ['close']).at(-1);
    if (last === undefined) continue;
    const by = (CLOSE_REASONS as readonly unknown[]).includes(last.data.by)
      ? (last.data.by as CloseReason)
      : 'other';
    closedBy[by] += 1;
  }

  const firstAnswerHours: number[] = [];
  const resolutionDays: number[] = [];
  for (const f of facts) {
    const first = f.c.events.find(
      (e) => FIRST_ANSWER_ACTIONS.includes(e.action) && !e.internal && e.actorKind === 'staff',
    );
    if (first && inPeriod(first.at, period)) {
      firstAnswerHours.push(workingHoursBetween(f.c.createdAt, first.at, input.holidays, input.timeZone));
    }
    if (f.resolvedAt)
      resolutionDays.push(workingDaysBetween(f.c.createdAt, f.resolvedAt, input.holidays, input.timeZone));
  }

  const names = namesOf(input);
  const silentSince = period.end.getTime() - input.silentDays * dayMs;
  const onTime = onTimeOf(facts);

  return {
    version: 1,
    kind: input.kind,
    period: {
      key: period.key,
      start: period.start.toISOString(),
      end: period.end.toISOString(),
      firstDay: period.firstDay,
      lastDay: period.lastDay,
    },
    asOf: input.asOf.toISOString(),
    received: facts.filter((f) => f.received).length,
    verified: countWith(['verify']),
    rejected: countWith(['reject']),
    resolved: facts.filter((f) => f.resolvedAt !== null).length,
    closed: countWith(['close']),
    closedBy,
    reopened: countWith(['reopen']),
    overdue: facts.filter((f) => f.overdue !== null).length,
    onTime,
    onTimeRate: onTime.rate,
    firstAnswerHours: summarize(firstAnswerHours),
    resolutionDays: summarize(resolutionDays),
    satisfaction: satisfactionOf(facts, minResponses),
    byCategory: byReference(facts, input.categories, (c) => c.categoryId, minResponses),
    byAgency: byReference(facts, input.agencies, (c) => c.agencyId, minResponses),
    byArea: byReference(facts, input.areas, (c) => c.areaId, minResponses),
    bySource: byValue(facts, [...new Set(cases.map((c) => c.source))].sort(), (c) => c.source, minResponses),
    byType: byValue(facts, CASE_TYPES, (c) => c.caseType, minResponses),
    overdueCases: overdueCasesOf(facts, input, names),
    silentAreas: input.areas
      .filter((a) => a.active !== false)
      .filter((a) => {
        const last = input.lastReportByArea.get(a.id);
        return last === undefined || last.getTime() < silentSince;
      })
      .map((a) => ({
        id: a.id,
        name: a.name,
        lastReportAt: input.lastReportByArea.get(a.id)?.toISOString() ?? null,
      })),
    form01: form01Of(cases, input),
    frontNotes: cases
      .flatMap((c) =>
        eventsIn(c, period, ['supervise'])
          .filter((e) => !e.internal && e.data.front === true)
          .map((e) => ({ code: c.code, at: e.at, note: (e.note ?? '').slice(0, FRONT_NOTE_LENGTH) })),
      )
      .sort((a, b) => a.at.getTime() - b.at.getTime())
      .map((n) => ({ code: n.code, at: n.at.toISOString(), note: n.note })),
    trend: input.trendWeeks.map((week) => ({
      week: week.key,
      received: input.cases.filter((c) => inPeriod(c.createdAt, week)).length,
      resolved: input.cases.filter((c) => eventsIn(c, week, ['resolve']).length > 0).length,
    })),
  };
}
