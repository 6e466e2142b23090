import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { and, desc, eq, inArray, isNotNull, or } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { inboxEvents, outboxMessages } from '../../db/schema';
import type { Logger } from '../../logger';
import {
  follow,
  signedWebhook,
  unfollow,
  userClickChatnow,
  userSendImage,
  userSendLocation,
  userSendSticker,
  userSendText,
  userSubmitInfo,
  type EventBase,
  type FakeZalo,
  type RecordedRequest,
  type WebhookEvent,
} from '../fake-zalo';
import { chatFromEvent, chatFromOaMessage, type ChatMessage } from './chat';
import { createStaffLinker, type AdminCall } from './link-staff';
import { SIM_LOCATIONS, SIM_PEOPLE, SIM_PHOTOS, SIM_POSTERS, SIM_STICKERS, simPerson, type SimPerson } from './people';

/**
 * The simulator: GET /sim (a phone-like page) and a small API behind it. Everything a simulated person does
 * becomes a correctly signed Zalo webhook event (built by src/dev/fake-zalo/events.ts) posted to the app's
 * own POST /webhooks/zalo; everything the bot sends reaches the in-process fake Zalo and is pushed to the
 * page over server-sent events. Registered only when ZALO_MODE=simulator (main.ts).
 */

export interface SimDeps {
  fake: FakeZalo;
  db: Db;
  logger: Logger;
  now: () => Date;
  commune: { id: number; slug: string; name: string; zaloOaId: string; zaloAppId: string; zaloOaSecretKey: string };
  /** Base of the URLs the app fetches sample photos from (PUBLIC_BASE_URL). */
  publicBaseUrl: string;
  /** For the admin API calls that invite the simulated staff. */
  adminToken: string;
  /**
   * A request to this very app (Fastify's inject): events go through the real POST /webhooks/zalo and invites
   * through the real admin API.
   */
  inject(request: { method: 'GET' | 'POST'; url: string; headers?: Record<string, string>; payload?: string | object }): Promise<{
    statusCode: number;
    body: string;
  }>;
}

export interface SimFailure {
  at: string;
  what: string;
  code: number | null;
  message: string;
}

interface SimBusEvents {
  chat: [ChatMessage];
  failure: [SimFailure];
  state: [SimState];
}

interface SimState {
  outsideWindow: string[];
  tokenRefreshes: number;
}

/**
 * The page and its assets: next to this file under src/ (tsx, tests), or copied next to the compiled file by
 * `npm run build`; failing that, src/dev/sim/public/ of a checkout above dist/.
 */
function findPublicDir(): string {
  const beside = path.join(__dirname, 'public');
  if (existsSync(path.join(beside, 'index.html'))) return beside;
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'src', 'dev', 'sim', 'public');
    if (existsSync(path.join(candidate, 'index.html'))) return candidate;
  }
  return beside;
}
const PUBLIC_DIR = findPublicDir();
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};
const MAX_FAILURES = 50;
const HISTORY_LIMIT = 400;

const personKey = z.string().refine((k) => simPerson(k) !== undefined, 'unknown person');

const sendBody = z.discriminatedUnion('kind', [
  z.object({ person: personKey, kind: z.literal('text'), text: z.string().min(1).max(5000), hidden: z.boolean().optional() }),
  z.object({
    person: personKey,
    kind: z.literal('image'),
    photo: z.enum(SIM_PHOTOS.map((p) => p.file) as [string, ...string[]]),
    caption: z.string().max(2000).optional(),
  }),
  z.object({
    person: personKey,
    kind: z.literal('location'),
    latitude: z.string().regex(/^-?\d{1,3}(\.\d+)?$/),
    longitude: z.string().regex(/^-?\d{1,3}(\.\d+)?$/),
  }),
  z.object({ person: personKey, kind: z.literal('sticker'), stickerId: z.string().regex(/^[a-z0-9]{1,64}$/) }),
  z.object({ person: personKey, kind: z.literal('qr'), poster: z.string().regex(/^(#QR-)?[A-Z0-9]{1,20}$/) }),
  z.object({ person: personKey, kind: z.literal('follow') }),
  z.object({ person: personKey, kind: z.literal('unfollow') }),
  z.object({ person: personKey, kind: z.literal('chatnow') }),
  z.object({ person: personKey, kind: z.literal('submit_info') }),
]);
export type SimSend = z.infer<typeof sendBody>;

const failureBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('token-expired') }),
  z.object({ kind: z.literal('outside-window'), person: personKey, on: z.boolean() }),
  z.object({ kind: z.literal('zalo-down'), times: z.number().int().min(1).max(50).default(3) }),
  z.object({ kind: z.literal('rate-limited'), times: z.number().int().min(1).max(50).default(3) }),
  z.object({ kind: z.literal('clear') }),
]);

const byUserId = new Map<string, SimPerson>(SIM_PEOPLE.map((p) => [p.zaloUserId, p]));

/** Builds the webhook event for what a person did on the page (docs/zalo.md §1.2, §1.4, §10). */
export function buildSimEvent(send: SimSend, base: EventBase, photoUrl: (file: string) => string): WebhookEvent {
  const person = simPerson(send.person);
  switch (send.kind) {
    case 'text':
      return userSendText({ ...base, text: send.text });
    // A poster's QR opens the OA; the poster asks to send its code as the first message.
    case 'qr':
      return userSendText({ ...base, text: send.poster });
    case 'image':
      return userSendImage({ ...base, url: photoUrl(send.photo), ...(send.caption ? { text: send.caption } : {}) });
    case 'location':
      return userSendLocation({ ...base, latitude: send.latitude, longitude: send.longitude });
    case 'sticker':
      return userSendSticker({ ...base, stickerId: send.stickerId });
    case 'follow':
      return follow(base);
    case 'unfollow':
      return unfollow(base);
    case 'chatnow':
      return userClickChatnow(base);
    case 'submit_info':
      // Zalo sends the phone as 84… (docs/zalo.md §1.4).
      return userSubmitInfo({
        ...base,
        info: { name: person?.displayName ?? '', phone: `84${(person?.phone ?? '').replace(/^0/, '')}`, city: '' },
      });
  }
}

export function simRoutes(deps: SimDeps) {
  const bus = new EventEmitter<SimBusEvents>();
  bus.setMaxListeners(0);
  const failures: SimFailure[] = [];
  const outsideWindow = new Set<string>();
  const streams = new Set<FastifyReply>();
  const oaId = deps.commune.zaloOaId;
  const log = deps.logger.child({ module: 'simulator' });
  const photoUrl = (file: string) => `${deps.publicBaseUrl.replace(/\/$/, '')}/sim/assets/photos/${file}`;

  const state = (): SimState => ({ outsideWindow: [...outsideWindow], tokenRefreshes: deps.fake.refreshCount(oaId) });

  function addFailure(failure: SimFailure): void {
    failures.unshift(failure);
    failures.length = Math.min(failures.length, MAX_FAILURES);
    bus.emit('failure', failure);
  }

  deps.fake.events.on('message', (sent) => {
    const person = sent.userId === null ? undefined : byUserId.get(sent.userId);
    if (!person || (sent.kind !== 'cs' && sent.kind !== 'template')) return;
    const message = typeof sent.body.message === 'object' && sent.body.message !== null ? (sent.body.message as Record<string, unknown>) : {};
    bus.emit('chat', chatFromOaMessage(person.key, message, sent.at, sent.messageId));
  });

  deps.fake.events.on('request', (request: RecordedRequest) => {
    const body = request.response.body;
    const code = typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'number' ? (body as { error: number }).error : 0;
    const status = request.response.statusCode;
    if (status !== null && status < 400 && code >= 0) {
      if (request.path === '/v4/oa/access_token') bus.emit('state', state());
      return;
    }
    const fields = typeof body === 'object' && body !== null ? (body as { message?: unknown; error_name?: unknown }) : {};
    const text = typeof fields.message === 'string' ? fields.message : typeof fields.error_name === 'string' ? fields.error_name : '';
    const message = status === null ? 'connection dropped' : text || (typeof body === 'string' ? body : '');
    addFailure({ at: request.at.toISOString(), what: `${request.method} ${request.path}`, code: code < 0 ? code : status, message });
  });

  async function history(): Promise<ChatMessage[]> {
    const ids = SIM_PEOPLE.map((p) => p.zaloUserId);
    const inbound = await deps.db
      .select({ id: inboxEvents.id, userId: inboxEvents.zaloUserId, payload: inboxEvents.payload, at: inboxEvents.receivedAt })
      .from(inboxEvents)
      .where(and(eq(inboxEvents.communeId, deps.commune.id), inArray(inboxEvents.zaloUserId, ids)))
      .orderBy(desc(inboxEvents.id))
      .limit(HISTORY_LIMIT);
    const outbound = await deps.db
      .select({ id: outboxMessages.id, userId: outboxMessages.zaloUserId, message: outboxMessages.message, at: outboxMessages.sentAt, zaloMessageId: outboxMessages.zaloMessageId })
      .from(outboxMessages)
      .where(and(eq(outboxMessages.communeId, deps.commune.id), inArray(outboxMessages.zaloUserId, ids), eq(outboxMessages.status, 'sent')))
      .orderBy(desc(outboxMessages.id))
      .limit(HISTORY_LIMIT);
    const messages: ChatMessage[] = [];
    for (const row of inbound) {
      const person = row.userId === null ? undefined : byUserId.get(row.userId);
      if (!person) continue;
      const chat = chatFromEvent(person.key, row.payload, row.at, `inbox-${row.id}`);
      if (chat) messages.push(chat);
    }
    for (const row of outbound) {
      const person = byUserId.get(row.userId);
      if (!person || !row.at) continue;
      messages.push(chatFromOaMessage(person.key, row.message, row.at, row.zaloMessageId ?? `outbox-${row.id}`));
    }
    return messages.sort((a, b) => a.at.localeCompare(b.at));
  }

  async function undelivered() {
    const rows = await deps.db
      .select({
        id: outboxMessages.id,
        userId: outboxMessages.zaloUserId,
        status: outboxMessages.status,
        errorKind: outboxMessages.errorKind,
        errorCode: outboxMessages.errorCode,
        lastError: outboxMessages.lastError,
        message: outboxMessages.message,
        at: outboxMessages.lastAttemptAt,
      })
      .from(outboxMessages)
      .where(
        and(
          eq(outboxMessages.communeId, deps.commune.id),
          or(inArray(outboxMessages.status, ['undeliverable', 'failed']), and(eq(outboxMessages.status, 'pending'), isNotNull(outboxMessages.errorKind))),
        ),
      )
      .orderBy(desc(outboxMessages.id))
      .limit(20);
    return rows.map((r) => ({
      outboxId: r.id,
      person: byUserId.get(r.userId)?.displayName ?? r.userId,
      status: r.status,
      errorKind: r.errorKind,
      errorCode: r.errorCode,
      lastError: r.lastError,
      text: typeof r.message.text === 'string' ? r.message.text.slice(0, 120) : null,
      at: r.at?.toISOString() ?? null,
    }));
  }

  async function send(input: SimSend) {
    const person = simPerson(input.person);
    if (!person) throw new Error('unknown person');
    const base: EventBase = { appId: deps.commune.zaloAppId, oaId, userId: person.zaloUserId, clock: deps.now };
    const event = buildSimEvent(input, base, photoUrl);
    const signed = signedWebhook(event, deps.commune.zaloOaSecretKey);
    // Writing again reopens the 7-day window (docs/zalo.md §4); unfollowing does not.
    if (input.kind !== 'unfollow' && outsideWindow.delete(person.key)) {
      deps.fake.setOutsideWindow(oaId, person.zaloUserId, false);
      bus.emit('state', state());
    }
    const response = await deps.inject({ method: 'POST', url: '/webhooks/zalo', headers: signed.headers, payload: signed.rawBody });
    let result: unknown;
    try {
      result = (JSON.parse(response.body) as { result?: unknown }).result ?? null;
    } catch {
      result = null;
    }
    const chat = chatFromEvent(person.key, event, deps.now(), `sim-${Date.now()}`);
    if (chat && response.statusCode === 200) {
      if (input.kind === 'text' && input.hidden) chat.hidden = true;
      bus.emit('chat', chat);
    }
    if (response.statusCode !== 200) {
      addFailure({ at: deps.now().toISOString(), what: 'POST /webhooks/zalo', code: response.statusCode, message: response.body.slice(0, 200) });
    }
    return { statusCode: response.statusCode, result, message: chat };
  }

  const admin: AdminCall = (method, url, body) =>
    deps.inject({
      method,
      url: `${url}${url.includes('?') ? '&' : '?'}commune=${encodeURIComponent(deps.commune.slug)}`,
      headers: { authorization: `Bearer ${deps.adminToken}` },
      ...(body === undefined ? {} : { payload: body }),
    });
  const linkStaff = createStaffLinker({
    db: deps.db,
    logger: deps.logger,
    communeId: deps.commune.id,
    admin,
    sendText: async (person, text) => {
      await send({ person: person.key, kind: 'text', text });
    },
  });
  const linkStaffInBackground = () => {
    linkStaff().catch((err: unknown) => {
      log.warn({ err }, 'linking the simulated staff failed; reloading /sim tries again');
    });
  };

  function injectFailure(input: z.infer<typeof failureBody>): void {
    switch (input.kind) {
      case 'token-expired':
        deps.fake.expireAccessToken(oaId);
        break;
      case 'outside-window': {
        const person = simPerson(input.person);
        if (!person) return;
        deps.fake.setOutsideWindow(oaId, person.zaloUserId, input.on);
        if (input.on) outsideWindow.add(person.key);
        else outsideWindow.delete(person.key);
        break;
      }
      case 'zalo-down':
        deps.fake.failNext({ path: /^\/v[23]\.0\/oa\//, times: input.times, with: { httpStatus: 503 } });
        break;
      case 'rate-limited':
        deps.fake.setRateLimited(oaId, input.times);
        break;
      case 'clear':
        for (const key of outsideWindow) {
          const person = simPerson(key);
          if (person) deps.fake.setOutsideWindow(oaId, person.zaloUserId, false);
        }
        outsideWindow.clear();
        failures.length = 0;
        break;
    }
    log.info({ injected: input.kind }, 'simulator failure injected');
    bus.emit('state', state());
  }

  async function serveFile(reply: FastifyReply, relative: string) {
    const file = path.resolve(PUBLIC_DIR, relative);
    const type = CONTENT_TYPES[path.extname(file)];
    if (!file.startsWith(PUBLIC_DIR + path.sep) || type === undefined) return reply.code(404).send({ ok: false, error: 'Not found' });
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch {
      return reply.code(404).send({ ok: false, error: 'Not found' });
    }
    return reply.type(type).header('cache-control', 'no-cache').send(bytes);
  }

  return (app: FastifyInstance): void => {
    app.get('/sim', (_request, reply) => serveFile(reply, 'index.html'));
    app.get('/sim/', (_request, reply) => reply.redirect('/sim'));
    app.get<{ Params: { '*': string } }>('/sim/assets/*', (request, reply) => serveFile(reply, request.params['*']));

    const stateView = () => ({
      commune: { name: deps.commune.name },
      people: SIM_PEOPLE.map((p) => ({ key: p.key, displayName: p.displayName, label: p.label, role: p.role, color: p.color })),
      photos: SIM_PHOTOS.map((p) => ({ ...p, url: `/sim/assets/photos/${p.file}` })),
      locations: SIM_LOCATIONS,
      stickers: SIM_STICKERS,
      posters: SIM_POSTERS,
      ...state(),
    });

    // Staff are linked by invite once the app is up, and again on each page load if someone unlinked them.
    app.addHook('onReady', (done) => {
      setImmediate(linkStaffInBackground);
      done();
    });

    app.get('/sim/api/state', () => {
      linkStaffInBackground();
      return stateView();
    });

    // Links whoever of the simulated staff is not linked; answers how many were invited.
    app.post('/sim/api/link-staff', async () => ({ invited: await linkStaff() }));

    app.get('/sim/api/history', async () => ({ messages: await history() }));

    app.post('/sim/api/send', async (request, reply) => {
      const parsed = sendBody.safeParse(request.body);
      if (!parsed.success) return reply.code(400).send({ ok: false, error: z.prettifyError(parsed.error) });
      const outcome = await send(parsed.data);
      return reply.code(outcome.statusCode === 200 ? 200 : 502).send({ ok: outcome.statusCode === 200, ...outcome });
    });

    app.get('/sim/api/failures', async () => ({ zalo: failures, undelivered: await undelivered(), ...state() }));

    app.post('/sim/api/failures', (request, reply) => {
      const parsed = failureBody.safeParse(request.body);
      if (!parsed.success) return reply.code(400).send({ ok: false, error: z.prettifyError(parsed.error) });
      injectFailure(parsed.data);
      return reply.send({ ok: true, ...state() });
    });

    // Server-sent events: the page's live feed of bubbles, failures and state.
    app.get('/sim/api/stream', (request, reply) => {
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      const write = (event: string, data: unknown) => raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      const onChat = (m: ChatMessage) => write('chat', m);
      const onFailure = (f: SimFailure) => write('failure', f);
      const onState = (s: SimState) => write('state', s);
      bus.on('chat', onChat);
      bus.on('failure', onFailure);
      bus.on('state', onState);
      const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), 15_000);
      streams.add(reply);
      write('ready', state());
      request.raw.on('close', () => {
        clearInterval(heartbeat);
        bus.off('chat', onChat);
        bus.off('failure', onFailure);
        bus.off('state', onState);
        streams.delete(reply);
      });
    });

    // An open event stream is never idle, so the server would wait for it forever on close.
    app.addHook('preClose', (done) => {
      for (const reply of streams) reply.raw.end();
      streams.clear();
      done();
    });
  };
}
