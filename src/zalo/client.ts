import http from 'node:http';
import https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import type { Logger } from '../logger';
import { ZaloError } from './errors';
import { buttonsMessage, imageMessage, requestUserInfoMessage, textMessage, type ZaloButton } from './render';

/**
 * The only module that talks to Zalo. Every OA API call goes through `request()`: base URL from config, the
 * commune's access token in the bare `access_token` header (docs/zalo.md §0.1), errors in 200 bodies turned
 * into ZaloError (§0.2), one refresh-and-retry on a token error. No other retries: BullMQ owns backoff.
 * It logs method, commune, code and latency; never message text, user ids or tokens.
 *
 * Zalo's limit is per app and per minute (§8), so it is counted here, on every HTTP call (OA API, ZNS, OAuth),
 * in Redis across every process (rate-limiter-flexible), not on jobs: one outbound job sends many messages.
 * Over the limit a call waits up to a second, then fails as RateLimited (nothing sent) for the caller to come
 * back later. With Redis unreachable each process counts alone (the insurance limiter), so sends go on.
 */

export interface TokenProvider {
  get(communeId: number): Promise<string>;
  /** Called with the token Zalo refused; returns a fresh one (single-flight across processes). */
  refreshAfterError(communeId: number, refusedToken: string): Promise<string>;
}

export interface ZaloCallObservation {
  method: string;
  communeId: number | null;
  durationMs: number;
  outcome: 'ok' | 'error';
  zaloCode: number | null;
  /** The HTTP status of Zalo's answer (200 for an error in the body); null when no answer came. */
  httpStatus: number | null;
  errorKind: string | null;
}

export interface ZaloClientOptions {
  apiBaseUrl: string;
  oauthBaseUrl: string;
  timeoutMs: number;
  /** ZNS (template messages by phone) lives on its own host (docs/zalo.md §4); the OA token is the same. */
  znsBaseUrl?: string;
  logger: Logger;
  observe?: (observation: ZaloCallObservation) => void;
  /** Zalo calls a minute for the whole app, counted in Redis under `keyPrefix`; no limit when omitted. */
  rateLimit?: { redis: Redis; keyPrefix: string; perMinute: number };
}

const RATE_KEY = 'zalo-app';
const MAX_RATE_WAIT_MS = 1_000;
const MAX_RESERVATION = 20;

/**
 * Calls a process reserves at once: a 200th of the minute's limit (20 of Zalo's 4,000), at least 1. What a
 * process reserved and did not spend when the window ends is lost, at most this minus one per process and
 * minute, so it stays small beside the limit.
 */
export const reservationSize = (perMinute: number) =>
  Math.max(1, Math.min(MAX_RESERVATION, Math.floor(perMinute / 200)));

/**
 * Zalo's per-app limit, counted in Redis for every process. A process reserves `batch` calls in one Redis
 * round trip and spends them locally: a reservation counts in Redis the moment it is taken, so the app never
 * makes more calls in a window than the limit, while a send costs a Redis call only once every `batch` sends.
 * When the window has fewer than `batch` calls left, the reservation is refused but still counted (Redis
 * adds before it compares), so those last calls are this process's, and the window is full for the others.
 * Resolves when the call may go; over the limit it waits up to a second once, then throws RateLimited.
 */
export function createCallLimiter(
  options: NonNullable<ZaloClientOptions['rateLimit']>,
  batch = reservationSize(options.perMinute),
): () => Promise<void> {
  const limiter = new RateLimiterRedis({
    storeClient: options.redis,
    keyPrefix: `${options.keyPrefix}:zalo-rate`,
    points: options.perMinute,
    duration: 60,
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory({ points: options.perMinute, duration: 60 }),
  });
  let left = 0;
  let until = 0;
  type Reserved = { kind: 'ok' } | { kind: 'full'; msBeforeNext: number } | { kind: 'unavailable' };
  let reserving: Promise<Reserved> | null = null;

  const reserve = async (): Promise<Reserved> => {
    try {
      const res = await limiter.consume(RATE_KEY, batch);
      left = batch;
      until = Date.now() + res.msBeforeNext;
      return { kind: 'ok' };
    } catch (res) {
      // Neither Redis nor the insurance limiter answered: the call goes, as without a limiter.
      if (!(res instanceof RateLimiterRes)) return { kind: 'unavailable' };
      left = Math.max(0, options.perMinute - (res.consumedPoints - batch));
      until = Date.now() + res.msBeforeNext;
      return left > 0 ? { kind: 'ok' } : { kind: 'full', msBeforeNext: res.msBeforeNext };
    }
  };

  return async () => {
    for (let waited = false; ;) {
      if (left > 0 && Date.now() < until) {
        left--;
        return;
      }
      // One reservation at a time per process: concurrent sends share it.
      reserving ??= reserve().finally(() => {
        reserving = null;
      });
      const reserved = await reserving;
      if (reserved.kind === 'ok') continue;
      if (reserved.kind === 'unavailable') return;
      if (waited || reserved.msBeforeNext > MAX_RATE_WAIT_MS)
        throw ZaloError.throttled(reserved.msBeforeNext);
      waited = true;
      await sleep(reserved.msBeforeNext);
    }
  };
}

/** The `message` object of a consultation send (docs/zalo.md §3.1), kept as Zalo spells it. */
export type ZaloMessage = Record<string, unknown>;

export interface SendResult {
  messageId: string;
  quotaType: string | null;
}

export interface UserProfile {
  userId: string;
  displayName: string | null;
  isFollower: boolean | null;
  lastInteractionDate: string | null;
  sharedPhone: string | null;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresInSeconds: number;
}

const zaloEnvelope = z.looseObject({ error: z.coerce.number().optional(), message: z.string().optional() });
const sendData = z.looseObject({
  message_id: z.string(),
  quota: z.looseObject({ quota_type: z.string() }).optional(),
});
const uploadImageData = z.looseObject({ attachment_id: z.string() });
const znsData = z.looseObject({ msg_id: z.union([z.string(), z.number()]).transform(String) });
const userDetailData = z.looseObject({
  user_id: z.string(),
  display_name: z.string().optional(),
  user_is_follower: z.boolean().optional(),
  user_last_interaction_date: z.string().optional(),
  shared_info: z.looseObject({ phone: z.string().optional() }).nullish(),
});
const tokenResponse = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.union([z.string(), z.number()]).transform(Number),
});

export type ZaloClient = ReturnType<typeof createZaloClient>;

export function createZaloClient(options: ZaloClientOptions, tokens: TokenProvider) {
  const agentOptions = { keepAlive: true, maxSockets: 128 };
  const http_: AxiosInstance = axios.create({
    timeout: options.timeoutMs,
    httpAgent: new http.Agent(agentOptions),
    httpsAgent: new https.Agent(agentOptions),
    // Zalo reports errors in 200 bodies; we judge every status ourselves.
    validateStatus: () => true,
    maxRedirects: 0,
  });
  const log = options.logger.child({ module: 'zalo-client' });
  const throttle = options.rateLimit ? createCallLimiter(options.rateLimit) : () => Promise.resolve();
  // A lost refresh answer may cost the pair (docs/zalo.md §5): it gets longer than an ordinary call.
  const refreshTimeoutMs = Math.min(60_000, options.timeoutMs * 3);

  function observe(o: ZaloCallObservation): void {
    options.observe?.(o);
    if (o.outcome === 'error') log.warn({ zaloCall: o }, 'zalo call failed');
    else log.debug({ zaloCall: o }, 'zalo call');
  }

  async function send(config: {
    method: 'GET' | 'POST';
    url: string;
    data?: unknown;
    params?: Record<string, string>;
    headers?: Record<string, string>;
    timeout?: number;
  }): Promise<AxiosResponse<unknown>> {
    await throttle();
    try {
      return await http_.request({ ...config });
    } catch (err) {
      // The code only: axios errors carry the request (body, access token) and must not travel further.
      throw ZaloError.network((axios.isAxiosError(err) ? err.code : undefined) ?? 'ERR_UNKNOWN');
    }
  }

  /** Throws ZaloError for a non-2xx status or a negative `error`; returns the body otherwise. */
  function judge(response: AxiosResponse<unknown>): Record<string, unknown> {
    if (response.status < 200 || response.status >= 300) {
      const retryAfter = Number(response.headers['retry-after']);
      throw ZaloError.fromHttpStatus(response.status, Number.isFinite(retryAfter) ? retryAfter * 1000 : null);
    }
    const body = zaloEnvelope.safeParse(response.data);
    // A 2xx we cannot read may still be an accepted send.
    if (!body.success)
      throw new ZaloError(
        'Other',
        'zalo answered an unreadable body',
        null,
        response.status,
        false,
        null,
        true,
      );
    const code = body.data.error ?? 0;
    if (code !== 0) throw ZaloError.fromZaloCode(code, body.data.message ?? '');
    return body.data;
  }

  async function request<T>(
    method: string,
    communeId: number,
    config: {
      method: 'GET' | 'POST';
      path: string;
      data?: unknown;
      params?: Record<string, string>;
      headers?: Record<string, string>;
      baseUrl?: string;
    },
    data: z.ZodType<T>,
  ): Promise<T> {
    const started = performance.now();
    const attempt = async (token: string): Promise<T> => {
      const response = await send({
        method: config.method,
        url: (config.baseUrl ?? options.apiBaseUrl) + config.path,
        data: config.data,
        params: config.params,
        headers: { access_token: token, ...config.headers },
      });
      const body = judge(response);
      const parsed = data.safeParse(body.data);
      if (!parsed.success)
        throw new ZaloError(
          'Other',
          `zalo ${method}: unexpected data shape`,
          0,
          response.status,
          false,
          null,
          true,
        );
      return parsed.data;
    };
    try {
      const token = await tokens.get(communeId);
      let result: T;
      try {
        result = await attempt(token);
      } catch (err) {
        if (!(err instanceof ZaloError) || err.kind !== 'TokenInvalid') throw err;
        // The token was refused: refresh once (single-flight) and try once more, never in a loop (§5).
        result = await attempt(await tokens.refreshAfterError(communeId, token));
      }
      observe({
        method,
        communeId,
        durationMs: performance.now() - started,
        outcome: 'ok',
        zaloCode: 0,
        httpStatus: 200,
        errorKind: null,
      });
      return result;
    } catch (err) {
      const zaloErr = err instanceof ZaloError ? err : null;
      observe({
        method,
        communeId,
        durationMs: performance.now() - started,
        outcome: 'error',
        zaloCode: zaloErr?.zaloCode ?? null,
        httpStatus: zaloErr?.httpStatus ?? null,
        errorKind: zaloErr?.kind ?? 'Unexpected',
      });
      throw err;
    }
  }

  async function sendMessage(communeId: number, userId: string, message: ZaloMessage): Promise<SendResult> {
    const result = await request(
      'message.cs',
      communeId,
      { method: 'POST', path: '/v3.0/oa/message/cs', data: { recipient: { user_id: userId }, message } },
      sendData,
    );
    return { messageId: result.message_id, quotaType: result.quota?.quota_type ?? null };
  }

  return {
    sendMessage,

    sendText(communeId: number, userId: string, text: string): Promise<SendResult> {
      return sendMessage(communeId, userId, textMessage(text));
    },

    sendButtons(communeId: number, userId: string, text: string, buttons: ZaloButton[]): Promise<SendResult> {
      return sendMessage(communeId, userId, buttonsMessage(text, buttons));
    },

    sendImage(
      communeId: number,
      userId: string,
      image: { url: string } | { attachmentId: string },
      caption?: string,
    ) {
      return sendMessage(communeId, userId, imageMessage(image, caption));
    },

    requestUserInfo(
      communeId: number,
      userId: string,
      element: { title: string; subtitle: string; imageUrl: string },
    ) {
      return sendMessage(communeId, userId, requestUserInfoMessage(element));
    },

    /**
     * A pre-approved ZNS template by phone: the one way to reach a resident outside the 7-day window
     * (docs/zalo.md §4). `phone` is digits with the country code and no plus (84…); `templateData` must carry
     * exactly the template's parameters; `trackingId` comes back in ZNS delivery events.
     */
    async sendZnsTemplate(
      communeId: number,
      input: { phone: string; templateId: string; templateData: Record<string, string>; trackingId: string },
    ): Promise<{ messageId: string }> {
      const result = await request(
        'zns.template',
        communeId,
        {
          method: 'POST',
          baseUrl: options.znsBaseUrl ?? 'https://business.openapi.zalo.me',
          path: '/message/template',
          data: {
            phone: input.phone,
            template_id: input.templateId,
            template_data: input.templateData,
            tracking_id: input.trackingId,
          },
        },
        znsData,
      );
      return { messageId: result.msg_id };
    },

    async uploadImage(
      communeId: number,
      bytes: Buffer,
      fileName: string,
      contentType: string,
    ): Promise<string> {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(bytes)], { type: contentType }), fileName);
      const result = await request(
        'upload.image',
        communeId,
        { method: 'POST', path: '/v2.0/oa/upload/image', data: form },
        uploadImageData,
      );
      return result.attachment_id;
    },

    async getUserProfile(communeId: number, userId: string): Promise<UserProfile> {
      const result = await request(
        'user.detail',
        communeId,
        {
          method: 'GET',
          path: '/v3.0/oa/user/detail',
          params: { data: JSON.stringify({ user_id: userId }) },
        },
        userDetailData,
      );
      return {
        userId: result.user_id,
        displayName: result.display_name ?? null,
        isFollower: result.user_is_follower ?? null,
        lastInteractionDate: result.user_last_interaction_date ?? null,
        sharedPhone: result.shared_info?.phone ?? null,
      };
    },

    /** Exchanges a refresh token (single use: it rotates, docs/zalo.md §5). Callers must hold the refresh lock. */
    async refreshAccessToken(app: {
      appId: string;
      appSecret: string;
      refreshToken: string;
    }): Promise<TokenPair> {
      const started = performance.now();
      try {
        const response = await send({
          method: 'POST',
          url: `${options.oauthBaseUrl}/v4/oa/access_token`,
          data: new URLSearchParams({
            app_id: app.appId,
            grant_type: 'refresh_token',
            refresh_token: app.refreshToken,
          }).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded', secret_key: app.appSecret },
          timeout: refreshTimeoutMs,
        });
        const body = judge(response);
        const tokens_ = tokenResponse.safeParse(body);
        if (!tokens_.success)
          throw new ZaloError(
            'Other',
            'zalo token refresh: unexpected body',
            0,
            response.status,
            false,
            null,
            true,
          );
        observe({
          method: 'oauth.refresh',
          communeId: null,
          durationMs: performance.now() - started,
          outcome: 'ok',
          zaloCode: 0,
          httpStatus: 200,
          errorKind: null,
        });
        return {
          accessToken: tokens_.data.access_token,
          refreshToken: tokens_.data.refresh_token,
          expiresInSeconds: tokens_.data.expires_in,
        };
      } catch (err) {
        const zaloErr = err instanceof ZaloError ? err : null;
        observe({
          method: 'oauth.refresh',
          communeId: null,
          durationMs: performance.now() - started,
          outcome: 'error',
          zaloCode: zaloErr?.zaloCode ?? null,
          httpStatus: zaloErr?.httpStatus ?? null,
          errorKind: zaloErr?.kind ?? 'Unexpected',
        });
        throw err;
      }
    },
  };
}
