import { userSendText } from '../src/dev/fake-zalo/events';
import { signatureHeaderValue } from '../src/zalo/signature';
import type { SignedBody } from './support';

export const APP_ID = '1000000000000000001';
export const APP_SECRET = 'BENCHappSecret0000001';
export const OA_ID = '2000000000000000002';
export const OA_SECRET = 'BENCHoaSecretKey0001';
export const ACCESS_TOKEN = 'BENCH-ACCESS-TOKEN-0001-xxxxxxxxxxxxxxx';
export const REFRESH_TOKEN = 'BENCH-REFRESH-TOKEN-0001-yyyyyyyyyyyyyy';

/** A resident's OA-scoped id: digits, like Zalo's (docs/zalo.md §0.4). */
export const residentId = (n: number) => `5${String(n).padStart(18, '0')}`;

/**
 * Signed `user_send_text` events, each with a fresh msg_id (so each is a real insert, not a duplicate),
 * `count` in all from `users` residents, interleaved so that consecutive requests come from different
 * residents (message k of every resident before message k+1 of any).
 */
export function signedTexts(count: number, users: number, text: (k: number) => string): SignedBody[] {
  const bodies: SignedBody[] = [];
  const now = String(Date.now());
  for (let i = 0; i < count; i++) {
    const event = userSendText({
      appId: APP_ID,
      oaId: OA_ID,
      userId: residentId(i % users),
      text: text(Math.floor(i / users)),
      timestamp: now,
    });
    const body = JSON.stringify(event);
    bodies.push({ body, signature: signatureHeaderValue(APP_ID, body, event.timestamp, OA_SECRET) });
  }
  return bodies;
}

/** The server's environment: production-like (info logs), its own database and BullMQ prefix. */
export function serverEnv(input: {
  role: 'api' | 'worker' | 'all';
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  zaloBaseUrl: string;
  extra?: Record<string, string>;
}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    ROLE: input.role,
    LOG_LEVEL: 'info',
    PUBLIC_BASE_URL: 'http://127.0.0.1',
    DATABASE_URL: input.databaseUrl,
    REDIS_URL: input.redisUrl,
    BULLMQ_PREFIX: input.prefix,
    ADMIN_TOKEN: 'bench-admin-token-0123456789abcdef',
    REPORT_LINK_SECRET: 'bench-report-link-secret-0123456789abcdef',
    MEDIA_URL_SECRET: 'bench-media-url-secret-0123456789abcdef',
    // Production requires the key that seals tokens at rest (issue 9's outbound work); a bench-only value.
    SECRETS_KEY: '62656e63682d6f6e6c792d6b65792d6e6f742d666f722d70726f64756374696f',
    ZALO_APP_ID: APP_ID,
    ZALO_APP_SECRET: APP_SECRET,
    ZALO_OA_SECRET_KEY: OA_SECRET,
    ZALO_OA_ID: OA_ID,
    ZALO_ACCESS_TOKEN: ACCESS_TOKEN,
    ZALO_REFRESH_TOKEN: REFRESH_TOKEN,
    ZALO_API_BASE_URL: input.zaloBaseUrl,
    ZALO_OAUTH_BASE_URL: input.zaloBaseUrl,
    ...input.extra,
  };
}
