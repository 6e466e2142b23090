import type { Pool } from 'pg';
import { createGroupCommit, type Settled } from '../../lib/group-commit';

export interface NewInboxEvent {
  communeId: number;
  eventName: string;
  dedupKey: string;
  zaloUserId: string | null;
  /** The event as JSON text that jsonb accepts (zalo/events.ts storablePayload); not re-serialised here. */
  payloadJson: string;
  /** The exact bytes received: what the quarantine keeps when PostgreSQL refuses the row. */
  raw: Buffer;
  eventAt: Date | null;
  /** 'ignored': an authentic event kept for the record that nothing processes, with the reason why. */
  status: 'pending' | 'ignored';
  ignoredReason: string | null;
  /**
   * When the webhook received it, for a row written later (drained from the Redis spool); null: now. The
   * echo-grace rule (docs/RELIABILITY.md §1) and reply latency count from the webhook's receipt.
   */
  receivedAt: Date | null;
}

export type InboxInsertResult =
  | { kind: 'inserted'; id: number }
  /** The same event was already stored (a redelivery). */
  | { kind: 'duplicate'; id: number }
  /** PostgreSQL refused the row even alone; its raw bytes are in inbox_quarantine (id of that row). */
  | { kind: 'quarantined'; id: number };

// `with ordinality … order by` makes the ids follow the batch's order, which is the arrival order the inbound
// worker relies on within one resident's events.
const INSERT_SQL = `
insert into inbox_events (commune_id, event_name, dedup_key, zalo_user_id, payload, event_at, status, ignored_reason, received_at)
select commune_id, event_name, dedup_key, zalo_user_id, payload, event_at, status, ignored_reason, coalesce(received_at, now())
from unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::timestamptz[], $7::text[], $8::text[], $9::timestamptz[])
  with ordinality as r(commune_id, event_name, dedup_key, zalo_user_id, payload, event_at, status, ignored_reason, received_at, n)
order by n
on conflict (commune_id, dedup_key) do nothing
returning id, commune_id, dedup_key`;

const EXISTING_SQL = `
select id, commune_id, dedup_key from inbox_events
where (commune_id, dedup_key) in (select * from unnest($1::int[], $2::text[]))`;

const QUARANTINE_SQL = `insert into inbox_quarantine (commune_id, raw, reason) values ($1, $2, $3) returning id`;

/**
 * Errors that belong to the rows, not to the database's availability: a data exception (22: `\u0000` in
 * jsonb, a bad escape, an invalid byte sequence), an integrity violation (23) or a program limit (54: an
 * index row too large). Anything else (connection lost, timeouts, shutdown) fails the whole batch, and the
 * webhook keeps its events elsewhere.
 */
export function isRowError(err: unknown): err is Error & { code: string } {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22|23|54)/.test(code);
}

/** The SQLSTATE and constraint of a refusal; never the message (PostgreSQL quotes the offending value). */
function refusal(err: Error & { code: string }): string {
  const constraint = (err as { constraint?: unknown }).constraint;
  return typeof constraint === 'string' ? `${err.code} ${constraint}` : err.code;
}

/**
 * Group commit for the webhook's hot path (lib/group-commit.ts): events that arrive while an insert is in
 * flight are written together in the next multi-row INSERT. A batch that PostgreSQL refuses because of a row
 * is retried one row at a time, so one poisoned event never fails its batch-mates; a row refused even alone
 * is quarantined (its raw bytes in a bytea column, which takes anything).
 */
export function createInboxWriter(
  pool: Pool,
  options: { maxBatch?: number; maxInFlight?: number; maxQueued?: number } = {},
) {
  async function insertBatch(rows: readonly NewInboxEvent[]): Promise<InboxInsertResult[]> {
    // Named: PostgreSQL parses and plans it once per connection, not once per batch.
    const inserted = await pool.query<{ id: string; commune_id: number; dedup_key: string }>(
      { name: 'inbox_insert', text: INSERT_SQL },
      [
        rows.map((r) => r.communeId),
        rows.map((r) => r.eventName),
        rows.map((r) => r.dedupKey),
        rows.map((r) => r.zaloUserId),
        rows.map((r) => r.payloadJson),
        rows.map((r) => r.eventAt),
        rows.map((r) => r.status),
        rows.map((r) => r.ignoredReason),
        rows.map((r) => r.receivedAt),
      ],
    );
    const key = (communeId: number, dedupKey: string) => `${communeId} ${dedupKey}`;
    const newIds = new Map(inserted.rows.map((r) => [key(r.commune_id, r.dedup_key), Number(r.id)]));
    const missing = rows.filter((r) => !newIds.has(key(r.communeId, r.dedupKey)));
    const existingIds = new Map<string, number>();
    if (missing.length > 0) {
      const existing = await pool.query<{ id: string; commune_id: number; dedup_key: string }>(
        { name: 'inbox_existing', text: EXISTING_SQL },
        [missing.map((r) => r.communeId), missing.map((r) => r.dedupKey)],
      );
      for (const r of existing.rows) existingIds.set(key(r.commune_id, r.dedup_key), Number(r.id));
    }
    const claimed = new Set<string>();
    return rows.map((row) => {
      const k = key(row.communeId, row.dedupKey);
      const newId = newIds.get(k);
      // Two copies of one event in the same batch: the first is the insert, the second a duplicate.
      if (newId !== undefined && !claimed.has(k)) {
        claimed.add(k);
        return { kind: 'inserted', id: newId };
      }
      const id = newId ?? existingIds.get(k);
      if (id === undefined) throw new Error('inbox insert lost a row');
      return { kind: 'duplicate', id };
    });
  }

  async function insertAlone(row: NewInboxEvent): Promise<Settled<InboxInsertResult>> {
    try {
      const [result] = await insertBatch([row]);
      if (!result) throw new Error('inbox insert lost a row');
      return { ok: true, value: result };
    } catch (err) {
      if (!isRowError(err)) return { ok: false, error: err };
      try {
        const quarantined = await pool.query<{ id: string }>(
          { name: 'inbox_quarantine', text: QUARANTINE_SQL },
          [row.communeId, row.raw, refusal(err)],
        );
        return { ok: true, value: { kind: 'quarantined', id: Number(quarantined.rows[0]?.id) } };
      } catch (quarantineErr) {
        return { ok: false, error: quarantineErr };
      }
    }
  }

  const pump = createGroupCommit<NewInboxEvent, InboxInsertResult>({
    name: 'inbox insert',
    maxBatch: options.maxBatch ?? 500,
    // One insert in flight makes batches about twice as large as two would: every statement costs PostgreSQL
    // a parse, a plan and a commit, so fewer, larger ones cost ~30 % less CPU per event (docs/BENCHMARKS.md).
    maxInFlight: options.maxInFlight ?? 1,
    maxQueued: options.maxQueued ?? 5_000,
    run: async (rows) => {
      try {
        return (await insertBatch(rows)).map((value) => ({ ok: true, value }));
      } catch (err) {
        if (!isRowError(err)) throw err;
        const results: Settled<InboxInsertResult>[] = [];
        for (const row of rows) results.push(await insertAlone(row));
        return results;
      }
    },
  });

  return {
    insert: (row: NewInboxEvent): Promise<InboxInsertResult> => pump.submit(row),
    queued: () => pump.queued(),
  };
}

export type InboxWriter = ReturnType<typeof createInboxWriter>;
