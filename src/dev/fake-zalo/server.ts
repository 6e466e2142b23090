import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  oaSendImage,
  oaSendTemplate,
  oaSendText,
  signedWebhook,
  userIdByAppFor,
  type WebhookEvent,
} from './events';
import {
  getOaData,
  invalidParam,
  refreshTokenInvalid,
  replyQuota,
  userDetailData,
  zaloErrorMessage,
  zaloErrors,
  type ZaloErrorBody,
} from './fixtures';

/**
 * A fake of Zalo's OA Open API and OAuth token endpoint on one real HTTP server, following docs/zalo.md:
 * bare `access_token` header (§0.1), errors as HTTP 200 bodies (§0.2), single-use rotating refresh tokens that
 * kill the old access token (§5), the consultation window (§4). It records every request, and can be told to
 * fail, delay or drop the next calls. Used by integration tests and by the simulator.
 *
 * Faults come in two families. Before acceptance (`httpStatus`, `zaloError`, `dropConnection`, an outage): the
 * call fails and nothing was sent. After acceptance (`acceptThen`): the route does its work (a send is recorded
 * and echoed, a refresh rotates the pair) and then the answer is lost: withheld past the client's timeout,
 * replaced by a gateway's 502/504, or the socket reset. That is the case where the caller cannot know what
 * happened. Everything is reachable programmatically and, for tests that drive real processes, over HTTP on
 * the fake's own server under `/_fake/` (never recorded, never failed).
 */

export interface FakeOaInput {
  oaId: string;
  appId: string;
  appSecret: string;
  accessToken: string;
  refreshToken: string;
  /** `expires_in` of refreshed tokens, and the lifetime of every access token; Zalo's is 90 000 s (§5). */
  accessTokenTtlSeconds?: number;
  /** `name` in `GET /v2.0/oa/getoa`. */
  name?: string;
}

export interface ZaloUserProfile {
  user_id: string;
  user_id_by_app: string;
  user_external_id: string;
  display_name: string;
  user_alias: string;
  is_sensitive: boolean;
  user_last_interaction_date: string;
  user_is_follower: boolean;
  avatar: string;
  avatars: Record<string, string>;
  dynamic_param: string;
  tags_and_notes_info: { notes: string[]; tag_names: string[] };
  /** Filled only after the user shared it through `request_user_info` (§7); `null` here means "never shared". */
  shared_info: { address: string; city: string; district: string; phone: string; name: string } | null;
}

/** What a request that the fake accepted (and acted on) gets instead of its answer. */
export type AcceptedFault =
  /** The answer is held `holdMs` (default 10 minutes, or until close) and then written, to nobody by then. */
  | { acceptThen: 'timeout'; holdMs?: number }
  /** A gateway's answer (502, 504) replaces Zalo's. */
  | { acceptThen: 'http'; httpStatus: number }
  /** The socket is destroyed instead of answering. */
  | { acceptThen: 'reset' };

export type FailureEffect =
  | { httpStatus: number; retryAfterSeconds?: number }
  | { zaloError: number; message?: string }
  | { delayMs: number }
  | { dropConnection: true }
  | AcceptedFault;

/** An outage: every Zalo call (OA API, ZNS, OAuth) fails before acceptance until it ends. */
export interface Outage {
  ms: number;
  /** `http` answers `httpStatus` (default 503); `reset` drops every connection. */
  mode?: 'http' | 'reset';
  httpStatus?: number;
}

/** Where the OA's `oa_send_*` echoes of accepted consultation sends go (docs/zalo.md §1.4). */
export type EchoSink = (event: WebhookEvent) => Promise<unknown>;

export interface FailureRule {
  /** Exact request path (no query) or a pattern; any request when omitted. */
  path?: string | RegExp;
  times?: number;
  with: FailureEffect;
}

export interface RecordedRequest {
  at: Date;
  method: string;
  path: string;
  /** The OA whose current access token (or, for the token endpoint, refresh token) the request carried. */
  oaId: string | null;
  /** Request headers with `access_token` and `secret_key` values redacted. */
  headers: Record<string, string>;
  query: Record<string, string>;
  /** Parsed JSON, form fields, or for multipart a summary of the parts (no bytes). */
  body: unknown;
  /** `statusCode` null when the connection was dropped. */
  response: { statusCode: number | null; body: unknown };
}

export type SendKind = 'cs' | 'template' | 'zns' | 'reaction';

export interface SentMessage {
  at: Date;
  oaId: string;
  kind: SendKind;
  /** null for ZNS, which goes by phone. */
  userId: string | null;
  phone: string | null;
  messageId: string;
  /** `message.text` of a consultation send (also a caption or the text above buttons). */
  text: string | null;
  body: Record<string, unknown>;
}

export interface RecordedUpload {
  at: Date;
  oaId: string;
  kind: 'image' | 'file';
  /** `attachment_id` (image) or `token` (file) returned. */
  id: string;
  filename: string;
  contentType: string | null;
  size: number;
}

/**
 * A file the fake CDN serves at `/cdn/<path>` (with its Content-Length, or `chunked` without one, as a CDN
 * streaming from its origin does), or a redirect it answers with.
 */
export type CdnEntry = { bytes: Buffer; contentType: string; chunked?: boolean } | { redirectTo: string };

/**
 * Real sample media (src/dev/fake-zalo/media, made with ffmpeg and by hand), served by the fake CDN under the
 * paths of the shared fixtures (docs/zalo.md §11), so a fixture's URL with the fake's base has real bytes.
 */
export const CDN_SAMPLES = {
  photo: { path: '/photo/fake-full-1.jpg', file: 'photo.jpg', contentType: 'image/jpeg' },
  photoThumb: { path: '/photo/fake-thumb-1.jpg', file: 'photo.jpg', contentType: 'image/jpeg' },
  voice: { path: '/voice/fake-1.aac', file: 'voice.aac', contentType: 'audio/aac' },
  video: { path: '/video/fake-1.mp4', file: 'video.mp4', contentType: 'video/mp4' },
  gif: { path: '/gif/fake-1.gif', file: 'anim.gif', contentType: 'image/gif' },
  docx: {
    path: '/file/fake-don-kien-nghi.docx',
    file: 'don-kien-nghi.docx',
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  },
  pdf: { path: '/file/fake-letter.pdf', file: 'letter.pdf', contentType: 'application/pdf' },
} as const;
export type CdnSample = keyof typeof CDN_SAMPLES;

/** The sample's bytes (from src/ under tsx and jest, from dist/ once built: the build copies the folder). */
export function cdnSampleBytes(sample: CdnSample): Buffer {
  return fs.readFileSync(path.join(__dirname, 'media', CDN_SAMPLES[sample].file));
}

export interface FakeZaloEvents {
  /** Every accepted send, of any kind. */
  message: [SentMessage];
  request: [RecordedRequest];
}

export interface RequestFilter {
  method?: string;
  path?: string | RegExp;
  oaId?: string;
}

export interface FakeZaloOptions {
  clock?: () => Date;
  logger?: boolean;
}

export interface FakeZalo {
  start(port?: number, host?: string): Promise<void>;
  close(): Promise<void>;
  /** `http://host:port`; both ZALO_API_BASE_URL and ZALO_OAUTH_BASE_URL can point here. */
  readonly baseUrl: string;
  readonly app: FastifyInstance;
  readonly events: EventEmitter<FakeZaloEvents>;
  addOa(oa: FakeOaInput): void;
  tokens(oaId: string): { accessToken: string; refreshToken: string; expiresAt: Date };
  refreshCount(oaId: string): number;
  /** The current access token answers -220 until the next refresh. */
  expireAccessToken(oaId: string): void;
  setUser(oaId: string, userId: string, profile?: Partial<ZaloUserProfile>): ZaloUserProfile;
  setOutsideWindow(oaId: string, userId: string, outside: boolean): void;
  setNotFollower(oaId: string, userId: string, notFollower: boolean): void;
  /** The next `calls` OA API calls of this OA answer -32. */
  setRateLimited(oaId: string, calls: number): void;
  /** While on, every send of this OA answers -211 (out of quota). */
  setQuotaExceeded(oaId: string, exceeded: boolean): void;
  /**
   * Token death: every OA API call with this OA's token answers -216 and its refresh token answers -14014, as
   * after a lost rotation or a revoked app (docs/zalo.md §5). Only `reconsent` (or `reset`) ends it.
   */
  killTokens(oaId: string): void;
  /** An OA admin granted the app again: a fresh pair, as the authorization-code exchange would return. */
  reconsent(oaId: string): { accessToken: string; refreshToken: string };
  /** Every call fails before acceptance for `ms` milliseconds of the fake's clock. */
  startOutage(outage: Outage): void;
  endOutage(): void;
  /** Echo every accepted consultation send of this OA to `sink`, in order, as Zalo does (null: stop); `delayMs` after each send. */
  setEchoes(oaId: string, sink: EchoSink | null, options?: { delayMs?: number }): void;
  failNext(rule: FailureRule): void;
  requests(filter?: RequestFilter): RecordedRequest[];
  /** Accepted consultation and template-by-UID sends, in order. */
  sentMessages(userId?: string): SentMessage[];
  textsTo(userId: string): string[];
  uploads(): RecordedUpload[];
  /**
   * Zalo's CDN (docs/zalo.md §6): public GETs of `/cdn/<path>`, no token. `cdnUrl('/voice/x.aac')` is the URL
   * to put in a webhook; the samples are served from the start, `putCdn` adds or replaces a file or a redirect.
   * Failures are injected with `failNext({ path: '/cdn/voice/x.aac', ... })` like any other route.
   */
  cdnUrl(cdnPath: string): string;
  putCdn(cdnPath: string, entry: CdnEntry): string;
  /** Forgets requests, sends, uploads, refresh counts and every injected failure; keeps OAs, tokens and users. */
  reset(): void;
}

type Json = Record<string, unknown>;

interface OaState {
  oaId: string;
  appId: string;
  appSecret: string;
  name: string;
  ttlSeconds: number;
  accessToken: string;
  refreshToken: string;
  issuedAt: number;
  expired: boolean;
  refreshes: number;
  rateLimitedCalls: number;
  quotaExceeded: boolean;
  tokenDead: boolean;
  echo: { sink: EchoSink; delayMs: number; chain: Promise<unknown> } | null;
  users: Map<string, ZaloUserProfile>;
  outsideWindow: Set<string>;
  notFollowers: Set<string>;
}

interface MultipartPart {
  name: string;
  filename: string | null;
  contentType: string | null;
  size: number;
}

const ZALO_ACCESS_TOKEN_TTL_SECONDS = 90_000;
const MAX_TEXT_CHARS = 2000;
const REACT_ICONS = new Set(['/-strong', '/-heart', ':>--b', '-:((', '-h:o', '/-remove']);
const SECRET_HEADERS = new Set(['access_token', 'secret_key', 'authorization']);

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
/** Zalo ids are digit strings beyond 2^53 (§0.4): a number here would already have lost digits. */
const isZaloId = (v: unknown): v is string => typeof v === 'string' && /^\d+$/.test(v);
const isUrl = (v: unknown): v is string => typeof v === 'string' && /^https?:\/\/\S+$/.test(v);
const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const CONTROL_PREFIX = '/_fake/';
const DEFAULT_HOLD_MS = 10 * 60_000;

const isControl = (request: FastifyRequest) => request.url.startsWith(CONTROL_PREFIX);

const controlSchemas = {
  failure: z.object({
    path: z.string().optional(),
    /** A regular expression over the path, for a family of routes. */
    pathPattern: z.string().optional(),
    times: z.number().int().positive().optional(),
    // Strict: `{acceptThen: 'http', httpStatus}` must not pass as a plain `{httpStatus}`.
    with: z.union([
      z.strictObject({
        httpStatus: z.number().int().min(100).max(599),
        retryAfterSeconds: z.number().optional(),
      }),
      z.strictObject({ zaloError: z.number().int(), message: z.string().optional() }),
      z.strictObject({ delayMs: z.number().int().nonnegative() }),
      z.strictObject({ dropConnection: z.literal(true) }),
      z.strictObject({ acceptThen: z.literal('timeout'), holdMs: z.number().int().nonnegative().optional() }),
      z.strictObject({ acceptThen: z.literal('http'), httpStatus: z.number().int().min(500).max(599) }),
      z.strictObject({ acceptThen: z.literal('reset') }),
    ]),
  }),
  outage: z.object({
    ms: z.number().int().positive(),
    mode: z.enum(['http', 'reset']).optional(),
    httpStatus: z.number().int().min(500).max(599).optional(),
  }),
  oa: z.object({ oaId: z.string() }),
  quota: z.object({ oaId: z.string(), exceeded: z.boolean() }),
  rateLimit: z.object({ oaId: z.string(), calls: z.number().int().nonnegative() }),
  echoes: z.object({
    oaId: z.string(),
    /** The webhook to post signed echoes to; null stops them. */
    url: z.url().nullable(),
    oaSecretKey: z.string().min(1).optional(),
    delayMs: z.number().int().nonnegative().optional(),
  }),
  filter: z.object({ userId: z.string().optional(), path: z.string().optional() }),
};

/** The echo Zalo posts for an accepted consultation send, by message kind (docs/zalo.md §1.4). */
function echoOf(state: OaState, userId: string, messageId: string, message: unknown, at: Date): WebhookEvent {
  const base = {
    appId: state.appId,
    oaId: state.oaId,
    userId,
    msgId: messageId,
    timestamp: String(at.getTime()),
  };
  const m = isObject(message) ? message : {};
  const text = typeof m.text === 'string' ? m.text : '';
  const attachment = isObject(m.attachment) ? m.attachment : null;
  const payload = attachment && isObject(attachment.payload) ? attachment.payload : null;
  if (!attachment || !payload) return oaSendText({ ...base, text });
  if (payload.template_type === 'media') {
    // Zalo echoes its own CDN copy of the image (oa_send_image.json), and that fixture's text is empty.
    const url = `https://zalo-cdn.example.invalid/photo/oa-${messageId}.jpg`;
    return oaSendImage({ ...base, url, text: '' });
  }
  return oaSendTemplate({ ...base, text, payload });
}

function success(data: Json): Json {
  return { data, error: 0, message: 'Success' };
}

/** The OAuth server's error shape (refresh_token.err_invalid.json). */
function oauthError(error: number, errorName: string): Json {
  return { ...refreshTokenInvalid, error_name: errorName, error };
}

/** The invalid field of a consultation message (§3.1), or null. */
function invalidMessageField(message: unknown): string | null {
  if (!isObject(message)) return 'message';
  const { text, attachment, quote_message_id: quote } = message;
  // Counted in UTF-16 units, the strictest reading of "2000 characters" (§0.9).
  if (text !== undefined && (typeof text !== 'string' || text.length > MAX_TEXT_CHARS)) return 'text';
  if (quote !== undefined && !isText(quote)) return 'quote_message_id';
  if (attachment === undefined) return isText(text) ? null : 'text';
  if (!isObject(attachment) || !isObject(attachment.payload)) return 'attachment';
  const payload = attachment.payload;
  if (attachment.type === 'file') return isText(payload.token) ? null : 'token';
  if (attachment.type !== 'template') return 'type';
  if (payload.buttons !== undefined) {
    if (!Array.isArray(payload.buttons) || payload.buttons.length === 0) return 'buttons';
    for (const button of payload.buttons as unknown[]) {
      const field = invalidButtonField(button);
      if (field) return field;
    }
    return isText(text) ? null : 'text';
  }
  if (!Array.isArray(payload.elements) || payload.elements.length !== 1) return 'elements';
  const element: unknown = payload.elements[0];
  if (!isObject(element)) return 'elements';
  switch (payload.template_type) {
    case 'media':
      switch (element.media_type) {
        // One of `url` or `attachment_id` (§3.1).
        case 'image':
          if (element.url !== undefined && element.attachment_id !== undefined) return 'attachment_id';
          if (element.url !== undefined) return isUrl(element.url) ? null : 'url';
          return isText(element.attachment_id) ? null : 'attachment_id';
        case 'gif':
          if (typeof element.width !== 'number' || typeof element.height !== 'number') return 'width';
          return isText(element.attachment_id) ? null : 'attachment_id';
        case 'sticker':
          return isText(element.attachment_id) ? null : 'attachment_id';
        default:
          return 'media_type';
      }
    case 'request_user_info':
      if (!isText(element.title)) return 'title';
      if (!isText(element.subtitle)) return 'subtitle';
      return isUrl(element.image_url) ? null : 'image_url';
    default:
      return 'template_type';
  }
}

function invalidButtonField(button: unknown): string | null {
  if (!isObject(button)) return 'buttons';
  if (!isText(button.title)) return 'title';
  const payload = button.payload;
  switch (button.type) {
    case 'oa.query.show':
    case 'oa.query.hide':
      return isText(payload) ? null : 'payload';
    case 'oa.open.url':
      return isObject(payload) && isUrl(payload.url) ? null : 'payload';
    case 'oa.open.phone':
      return isObject(payload) && isText(payload.phone_code) ? null : 'payload';
    case 'oa.open.sms':
      return isObject(payload) && isText(payload.content) && isText(payload.phone_code) ? null : 'payload';
    default:
      return 'type';
  }
}

/** Part names, file names and sizes of a multipart body; the bytes themselves are not kept. */
function summarizeMultipart(body: Buffer, contentType: string): MultipartPart[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const token = boundary?.[1] ?? boundary?.[2];
  if (!token) return [];
  const delimiter = Buffer.from(`--${token}`);
  const parts: MultipartPart[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    // Each part sits between "--boundary\r\n" and "\r\n--boundary".
    const part = body.subarray(start + delimiter.length + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      parts.push({
        name: /;\s*name="([^"]*)"/i.exec(headers)?.[1] ?? '',
        filename: /;\s*filename="([^"]*)"/i.exec(headers)?.[1] ?? null,
        contentType: /^content-type:\s*(.+)$/im.exec(headers)?.[1]?.trim() ?? null,
        size: part.length - headerEnd - 4,
      });
    }
    start = next;
  }
  return parts;
}

function parsePayload(payload: unknown): unknown {
  const text =
    typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const asText = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

function flatten(values: Record<string, unknown>, redact: Set<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.map(asText).join(', ') : asText(value);
    out[key] = redact.has(key.toLowerCase()) ? '[redacted]' : text;
  }
  return out;
}

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

export function createFakeZalo(options: FakeZaloOptions = {}): FakeZalo {
  const clock = options.clock ?? (() => new Date());
  const now = () => clock().getTime();
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 16 * 1024 * 1024,
    forceCloseConnections: true,
  });
  const events = new EventEmitter<FakeZaloEvents>();
  const closing = new AbortController();

  const oas = new Map<string, OaState>();
  let recorded: RecordedRequest[] = [];
  let sent: SentMessage[] = [];
  let uploaded: RecordedUpload[] = [];
  let failures: { path?: string | RegExp; remaining: number; with: FailureEffect }[] = [];
  let outage: { until: number; mode: 'http' | 'reset'; httpStatus: number } | null = null;
  /** Requests that were accepted but must not get their answer (see AcceptedFault). */
  const acceptedFaults = new WeakMap<FastifyRequest, AcceptedFault>();
  const cdn = new Map<string, CdnEntry>();
  for (const sample of Object.keys(CDN_SAMPLES) as CdnSample[]) {
    cdn.set(CDN_SAMPLES[sample].path, {
      bytes: cdnSampleBytes(sample),
      contentType: CDN_SAMPLES[sample].contentType,
    });
  }
  let address: string | null = null;
  let idSerial = 0;
  let znsSent = 0;

  /** Unique within this server (serial) and across servers and restarts (random). */
  const freshId = () => `${(++idSerial).toString(16).padStart(6, '0')}${hex(13)}`;
  const arrivals = new WeakMap<FastifyRequest, { at: Date; oaId: string | null }>();

  function oa(oaId: string): OaState {
    const state = oas.get(oaId);
    if (!state) throw new Error(`fake zalo: unknown OA ${oaId}`);
    return state;
  }

  const byAccessToken = (token: string | undefined) =>
    token === undefined ? undefined : [...oas.values()].find((o) => o.accessToken === token);

  function record(request: FastifyRequest, response: RecordedRequest['response']): void {
    const arrival = arrivals.get(request);
    const entry: RecordedRequest = {
      at: arrival?.at ?? clock(),
      method: request.method,
      path: request.url.split('?')[0] ?? request.url,
      oaId: arrival?.oaId ?? null,
      headers: flatten(request.headers, SECRET_HEADERS),
      query: flatten(isObject(request.query) ? request.query : {}, new Set()),
      body: request.body ?? null,
      response,
    };
    recorded.push(entry);
    events.emit('request', entry);
  }

  function deliver(state: OaState, message: Omit<SentMessage, 'at' | 'oaId' | 'messageId'>): SentMessage {
    const entry: SentMessage = { at: clock(), oaId: state.oaId, messageId: freshId(), ...message };
    sent.push(entry);
    events.emit('message', entry);
    if (entry.kind === 'cs' && entry.userId !== null) echo(state, entry.userId, entry);
    return entry;
  }

  /**
   * Echoes go out after the answer (next turn of the loop), one at a time per OA, in send order, each `delayMs`
   * after its own send (the delay is how late Zalo is, not a gap between echoes).
   */
  function echo(state: OaState, userId: string, entry: SentMessage): void {
    const target = state.echo;
    if (!target) return;
    const event = echoOf(state, userId, entry.messageId, entry.body.message, entry.at);
    const due = sleep(target.delayMs, undefined, { signal: closing.signal });
    target.chain = Promise.all([target.chain, due])
      .then(() => target.sink(event))
      .catch(() => undefined);
  }

  function userProfile(state: OaState, userId: string): ZaloUserProfile {
    const base = state.users.get(userId);
    if (base) return base;
    return {
      ...userDetailData,
      user_id: userId,
      user_id_by_app: userIdByAppFor(state.appId, userId),
      avatars: { ...userDetailData.avatars },
      tags_and_notes_info: { notes: [], tag_names: [] },
      shared_info: { ...userDetailData.shared_info },
    };
  }

  /** Why this user cannot get a consultation message now (§4), or null. */
  function userGate(state: OaState, userId: string): ZaloErrorBody | null {
    if (state.notFollowers.has(userId)) return zaloErrors.notFollower;
    if (state.outsideWindow.has(userId)) return zaloErrors.notInteracted7d;
    return null;
  }

  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    },
  );
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (request, body, done) => {
    const buffer = Buffer.isBuffer(body) ? body : Buffer.from(body);
    done(null, { parts: summarizeMultipart(buffer, headerValue(request, 'content-type') ?? '') });
  });

  app.addHook('onRequest', (request, _reply, done) => {
    if (isControl(request)) {
      done();
      return;
    }
    arrivals.set(request, {
      at: clock(),
      oaId: byAccessToken(headerValue(request, 'access_token'))?.oaId ?? null,
    });
    done();
  });

  // The answer of an accepted request is lost here, after the route did its work.
  app.addHook('onSend', async (request, reply, payload) => {
    if (isControl(request)) return payload;
    const fault = acceptedFaults.get(request);
    if (!fault) {
      const bytes = Buffer.isBuffer(payload) && request.url.startsWith('/cdn/') ? payload.length : null;
      record(request, {
        statusCode: reply.statusCode,
        body: bytes === null ? parsePayload(payload) : { bytes },
      });
      return payload;
    }
    switch (fault.acceptThen) {
      case 'http': {
        const body = `fake zalo: injected HTTP ${fault.httpStatus} after accepting`;
        record(request, { statusCode: fault.httpStatus, body });
        void reply.code(fault.httpStatus).type('text/plain');
        return body;
      }
      case 'reset':
        record(request, { statusCode: null, body: null });
        request.raw.socket.destroy();
        return payload;
      case 'timeout':
        record(request, { statusCode: null, body: null });
        try {
          await sleep(fault.holdMs ?? DEFAULT_HOLD_MS, undefined, { signal: closing.signal });
        } catch {
          request.raw.socket.destroy();
        }
        return payload;
    }
  });

  // Failure injection runs before anything else a route does, like a network or gateway problem would.
  app.addHook('preHandler', async (request, reply) => {
    if (isControl(request)) return;
    const drop = () => {
      reply.hijack();
      request.raw.socket.destroy();
      record(request, { statusCode: null, body: null });
    };
    if (outage && now() < outage.until) {
      if (outage.mode === 'reset') {
        drop();
        return;
      }
      return reply
        .code(outage.httpStatus)
        .type('text/plain')
        .send(`fake zalo: outage (${outage.httpStatus})`);
    }
    const path = request.url.split('?')[0] ?? request.url;
    const rule = failures.find((f) =>
      f.path === undefined ? true : typeof f.path === 'string' ? f.path === path : f.path.test(path),
    );
    if (!rule) return;
    rule.remaining -= 1;
    if (rule.remaining <= 0) failures = failures.filter((f) => f !== rule);
    const effect = rule.with;
    if ('acceptThen' in effect) {
      acceptedFaults.set(request, effect);
      return;
    }
    if ('dropConnection' in effect) {
      drop();
      return;
    }
    if ('delayMs' in effect) {
      try {
        await sleep(effect.delayMs, undefined, { signal: closing.signal });
      } catch {
        drop();
      }
      return;
    }
    if ('httpStatus' in effect) {
      if (effect.retryAfterSeconds !== undefined)
        void reply.header('retry-after', String(effect.retryAfterSeconds));
      return reply
        .code(effect.httpStatus)
        .type('text/plain')
        .send(`fake zalo: injected HTTP ${effect.httpStatus}`);
    }
    return reply.send({
      error: effect.zaloError,
      message: effect.message ?? zaloErrorMessage(effect.zaloError) ?? 'Fake error',
    });
  });

  /** An OA API route: access token (§0.1, §5), then the OA's rate limit (§8), then the handler. HTTP 200 always. */
  function oaRoute(
    method: 'GET' | 'POST',
    url: string,
    handler: (state: OaState, request: FastifyRequest) => Json,
    kind: 'send' | 'read' = 'read',
  ) {
    app.route({
      method,
      url,
      handler: (request) => {
        const state = byAccessToken(headerValue(request, 'access_token'));
        if (!state || state.tokenDead) return zaloErrors.tokenInvalid;
        if (state.expired || now() >= state.issuedAt + state.ttlSeconds * 1000)
          return zaloErrors.tokenExpired;
        if (state.rateLimitedCalls > 0) {
          state.rateLimitedCalls -= 1;
          return zaloErrors.rateLimited;
        }
        if (kind === 'send' && state.quotaExceeded) return zaloErrors.quota;
        return handler(state, request);
      },
    });
  }

  // §5: the refresh token is single-use; a refresh issues a new pair and kills the old access token at once.
  app.post('/v4/oa/access_token', (request) => {
    const form = isObject(request.body) ? request.body : {};
    const isForm = (headerValue(request, 'content-type') ?? '').startsWith(
      'application/x-www-form-urlencoded',
    );
    const appOas = [...oas.values()].filter((o) => o.appId === form.app_id);
    // No source shows Zalo's answer to a wrong app id, secret or body type; -14003 is its "invalid parameter".
    if (!isForm || appOas.length === 0 || appOas[0]?.appSecret !== headerValue(request, 'secret_key')) {
      return oauthError(-14003, 'Invalid parameter');
    }
    if (form.grant_type !== 'refresh_token') return oauthError(-14003, 'Invalid parameter');
    const state = appOas.find((o) => isText(form.refresh_token) && o.refreshToken === form.refresh_token);
    if (!state || state.tokenDead) return refreshTokenInvalid;
    const arrival = arrivals.get(request);
    if (arrival) arrival.oaId = state.oaId;
    state.refreshes += 1;
    state.accessToken = `fake-at-${state.oaId}-${state.refreshes}-${hex(12)}`;
    state.refreshToken = `fake-rt-${state.oaId}-${state.refreshes}-${hex(12)}`;
    state.issuedAt = now();
    state.expired = false;
    return {
      access_token: state.accessToken,
      refresh_token: state.refreshToken,
      expires_in: String(state.ttlSeconds),
    };
  });

  oaRoute(
    'POST',
    '/v3.0/oa/message/cs',
    (state, request) => {
      const body = request.body;
      if (!isObject(body) || !isObject(body.recipient) || !isZaloId(body.recipient.user_id))
        return invalidParam('user_id');
      const field = invalidMessageField(body.message);
      if (field) return invalidParam(field);
      const userId = body.recipient.user_id;
      const gate = userGate(state, userId);
      if (gate) return gate;
      const text = isObject(body.message) && typeof body.message.text === 'string' ? body.message.text : null;
      const m = deliver(state, { kind: 'cs', userId, phone: null, text, body });
      return success({
        quota: { ...replyQuota },
        message_id: m.messageId,
        user_id: userId,
        sent_time: String(m.at.getTime()),
      });
    },
    'send',
  );

  // Template by UID (ZBS): `{user_id, template_id, template_data}` per §3 (low confidence), so
  // `recipient.user_id` is accepted too. Window-free (§4) and billed: no `quota` (send_message.ok.billed_no_quota.json).
  oaRoute(
    'POST',
    '/v3.0/oa/message/template',
    (state, request) => {
      const body = request.body;
      if (!isObject(body)) return invalidParam('user_id');
      const userId = isObject(body.recipient) ? body.recipient.user_id : body.user_id;
      if (!isZaloId(userId)) return invalidParam('user_id');
      if (!isText(body.template_id)) return invalidParam('template_id');
      if (!isObject(body.template_data)) return invalidParam('template_data');
      const m = deliver(state, { kind: 'template', userId, phone: null, text: null, body });
      return success({ message_id: m.messageId, user_id: userId, sent_time: String(m.at.getTime()) });
    },
    'send',
  );

  // §3: v2.0 message now only takes reactions here; a v2 send answers -240.
  oaRoute(
    'POST',
    '/v2.0/oa/message',
    (state, request) => {
      const body = request.body;
      if (!isObject(body) || !isObject(body.sender_action)) return zaloErrors.v2Shutdown;
      if (!isObject(body.recipient) || !isZaloId(body.recipient.user_id)) return invalidParam('user_id');
      const action = body.sender_action;
      if (typeof action.react_icon !== 'string' || !REACT_ICONS.has(action.react_icon))
        return invalidParam('react_icon');
      if (!isText(action.react_message_id)) return invalidParam('react_message_id');
      const userId = body.recipient.user_id;
      const gate = userGate(state, userId);
      if (gate) return gate;
      const m = deliver(state, { kind: 'reaction', userId, phone: null, text: null, body });
      return success({ message_id: m.messageId, user_id: userId });
    },
    'send',
  );

  // ZNS by phone (business.openapi.zalo.me/message/template, §4). Its answer is ZNS's own shape (`msg_id`,
  // `quota.remainingQuota`), from ZNS integrations, not from our fixtures.
  oaRoute(
    'POST',
    '/message/template',
    (state, request) => {
      const body = request.body;
      if (!isObject(body) || typeof body.phone !== 'string' || !/^84\d{9,10}$/.test(body.phone))
        return invalidParam('phone');
      if (!isText(body.template_id)) return invalidParam('template_id');
      if (!isObject(body.template_data)) return invalidParam('template_data');
      if (body.tracking_id !== undefined && typeof body.tracking_id !== 'string')
        return invalidParam('tracking_id');
      znsSent += 1;
      const m = deliver(state, { kind: 'zns', userId: null, phone: body.phone, text: null, body });
      return success({
        msg_id: m.messageId,
        sent_time: String(m.at.getTime()),
        quota: { dailyQuota: '500', remainingQuota: String(Math.max(0, 500 - znsSent)) },
      });
    },
    'send',
  );

  function upload(kind: 'image' | 'file') {
    return (state: OaState, request: FastifyRequest): Json => {
      const parts =
        isObject(request.body) && Array.isArray(request.body.parts)
          ? (request.body.parts as MultipartPart[])
          : [];
      const file = parts.find((p) => p.name === 'file' && p.filename !== null);
      if (!file?.filename || file.size === 0) return invalidParam('file');
      const id = kind === 'image' ? `fake-attachment-${freshId()}` : `fake-file-token-${freshId()}`;
      uploaded.push({
        at: clock(),
        oaId: state.oaId,
        kind,
        id,
        filename: file.filename,
        contentType: file.contentType,
        size: file.size,
      });
      return success(kind === 'image' ? { attachment_id: id } : { token: id });
    };
  }
  oaRoute('POST', '/v2.0/oa/upload/image', upload('image'));
  oaRoute('POST', '/v2.0/oa/upload/file', upload('file'));

  // §7: the request is JSON inside the `data` query parameter.
  oaRoute('GET', '/v3.0/oa/user/detail', (state, request) => {
    const raw = isObject(request.query) ? request.query.data : undefined;
    let data: unknown;
    try {
      data = typeof raw === 'string' ? JSON.parse(raw) : undefined;
    } catch {
      data = undefined;
    }
    if (!isObject(data)) return invalidParam('data');
    if (!isZaloId(data.user_id)) return invalidParam('user_id');
    const profile = state.users.get(data.user_id);
    // Zalo's answer for a user unknown to the OA is not in our sources; -201 on user_id is the closest fixture.
    if (!profile) return invalidParam('user_id');
    return success({ ...profile });
  });

  app.get<{ Params: { '*': string } }>('/cdn/*', (request, reply) => {
    const entry = cdn.get(`/${request.params['*']}`);
    if (!entry) return reply.code(404).type('text/plain').send('fake zalo cdn: not found');
    if ('redirectTo' in entry) return reply.redirect(entry.redirectTo, 302);
    return reply.type(entry.contentType).send(entry.chunked ? Readable.from([entry.bytes]) : entry.bytes);
  });

  oaRoute('GET', '/v2.0/oa/getoa', (state) => success({ ...getOaData, oa_id: state.oaId, name: state.name }));

  const fake: FakeZalo = {
    app,
    events,

    get baseUrl(): string {
      if (address === null) throw new Error('fake zalo: not started');
      return address;
    },

    async start(port = 0, host = '127.0.0.1') {
      await app.listen({ port, host });
      const info = app.server.address() as AddressInfo;
      address = `http://${info.family === 'IPv6' ? `[${info.address}]` : info.address}:${info.port}`;
    },

    async close() {
      closing.abort();
      await app.close();
      address = null;
    },

    addOa(input) {
      if (oas.has(input.oaId)) throw new Error(`fake zalo: OA ${input.oaId} already added`);
      if (byAccessToken(input.accessToken))
        throw new Error('fake zalo: access token already used by another OA');
      oas.set(input.oaId, {
        oaId: input.oaId,
        appId: input.appId,
        appSecret: input.appSecret,
        name: input.name ?? getOaData.name,
        ttlSeconds: input.accessTokenTtlSeconds ?? ZALO_ACCESS_TOKEN_TTL_SECONDS,
        accessToken: input.accessToken,
        refreshToken: input.refreshToken,
        issuedAt: now(),
        expired: false,
        refreshes: 0,
        rateLimitedCalls: 0,
        quotaExceeded: false,
        tokenDead: false,
        echo: null,
        users: new Map(),
        outsideWindow: new Set(),
        notFollowers: new Set(),
      });
    },

    tokens(oaId) {
      const state = oa(oaId);
      return {
        accessToken: state.accessToken,
        refreshToken: state.refreshToken,
        expiresAt: new Date(state.issuedAt + state.ttlSeconds * 1000),
      };
    },

    refreshCount: (oaId) => oa(oaId).refreshes,

    expireAccessToken(oaId) {
      oa(oaId).expired = true;
    },

    setUser(oaId, userId, profile = {}) {
      const state = oa(oaId);
      const merged = { ...userProfile(state, userId), ...profile, user_id: userId };
      state.users.set(userId, merged);
      return merged;
    },

    setOutsideWindow(oaId, userId, outside) {
      const set = oa(oaId).outsideWindow;
      if (outside) set.add(userId);
      else set.delete(userId);
    },

    setNotFollower(oaId, userId, notFollower) {
      const set = oa(oaId).notFollowers;
      if (notFollower) set.add(userId);
      else set.delete(userId);
    },

    setRateLimited(oaId, calls) {
      oa(oaId).rateLimitedCalls = calls;
    },

    setQuotaExceeded(oaId, exceeded) {
      oa(oaId).quotaExceeded = exceeded;
    },

    killTokens(oaId) {
      oa(oaId).tokenDead = true;
    },

    reconsent(oaId) {
      const state = oa(oaId);
      state.tokenDead = false;
      state.expired = false;
      state.accessToken = `fake-at-${state.oaId}-consent-${hex(12)}`;
      state.refreshToken = `fake-rt-${state.oaId}-consent-${hex(12)}`;
      state.issuedAt = now();
      return { accessToken: state.accessToken, refreshToken: state.refreshToken };
    },

    startOutage(input) {
      outage = { until: now() + input.ms, mode: input.mode ?? 'http', httpStatus: input.httpStatus ?? 503 };
    },

    endOutage() {
      outage = null;
    },

    setEchoes(oaId, sink, echoOptions = {}) {
      const state = oa(oaId);
      state.echo = sink ? { sink, delayMs: echoOptions.delayMs ?? 0, chain: Promise.resolve() } : null;
    },

    failNext(rule) {
      failures.push({ path: rule.path, remaining: rule.times ?? 1, with: rule.with });
    },

    requests(filter = {}) {
      return recorded.filter(
        (r) =>
          (filter.method === undefined || r.method === filter.method.toUpperCase()) &&
          (filter.oaId === undefined || r.oaId === filter.oaId) &&
          (filter.path === undefined ||
            (typeof filter.path === 'string' ? r.path === filter.path : filter.path.test(r.path))),
      );
    },

    sentMessages(userId) {
      return sent.filter(
        (m) => (m.kind === 'cs' || m.kind === 'template') && (userId === undefined || m.userId === userId),
      );
    },

    textsTo(userId) {
      return sent
        .filter((m) => m.kind === 'cs' && m.userId === userId && m.text !== null)
        .map((m) => m.text ?? '');
    },

    uploads: () => [...uploaded],

    cdnUrl(cdnPath) {
      if (address === null) throw new Error('fake zalo: not started');
      return `${address}/cdn${cdnPath.startsWith('/') ? '' : '/'}${cdnPath}`;
    },

    putCdn(cdnPath, entry) {
      const key = cdnPath.startsWith('/') ? cdnPath : `/${cdnPath}`;
      cdn.set(key, entry);
      return address === null ? key : `${address}/cdn${key}`;
    },

    reset() {
      recorded = [];
      sent = [];
      uploaded = [];
      failures = [];
      znsSent = 0;
      outage = null;
      for (const state of oas.values()) {
        state.refreshes = 0;
        state.rateLimitedCalls = 0;
        state.quotaExceeded = false;
        state.tokenDead = false;
        state.outsideWindow.clear();
        state.notFollowers.clear();
      }
    },
  };

  controlRoutes(app, fake, { oaExists: (oaId) => oas.has(oaId) });
  return fake;
}

/**
 * The fake's own control plane, for tests that drive real server processes (the faults suite): the same
 * levers as the programmatic API. Bodies are JSON; a bad one is 400 with zod's issues.
 */
function controlRoutes(
  app: FastifyInstance,
  fake: FakeZalo,
  known: { oaExists: (oaId: string) => boolean },
): void {
  const parse = <T>(schema: z.ZodType<T>, body: unknown): T => {
    const result = schema.safeParse(body ?? {});
    if (!result.success) throw Object.assign(new Error(z.prettifyError(result.error)), { statusCode: 400 });
    return result.data;
  };
  const oaOf = (oaId: string) => {
    if (!known.oaExists(oaId)) throw Object.assign(new Error(`unknown OA ${oaId}`), { statusCode: 404 });
    return oaId;
  };
  const ok = { ok: true };
  app.post('/_fake/failures', (request) => {
    const input = parse(controlSchemas.failure, request.body);
    fake.failNext({
      path: input.pathPattern !== undefined ? new RegExp(input.pathPattern) : input.path,
      times: input.times,
      with: input.with,
    });
    return ok;
  });
  app.post('/_fake/outage', (request) => {
    fake.startOutage(parse(controlSchemas.outage, request.body));
    return ok;
  });
  app.delete('/_fake/outage', () => {
    fake.endOutage();
    return ok;
  });
  app.post('/_fake/quota', (request) => {
    const input = parse(controlSchemas.quota, request.body);
    fake.setQuotaExceeded(oaOf(input.oaId), input.exceeded);
    return ok;
  });
  app.post('/_fake/rate-limit', (request) => {
    const input = parse(controlSchemas.rateLimit, request.body);
    fake.setRateLimited(oaOf(input.oaId), input.calls);
    return ok;
  });
  app.post('/_fake/token-death', (request) => {
    fake.killTokens(oaOf(parse(controlSchemas.oa, request.body).oaId));
    return ok;
  });
  app.post('/_fake/reconsent', (request) =>
    fake.reconsent(oaOf(parse(controlSchemas.oa, request.body).oaId)),
  );
  app.post('/_fake/echoes', (request) => {
    const input = parse(controlSchemas.echoes, request.body);
    const { url, oaSecretKey } = input;
    if (url === null) {
      fake.setEchoes(oaOf(input.oaId), null);
      return ok;
    }
    if (oaSecretKey === undefined)
      throw Object.assign(new Error('oaSecretKey is required with a url'), { statusCode: 400 });
    fake.setEchoes(
      oaOf(input.oaId),
      async (event) => {
        const signed = signedWebhook(event, oaSecretKey);
        await fetch(url, { method: 'POST', headers: signed.headers, body: signed.rawBody });
      },
      { delayMs: input.delayMs },
    );
    return ok;
  });
  app.post('/_fake/reset', () => {
    fake.reset();
    return ok;
  });
  app.get('/_fake/sent', (request) => {
    const { userId } = parse(controlSchemas.filter, request.query);
    return { messages: fake.sentMessages(userId) };
  });
  app.get('/_fake/requests', (request) => {
    const { path } = parse(controlSchemas.filter, request.query);
    return {
      requests: fake.requests(path === undefined ? {} : { path }).map((r) => ({
        at: r.at,
        method: r.method,
        path: r.path,
        oaId: r.oaId,
        statusCode: r.response.statusCode,
      })),
    };
  });
}
