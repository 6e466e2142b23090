import { sql } from 'drizzle-orm';
import { OPEN_STATUSES } from '../../domain/case/workflow';
import type { DbOrTx } from '../client';

/**
 * What an operator watches, read on every scrape and by /readyz. Each figure is served by a partial index
 * (migration operator_gauges): pending and failed rows, open cases. Nothing here reads the processed, sent or
 * closed rows, so a scrape costs the same after a million events as after ten.
 */

export interface Backlog {
  inboxPending: number;
  /** Age of the oldest pending inbox row, 0 when none. */
  inboxOldestSeconds: number;
  /** Outbox rows still to send (pending, including those waiting for a retry, and sending). */
  outboxOpen: number;
  outboxOldestSeconds: number;
  inboxFailed: number;
  outboxFailed: number;
}

// The status literals match the partial indexes' predicates, so the planner can use them.
const backlogSql = (now: Date) => sql`
  select
    (select count(*) from inbox_events where status = 'pending')::int as inbox_pending,
    (select min(received_at) from inbox_events where status = 'pending') as inbox_oldest,
    (select count(*) from outbox_messages where status in ('pending', 'sending'))::int as outbox_open,
    (select min(created_at) from outbox_messages where status in ('pending', 'sending')) as outbox_oldest,
    (select count(*) from inbox_events where status = 'failed')::int as inbox_failed,
    (select count(*) from outbox_messages where status = 'failed')::int as outbox_failed,
    ${now.toISOString()}::timestamptz as now`;

interface BacklogRow extends Record<string, unknown> {
  inbox_pending: number;
  inbox_oldest: Date | string | null;
  outbox_open: number;
  outbox_oldest: Date | string | null;
  inbox_failed: number;
  outbox_failed: number;
}

export async function readBacklog(db: DbOrTx, now: Date): Promise<Backlog> {
  const { rows } = await db.execute<BacklogRow>(backlogSql(now));
  const row = rows[0];
  if (!row) throw new Error('backlog query returned no row');
  const age = (oldest: Date | string | null) =>
    oldest === null ? 0 : Math.max(0, (now.getTime() - new Date(oldest).getTime()) / 1000);
  return {
    inboxPending: row.inbox_pending,
    inboxOldestSeconds: age(row.inbox_oldest),
    outboxOpen: row.outbox_open,
    outboxOldestSeconds: age(row.outbox_oldest),
    inboxFailed: row.inbox_failed,
    outboxFailed: row.outbox_failed,
  };
}

export interface CommuneGauges {
  slug: string;
  /** Open cases by status (statuses with none are absent). */
  openCases: Record<string, number>;
  /** Open cases whose deadline has passed. */
  overdueCases: number;
  /** Seconds until the access token expires (negative once expired); null when the expiry is unknown. */
  tokenExpiresInSeconds: number | null;
}

const openList = sql.raw(OPEN_STATUSES.map((s) => `'${s}'`).join(', '));

interface CommuneRow extends Record<string, unknown> {
  id: number;
  slug: string;
  access_token_expires_at: Date | string | null;
}
interface OpenRow extends Record<string, unknown> {
  commune_id: number;
  status: string;
  n: number;
  overdue: number;
}

/** Per commune: open and overdue cases and the token's expiry. Communes are few; open cases use cases_open_due_idx. */
export async function readCommuneGauges(db: DbOrTx, now: Date): Promise<CommuneGauges[]> {
  const [communes, open] = await Promise.all([
    db.execute<CommuneRow>(sql`select id, slug, access_token_expires_at from communes order by id`),
    db.execute<OpenRow>(sql`
      select commune_id, status, count(*)::int as n,
        count(*) filter (where due_at < ${now.toISOString()}::timestamptz)::int as overdue
      from cases where status in (${openList})
      group by commune_id, status`),
  ]);
  return communes.rows.map((c) => {
    const mine = open.rows.filter((r) => r.commune_id === c.id);
    const expiresAt = c.access_token_expires_at === null ? null : new Date(c.access_token_expires_at);
    return {
      slug: c.slug,
      openCases: Object.fromEntries(mine.map((r) => [r.status, r.n])),
      overdueCases: mine.reduce((sum, r) => sum + r.overdue, 0),
      tokenExpiresInSeconds:
        expiresAt === null ? null : Math.round((expiresAt.getTime() - now.getTime()) / 1000),
    };
  });
}
