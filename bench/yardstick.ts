/**
 * What the two yardstick servers share (bench/reference-server.ts, bench/loop-floor-server.ts): minimal
 * versions of the product's mechanisms, written apart from src/ on purpose, so that they measure what the
 * stack costs, not our code.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';

export const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

/** `X-ZEvent-Signature: mac=<hex sha256(app_id + rawBody + timestamp + oaSecretKey)>`, a plain hash (docs/zalo.md §2). */
function signatureValid(header: unknown, appId: string, raw: Buffer, timestamp: string, secret: string): boolean {
  if (typeof header !== 'string') return false;
  const given = header.trim().replace(/^mac=/i, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  const expected = createHash('sha256').update(appId, 'utf8').update(raw).update(timestamp, 'utf8').update(secret, 'utf8').digest();
  return timingSafeEqual(Buffer.from(given, 'hex'), expected);
}

interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: items that arrive while a write is in flight go together into the next one; one write in
 * flight at a time, no timer. `write` returns one result per item, in the items' order.
 */
export function groupCommit<T, R>(write: (batch: T[]) => Promise<R[]>): (item: T) => Promise<R> {
  let queue: Waiting<T, R>[] = [];
  let inFlight = false;
  const flush = async () => {
    inFlight = true;
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      try {
        const results = await write(batch.map((w) => w.item));
        batch.forEach((w, i) => {
          w.resolve(results[i]!);
        });
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    inFlight = false;
  };
  return (item) =>
    new Promise((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!inFlight) void flush();
    });
}

/** A refusal the handler answers with instead of 200. */
export interface Refusal {
  status: 400;
  error: string;
}

/**
 * Fastify with no logging serving GET /healthz and POST /webhooks/zalo: the body parsed as JSON from the raw
 * bytes, the signature checked over them, then `accept`. A throw from `accept` answers 503.
 */
export function signedWebhook(
  keys: { appId: string; secret: string },
  accept: (event: Record<string, unknown>, raw: Buffer) => Promise<Refusal | undefined>,
): FastifyInstance {
  const app = Fastify({ logger: false });
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    (request as unknown as { rawBody: Buffer }).rawBody = body;
    try {
      done(null, JSON.parse(body.toString('utf8')));
    } catch {
      done(Object.assign(new Error('Malformed JSON body'), { statusCode: 400 }), undefined);
    }
  });
  app.get('/healthz', () => ({ ok: true }));
  app.post('/webhooks/zalo', async (request, reply) => {
    const raw = (request as unknown as { rawBody?: Buffer }).rawBody;
    const event = request.body as Record<string, unknown> | null;
    if (!raw || !event || typeof event.timestamp !== 'string') {
      return reply.code(400).send({ ok: false, error: 'Expected a signed event' });
    }
    if (!signatureValid(request.headers['x-zevent-signature'], keys.appId, raw, event.timestamp, keys.secret)) {
      return reply.code(401).send({ ok: false, error: 'Invalid signature' });
    }
    let refusal: Refusal | undefined;
    try {
      refusal = await accept(event, raw);
    } catch {
      return reply.code(503).send({ ok: false, error: 'Unavailable, retry later' });
    }
    if (refusal) return reply.code(refusal.status).send({ ok: false, error: refusal.error });
    return reply.code(200).send({ ok: true });
  });
  return app;
}
