import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CommuneDirectory } from '../../db/repos/communes';
import type { InboxInsertResult, InboxWriter, NewInboxEvent } from '../../db/repos/inbox-writer';
import type { Logger } from '../../logger';
import {
  eventDedupKey,
  eventFamily,
  eventTime,
  eventUserId,
  looseOaIdCandidates,
  storablePayload,
  webhookEnvelope,
} from '../../zalo/events';
import { SIGNATURE_HEADER, verifySignature } from '../../zalo/signature';

/** Where events go when PostgreSQL cannot take them (app/inbox-spool.ts). */
export interface WebhookSpool {
  add(event: NewInboxEvent): Promise<void>;
  /** True while earlier events wait in the spool: new ones go behind them, keeping their order. */
  active(): boolean;
}

export interface ZaloWebhookDeps {
  directory: CommuneDirectory;
  inbox: InboxWriter;
  spool: WebhookSpool;
  /** Enqueues processing of a stored inbox row; may fail (Redis down): the sweeper catches up. */
  enqueueInbox: (inboxId: number) => Promise<void>;
  now: () => Date;
  logger: Logger;
  bodyLimitBytes: number;
  maxAgeMs: number;
  maxFutureSkewMs: number;
  enqueueTimeoutMs: number;
  /** Every answer leaves within this time of the request's arrival (Zalo wants one within 2 s). */
  deadlineMs: number;
  /** Every answer of the route, rejections by Fastify itself (413, malformed JSON) included. */
  onResult?: (observation: WebhookObservation) => void;
}

export const WEBHOOK_RESULTS = [
  'accepted',
  'duplicate',
  /** Kept in the Redis spool: PostgreSQL could not take it in time. */
  'spooled',
  /** Refused by PostgreSQL even alone: raw bytes kept in inbox_quarantine. */
  'quarantined',
  /** Authentic but not processed (kept as `ignored` with the reason): */
  'ignored',
  'stale',
  'odd_shape',
  'bad_timestamp',
  /** An OA not served here: cannot be verified, answered 200, nothing stored. */
  'unknown_oa',
  'bad_signature',
  'invalid',
  /** Rejected by Fastify before the handler ran: */
  'too_large',
  'unavailable',
  'error',
] as const;
export type WebhookResult = (typeof WEBHOOK_RESULTS)[number];

export interface WebhookObservation {
  result: WebhookResult;
  statusCode: number;
  durationMs: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
    webhookResult?: WebhookResult;
  }
}

class WebhookRejection extends Error {
  constructor(
    readonly statusCode: number,
    readonly result: WebhookResult,
    message: string,
  ) {
    super(message);
  }
}

class Timeout extends Error {}

/** Zalo's `mac=<64 hex>` (or bare hex); checked before anything is looked up. */
const SIGNATURE_FORMAT = /^\s*(mac=)?[0-9a-f]{64}\s*$/i;

/** Part of the deadline kept for the spool when the inbox insert has not answered. */
const SPOOL_SHARE = 1 / 3;

/** `promise`, or a Timeout after `ms`; the promise runs on either way and its late failure is nobody's. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  promise.catch(() => undefined);
  if (ms <= 0) throw new Timeout('no time left');
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          reject(new Timeout(`timed out after ${ms} ms`));
        }, ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * POST /webhooks/zalo. Zalo wants 200 within 2 s for every event and, after repeated failures, disables the
 * app's single webhook for every commune on it (docs/zalo.md §1.3). So:
 * - a missing or malformed signature header, or a bad signature for an OA we serve: 401; malformed JSON: 400;
 * - an OA we do not serve: its event cannot be verified, so 200 at once, counted and not stored;
 * - an authentic event is stored before its 200: in the inbox (then queued), as `ignored` with a reason when it
 *   is stale or not shaped as we expect, in the Redis spool when PostgreSQL cannot take it in time;
 *   503 only when neither PostgreSQL nor Redis can.
 * Nothing before the signature check does I/O: the commune keys are in memory.
 */
export function zaloWebhookRoutes(app: FastifyInstance, deps: ZaloWebhookDeps): void {
  const log = deps.logger.child({ module: 'zalo-webhook' });

  // The signature covers the exact bytes received, so JSON is parsed here from a kept raw buffer.
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer' },
    (request: FastifyRequest, body: Buffer, done) => {
      request.rawBody = body;
      try {
        done(null, JSON.parse(body.toString('utf8')));
      } catch {
        const err = new Error('Malformed JSON body') as Error & { statusCode: number };
        err.statusCode = 400;
        done(err, undefined);
      }
    },
  );

  /** Classifies an authentic event: what to store, and whether it is processed. */
  function describe(
    body: Record<string, unknown>,
    rawText: string,
    raw: Buffer,
    communeId: number,
    oaId: string,
  ) {
    const storable = storablePayload(rawText, body);
    const parsed = webhookEnvelope.safeParse(storable.value);
    // Stored now, or stamped by the spool when it keeps the event for later.
    const base = { communeId, payloadJson: storable.json, raw, receivedAt: null };
    const byHash = (name: string) => `${name}#${createHash('sha256').update(raw).digest('base64url')}`;
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(body)'))].join(', ');
      const value = (storable.value as Record<string, unknown>).event_name;
      const eventName = typeof value === 'string' && value.length > 0 ? value.slice(0, 100) : '(none)';
      const row: NewInboxEvent = {
        ...base,
        eventName,
        dedupKey: byHash(eventName),
        zaloUserId: null,
        eventAt: null,
        status: 'ignored',
        ignoredReason: `odd_shape: ${fields}`.slice(0, 500),
      };
      return { row, result: 'odd_shape' as const };
    }
    const event = parsed.data;
    const at = eventTime(event);
    const now = deps.now().getTime();
    let reason: 'bad_timestamp' | 'stale' | 'ignored' | null = null;
    if (!at) reason = 'bad_timestamp';
    else if (now - at.getTime() > deps.maxAgeMs || at.getTime() - now > deps.maxFutureSkewMs)
      reason = 'stale';
    else if (eventFamily(event.event_name) === 'unknown') reason = 'ignored';
    const row: NewInboxEvent = {
      ...base,
      eventName: event.event_name,
      dedupKey: eventDedupKey(event, raw),
      zaloUserId: eventUserId(event, oaId),
      eventAt: at,
      status: reason ? 'ignored' : 'pending',
      ignoredReason: reason === 'ignored' ? 'unknown_event' : reason,
    };
    return { row, result: reason ?? ('accepted' as const) };
  }

  /** The inbox first, unless the spool holds earlier events; the spool when PostgreSQL cannot answer in time. */
  async function store(row: NewInboxEvent, deadline: number): Promise<InboxInsertResult | 'spooled'> {
    const storeBy = deadline - deps.deadlineMs * SPOOL_SHARE;
    let insertError: unknown = null;
    if (!deps.spool.active()) {
      try {
        return await within(deps.inbox.insert(row), storeBy - performance.now());
      } catch (err) {
        insertError = err;
        log.warn({ err, communeId: row.communeId }, 'inbox insert failed; spooling the event in Redis');
      }
    }
    try {
      await within(deps.spool.add(row), deadline - performance.now());
      return 'spooled';
    } catch (err) {
      log.error({ err, communeId: row.communeId }, 'inbox spool failed');
    }
    if (insertError === null) {
      // The spool was in use but Redis failed: PostgreSQL may still take the event.
      try {
        return await within(deps.inbox.insert(row), deadline - performance.now());
      } catch (err) {
        log.error({ err, communeId: row.communeId }, 'inbox insert failed too');
      }
    }
    throw new WebhookRejection(503, 'unavailable', 'Storage unavailable, retry later');
  }

  async function accept(request: FastifyRequest, deadline: number): Promise<WebhookResult> {
    const signature = request.headers[SIGNATURE_HEADER];
    if (typeof signature !== 'string' || !SIGNATURE_FORMAT.test(signature)) {
      throw new WebhookRejection(401, 'bad_signature', 'Missing or malformed X-ZEvent-Signature header');
    }
    const raw = request.rawBody;
    if (!raw) throw new WebhookRejection(415, 'invalid', 'Expected a JSON body');
    const body: unknown = request.body;
    if (!isObject(body))
      throw new WebhookRejection(400, 'invalid', 'Not a Zalo event envelope (a JSON object)');

    const commune = deps.directory.resolve(looseOaIdCandidates(body));
    if (!commune) return 'unknown_oa';
    const timestamp =
      typeof body.timestamp === 'string' || typeof body.timestamp === 'number' ? String(body.timestamp) : '';
    if (!verifySignature(signature, commune.zaloAppId, raw, timestamp, commune.zaloOaSecretKey)) {
      throw new WebhookRejection(401, 'bad_signature', 'Invalid signature');
    }

    // Authentic from here on: Zalo gets 200 unless nothing can keep the event.
    const { row, result } = describe(body, raw.toString('utf8'), raw, commune.id, commune.zaloOaId);
    const stored = await store(row, deadline);
    if (stored === 'spooled') return 'spooled';
    if (stored.kind === 'quarantined') {
      log.error(
        { communeId: row.communeId, quarantineId: stored.id },
        'event refused by PostgreSQL; raw bytes quarantined',
      );
      return 'quarantined';
    }
    if (stored.kind === 'duplicate') return 'duplicate';
    if (row.status === 'ignored') {
      log.warn(
        { communeId: row.communeId, inboxId: stored.id, reason: row.ignoredReason },
        'authentic event kept, not processed',
      );
      return result;
    }
    try {
      await within(
        deps.enqueueInbox(stored.id),
        Math.min(deps.enqueueTimeoutMs, deadline - performance.now()),
      );
    } catch (err) {
      // Stored is what counts: the sweeper enqueues rows left pending.
      log.warn({ err, inboxId: stored.id }, 'enqueue failed; the sweeper will pick the event up');
    }
    return 'accepted';
  }

  const { onResult } = deps;
  if (onResult) {
    // This scope holds the webhook route only. Answers that never reached the handler (a body over the limit,
    // malformed JSON) are named from their status.
    app.addHook('onResponse', (request, reply, done) => {
      const statusCode = reply.statusCode;
      const result =
        request.webhookResult ?? (statusCode === 413 ? 'too_large' : statusCode >= 500 ? 'error' : 'invalid');
      onResult({ result, statusCode, durationMs: reply.elapsedTime });
      done();
    });
  }

  app.post('/webhooks/zalo', { bodyLimit: deps.bodyLimitBytes }, async (request, reply) => {
    const deadline = performance.now() + deps.deadlineMs;
    try {
      const result = await accept(request, deadline);
      request.webhookResult = result;
      return await reply.code(200).send({ ok: true, result });
    } catch (err) {
      if (err instanceof WebhookRejection) {
        request.webhookResult = err.result;
        if (err.result !== 'unavailable') log.warn({ result: err.result }, 'webhook event rejected');
        return reply.code(err.statusCode).send({ ok: false, error: err.message });
      }
      throw err;
    }
  });
}
