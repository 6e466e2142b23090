import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Expiring links to our copies: `/media/<key>?exp=<unix seconds>&sig=<HMAC-SHA256 of key and exp>`. Anyone with
 * the link may read the object until it expires, so links go only to staff and the case record, and the expiry
 * is rounded up to the hour so one object has one link per hour (stable message bodies, cache-friendly).
 */

export type LinkCheck = 'ok' | 'missing' | 'expired' | 'bad_signature';

function signature(secret: string, key: string, exp: number): Buffer {
  return createHmac('sha256', secret).update(`media\n${key}\n${exp}`).digest();
}

export function expiryFor(now: Date, ttlSeconds: number): number {
  return Math.ceil((now.getTime() / 1000 + ttlSeconds) / 3600) * 3600;
}

export function signedMediaUrl(input: { baseUrl: string; secret: string; key: string; exp: number }): string {
  const sig = signature(input.secret, input.key, input.exp).toString('base64url');
  return `${input.baseUrl.replace(/\/$/, '')}/media/${input.key}?exp=${input.exp}&sig=${sig}`;
}

export function checkMediaLink(input: {
  secret: string;
  key: string;
  exp: unknown;
  sig: unknown;
  now: Date;
}): LinkCheck {
  const { exp, sig } = input;
  if (typeof exp !== 'string' || typeof sig !== 'string' || !/^\d{1,12}$/.test(exp) || sig === '')
    return 'missing';
  const expected = signature(input.secret, input.key, Number(exp));
  const given = Buffer.from(sig, 'base64url');
  // Signature first: an expired link with a forged signature is a bad signature, not an expiry.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad_signature';
  if (Number(exp) * 1000 <= input.now.getTime()) return 'expired';
  return 'ok';
}
