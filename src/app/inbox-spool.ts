import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { InboxInsertResult, NewInboxEvent } from '../db/repos/inbox-writer';
import type { Logger } from '../logger';

/**
 * Where the webhook keeps authentic events that PostgreSQL cannot take right now (down, or slower than the
 * request deadline): a Redis stream, durable with the AOF production Redis runs with (docker-compose.yml).
 * Zalo gets its 200, and a drainer moves the events into the inbox, in stream order, once PostgreSQL answers
 * again: the insert is idempotent on the dedup key, so an event both spooled and (late) stored, or drained
 * twice by a drainer that crashed before deleting it, is stored once.
 *
 * While the stream holds events, new ones are spooled behind them rather than stored directly, so that a
 * resident's messages keep their order across the outage (the inbox id is the processing order).
 */

export interface InboxSpoolOptions {
  redis: Redis;
  /** BullMQ's prefix: the spool lives beside the queues, `<prefix>:inbox-spool`. */
  prefix: string;
  /** Spool at most this many events; beyond that the webhook answers 503 (nothing is ever trimmed). */
  maxEvents: number;
  logger: Logger;
  /** Stamps each spooled event with its receipt: the row drained later keeps it as `received_at`. */
  now: () => Date;
  /** Stores one drained event (the webhook's inbox writer, which batches them). */
  store: (event: NewInboxEvent) => Promise<InboxInsertResult>;
  /** Queues the pending rows the drain stored. */
  enqueue: (inboxIds: number[]) => Promise<void>;
  drainIntervalMs?: number;
}

export interface InboxSpool {
  /** Appends an event; rejects when Redis is down or the spool is full. */
  add(event: NewInboxEvent): Promise<void>;
  /** True while this process knows the stream holds events: new events then go behind them. */
  active(): boolean;
  /** Events waiting in the stream (all processes'). */
  length(): Promise<number>;
  /** Moves what the stream holds into the inbox now; returns the number of events moved. */
  drain(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

interface Meta {
  c: number;
  e: string;
  k: string;
  u: string | null;
  t: number | null;
  s: NewInboxEvent['status'];
  r: string | null;
  /** The webhook's receipt, ms (absent in entries spooled by an older version: the drain's time then). */
  a?: number;
}

// Capped append: the check and the XADD are one atomic step, so concurrent webhooks cannot overshoot the cap.
const ADD_SCRIPT = `
if redis.call('XLEN', KEYS[1]) >= tonumber(ARGV[1]) then return false end
return redis.call('XADD', KEYS[1], '*', 'v', ARGV[2], 'p', ARGV[3], 'r', ARGV[4])`;

// One drainer at a time keeps the stream's order in the inbox; the lock expires if its holder dies.
const LOCK_SCRIPT = `
local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0`;

const UNLOCK_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** The one stream every api process spools to, beside BullMQ's keys. */
export const inboxSpoolKey = (prefix: string) => `${prefix}:inbox-spool`;

const DRAIN_BATCH = 200;
const LOCK_TTL_MS = 15_000;

export function createInboxSpool(options: InboxSpoolOptions): InboxSpool {
  const { redis } = options;
  const key = inboxSpoolKey(options.prefix);
  const lockKey = `${key}:drain`;
  const holder = randomBytes(8).toString('hex');
  const log = options.logger.child({ module: 'inbox-spool' });
  let active = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  function encode(event: NewInboxEvent): [string, string, Buffer | string] {
    const meta: Meta = {
      c: event.communeId,
      e: event.eventName,
      k: event.dedupKey,
      u: event.zaloUserId,
      t: event.eventAt ? event.eventAt.getTime() : null,
      s: event.status,
      r: event.ignoredReason,
      a: (event.receivedAt ?? options.now()).getTime(),
    };
    // The raw bytes only when they differ from the stored text (a cleaned payload): usually they are the same.
    const same =
      event.raw.length === Buffer.byteLength(event.payloadJson) &&
      event.raw.toString('utf8') === event.payloadJson;
    return [JSON.stringify(meta), event.payloadJson, same ? '' : event.raw];
  }

  function decode(fields: Buffer[]): NewInboxEvent {
    const byName = new Map<string, Buffer>();
    for (let i = 0; i + 1 < fields.length; i += 2) byName.set(String(fields[i]), fields[i + 1] as Buffer);
    const meta = JSON.parse(String(byName.get('v'))) as Meta;
    const payloadJson = String(byName.get('p') ?? '');
    const raw = byName.get('r');
    return {
      communeId: meta.c,
      eventName: meta.e,
      dedupKey: meta.k,
      zaloUserId: meta.u,
      payloadJson,
      raw: raw && raw.length > 0 ? raw : Buffer.from(payloadJson),
      eventAt: meta.t === null ? null : new Date(meta.t),
      status: meta.s,
      ignoredReason: meta.r,
      receivedAt: meta.a === undefined ? null : new Date(meta.a),
    };
  }

  async function drainLocked(): Promise<number> {
    let moved = 0;
    for (;;) {
      const entries = await redis.xrangeBuffer(key, '-', '+', 'COUNT', DRAIN_BATCH);
      if (entries.length === 0) {
        active = false;
        return moved;
      }
      const events = entries.map(([, fields]) => decode(fields));
      const results = await Promise.allSettled(events.map((event) => options.store(event)));
      const done: Buffer[] = [];
      const pending: number[] = [];
      let failure: unknown = null;
      results.forEach((result, i) => {
        const entry = entries[i];
        const event = events[i];
        if (!entry || !event) return;
        if (result.status === 'rejected') {
          failure ??= result.reason;
          return;
        }
        done.push(entry[0]);
        // A duplicate may be the same event stored late by the request that spooled it, with no job yet.
        if (event.status === 'pending' && result.value.kind !== 'quarantined') pending.push(result.value.id);
      });
      if (pending.length > 0) {
        await options.enqueue(pending).catch((err: unknown) => {
          log.warn({ err }, 'enqueue of drained events failed; the sweeper will queue them');
        });
      }
      if (done.length > 0) await redis.xdel(key, ...done);
      moved += done.length;
      if (failure !== null)
        throw failure instanceof Error ? failure : new Error('spool drain: an insert failed');
      await redis.eval(LOCK_SCRIPT, 1, lockKey, holder, LOCK_TTL_MS);
    }
  }

  async function drain(): Promise<number> {
    const length = await redis.xlen(key);
    if (length === 0) {
      active = false;
      return 0;
    }
    active = true;
    if ((await redis.eval(LOCK_SCRIPT, 1, lockKey, holder, LOCK_TTL_MS)) !== 1) return 0;
    const moved = await drainLocked();
    if (moved > 0) log.info({ moved }, 'spooled events moved into the inbox');
    return moved;
  }

  function tick(): void {
    running = drain()
      .catch((err: unknown) => {
        log.warn({ err }, 'spool drain failed; retrying');
      })
      .finally(() => {
        if (timer) timer = setTimeout(tick, options.drainIntervalMs ?? 1_000);
      });
  }

  return {
    async add(event) {
      const [meta, payload, raw] = encode(event);
      const id = await redis.eval(ADD_SCRIPT, 1, key, options.maxEvents, meta, payload, raw);
      if (id === null) throw new Error('inbox spool full');
      active = true;
    },
    active: () => active,
    length: () => redis.xlen(key),
    drain,
    start() {
      timer = setTimeout(tick, 0);
    },
    async stop() {
      clearTimeout(timer);
      timer = undefined;
      await running;
      await redis.eval(UNLOCK_SCRIPT, 1, lockKey, holder).catch(() => undefined);
    },
  };
}
