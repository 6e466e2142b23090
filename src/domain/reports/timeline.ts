import { isOverdue } from '../case/deadlines';
import { type CaseStatus, type CaseType, DEADLINE_STATUSES } from '../case/workflow';

/**
 * A case as the reports read it: its current row and its events, oldest first. From the events alone the
 * report rebuilds the case's status and due date at any instant, so a report rebuilt next month for last week
 * counts exactly what it counted then.
 */

export interface ReportEvent {
  readonly action: string;
  readonly at: Date;
  /** The status after the event (`case_events.to_status`); null on events that carry none. */
  readonly toStatus: CaseStatus | null;
  readonly actorKind: 'staff' | 'resident' | 'system';
  readonly internal: boolean;
  readonly note: string | null;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface ReportCase {
  readonly id: number;
  readonly code: string;
  readonly status: CaseStatus;
  readonly caseType: CaseType;
  /** How it came in: `zalo`, and later the web form, a group admin's relay… */
  readonly source: string;
  readonly categoryId: number | null;
  readonly areaId: number | null;
  readonly agencyId: number | null;
  readonly createdAt: Date;
  readonly dueAt: Date | null;
  readonly events: readonly ReportEvent[];
}

/** The status at the instant (events at or before it), or null when the case did not exist yet. */
export function statusAt(c: ReportCase, instant: Date): CaseStatus | null {
  if (c.createdAt.getTime() > instant.getTime()) return null;
  let status: CaseStatus = 'received';
  for (const event of c.events) {
    if (event.at.getTime() > instant.getTime()) break;
    if (event.toStatus !== null) status = event.toStatus;
  }
  return status;
}

/**
 * The resolution deadline in force at the instant: the last `dueAt` an event set (assign, transfer, reopen, an
 * extension), else the case's own.
 */
export function dueAt(c: ReportCase, instant: Date): Date | null {
  let due: Date | null = null;
  let seen = false;
  for (const event of c.events) {
    if (event.at.getTime() > instant.getTime()) break;
    const value = event.data.dueAt;
    if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) {
      due = new Date(value);
      seen = true;
    }
  }
  return seen ? due : c.dueAt;
}

/** Overdue at the instant: a running deadline (workflow.ts DEADLINE_STATUSES) that has passed. */
export function overdueAt(c: ReportCase, instant: Date): { dueAt: Date } | null {
  const status = statusAt(c, instant);
  if (status === null || !DEADLINE_STATUSES.includes(status)) return null;
  const due = dueAt(c, instant);
  return due !== null && isOverdue(due, instant) ? { dueAt: due } : null;
}

export function inPeriod(at: Date, period: { readonly start: Date; readonly end: Date }): boolean {
  return at.getTime() >= period.start.getTime() && at.getTime() < period.end.getTime();
}

export function eventsIn(
  c: ReportCase,
  period: { readonly start: Date; readonly end: Date },
  actions: readonly string[],
): ReportEvent[] {
  return c.events.filter((e) => actions.includes(e.action) && inPeriod(e.at, period));
}
