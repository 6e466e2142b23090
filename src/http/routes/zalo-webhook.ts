import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CommuneDirectory } from '../../db/repos/communes';
import type { InboxWriter } from '../../db/repos/inbox-writer';
import type { Logger } from '../../logger';
import {
  eventDedupKey,
  eventFamily,
  eventTime,
  eventUserId,
  oaIdCandidates,
  webhookEnvelope,
} from '../../zalo/events';
import { SIGNATURE_HEADER, verifySignature } from '../../zalo/signature';

export interface ZaloWebhookDeps {
  directory: CommuneDirectory;
  inbox: InboxWriter;
  /** Enqueues processing of a stored inbox row; may fail (Redis down): the sweeper catches up. */
  enqueueInbox: (inboxId: number) => Promise<void>;
  now: () => Date;
  logger: Logger;
  bodyLimitBytes: number;
  maxAgeMs: number;
  maxFutureSkewMs: number;
  enqueueTimeoutMs: number;
  /** Every answer of the route, rejections by Fastify itself (413, malformed JSON) included. */
  onResult?: (observation: WebhookObservation) => void;
}

export type WebhookResult =
  | 'accepted'
  | 'duplicate'
  | 'ignored'
  | 'bad_signature'
  | 'unknown_oa'
  | 'stale'
  | 'invalid'
  | 'too_large'
  | 'unavailable'
  | 'error';

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

/**
 * POST /webhooks/zalo: authentic events are stored in the inbox before the 200, then queued. Zalo wants the
 * answer within 2 s and retries (with a `num_retry` header) otherwise (REFERENCE.md §1.3); the work happens
 * in the inbound worker.
 */
export function zaloWebhookRoutes(app: FastifyInstance, deps: ZaloWebhookDeps): void {
  const log = deps.logger.child({ module: 'zalo-webhook' });

  // The signature covers the exact bytes received, so JSON is parsed here from a kept raw buffer.
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request: FastifyRequest, body: Buffer, done) => {
    request.rawBody = body;
    try {
      done(null, JSON.parse(body.toString('utf8')));
    } catch {
      const err = new Error('Malformed JSON body') as Error & { statusCode: number };
      err.statusCode = 400;
      done(err, undefined);
    }
  });

  async function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        promise,
        new Promise<void>((_, reject) => {
          timer = setTimeout(() => {
            reject(new Error('enqueue timed out'));
          }, ms);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  async function accept(request: FastifyRequest): Promise<{ result: WebhookResult; inboxId?: number }> {
    const signature = request.headers[SIGNATURE_HEADER];
    if (typeof signature !== 'string' || signature === '') {
      throw new WebhookRejection(401, 'bad_signature', 'Missing X-ZEvent-Signature header');
    }
    const raw = request.rawBody;
    if (!raw) throw new WebhookRejection(415, 'invalid', 'Expected a JSON body');
    const parsed = webhookEnvelope.safeParse(request.body);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => i.path.join('.') || '(body)').join(', ');
      throw new WebhookRejection(400, 'invalid', `Not a Zalo event envelope (${fields})`);
    }
    const event = parsed.data;

    let commune;
    try {
      commune = await deps.directory.resolve(oaIdCandidates(event));
    } catch (err) {
      log.error({ err }, 'commune lookup failed');
      throw new WebhookRejection(503, 'unavailable', 'Storage unavailable, retry later');
    }
    if (!commune) throw new WebhookRejection(401, 'unknown_oa', 'Event is not for an OA served here');
    if (!verifySignature(signature, commune.zaloAppId, raw, event.timestamp, commune.zaloOaSecretKey)) {
      throw new WebhookRejection(401, 'bad_signature', 'Invalid signature');
    }
    const at = eventTime(event);
    const now = deps.now().getTime();
    if (at && (now - at.getTime() > deps.maxAgeMs || at.getTime() - now > deps.maxFutureSkewMs)) {
      throw new WebhookRejection(401, 'stale', 'Event timestamp outside the accepted window');
    }

    const family = eventFamily(event.event_name);
    const status = family === 'unknown' ? 'ignored' : 'pending';
    let stored;
    try {
      stored = await deps.inbox.insert({
        communeId: commune.id,
        eventName: event.event_name,
        dedupKey: eventDedupKey(event, raw),
        zaloUserId: eventUserId(event, commune.zaloOaId),
        payloadJson: raw.toString('utf8'),
        eventAt: at,
        status,
      });
    } catch (err) {
      log.error({ err, communeId: commune.id }, 'inbox insert failed');
      throw new WebhookRejection(503, 'unavailable', 'Storage unavailable, retry later');
    }
    if (!stored.inserted) return { result: 'duplicate', inboxId: stored.id };
    if (status === 'ignored') {
      log.info({ communeId: commune.id, inboxId: stored.id, eventName: event.event_name }, 'unknown event kept, not processed');
      return { result: 'ignored', inboxId: stored.id };
    }
    try {
      await withTimeout(deps.enqueueInbox(stored.id), deps.enqueueTimeoutMs);
    } catch (err) {
      // Stored is what counts: the sweeper enqueues rows left pending.
      log.warn({ err, inboxId: stored.id }, 'enqueue failed; the sweeper will pick the event up');
    }
    return { result: 'accepted', inboxId: stored.id };
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
    try {
      const { result } = await accept(request);
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
